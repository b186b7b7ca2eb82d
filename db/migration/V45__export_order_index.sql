-- The export streams each group's ratings session by session (group, session, instrument, id:
-- ExportRepository.ratings, order BY_SESSION). With this index MariaDB reads them in that order
-- instead of sorting the whole selection before the first row (InnoDB appends the primary key, id,
-- to a secondary index). docs/decisions/0026-export-one-row-per-rating.md
CREATE INDEX ix_rating_export_order ON rating (group_id, session_id, instrument_code);
