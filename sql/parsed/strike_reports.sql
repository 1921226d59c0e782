CREATE TABLE IF NOT EXISTS parsed.strike_reports (
    article_id           VARCHAR NOT NULL,
    report_key           VARCHAR NOT NULL,
    attacker             VARCHAR NOT NULL,
    target_country       VARCHAR,
    event_date           DATE,
    date_precision       VARCHAR NOT NULL,   -- day | week | month | unknown
    event_month          INTEGER,            -- kept when the year is unknown, for cross-source matching
    event_day            INTEGER,
    drones_launched      INTEGER,
    missiles_launched    INTEGER,
    drones_intercepted   INTEGER,
    missiles_intercepted INTEGER,
    killed               INTEGER,
    injured              INTEGER,
    weapons              VARCHAR[],
    locations            VARCHAR[],
    targets              VARCHAR[],
    claimant             VARCHAR
);
-- unique key: article_id, report_key
COMMENT ON TABLE parsed.strike_reports IS 'One attack wave as one article reports it, before cross-source consolidation into curated.strikes.';
