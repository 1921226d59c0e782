CREATE TABLE IF NOT EXISTS curated.proposals (
    proposal_id    VARCHAR PRIMARY KEY,
    name           VARCHAR NOT NULL,
    point_count    INTEGER,
    sponsors       VARCHAR[],
    first_reported DATE,
    status         VARCHAR,
    source_count   INTEGER NOT NULL,
    article_ids    VARCHAR[] NOT NULL
);
COMMENT ON TABLE curated.proposals IS 'One row per numbered peace plan version (e.g. the 28-point plan), consolidated across articles.';
COMMENT ON COLUMN curated.proposals.proposal_id IS 'Stable id (hash of the plan name).';
COMMENT ON COLUMN curated.proposals.name IS 'e.g. ''28-point plan''.';
COMMENT ON COLUMN curated.proposals.point_count IS 'Number of points of this version.';
COMMENT ON COLUMN curated.proposals.sponsors IS 'Countries that drafted or back the plan.';
COMMENT ON COLUMN curated.proposals.first_reported IS 'Earliest publication date of an article reporting it.';
COMMENT ON COLUMN curated.proposals.status IS 'Latest reported status (proposed | revised | ...).';
COMMENT ON COLUMN curated.proposals.source_count IS 'Number of distinct articles reporting the plan.';
COMMENT ON COLUMN curated.proposals.article_ids IS 'raw.articles ids of those articles.';
