"""The GX suites as blocking Dagster asset checks (orchestration.checks).

The rows are written to the *published* warehouse file before the run: the run's working copy
(`.<name>.run-<run_id>`) is copied from it on first connect, which is what the check reads.
"""

from datetime import date, timedelta
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.checks import CURATED_CHECKS, gx_asset_check, markdown_table
from orchestration.resources import WarehouseResource
from orchestration.validation import load_suite_spec
from orchestration.warehouse import WarehouseFiles, apply_ddl

STRIKES_KEY = dg.AssetKey(["curated", "strikes"])
TODAY = date.today()

GOOD_STRIKES = [
    # strike_id, event_date, precision, attacker, drones_l, missiles_l, drones_i, missiles_i, killed, injured
    ("s-good", date(2025, 5, 20), "day", "Russia", 100, 5, 80, 5, 2, 10),
    ("s-nulls", None, "unknown", "Ukraine", None, None, None, None, None, None),
]
BAD_STRIKES = [
    ("s-over", date(2025, 5, 21), "day", "Russia", 10, None, 11, None, 0, 0),  # intercepted > launched
    ("s-2021", date(2021, 1, 1), "day", "Russia", 1, None, 1, None, None, None),  # before the invasion
    ("s-future", TODAY + timedelta(days=2), "day", "Russia", None, None, None, None, -1, None),  # future, negative
]


def build_warehouse(path: Path, strikes: list[tuple], *, claims_for: list[str] | None = None) -> WarehouseFiles:
    """Published warehouse file at `path` with the given strikes; every strike gets one claim
    unless `claims_for` lists the strikes that get one."""
    files = WarehouseFiles(path)
    con = duckdb.connect(str(files.published))
    try:
        apply_ddl(con)
        for row in strikes:
            con.execute(
                """INSERT INTO curated.strikes (strike_id, event_date, date_precision, attacker,
                       drones_launched, missiles_launched, drones_intercepted, missiles_intercepted,
                       killed, injured, source_count, article_ids)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ['a1'])""",
                list(row),
            )
        for i, strike_id in enumerate(claims_for if claims_for is not None else [r[0] for r in strikes]):
            con.execute(
                """INSERT INTO curated.claims (claim_id, fact_table, fact_id, field, value, value_num,
                       article_id, sentence_idx, evidence)
                   VALUES (?, 'strikes', ?, 'drones_launched', '10', 10, 'a1', 0, 'Russia launched 10 drones.')""",
                [f"c{i}", strike_id],
            )
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return files


def pipeline():
    """A stub curated.strikes (the rows are already in the warehouse), a downstream asset, the check."""

    @dg.asset(key=STRIKES_KEY)
    def strikes() -> None:
        return None

    @dg.asset(key=["analytics", "strike_report"], deps=[STRIKES_KEY])
    def strike_report() -> None:
        return None

    check = gx_asset_check(STRIKES_KEY, "curated_strikes")
    return [strikes, strike_report, check]


def run(path: Path):
    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize(
            pipeline(),
            resources={"warehouse": WarehouseResource(path=str(path))},
            instance=instance,
            raise_on_error=False,
        )
    (evaluation,) = result.get_asset_check_evaluations()
    materialized = {event.asset_key for event in result.get_asset_materialization_events()}
    return result, evaluation, materialized


def test_curated_checks_are_blocking_and_cover_the_curated_tables():
    specs = {spec.key: spec for check in CURATED_CHECKS for spec in check.check_specs}
    assert set(specs) == {
        dg.AssetCheckKey(dg.AssetKey(["curated", table]), f"gx_curated_{table}")
        for table in ("strikes", "talks", "proposals", "claims")
    }
    for key, spec in specs.items():
        assert spec.blocking
        assert spec.description == load_suite_spec(key.name.removeprefix("gx_"))["meta"]["description"]


