CREATE TABLE IF NOT EXISTS curated.build_log (
    inputs_fingerprint VARCHAR   NOT NULL,   -- what the curated tables were built from
    run_id             VARCHAR   NOT NULL,
    built_at           TIMESTAMP NOT NULL
);
COMMENT ON TABLE curated.build_log IS 'One row per rebuild of the curated tables, with a fingerprint of the per-article reports they came from: a run whose inputs match the last build skips consolidation.';
COMMENT ON COLUMN curated.build_log.inputs_fingerprint IS 'Hash of the extraction log (articles and rules versions), the reports row counts and the strict setting.';
COMMENT ON COLUMN curated.build_log.run_id IS 'Dagster run that rebuilt the tables.';
COMMENT ON COLUMN curated.build_log.built_at IS 'When (UTC).';
