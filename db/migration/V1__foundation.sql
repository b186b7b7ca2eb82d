-- GroupAlliance foundation: sites, accounts, audit log and the group roster.
-- Portable across MariaDB 10.11+, MySQL 8 and H2 (MySQL mode); also parsed by jOOQ's DDLDatabase.
-- Every table users edit carries a version column for optimistic locking.

CREATE TABLE site (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    name        VARCHAR(120) NOT NULL,
    version     INT          NOT NULL DEFAULT 0,
    created_at  TIMESTAMP(3) NOT NULL,
    CONSTRAINT pk_site PRIMARY KEY (id),
    CONSTRAINT uq_site_name UNIQUE (name)
);

CREATE TABLE app_user (
    id                BIGINT       NOT NULL AUTO_INCREMENT,
    username          VARCHAR(60)  NOT NULL,
    full_name         VARCHAR(120) NOT NULL,
    password_hash     VARCHAR(255) NOT NULL,
    role              VARCHAR(20)  NOT NULL,
    enabled           BOOLEAN      NOT NULL DEFAULT TRUE,
    site_id           BIGINT,
    version           INT          NOT NULL DEFAULT 0,
    created_at        TIMESTAMP(3) NOT NULL,
    password_changed_at TIMESTAMP(3),
    CONSTRAINT pk_app_user PRIMARY KEY (id),
    CONSTRAINT uq_app_user_username UNIQUE (username),
    CONSTRAINT fk_app_user_site FOREIGN KEY (site_id) REFERENCES site (id),
    CONSTRAINT ck_app_user_role CHECK (role IN ('ADMIN', 'FACILITATOR', 'RESEARCHER'))
);

-- Append-only: the application only ever inserts here (see docs/decisions/0003-audit-log.md).
CREATE TABLE audit_log (
    id           BIGINT       NOT NULL AUTO_INCREMENT,
    occurred_at  TIMESTAMP(3) NOT NULL,
    actor        VARCHAR(60)  NOT NULL,
    action       VARCHAR(30)  NOT NULL,
    entity_type  VARCHAR(40)  NOT NULL,
    entity_id    VARCHAR(60),
    group_id     BIGINT,
    summary      VARCHAR(500),
    before_value TEXT,
    after_value  TEXT,
    CONSTRAINT pk_audit_log PRIMARY KEY (id)
);
CREATE INDEX ix_audit_log_occurred ON audit_log (occurred_at);
CREATE INDEX ix_audit_log_entity ON audit_log (entity_type, entity_id);
CREATE INDEX ix_audit_log_actor ON audit_log (actor);

CREATE TABLE therapy_group (
    id               BIGINT       NOT NULL AUTO_INCREMENT,
    site_id          BIGINT       NOT NULL,
    name             VARCHAR(120) NOT NULL,
    modality         VARCHAR(30)  NOT NULL,
    format           VARCHAR(20)  NOT NULL,
    planned_sessions INT          NOT NULL,
    start_date       DATE         NOT NULL,
    early_from       INT          NOT NULL,
    early_to         INT          NOT NULL,
    middle_from      INT          NOT NULL,
    middle_to        INT          NOT NULL,
    late_from        INT          NOT NULL,
    late_to          INT          NOT NULL,
    version          INT          NOT NULL DEFAULT 0,
    created_at       TIMESTAMP(3) NOT NULL,
    CONSTRAINT pk_therapy_group PRIMARY KEY (id),
    CONSTRAINT fk_therapy_group_site FOREIGN KEY (site_id) REFERENCES site (id),
    CONSTRAINT ck_therapy_group_format CHECK (format IN ('CLOSED', 'OPEN')),
    CONSTRAINT ck_therapy_group_planned CHECK (planned_sessions BETWEEN 3 AND 500),
    CONSTRAINT ck_therapy_group_phases CHECK (early_from = 1 AND early_from <= early_to
        AND middle_from = early_to + 1 AND middle_from <= middle_to
        AND late_from = middle_to + 1 AND late_from <= late_to AND late_to = planned_sessions)
);
CREATE INDEX ix_therapy_group_site ON therapy_group (site_id);

