CREATE TABLE IF NOT EXISTS parsed.talk_reports (
    article_id     VARCHAR NOT NULL,
    report_key     VARCHAR NOT NULL,
    location       VARCHAR NOT NULL,
    country        VARCHAR,
    start_date     DATE,
    end_date       DATE,
    date_precision VARCHAR NOT NULL,
    participants   VARCHAR[],
    parties        VARCHAR[],
    status         VARCHAR   -- held | scheduled
);
-- unique key: article_id, report_key
COMMENT ON TABLE parsed.talk_reports IS 'One negotiation meeting as one article reports it, before consolidation into curated.talks.';
