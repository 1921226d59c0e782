CREATE TABLE IF NOT EXISTS curated.build_log (
    inputs_fingerprint VARCHAR   NOT NULL,   -- what the curated tables were built from
    run_id             VARCHAR   NOT NULL,
    built_at           TIMESTAMP NOT NULL
);
COMMENT ON TABLE curated.build_log IS 'One row per update of the curated tables, with a fingerprint of the per-article reports they came from: a run whose inputs match the last build skips consolidation; otherwise only articles extracted after built_at are re-consolidated, unless the rules version or strict setting changed (then everything is rebuilt).';
COMMENT ON COLUMN curated.build_log.inputs_fingerprint IS '<consolidation rules version>;strict=<True|False>;<hash of the extraction log (articles and rules versions) and the reports row counts>.';
COMMENT ON COLUMN curated.build_log.run_id IS 'Dagster run that updated the tables.';
COMMENT ON COLUMN curated.build_log.built_at IS 'When (UTC).';
