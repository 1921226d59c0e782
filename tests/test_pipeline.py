"""The whole graph, materialised with dg.materialize into temporary DuckDB files."""

import hashlib
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.definitions import ASSETS, CHECKS, defs, resources
from orchestration.paths import SEED_ARTICLES_DIR
from orchestration.warehouse import WarehouseFiles


def materialize(articles: Path, db: Path, *, strict: bool = False) -> dg.ExecuteInProcessResult:
    run_config: dict = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
    if strict:
        run_config["ops"] = {"curated_facts": {"config": {"strict": True}}}
    return dg.materialize(
        [*ASSETS, *CHECKS],
        resources=resources(str(db), str(articles)),
        raise_on_error=False,
        run_config=run_config,
    )


def query(db: Path, sql: str, params=None):
    with WarehouseFiles(db).read_published() as con:
        return con.execute(sql, params or []).fetchall()


def table_hash(db: Path, table: str, order_by: str) -> str:
    # raw.files.mtime_ns is the ledger's memory of file times (learnt once a file has settled), not data
    columns = "* EXCLUDE (mtime_ns)" if table == "raw.files" else "*"
    with WarehouseFiles(db).read_published() as con:
        rows = con.execute(f"SELECT {columns} FROM {table} ORDER BY {order_by}").fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> tuple[Path, Path]:
    landing = tmp_path_factory.mktemp("landing")
    for article in SEED_ARTICLES_DIR.glob("*.txt"):
        shutil.copy(article, landing / article.name)
    db = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    result = materialize(landing, db)
    assert result.success
    assert all(e.passed for e in result.get_asset_check_evaluations())
    return landing, db


def test_definitions_load_with_groups_schedule_and_sensor():
    repo = defs.get_repository_def()
    groups = {key.path[0]: spec.group_name for key, spec in
              ((k, repo.assets_defs_by_key[k].specs_by_key[k]) for k in repo.assets_defs_by_key)}
    assert groups["raw"] == "raw" and groups["parsed"] == "parsed" and groups["curated"] == "curated"
    assert repo.has_schedule_def("daily_pipeline")
    assert repo.has_sensor_def("landing_folder_sensor")
    check_keys = {(tuple(k.asset_key.path), k.name) for c in CHECKS for k in c.check_keys}
    assert (("curated", "strikes"), "gx_curated_strikes") in check_keys


def test_every_bundled_file_is_loaded(seeded):
    _, db = seeded
    assert query(db, "SELECT status, count(*) FROM raw.files GROUP BY status") == [("loaded", 4)]
    assert query(db, "SELECT count(*) FROM raw.articles") == [(4,)]


def test_dec6_wave_is_one_row_with_evidence_from_both_articles(seeded):
    _, db = seeded
    rows = query(db, """SELECT strike_id, event_date::VARCHAR, drones_launched, missiles_launched,
                               drones_intercepted, missiles_intercepted, source_count
                        FROM curated.strikes WHERE drones_launched = 653""")
    assert len(rows) == 1
    strike_id, event_date, *figures, sources = rows[0]
    assert event_date == "2025-12-06"
    assert figures == [653, 51, 585, 30]
    assert sources == 2
    claim_articles = query(db, """SELECT count(DISTINCT article_id) FROM curated.claims
                                  WHERE fact_id = ? AND field = 'drones_launched' AND value_num = 653""", [strike_id])
    assert claim_articles == [(2,)]


def test_miami_and_moscow_talks(seeded):
    _, db = seeded
    talks = {loc: (start, end, set(people)) for loc, start, end, people in query(
        db, "SELECT location, start_date::VARCHAR, end_date::VARCHAR, participants FROM curated.talks")}
    start, end, people = talks["Miami"]
    assert (start, end) == ("2025-12-04", "2025-12-06")
    assert {"Steve Witkoff", "Rustem Umerov", "Jared Kushner"} <= people
    assert talks["Moscow"][:2] == ("2025-12-02", "2025-12-02")


def test_28_and_20_point_plans_with_the_troop_cap(seeded):
    _, db = seeded
    plans = dict(query(db, "SELECT point_count, proposal_id FROM curated.proposals"))
    assert {28, 20} <= set(plans)
    caps = query(db, "SELECT value FROM curated.proposal_provisions WHERE proposal_id = ? AND category = 'troop_cap'",
                 [plans[28]])
    assert caps == [(600000.0,)]
    assert query(db, "SELECT count(*) FROM curated.proposal_provisions WHERE proposal_id = ? AND category = 'troop_cap'",
                 [plans[20]]) == [(0,)]


def test_every_curated_row_has_a_claim(seeded):
    _, db = seeded
    for table, id_col, fact_table in (("curated.strikes", "strike_id", "strikes"), ("curated.talks", "talk_id", "talks"),
                                      ("curated.proposals", "proposal_id", "proposals")):
        orphans = query(db, f"""SELECT count(*) FROM {table} t WHERE NOT EXISTS (
            SELECT 1 FROM curated.claims c WHERE c.fact_table = '{fact_table}' AND c.fact_id = t.{id_col})""")
        assert orphans == [(0,)], table


def test_claim_offsets_point_at_the_evidence(seeded):
    _, db = seeded
    rows = query(db, """SELECT c.evidence, s.text FROM curated.claims c JOIN parsed.sentences s
                        USING (article_id, sentence_idx)""")
    assert rows and all(evidence == text for evidence, text in rows)


