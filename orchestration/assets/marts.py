"""marts group: analyst-facing tables derived from the curated ones, one per sql/marts/<name>.sql.

A mart is rebuilt in full (CREATE OR REPLACE TABLE) in the run's working copy when its inputs
changed: its SQL, the weapons gazetteer, the curated tables or the articles. Otherwise (a run with
nothing new) it is left as it is and only read, so such a run never copies the warehouse for it
(`curated.mart_build_log` keeps the fingerprint of each rebuild). The marts sit downstream of the curated assets, so a failing blocking check on a curated table
stops them (and the snapshot publication) for that run; publishing waits for every mart.
"""

import hashlib

import dagster as dg
import duckdb
import polars as pl

from orchestration.assets import curated, parsed, raw
from orchestration.metadata import table_metadata
from orchestration.paths import SQL_DIR
from orchestration.resources import WarehouseResource
from transforms.reference import load_reference
from transforms.sql_literals import sql_text

MARTS_SQL_DIR = SQL_DIR / "marts"

DAILY_STRIKES = dg.AssetKey(["marts", "daily_strikes"])
INTERCEPTION_BY_WEAPON = dg.AssetKey(["marts", "interception_by_weapon"])
STRIKES_AROUND_TALKS = dg.AssetKey(["marts", "strikes_around_talks"])
PROPOSAL_VERSIONS = dg.AssetKey(["marts", "proposal_versions"])
SOURCE_COVERAGE = dg.AssetKey(["marts", "source_coverage"])
MART_KEYS = (DAILY_STRIKES, INTERCEPTION_BY_WEAPON, STRIKES_AROUND_TALKS, PROPOSAL_VERSIONS, SOURCE_COVERAGE)
MART_TABLES = tuple(".".join(key.path) for key in MART_KEYS)


def weapon_reference() -> pl.DataFrame:
    """(weapon_model, category) of every weapon in seeds/reference/weapons.csv."""
    return load_reference().weapons.select(pl.col("canonical_name").alias("weapon_model"), "category")


def build_mart(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Run sql/marts/<name>.sql on `con` in one transaction.

    The SQL may read `reference_weapons` (weapon_model, category), registered here from the
    versioned gazetteer for the duration of the statement: the weapon categories are reference
    data, not warehouse rows.
    """
    sql = (MARTS_SQL_DIR / f"{name}.sql").read_text()
    con.register("reference_weapons", weapon_reference())
    try:
        con.execute("BEGIN")
        try:
            con.execute(sql)
        except Exception:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
    finally:
        con.unregister("reference_weapons")


# Tables the mart SQL reads (curated changes are also in the curated build log; quarantine moves rows).
_INPUT_TABLES = ("curated.strikes", "curated.talks", "curated.proposals", "curated.proposal_provisions",
                 "curated.stances", "curated.claims", "curated.report_facts", "raw.articles", "parsed.articles")


def mart_inputs_fingerprint(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """What a mart is a function of: its SQL, the weapons gazetteer version, the last curated
    build, and row counts of the curated tables (quarantine moves rows) and of the articles."""
    last_build = con.execute("SELECT inputs_fingerprint, built_at FROM curated.build_log ORDER BY built_at DESC LIMIT 1").fetchone()
    counts = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in _INPUT_TABLES]
    latest = con.execute("SELECT max(ingested_at)::VARCHAR FROM raw.articles").fetchone()[0]
    sql = (MARTS_SQL_DIR / f"{name}.sql").read_text()
    weapons = load_reference().version.get("weapons.csv")
    return hashlib.sha256(repr((sql, weapons, last_build, counts, latest)).encode()).hexdigest()


def _mart_current(con: duckdb.DuckDBPyConnection, name: str, fingerprint: str) -> bool:
    # the name inlined: parameters would make DuckDB import pandas in a run that has nothing to do
    exists = con.execute(f"SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'marts' AND table_name = {sql_text(name)}"
                         ).fetchone()[0]
    last = con.execute(f"""SELECT inputs_fingerprint FROM curated.mart_build_log WHERE mart = {sql_text(name)}
                           ORDER BY built_at DESC LIMIT 1""").fetchone()
    return bool(exists) and last is not None and last[0] == fingerprint


def _materialize(context: dg.AssetExecutionContext, warehouse: WarehouseResource, key: dg.AssetKey) -> dg.MaterializeResult:
    table, name, run_id = ".".join(key.path), key.path[-1], context.run.run_id
    with warehouse.reader(run_id) as con:
        fingerprint = mart_inputs_fingerprint(con, name)
        current = _mart_current(con, name, fingerprint)
    with warehouse.connect(run_id, read_only=current) as con:  # the writer (run's copy) only to rebuild
        if current:
            context.log.info(f"{table}: inputs unchanged since its last build, left as it is")
        else:
            build_mart(con, name)
            con.execute("INSERT INTO curated.mart_build_log VALUES (?, ?, ?, now()::TIMESTAMP)", [name, fingerprint, run_id])
        return dg.MaterializeResult(metadata=table_metadata(
            con, table, sql_file=f"sql/marts/{name}.sql", rebuilt=dg.MetadataValue.bool(not current)))


@dg.asset(key=DAILY_STRIKES, deps=[curated.STRIKES], group_name="marts")
def daily_strikes(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Per day and attacker: waves, drones/missiles launched and intercepted, interception rates,
    killed, injured and distinct source articles. Waves without an event_date are left out."""
    return _materialize(context, warehouse, DAILY_STRIKES)


@dg.asset(key=INTERCEPTION_BY_WEAPON, deps=[curated.STRIKES], group_name="marts")
def interception_by_weapon(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Per month, attacker, weapon category and weapon model: launched, intercepted and interception rate.
    A wave naming several models counts for each of them."""
    return _materialize(context, warehouse, INTERCEPTION_BY_WEAPON)


@dg.asset(key=STRIKES_AROUND_TALKS, deps=[curated.STRIKES, curated.TALKS], group_name="marts")
def strikes_around_talks(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Per dated meeting: waves, drones/missiles launched and killed in the 3 days before it,
    during it and in the 3 days after it."""
    return _materialize(context, warehouse, STRIKES_AROUND_TALKS)


@dg.asset(key=PROPOSAL_VERSIONS, deps=[curated.PROPOSALS, curated.PROVISIONS, curated.STANCES], group_name="marts")
def proposal_versions(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Every peace-plan version side by side: points, sponsors, troop cap, other provisions and
    the stances of Ukraine, Russia, the United States and Europe."""
    return _materialize(context, warehouse, PROPOSAL_VERSIONS)


@dg.asset(
    key=SOURCE_COVERAGE,
    deps=[raw.ARTICLES, parsed.ARTICLES, curated.CLAIMS, curated.STRIKES, curated.TALKS, curated.PROPOSALS],
    group_name="marts",
)
def source_coverage(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Per source (URL domain, else landing folder / file-name prefix) and publication day:
    articles, claims, and strikes/talks/proposals their articles support."""
    return _materialize(context, warehouse, SOURCE_COVERAGE)


MART_ASSETS = [daily_strikes, interception_by_weapon, strikes_around_talks, proposal_versions, source_coverage]
