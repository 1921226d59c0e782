"""curated group: analysts' fact tables, consolidated across per-article reports, each with its
claims. Incremental: a run re-consolidates only the facts new or re-extracted articles can
change (whole link components, see transforms/consolidate.py) and leaves every other row as it
is; the result is the same as consolidating all reports again. Everything is rebuilt when there
is no previous build or BUILD_RULES_VERSION or the strict setting changed."""


import hashlib
import json
from collections.abc import Iterator
from datetime import datetime

import dagster as dg
import polars as pl

from orchestration.assets import parsed
from orchestration.metadata import check_unique_key, insert_frame, table_metadata, utc_now
from orchestration.paths import SQL_DIR
from orchestration.resources import WarehouseResource
from transforms.consolidate import (
    CURATED_CLAIMS_SQL,
    consolidate_all,
    link_rows,
    report_links,
    touched_reports,
)
from transforms.strikes import COUNT_FIELDS

STRIKES = dg.AssetKey(["curated", "strikes"])
TALKS = dg.AssetKey(["curated", "talks"])
PROPOSALS = dg.AssetKey(["curated", "proposals"])
PROVISIONS = dg.AssetKey(["curated", "proposal_provisions"])
STANCES = dg.AssetKey(["curated", "stances"])
CLAIMS = dg.AssetKey(["curated", "claims"])
QUARANTINE = dg.AssetKey(["curated", "quarantine"])
REVISIONS = dg.AssetKey(["curated", "revisions"])
# the curated tables consolidation fills (besides curated.report_facts and curated.claims)
STAGED_TABLES = ("curated.strikes", "curated.talks", "curated.proposals", "curated.proposal_provisions", "curated.stances")
CURATED_TABLES = (*STAGED_TABLES, "curated.claims")

# fact table -> (id column, GX suite validated by the blocking check)
FACT_TABLES = {"strikes": ("strike_id", "curated_strikes"), "talks": ("talk_id", "curated_talks"),
               "proposals": ("proposal_id", "curated_proposals")}
REVISED_FIELDS = {
    "strikes": ("event_date", "date_precision", "attacker", "drones_launched", "missiles_launched",
                "drones_intercepted", "missiles_intercepted", "killed", "injured"),
    "talks": ("start_date", "end_date", "location", "country", "outcome"),
    "proposals": ("name", "point_count", "status"),
}
REPORT_TABLES = {"strikes": "parsed.strike_reports", "talks": "parsed.talk_reports",
                 "proposals": "parsed.proposal_reports"}
# The only report claims consolidation reads (the rest go to curated.claims in SQL).
_CONSOLIDATION_CLAIMS = (
    f"(fact_table = 'strikes' AND value_num IS NOT NULL AND field IN ({', '.join(repr(f) for f in COUNT_FIELDS)}))"
    " OR (fact_table = 'proposals' AND (field LIKE 'provision:%' OR field LIKE 'stance:%'))")


# Bump when consolidation/quarantine rules change, so the next run rebuilds the tables.
BUILD_RULES_VERSION = "2026-11-23.2"


class CuratedConfig(dg.Config):
    """strict: do not quarantine invalid rows; let the blocking checks fail the run instead."""

    strict: bool = False


def _date_rules(suite: str) -> set[str]:
    """Labels of the suite's rules that depend on the validation date (a row they hold back may
    pass on a later day)."""
    from orchestration.validation import load_suite_spec

    return {exp.get("description") or exp["type"] for exp in load_suite_spec(suite)["expectations"]
            if "$PARAMETER" in json.dumps(exp["kwargs"])}


def quarantine_invalid_rows(con, run_id: str, full: bool) -> dict[str, int]:
    """Move rows that break a rule of their GX suite from the fact table to curated.quarantine,
    with the rules they broke. The blocking checks then validate what remains, so one
    contradictory source cannot stop the pipeline, and nothing is dropped silently. Only the
    rows of this run's consolidation (temp table _new_facts) are validated unless `full`:
    the rules are per row, and the others were validated when they were consolidated."""
    from orchestration.validation import validate_frame  # GX import is slow: only when curating

    moved: dict[str, int] = {}
    for fact_table, (id_column, suite) in FACT_TABLES.items():
        query = (SQL_DIR / "checks" / f"{suite}.sql").read_text()
        if not full:
            query = (f"SELECT * FROM ({query}) AS q WHERE q.{id_column} IN "
                     f"(SELECT fact_id FROM _new_facts WHERE fact_table = '{fact_table}')")
        frame = con.execute(query).pl()
        if frame.height == 0:
            moved[fact_table] = 0
            continue
        outcome = validate_frame(frame, suite)
        bad = outcome.failing_rules_by_id
        moved[fact_table] = len(bad)
        if not bad:
            continue
        ids = [str(i) for i in bad]
        rows = con.execute(f"SELECT * FROM curated.{fact_table} WHERE {id_column} IN (SELECT unnest(?))", [ids]).pl()
        now = utc_now()
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


