CREATE TABLE IF NOT EXISTS curated.validated_rows (
    suite     VARCHAR NOT NULL,
    rules_key VARCHAR NOT NULL,
    row_hash  UBIGINT NOT NULL
);
COMMENT ON TABLE curated.validated_rows IS 'Rows of a check''s frame that passed every row-wise expectation of its suite under the current rules key, by content hash: an incremental validation only sends rows not listed here to Great Expectations.';
COMMENT ON COLUMN curated.validated_rows.suite IS 'Suite (expectations/<suite>.json).';
COMMENT ON COLUMN curated.validated_rows.rules_key IS 'curated.validation_log.rules_key the rows passed under; rows of an older key are dropped.';
COMMENT ON COLUMN curated.validated_rows.row_hash IS '64-bit DuckDB hash of the frame row.';
