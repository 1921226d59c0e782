"""curated group: analysts' fact tables, rebuilt from all per-article reports on every run
(consolidation needs every source of an event), each with its claims."""


import hashlib
import json
from datetime import datetime, timezone

import dagster as dg
import polars as pl

from orchestration.assets import parsed
from orchestration.metadata import insert_frame, table_metadata
from orchestration.paths import SQL_DIR
from orchestration.resources import WarehouseResource
from transforms.consolidate import consolidate_proposals, consolidate_strikes, consolidate_talks, curated_claims

STRIKES = dg.AssetKey(["curated", "strikes"])
TALKS = dg.AssetKey(["curated", "talks"])
PROPOSALS = dg.AssetKey(["curated", "proposals"])
PROVISIONS = dg.AssetKey(["curated", "proposal_provisions"])
STANCES = dg.AssetKey(["curated", "stances"])
CLAIMS = dg.AssetKey(["curated", "claims"])
QUARANTINE = dg.AssetKey(["curated", "quarantine"])
REVISIONS = dg.AssetKey(["curated", "revisions"])
CURATED_TABLES = ("curated.strikes", "curated.talks", "curated.proposals", "curated.proposal_provisions",
                  "curated.stances", "curated.claims")


def replace_table(con, table: str, frame: pl.DataFrame) -> None:
    con.execute(f"DELETE FROM {table}")
    insert_frame(con, table, frame)


# fact table -> (id column, GX suite validated by the blocking check)
FACT_TABLES = {"strikes": ("strike_id", "curated_strikes"), "talks": ("talk_id", "curated_talks"),
               "proposals": ("proposal_id", "curated_proposals")}
REVISED_FIELDS = {
    "strikes": ("event_date", "date_precision", "attacker", "drones_launched", "missiles_launched",
                "drones_intercepted", "missiles_intercepted", "killed", "injured"),
    "talks": ("start_date", "end_date", "location", "country", "outcome"),
    "proposals": ("name", "point_count", "status"),
}


# Bump when consolidation/quarantine rules change, so the next run rebuilds the tables.
BUILD_RULES_VERSION = "2026-11-23.1"


class CuratedConfig(dg.Config):
    """strict: do not quarantine invalid rows; let the blocking checks fail the run instead."""

    strict: bool = False


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def quarantine_invalid_rows(con, run_id: str) -> dict[str, int]:
    """Move rows that break a rule of their GX suite from the fact table to curated.quarantine,
    with the rules they broke. The blocking checks then validate what remains, so one
    contradictory source cannot stop the pipeline, and nothing is dropped silently."""
    from orchestration.validation import validate_frame  # GX import is slow: only when curating

    con.execute("DELETE FROM curated.quarantine")
    moved: dict[str, int] = {}
    for fact_table, (id_column, suite) in FACT_TABLES.items():
        frame = con.execute((SQL_DIR / "checks" / f"{suite}.sql").read_text()).pl()
        outcome = validate_frame(frame, suite)
        bad = outcome.failing_rules_by_id
        moved[fact_table] = len(bad)
        if not bad:
            continue
        ids = [str(i) for i in bad]
        rows = con.execute(f"SELECT * FROM curated.{fact_table} WHERE {id_column} IN (SELECT unnest(?))", [ids]).pl()
        now = _now()
        insert_frame(con, "curated.quarantine", pl.DataFrame({
            "fact_table": [fact_table] * rows.height,
            "fact_id": rows[id_column].to_list(),
            "failed_rules": [bad.get(i, []) for i in rows[id_column].to_list()],
            "row_json": [json.dumps(r, default=str) for r in rows.to_dicts()],
            "run_id": [run_id] * rows.height,
            "quarantined_at": [now] * rows.height,
        }, schema={"fact_table": pl.String, "fact_id": pl.String, "failed_rules": pl.List(pl.String),
                   "row_json": pl.String, "run_id": pl.String, "quarantined_at": pl.Datetime("us")}))
        con.execute(f"DELETE FROM curated.{fact_table} WHERE {id_column} IN (SELECT unnest(?))", [ids])
    return moved


