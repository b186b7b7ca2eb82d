-- Rules the database itself enforces, so that a row that breaks them is refused whatever writes it
-- (docs/data-model.md). Composite foreign keys tie a row's group (and site) to its parent's.

-- a rating or outcome form names an instrument version that exists
ALTER TABLE rating ADD CONSTRAINT fk_rating_instrument FOREIGN KEY (instrument_code, instrument_version)
    REFERENCES instrument (code, definition_version);
ALTER TABLE outcome_rating ADD CONSTRAINT fk_outcome_rating_instrument FOREIGN KEY (instrument_code, instrument_version)
    REFERENCES instrument (code, definition_version);

-- the kind of rater and target says which id is set
ALTER TABLE rating ADD CONSTRAINT ck_rating_rater_ids CHECK (
    (rater_kind = 'MEMBER' AND rater_member_id IS NOT NULL AND rater_user_id IS NULL)
    OR (rater_kind IN ('LEADER', 'OBSERVER') AND rater_user_id IS NOT NULL AND rater_member_id IS NULL));
ALTER TABLE rating ADD CONSTRAINT ck_rating_target_ids CHECK (
    (target_kind = 'MEMBER' AND target_member_id IS NOT NULL AND target_subgroup_id IS NULL)
    OR (target_kind = 'SUBGROUP' AND target_subgroup_id IS NOT NULL AND target_member_id IS NULL)
    OR (target_kind = 'WHOLE_GROUP' AND target_member_id IS NULL AND target_subgroup_id IS NULL));

-- a member belongs to its group's site
ALTER TABLE therapy_group ADD CONSTRAINT uq_therapy_group_site UNIQUE (id, site_id);
ALTER TABLE member ADD CONSTRAINT fk_member_group_site FOREIGN KEY (group_id, site_id) REFERENCES therapy_group (id, site_id);

-- a rating's group is its session's group, and the members and subgroup it names are of that group
ALTER TABLE group_session ADD CONSTRAINT uq_group_session_group UNIQUE (id, group_id);
ALTER TABLE member ADD CONSTRAINT uq_member_group UNIQUE (id, group_id);
ALTER TABLE subgroup ADD CONSTRAINT uq_subgroup_group UNIQUE (id, group_id);
ALTER TABLE rating ADD CONSTRAINT fk_rating_session_group FOREIGN KEY (session_id, group_id) REFERENCES group_session (id, group_id);
ALTER TABLE rating ADD CONSTRAINT fk_rating_rater_member_group FOREIGN KEY (rater_member_id, group_id) REFERENCES member (id, group_id);
ALTER TABLE rating ADD CONSTRAINT fk_rating_target_member_group FOREIGN KEY (target_member_id, group_id) REFERENCES member (id, group_id);
ALTER TABLE rating ADD CONSTRAINT fk_rating_target_subgroup_group FOREIGN KEY (target_subgroup_id, group_id) REFERENCES subgroup (id, group_id);
ALTER TABLE outcome_rating ADD CONSTRAINT fk_outcome_rating_member_group FOREIGN KEY (member_id, group_id) REFERENCES member (id, group_id);

-- the export's access path: a group's forms of one instrument, session by session
CREATE INDEX ix_rating_group_instrument_session ON rating (group_id, instrument_code, session_id);
