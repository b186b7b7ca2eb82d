-- Personal access tokens for scripted, read-only access to /api/v1 (issue 12). Only the SHA-256 of
-- a token is stored; the token itself is shown once when it is created. A token ends at expires_at
-- or when revoked; every use is written to the audit log.
CREATE TABLE api_token (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    user_id       BIGINT       NOT NULL,
    label         VARCHAR(80)  NOT NULL,
    token_hash    CHAR(64)     NOT NULL,
    token_prefix  VARCHAR(12)  NOT NULL,
    scope         VARCHAR(20)  NOT NULL,
    created_at    TIMESTAMP(3) NOT NULL,
    created_by    VARCHAR(60)  NOT NULL,
    expires_at    TIMESTAMP(3) NOT NULL,
    revoked_at    TIMESTAMP(3),
    last_used_at  TIMESTAMP(3),
    version       INT          NOT NULL DEFAULT 0,
    CONSTRAINT pk_api_token PRIMARY KEY (id),
    CONSTRAINT uq_api_token_hash UNIQUE (token_hash),
    CONSTRAINT fk_api_token_user FOREIGN KEY (user_id) REFERENCES app_user (id),
    CONSTRAINT ck_api_token_scope CHECK (scope IN ('READ'))
);
CREATE INDEX ix_api_token_user ON api_token (user_id);