def test_rerun_on_same_input_changes_nothing(seeded):
    landing, db = seeded
    before = {t: table_hash(db, t, o) for t, o in (("raw.files", "source_path"), ("curated.strikes", "strike_id"),
                                                     ("curated.claims", "claim_id"), ("curated.talks", "talk_id"))}
    assert materialize(landing, db).success
    after = {t: table_hash(db, t, o) for t, o in (("raw.files", "source_path"), ("curated.strikes", "strike_id"),
                                                    ("curated.claims", "claim_id"), ("curated.talks", "talk_id"))}
    assert before == after
    # nothing new was extracted, so the second run skipped consolidation
    assert query(db, "SELECT count(*) FROM curated.build_log") == [(1,)]


def test_new_and_bad_files_are_added_without_stopping_the_run(seeded, tmp_path):
    landing, db = seeded
    work = tmp_path / "landing"
    shutil.copytree(landing, work)
    (work / "broken.json").write_text('{"text": "Russia launched 12 drones", ')
    (work / "empty.txt").write_text("   \n")
    (work / "new.txt").write_text(
        "---\ntitle: Night attack\npublished: 2025-12-20\n---\n"
        "Russia attacked Ukraine overnight with 140 drones and three missiles, the air force said.\n"
        "Air defences shot down 120 drones and two missiles.\n")
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(db, copy)
    result = materialize(work, copy)
    assert result.success
    statuses = dict(query(copy, "SELECT source_path, status FROM raw.files"))
    assert statuses["broken.json"] == "rejected" and statuses["empty.txt"] == "rejected"
    assert statuses["new.txt"] == "loaded"
    reasons = dict(query(copy, "SELECT source_path, reason FROM raw.files WHERE status = 'rejected'"))
    assert all(reasons.values())
    new_wave = query(copy, """SELECT event_date::VARCHAR, drones_launched, missiles_launched, drones_intercepted,
                                     missiles_intercepted FROM curated.strikes WHERE drones_launched = 140""")
    assert new_wave == [("2025-12-20", 140, 3, 120, 2)]
    assert query(copy, "SELECT count(*) FROM curated.strikes WHERE drones_launched = 653") == [(1,)]


CONTRADICTION = "---\npublished: 2025-12-21\n---\nRussia launched 10 drones overnight. Air defence destroyed 25 drones.\n"


def test_rows_breaking_a_rule_are_quarantined_not_published(seeded, tmp_path):
    landing, db = seeded
    work = tmp_path / "landing"
    shutil.copytree(landing, work)
    # A source that contradicts itself: more drones intercepted than launched.
    (work / "contradiction.txt").write_text(CONTRADICTION)
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(db, copy)
    result = materialize(work, copy)
    assert result.success
    assert all(e.passed for e in result.get_asset_check_evaluations())
    held = query(copy, "SELECT fact_table, failed_rules, row_json FROM curated.quarantine")
    assert len(held) == 1
    fact_table, rules, row = held[0]
    assert fact_table == "strikes"
    assert any("intercepted" in rule.lower() for rule in rules)
    assert '"drones_intercepted": 25' in row
    assert query(copy, "SELECT count(*) FROM curated.strikes WHERE drones_intercepted = 25") == [(0,)]
    # its evidence is kept
    assert query(copy, "SELECT count(*) FROM curated.claims WHERE value_num = 25") == [(1,)]


def test_strict_mode_lets_the_blocking_check_stop_the_run(seeded, tmp_path):
    landing, db = seeded
    work = tmp_path / "landing"
    shutil.copytree(landing, work)
    (work / "contradiction.txt").write_text(CONTRADICTION)
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(db, copy)
    before = copy.read_bytes()
    result = materialize(work, copy, strict=True)
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR]
    assert [e.check_name for e in failed] == ["gx_curated_strikes"]
    assert failed[0].metadata["failing_rows"].value == 1
    snapshot = [e for e in result.get_asset_materialization_events() if e.asset_key.path == ["warehouse", "snapshot"]]
    assert snapshot == []
    assert copy.read_bytes() == before


def test_a_changed_figure_is_logged_as_a_revision(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "first.txt").write_text("---\npublished: 2025-12-27\n---\n"
                                       "Russia launched 100 drones at Ukraine overnight.\n")
    db = tmp_path / "warehouse.duckdb"
    assert materialize(landing, db).success
    (strike_id, launched), = query(db, "SELECT strike_id, drones_launched FROM curated.strikes")
    assert launched == 100
    (landing / "update.txt").write_text("---\npublished: 2025-12-27\n---\n"
                                        "Russia launched 112 drones overnight, the air force said in an updated report.\n")
    assert materialize(landing, db).success
    assert query(db, "SELECT drones_launched FROM curated.strikes WHERE strike_id = ?", [strike_id]) == [(112,)]
    revisions = query(db, "SELECT fact_id, field, old_value, new_value FROM curated.revisions")
    assert revisions == [(strike_id, "drones_launched", "100", "112")]


def test_readers_keep_reading_while_a_run_publishes(seeded, tmp_path):
    landing, db = seeded
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(db, copy)
    reader = duckdb.connect(str(copy), read_only=True)
    try:
        (before,) = reader.execute("SELECT count(*) FROM raw.articles").fetchone()
        work = tmp_path / "landing"
        shutil.copytree(landing, work)
        (work / "more.txt").write_text("Ukraine's air force said it shot down 41 of 50 drones overnight.\n")
        assert materialize(work, copy).success
        # The open connection still reads its snapshot; a new one sees the published run.
        assert reader.execute("SELECT count(*) FROM raw.articles").fetchone() == (before,)
    finally:
        reader.close()
    assert query(copy, "SELECT count(*) FROM raw.articles") == [(before + 1,)]