CREATE TABLE group_leader (
    group_id   BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    CONSTRAINT pk_group_leader PRIMARY KEY (group_id, user_id),
    CONSTRAINT fk_group_leader_group FOREIGN KEY (group_id) REFERENCES therapy_group (id),
    CONSTRAINT fk_group_leader_user FOREIGN KEY (user_id) REFERENCES app_user (id)
);
CREATE INDEX ix_group_leader_user ON group_leader (user_id);

CREATE TABLE member (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    group_id        BIGINT       NOT NULL,
    site_id         BIGINT       NOT NULL,
    member_code     VARCHAR(20)  NOT NULL,
    display_name    VARCHAR(120),
    joined_session  INT          NOT NULL,
    left_session    INT,
    end_status      VARCHAR(20)  NOT NULL,
    end_reason      VARCHAR(500),
    version         INT          NOT NULL DEFAULT 0,
    created_at      TIMESTAMP(3) NOT NULL,
    CONSTRAINT pk_member PRIMARY KEY (id),
    CONSTRAINT uq_member_site_code UNIQUE (site_id, member_code),
    CONSTRAINT fk_member_group FOREIGN KEY (group_id) REFERENCES therapy_group (id),
    CONSTRAINT fk_member_site FOREIGN KEY (site_id) REFERENCES site (id),
    CONSTRAINT ck_member_span CHECK (joined_session >= 1 AND (left_session IS NULL OR left_session >= joined_session)),
    CONSTRAINT ck_member_status CHECK (end_status IN ('ONGOING', 'COMPLETED', 'DROPPED_OUT', 'TRANSFERRED'))
);
CREATE INDEX ix_member_group ON member (group_id);

CREATE TABLE subgroup (
    id        BIGINT       NOT NULL AUTO_INCREMENT,
    group_id  BIGINT       NOT NULL,
    name      VARCHAR(80)  NOT NULL,
    version   INT          NOT NULL DEFAULT 0,
    CONSTRAINT pk_subgroup PRIMARY KEY (id),
    CONSTRAINT uq_subgroup_name UNIQUE (group_id, name),
    CONSTRAINT fk_subgroup_group FOREIGN KEY (group_id) REFERENCES therapy_group (id)
);

CREATE TABLE subgroup_member (
    id                 BIGINT NOT NULL AUTO_INCREMENT,
    subgroup_id        BIGINT NOT NULL,
    member_id          BIGINT NOT NULL,
    valid_from_session INT    NOT NULL,
    valid_to_session   INT,
    CONSTRAINT pk_subgroup_member PRIMARY KEY (id),
    CONSTRAINT fk_subgroup_member_subgroup FOREIGN KEY (subgroup_id) REFERENCES subgroup (id),
    CONSTRAINT fk_subgroup_member_member FOREIGN KEY (member_id) REFERENCES member (id),
    CONSTRAINT ck_subgroup_member_span CHECK (valid_from_session >= 1 AND (valid_to_session IS NULL OR valid_to_session >= valid_from_session))
);
CREATE INDEX ix_subgroup_member_subgroup ON subgroup_member (subgroup_id);
CREATE INDEX ix_subgroup_member_member ON subgroup_member (member_id);

CREATE TABLE group_session (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    group_id        BIGINT       NOT NULL,
    session_number  INT          NOT NULL,
    session_date    DATE         NOT NULL,
    note            VARCHAR(2000),
    version         INT          NOT NULL DEFAULT 0,
    CONSTRAINT pk_group_session PRIMARY KEY (id),
    CONSTRAINT uq_group_session_number UNIQUE (group_id, session_number),
    CONSTRAINT fk_group_session_group FOREIGN KEY (group_id) REFERENCES therapy_group (id),
    CONSTRAINT ck_group_session_number CHECK (session_number >= 1)
);

CREATE TABLE attendance (
    session_id  BIGINT      NOT NULL,
    member_id   BIGINT      NOT NULL,
    status      VARCHAR(20) NOT NULL,
    version     INT         NOT NULL DEFAULT 0,
    CONSTRAINT pk_attendance PRIMARY KEY (session_id, member_id),
    CONSTRAINT fk_attendance_session FOREIGN KEY (session_id) REFERENCES group_session (id),
    CONSTRAINT fk_attendance_member FOREIGN KEY (member_id) REFERENCES member (id),
    CONSTRAINT ck_attendance_status CHECK (status IN ('PRESENT', 'ABSENT', 'LATE', 'LEFT_EARLY'))
);
CREATE INDEX ix_attendance_member ON attendance (member_id);
