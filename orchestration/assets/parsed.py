"""parsed group: cleaned bodies, sentences, gazetteer mentions, quantities, and per-article event
reports. Each asset processes only articles it has not processed at the current rules version."""


from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb
import polars as pl

from orchestration import progress
from orchestration.metadata import insert_frame, table_metadata, utc_now
from orchestration.resources import WarehouseResource
from orchestration.fanout import FanOutConfig, batches, fan_out
from transforms.clean import clean_articles
from transforms.dates import publication_date_from_text, reference_years
from transforms.parsed_batches import REPORT_SCHEMAS, extract_batch, mentions_batch, quantities_batch
from transforms.reference import load_reference
from transforms.sentences import split_sentences
from transforms.sql_literals import sql_text

# Bump when extraction rules change: every article is then re-extracted on the next run.
EXTRACTOR_VERSION = "2026-11-23.1"
# Bump when number parsing or the parsed.quantities columns change.
QUANTITIES_VERSION = "2"

ARTICLES = dg.AssetKey(["parsed", "articles"])
SENTENCES = dg.AssetKey(["parsed", "sentences"])
MENTIONS = dg.AssetKey(["parsed", "mentions"])
QUANTITIES = dg.AssetKey(["parsed", "quantities"])
STRIKE_REPORTS = dg.AssetKey(["parsed", "strike_reports"])
TALK_REPORTS = dg.AssetKey(["parsed", "talk_reports"])
PROPOSAL_REPORTS = dg.AssetKey(["parsed", "proposal_reports"])
REPORT_CLAIMS = dg.AssetKey(["parsed", "report_claims"])


def of_articles(article_ids: list[str]) -> tuple[str, list]:
    """SQL condition and parameters for the rows of these articles. The id range lets DuckDB skip
    row groups by their min/max statistics: each stage handles and inserts a run's articles in id
    order, so one batch's rows sit together and a batch read does not scan the whole table."""
    return ("article_id BETWEEN ? AND ? AND article_id IN (SELECT unnest(?))",
            [min(article_ids, default=""), max(article_ids, default=""), article_ids])


def pending_articles(con, stage: str, version: str = "1") -> list[str]:
    rows = con.execute(
        f"""SELECT a.article_id FROM parsed.articles a
            WHERE NOT EXISTS (SELECT 1 FROM parsed.processing_log l WHERE l.article_id = a.article_id
                              AND l.stage = {sql_text(stage)} AND l.version = {sql_text(version)})
            ORDER BY a.article_id"""
    ).fetchall()
    return [r[0] for r in rows]


def mark_processed(con, stage: str, article_ids: list[str], version: str = "1") -> None:
    if not article_ids:
        return
    condition, params = of_articles(article_ids)
    con.execute(f"DELETE FROM parsed.processing_log WHERE stage = ? AND {condition}", [stage, *params])
    insert_frame(con, "parsed.processing_log", pl.DataFrame({
        "article_id": article_ids, "stage": stage, "version": version, "processed_at": [utc_now()] * len(article_ids)}))


