CREATE TABLE IF NOT EXISTS parsed.sentences (
    article_id   VARCHAR NOT NULL,
    sentence_idx INTEGER NOT NULL,
    text         VARCHAR NOT NULL,
    char_start   BIGINT  NOT NULL,
    char_end     BIGINT  NOT NULL
);
-- unique key: article_id, sentence_idx
COMMENT ON TABLE parsed.sentences IS 'Sentences of parsed.articles.body; body[char_start:char_end] = text.';
