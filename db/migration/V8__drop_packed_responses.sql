-- Item answers and subscale scores live in rating_item / rating_score and outcome_item /
-- outcome_score (V6, filled by V7); every read and write uses those rows, so the packed text goes.
ALTER TABLE rating DROP COLUMN responses;
ALTER TABLE rating DROP COLUMN subscale_scores;
ALTER TABLE outcome_rating DROP COLUMN responses;
ALTER TABLE outcome_rating DROP COLUMN subscale_scores;
