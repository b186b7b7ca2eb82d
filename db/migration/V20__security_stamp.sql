-- Issue 13: a per-account security stamp. Disabling, re-roling, moving to another site and any
-- password reset or change increment it; every request compares the stamp its session was signed
-- in with against this column (read from the database, so it holds on every app node).
ALTER TABLE app_user ADD COLUMN security_stamp INT NOT NULL DEFAULT 0;
