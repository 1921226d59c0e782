"""raw group: every landed file into the ledger (raw.files), its articles into raw.articles, and
files that disappear from the landing folder into raw.file_events (their data is kept)."""


import hashlib
import os
import stat
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import dagster as dg
import polars as pl

from orchestration.executors import steps_share_this_process
from orchestration.metadata import insert_frame, table_metadata, utc_now
from orchestration.resources import LandingFolder, WarehouseResource
from orchestration.validation import preload_gx
from transforms.ingest import FileOutcome, article_id_for, read_landed_file

FILES = dg.AssetKey(["raw", "files"])
ARTICLES = dg.AssetKey(["raw", "articles"])
FILE_EVENTS = dg.AssetKey(["raw", "file_events"])

# Ingest writes what it has read every FLUSH_CHARS characters of article text or FLUSH_FILES files
# (about 30 MB of text): holding a 100k-file folder's text until the end peaked at 2.6 GB.
FLUSH_CHARS = 32_000_000
FLUSH_FILES = 10_000

# A news article is tens of kilobytes; a record this long is a dump (a log, a book, a concatenated
# corpus) and would cost minutes in every parsed step. It is rejected with the reason instead.
MAX_ARTICLE_CHARS = 5_000_000


def displayable(text: str) -> str:
    """`text` storable as UTF-8. File-name bytes that are not UTF-8 (Python's surrogate escapes)
    become visible escapes: the name b'caf\\xe9.txt' is stored as 'caf\\\\xe9.txt'."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # lone surrogates that are not escaped bytes
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass(frozen=True)
class LandedEntry:
    path: str  # a str, not a Path: building 100k Path objects cost 2 s of every run's listing
    source: str  # relative to the landing folder, '/'-separated, displayable
    listing_error: str | None = None  # a sub-folder that could not be listed
    size: int | None = None  # of what the entry points to (symlinks followed); None: no stat
    mtime_ns: int | None = None


def landed_entries(folder: Path) -> list[LandedEntry]:
    """Every entry of the landing folder that is not a folder, recursively: regular files, symlinks
    (to files, to folders, broken, looping) and special files. Nothing is skipped silently; what
    cannot be read becomes a rejected ledger row. Real sub-folders are walked; symlinked folders
    are not followed (no loops, nothing outside the folder), they are entries themselves. A
    sub-folder that cannot be listed is an entry with `listing_error`. Oldest first."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"landing folder {folder} does not exist or is not a folder")
    found: list[LandedEntry] = []
    pending: list[tuple[str | Path, str]] = [(folder, "")]
    while pending:
        current, prefix = pending.pop()
        try:
            with os.scandir(current) as listing:
                children = list(listing)
        except OSError as exc:
            if current == folder:
                raise  # the landing folder itself: fail the run loudly, nothing can be accounted for
            found.append(LandedEntry(os.fspath(current), displayable(prefix.rstrip("/")),
                                     f"folder could not be listed: {exc.strerror or exc}"))
            continue
        for child in children:
            rel = prefix + child.name
            try:
                is_folder = child.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                pending.append((child.path, rel + "/"))
            else:
                try:
                    info = child.stat()  # follows symlinks, like reading the file does
                    size, mtime_ns = info.st_size, info.st_mtime_ns
                except OSError:
                    size = mtime_ns = None
                found.append(LandedEntry(child.path, rel if rel.isascii() else displayable(rel), None, size, mtime_ns))
    return sorted(found, key=_landing_order)


def _landing_order(entry: LandedEntry) -> tuple[int, str]:
    # Oldest first, so that of two files with the same article the one that landed first is
    # 'loaded' and the later one 'duplicate'; the name breaks ties (and orders unreadable entries).
    return entry.mtime_ns or 0, entry.source


# A file's size and modification time are only recorded (and later trusted) when that time is
# older than the run's start by more than this: a write in the same clock tick as the hashing
# could otherwise change the bytes and keep both (git's "racy" case).
_RACY_NS = 2_000_000_000


def settled_mtime(entry: LandedEntry, now_ns: int) -> int | None:
    """The entry's modification time when it is safely older than `now_ns`, else None."""
    return entry.mtime_ns if entry.mtime_ns is not None and entry.mtime_ns < now_ns - _RACY_NS else None


