CREATE TABLE IF NOT EXISTS parsed.quantities (
    article_id   VARCHAR NOT NULL,
    sentence_idx INTEGER NOT NULL,
    surface      VARCHAR NOT NULL,  -- the number as written, with its qualifier: 'almost 90', 'eight', '1,800'
    value        DOUBLE,            -- exact value; NULL for approximate figures
    low          DOUBLE,
    high         DOUBLE,
    qualifier    VARCHAR,           -- exact | at least | about | almost | more than | up to | dozens | hundreds | ...
    unit         VARCHAR,           -- the noun the number counts: drones, missiles, people, ...
    char_start   BIGINT NOT NULL,
    char_end     BIGINT NOT NULL,
    number_start BIGINT             -- where the number itself begins, after its qualifier ('almost |90')
);
-- warehouses built before number_start existed get the column; their rows are re-parsed
-- (the quantities stage version changed)
ALTER TABLE parsed.quantities ADD COLUMN IF NOT EXISTS number_start BIGINT;
COMMENT ON TABLE parsed.quantities IS 'Every number in the text: as written, value (exact only), low/high range, qualifier and the noun it counts.';
COMMENT ON COLUMN parsed.quantities.number_start IS 'Body offset where the number itself begins, after its qualifier (''almost |90''); the extractors reuse these rows instead of parsing numbers again.';
