"""The per-batch work of the parsed stages: what a fan-out worker process runs.

Pure functions from frames to frames, with no Dagster and no DuckDB, so that a spawned worker
imports only these transforms (about 45 MB) and not the orchestration layer (Dagster alone adds
about 80 MB to every worker). Sentence splitting needs no wrapper: its worker runs
`transforms.sentences.split_sentences` itself. The assets in orchestration/assets/parsed.py
read each batch's inputs, hand them here, and write the results.
"""

from __future__ import annotations

import polars as pl

from transforms.article_view import ArticleView, build_article_views
from transforms.mentions import MentionFinder
from transforms.proposals import extract_proposals
from transforms.quantities import quantities_frame
from transforms.reference import Reference
from transforms.strikes import extract_strikes
from transforms.talks import extract_talks, talk_lookups


def mentions_batch(task: tuple[Reference, pl.DataFrame]) -> tuple[pl.DataFrame]:
    """parsed.mentions rows for one batch's sentences."""
    reference, sentences = task
    return (MentionFinder(reference).find(sentences),)


def quantities_batch(sentences: pl.DataFrame) -> tuple[pl.DataFrame]:
    """parsed.quantities rows for one batch's sentences."""
    return (quantities_frame(sentences),)


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


def report_frame(table: str, rows: list[dict]) -> pl.DataFrame:
    # Polars reads the schema's keys from each dict itself (a missing key is null, others are
    # ignored), with the same casts as for dicts narrowed to the schema first.
    return pl.DataFrame(rows, schema=REPORT_SCHEMAS[table])


def extract_reports(views: list[ArticleView], reference: Reference) -> dict[str, pl.DataFrame]:
    """Run the three extractors over article views (pure: what each extraction worker runs)."""
    weapon_category = dict(zip(reference.weapons["weapon_id"], reference.weapons["category"]))
    place_info = {pid: (name, kind, country) for pid, name, kind, country in
                  reference.places.select("place_id", "name", "kind", "country").iter_rows()}
    lookups = talk_lookups(reference.places, reference.people)
    out: dict[str, list[dict]] = {t: [] for t in REPORT_SCHEMAS}
    for view in views:
        strikes, strike_claims = extract_strikes(view, weapon_category, place_info)
        talks, talk_claims = extract_talks(view, reference.places, reference.people, lookups)
        proposals, proposal_claims = extract_proposals(view)
        out["parsed.strike_reports"] += strikes
        out["parsed.talk_reports"] += talks
        out["parsed.proposal_reports"] += proposals
        out["parsed.report_claims"] += strike_claims + talk_claims + proposal_claims
    return {table: report_frame(table, rows) for table, rows in out.items()}


def extract_batch(task: tuple[Reference, tuple[pl.DataFrame, ...]]) -> tuple[pl.DataFrame, ...]:
    """Worker: build one batch's article views from its parsed rows and extract."""
    reference, inputs = task
    frames = extract_reports(build_article_views(*inputs), reference)
    return tuple(frames[table] for table in REPORT_SCHEMAS)
