"""marts.*: registration in the graph, comments on every column, content on the seeds, and the
arithmetic on hand-made curated rows."""

from datetime import date, datetime
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from orchestration.assets import curated, marts
from orchestration.cli import run_pipeline
from orchestration.definitions import defs
from orchestration.metadata import insert_frame
from orchestration.warehouse import WarehouseFiles, apply_ddl
from tests.seed_warehouse import seed_warehouse

MART_NAMES = {"daily_strikes", "interception_by_weapon", "strikes_around_talks", "proposal_versions", "source_coverage"}


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory) -> Path:
    return seed_warehouse(tmp_path_factory)


def rows(con, sql: str, params=None) -> list[dict]:
    return con.execute(sql, params or []).pl().to_dicts()


# --- the graph ------------------------------------------------------------------------------------

def test_every_sql_file_has_an_asset_in_group_marts_upstream_of_publishing():
    assert {p.stem for p in marts.MARTS_SQL_DIR.glob("*.sql")} == MART_NAMES
    graph = defs.resolve_asset_graph()
    for key in marts.MART_KEYS:
        assert key.path[0] == "marts" and key.path[1] in MART_NAMES
        node = graph.get(key)
        assert node.group_name == "marts"
        assert node.parent_keys & {curated.STRIKES, curated.TALKS, curated.PROPOSALS}, key
        assert node.description, f"{key} has no docstring"
    snapshot = graph.get(dg.AssetKey(["warehouse", "snapshot"]))
    assert set(marts.MART_KEYS) <= snapshot.parent_keys


def test_every_mart_and_every_column_is_commented(seeds_db):
    with WarehouseFiles(seeds_db).read_published() as con:
        tables = dict(con.execute(
            "SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'marts'").fetchall())
        assert set(tables) == MART_NAMES
        assert all(comment and comment.strip() for comment in tables.values()), tables
        uncommented = con.execute(
            """SELECT table_name || '.' || column_name FROM duckdb_columns()
               WHERE schema_name = 'marts' AND coalesce(trim(comment), '') = ''""").fetchall()
        assert uncommented == []


def test_marts_are_built_only_after_the_blocking_checks_pass(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "bad.txt").write_text("---\npublished: 2025-12-21\n---\n"
                                     "Russia launched 10 drones overnight. Air defence destroyed 25 drones.\n")
    db = tmp_path / "w.duckdb"
    success, result = run_pipeline(landing, db, quiet=True, strict=True)
    assert not success
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    assert curated.STRIKES in materialized
    # downstream of the failed strikes check: not built, and nothing published
    assert not {marts.DAILY_STRIKES, marts.INTERCEPTION_BY_WEAPON, marts.STRIKES_AROUND_TALKS,
                marts.SOURCE_COVERAGE} & materialized
    assert not db.exists()


def _mart_materializations(result) -> dict[str, bool]:
    """mart name -> whether this run rebuilt it (the asset's `rebuilt` metadata)."""
    return {e.asset_key.path[-1]: e.materialization.metadata["rebuilt"].value
            for e in result.get_asset_materialization_events() if e.asset_key in marts.MART_KEYS}


def test_marts_are_left_as_they_are_when_their_inputs_did_not_change(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "a.txt").write_text("---\npublished: 2025-12-21\n---\n"
                                   "Russia launched 40 drones and 3 missiles overnight. Air defence shot down 35 drones.\n")
    db = tmp_path / "w.duckdb"
    success, first = run_pipeline(landing, db, quiet=True)
    assert success and set(_mart_materializations(first).values()) == {True}
    with WarehouseFiles(db).read_published() as con:
        before = {t: con.execute(f"SELECT * FROM marts.{t} ORDER BY ALL").fetchall() for t in MART_NAMES}

    success, again = run_pipeline(landing, db, quiet=True)  # nothing new
    assert success and set(_mart_materializations(again).values()) == {False}
    with WarehouseFiles(db).read_published() as con:
        assert con.execute("SELECT count(*) FROM curated.mart_build_log").fetchone()[0] == len(MART_NAMES)
        assert {t: con.execute(f"SELECT * FROM marts.{t} ORDER BY ALL").fetchall() for t in MART_NAMES} == before

    (landing / "b.txt").write_text("---\npublished: 2025-12-23\n---\n"
                                   "Russia launched 70 drones overnight. Air defence shot down 60 of them.\n")
    success, third = run_pipeline(landing, db, quiet=True)  # a new article: every mart reads articles or strikes
    assert success and set(_mart_materializations(third).values()) == {True}
    with WarehouseFiles(db).read_published() as con:
        days = con.execute("SELECT count(*) FROM marts.daily_strikes").fetchone()[0]
    assert days == 2