# The latest ledger row per path, with the size and time the file had when it was hashed.
_LATEST_HASHED = """SELECT source_path, arg_max(content_hash, seen_at) AS content_hash,
                           arg_max(size_bytes, seen_at) AS size_bytes, arg_max(mtime_ns, seen_at) AS mtime_ns
                    FROM raw.files WHERE content_hash NOT LIKE 'unread:%' GROUP BY source_path"""


def listing_frame(entries: list[LandedEntry], hashes: dict[str, str] | None = None) -> pl.DataFrame:
    """The landed entries as a frame DuckDB can join (`hashes`: content hashes known this run)."""
    hashes = hashes or {}
    return pl.DataFrame({
        "source_path": [e.source for e in entries],
        "size_bytes": [e.size for e in entries],
        "mtime_ns": [e.mtime_ns for e in entries],
        "content_hash": [hashes.get(e.source) for e in entries],
    }, schema={"source_path": pl.String, "size_bytes": pl.Int64, "mtime_ns": pl.Int64, "content_hash": pl.String})


def entries_to_check(con, entries: list[LandedEntry]) -> list[LandedEntry]:
    """The entries whose bytes must be looked at: all but the files the ledger hashed at the size
    and modification time they still have (those are the same bytes, as git's index assumes).
    Compared as frames: at 100k files, Python sets of ledger rows took seconds of every run."""
    if not entries:
        return []
    ledger = con.execute(_LATEST_HASHED).pl()
    unchanged = set(listing_frame(entries).drop("content_hash").filter(pl.col("mtime_ns").is_not_null()).join(
        ledger.drop("content_hash"), on=["source_path", "size_bytes", "mtime_ns"], how="semi")["source_path"])
    if len(unchanged) == len(entries):
        return []
    return [e for e in entries if e.listing_error or e.source not in unchanged]


def _unread_hash(source: str, reason: str) -> str:
    # Bytes that could not be read have no content hash. The ledger key is (source_path,
    # content_hash), so give each (path, problem) its own stable key: a repeat of the same problem
    # adds nothing, a different problem (or the bytes becoming readable) adds a row.
    return "unread:" + hashlib.sha256(f"{source}\0{reason}".encode("utf-8", "backslashreplace")).hexdigest()


