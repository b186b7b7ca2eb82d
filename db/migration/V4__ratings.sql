-- Ratings: one completed form = instrument (with the version used) x session x rater x target,
-- with its item responses and the scores computed when it was saved. rating_key makes the
-- combination unique across engines (nullable columns cannot take part in a portable unique key).

CREATE TABLE rating (
    id                 BIGINT        NOT NULL AUTO_INCREMENT,
    group_id           BIGINT        NOT NULL,
    session_id         BIGINT        NOT NULL,
    instrument_code    VARCHAR(40)   NOT NULL,
    instrument_version INT           NOT NULL,
    rater_kind         VARCHAR(10)   NOT NULL,
    rater_member_id    BIGINT,
    rater_user_id      BIGINT,
    target_kind        VARCHAR(12)   NOT NULL,
    target_member_id   BIGINT,
    target_subgroup_id BIGINT,
    rating_key         VARCHAR(200)  NOT NULL,
    responses          VARCHAR(2000) NOT NULL,
    total_score        DOUBLE,
    subscale_scores    VARCHAR(2000),
    missing_items      INT           NOT NULL,
    entered_by         VARCHAR(60)   NOT NULL,
    version            INT           NOT NULL DEFAULT 0,
    created_at         TIMESTAMP(3)  NOT NULL,
    updated_at         TIMESTAMP(3)  NOT NULL,
    CONSTRAINT pk_rating PRIMARY KEY (id),
    CONSTRAINT uq_rating_key UNIQUE (rating_key),
    CONSTRAINT fk_rating_group FOREIGN KEY (group_id) REFERENCES therapy_group (id),
    CONSTRAINT fk_rating_session FOREIGN KEY (session_id) REFERENCES group_session (id),
    CONSTRAINT fk_rating_rater_member FOREIGN KEY (rater_member_id) REFERENCES member (id),
    CONSTRAINT fk_rating_rater_user FOREIGN KEY (rater_user_id) REFERENCES app_user (id),
    CONSTRAINT fk_rating_target_member FOREIGN KEY (target_member_id) REFERENCES member (id),
    CONSTRAINT fk_rating_target_subgroup FOREIGN KEY (target_subgroup_id) REFERENCES subgroup (id),
    CONSTRAINT ck_rating_rater CHECK (rater_kind IN ('MEMBER', 'LEADER', 'OBSERVER')),
    CONSTRAINT ck_rating_target CHECK (target_kind IN ('MEMBER', 'SUBGROUP', 'WHOLE_GROUP'))
);
CREATE INDEX ix_rating_session ON rating (session_id);
CREATE INDEX ix_rating_group ON rating (group_id);