# --- the seeds ------------------------------------------------------------------------------------

def test_seed_daily_strikes(seeds_db):
    with WarehouseFiles(seeds_db).read_published() as con:
        assert rows(con, "SELECT * FROM marts.daily_strikes") == [{
            "event_date": date(2025, 12, 6), "attacker": "Russia", "waves": 1,
            "drones_launched": 653, "drones_intercepted": 585, "drone_interception_rate": pytest.approx(585 / 653),
            "missiles_launched": 51, "missiles_intercepted": 30, "missile_interception_rate": pytest.approx(30 / 51),
            "interception_rate": pytest.approx(615 / 704), "killed": None, "injured": 8, "sources": 2,
        }]
        # the two undated waves of the seeds stay out
        (undated,) = con.execute("SELECT count(*) FROM curated.strikes WHERE event_date IS NULL").fetchone()
        assert undated == 2


def test_seed_interception_by_weapon(seeds_db):
    with WarehouseFiles(seeds_db).read_published() as con:
        got = con.execute("""SELECT month, attacker, weapon_category, weapon_model, waves, launched, intercepted
                             FROM marts.interception_by_weapon""").fetchall()
    assert got == [(date(2025, 12, 1), "Russia", "drone", "drone", 1, 653, 585),
                   (date(2025, 12, 1), "Russia", "missile", "missile", 1, 51, 30)]


def test_seed_strikes_around_talks(seeds_db):
    with WarehouseFiles(seeds_db).read_published() as con:
        got = rows(con, "SELECT location, period, window_start, window_end, waves, drones_launched FROM marts.strikes_around_talks")
        (dated_talks,) = con.execute("SELECT count(*) FROM curated.talks WHERE start_date IS NOT NULL").fetchone()
    assert len(got) == 3 * dated_talks
    miami = {r["period"]: r for r in got if r["location"] == "Miami"}
    assert miami["during"]["window_start"] == date(2025, 12, 4) and miami["during"]["window_end"] == date(2025, 12, 6)
    assert (miami["during"]["waves"], miami["during"]["drones_launched"]) == (1, 653)
    assert (miami["before"]["waves"], miami["before"]["drones_launched"]) == (0, 0)
    paris = {r["period"]: r for r in got if r["location"] == "Paris"}
    assert paris["after"]["window_start"] == date(2025, 12, 2) and paris["after"]["window_end"] == date(2025, 12, 4)


def test_seed_proposal_versions(seeds_db):
    with WarehouseFiles(seeds_db).read_published() as con:
        got = {r["name"]: r for r in rows(con, "SELECT * FROM marts.proposal_versions")}
    assert set(got) == {"28-point plan", "20-point plan"}
    plan = got["28-point plan"]
    assert plan["troop_cap"] == 600000 and plan["troop_cap_unit"] == "personnel"
    assert "troop_cap" not in plan["other_provisions"] and "nato" in plan["other_provisions"]
    assert "rejects" in plan["ukraine_stance"] and plan["europe_stance"] == ["rejects"]
    assert got["20-point plan"]["troop_cap"] is None


def test_seed_source_coverage_accounts_for_every_article_and_claim(seeds_db):
    with WarehouseFiles(seeds_db).read_published() as con:
        totals = con.execute("SELECT sum(articles), sum(claims) FROM marts.source_coverage").fetchone()
        expected = con.execute("SELECT (SELECT count(*) FROM raw.articles), (SELECT count(*) FROM curated.claims)").fetchone()
        kinds = con.execute("SELECT DISTINCT source_kind FROM marts.source_coverage").fetchall()
    assert totals == expected
    assert kinds == [("file",)]  # the seeds carry no URLs


# --- arithmetic on hand-made rows -----------------------------------------------------------------

def _strike(strike_id, day, attacker, dl=None, ml=None, di=None, mi=None, killed=None, injured=None,
            weapons=(), articles=("a1",)):
    return {"strike_id": strike_id, "event_date": day, "date_precision": "day" if day else "unknown",
            "attacker": attacker, "target_country": "Ukraine" if attacker == "Russia" else "Russia",
            "drones_launched": dl, "missiles_launched": ml, "drones_intercepted": di, "missiles_intercepted": mi,
            "killed": killed, "injured": injured, "weapons": list(weapons), "locations": [], "targets": [],
            "source_count": len(articles), "article_ids": list(articles)}


