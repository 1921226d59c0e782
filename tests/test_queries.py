"""sql/queries/*.sql: each example question runs on the seeds warehouse with the documented shape."""

from datetime import date
from pathlib import Path

import pytest

from orchestration.cli import main
from orchestration.paths import SQL_DIR
from orchestration.warehouse import WarehouseFiles
from tests.seed_warehouse import seed_warehouse

QUERIES_DIR = SQL_DIR / "queries"

EXPECTED_COLUMNS = {
    "interception_rate_by_month_and_weapon": ["month", "attacker", "weapon_category", "weapon_model", "waves",
                                              "launched", "intercepted", "interception_rate"],
    "largest_waves": ["event_date", "attacker", "target_country", "drones_launched", "missiles_launched", "launched",
                      "drones_intercepted", "missiles_intercepted", "killed", "injured", "weapons", "source_count"],
    "strikes_on_negotiation_days": ["day_kind", "days", "days_with_strikes", "waves", "launched", "killed",
                                    "waves_per_day", "launched_per_day"],
    "troop_caps": ["name", "point_count", "sponsors", "first_reported", "troop_cap", "troop_cap_unit", "evidence"],
    "most_attended_people": ["person", "meetings", "held", "first_meeting", "last_meeting", "locations"],
    "disputed_figures": ["fact_table", "fact_id", "fact", "field", "values", "claims", "articles", "claimants"],
}


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory) -> Path:
    return seed_warehouse(tmp_path_factory)


def run(db: Path, name: str) -> list[dict]:
    with WarehouseFiles(db).read_published() as con:
        frame = con.sql((QUERIES_DIR / f"{name}.sql").read_text()).pl()
    assert frame.columns == EXPECTED_COLUMNS[name]
    return frame.to_dicts()


def test_every_query_file_is_covered_and_states_its_question():
    files = sorted(QUERIES_DIR.glob("*.sql"))
    assert {f.stem for f in files} == set(EXPECTED_COLUMNS)
    for path in files:
        first = path.read_text().splitlines()[0]
        assert first.startswith("-- Question: ") and first.endswith("?"), path.name


@pytest.mark.parametrize("name", sorted(EXPECTED_COLUMNS))
def test_query_runs_with_its_shape(seeds_db, name):
    run(seeds_db, name)


def test_interception_rate_by_month_and_weapon(seeds_db):
    got = {(r["weapon_category"], r["weapon_model"]): r for r in run(seeds_db, "interception_rate_by_month_and_weapon")}
    drones = got[("drone", "all models")]
    assert (drones["month"], drones["launched"], drones["intercepted"]) == (date(2025, 12, 1), 653, 585)
    assert drones["interception_rate"] == pytest.approx(0.896)
    assert got[("missile", "all models")]["interception_rate"] == pytest.approx(0.588)


def test_largest_wave_is_december_6(seeds_db):
    top = run(seeds_db, "largest_waves")[0]
    assert (top["event_date"], top["attacker"], top["launched"], top["source_count"]) == (date(2025, 12, 6), "Russia", 704, 2)


def test_strikes_on_negotiation_days(seeds_db):
    got = {r["day_kind"]: r for r in run(seeds_db, "strikes_on_negotiation_days")}
    assert set(got) == {"negotiation day", "other day"}
    # Dec 1 (Paris), 2 (Moscow), 4-6 (Miami) are negotiation days; Dec 3 is not. The Dec 6 wave falls in Miami's.
    assert (got["negotiation day"]["days"], got["negotiation day"]["waves"], got["negotiation day"]["launched"]) == (5, 1, 704)
    assert (got["other day"]["days"], got["other day"]["waves"]) == (1, 0)


def test_the_28_point_plan_caps_the_army_at_600000(seeds_db):
    got = run(seeds_db, "troop_caps")
    assert [(r["name"], r["troop_cap"]) for r in got] == [("28-point plan", 600000)]
    assert "600,000" in got[0]["evidence"]


def test_most_attended_people(seeds_db):
    got = run(seeds_db, "most_attended_people")
    assert [(r["person"], r["meetings"]) for r in got[:2]] == [("Jared Kushner", 2), ("Steve Witkoff", 2)]
    assert got[1]["locations"] == ["Miami", "Moscow"]
    assert all(r["meetings"] == 1 for r in got[2:])


def test_disputed_figures_on_seeds_and_on_a_conflict(seeds_db, tmp_path):
    # the seeds' two articles on the Dec 6 wave agree on every exact figure
    assert run(seeds_db, "disputed_figures") == []
    # a copy of the seeds where one claim states another figure
    copy = tmp_path / "w.duckdb"
    copy.write_bytes(seeds_db.read_bytes())
    import duckdb

    con = duckdb.connect(str(copy))
    (claim_id, fact_id) = con.execute("""SELECT claim_id, fact_id FROM curated.claims
                                         WHERE field = 'drones_launched' AND value_num = 653 ORDER BY claim_id LIMIT 1""").fetchone()
    con.execute("UPDATE curated.claims SET value_num = 650, value = '650' WHERE claim_id = ?", [claim_id])
    con.close()
    got = run(copy, "disputed_figures")
    assert [(r["fact_table"], r["fact_id"], r["fact"], r["field"], r["values"]) for r in got] == [
        ("strikes", fact_id, "Russia attack, 2025-12-06", "drones_launched", [650.0, 653.0])]


def test_a_question_runs_through_the_cli_as_the_readme_shows(seeds_db, capsys):
    assert main(["sql", (QUERIES_DIR / "troop_caps.sql").read_text(), "--db", str(seeds_db)]) == 0
    assert "600000" in capsys.readouterr().out
