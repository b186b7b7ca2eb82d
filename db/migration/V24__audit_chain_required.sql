-- Every audit row is chained from now on (V23 back-filled the older ones).
ALTER TABLE audit_log MODIFY COLUMN prev_hash CHAR(64) NOT NULL;
ALTER TABLE audit_log MODIFY COLUMN row_hash CHAR(64) NOT NULL;
