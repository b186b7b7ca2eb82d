-- Planned forms: one row per session x instrument x rater x target that the group's plan asks for,
-- given who was expected at the session (attendance taken, member present/late/left early) and which
-- subgroups existed. A MEMBER row names the member; LEADER and OBSERVER rows stand for "a leader" /
-- "an observer" of the group (rater ids NULL). Received = a rating with the same session, instrument,
-- rater kind, rater member (if named) and target; missing = planned and not received; not planned =
-- a rating with no row here. Derived data, rebuilt by capture.ExpectedForms (docs/data-model.md), so
-- deleting a session deletes its rows. (Only the session key cascades: MySQL 8 refuses a referential
-- action on a column a CHECK uses.)
CREATE TABLE expected_form (
    id                 BIGINT       NOT NULL AUTO_INCREMENT,
    group_id           BIGINT       NOT NULL,
    session_id         BIGINT       NOT NULL,
    instrument_code    VARCHAR(40)  NOT NULL,
    rater_kind         VARCHAR(10)  NOT NULL,
    rater_member_id    BIGINT,
    target_kind        VARCHAR(12)  NOT NULL,
    target_member_id   BIGINT,
    target_subgroup_id BIGINT,
    form_key           VARCHAR(200) NOT NULL,
    CONSTRAINT pk_expected_form PRIMARY KEY (id),
    CONSTRAINT uq_expected_form_key UNIQUE (form_key),
    CONSTRAINT fk_expected_form_session_group FOREIGN KEY (session_id, group_id) REFERENCES group_session (id, group_id) ON DELETE CASCADE,
    CONSTRAINT fk_expected_form_rater_member FOREIGN KEY (rater_member_id, group_id) REFERENCES member (id, group_id),
    CONSTRAINT fk_expected_form_target_member FOREIGN KEY (target_member_id, group_id) REFERENCES member (id, group_id),
    CONSTRAINT fk_expected_form_target_subgroup FOREIGN KEY (target_subgroup_id, group_id) REFERENCES subgroup (id, group_id),
    CONSTRAINT ck_expected_form_rater CHECK ((rater_kind = 'MEMBER' AND rater_member_id IS NOT NULL)
        OR (rater_kind IN ('LEADER', 'OBSERVER') AND rater_member_id IS NULL)),
    CONSTRAINT ck_expected_form_target CHECK (
        (target_kind = 'MEMBER' AND target_member_id IS NOT NULL AND target_subgroup_id IS NULL)
        OR (target_kind = 'SUBGROUP' AND target_subgroup_id IS NOT NULL AND target_member_id IS NULL)
        OR (target_kind = 'WHOLE_GROUP' AND target_member_id IS NULL AND target_subgroup_id IS NULL))
);
CREATE INDEX ix_expected_form_group_instrument_session ON expected_form (group_id, instrument_code, session_id);
CREATE INDEX ix_expected_form_session ON expected_form (session_id);
