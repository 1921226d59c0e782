CREATE TABLE IF NOT EXISTS parsed.processing_log (
    article_id   VARCHAR   NOT NULL,
    stage        VARCHAR   NOT NULL,   -- mentions | quantities | extract
    version      VARCHAR   NOT NULL,   -- rules / reference-data version the stage ran with
    processed_at TIMESTAMP NOT NULL
);
COMMENT ON TABLE parsed.processing_log IS 'Which article went through which stage at which rules version: runs only process what is new or re-versioned.';
