"""Blocking checks that cost nothing when nothing changed (orchestration.validation.validate_query).

A passing validation is reused for an identical frame (no GX import), changed data is validated
again (only the rows no passing validation covered), a failing validation is never reused, and an
incremental, chunked validation says exactly what one validation of the whole frame says.
"""

from __future__ import annotations

from datetime import date

import dagster as dg
import duckdb
import pytest

from orchestration import validation
from orchestration.checks import CURATED_CHECKS
from orchestration.paths import SQL_DIR
from orchestration.resources import WarehouseResource
from orchestration.validation import record_validation, rules_key, validate_frame, validate_query
from orchestration.warehouse import WarehouseFiles
from tests.test_checks import BAD_STRIKES, GOOD_STRIKES, STRIKES_KEY, build_warehouse, run

CLAIMS_SQL = (SQL_DIR / "checks" / "curated_claims.sql").read_text()
STRIKES_CHECK = next(c for c in CURATED_CHECKS if STRIKES_KEY in {k.asset_key for k in c.check_keys})


def _add_strikes(db, rows):
    con = duckdb.connect(str(db))
    try:
        for i, row in enumerate(rows):
            con.execute("""INSERT INTO curated.strikes (strike_id, event_date, date_precision, attacker,
                               drones_launched, missiles_launched, drones_intercepted, missiles_intercepted,
                               killed, injured, source_count, article_ids)
                           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ['a1'])""", list(row))
            con.execute("""INSERT INTO curated.claims (claim_id, fact_table, fact_id, field, value, value_num,
                               article_id, sentence_idx, evidence)
                           VALUES (?, 'strikes', ?, 'killed', '1', 1, 'a1', 0, 'One person was killed.')""",
                        [f"new-{row[0]}-{i}", row[0]])
        con.execute("CHECKPOINT")
    finally:
        con.close()


def test_unchanged_data_reuses_the_passing_validation_without_gx(tmp_path, monkeypatch):
    db = tmp_path / "warehouse.duckdb"
    build_warehouse(db, GOOD_STRIKES)
    first, evaluation, _ = run(db)
    assert first.success and evaluation.passed
    assert evaluation.metadata["validation_mode"].value == "incremental"
    assert evaluation.metadata["validated_rows"].value == 2
    WarehouseFiles(db).publish(first.run_id)

    with monkeypatch.context() as patch:
        patch.setattr(validation, "_import_gx", lambda: pytest.fail("GX imported for unchanged data"))
        second, evaluation, materialized = run(db)
    assert second.success and evaluation.passed
    meta = evaluation.metadata
    assert meta["validation_mode"].value == "reused"
    assert meta["validated_rows"].value == 0
    assert meta["reused_validation_of_run"].value == first.run_id
    assert meta["evaluated_rows"].value == 2 and meta["failing_rows"].value == 0
    assert first.run_id in evaluation.description and "reused the validation" in evaluation.description
    assert dg.AssetKey(["analytics", "strike_report"]) in materialized
    WarehouseFiles(db).discard(second.run_id)


