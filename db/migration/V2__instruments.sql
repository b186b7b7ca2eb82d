-- Instrument library: every version of every definition, stored as its validated JSON document
-- (format groupalliance-instrument/1, docs/instrument-format.md). A new version is a new row;
-- rows are never changed except to retire them, so recorded scores keep their definition.

CREATE TABLE instrument (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    code            VARCHAR(40)  NOT NULL,
    definition_version INT       NOT NULL,
    name            VARCHAR(200) NOT NULL,
    construct       VARCHAR(20)  NOT NULL,
    definition_json TEXT         NOT NULL,
    built_in        BOOLEAN      NOT NULL DEFAULT FALSE,
    retired         BOOLEAN      NOT NULL DEFAULT FALSE,
    version         INT          NOT NULL DEFAULT 0,
    created_at      TIMESTAMP(3) NOT NULL,
    created_by      VARCHAR(60)  NOT NULL,
    CONSTRAINT pk_instrument PRIMARY KEY (id),
    CONSTRAINT uq_instrument_code_version UNIQUE (code, definition_version),
    CONSTRAINT ck_instrument_version CHECK (definition_version >= 1)
);
CREATE INDEX ix_instrument_code ON instrument (code);
