CREATE TABLE IF NOT EXISTS parsed.report_claims (
    article_id   VARCHAR NOT NULL,
    fact_table   VARCHAR NOT NULL,   -- strikes | talks | proposals
    report_key   VARCHAR NOT NULL,   -- per-article event key, consolidated into curated fact ids
    field        VARCHAR NOT NULL,
    value        VARCHAR,
    value_num    DOUBLE,
    qualifier    VARCHAR,
    low          DOUBLE,
    high         DOUBLE,
    claimant     VARCHAR,
    sentence_idx INTEGER NOT NULL,
    char_start   BIGINT,
    char_end     BIGINT,
    evidence     VARCHAR NOT NULL
);
COMMENT ON TABLE parsed.report_claims IS 'Per-article extracted facts, one row per field value with its evidence sentence, before cross-source consolidation.';