def _fact_rows(con, fact_table: str, full: bool, scope: str) -> pl.DataFrame:
    """Published rows of `fact_table`: all of them, or those whose id is in temp table `scope`."""
    id_column = FACT_TABLES[fact_table][0]
    where = "" if full else f" WHERE {id_column} IN (SELECT fact_id FROM {scope} WHERE fact_table = '{fact_table}')"
    return con.execute(f"SELECT * FROM curated.{fact_table}{where}").pl()


def record_revisions(con, previous: dict[str, pl.DataFrame], current: dict[str, pl.DataFrame], run_id: str) -> int:
    """Append to curated.revisions every published figure this run changed or removed
    (`previous`/`current`: the published rows of the re-consolidated facts before/after)."""
    rows: list[dict] = []
    now = utc_now()
    for fact_table, fields in REVISED_FIELDS.items():
        id_column = FACT_TABLES[fact_table][0]
        old = {r[id_column]: r for r in previous[fact_table].to_dicts()}
        new = {r[id_column]: r for r in current[fact_table].to_dicts()}
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
    """What the curated tables are a function of: the consolidation rules version and quarantine
    mode (readable, they decide between an incremental update and a full rebuild), then a hash
    of which articles were extracted at which rules version and how many reports and claims exist."""
    row = con.execute(
        """SELECT (SELECT count(*) FROM parsed.processing_log WHERE stage = 'extract'),
                  (SELECT max(processed_at)::VARCHAR FROM parsed.processing_log WHERE stage = 'extract'),
                  (SELECT string_agg(DISTINCT version, ',') FROM parsed.processing_log WHERE stage = 'extract'),
                  (SELECT count(*) FROM parsed.strike_reports), (SELECT count(*) FROM parsed.talk_reports),
                  (SELECT count(*) FROM parsed.proposal_reports), (SELECT count(*) FROM parsed.report_claims)"""
    ).fetchone()
    return f"{_build_mode(strict)}{hashlib.sha256(repr(row).encode()).hexdigest()}"


def _build_mode(strict: bool) -> str:
    return f"{BUILD_RULES_VERSION};strict={strict};"


def _restrict(alias: str, scope: str | None, fact_table: str | None = None) -> str:
    """SQL that keeps the rows of `alias` whose report is in temp table `scope` (all when None)."""
    if scope is None:
        return ""
    table = f"'{fact_table}'" if fact_table else f"{alias}.fact_table"
    return (f" SEMI JOIN {scope} AS s ON s.fact_table = {table} AND s.article_id = {alias}.article_id"
            f" AND s.report_key = {alias}.report_key")


def _report_rows(con, fact_table: str, scope: str | None, where: str = "") -> pl.DataFrame:
    """The `fact_table` reports of `scope` (see load_reports), in (article_id, report_key) order."""
    return con.execute(f"SELECT r.* FROM {REPORT_TABLES[fact_table]} AS r{_restrict('r', scope, fact_table)}"
                       f"{where} ORDER BY r.article_id, r.report_key").pl()


