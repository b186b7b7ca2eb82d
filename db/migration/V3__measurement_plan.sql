-- A group's measurement plan: which instrument is completed, by whom, at which sessions, and for
-- outcome instruments at which timepoints. One row per instrument per group.

CREATE TABLE plan_entry (
    id               BIGINT       NOT NULL AUTO_INCREMENT,
    group_id         BIGINT       NOT NULL,
    instrument_code  VARCHAR(40)  NOT NULL,
    raters           VARCHAR(40)  NOT NULL,
    schedule_kind    VARCHAR(20)  NOT NULL,
    every_k          INT,
    session_list     VARCHAR(400),
    phase_list       VARCHAR(40),
    at_baseline      BOOLEAN      NOT NULL DEFAULT FALSE,
    at_post          BOOLEAN      NOT NULL DEFAULT FALSE,
    follow_up_weeks  VARCHAR(100),
    version          INT          NOT NULL DEFAULT 0,
    CONSTRAINT pk_plan_entry PRIMARY KEY (id),
    CONSTRAINT uq_plan_entry UNIQUE (group_id, instrument_code),
    CONSTRAINT fk_plan_entry_group FOREIGN KEY (group_id) REFERENCES therapy_group (id),
    CONSTRAINT ck_plan_entry_kind CHECK (schedule_kind IN ('EVERY_SESSION', 'EVERY_KTH', 'SESSIONS', 'PHASES', 'NONE'))
);
