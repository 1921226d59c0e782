"""Great Expectations suites (expectations/*.json) run by orchestration.validation.validate_frame.

GX takes seconds to import, so each suite is exercised with few GX runs: one frame that holds
one bad row per rule, asserting the per-expectation outcomes.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import polars as pl
import pytest

from orchestration.paths import EXPECTATIONS_DIR, SQL_DIR
from orchestration.validation import SuiteOutcome, build_suite, load_suite_spec, validate_frame

TODAY = date(2025, 6, 1)
SUITES = ["curated_strikes", "curated_talks", "curated_proposals", "curated_claims"]
COUNTS = ["drones_launched", "missiles_launched", "drones_intercepted", "missiles_intercepted", "killed", "injured"]

STRIKE_SCHEMA = {
    "strike_id": pl.String,
    "event_date": pl.Date,
    "date_precision": pl.String,
    "attacker": pl.String,
    **{c: pl.Int32 for c in COUNTS},
    "claim_count": pl.Int64,
}


def strike(strike_id: str, **overrides) -> dict:
    row = {
        "strike_id": strike_id,
        "event_date": date(2025, 5, 20),
        "date_precision": "day",
        "attacker": "Russia",
        "drones_launched": 100,
        "missiles_launched": 5,
        "drones_intercepted": 80,
        "missiles_intercepted": 5,
        "killed": 2,
        "injured": 10,
        "claim_count": 3,
    }
    row.update(overrides)
    return row


def strikes(*rows: dict) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=STRIKE_SCHEMA)


def talks(*rows: dict) -> pl.DataFrame:
    schema = {"talk_id": pl.String, "start_date": pl.Date, "end_date": pl.Date, "location": pl.String, "claim_count": pl.Int64}
    base = {"start_date": date(2025, 5, 16), "end_date": date(2025, 5, 16), "location": "Istanbul", "claim_count": 2}
    return pl.DataFrame([{**base, **r} for r in rows], schema=schema)


def proposals(*rows: dict) -> pl.DataFrame:
    schema = {"proposal_id": pl.String, "name": pl.String, "point_count": pl.Int32, "claim_count": pl.Int64}
    base = {"name": "28-point plan", "point_count": 28, "claim_count": 1}
    return pl.DataFrame([{**base, **r} for r in rows], schema=schema)


def claims(*rows: dict) -> pl.DataFrame:
    schema = {
        "claim_id": pl.String,
        "fact_table": pl.String,
        "fact_id": pl.String,
        "field": pl.String,
        "value_num": pl.Float64,
        "evidence": pl.String,
    }
    base = {"fact_table": "strikes", "fact_id": "s1", "field": "killed", "value_num": 2.0, "evidence": "Two people were killed."}
    return pl.DataFrame([{**base, **r} for r in rows], schema=schema)


def outcome_for(result: SuiteOutcome, expectation: str, column: str):
    matches = [o for o in result.outcomes if o.expectation == expectation and o.column == column]
    assert len(matches) == 1, (expectation, column, [(o.expectation, o.column) for o in result.outcomes])
    return matches[0]


def failing_ids(result: SuiteOutcome, expectation: str, column: str) -> set:
    o = outcome_for(result, expectation, column)
    return {row[result.id_column] for row in o.sample}


def passed(result: SuiteOutcome) -> set[tuple[str, str | None]]:
    return {(o.expectation, o.column) for o in result.outcomes if o.success}


# --- suite files -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SUITES)
def test_suite_json_is_a_valid_gx_suite_and_round_trips(name):
    spec = load_suite_spec(name)
    assert spec["meta"]["description"]
    assert spec["meta"]["id_column"]
    suite = build_suite(spec)  # raises on an unknown expectation type or bad kwargs
    assert len(suite.expectations) == len(spec["expectations"])
    as_json = suite.to_json_dict()
    assert as_json["name"] == name
    assert [(e["type"], e["kwargs"]) for e in as_json["expectations"]] == [
        (e["type"], e["kwargs"]) for e in spec["expectations"]
    ]
    # Suite JSON goes through GX's own constructor too without losing anything.
    from great_expectations.core.expectation_suite import ExpectationSuite

    assert len(ExpectationSuite(**spec).expectations) == len(spec["expectations"])
    assert (SQL_DIR / "checks" / f"{name}.sql").is_file()


def test_every_suite_file_is_listed():
    assert sorted(p.stem for p in EXPECTATIONS_DIR.glob("*.json")) == sorted(SUITES)


def test_load_suite_spec_unknown_suite():
    with pytest.raises(FileNotFoundError):
        load_suite_spec("no_such_suite")


def test_orchestration_modules_do_not_import_gx():
    code = (
        "import sys, orchestration.validation, orchestration.checks; "
        "assert 'great_expectations' not in sys.modules, 'GX imported at module import'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_preload_gx_imports_it_once_in_the_background():
    code = (
        "import sys, orchestration.validation as v; "
        "thread = v.preload_gx(); assert v.preload_gx() is thread, 'one preload per process'; "
        "thread.join(120); assert not thread.is_alive(); "
        "assert 'great_expectations' in sys.modules, 'GX not imported by the preload'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=180)


# --- strikes -----------------------------------------------------------------------------------


def test_strikes_good_rows_and_allowed_nulls_pass():
    frame = strikes(
        strike("ok-full"),
        strike("ok-nulls", event_date=None, date_precision="unknown", **{c: None for c in COUNTS}),
        # intercepted known, launched unknown (and vice versa): pair rule ignores the row
        strike("ok-half", drones_launched=None, drones_intercepted=50, missiles_launched=3, missiles_intercepted=None),
        strike("ok-tomorrow", event_date=TODAY + timedelta(days=1), attacker="Ukraine", date_precision="week"),
        strike("ok-first-day", event_date=date(2022, 2, 24), date_precision="month", drones_intercepted=100, **{"killed": 0}),
    )
    result = validate_frame(frame, "curated_strikes", today=TODAY)
    assert result.success, [o for o in result.outcomes if not o.success]
    assert result.evaluated_rows == 5
    assert result.failing_row_count == 0 and result.failing_sample == []
    assert all(o.unexpected_count == 0 and o.sample == [] for o in result.outcomes)


def test_strikes_each_rule_fails_on_its_bad_row():
    frame = strikes(
        strike("good"),
        strike("drones-over", drones_launched=10, drones_intercepted=11),
        strike("missiles-over", missiles_launched=2, missiles_intercepted=3),
        strike("neg-killed", killed=-1),
        strike("neg-drones", drones_launched=-5, drones_intercepted=None),
        strike("too-early", event_date=date(2021, 1, 1)),
        strike("future", event_date=TODAY + timedelta(days=2)),
        strike("bad-attacker", attacker="Belarus"),
        strike("bad-precision", date_precision="year"),
        strike("no-claims", claim_count=0),
        strike("dup"),
        strike("dup"),
    )
    result = validate_frame(frame, "curated_strikes", today=TODAY)
    assert not result.success
    assert result.evaluated_rows == 12
    assert result.id_column == "strike_id"

    pair = "expect_column_pair_values_a_to_be_greater_than_b"
    between = "expect_column_values_to_be_between"
    in_set = "expect_column_values_to_be_in_set"
    assert failing_ids(result, pair, "drones_launched, drones_intercepted") == {"drones-over"}
    assert failing_ids(result, pair, "missiles_launched, missiles_intercepted") == {"missiles-over"}
    assert failing_ids(result, between, "killed") == {"neg-killed"}
    assert failing_ids(result, between, "drones_launched") == {"neg-drones"}
    assert failing_ids(result, between, "event_date") == {"too-early", "future"}
    assert failing_ids(result, in_set, "attacker") == {"bad-attacker"}
    assert failing_ids(result, in_set, "date_precision") == {"bad-precision"}
    assert failing_ids(result, between, "claim_count") == {"no-claims"}
    assert failing_ids(result, "expect_column_values_to_be_unique", "strike_id") == {"dup"}
    assert outcome_for(result, "expect_column_values_to_be_unique", "strike_id").unexpected_count == 2
    assert {
        (between, "injured"),
        (between, "missiles_launched"),
        (between, "drones_intercepted"),
        (between, "missiles_intercepted"),
        ("expect_column_values_to_not_be_null", "strike_id"),
    } <= passed(result)

    # The sample shows the offending values next to the id.
    over = outcome_for(result, pair, "drones_launched, drones_intercepted")
    assert over.unexpected_count == 1
    assert over.sample == [{"strike_id": "drones-over", "drones_launched": 10, "drones_intercepted": 11}]
    dates = outcome_for(result, between, "event_date")
    assert {r["event_date"] for r in dates.sample} == {date(2021, 1, 1), TODAY + timedelta(days=2)}
    assert all(o.error is None for o in result.outcomes)

    # 11 distinct bad rows (both duplicates count); the sample holds the first 5, id first.
    assert result.failing_row_count == 11
    assert len(result.failing_sample) == 5
    first = result.failing_sample[0]
    assert first["strike_id"] == "drones-over"
    assert first["drones_launched"] == 10 and first["drones_intercepted"] == 11
    assert "drones_intercepted <= drones_launched" in first["failed"]


def test_today_parameter_moves_the_date_bound():
    frame = strikes(strike("s", event_date=date(2025, 6, 3)))
    assert not validate_frame(frame, "curated_strikes", today=date(2025, 6, 1)).success
    assert validate_frame(frame, "curated_strikes", today=date(2025, 6, 2)).success


def test_empty_frame_passes():
    result = validate_frame(strikes(), "curated_strikes", today=TODAY)
    assert result.success
    assert result.evaluated_rows == 0 and result.failing_row_count == 0


def test_missing_column_is_an_error():
    with pytest.raises(ValueError, match="claim_count"):
        validate_frame(strikes(strike("s")).drop("claim_count"), "curated_strikes", today=TODAY)


# --- talks -------------------------------------------------------------------------------------


def test_talks_rules():
    good = talks(
        {"talk_id": "t-one-day"},
        {"talk_id": "t-two-days", "end_date": date(2025, 5, 17)},
        {"talk_id": "t-undated", "start_date": None, "end_date": None},
        {"talk_id": "t-no-end", "end_date": None},
    )
    result = validate_frame(good, "curated_talks", today=TODAY)
    assert result.success, [o for o in result.outcomes if not o.success]

    bad = talks(
        {"talk_id": "t-good"},
        {"talk_id": "t-ends-before", "start_date": date(2025, 5, 16), "end_date": date(2025, 5, 15)},
        {"talk_id": "t-2021", "start_date": date(2021, 1, 1), "end_date": date(2021, 1, 1)},
        {"talk_id": "t-future", "start_date": TODAY + timedelta(days=2), "end_date": TODAY + timedelta(days=2)},
        {"talk_id": "t-nowhere", "location": None},
        {"talk_id": "t-no-claims", "claim_count": 0},
        {"talk_id": "t-dup"},
        {"talk_id": "t-dup"},
        {"talk_id": None},
    )
    result = validate_frame(bad, "curated_talks", today=TODAY)
    assert not result.success
    assert failing_ids(result, "expect_column_pair_values_a_to_be_greater_than_b", "end_date, start_date") == {
        "t-ends-before"
    }
    assert failing_ids(result, "expect_column_values_to_be_between", "start_date") == {"t-2021", "t-future"}
    assert failing_ids(result, "expect_column_values_to_not_be_null", "location") == {"t-nowhere"}
    assert failing_ids(result, "expect_column_values_to_be_between", "claim_count") == {"t-no-claims"}
    assert failing_ids(result, "expect_column_values_to_be_unique", "talk_id") == {"t-dup"}
    assert outcome_for(result, "expect_column_values_to_not_be_null", "talk_id").unexpected_count == 1
    assert result.failing_row_count == 8


# --- proposals ---------------------------------------------------------------------------------


def test_proposals_rules():
    good = proposals(
        {"proposal_id": "p-28"},
        {"proposal_id": "p-1", "point_count": 1},
        {"proposal_id": "p-100", "point_count": 100},
        {"proposal_id": "p-unknown", "point_count": None},
    )
    assert validate_frame(good, "curated_proposals", today=TODAY).success

    bad = proposals(
        {"proposal_id": "p-ok"},
        {"proposal_id": "p-zero", "point_count": 0},
        {"proposal_id": "p-101", "point_count": 101},
        {"proposal_id": "p-no-claims", "claim_count": 0},
        {"proposal_id": "p-dup"},
        {"proposal_id": "p-dup"},
    )
    result = validate_frame(bad, "curated_proposals", today=TODAY)
    assert not result.success
    points = outcome_for(result, "expect_column_values_to_be_between", "point_count")
    assert {r["proposal_id"]: r["point_count"] for r in points.sample} == {"p-zero": 0, "p-101": 101}
    assert failing_ids(result, "expect_column_values_to_be_between", "claim_count") == {"p-no-claims"}
    assert failing_ids(result, "expect_column_values_to_be_unique", "proposal_id") == {"p-dup"}
    assert result.failing_row_count == 5


# --- claims ------------------------------------------------------------------------------------


def test_claims_rules():
    good = claims(
        {"claim_id": "c1"},
        {"claim_id": "c2", "fact_table": "talks", "value_num": None, "field": "location"},
        {"claim_id": "c3", "fact_table": "proposals", "value_num": 0.0},
    )
    assert validate_frame(good, "curated_claims", today=TODAY).success

    bad = claims(
        {"claim_id": "c-ok"},
        {"claim_id": "c-empty", "evidence": ""},
        {"claim_id": "c-null", "evidence": None},
        {"claim_id": "c-table", "fact_table": "stances"},
        {"claim_id": "c-neg", "value_num": -3.0},
        {"claim_id": "c-dup"},
        {"claim_id": "c-dup"},
    )
    result = validate_frame(bad, "curated_claims", today=TODAY)
    assert not result.success
    assert failing_ids(result, "expect_column_value_lengths_to_be_between", "evidence") == {"c-empty"}
    assert failing_ids(result, "expect_column_values_to_not_be_null", "evidence") == {"c-null"}
    assert failing_ids(result, "expect_column_values_to_be_in_set", "fact_table") == {"c-table"}
    assert failing_ids(result, "expect_column_values_to_be_between", "value_num") == {"c-neg"}
    assert failing_ids(result, "expect_column_values_to_be_unique", "claim_id") == {"c-dup"}
    assert result.failing_row_count == 6
