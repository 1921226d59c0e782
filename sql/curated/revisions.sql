CREATE TABLE IF NOT EXISTS curated.revisions (
    fact_table VARCHAR   NOT NULL,
    fact_id    VARCHAR   NOT NULL,
    field      VARCHAR   NOT NULL,   -- column that changed, or '*' when the whole row appeared/disappeared
    old_value  VARCHAR,
    new_value  VARCHAR,
    run_id     VARCHAR   NOT NULL,
    revised_at TIMESTAMP NOT NULL
);
COMMENT ON TABLE curated.revisions IS 'Append-only log of changes to published curated figures between runs (a new source, a corrected rule).';
COMMENT ON COLUMN curated.revisions.fact_table IS 'strikes | talks | proposals.';
COMMENT ON COLUMN curated.revisions.fact_id IS 'The fact whose value changed.';
COMMENT ON COLUMN curated.revisions.field IS 'Column that changed; * for a row that was removed.';
COMMENT ON COLUMN curated.revisions.old_value IS 'Value before this run (as text).';
COMMENT ON COLUMN curated.revisions.new_value IS 'Value after this run (as text).';
COMMENT ON COLUMN curated.revisions.run_id IS 'Dagster run that made the change.';
COMMENT ON COLUMN curated.revisions.revised_at IS 'When (UTC).';
