CREATE TABLE IF NOT EXISTS parsed.proposal_reports (
    article_id  VARCHAR NOT NULL,
    report_key  VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    point_count INTEGER,
    sponsors    VARCHAR[],
    status      VARCHAR,
    reported_on DATE
);
-- unique key: article_id, report_key
COMMENT ON TABLE parsed.proposal_reports IS 'One peace plan as one article reports it; provisions and stances are its claims in parsed.report_claims.';