def load_reports(con, scope: str | None) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(strike, talk, proposal reports, the claims consolidation reads) of the reports listed in
    temp table `scope` (fact_table, article_id, report_key), or of all reports when None."""
    frames = [_report_rows(con, fact_table, scope) for fact_table in REPORT_TABLES]
    claims = con.execute(f"SELECT c.* FROM parsed.report_claims AS c{_restrict('c', scope)} WHERE {_CONSOLIDATION_CLAIMS}").pl()
    return (*frames, claims)


# A piece holds whole link components of one fact table (strike reports of whole (month, day)
# buckets, talk reports of whole places, proposal reports of whole plan names), up to about this
# many reports (more when one bucket alone is bigger). At 1M articles, talks and proposals taken
# in one piece held 1.16M reports and 2.2M claims at once: the process peaked at 4.7 GB.
PIECE_REPORTS = 20_000
# The (month, day) a strike report can merge on (transforms.consolidate._report_figures); NULL: none.
_STRIKE_DAY_SQL = """CASE WHEN r.event_date IS NOT NULL THEN month(r.event_date) * 100 + day(r.event_date)
                          WHEN r.event_month IS NOT NULL AND coalesce(r.event_day, 0) <> 0
                          THEN r.event_month * 100 + r.event_day END"""
# What a report's link components are made of (transforms.consolidate.report_links), and its type.
_PIECE_BUCKETS = {"strikes": (_STRIKE_DAY_SQL, pl.Int64), "talks": ("r.location", pl.String),
                  "proposals": ("r.name", pl.String)}
# The report claims each table's consolidation reads (only those columns for strikes, whose claims
# are many; proposals sort their claims by every column, so they keep them all). Talks read none.
_PIECE_CLAIM_COLUMNS = {"strikes": "c.article_id, c.fact_table, c.report_key, c.field, c.value_num, c.claimant, c.sentence_idx",
                        "proposals": "c.*"}


def pack_pieces(bucket_sizes: list[tuple[object, int]], budget: int) -> list[tuple[object, int]]:
    """(bucket, piece) for buckets taken in order, a new piece starting when the next bucket would
    take the current one past `budget` reports: pieces of whole buckets (a bucket above the budget
    is a piece of its own)."""
    assigned: list[tuple[object, int]] = []
    piece, size = 0, 0
    for bucket, count in bucket_sizes:
        if size and size + count > budget:
            piece, size = piece + 1, 0
        assigned.append((bucket, piece))
        size += count
    return assigned


def _pieces(con, scope: str | None, fact_table: str) -> int:
    """Split the `fact_table` reports of `scope` into pieces of whole link buckets: temp table
    _<fact_table>_pieces (article_id, report_key, piece) and, for strikes and proposals,
    _<fact_table>_claims, the claims their consolidation reads, by piece. Reports link only within
    their bucket, and a bucket (NULL too) is never split, so no link component spans two pieces.
    Returns the number of pieces."""
    bucket_sql, bucket_type = _PIECE_BUCKETS[fact_table]
    table = REPORT_TABLES[fact_table]
    counts = con.execute(f"""SELECT {bucket_sql} AS bucket, count(*) FROM {table} AS r
                             {_restrict('r', scope, fact_table)} GROUP BY bucket ORDER BY bucket NULLS LAST""").fetchall()
    buckets = pl.DataFrame(pack_pieces(counts, PIECE_REPORTS), schema={"bucket": bucket_type, "piece": pl.Int32},
                           orient="row")
    con.register("_piece_buckets", buckets)
    try:
        con.execute(f"""CREATE OR REPLACE TEMP TABLE _{fact_table}_pieces AS
                        SELECT r.article_id, r.report_key, b.piece FROM {table} AS r
                        {_restrict('r', scope, fact_table)}
                        JOIN _piece_buckets AS b ON b.bucket IS NOT DISTINCT FROM {bucket_sql}""")
    finally:
        con.unregister("_piece_buckets")
    if fact_table in _PIECE_CLAIM_COLUMNS:
        con.execute(f"""CREATE OR REPLACE TEMP TABLE _{fact_table}_claims AS
                        SELECT p.piece, {_PIECE_CLAIM_COLUMNS[fact_table]}
                        FROM parsed.report_claims AS c JOIN _{fact_table}_pieces AS p USING (article_id, report_key)
                        WHERE c.fact_table = '{fact_table}' AND ({_CONSOLIDATION_CLAIMS}) ORDER BY p.piece""")
    return buckets["piece"].max() + 1 if counts else 0


def _consolidate_pieces(con, scope: str | None) -> Iterator[tuple[dict[str, pl.DataFrame], pl.DataFrame]]:
    """Consolidate the reports of `scope` (see load_reports) piece by piece (`_pieces`): one fact
    table at a time, each piece whole link components, so that memory holds one piece's reports
    and claims, never all of them. Yields consolidate_all's result for each piece."""
    def by_article(sql: str, articles: str) -> dict:
        return dict(con.execute(f"{sql} WHERE article_id IN ({articles})").fetchall())

    no_reports = {fact_table: _report_rows(con, fact_table, scope, " WHERE false") for fact_table in REPORT_TABLES}
    no_claims = con.execute("SELECT * FROM parsed.report_claims WHERE false").pl()
    for fact_table, table in REPORT_TABLES.items():
        for piece in range(_pieces(con, scope, fact_table)):
            members = f"SELECT article_id, report_key FROM _{fact_table}_pieces WHERE piece = {piece}"
            reports = {**no_reports, fact_table: con.execute(
                f"""SELECT r.* FROM {table} AS r SEMI JOIN ({members}) AS p
                    USING (article_id, report_key) ORDER BY r.article_id, r.report_key""").pl()}
            claims = (con.execute(f"SELECT * EXCLUDE (piece) FROM _{fact_table}_claims WHERE piece = {piece}").pl()
                      if fact_table in _PIECE_CLAIM_COLUMNS else no_claims)
            articles = f"SELECT article_id FROM _{fact_table}_pieces WHERE piece = {piece}"
            if fact_table == "proposals":  # plans are dated by publication, strikes and talks by ingestion
                ingested, published = {}, by_article("SELECT article_id, published_date FROM parsed.articles", articles)
            else:
                ingested, published = by_article("SELECT article_id, ingested_at FROM raw.articles", articles), {}
            yield consolidate_all(reports["strikes"], reports["talks"], reports["proposals"], claims, ingested, published)
            del reports, claims


