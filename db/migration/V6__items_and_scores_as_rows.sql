-- Item answers and scale scores as rows (docs/data-model.md), so that a researcher's question such
-- as "every item of every member's session alliance form in phase 2 of group 7" is one SQL query.
-- V7 (a Java migration, org.groupalliance.migration.V7__Split_packed_responses) copies the packed text columns of
-- V4/V5 into these tables; V8 drops those columns.

-- One row per item of the instrument version used: ANSWERED with its value, MISSING (left empty),
-- or NOT_APPLICABLE (the item does not apply to this rater or target, e.g. the subgroup items for a
-- member in no subgroup; not counted as missing, left out of every score).
CREATE TABLE rating_item (
    rating_id    BIGINT      NOT NULL,
    item_number  INT         NOT NULL,
    answer       VARCHAR(14) NOT NULL,
    item_value   DOUBLE,
    CONSTRAINT pk_rating_item PRIMARY KEY (rating_id, item_number),
    CONSTRAINT fk_rating_item_rating FOREIGN KEY (rating_id) REFERENCES rating (id),
    CONSTRAINT ck_rating_item_number CHECK (item_number >= 1),
    CONSTRAINT ck_rating_item_answer CHECK ((answer = 'ANSWERED' AND item_value IS NOT NULL)
        OR (answer IN ('MISSING', 'NOT_APPLICABLE') AND item_value IS NULL))
);

-- One row per subscale of the instrument version used, in the definition's order (scale_position
-- 1..n); score NULL = not scorable (too many items missing, or none of its items applies). The
-- total stays in rating.total_score.
CREATE TABLE rating_score (
    rating_id      BIGINT       NOT NULL,
    scale_position INT          NOT NULL,
    scale_name     VARCHAR(200) NOT NULL,
    score          DOUBLE,
    CONSTRAINT pk_rating_score PRIMARY KEY (rating_id, scale_position),
    CONSTRAINT uq_rating_score_name UNIQUE (rating_id, scale_name),
    CONSTRAINT fk_rating_score_rating FOREIGN KEY (rating_id) REFERENCES rating (id),
    CONSTRAINT ck_rating_score_position CHECK (scale_position >= 1)
);

CREATE TABLE outcome_item (
    outcome_rating_id BIGINT      NOT NULL,
    item_number       INT         NOT NULL,
    answer            VARCHAR(14) NOT NULL,
    item_value        DOUBLE,
    CONSTRAINT pk_outcome_item PRIMARY KEY (outcome_rating_id, item_number),
    CONSTRAINT fk_outcome_item_rating FOREIGN KEY (outcome_rating_id) REFERENCES outcome_rating (id),
    CONSTRAINT ck_outcome_item_number CHECK (item_number >= 1),
    CONSTRAINT ck_outcome_item_answer CHECK ((answer = 'ANSWERED' AND item_value IS NOT NULL)
        OR (answer IN ('MISSING', 'NOT_APPLICABLE') AND item_value IS NULL))
);

CREATE TABLE outcome_score (
    outcome_rating_id BIGINT       NOT NULL,
    scale_position    INT          NOT NULL,
    scale_name        VARCHAR(200) NOT NULL,
    score             DOUBLE,
    CONSTRAINT pk_outcome_score PRIMARY KEY (outcome_rating_id, scale_position),
    CONSTRAINT uq_outcome_score_name UNIQUE (outcome_rating_id, scale_name),
    CONSTRAINT fk_outcome_score_rating FOREIGN KEY (outcome_rating_id) REFERENCES outcome_rating (id),
    CONSTRAINT ck_outcome_score_position CHECK (scale_position >= 1)
);

-- Provenance of a rating, set when it is first stored and kept through edits: MEMBER_DEVICE (the
-- member on their own phone), PAPER (a member's paper form entered by a leader), LEADER (a leader's
-- own rating), OBSERVER (an observer's rating).
ALTER TABLE rating ADD COLUMN source VARCHAR(14);
UPDATE rating SET source = 'MEMBER_DEVICE' WHERE rater_kind = 'MEMBER' AND entered_by LIKE '% (self-report)';
UPDATE rating SET source = 'PAPER' WHERE rater_kind = 'MEMBER' AND source IS NULL;
UPDATE rating SET source = 'LEADER' WHERE rater_kind = 'LEADER';
UPDATE rating SET source = 'OBSERVER' WHERE rater_kind = 'OBSERVER';
ALTER TABLE rating MODIFY COLUMN source VARCHAR(14) NOT NULL;
ALTER TABLE rating ADD CONSTRAINT ck_rating_source CHECK (source IN ('MEMBER_DEVICE', 'PAPER', 'LEADER', 'OBSERVER'));