STRIKES = [
    _strike("s1", date(2025, 12, 6), "Russia", dl=100, ml=10, di=80, mi=5, killed=2, injured=5,
            weapons=["Shahed", "Kh-101"], articles=["a1", "a2"]),
    _strike("s2", date(2025, 12, 6), "Russia", dl=50, injured=1, weapons=["drone"], articles=["a2", "a3"]),
    _strike("s3", date(2025, 12, 6), "Russia", di=20, weapons=["Shahed"], articles=["a4"]),  # a tally, no total
    _strike("s4", date(2025, 12, 6), "Ukraine", di=30, weapons=["drone"], articles=["a5"]),
    _strike("s5", None, "Russia", dl=999, di=999, killed=99, weapons=["Shahed"], articles=["a1"]),  # undated
    _strike("s6", date(2025, 12, 20), "Russia", dl=0, di=0, ml=4, mi=4, killed=1,
            weapons=["Iskander-M", "Kalibr", "KAB", "Mystery-9"], articles=["a1"]),
    _strike("s7", date(2025, 11, 30), "Russia", dl=40, di=30, articles=["a6"]),
    _strike("s8", date(2025, 12, 23), "Russia", articles=["a6"]),  # a wave without a single figure
]
TALKS = [
    {"talk_id": "t1", "start_date": date(2025, 12, 5), "end_date": date(2025, 12, 7), "location": "Miami",
     "country": "United States", "participants": ["Steve Witkoff"], "parties": ["United States", "Ukraine"],
     "outcome": "held", "source_count": 1, "article_ids": ["a1"]},
    {"talk_id": "t2", "start_date": date(2025, 12, 22), "end_date": None, "location": "Geneva",
     "country": "Switzerland", "participants": [], "parties": [], "outcome": "scheduled",
     "source_count": 1, "article_ids": ["a3"]},
    {"talk_id": "t3", "start_date": None, "end_date": None, "location": "Istanbul", "country": "Turkey",
     "participants": [], "parties": [], "outcome": "held", "source_count": 1, "article_ids": ["a4"]},
]
PROPOSALS = [
    {"proposal_id": "p28", "name": "28-point plan", "point_count": 28, "sponsors": ["United States"],
     "first_reported": date(2025, 11, 20), "status": "proposed", "source_count": 2, "article_ids": ["a1", "a2"]},
    {"proposal_id": "p20", "name": "20-point plan", "point_count": 20, "sponsors": ["Ukraine", "United States"],
     "first_reported": date(2025, 12, 16), "status": "revised", "source_count": 1, "article_ids": ["a3"]},
    {"proposal_id": "p12", "name": "12-point plan", "point_count": 12, "sponsors": ["Ukraine"],
     "first_reported": None, "status": "proposed", "source_count": 1, "article_ids": ["a9"]},
]
PROVISIONS = [
    ("p28", "troop_cap", 600000.0, "personnel"), ("p28", "troop_cap", 600000.0, "personnel"),
    ("p28", "troop_cap", 800000.0, "personnel"),  # stated once: the cap stated twice wins
    ("p28", "territory", None, None), ("p28", "nato", None, None), ("p28", "territory", None, None),
    ("p12", "troop_cap", 500000.0, "personnel"), ("p12", "troop_cap", 700000.0, "personnel"),  # tie: larger
    ("p12", "sanctions", None, None),
]
STANCES = [("p28", "Ukraine", "rejects"), ("p28", "Ukraine", "conditional"), ("p28", "Ukraine", "rejects"),
           ("p28", "Russia", "supports"), ("p28", "China", "supports"), ("p12", "Europe", "reviewing")]