def _stage_consolidation(con, scope: str | None) -> None:
    """Consolidate the reports of `scope` (see load_reports) into temp tables: _new_map (the
    report -> fact map, as curated.report_facts) and _new_<table> for each curated frame."""
    con.execute("CREATE OR REPLACE TEMP TABLE _new_map AS SELECT * FROM curated.report_facts LIMIT 0")
    for table in STAGED_TABLES:
        con.execute(f"CREATE OR REPLACE TEMP TABLE _new_{table.split('.')[1]} AS SELECT * FROM {table} LIMIT 0")
    for frames, report_facts in _consolidate_pieces(con, scope):
        for table, frame in frames.items():
            insert_frame(con, f"_new_{table.split('.')[1]}", frame)
        insert_frame(con, "_new_map", report_facts)


def _stored_links(con) -> pl.DataFrame:
    return con.execute("SELECT fact_table, article_id, report_key, unnest(links) AS link FROM curated.report_facts").pl()


def touched_scope(con, built_at: datetime) -> int:
    """Fill temp tables _dirty (articles extracted since the last build) and _touched (every report,
    current or replaced, in a link component a dirty article or a row held back by a date rule
    is in). Returns the number of dirty articles."""
    con.execute("""CREATE OR REPLACE TEMP TABLE _dirty AS SELECT DISTINCT article_id FROM parsed.processing_log
                   WHERE stage = 'extract' AND processed_at > ?""", [built_at])
    con.execute("""CREATE OR REPLACE TEMP TABLE _dirty_reports AS
                   SELECT 'strikes' AS fact_table, article_id, report_key FROM parsed.strike_reports SEMI JOIN _dirty USING (article_id)
                   UNION ALL SELECT 'talks', article_id, report_key FROM parsed.talk_reports SEMI JOIN _dirty USING (article_id)
                   UNION ALL SELECT 'proposals', article_id, report_key FROM parsed.proposal_reports SEMI JOIN _dirty USING (article_id)""")
    date_rules = {t: sorted(_date_rules(suite)) for t, (_, suite) in FACT_TABLES.items()}
    held = [fact_id for fact_table, fact_id, rules in con.execute(
        "SELECT fact_table, fact_id, failed_rules FROM curated.quarantine").fetchall()
        if set(rules) & set(date_rules.get(fact_table, ()))]
    seeds = con.execute(
        """SELECT fact_table, article_id, report_key FROM _dirty_reports
           UNION SELECT fact_table, article_id, report_key FROM curated.report_facts
           WHERE article_id IN (SELECT article_id FROM _dirty) OR fact_id IN (SELECT unnest(?))""", [held]).pl()
    # Links of the new reports (computed from them) and of every consolidated report (stored),
    # including the replaced versions of re-extracted reports: whatever they were grouped with.
    links = pl.concat([_stored_links(con), link_rows(report_links(*load_reports(con, "_dirty_reports")))])
    touched = touched_reports(links, seeds)
    con.register("_touched_frame", touched)
    con.execute("CREATE OR REPLACE TEMP TABLE _touched AS SELECT * FROM _touched_frame")
    con.unregister("_touched_frame")
    return con.execute("SELECT count(*) FROM _dirty").fetchone()[0]


SKIPPED = {"mode": "skipped", "quarantined": {}, "revisions": 0}


def _last_build(con) -> tuple | None:
    return con.execute("SELECT inputs_fingerprint, built_at FROM curated.build_log ORDER BY built_at DESC LIMIT 1").fetchone()