def test_failing_check_blocks_downstream(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    # s-no-claim has no claim: claim_count 0
    build_warehouse(db, GOOD_STRIKES + BAD_STRIKES + [("s-no-claim", None, "day", "Russia", 1, 1, 1, 1, 0, 0)],
                    claims_for=[r[0] for r in GOOD_STRIKES + BAD_STRIKES])
    result, evaluation, materialized = run(db)

    assert evaluation.check_name == "gx_curated_strikes"
    assert evaluation.asset_key == STRIKES_KEY
    assert not evaluation.passed
    assert evaluation.severity == dg.AssetCheckSeverity.ERROR
    metadata = evaluation.metadata
    assert metadata["failing_rows"].value == 4
    assert metadata["evaluated_rows"].value == 6
    failed = metadata["failed_expectations"].value
    for text in ("expect_column_pair_values_a_to_be_greater_than_b", "event_date", "killed", "claim_count"):
        assert text in failed
    sample = metadata["failing_sample"].value
    for strike_id in ("s-over", "s-2021", "s-future", "s-no-claim"):
        assert strike_id in sample
    assert "s-good" not in sample

    assert STRIKES_KEY in materialized
    assert dg.AssetKey(["analytics", "strike_report"]) not in materialized
    # Blocking + ERROR: the check step fails the run and the downstream step never starts.
    assert not result.success
    started = {e.step_key for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_START}
    assert "analytics__strike_report" not in started
    failures = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE]
    assert [e.step_key for e in failures] == ["curated__strikes_gx_curated_strikes"]
    assert "DagsterAssetCheckFailedError" in failures[0].step_failure_data.error.cls_name
    WarehouseFiles(db).discard(result.run_id)


def test_passing_check_lets_downstream_run(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    build_warehouse(db, GOOD_STRIKES)
    result, evaluation, materialized = run(db)

    assert result.success
    assert evaluation.passed
    assert evaluation.metadata["failing_rows"].value == 0
    assert evaluation.metadata["evaluated_rows"].value == 2
    assert materialized == {STRIKES_KEY, dg.AssetKey(["analytics", "strike_report"])}
    # A first validation is recorded in the ledger (curated.validation_log), a write: the run's
    # working copy holds it (a no-op re-validation only reads, see test_validation_ledger).
    work = WarehouseFiles(db).workspace(result.run_id)
    assert work.exists()
    with duckdb.connect(str(work), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM curated.validation_log WHERE run_id = ?", [result.run_id]).fetchone()[0] == 1
    WarehouseFiles(db).discard(result.run_id)


def test_empty_tables_pass(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    build_warehouse(db, [])
    _, evaluation, _ = run(db)
    assert evaluation.passed
    assert evaluation.metadata["evaluated_rows"].value == 0


@pytest.mark.parametrize("check", CURATED_CHECKS, ids=lambda c: next(iter(c.check_keys)).name)
def test_check_called_directly(tmp_path, check):
    """Direct invocation with `dg.build_asset_check_context` (no run): every curated check runs
    its SQL against a warehouse holding one bad strike and passes or fails accordingly."""
    db = tmp_path / "warehouse.duckdb"
    build_warehouse(db, GOOD_STRIKES + BAD_STRIKES[:1])
    warehouse = WarehouseResource(path=str(db))
    context = dg.build_asset_check_context(resources={"warehouse": warehouse})
    result = check(context)
    assert isinstance(result, dg.AssetCheckResult)
    name = next(iter(check.check_keys)).name
    if name == "gx_curated_strikes":
        assert not result.passed
        assert result.metadata["failing_rows"].value == 1
        assert "s-over" in result.metadata["failing_sample"].value
    else:  # talks/proposals are empty; the claims are well formed
        assert result.passed, result.metadata["failed_expectations"].value
    assert result.severity == dg.AssetCheckSeverity.ERROR


def test_markdown_table():
    table = markdown_table([{"id": "a", "v": None}, {"id": "b|c", "d": date(2025, 1, 2)}])
    assert table.splitlines() == [
        "| id | v | d |",
        "|---|---|---|",
        "| a | NULL |  |",
        "| b\\|c |  | 2025-01-02 |",
    ]
    assert markdown_table([]) == "_none_"
