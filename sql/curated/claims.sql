CREATE TABLE IF NOT EXISTS curated.claims (
    claim_id     VARCHAR NOT NULL,
    fact_table   VARCHAR NOT NULL,
    fact_id      VARCHAR NOT NULL,
    field        VARCHAR NOT NULL,
    value        VARCHAR,
    value_num    DOUBLE,
    qualifier    VARCHAR,
    low          DOUBLE,
    high         DOUBLE,
    claimant     VARCHAR,
    article_id   VARCHAR NOT NULL,
    sentence_idx INTEGER NOT NULL,
    char_start   BIGINT,
    char_end     BIGINT,
    evidence     VARCHAR NOT NULL
);
-- unique key: claim_id
-- (rows are inserted by SQL, not insert_frame: the blocking GX check of expectations/curated_claims.json enforces it)
COMMENT ON TABLE curated.claims IS 'Every figure and fact behind curated rows, with the sentence that supports it. Conflicting figures from different sources are all kept.';
COMMENT ON COLUMN curated.claims.fact_table IS 'strikes | talks | proposals.';
COMMENT ON COLUMN curated.claims.fact_id IS 'strike_id, talk_id or proposal_id.';
COMMENT ON COLUMN curated.claims.field IS 'Column the claim supports (drones_launched, location, participant, point_count, provision:troop_cap, stance:Ukraine, ...).';
COMMENT ON COLUMN curated.claims.value IS 'Value as text.';
COMMENT ON COLUMN curated.claims.value_num IS 'Exact numeric value; NULL for approximate figures.';
COMMENT ON COLUMN curated.claims.qualifier IS 'exact | at least | about | almost | more than | over | up to | dozens | hundreds | ...';
COMMENT ON COLUMN curated.claims.low IS 'Lower bound of an approximate figure.';
COMMENT ON COLUMN curated.claims.high IS 'Upper bound of an approximate figure.';
COMMENT ON COLUMN curated.claims.claimant IS 'Who states the figure (e.g. Ukrainian Air Force, Russian Ministry of Defence) when the text says.';
COMMENT ON COLUMN curated.claims.evidence IS 'The sentence stating the claim.';