@dg.asset(key=ARTICLES, deps=[dg.AssetKey(["raw", "articles"])], group_name="parsed")
def parsed_articles(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Article bodies without page debris, with the publication date (metadata, else a byline or
    dateline in the text) and the latest year the text states."""
    with warehouse.reader(context.run.run_id) as con:
        waiting = con.execute("SELECT count(*) FROM raw.articles ANTI JOIN parsed.articles USING (article_id)").fetchone()[0]
    with warehouse.connect(context.run.run_id, read_only=not waiting) as con:  # the writer only when there is work
        # The new raw rows in id order (later stages read batches by id range), taken
        # ARTICLE_BATCH rows at a time: memory is bounded by the batch, not the backlog. The
        # reading cursor is its own connection, so this one can write in between.
        new_articles = 0
        for low, high in id_slices(waiting, SORT_SLICE_ARTICLES) if waiting else ():
            reader = con.cursor().execute(
                """SELECT article_id, title, published_date, text FROM raw.articles
                   ANTI JOIN parsed.articles USING (article_id)
                   WHERE (article_id >= ? OR ? IS NULL) AND (article_id < ? OR ? IS NULL)
                   ORDER BY article_id""", [low, low, high, high]).to_arrow_reader(ARTICLE_BATCH)
            for batch in reader:
                new = pl.from_arrow(batch)
                insert_frame(con, "parsed.articles", clean_batch(new))
                new_articles += new.height
        return dg.MaterializeResult(metadata=table_metadata(con, "parsed.articles", new_articles=new_articles))


# Articles cleaned per batch by parsed/articles (about 25 MB of text at news-article sizes).
ARTICLE_BATCH = 5000
# parsed/articles sorts the new texts by id one slice of the id space at a time, about this many
# articles each: sorting 1M articles' texts (4.5 GB) at once ran out of DuckDB's memory limit.
SORT_SLICE_ARTICLES = 50_000


def id_slices(articles: int, per_slice: int) -> list[tuple[str | None, str | None]]:
    """[low, high) bounds that split the article ids (sha256 hex digests, so evenly spread over
    their first hex digits) into about `articles / per_slice` slices, in id order. The first
    slice has no lower bound and the last no upper one, so every string is in exactly one."""
    count = min(max(1, -(-articles // per_slice)), 16 ** 4)
    bounds = [f"{i * 16 ** 4 // count:04x}" for i in range(1, count)]
    return list(zip([None, *bounds], [*bounds, None]))


def clean_batch(new: pl.DataFrame) -> pl.DataFrame:
    """parsed.articles rows for raw rows (article_id, title, published_date, text)."""
    cleaned = clean_articles(new.select("article_id", "text"))
    rows = []
    for (article_id, title, published, _), (body, removed), year in zip(
        new.iter_rows(), cleaned.select("body", "removed_lines").iter_rows(), reference_years(cleaned["body"])
    ):
        source = "metadata" if published else None
        if published is None:
            published, source = publication_date_from_text(body)
        rows.append({"article_id": article_id, "title": title, "published_date": published,
                     "published_source": source, "reference_year": year,
                     "body": body, "removed_lines": removed})
    return pl.DataFrame(rows, schema={
        "article_id": pl.String, "title": pl.String, "published_date": pl.Date, "published_source": pl.String,
        "reference_year": pl.Int32, "body": pl.String, "removed_lines": pl.Int32})


@dg.asset(key=SENTENCES, deps=[ARTICLES], group_name="parsed")
def parsed_sentences(context: dg.AssetExecutionContext, config: FanOutConfig, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Sentences with character offsets into the cleaned body."""
    with warehouse.reader(context.run.run_id) as con:
        pending = [r[0] for r in con.execute(
            """SELECT a.article_id FROM parsed.articles a
               WHERE NOT EXISTS (SELECT 1 FROM parsed.sentences s WHERE s.article_id = a.article_id)
               ORDER BY a.article_id""").fetchall()]
    with warehouse.connect(context.run.run_id, read_only=not pending) as con:
        tasks = (_rows_of(con, "SELECT article_id, body FROM parsed.articles", batch)
                 for batch in batches(pending, config.batch_size))
        for frame in fan_out(split_sentences, tasks, config.worker_count(len(pending))):
            insert_frame(con, "parsed.sentences", frame)
        return dg.MaterializeResult(metadata=table_metadata(con, "parsed.sentences", new_articles=len(pending)))


def _rows_of(con, select: str, article_ids: list[str], order_by: str = "") -> pl.DataFrame:
    condition, params = of_articles(article_ids)
    return con.execute(f"{select} WHERE {condition} {order_by}", params).pl()


def _sentences_for(con, article_ids: list[str]) -> pl.DataFrame:
    return _rows_of(con, "SELECT article_id, sentence_idx, text, char_start FROM parsed.sentences", article_ids,
                    "ORDER BY article_id, sentence_idx")


@contextmanager
def process_pending(warehouse: WarehouseResource, run_id: str, stage: str, version: str, tables: tuple[str, ...],
                    read, work, config: FanOutConfig, log=None) -> Iterator[tuple[duckdb.DuckDBPyConnection, int]]:
    """Run `work(read(con, batch))` for every article this stage has not processed at `version`,
    in batches fanned out over worker processes, and replace each batch's rows of `tables` (one
    transaction per batch, so memory holds a few batches, never the corpus). `work` returns one
    frame per table. The pending list is read first; the run's working copy is opened for writing
    only when something is pending. Yields the connection (for metadata) and how many articles
    were processed."""
    with warehouse.reader(run_id) as con:
        pending = pending_articles(con, stage, version)
    workers = config.worker_count(len(pending))
    chunks = batches(pending, config.batch_size)
    if log and workers > 1:
        log.info(f"{stage}: {len(pending)} articles in {len(chunks)} batches on {workers} processes")
    with warehouse.connect(run_id, read_only=not pending) as con:
        tasks = (read(con, chunk) for chunk in chunks)
        for done, (chunk, frames) in enumerate(zip(chunks, fan_out(work, tasks, workers)), start=1):
            condition, params = of_articles(chunk)
            con.execute("BEGIN")
            for table, frame in zip(tables, frames):
                con.execute(f"DELETE FROM {table} WHERE {condition}", params)
                insert_frame(con, table, frame)
            mark_processed(con, stage, chunk, version)
            con.execute("COMMIT")
            if len(chunks) > 1:
                progress.report(f"{stage}: batch {done}/{len(chunks)}")
        yield con, len(pending)


@dg.asset(key=MENTIONS, deps=[SENTENCES], group_name="parsed")
def parsed_mentions(context: dg.AssetExecutionContext, config: FanOutConfig, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """People, places, organisations and weapons from the seeds/reference gazetteers."""
    reference = load_reference()
    with process_pending(warehouse, context.run.run_id, "mentions", reference_version(reference), ("parsed.mentions",),
                         lambda c, chunk: (reference, _sentences_for(c, chunk)), mentions_batch, config,
                         context.log) as (con, done):
        return dg.MaterializeResult(metadata=table_metadata(con, "parsed.mentions", new_articles=done))


def reference_version(reference) -> str:
    return ";".join(f"{k}={v}" for k, v in sorted(reference.version.items()))


@dg.asset(key=QUANTITIES, deps=[SENTENCES], group_name="parsed")
def parsed_quantities(context: dg.AssetExecutionContext, config: FanOutConfig, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Every number as written, with value, range, qualifier and the noun it counts."""
    with process_pending(warehouse, context.run.run_id, "quantities", QUANTITIES_VERSION, ("parsed.quantities",),
                         _sentences_for, quantities_batch, config, context.log) as (con, done):
        return dg.MaterializeResult(metadata=table_metadata(con, "parsed.quantities", new_articles=done))


def read_view_inputs(con, article_ids: list[str]) -> tuple[pl.DataFrame, ...]:
    """What the extractors need of these articles: article rows, sentences, mentions, quantities."""
    articles = _rows_of(con, "SELECT article_id, published_date, reference_year, body FROM parsed.articles", article_ids)
    mentions = _rows_of(con, """SELECT article_id, sentence_idx, kind, surface, canonical_id, canonical_name, char_start
                                FROM parsed.mentions""", article_ids)
    quantities = _rows_of(con, """SELECT article_id, sentence_idx, surface, value, low, high, qualifier, char_start,
                                         char_end, number_start FROM parsed.quantities""", article_ids)
    return articles, _sentences_for(con, article_ids), mentions, quantities


@dg.multi_asset(
    specs=[
        dg.AssetSpec(STRIKE_REPORTS, group_name="parsed", deps=[MENTIONS, QUANTITIES],
                     description="Attack waves as each article reports them."),
        dg.AssetSpec(TALK_REPORTS, group_name="parsed", deps=[MENTIONS], description="Meetings as each article reports them."),
        dg.AssetSpec(PROPOSAL_REPORTS, group_name="parsed", deps=[MENTIONS], description="Peace plans as each article reports them."),
        dg.AssetSpec(REPORT_CLAIMS, group_name="parsed", deps=[MENTIONS],
                     description="Every extracted figure/fact with its evidence sentence, per article."),
    ],
)
def extracted_reports(context: dg.AssetExecutionContext, config: FanOutConfig, warehouse: WarehouseResource):
    """Rule-based extraction of strikes, talks and proposals, per article. Articles are
    re-extracted when EXTRACTOR_VERSION or the reference data version changes. Batches fan out
    over worker processes that get their inputs as frames and never open DuckDB; this process
    alone reads and writes the warehouse (DuckDB: one writer, or many readers)."""
    reference = load_reference()
    version = f"{EXTRACTOR_VERSION};{reference_version(reference)}"
    with process_pending(warehouse, context.run.run_id, "extract", version, tuple(REPORT_SCHEMAS),
                         lambda c, chunk: (reference, read_view_inputs(c, chunk)), extract_batch, config,
                         context.log) as (con, done):
        for key, table in ((STRIKE_REPORTS, "parsed.strike_reports"), (TALK_REPORTS, "parsed.talk_reports"),
                           (PROPOSAL_REPORTS, "parsed.proposal_reports"), (REPORT_CLAIMS, "parsed.report_claims")):
            yield dg.MaterializeResult(asset_key=key, metadata=table_metadata(con, table, articles_extracted=done))
