CREATE TABLE IF NOT EXISTS parsed.mentions (
    article_id     VARCHAR NOT NULL,
    sentence_idx   INTEGER NOT NULL,
    kind           VARCHAR NOT NULL,  -- person | place | organisation | weapon
    surface        VARCHAR NOT NULL,
    canonical_id   VARCHAR NOT NULL,
    canonical_name VARCHAR NOT NULL,
    char_start     BIGINT  NOT NULL,
    char_end       BIGINT  NOT NULL
);
COMMENT ON TABLE parsed.mentions IS 'People, places, organisations and weapons found with the seeds/reference gazetteers; offsets into parsed.articles.body.';
