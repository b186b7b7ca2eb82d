-- Tamper evidence for the audit log (decision 0022): every row holds the SHA-256 of its content and
-- of the previous row's hash (base.AuditHash). V23 (Java) back-fills the rows written before this,
-- in id order, and writes the chain head; V24 makes the columns required.
ALTER TABLE audit_log ADD COLUMN prev_hash CHAR(64);
ALTER TABLE audit_log ADD COLUMN row_hash CHAR(64);

-- One row: the id and hash of the last audit row. Every writer locks it (SELECT ... FOR UPDATE)
-- inside its transaction, so rows are chained one after the other even with concurrent writers.
CREATE TABLE audit_chain_head (
    id         INT      NOT NULL,
    last_id    BIGINT,
    last_hash  CHAR(64) NOT NULL,
    CONSTRAINT pk_audit_chain_head PRIMARY KEY (id),
    CONSTRAINT ck_audit_chain_head_single CHECK (id = 1)
);
