"""parsed group: cleaned bodies, sentences, gazetteer mentions, quantities, and per-article event
reports. Each asset processes only articles it has not processed at the current rules version."""


import multiprocessing
import os
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone

import dagster as dg
import polars as pl

from orchestration import progress
from orchestration.metadata import insert_frame, table_metadata
from orchestration.resources import WarehouseResource
from orchestration.warehouse import connect_working_copy
from transforms.article_view import ArticleView, Mention, SentenceView
from transforms.clean import clean_articles
from transforms.dates import dateline_day, publication_date_from_text, reference_year
from transforms.mentions import MentionFinder
from transforms.proposals import extract_proposals
from transforms.quantities import quantities_frame
from transforms.reference import load_reference
from transforms.sentences import split_sentences
from transforms.strikes import extract_strikes
from transforms.talks import extract_talks, talk_lookups

# Bump when extraction rules change: every article is then re-extracted on the next run.
EXTRACTOR_VERSION = "2026-11-23.1"

ARTICLES = dg.AssetKey(["parsed", "articles"])
SENTENCES = dg.AssetKey(["parsed", "sentences"])
MENTIONS = dg.AssetKey(["parsed", "mentions"])
QUANTITIES = dg.AssetKey(["parsed", "quantities"])
STRIKE_REPORTS = dg.AssetKey(["parsed", "strike_reports"])
TALK_REPORTS = dg.AssetKey(["parsed", "talk_reports"])
PROPOSAL_REPORTS = dg.AssetKey(["parsed", "proposal_reports"])
REPORT_CLAIMS = dg.AssetKey(["parsed", "report_claims"])


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def pending_articles(con, stage: str, version: str = "1") -> list[str]:
    rows = con.execute(
        """SELECT a.article_id FROM parsed.articles a
           WHERE NOT EXISTS (SELECT 1 FROM parsed.processing_log l
                             WHERE l.article_id = a.article_id AND l.stage = ? AND l.version = ?)""",
        [stage, version],
    ).fetchall()
    return [r[0] for r in rows]


def mark_processed(con, stage: str, article_ids: list[str], version: str = "1") -> None:
    if not article_ids:
        return
    con.execute("DELETE FROM parsed.processing_log WHERE stage = ? AND article_id IN (SELECT unnest(?))", [stage, article_ids])
    insert_frame(con, "parsed.processing_log", pl.DataFrame({
        "article_id": article_ids, "stage": stage, "version": version, "processed_at": [_now()] * len(article_ids)}))


