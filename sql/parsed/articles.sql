CREATE TABLE IF NOT EXISTS parsed.articles (
    article_id       VARCHAR NOT NULL,
    title            VARCHAR,
    published_date   DATE,
    published_source VARCHAR,   -- 'metadata' | 'byline' | 'dateline' | NULL
    reference_year   INTEGER,   -- a year the text itself anchors (e.g. 'May 2025'), used when no publication date
    body             VARCHAR NOT NULL,
    removed_lines    INTEGER NOT NULL
);
-- unique key: article_id
COMMENT ON TABLE parsed.articles IS 'Article bodies with page debris (image suffixes, share/follow prompts, calls to action) removed; offsets in parsed.* index into body.';
COMMENT ON COLUMN parsed.articles.published_date IS 'Publication date: metadata first, then a byline or dateline found in the text.';
COMMENT ON COLUMN parsed.articles.published_source IS 'Where published_date came from: metadata, byline or dateline.';
COMMENT ON COLUMN parsed.articles.reference_year IS 'Latest explicit year the text mentions (e.g. in ''May 2025''); anchors day-only dates when there is no publication date.';
