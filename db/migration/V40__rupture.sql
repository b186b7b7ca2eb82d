-- Rupture alerts and the repair workflow (docs/decisions/0007-rupture-alerts.md).

-- An alert raised by a rule at a session. alert_key (group|session|instrument|rule|subject) makes
-- evaluation idempotent: evaluating the same ratings again finds the same keys. An alert whose
-- rule no longer fires after a rating was corrected is withdrawn (kept, not deleted).
CREATE TABLE rupture_alert (
    id               BIGINT        NOT NULL AUTO_INCREMENT,
    group_id         BIGINT        NOT NULL,
    session_id       BIGINT        NOT NULL,
    session_number   INT           NOT NULL,
    instrument_code  VARCHAR(40)   NOT NULL,
    rule_code        VARCHAR(20)   NOT NULL,
    subject          VARCHAR(120)  NOT NULL,
    member_id        BIGINT,
    alert_key        VARCHAR(300)  NOT NULL,
    alert_text       VARCHAR(1000) NOT NULL,
    from_member      BOOLEAN       NOT NULL,
    created_at       TIMESTAMP(3)  NOT NULL,
    withdrawn_at     TIMESTAMP(3),
    dismissed_at     TIMESTAMP(3),
    dismissed_by     VARCHAR(60),
    dismiss_reason   VARCHAR(500),
    record_id        BIGINT,
    version          INT           NOT NULL DEFAULT 0,
    CONSTRAINT pk_rupture_alert PRIMARY KEY (id),
    CONSTRAINT uq_rupture_alert_key UNIQUE (alert_key),
    CONSTRAINT fk_rupture_alert_group FOREIGN KEY (group_id) REFERENCES therapy_group (id),
    CONSTRAINT fk_rupture_alert_session FOREIGN KEY (session_id) REFERENCES group_session (id),
    CONSTRAINT fk_rupture_alert_member FOREIGN KEY (member_id) REFERENCES member (id)
);
CREATE INDEX ix_rupture_alert_group ON rupture_alert (group_id, created_at);
CREATE INDEX ix_rupture_alert_session ON rupture_alert (session_id);

-- A rupture record: opened from an alert or by hand; the nine-step repair model's steps 1-8 are
-- rows of rupture_step, step 9 is the outcome on closing.
CREATE TABLE rupture_record (
    id               BIGINT        NOT NULL AUTO_INCREMENT,
    group_id         BIGINT        NOT NULL,
    alert_id         BIGINT,
    with_kind        VARCHAR(12)   NOT NULL,
    member_id        BIGINT,
    subgroup_id      BIGINT,
    marker           VARCHAR(14)   NOT NULL,
    noticed_session  INT           NOT NULL,
    plan_next        VARCHAR(2000),
    plan_where       VARCHAR(12),
    state            VARCHAR(12)   NOT NULL,
    outcome          VARCHAR(16),
    closed_session   INT,
    created_at       TIMESTAMP(3)  NOT NULL,
    created_by       VARCHAR(60)   NOT NULL,
    updated_at       TIMESTAMP(3)  NOT NULL,
    version          INT           NOT NULL DEFAULT 0,
    CONSTRAINT pk_rupture_record PRIMARY KEY (id),
    CONSTRAINT fk_rupture_record_group FOREIGN KEY (group_id) REFERENCES therapy_group (id),
    CONSTRAINT fk_rupture_record_alert FOREIGN KEY (alert_id) REFERENCES rupture_alert (id),
    CONSTRAINT fk_rupture_record_member FOREIGN KEY (member_id) REFERENCES member (id),
    CONSTRAINT fk_rupture_record_subgroup FOREIGN KEY (subgroup_id) REFERENCES subgroup (id),
    CONSTRAINT ck_rupture_record_with CHECK (with_kind IN ('MEMBER', 'SUBGROUP', 'WHOLE_GROUP')),
    CONSTRAINT ck_rupture_record_marker CHECK (marker IN ('WITHDRAWAL', 'CONFRONTATION')),
    CONSTRAINT ck_rupture_record_where CHECK (plan_where IS NULL OR plan_where IN ('IN_GROUP', 'ONE_TO_ONE')),
    CONSTRAINT ck_rupture_record_state CHECK (state IN ('OPEN', 'IN_PROGRESS', 'CLOSED')),
    CONSTRAINT ck_rupture_record_outcome CHECK (outcome IS NULL OR outcome IN ('REPAIRED', 'UNREPAIRED', 'PLANNED_ENDING', 'DROPPED_OUT'))
);
CREATE INDEX ix_rupture_record_group ON rupture_record (group_id);

CREATE TABLE rupture_step (
    record_id       BIGINT        NOT NULL,
    step            INT           NOT NULL,
    done            BOOLEAN       NOT NULL,
    note            VARCHAR(2000),
    session_number  INT,
    CONSTRAINT pk_rupture_step PRIMARY KEY (record_id, step),
    CONSTRAINT fk_rupture_step_record FOREIGN KEY (record_id) REFERENCES rupture_record (id),
    CONSTRAINT ck_rupture_step CHECK (step BETWEEN 1 AND 8)
);

-- A group's own drop and group-mean fall for an instrument, replacing the instrument's defaults.
CREATE TABLE rupture_setting (
    group_id         BIGINT        NOT NULL,
    instrument_code  VARCHAR(40)   NOT NULL,
    drop_of          DOUBLE,
    group_fall_of    DOUBLE,
    version          INT           NOT NULL DEFAULT 0,
    CONSTRAINT pk_rupture_setting PRIMARY KEY (group_id, instrument_code),
    CONSTRAINT fk_rupture_setting_group FOREIGN KEY (group_id) REFERENCES therapy_group (id)
);

-- A leader's address for "something needs attention" e-mails (no clinical content is ever sent).
CREATE TABLE rupture_mail_address (
    user_id          BIGINT        NOT NULL,
    email            VARCHAR(254)  NOT NULL,
    CONSTRAINT pk_rupture_mail_address PRIMARY KEY (user_id),
    CONSTRAINT fk_rupture_mail_address_user FOREIGN KEY (user_id) REFERENCES app_user (id)
);