def record_revisions(con, previous: dict[str, pl.DataFrame], run_id: str) -> int:
    """Append to curated.revisions every published figure this run changed or removed."""
    rows: list[dict] = []
    now = _now()
    for fact_table, fields in REVISED_FIELDS.items():
        id_column = FACT_TABLES[fact_table][0]
        old = {r[id_column]: r for r in previous[fact_table].to_dicts()}
        new = {r[id_column]: r for r in con.execute(f"SELECT * FROM curated.{fact_table}").pl().to_dicts()}
        for fact_id, old_row in old.items():
            new_row = new.get(fact_id)
            if new_row is None:
                rows.append({"fact_table": fact_table, "fact_id": fact_id, "field": "*", "old_value": "present",
                             "new_value": "removed", "run_id": run_id, "revised_at": now})
                continue
            for field in fields:
                if old_row[field] != new_row[field]:
                    rows.append({"fact_table": fact_table, "fact_id": fact_id, "field": field,
                                 "old_value": None if old_row[field] is None else str(old_row[field]),
                                 "new_value": None if new_row[field] is None else str(new_row[field]),
                                 "run_id": run_id, "revised_at": now})
    insert_frame(con, "curated.revisions", pl.DataFrame(rows, schema={
        "fact_table": pl.String, "fact_id": pl.String, "field": pl.String, "old_value": pl.String,
        "new_value": pl.String, "run_id": pl.String, "revised_at": pl.Datetime("us")}))
    return len(rows)


def inputs_fingerprint(con, strict: bool) -> str:
    """What the curated tables are a function of: which articles were extracted at which rules
    version, how many reports and claims exist, and the quarantine mode."""
    row = con.execute(
        """SELECT (SELECT count(*) FROM parsed.processing_log WHERE stage = 'extract'),
                  (SELECT max(processed_at)::VARCHAR FROM parsed.processing_log WHERE stage = 'extract'),
                  (SELECT string_agg(DISTINCT version, ',') FROM parsed.processing_log WHERE stage = 'extract'),
                  (SELECT count(*) FROM parsed.strike_reports), (SELECT count(*) FROM parsed.talk_reports),
                  (SELECT count(*) FROM parsed.proposal_reports), (SELECT count(*) FROM parsed.report_claims)"""
    ).fetchone()
    return hashlib.sha256(repr((row, strict, BUILD_RULES_VERSION)).encode()).hexdigest()


def build_curated(con) -> dict[str, pl.DataFrame]:
    """Consolidate every per-article report into curated frames (pure apart from the reads)."""
    claims = con.execute("SELECT * FROM parsed.report_claims").pl()
    ingested = dict(con.execute("SELECT article_id, ingested_at FROM raw.articles").fetchall())
    strikes, strike_map = consolidate_strikes(con.execute("SELECT * FROM parsed.strike_reports").pl(), claims, ingested)
    talks, talk_map = consolidate_talks(con.execute("SELECT * FROM parsed.talk_reports").pl(), ingested)
    published = dict(con.execute("SELECT article_id, published_date FROM parsed.articles").fetchall())
    proposals, proposal_map, provisions, stances = consolidate_proposals(
        con.execute("SELECT * FROM parsed.proposal_reports").pl(), claims, published)
    return {
        "curated.strikes": strikes, "curated.talks": talks, "curated.proposals": proposals,
        "curated.proposal_provisions": provisions, "curated.stances": stances,
        "curated.claims": curated_claims(claims, {"strikes": strike_map, "talks": talk_map, "proposals": proposal_map}),
    }


