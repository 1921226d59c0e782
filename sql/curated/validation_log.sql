CREATE TABLE IF NOT EXISTS curated.validation_log (
    suite             VARCHAR   NOT NULL,
    rules_key         VARCHAR   NOT NULL,
    frame_fingerprint VARCHAR   NOT NULL,
    row_count         BIGINT    NOT NULL,
    validated_rows    BIGINT    NOT NULL,
    mode              VARCHAR   NOT NULL,
    passed            BOOLEAN   NOT NULL,
    failing_rows      BIGINT    NOT NULL,
    validated_on      DATE      NOT NULL,
    run_id            VARCHAR   NOT NULL,
    validated_at      TIMESTAMP NOT NULL
);
COMMENT ON TABLE curated.validation_log IS 'One row per validation of a blocking check''s frame (sql/checks/<suite>.sql) by its Great Expectations suite. A later run whose frame has the same fingerprint under the same rules key reuses a passing validation instead of running GX again; a failing one is never reused.';
COMMENT ON COLUMN curated.validation_log.suite IS 'Suite (expectations/<suite>.json) and check (gx_<suite>).';
COMMENT ON COLUMN curated.validation_log.rules_key IS 'sha256 over the suite JSON, the check SQL, the GX version, the validator version and the suite parameters whose value matters: what the verdict depends on besides the data.';
COMMENT ON COLUMN curated.validation_log.frame_fingerprint IS 'Row count, sum and xor of the 64-bit DuckDB hash of every row of the frame (independent of row order).';
COMMENT ON COLUMN curated.validation_log.row_count IS 'Rows in the frame.';
COMMENT ON COLUMN curated.validation_log.validated_rows IS 'Rows GX validated in this run: all of them (full), or those not covered by an earlier passing validation plus rows with a duplicated unique value (incremental).';
COMMENT ON COLUMN curated.validation_log.mode IS 'full or incremental (see orchestration/validation.py).';
COMMENT ON COLUMN curated.validation_log.passed IS 'Whether every expectation passed.';
COMMENT ON COLUMN curated.validation_log.failing_rows IS 'Rows that broke at least one expectation.';
COMMENT ON COLUMN curated.validation_log.validated_on IS 'Date the suite parameters (today, tomorrow) were taken from.';
COMMENT ON COLUMN curated.validation_log.run_id IS 'Dagster run that validated.';
COMMENT ON COLUMN curated.validation_log.validated_at IS 'When (UTC).';