ARTICLES = [  # article_id, source_path, url, raw published_date, parsed published_date
    ("a1", "x1.txt", "https://www.Reuters.com/world/a", date(2025, 12, 6), date(2025, 12, 6)),
    ("a2", "x2.txt", "http://reuters.com/world/b?x=1", date(2025, 12, 6), date(2025, 12, 6)),
    ("a3", "ukrinform/2025-12-06.txt", None, None, date(2025, 12, 6)),
    ("a4", "tass_mod_report.txt", None, date(2025, 12, 7), None),
    ("a5", "/srv/elsewhere/kyivpost/x.json", None, None, None),
]
CLAIMS = ["a1", "a1", "a1", "a2", "a3", "a3"]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path_factory.mktemp("synthetic") / "w.duckdb"))
    apply_ddl(con)
    insert_frame(con, "curated.strikes", pl.DataFrame(STRIKES, schema_overrides={
        k: pl.Int32 for k in ("drones_launched", "missiles_launched", "drones_intercepted", "missiles_intercepted",
                              "killed", "injured", "source_count")} | {"event_date": pl.Date}))
    insert_frame(con, "curated.talks", pl.DataFrame(TALKS, schema_overrides={"end_date": pl.Date, "start_date": pl.Date}))
    insert_frame(con, "curated.proposals", pl.DataFrame(PROPOSALS, schema_overrides={"first_reported": pl.Date}))
    insert_frame(con, "curated.proposal_provisions", pl.DataFrame(
        [{"proposal_id": p, "category": c, "text": f"{c} sentence", "value": v, "unit": u} for p, c, v, u in PROVISIONS],
        schema_overrides={"value": pl.Float64, "unit": pl.String}))
    insert_frame(con, "curated.stances", pl.DataFrame(
        [{"proposal_id": p, "party": party, "stance": s, "evidence": "..."} for p, party, s in STANCES]))
    insert_frame(con, "raw.articles", pl.DataFrame(
        [{"article_id": a, "source_path": path, "record_index": 0, "url": url, "published_date": raw_day,
          "text": "text", "ingested_at": datetime(2025, 12, 8)} for a, path, url, raw_day, _ in ARTICLES],
        schema_overrides={"url": pl.String, "published_date": pl.Date, "ingested_at": pl.Datetime}))
    insert_frame(con, "parsed.articles", pl.DataFrame(
        [{"article_id": a, "published_date": day, "body": "text", "removed_lines": 0} for a, _, _, _, day in ARTICLES],
        schema_overrides={"published_date": pl.Date}))
    insert_frame(con, "curated.claims", pl.DataFrame(
        [{"claim_id": f"c{i}", "fact_table": "strikes", "fact_id": "s1", "field": "killed", "article_id": a,
          "sentence_idx": 0, "evidence": "..."} for i, a in enumerate(CLAIMS)]))
    # the report -> fact map the curated step writes beside the facts: one report per fact and article
    for fact_table, id_column in (("strikes", "strike_id"), ("talks", "talk_id"), ("proposals", "proposal_id")):
        con.execute(f"""INSERT INTO curated.report_facts
                        SELECT '{fact_table}', article_id, {id_column}, {id_column}, []
                        FROM (SELECT {id_column}, unnest(article_ids) AS article_id FROM curated.{fact_table})""")
    for name in sorted(MART_NAMES):
        marts.build_mart(con, name)
    yield con
    con.close()


def test_daily_strikes_sums_and_rates(synthetic):
    got = {(r["event_date"], r["attacker"]): r for r in rows(synthetic, "SELECT * FROM marts.daily_strikes")}
    # the undated wave s5 is excluded
    assert set(got) == {(date(2025, 11, 30), "Russia"), (date(2025, 12, 6), "Russia"), (date(2025, 12, 6), "Ukraine"),
                        (date(2025, 12, 20), "Russia"), (date(2025, 12, 23), "Russia")}
    dec6 = got[(date(2025, 12, 6), "Russia")]
    assert (dec6["waves"], dec6["drones_launched"], dec6["drones_intercepted"]) == (3, 150, 100)
    assert (dec6["missiles_launched"], dec6["missiles_intercepted"], dec6["killed"], dec6["injured"]) == (10, 5, 2, 6)
    # rates only over waves reporting both figures: s2 (no intercepted) and s3 (no launched) are left out
    assert dec6["drone_interception_rate"] == pytest.approx(80 / 100)
    assert dec6["missile_interception_rate"] == pytest.approx(5 / 10)
    assert dec6["interception_rate"] == pytest.approx(85 / 110)
    assert dec6["sources"] == 4  # a1, a2, a3, a4 (a2 reports two waves)
    ukraine = got[(date(2025, 12, 6), "Ukraine")]
    assert (ukraine["drones_launched"], ukraine["drones_intercepted"], ukraine["drone_interception_rate"]) == (None, 30, None)
    assert ukraine["interception_rate"] is None
    dec20 = got[(date(2025, 12, 20), "Russia")]  # launched 0: no drone rate; missiles 4 of 4
    assert (dec20["drone_interception_rate"], dec20["missile_interception_rate"], dec20["interception_rate"]) == (None, 1.0, 1.0)
    empty = got[(date(2025, 12, 23), "Russia")]
    assert empty["waves"] == 1 and empty["drones_launched"] is None and empty["killed"] is None
    assert got[(date(2025, 11, 30), "Russia")]["interception_rate"] == pytest.approx(0.75)


