-- The per-installation key of research ids (HMAC-SHA256 of internal ids; docs/decisions/0008).
-- One row, created on first start; never exported. Losing it means new research ids from then on.
CREATE TABLE research_secret (
    id          INT          NOT NULL,
    secret_hex  CHAR(64)     NOT NULL,
    created_at  TIMESTAMP(3) NOT NULL,
    CONSTRAINT pk_research_secret PRIMARY KEY (id),
    CONSTRAINT ck_research_secret_one CHECK (id = 1)
);
