-- Each session keeps the phase it was given when it was created (from the group's boundaries then),
-- so that editing the boundaries later does not silently relabel past sessions; a leader who changes
-- them sees which sessions would change and re-assigns them only on confirmation (audited).
ALTER TABLE group_session ADD COLUMN phase VARCHAR(10);
UPDATE group_session SET phase = (SELECT CASE WHEN group_session.session_number <= g.early_to THEN 'EARLY'
    WHEN group_session.session_number <= g.middle_to THEN 'MIDDLE' ELSE 'LATE' END
    FROM therapy_group g WHERE g.id = group_session.group_id);
ALTER TABLE group_session MODIFY COLUMN phase VARCHAR(10) NOT NULL;
ALTER TABLE group_session ADD CONSTRAINT ck_group_session_phase CHECK (phase IN ('EARLY', 'MIDDLE', 'LATE'));
