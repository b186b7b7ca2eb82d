-- Issue 13: throttles that hold across app nodes live in the database. One row per (kind, key):
-- failed logins per username and per client address, wrong self-report PINs per address, and the
-- per-address-and-minute counter that keeps the audit log readable under attack. Rows whose
-- window and lock have passed are purged, so the table stays small.
CREATE TABLE attempt_throttle (
    kind          VARCHAR(20)  NOT NULL,
    throttle_key  VARCHAR(120) NOT NULL,
    failures      INT          NOT NULL DEFAULT 0,
    window_start  TIMESTAMP(3) NOT NULL,
    locked_until  TIMESTAMP(3),
    CONSTRAINT pk_attempt_throttle PRIMARY KEY (kind, throttle_key)
);
CREATE INDEX ix_attempt_throttle_window ON attempt_throttle (window_start);

-- wrong PINs (and unknown member codes) entered against one self-report window
ALTER TABLE self_report_window ADD COLUMN wrong_pins INT NOT NULL DEFAULT 0;