def curated_up_to_date(con, strict: bool) -> bool:
    """Nothing was extracted since the last build (in the same quarantine mode): a read is enough."""
    last = _last_build(con)
    return last is not None and last[0] == inputs_fingerprint(con, strict)


def update_curated(con, run_id: str, strict: bool, log=None) -> dict:
    """Bring the curated tables up to date with the per-article reports: skip when nothing changed,
    re-consolidate the touched link components, or rebuild everything (see the module docstring)."""
    fingerprint = inputs_fingerprint(con, strict)
    last = _last_build(con)
    if last is not None and last[0] == fingerprint:
        return SKIPPED
    full = last is None or not last[0].startswith(_build_mode(strict))
    if full:
        con.execute("CREATE OR REPLACE TEMP TABLE _dirty AS SELECT article_id FROM raw.articles")
        _stage_consolidation(con, None)
    else:
        dirty = touched_scope(con, last[1])
        if log:
            log.info(f"curated: {dirty} article(s) extracted since the last build; re-consolidating "
                     f"{con.execute('SELECT count(*) FROM _touched').fetchone()[0]} report(s) in the facts they can reach")
        _stage_consolidation(con, "_touched")
    con.execute("CREATE OR REPLACE TEMP TABLE _new_facts AS SELECT DISTINCT fact_table, fact_id FROM _new_map")
    if full:
        con.execute("CREATE OR REPLACE TEMP TABLE _old_map AS SELECT fact_table, article_id, report_key, fact_id FROM curated.report_facts")
    else:
        con.execute("""CREATE OR REPLACE TEMP TABLE _old_map AS SELECT fact_table, article_id, report_key, fact_id
                       FROM curated.report_facts SEMI JOIN _touched USING (fact_table, article_id, report_key)""")
    con.execute("CREATE OR REPLACE TEMP TABLE _old_facts AS SELECT DISTINCT fact_table, fact_id FROM _old_map")
    previous = {t: _fact_rows(con, t, full, "_old_facts") for t in FACT_TABLES}

    con.execute("BEGIN")
    for fact_table, (id_column, _) in FACT_TABLES.items():
        _delete(con, f"curated.{fact_table}", id_column, fact_table, full)
    for table in ("curated.proposal_provisions", "curated.stances"):
        _delete(con, table, "proposal_id", "proposals", full)
    for table in STAGED_TABLES:
        con.execute(f"INSERT INTO {table} SELECT * FROM _new_{table.split('.')[1]}")
    if full:
        _recreate(con, "report_facts")
    else:
        con.execute("""DELETE FROM curated.report_facts AS r USING _touched AS t WHERE r.fact_table = t.fact_table
                       AND r.article_id = t.article_id AND r.report_key = t.report_key""")
    check_unique_key(con, "curated.report_facts", "_new_map")
    con.execute("INSERT INTO curated.report_facts SELECT * FROM _new_map")
    _update_claims(con, full)
    con.execute("COMMIT")

    if full:
        con.execute("DELETE FROM curated.quarantine")
    else:
        con.execute("""DELETE FROM curated.quarantine AS q USING (SELECT * FROM _old_facts UNION SELECT * FROM _new_facts) AS f
                       WHERE q.fact_table = f.fact_table AND q.fact_id = f.fact_id""")
    quarantined = {} if strict else quarantine_invalid_rows(con, run_id, full)
    current = {t: _fact_rows(con, t, full, "_new_facts") for t in FACT_TABLES}
    revisions = record_revisions(con, previous, current, run_id)
    con.execute("INSERT INTO curated.build_log VALUES (?, ?, ?)", [fingerprint, run_id, utc_now()])
    return {"mode": "full" if full else "incremental", "quarantined": quarantined, "revisions": revisions}


def _has_primary_key(con, table: str) -> bool:
    schema, name = table.split(".")
    return con.execute(
        """SELECT count(*) FROM duckdb_constraints() WHERE database_name = current_database()
           AND schema_name = ? AND table_name = ? AND constraint_type = 'PRIMARY KEY'""", [schema, name]).fetchone()[0] > 0