def test_changed_data_is_validated_again_new_rows_only(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    build_warehouse(db, GOOD_STRIKES)
    first, _, _ = run(db)
    WarehouseFiles(db).publish(first.run_id)

    _add_strikes(db, BAD_STRIKES[:1])  # s-over: intercepted > launched
    second, evaluation, materialized = run(db)
    assert not second.success and not evaluation.passed
    meta = evaluation.metadata
    assert meta["validation_mode"].value == "incremental"
    assert meta["validated_rows"].value == 1  # the new row; the two good ones passed before
    assert meta["evaluated_rows"].value == 3
    assert meta["failing_rows"].value == 1
    assert "s-over" in meta["failing_sample"].value
    assert "reused_validation_of_run" not in meta
    assert dg.AssetKey(["analytics", "strike_report"]) not in materialized
    WarehouseFiles(db).discard(second.run_id)


def test_a_failing_validation_is_never_reused(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    build_warehouse(db, GOOD_STRIKES + BAD_STRIKES[:1])
    warehouse = WarehouseResource(path=str(db))
    for _ in range(2):  # same working copy, same data: the failure is logged, then validated again
        result = STRIKES_CHECK(dg.build_asset_check_context(resources={"warehouse": warehouse}))
        assert not result.passed
        assert result.metadata["validation_mode"].value == "incremental"
        assert result.metadata["validated_rows"].value == 3
        assert "s-over" in result.metadata["failing_sample"].value
    with WarehouseFiles(db).connect("EPHEMERAL", read_only=True) as con:
        assert con.execute("SELECT passed, failing_rows FROM curated.validation_log").fetchall() == [(False, 1)] * 2
        assert con.execute("SELECT count(*) FROM curated.validated_rows").fetchone() == (0,)


def _claims_db(path, rows) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    con.execute("CREATE SCHEMA curated")
    con.execute("""CREATE TABLE curated.claims (claim_id VARCHAR, fact_table VARCHAR, fact_id VARCHAR,
                   field VARCHAR, value_num DOUBLE, evidence VARCHAR)""")
    _insert_claims(con, rows)
    return con


def _insert_claims(con, rows) -> None:
    con.executemany("INSERT INTO curated.claims VALUES (?, ?, ?, ?, ?, ?)",
                    [(r, "strikes", "s1", "killed", 1.0, "One killed.") if isinstance(r, str) else r for r in rows])


def _same_verdict(con, result: validation.QueryValidation) -> None:
    whole = validate_frame(con.execute(CLAIMS_SQL).pl(), "curated_claims")
    outcome = result.outcome
    assert outcome.success == whole.success
    assert outcome.failing_row_count == whole.failing_row_count
    assert outcome.failing_rules_by_id == whole.failing_rules_by_id
    assert [(o.expectation, o.column, o.success, o.unexpected_count) for o in outcome.outcomes] == \
        [(o.expectation, o.column, o.success, o.unexpected_count) for o in whole.outcomes]
    assert len(outcome.failing_sample) == len(whole.failing_sample)


def test_incremental_chunked_validation_says_what_a_whole_frame_validation_says(tmp_path, monkeypatch):
    monkeypatch.setattr(validation, "CHUNK_ROWS", 3)  # several chunks even for a handful of rows
    good = [f"c{i:02d}" for i in range(10)]
    con = _claims_db(tmp_path / "claims.duckdb", good)
    first = validate_query(con, CLAIMS_SQL, "curated_claims")
    assert first.outcome.success and first.mode == "incremental" and first.validated_rows == 10
    _same_verdict(con, first)
    assert record_validation(con, CLAIMS_SQL, first, run_id="run-1")
    assert con.execute("SELECT count(*) FROM curated.validated_rows").fetchone() == (10,)

    bad = [("c-empty", "strikes", "s1", "killed", 1.0, ""), ("c-null", "strikes", "s1", "killed", 1.0, None),
           ("c-table", "stances", "s1", "killed", 1.0, "x"), ("c-neg", "strikes", "s1", "killed", -3.0, "x"),
           "c03", "c-new", "c-new"]  # c03 duplicates a covered row; c-new is new and duplicated
    _insert_claims(con, bad)
    second = validate_query(con, CLAIMS_SQL, "curated_claims")
    assert second.mode == "incremental"
    # the 7 new rows plus the covered c03 whose id is now duplicated; the 9 other covered rows are skipped
    assert second.validated_rows == 8
    assert second.outcome.evaluated_rows == 17
    assert not second.outcome.success
    assert set(second.outcome.failing_rules_by_id) == {"c-empty", "c-null", "c-table", "c-neg", "c03", "c-new"}
    assert second.outcome.failing_row_count == 8
    _same_verdict(con, second)
    assert record_validation(con, CLAIMS_SQL, second, run_id="run-2")
    assert con.execute("SELECT count(*) FROM curated.validated_rows").fetchone() == (10,)  # a failure adds nothing

    # the failure is not reused; once the bad rows are gone the frame is the validated one again
    assert validate_query(con, CLAIMS_SQL, "curated_claims").mode == "incremental"
    con.execute("DELETE FROM curated.claims WHERE claim_id NOT IN (SELECT unnest(?))", [good])
    con.execute("DELETE FROM curated.claims WHERE rowid IN (SELECT max(rowid) FROM curated.claims "
                "GROUP BY claim_id HAVING count(*) > 1)")
    third = validate_query(con, CLAIMS_SQL, "curated_claims")
    assert (third.mode, third.reused_run_id, third.outcome.success) == ("reused", "run-1", True)


def test_what_is_recorded_is_about_the_data_that_was_validated(tmp_path):
    """Data changed between validating and recording: the log still describes the validated
    frame and rows, so the changed frame is not taken for it and its new row is validated."""
    con = _claims_db(tmp_path / "claims.duckdb", ["c1", "c2"])
    result = validate_query(con, CLAIMS_SQL, "curated_claims")
    _insert_claims(con, [("c3", "strikes", "s1", "killed", -1.0, "x")])
    assert record_validation(con, CLAIMS_SQL, result, run_id="run-1")
    again = validate_query(con, CLAIMS_SQL, "curated_claims")
    assert (again.mode, again.validated_rows, again.outcome.success) == ("incremental", 1, False)
    assert set(again.outcome.failing_rules_by_id) == {"c3"}


def test_rules_key_covers_suite_and_sql_but_not_a_growing_upper_bound():
    strikes_sql = (SQL_DIR / "checks" / "curated_strikes.sql").read_text()
    assert rules_key("curated_strikes", strikes_sql, date(2025, 1, 1)) == \
        rules_key("curated_strikes", strikes_sql, date(2025, 6, 1))  # `tomorrow` is only a max_value
    assert rules_key("curated_strikes", strikes_sql) != rules_key("curated_strikes", strikes_sql + " WHERE true")
    assert rules_key("curated_claims", CLAIMS_SQL) != rules_key("curated_strikes", CLAIMS_SQL)


def test_a_pass_is_not_reused_on_an_earlier_day(tmp_path, monkeypatch):
    """`tomorrow` only grows: a pass of 2 June holds on 3 June, but not on 1 June (a clock set back)."""
    con = _claims_db(tmp_path / "claims.duckdb", ["c1"])
    result = validate_query(con, CLAIMS_SQL, "curated_claims", today=date(2025, 6, 2))
    assert record_validation(con, CLAIMS_SQL, result, run_id="run-1", today=date(2025, 6, 2))
    with monkeypatch.context() as patch:
        patch.setattr(validation, "_import_gx", lambda: pytest.fail("GX imported for unchanged data"))
        assert validate_query(con, CLAIMS_SQL, "curated_claims", today=date(2025, 6, 3)).mode == "reused"
    earlier = validate_query(con, CLAIMS_SQL, "curated_claims", today=date(2025, 6, 1))
    assert (earlier.mode, earlier.validated_rows) == ("incremental", 1)  # the covered row is validated again


def test_frame_fingerprint_tells_null_from_empty_and_counts_duplicates(tmp_path):
    con = duckdb.connect(str(tmp_path / "f.duckdb"))
    fingerprints = set()
    for rows in ([("a", None)], [("a", "")], [("a", "x"), ("a", "x")], [("a", "x")], [("a", "x"), ("b", "y")],
                 [("b", "y"), ("a", "x")]):
        con.execute("CREATE OR REPLACE TABLE t (k VARCHAR, v VARCHAR)")
        con.executemany("INSERT INTO t VALUES (?, ?)", rows)
        fingerprints.add(validation.frame_fingerprint(con, "SELECT k, v FROM t"))
    assert len(fingerprints) == 5  # the last two are the same rows in another order
