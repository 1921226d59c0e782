-- raw.file_events: what happened to loaded files after they landed. Nothing is ever deleted: a
-- file that disappears from the landing folder keeps its ledger row, its articles and every fact
-- built from them; its disappearance is recorded here once ('missing'), and so is its return
-- ('reappeared'). Written by the ingest asset (raw/files) in the same transaction as raw.files.
CREATE TABLE IF NOT EXISTS raw.file_events (
    source_path  VARCHAR   NOT NULL,
    content_hash VARCHAR   NOT NULL,
    event        VARCHAR   NOT NULL CHECK (event IN ('missing', 'reappeared')),
    seen_at      TIMESTAMP NOT NULL,
    run_id       VARCHAR   NOT NULL
);
COMMENT ON TABLE raw.file_events IS 'Loaded files that went missing from the landing folder (their data is kept) and their return; one row per disappearance and per return.';
COMMENT ON COLUMN raw.file_events.source_path IS 'Path as in raw.files (relative to the landing folder).';
COMMENT ON COLUMN raw.file_events.content_hash IS 'missing: the last content seen at the path (a raw.files key); reappeared: the content found now.';
COMMENT ON COLUMN raw.file_events.event IS 'missing (a previously loaded path is no longer in the landing folder) | reappeared (it is back).';
COMMENT ON COLUMN raw.file_events.seen_at IS 'When the run noticed it (UTC).';
COMMENT ON COLUMN raw.file_events.run_id IS 'Dagster run that noticed it.';
