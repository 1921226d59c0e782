"""raw group: every landed file into the ledger (raw.files) and its articles into raw.articles."""


from datetime import datetime, timezone
from pathlib import Path

import dagster as dg
import polars as pl

from orchestration.metadata import insert_frame, table_metadata
from orchestration.resources import LandingFolder, WarehouseResource
from transforms.ingest import article_id_for, read_landed_file

FILES = dg.AssetKey(["raw", "files"])
ARTICLES = dg.AssetKey(["raw", "articles"])


def landed_files(folder: Path) -> list[Path]:
    """Every entry of the landing folder (recursively), symlinks included: nothing is skipped
    silently; unreadable entries become rejected ledger rows."""
    if not folder.exists():
        raise FileNotFoundError(f"landing folder {folder} does not exist")
    return sorted(p for p in folder.rglob("*") if p.is_symlink() or p.is_file())


@dg.multi_asset(
    specs=[
        dg.AssetSpec(FILES, group_name="raw", description="Ledger of every landed file: loaded, duplicate or rejected, with a reason."),
        dg.AssetSpec(ARTICLES, group_name="raw", description="One row per distinct article text (content-hash id)."),
    ],
)
def ingest_landing_folder(context: dg.AssetExecutionContext, warehouse: WarehouseResource, landing: LandingFolder):
    """Reads new files of the landing folder. A file already in the ledger with the same bytes is
    skipped; an article whose text is already loaded makes the file a 'duplicate'."""
    folder = Path(landing.path)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    with warehouse.connect(context.run.run_id) as con:
        known = set(con.execute("SELECT source_path, content_hash FROM raw.files").fetchall())
        known_articles = {row[0] for row in con.execute("SELECT article_id FROM raw.articles").fetchall()}
        file_rows, article_rows = [], []
        for path in landed_files(folder):
            outcome = read_landed_file(path)
            source = str(path.relative_to(folder)) if path.is_relative_to(folder) else str(path)
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
                    article_rows.append({
                        "article_id": article_id, "source_path": source, "record_index": record.record_index,
                        "title": record.title, "url": record.url, "published_date": record.published,
                        "text": record.text, "ingested_at": now,
                    })
                if loaded == 0:
                    status = "duplicate"
                    reason = f"all {len(duplicates)} article(s) already loaded (same text under another name)"
                elif duplicates:
                    reason = "; ".join(filter(None, [reason, f"{len(duplicates)} article(s) already loaded"]))
            known.add((source, outcome.content_hash))
            file_rows.append({
                "source_path": source, "content_hash": outcome.content_hash, "status": status, "reason": reason,
                "article_count": loaded, "size_bytes": outcome.size_bytes, "encoding": getattr(outcome, "encoding", None),
                "seen_at": now, "run_id": context.run.run_id,
            })
            if status == "rejected":
                context.log.warning(f"rejected {source}: {reason}")
        con.execute("BEGIN")
        insert_frame(con, "raw.files", pl.DataFrame(file_rows, infer_schema_length=None))
        insert_frame(con, "raw.articles", pl.DataFrame(article_rows, infer_schema_length=None))
        con.execute("COMMIT")
        status_counts = dict(con.execute("SELECT status, count(*) FROM raw.files GROUP BY status").fetchall())
        yield dg.MaterializeResult(asset_key=FILES, metadata=table_metadata(
            con, "raw.files", new_files=len(file_rows),
            **{f"files_{k}": dg.MetadataValue.int(int(v)) for k, v in status_counts.items()}))
        yield dg.MaterializeResult(asset_key=ARTICLES, metadata=table_metadata(con, "raw.articles", new_articles=len(article_rows)))