def _content_hash(path: str | Path) -> str | None:
    """sha256 of a regular file's bytes (symlinks followed), None when it is not one or unreadable."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None


def read_entry(entry: LandedEntry) -> FileOutcome:
    """`read_landed_file` for one entry, with a stable non-empty content hash and a storable reason
    whatever happens."""
    if entry.listing_error:
        outcome = FileOutcome(entry.source, "", "rejected", entry.listing_error, [], 0)
    elif os.path.islink(entry.path) and os.path.isdir(entry.path):
        outcome = FileOutcome(entry.source, "", "rejected",
                              "symlink to a folder: not followed (move or copy the files into the landing folder)", [], 0)
    else:
        try:
            outcome = read_landed_file(entry.path)
        except Exception as exc:  # noqa: BLE001 - one bad file must never stop the run
            outcome = FileOutcome(entry.source, "", "rejected",
                                  f"could not be read ({type(exc).__name__}: {exc})", [], 0)
    reason = displayable(outcome.reason) if outcome.reason else outcome.reason
    if outcome.status == "rejected" and not reason:
        reason = "rejected (no reason given)"
    content_hash = outcome.content_hash or _unread_hash(entry.source, reason or "")
    status, records = outcome.status, outcome.records
    too_long = [r for r in records if len(r.text) > MAX_ARTICLE_CHARS]
    if too_long:
        records = [r for r in records if len(r.text) <= MAX_ARTICLE_CHARS]
        longest = max(len(r.text) for r in too_long)
        what = (f"article text too long ({longest:,} characters; the limit is {MAX_ARTICLE_CHARS:,}): "
                "a dump, not a news article" if len(too_long) == 1 else
                f"{len(too_long)} records with text over {MAX_ARTICLE_CHARS:,} characters skipped")
        if not records:
            status = "rejected"
        reason = "; ".join(filter(None, [what, reason]))
    return FileOutcome(entry.source, content_hash, status, reason, records, outcome.size_bytes,
                       outcome.encoding, outcome.notes)


def file_events(con, entries: list[LandedEntry], hashes: dict[str, str], now: datetime, run_id: str) -> list[dict]:
    """'missing' for every path that was loaded once and is gone now (once per disappearance);
    'reappeared' when such a path is back. `entries` are the entries landed now; `hashes` the content
    hashes this run computed (an entry without one has the bytes the ledger last hashed)."""
    # Frames, not a registered Python object: DuckDB imports pandas (2-3 s) on the first such scan.
    loaded_once = con.execute(
        f"""WITH last_seen AS (
               SELECT source_path, arg_max(content_hash, seen_at) AS content_hash,
                      bool_or(status = 'loaded') AS ever_loaded
               FROM raw.files GROUP BY source_path),
           last_event AS (
               SELECT source_path, arg_max(event, seen_at) AS event FROM raw.file_events GROUP BY source_path)
           SELECT s.source_path, s.content_hash, e.event AS last_event, h.content_hash AS hashed
           FROM last_seen s LEFT JOIN last_event e USING (source_path) LEFT JOIN ({_LATEST_HASHED}) h USING (source_path)
           WHERE s.ever_loaded"""
    ).pl()
    present = listing_frame(entries, hashes).select("source_path", pl.col("content_hash").alias("now_hash")).unique(
        "source_path", keep="first")
    events = loaded_once.join(present, on="source_path", how="left", coalesce=False).filter(
        (pl.col("source_path_right").is_null() & pl.col("last_event").ne_missing("missing"))
        | (pl.col("source_path_right").is_not_null() & pl.col("last_event").eq("missing"))
    ).select(
        "source_path",
        pl.when(pl.col("source_path_right").is_null()).then(pl.col("content_hash"))
          .otherwise(pl.coalesce("now_hash", "hashed", "content_hash")).alias("content_hash"),
        pl.when(pl.col("source_path_right").is_null()).then(pl.lit("missing")).otherwise(pl.lit("reappeared"))
          .alias("event"),
    ).sort("source_path")
    return [{**row, "seen_at": now, "run_id": run_id} for row in events.iter_rows(named=True)]


@dg.multi_asset(
    specs=[
        dg.AssetSpec(FILES, group_name="raw", description="Ledger of every landed file: loaded, duplicate or rejected, with a reason."),
        dg.AssetSpec(ARTICLES, group_name="raw", description="One row per distinct article text (content-hash id)."),
        dg.AssetSpec(FILE_EVENTS, group_name="raw",
                     description="Loaded files that went missing from the landing folder (their data is kept), and their return."),
    ],
)
def ingest_landing_folder(context: dg.AssetExecutionContext, warehouse: WarehouseResource, landing: LandingFolder):
    """Reads new files of the landing folder. A file already in the ledger with the same bytes is
    skipped; an article whose text is already loaded makes the file a 'duplicate'. Nothing is ever
    deleted: a loaded file that is no longer in the folder is recorded in raw.file_events."""
    folder = Path(landing.path)
    run_id = context.run.run_id
    now = utc_now()
    entries = landed_entries(folder)
    with warehouse.reader(run_id) as con:
        to_check = entries_to_check(con, entries)
        # what the ledger holds, only needed when some entry must be looked at
        known = set(con.execute("SELECT source_path, content_hash FROM raw.files").fetchall()) if to_check else set()
        known_articles = ({row[0] for row in con.execute("SELECT article_id FROM raw.articles").fetchall()}
                          if to_check else set())
    known_paths = {source for source, _ in known}
    file_rows, article_rows = [], []
    pending_chars = new_files = new_articles = 0
    signatures: list[tuple[str, str, int | None, int]] = []  # known files whose size and time to record
    now_ns = int(now.replace(tzinfo=timezone.utc).timestamp() * 1e9)
    hashes: dict[str, str] = {}  # of the entries looked at

    def copies_a_snapshot() -> bool:
        """The next write makes the run's working copy from a published snapshot, and the run's
        later steps execute in this process."""
        files = warehouse.files
        return (not files.has_workspace(run_id) and files.published.exists()
                and steps_share_this_process(context.run.run_config))

    def flush() -> None:
        """Write the rows read so far (the writer, and the run's working copy, only now), so that
        memory holds one flush of article text, never the whole landing folder."""
        nonlocal file_rows, article_rows, pending_chars, new_files, new_articles
        if file_rows:
            if copies_a_snapshot():
                # the curated step and the checks will need GX in this process: import it while
                # the kernel copies the snapshot (GIL released), not during the reading above,
                # where it competes for the GIL (20k files: 8.2 s alone, 13.1 s with the import)
                preload_gx()
            with warehouse.writer(run_id) as con:
                con.execute("BEGIN")
                insert_frame(con, "raw.files", pl.DataFrame(file_rows, infer_schema_length=None))
                insert_frame(con, "raw.articles", pl.DataFrame(article_rows, infer_schema_length=None))
                con.execute("COMMIT")
        new_files, new_articles = new_files + len(file_rows), new_articles + len(article_rows)
        file_rows, article_rows, pending_chars = [], [], 0

    for entry in to_check:
        # a path the ledger has seen may hold bytes it already has; a new path is read once, below
        quick_hash = None if entry.listing_error or entry.source not in known_paths else _content_hash(entry.path)
        if quick_hash is not None and (entry.source, quick_hash) in known:
            hashes[entry.source] = quick_hash  # same bytes as before: nothing to read
            if settled_mtime(entry, now_ns) is not None:
                # remember what the file looks like, so the next run need not hash it
                signatures.append((entry.source, quick_hash, entry.size, entry.mtime_ns))
            continue
        outcome = read_entry(entry)
        source = entry.source
        hashes[source] = outcome.content_hash
        if (source, outcome.content_hash) in known:
            continue
        status, reason, loaded = outcome.status, outcome.reason, 0
        if status == "loaded":
            duplicates = []
            for record in outcome.records:
                article_id = article_id_for(record)
                if article_id in known_articles:
                    duplicates.append(article_id)
                    continue
                known_articles.add(article_id)
                loaded += 1
                pending_chars += len(record.text)
                article_rows.append({
                    "article_id": article_id, "source_path": source, "record_index": record.record_index,
                    "title": record.title, "url": record.url, "published_date": record.published,
                    "text": record.text, "ingested_at": now,
                })
            if loaded == 0:
                status = "duplicate"
                reason = "; ".join(filter(None, [
                    f"all {len(duplicates)} article(s) already loaded (same text under another name)", reason]))
            elif duplicates:
                reason = "; ".join(filter(None, [reason, f"{len(duplicates)} article(s) already loaded"]))
        known.add((source, outcome.content_hash))
        file_rows.append({
            "source_path": source, "content_hash": outcome.content_hash, "status": status, "reason": reason,
            "article_count": loaded, "size_bytes": outcome.size_bytes, "encoding": outcome.encoding,
            "seen_at": now, "run_id": run_id, "mtime_ns": settled_mtime(entry, now_ns),
        })
        if status == "rejected":
            context.log.warning(f"rejected {source}: {reason}")
        if pending_chars >= FLUSH_CHARS or len(file_rows) >= FLUSH_FILES:
            flush()
    flush()
    with warehouse.reader(run_id) as con:  # after the flushes: this run's files count as present
        events = file_events(con, entries, hashes, now, run_id)
    changed = bool(new_files or events or signatures)
    with warehouse.connect(run_id, read_only=not changed) as con:
        if events or signatures:
            con.execute("BEGIN")
            if signatures:  # one set-based UPDATE: row by row costs milliseconds each
                con.register("_signatures", pl.DataFrame(
                    signatures, schema={"source_path": pl.String, "content_hash": pl.String, "size_bytes": pl.Int64,
                                        "mtime_ns": pl.Int64}, orient="row"))
                try:
                    con.execute("""UPDATE raw.files f SET size_bytes = s.size_bytes, mtime_ns = s.mtime_ns FROM _signatures s
                                   WHERE f.source_path = s.source_path AND f.content_hash = s.content_hash""")
                finally:
                    con.unregister("_signatures")
            insert_frame(con, "raw.file_events", pl.DataFrame(events, infer_schema_length=None))
            con.execute("COMMIT")
        missing = [e["source_path"] for e in events if e["event"] == "missing"]
        if missing:
            context.log.warning(f"{len(missing)} loaded file(s) no longer in {folder} (their data is kept, "
                                f"see raw.file_events): {', '.join(missing[:10])}{' ...' if len(missing) > 10 else ''}")
        status_counts = dict(con.execute("SELECT status, count(*) FROM raw.files GROUP BY status").fetchall())
        yield dg.MaterializeResult(asset_key=FILES, metadata=table_metadata(
            con, "raw.files", new_files=new_files, landed_entries=len(entries),
            **{f"files_{k}": dg.MetadataValue.int(int(v)) for k, v in status_counts.items()}))
        yield dg.MaterializeResult(asset_key=ARTICLES, metadata=table_metadata(con, "raw.articles", new_articles=new_articles))
        yield dg.MaterializeResult(asset_key=FILE_EVENTS, metadata=table_metadata(
            con, "raw.file_events", new_missing=len(missing), new_reappeared=len(events) - len(missing)))
