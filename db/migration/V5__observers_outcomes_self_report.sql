-- Observers, outcome timepoints and member self-report.

-- An observer account rates the sessions of the groups it is assigned to.
ALTER TABLE app_user DROP CONSTRAINT ck_app_user_role;
ALTER TABLE app_user ADD CONSTRAINT ck_app_user_role CHECK (role IN ('ADMIN', 'FACILITATOR', 'RESEARCHER', 'OBSERVER'));

CREATE TABLE group_observer (
    group_id     BIGINT       NOT NULL,
    user_id      BIGINT       NOT NULL,
    assigned_at  TIMESTAMP(3) NOT NULL,
    CONSTRAINT pk_group_observer PRIMARY KEY (group_id, user_id),
    CONSTRAINT fk_group_observer_group FOREIGN KEY (group_id) REFERENCES therapy_group (id),
    CONSTRAINT fk_group_observer_user FOREIGN KEY (user_id) REFERENCES app_user (id)
);
CREATE INDEX ix_group_observer_user ON group_observer (user_id);

-- Outcome forms at the plan's timepoints that are not sessions: baseline (before the first
-- session), post (after the last) and follow-ups (weeks after the last; 0 for baseline and post).
CREATE TABLE outcome_rating (
    id                 BIGINT        NOT NULL AUTO_INCREMENT,
    group_id           BIGINT        NOT NULL,
    member_id          BIGINT        NOT NULL,
    instrument_code    VARCHAR(40)   NOT NULL,
    instrument_version INT           NOT NULL,
    timepoint          VARCHAR(10)   NOT NULL,
    follow_up_week     INT           NOT NULL,
    responses          VARCHAR(2000) NOT NULL,
    total_score        DOUBLE,
    subscale_scores    VARCHAR(2000),
    missing_items      INT           NOT NULL,
    entered_by         VARCHAR(60)   NOT NULL,
    version            INT           NOT NULL DEFAULT 0,
    created_at         TIMESTAMP(3)  NOT NULL,
    updated_at         TIMESTAMP(3)  NOT NULL,
    CONSTRAINT pk_outcome_rating PRIMARY KEY (id),
    CONSTRAINT uq_outcome_rating UNIQUE (member_id, instrument_code, timepoint, follow_up_week),
    CONSTRAINT fk_outcome_rating_group FOREIGN KEY (group_id) REFERENCES therapy_group (id),
    CONSTRAINT fk_outcome_rating_member FOREIGN KEY (member_id) REFERENCES member (id),
    CONSTRAINT ck_outcome_rating_timepoint CHECK (timepoint IN ('BASELINE', 'POST', 'FOLLOW_UP')),
    CONSTRAINT ck_outcome_rating_week CHECK ((timepoint = 'FOLLOW_UP' AND follow_up_week >= 1) OR (timepoint <> 'FOLLOW_UP' AND follow_up_week = 0))
);
CREATE INDEX ix_outcome_rating_group ON outcome_rating (group_id);

-- Self-report on members' own phones. A leader opens a window for a session; each member present
-- gets a personal link and a PIN (only their SHA-256 hashes are stored, the plain values are shown
-- to the leader once). Both stop working at expires_at or when the leader closes the window.
CREATE TABLE self_report_window (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    session_id  BIGINT       NOT NULL,
    access_key  VARCHAR(16)  NOT NULL,
    opened_by   VARCHAR(60)  NOT NULL,
    opened_at   TIMESTAMP(3) NOT NULL,
    expires_at  TIMESTAMP(3) NOT NULL,
    closed_at   TIMESTAMP(3),
    CONSTRAINT pk_self_report_window PRIMARY KEY (id),
    CONSTRAINT uq_self_report_window_key UNIQUE (access_key),
    CONSTRAINT fk_self_report_window_session FOREIGN KEY (session_id) REFERENCES group_session (id)
);
CREATE INDEX ix_self_report_window_session ON self_report_window (session_id);

CREATE TABLE self_report_pass (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    window_id       BIGINT       NOT NULL,
    member_id       BIGINT       NOT NULL,
    pin_hash        CHAR(64)     NOT NULL,
    link_hash       CHAR(64)     NOT NULL,
    failed_attempts INT          NOT NULL DEFAULT 0,
    submitted_at    TIMESTAMP(3),
    CONSTRAINT pk_self_report_pass PRIMARY KEY (id),
    CONSTRAINT uq_self_report_pass_member UNIQUE (window_id, member_id),
    CONSTRAINT uq_self_report_pass_link UNIQUE (link_hash),
    CONSTRAINT fk_self_report_pass_window FOREIGN KEY (window_id) REFERENCES self_report_window (id),
    CONSTRAINT fk_self_report_pass_member FOREIGN KEY (member_id) REFERENCES member (id)
);
