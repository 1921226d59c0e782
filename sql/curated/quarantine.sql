CREATE TABLE IF NOT EXISTS curated.quarantine (
    fact_table     VARCHAR   NOT NULL,   -- strikes | talks | proposals
    fact_id        VARCHAR   NOT NULL,
    failed_rules   VARCHAR[] NOT NULL,   -- the expectations (from expectations/*.json) the row broke
    row_json       VARCHAR   NOT NULL,   -- the row as it would have been published
    run_id         VARCHAR   NOT NULL,
    quarantined_at TIMESTAMP NOT NULL
);
COMMENT ON TABLE curated.quarantine IS 'Curated rows held back because they broke a validation rule (e.g. more drones intercepted than launched). They are not in the fact tables or marts; their claims stay in curated.claims. Updated with the rows a run re-consolidates (a row keeps the run that quarantined it while nothing touches it; rows held back by a date rule are re-checked every run).';
COMMENT ON COLUMN curated.quarantine.fact_table IS 'strikes | talks | proposals.';
COMMENT ON COLUMN curated.quarantine.fact_id IS 'Id the row would have had in its fact table.';
COMMENT ON COLUMN curated.quarantine.failed_rules IS 'Descriptions of the Great Expectations rules the row broke.';
COMMENT ON COLUMN curated.quarantine.row_json IS 'The held-back row, as JSON.';
COMMENT ON COLUMN curated.quarantine.run_id IS 'Dagster run that last consolidated and quarantined the row.';
COMMENT ON COLUMN curated.quarantine.quarantined_at IS 'When (UTC).';