def _delete(con, table: str, id_column: str, fact_table: str, full: bool) -> None:
    """Remove the rows of the facts being re-consolidated (all when `full`). A table with a
    PRIMARY KEY is created again with the rows it keeps instead: DuckDB does not vacuum the
    deleted rows of a table with an index, so every build's old versions of the re-consolidated
    rows, each with its article_ids list, would stay in the table and the file for good."""
    if not _has_primary_key(con, table):
        con.execute(f"DELETE FROM {table}" if full else f"DELETE FROM {table} WHERE {id_column} IN "
                    f"(SELECT fact_id FROM _old_facts WHERE fact_table = '{fact_table}')")
        return
    if full:
        _recreate(con, table.split(".")[1])
        return
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _kept_rows AS SELECT t.* FROM {table} AS t ANTI JOIN _old_facts AS o
                    ON o.fact_table = '{fact_table}' AND o.fact_id = t.{id_column}""")
    _recreate(con, table.split(".")[1])
    con.execute(f"INSERT INTO {table} SELECT * FROM _kept_rows")
    con.execute("DROP TABLE _kept_rows")


def _recreate(con, table: str) -> None:
    """Empty curated.<table> by creating it again from its DDL, cheaper than deleting every row
    (with a primary key, deleting them cost DuckDB several times more than inserting them)."""
    con.execute(f"DROP TABLE curated.{table}")
    con.execute((SQL_DIR / "curated" / f"{table}.sql").read_text())


def _update_claims(con, full: bool) -> None:
    """curated.claims for the (fact, article) pairs whose reports changed: a report that is new,
    re-extracted, gone, or now in another fact. Other pairs keep their rows (claim ids depend
    only on the fact id and the claim)."""
    if full:
        _recreate(con, "claims")
        con.execute(f"INSERT INTO curated.claims {CURATED_CLAIMS_SQL.format(claims='parsed.report_claims', report_facts='_new_map')}")
        return
    con.execute("""CREATE OR REPLACE TEMP TABLE _changed_pairs AS
        WITH changed AS (
            SELECT o.fact_table AS old_table, o.fact_id AS old_fact, n.fact_table AS new_table, n.fact_id AS new_fact,
                   coalesce(o.article_id, n.article_id) AS article_id
            FROM _old_map AS o FULL OUTER JOIN _new_map AS n
              ON o.fact_table = n.fact_table AND o.article_id = n.article_id AND o.report_key = n.report_key
            WHERE o.fact_id IS DISTINCT FROM n.fact_id
               OR coalesce(o.article_id, n.article_id) IN (SELECT article_id FROM _dirty))
        SELECT old_table AS fact_table, old_fact AS fact_id, article_id FROM changed WHERE old_fact IS NOT NULL
        UNION SELECT new_table, new_fact, article_id FROM changed WHERE new_fact IS NOT NULL""")
    con.execute("""DELETE FROM curated.claims AS c USING _changed_pairs AS p WHERE c.fact_table = p.fact_table
                   AND c.fact_id = p.fact_id AND c.article_id = p.article_id""")
    con.execute("""CREATE OR REPLACE TEMP TABLE _claim_map AS SELECT m.* FROM _new_map AS m
                   SEMI JOIN _changed_pairs AS p USING (fact_table, fact_id, article_id)""")
    con.execute(f"INSERT INTO curated.claims {CURATED_CLAIMS_SQL.format(claims='parsed.report_claims', report_facts='_claim_map')}")


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
        up_to_date = curated_up_to_date(con, config.strict)
    with warehouse.connect(run_id, read_only=up_to_date) as con:  # writer (the run's copy) only to rebuild
        outcome = SKIPPED if up_to_date else update_curated(con, run_id, config.strict, context.log)
        if outcome["mode"] == "skipped":
            # Nothing new was extracted since the last build: the tables are already right.
            context.log.info("curated tables up to date: consolidation skipped")
        quarantined, revisions = outcome["quarantined"], outcome["revisions"]
        for table, count in quarantined.items():
            if count:
                context.log.warning(f"{count} curated.{table} row(s) quarantined: see curated.quarantine")
        extra = {f"quarantined_{t}": dg.MetadataValue.int(n) for t, n in quarantined.items()}
        for key, table in zip((STRIKES, TALKS, PROPOSALS, PROVISIONS, STANCES, CLAIMS), CURATED_TABLES):
            meta = table_metadata(con, table, **(extra if key == STRIKES else {}))
            if key == STRIKES:
                meta["revisions_logged"] = dg.MetadataValue.int(revisions)
                meta["consolidation"] = dg.MetadataValue.text(outcome["mode"])
            yield dg.MaterializeResult(asset_key=key, metadata=meta)
        yield dg.MaterializeResult(asset_key=QUARANTINE, metadata=table_metadata(con, "curated.quarantine"))
        yield dg.MaterializeResult(asset_key=REVISIONS, metadata=table_metadata(con, "curated.revisions"))
