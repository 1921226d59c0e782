CREATE TABLE IF NOT EXISTS curated.stances (
    proposal_id VARCHAR NOT NULL,
    party       VARCHAR NOT NULL,
    stance      VARCHAR NOT NULL,   -- supports | rejects | conditional | reviewing
    evidence    VARCHAR NOT NULL
);
COMMENT ON TABLE curated.stances IS 'Each party''s reported stance on a plan version, with the sentence that says so.';
COMMENT ON COLUMN curated.stances.stance IS 'supports | rejects | conditional | reviewing.';