def test_interception_by_weapon_counts_each_named_model(synthetic):
    got = {(r["month"], r["attacker"], r["weapon_category"], r["weapon_model"]):
           (r["waves"], r["launched"], r["intercepted"], r["interception_rate"])
           for r in rows(synthetic, "SELECT * FROM marts.interception_by_weapon")}
    nov, dec = date(2025, 11, 1), date(2025, 12, 1)
    assert got == {
        (nov, "Russia", "drone", "unspecified"): (1, 40, 30, pytest.approx(0.75)),
        # s1 and s3 name Shahed: s3's tally adds to intercepted but not to the rate
        (dec, "Russia", "drone", "Shahed"): (2, 100, 100, pytest.approx(0.8)),
        (dec, "Russia", "drone", "drone"): (1, 50, None, None),
        (dec, "Russia", "drone", "unspecified"): (1, 0, 0, None),  # s6: drone figures of 0, no drone named
        (dec, "Russia", "missile", "Kh-101"): (1, 10, 5, pytest.approx(0.5)),
        # s6 names two missile models: the wave counts in full for each; KAB (bomb) and unknown names drop out
        (dec, "Russia", "missile", "Iskander-M"): (1, 4, 4, pytest.approx(1.0)),
        (dec, "Russia", "missile", "Kalibr"): (1, 4, 4, pytest.approx(1.0)),
        (dec, "Ukraine", "drone", "drone"): (1, None, 30, None),
    }


def test_strikes_around_talks_windows(synthetic):
    got = {(r["talk_id"], r["period"]): r for r in rows(synthetic, "SELECT * FROM marts.strikes_around_talks")}
    assert len(got) == 6  # t3 has no start date
    t1 = {p: got[("t1", p)] for p in ("before", "during", "after")}
    assert (t1["before"]["window_start"], t1["before"]["window_end"]) == (date(2025, 12, 2), date(2025, 12, 4))
    assert (t1["during"]["window_start"], t1["during"]["window_end"], t1["during"]["window_days"]) == (
        date(2025, 12, 5), date(2025, 12, 7), 3)
    assert (t1["after"]["window_start"], t1["after"]["window_end"]) == (date(2025, 12, 8), date(2025, 12, 10))
    assert [t1["before"][k] for k in ("waves", "drones_launched", "missiles_launched", "killed")] == [0, 0, 0, 0]
    # s1..s4 on Dec 6 (both attackers)
    assert [t1["during"][k] for k in ("waves", "drones_launched", "missiles_launched", "killed")] == [4, 150, 10, 2]
    t2 = {p: got[("t2", p)] for p in ("before", "during", "after")}
    assert t2["during"]["end_date"] == date(2025, 12, 22)  # no end date: a one-day meeting
    assert [t2["before"][k] for k in ("waves", "drones_launched", "missiles_launched", "killed")] == [1, 0, 4, 1]
    # s8 on Dec 23 has no figures: counted as a wave, its figures unknown
    assert [t2["after"][k] for k in ("waves", "drones_launched", "missiles_launched", "killed")] == [1, None, None, None]


def test_proposal_versions_side_by_side(synthetic):
    got = rows(synthetic, "SELECT * FROM marts.proposal_versions")
    assert [r["name"] for r in got] == ["28-point plan", "20-point plan", "12-point plan"]
    p28, p20, p12 = got
    assert (p28["troop_cap"], p28["troop_cap_unit"]) == (600000, "personnel")
    assert p28["other_provisions"] == ["nato", "territory"]
    assert p28["ukraine_stance"] == ["conditional", "rejects"] and p28["russia_stance"] == ["supports"]
    assert p28["united_states_stance"] is None and p28["europe_stance"] is None
    assert p28["other_party_stances"] == ["China: supports"]
    assert p12["troop_cap"] == 700000 and p12["other_provisions"] == ["sanctions"] and p12["europe_stance"] == ["reviewing"]
    assert p20["troop_cap"] is None and p20["other_provisions"] == [] and p20["ukraine_stance"] is None
    assert p20["sponsors"] == ["Ukraine", "United States"] and p20["point_count"] == 20


def test_source_coverage_by_domain_folder_and_file(synthetic):
    got = [tuple(r.values()) for r in rows(synthetic, "SELECT * FROM marts.source_coverage")]
    # source, kind, day, articles, claims, strikes, talks, proposals
    assert got == [
        ("kyivpost", "folder", None, 1, 0, 1, 0, 0),              # absolute path: its parent folder
        ("reuters.com", "url", date(2025, 12, 6), 2, 4, 4, 1, 1),  # a1 + a2: s1, s2, s5, s6; t1; p28
        ("tass", "file", date(2025, 12, 7), 1, 0, 1, 1, 0),        # name prefix; raw published_date
        ("ukrinform", "folder", date(2025, 12, 6), 1, 2, 1, 1, 1),  # parsed published_date
    ]