@dg.multi_asset(
    specs=[
        dg.AssetSpec(STRIKES, group_name="curated", deps=[parsed.STRIKE_REPORTS, parsed.REPORT_CLAIMS],
                     description="One row per drone/missile wave, consolidated across sources."),
        dg.AssetSpec(TALKS, group_name="curated", deps=[parsed.TALK_REPORTS, parsed.REPORT_CLAIMS],
                     description="One row per negotiation meeting at a known place."),
        dg.AssetSpec(PROPOSALS, group_name="curated", deps=[parsed.PROPOSAL_REPORTS, parsed.REPORT_CLAIMS],
                     description="One row per numbered peace plan version."),
        dg.AssetSpec(PROVISIONS, group_name="curated", deps=[parsed.PROPOSAL_REPORTS, parsed.REPORT_CLAIMS],
                     description="Provisions of each plan version (troop cap, territory, NATO, ...)."),
        dg.AssetSpec(STANCES, group_name="curated", deps=[parsed.PROPOSAL_REPORTS, parsed.REPORT_CLAIMS],
                     description="Each party's stance on a plan, with evidence."),
        dg.AssetSpec(CLAIMS, group_name="curated", deps=[parsed.REPORT_CLAIMS],
                     description="Every figure and fact behind curated rows, with its evidence sentence."),
        dg.AssetSpec(QUARANTINE, group_name="curated", deps=[parsed.REPORT_CLAIMS],
                     description="Rows held back because they broke a validation rule, with the rules."),
        dg.AssetSpec(REVISIONS, group_name="curated", deps=[parsed.REPORT_CLAIMS],
                     description="Append-only log of changed published figures."),
    ],
)
def curated_facts(context: dg.AssetExecutionContext, config: CuratedConfig, warehouse: WarehouseResource):
    """Cross-source consolidation (transforms/consolidate.py documents the rules), then rows that
    break a validation rule go to curated.quarantine (unless strict), and every change to a
    published figure is logged in curated.revisions."""
    run_id = context.run.run_id
    with warehouse.reader(run_id) as con:
        fingerprint = inputs_fingerprint(con, config.strict)
        last = con.execute("SELECT inputs_fingerprint FROM curated.build_log ORDER BY built_at DESC LIMIT 1").fetchone()
    up_to_date = last is not None and last[0] == fingerprint
    with warehouse.connect(run_id, read_only=up_to_date) as con:  # writer (the run's copy) only to rebuild
        if up_to_date:
            # Nothing new was extracted since the last build: the tables are already right.
            context.log.info("curated tables up to date: consolidation skipped")
            quarantined, revisions = {}, 0
        else:
            previous = {t: con.execute(f"SELECT * FROM curated.{t}").pl() for t in FACT_TABLES}
            frames = build_curated(con)
            con.execute("BEGIN")
            for table, frame in frames.items():
                replace_table(con, table, frame)
            con.execute("COMMIT")
            quarantined = {} if config.strict else quarantine_invalid_rows(con, run_id)
            revisions = record_revisions(con, previous, run_id)
            con.execute("INSERT INTO curated.build_log VALUES (?, ?, ?)", [fingerprint, run_id, _now()])
        for table, count in quarantined.items():
            if count:
                context.log.warning(f"{count} curated.{table} row(s) quarantined: see curated.quarantine")
        extra = {f"quarantined_{t}": dg.MetadataValue.int(n) for t, n in quarantined.items()}
        for key, table in zip((STRIKES, TALKS, PROPOSALS, PROVISIONS, STANCES, CLAIMS), CURATED_TABLES):
            meta = table_metadata(con, table, **(extra if key == STRIKES else {}))
            if key == STRIKES:
                meta["revisions_logged"] = dg.MetadataValue.int(revisions)
            yield dg.MaterializeResult(asset_key=key, metadata=meta)
        yield dg.MaterializeResult(asset_key=QUARANTINE, metadata=table_metadata(con, "curated.quarantine"))
        yield dg.MaterializeResult(asset_key=REVISIONS, metadata=table_metadata(con, "curated.revisions"))