@dg.asset(key=ARTICLES, deps=[dg.AssetKey(["raw", "articles"])], group_name="parsed")
def parsed_articles(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Article bodies without page debris, with the publication date (metadata, else a byline or
    dateline in the text) and the latest year the text states."""
    with warehouse.reader(context.run.run_id) as con:
        new = con.execute(
            """SELECT r.article_id, r.title, r.published_date, r.text FROM raw.articles r
               ANTI JOIN parsed.articles p USING (article_id)"""
        ).pl()
    with warehouse.connect(context.run.run_id, read_only=not new.height) as con:  # writer only when new
        if new.height:
            cleaned = clean_articles(new.select("article_id", "text"))
            rows = []
            for (article_id, title, published, _), (body, removed) in zip(
                new.iter_rows(), cleaned.select("body", "removed_lines").iter_rows()
            ):
                source = "metadata" if published else None
                if published is None:
                    published, source = publication_date_from_text(body)
                rows.append({"article_id": article_id, "title": title, "published_date": published,
                             "published_source": source, "reference_year": reference_year(body),
                             "body": body, "removed_lines": removed})
            insert_frame(con, "parsed.articles", pl.DataFrame(rows, schema={
                "article_id": pl.String, "title": pl.String, "published_date": pl.Date, "published_source": pl.String,
                "reference_year": pl.Int32, "body": pl.String, "removed_lines": pl.Int32}))
        return dg.MaterializeResult(metadata=table_metadata(con, "parsed.articles", new_articles=new.height))


@dg.asset(key=SENTENCES, deps=[ARTICLES], group_name="parsed")
def parsed_sentences(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Sentences with character offsets into the cleaned body."""
    with warehouse.reader(context.run.run_id) as con:
        new = con.execute(
            """SELECT a.article_id, a.body FROM parsed.articles a
               WHERE NOT EXISTS (SELECT 1 FROM parsed.sentences s WHERE s.article_id = a.article_id)"""
        ).pl()
    with warehouse.connect(context.run.run_id, read_only=not new.height) as con:
        if new.height:
            insert_frame(con, "parsed.sentences", split_sentences(new))
        return dg.MaterializeResult(metadata=table_metadata(con, "parsed.sentences", new_articles=new.height))


def _sentences_for(con, article_ids: list[str]) -> pl.DataFrame:
    return con.execute(
        """SELECT article_id, sentence_idx, text, char_start FROM parsed.sentences
           WHERE article_id IN (SELECT unnest(?)) ORDER BY article_id, sentence_idx""",
        [article_ids],
    ).pl()


@dg.asset(key=MENTIONS, deps=[SENTENCES], group_name="parsed")
def parsed_mentions(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """People, places, organisations and weapons from the seeds/reference gazetteers."""
    reference = load_reference()
    finder = MentionFinder(reference)
    with warehouse.reader(context.run.run_id) as con:
        pending = pending_articles(con, "mentions", reference_version(reference))
    with warehouse.connect(context.run.run_id, read_only=not pending) as con:
        if pending:
            con.execute("DELETE FROM parsed.mentions WHERE article_id IN (SELECT unnest(?))", [pending])
            insert_frame(con, "parsed.mentions", finder.find(_sentences_for(con, pending)))
            mark_processed(con, "mentions", pending, reference_version(reference))
        return dg.MaterializeResult(metadata=table_metadata(con, "parsed.mentions", new_articles=len(pending)))


def reference_version(reference) -> str:
    return ";".join(f"{k}={v}" for k, v in sorted(reference.version.items()))


@dg.asset(key=QUANTITIES, deps=[SENTENCES], group_name="parsed")
def parsed_quantities(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Every number as written, with value, range, qualifier and the noun it counts."""
    with warehouse.reader(context.run.run_id) as con:
        pending = pending_articles(con, "quantities")
    with warehouse.connect(context.run.run_id, read_only=not pending) as con:
        if pending:
            insert_frame(con, "parsed.quantities", quantities_frame(_sentences_for(con, pending)))
            mark_processed(con, "quantities", pending)
        return dg.MaterializeResult(metadata=table_metadata(con, "parsed.quantities", new_articles=len(pending)))


def article_views(con, article_ids: list[str]) -> list[ArticleView]:
    """What the extractors see: sentences with their mentions (offsets relative to the sentence)."""
    meta = con.execute(
        "SELECT article_id, published_date, reference_year, body FROM parsed.articles WHERE article_id IN (SELECT unnest(?))",
        [article_ids]).fetchall()
    sentences = _sentences_for(con, article_ids)
    mentions = con.execute(
        """SELECT article_id, sentence_idx, kind, surface, canonical_id, canonical_name, char_start
           FROM parsed.mentions WHERE article_id IN (SELECT unnest(?)) ORDER BY article_id, sentence_idx, char_start""",
        [article_ids]).fetchall()
    by_sentence: dict[tuple[str, int], list[tuple]] = defaultdict(list)
    for row in mentions:
        by_sentence[(row[0], row[1])].append(row)
    per_article: dict[str, list[SentenceView]] = defaultdict(list)
    for article_id, idx, text, offset in sentences.iter_rows():
        found = tuple(
            Mention(kind, surface, cid, cname, start - offset, start - offset + len(surface))
            for _, _, kind, surface, cid, cname, start in by_sentence.get((article_id, idx), ())
        )
        per_article[article_id].append(SentenceView(idx, text, offset, found))
    return [
        ArticleView(article_id, published, ref_year, dateline_day(body), tuple(per_article.get(article_id, ())))
        for article_id, published, ref_year, body in meta
    ]


REPORT_SCHEMAS = {
    "parsed.strike_reports": {
        "article_id": pl.String, "report_key": pl.String, "attacker": pl.String, "target_country": pl.String,
        "event_date": pl.Date, "date_precision": pl.String, "event_month": pl.Int32, "event_day": pl.Int32,
        **{f: pl.Int32 for f in ("drones_launched", "missiles_launched", "drones_intercepted",
                                 "missiles_intercepted", "killed", "injured")},
        "weapons": pl.List(pl.String), "locations": pl.List(pl.String), "targets": pl.List(pl.String),
        "claimant": pl.String,
    },
    "parsed.talk_reports": {
        "article_id": pl.String, "report_key": pl.String, "location": pl.String, "country": pl.String,
        "start_date": pl.Date, "end_date": pl.Date, "date_precision": pl.String,
        "participants": pl.List(pl.String), "parties": pl.List(pl.String), "status": pl.String,
    },
    "parsed.proposal_reports": {
        "article_id": pl.String, "report_key": pl.String, "name": pl.String, "point_count": pl.Int32,
        "sponsors": pl.List(pl.String), "status": pl.String, "reported_on": pl.Date,
    },
    "parsed.report_claims": {
        "article_id": pl.String, "fact_table": pl.String, "report_key": pl.String, "field": pl.String,
        "value": pl.String, "value_num": pl.Float64, "qualifier": pl.String, "low": pl.Float64, "high": pl.Float64,
        "claimant": pl.String, "sentence_idx": pl.Int32, "char_start": pl.Int64, "char_end": pl.Int64,
        "evidence": pl.String,
    },
}


def _frame(table: str, rows: list[dict]) -> pl.DataFrame:
    schema = REPORT_SCHEMAS[table]
    return pl.DataFrame([{k: r.get(k) for k in schema} for r in rows], schema=schema)


def extract_reports(views: list[ArticleView], reference) -> dict[str, pl.DataFrame]:
    """Run the three extractors over article views (pure; used by the asset and the benchmark)."""
    weapon_category = dict(zip(reference.weapons["weapon_id"], reference.weapons["category"]))
    place_info = {pid: (name, kind, country) for pid, name, kind, country in
                  reference.places.select("place_id", "name", "kind", "country").iter_rows()}
    lookups = talk_lookups(reference.places, reference.people)
    out: dict[str, list[dict]] = {t: [] for t in REPORT_SCHEMAS}
    for done, view in enumerate(views, start=1):
        if done % 5000 == 0:
            progress.report(f"extraction: {done}/{len(views)} articles")
        strikes, strike_claims = extract_strikes(view, weapon_category, place_info)
        talks, talk_claims = extract_talks(view, reference.places, reference.people, lookups)
        proposals, proposal_claims = extract_proposals(view)
        out["parsed.strike_reports"] += strikes
        out["parsed.talk_reports"] += talks
        out["parsed.proposal_reports"] += proposals
        out["parsed.report_claims"] += strike_claims + talk_claims + proposal_claims
    return {table: _frame(table, rows) for table, rows in out.items()}


class ExtractionConfig(dg.Config):
    """workers: extraction processes (0 = one per CPU); batch_size: articles per task.
    Below `parallel_threshold` pending articles everything runs in this process."""

    workers: int = 0
    batch_size: int = 2000
    parallel_threshold: int = 4000


def _extract_batch(task: tuple[str, list[str]]) -> dict[str, pl.DataFrame]:
    """Worker: read one batch's article views from the working copy (read-only) and extract."""
    db_path, article_ids = task
    with connect_working_copy(db_path, read_only=True) as con:  # shared lock: waits for a writer
        views = article_views(con, article_ids)
    return extract_reports(views, load_reference())


def extract_in_batches(db_path, pending: list[str], config: ExtractionConfig, log=None) -> dict[str, pl.DataFrame]:
    batches = [pending[i:i + config.batch_size] for i in range(0, len(pending), config.batch_size)] or [[]]
    workers = config.workers or os.cpu_count() or 1
    tasks = [(str(db_path), batch) for batch in batches]
    if workers > 1 and len(pending) >= config.parallel_threshold:
        if log:
            log.info(f"extracting {len(pending)} articles in {len(batches)} batches on {workers} processes")
        # spawn: a clean interpreter per worker (forking a process with Dagster's threads is unsafe)
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            results = []
            for done, result in enumerate(pool.map(_extract_batch, tasks), start=1):
                results.append(result)
                progress.report(f"extraction: batch {done}/{len(batches)}")
    else:
        results = [_extract_batch(task) for task in tasks]
    return {table: pl.concat([r[table] for r in results], how="vertical") for table in REPORT_SCHEMAS}


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
def extracted_reports(context: dg.AssetExecutionContext, config: ExtractionConfig, warehouse: WarehouseResource):
    """Rule-based extraction of strikes, talks and proposals, per article. Articles are
    re-extracted when EXTRACTOR_VERSION or the reference data version changes. Large batches
    fan out over worker processes that only read the run's working copy; this process alone
    writes the results (DuckDB: one writer, or many readers)."""
    reference = load_reference()
    version = f"{EXTRACTOR_VERSION};{reference_version(reference)}"
    run_id = context.run.run_id
    with warehouse.reader(run_id) as con:
        pending = pending_articles(con, "extract", version)
    if pending:
        # No connection is open here, so worker processes may open the working copy read-only.
        frames = extract_in_batches(warehouse.files.ensure_workspace(run_id), pending, config, context.log)
    with warehouse.connect(run_id, read_only=not pending) as con:
        if pending:
            con.execute("BEGIN")
            for table, frame in frames.items():
                con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [pending])
                insert_frame(con, table, frame)
            mark_processed(con, "extract", pending, version)
            con.execute("COMMIT")
        for key, table in ((STRIKE_REPORTS, "parsed.strike_reports"), (TALK_REPORTS, "parsed.talk_reports"),
                           (PROPOSAL_REPORTS, "parsed.proposal_reports"), (REPORT_CLAIMS, "parsed.report_claims")):
            yield dg.MaterializeResult(asset_key=key, metadata=table_metadata(con, table, articles_extracted=len(pending)))
