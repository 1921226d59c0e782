CREATE TABLE IF NOT EXISTS curated.talks (
    talk_id      VARCHAR PRIMARY KEY,
    start_date   DATE,
    end_date     DATE,
    location     VARCHAR NOT NULL,
    country      VARCHAR,
    participants VARCHAR[],
    parties      VARCHAR[],
    outcome      VARCHAR,
    source_count INTEGER NOT NULL,
    article_ids  VARCHAR[] NOT NULL
);
COMMENT ON TABLE curated.talks IS 'One row per negotiation meeting held or scheduled at a known place, consolidated across articles.';
COMMENT ON COLUMN curated.talks.talk_id IS 'Stable id (hash of location and start date).';
COMMENT ON COLUMN curated.talks.start_date IS 'First day of the meeting; NULL when the text gives no date.';
COMMENT ON COLUMN curated.talks.end_date IS 'Last day (same as start_date for one-day meetings).';
COMMENT ON COLUMN curated.talks.location IS 'City (canonical, seeds/reference/places.csv).';
COMMENT ON COLUMN curated.talks.country IS 'Country of the city.';
COMMENT ON COLUMN curated.talks.participants IS 'Canonical names of people reported at the meeting.';
COMMENT ON COLUMN curated.talks.parties IS 'Countries/blocs represented.';
COMMENT ON COLUMN curated.talks.outcome IS 'held | scheduled.';
COMMENT ON COLUMN curated.talks.source_count IS 'Number of distinct articles reporting the meeting.';
COMMENT ON COLUMN curated.talks.article_ids IS 'raw.articles ids of those articles.';
