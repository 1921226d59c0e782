-- raw.files: the ledger of every file that ever landed. One row per (source_path, content_hash):
-- re-landing the same bytes under the same name adds nothing; new bytes under an old name add a row.
CREATE TABLE IF NOT EXISTS raw.files (
    source_path   VARCHAR   NOT NULL,
    content_hash  VARCHAR   NOT NULL,
    status        VARCHAR   NOT NULL,   -- 'loaded' | 'duplicate' | 'rejected'
    reason        VARCHAR,              -- why rejected / what was skipped / duplicate of what
    article_count INTEGER   NOT NULL,
    size_bytes    BIGINT,
    encoding      VARCHAR,
    seen_at       TIMESTAMP NOT NULL,
    run_id        VARCHAR,
    mtime_ns      BIGINT                -- modification time of the file when it was hashed
);
-- unique key: source_path, content_hash
ALTER TABLE raw.files ADD COLUMN IF NOT EXISTS mtime_ns BIGINT;  -- ledgers written before the column existed
COMMENT ON TABLE raw.files IS 'Ledger of every landed file: loaded, duplicate or rejected, with a reason. landed = loaded + duplicate + rejected.';
COMMENT ON COLUMN raw.files.source_path IS 'Path of the entry relative to the landing folder (''/''-separated); name bytes that are not UTF-8 are shown as \xNN escapes.';
COMMENT ON COLUMN raw.files.content_hash IS 'sha256 of the raw bytes; for an entry whose bytes could not be read (broken symlink, permission, folder that cannot be listed) ''unread:'' + sha256 of path and reason, so each problem at a path is one row.';
COMMENT ON COLUMN raw.files.status IS 'loaded | duplicate | rejected.';
COMMENT ON COLUMN raw.files.reason IS 'Human-readable reason for a rejection, a duplicate or skipped records.';
COMMENT ON COLUMN raw.files.article_count IS 'Articles loaded from this file (0 when rejected or duplicate).';
COMMENT ON COLUMN raw.files.seen_at IS 'When the file was first seen with this content.';
COMMENT ON COLUMN raw.files.mtime_ns IS 'Modification time (ns since the epoch) of the file when its bytes were hashed, recorded only when it was over 2 s before the run started. A later run that finds the same size and modification time skips re-reading and re-hashing the file (as git''s index does). NULL when not recorded (too recent, or a ledger row written before the column existed).';
