-- raw.articles: one row per distinct article text (article_id = sha256 of the normalised text).
CREATE TABLE IF NOT EXISTS raw.articles (
    article_id     VARCHAR   NOT NULL,
    source_path    VARCHAR   NOT NULL,
    record_index   INTEGER   NOT NULL,
    title          VARCHAR,
    url            VARCHAR,
    published_date DATE,
    text           VARCHAR   NOT NULL,
    ingested_at    TIMESTAMP NOT NULL
);
-- unique key: article_id
COMMENT ON TABLE raw.articles IS 'One row per distinct article as landed (text untouched).';
COMMENT ON COLUMN raw.articles.article_id IS 'sha256 of the normalised article text: the same text under another name is the same article.';
COMMENT ON COLUMN raw.articles.record_index IS 'Position of the record inside its file (0 for single-article files).';
COMMENT ON COLUMN raw.articles.published_date IS 'Publication date from front matter / metadata, when the file gave one.';
