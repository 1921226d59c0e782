CREATE TABLE IF NOT EXISTS curated.mart_build_log (
    mart               VARCHAR   NOT NULL,   -- marts.<mart>
    inputs_fingerprint VARCHAR   NOT NULL,   -- what the mart was built from
    run_id             VARCHAR   NOT NULL,
    built_at           TIMESTAMP NOT NULL
);
COMMENT ON TABLE curated.mart_build_log IS 'One row per rebuild of a mart, with a fingerprint of its inputs (its SQL, the weapons gazetteer version, the last curated build and the row counts of the tables marts read): a run whose fingerprint matches the last rebuild leaves the mart as it is.';
COMMENT ON COLUMN curated.mart_build_log.mart IS 'Mart table name (marts.<mart>).';
COMMENT ON COLUMN curated.mart_build_log.inputs_fingerprint IS 'sha256 of the mart SQL, the weapons.csv version, the last curated.build_log row and the row counts and latest ingestion time of the tables marts read.';
COMMENT ON COLUMN curated.mart_build_log.run_id IS 'Dagster run that rebuilt the mart.';
COMMENT ON COLUMN curated.mart_build_log.built_at IS 'When (UTC).';
