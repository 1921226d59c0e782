CREATE TABLE IF NOT EXISTS curated.proposal_provisions (
    proposal_id VARCHAR NOT NULL,
    category    VARCHAR NOT NULL,   -- troop_cap | territory | nato | security_guarantees | sanctions | ...
    text        VARCHAR NOT NULL,   -- the sentence stating the provision
    value       DOUBLE,
    unit        VARCHAR
);
COMMENT ON TABLE curated.proposal_provisions IS 'Provisions of each plan version, with the number the text states (e.g. troop_cap 600000 personnel).';
COMMENT ON COLUMN curated.proposal_provisions.category IS 'troop_cap | territory | nato | security_guarantees | sanctions | nuclear_plant | ceasefire | other.';
COMMENT ON COLUMN curated.proposal_provisions.text IS 'Evidence sentence.';
COMMENT ON COLUMN curated.proposal_provisions.value IS 'Numeric value stated, if any.';
COMMENT ON COLUMN curated.proposal_provisions.unit IS 'Unit of value (personnel, km, ...).';
