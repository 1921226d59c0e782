"""Reliability: the real pipeline on a hostile landing folder (tests/hostile.py), idempotent
re-runs, files that are added and deleted between runs, and the ledger's promise
landed = loaded + duplicate + rejected."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import dagster as dg
import pytest

from orchestration.assets import raw
from orchestration.cli import run_pipeline
from orchestration.definitions import resources
from orchestration.warehouse import WarehouseFiles
from hostile import build_hostile_folder, landed_entries

BOOKKEEPING = ("run_id", "mtime_ns")  # plus every column ending in '_at': when/which run, not what


def query(db: Path, sql: str, params=None) -> list[tuple]:
    with WarehouseFiles(db).read_published() as con:
        return con.execute(sql, params or []).fetchall()


def table_rows(con, schema: str) -> dict[str, list[tuple]]:
    """Every table of `schema` as sorted rows, bookkeeping columns (run ids, timestamps) left out."""
    out = {}
    tables = [t for (t,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = ? ORDER BY 1", [schema]).fetchall()]
    for table in tables:
        cols = [c for (c,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? ORDER BY column_index",
            [schema, table]).fetchall() if c not in BOOKKEEPING and not c.endswith("_at")]
        select = ", ".join(f'"{c}"' for c in cols)
        out[table] = con.execute(f'SELECT {select} FROM {schema}."{table}" ORDER BY ALL').fetchall()
    return out


def table_hashes(db: Path, schema: str) -> dict[str, str]:
    with WarehouseFiles(db).read_published() as con:
        return {t: hashlib.sha256(repr(rows).encode()).hexdigest() for t, rows in table_rows(con, schema).items()}


def stored_name(rel: str) -> str:
    """How the ledger shows a relative path (bytes that are not UTF-8 as \\xNN)."""
    return os.fsencode(rel).decode("utf-8", "backslashreplace")


def blocking_failures(result) -> list:
    return [e for e in result.get_asset_check_evaluations()
            if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = build_hostile_folder(tmp_path_factory.mktemp("hostile") / "landing folder")
    db = tmp_path_factory.mktemp("hostile-db") / "warehouse.duckdb"
    started = time.perf_counter()
    success, result = run_pipeline(folder.root, db, quiet=True)
    return folder, db, success, result, time.perf_counter() - started


def ledger(db: Path) -> dict[str, tuple]:
    return {src: (status, reason, count, chash) for src, status, reason, count, chash in query(
        db, "SELECT source_path, status, reason, article_count, content_hash FROM raw.files")}


# --- one run on the hostile folder ------------------------------------------------------------


def test_hostile_run_succeeds_and_publishes(hostile):
    _, db, success, result, elapsed = hostile
    assert success, [e.step_key for e in result.all_events if e.is_step_failure]
    assert result.success and blocking_failures(result) == []
    assert db.exists()
    # the 40 MB file, the 2 MB line and the rest within a reasonable time
    assert elapsed < 240, f"hostile run took {elapsed:.0f}s"


def test_every_landed_entry_has_exactly_one_ledger_row(hostile):
    folder, db, *_ = hostile
    landed = [stored_name(rel) for rel in landed_entries(folder.root)]  # counted without the pipeline
    assert len(landed) >= 30
    rows = query(db, "SELECT source_path, status, reason, content_hash FROM raw.files")
    sources = Counter(src for src, *_ in rows)
    assert sorted(sources) == sorted(landed)
    assert set(sources.values()) == {1}
    statuses = Counter(status for _, status, _, _ in rows)
    assert set(statuses) <= {"loaded", "duplicate", "rejected"}
    assert len(landed) == statuses["loaded"] + statuses["duplicate"] + statuses["rejected"]
    for src, status, reason, chash in rows:
        assert chash, src  # never '' (unreadable entries get a per-path-and-problem key)
        if status in ("rejected", "duplicate"):
            assert reason and reason.strip(), src
    assert statuses["rejected"] >= 12 and statuses["loaded"] >= 12


def test_rejections_say_why(hostile):
    folder, db, *_ = hostile
    files = ledger(db)

    def rejected(name: str, *words: str) -> None:
        status, reason, count, _ = files[name]
        assert status == "rejected" and count == 0, (name, status, reason)
        assert all(w in reason for w in words), (name, reason)

    rejected("empty.txt", "empty")
    rejected("whitespace.txt", "whitespace")
    rejected("random.txt", "binary")
    rejected("truncated.json", "invalid JSON")
    rejected("report.pdf", "unsupported", ".pdf")
    rejected(folder.broken_symlink, "broken symlink", "does-not-exist.txt")
    rejected("loop.txt", "symbolic links")
    rejected("link to folder", "folder")
    rejected("pipe.txt", "not a regular file")
    rejected(folder.huge, "too long")  # 40 MB of prose is a dump, not an article


def test_good_files_in_awkward_shapes_are_loaded(hostile):
    folder, db, *_ = hostile
    files = ledger(db)
    for name in ("nul_inside.txt", "cp1252_smart_quotes.txt", "latin1.txt", "utf16_bom.txt", "page.html",
                 "ukrainian.txt", "russian.md", "name with spaces.txt", "статья київ ñ.txt",
                 stored_name(os.fsdecode(b"caf\xe9 latin1 name.txt")), folder.in_subfolder, folder.long_line,
                 folder.future, folder.good):
        assert files[name][0] == "loaded" and files[name][2] == 1, (name, files[name])
    texts = dict(query(db, "SELECT source_path, text FROM raw.articles"))
    assert "\u201cWe shot down 75 drones,\u201d" in texts["cp1252_smart_quotes.txt"]
    assert "Réunion à Genève" in texts["latin1.txt"]
    assert "\x00" not in texts["nul_inside.txt"] and "shot down 44 drones" in texts["nul_inside.txt"]
    assert "Повітряні сили" in texts["ukrainian.txt"] and "беспилотников" in texts["russian.md"]
    page = texts["page.html"]
    assert "38 of the drones" in page
    assert not any(debris in page for debris in ("dataLayer", "9999", "Most read", "Privacy", "font-family"))
    assert len(texts[folder.long_line]) == 2_000_000


def test_partly_broken_jsonl_keeps_its_good_records(hostile):
    folder, db, *_ = hostile
    status, reason, count, _ = ledger(db)[folder.jsonl]
    assert (status, count) == ("loaded", 3)
    assert "line 3" in reason
    texts = {t for (t,) in query(db, "SELECT text FROM raw.articles WHERE source_path = ?", [folder.jsonl])}
    assert texts == set(folder.jsonl_good_texts)


def test_same_content_under_another_name_is_a_duplicate(hostile):
    folder, db, *_ = hostile
    files = ledger(db)
    assert files[folder.good][0] == "loaded"
    for name in (folder.duplicate, folder.symlink):
        status, reason, count, chash = files[name]
        assert (status, count) == ("duplicate", 0) and "already loaded" in reason
        assert chash == files[folder.good][3]
    assert query(db, "SELECT count(*) FROM raw.articles WHERE text LIKE '%212 drones%'") == [(1,)]


def test_future_dated_article_puts_no_future_date_in_curated_tables(hostile):
    folder, db, success, *_ = hostile
    assert success  # the GX date checks passed
    assert ledger(db)[folder.future][0] == "loaded"  # kept, not lost
    tomorrow = date.today() + timedelta(days=1)
    date_columns = query(db, """SELECT schema_name, table_name, column_name FROM duckdb_columns()
                                WHERE schema_name = 'curated' AND data_type = 'DATE'""")
    assert date_columns
    for schema, table, column in date_columns:
        (latest,) = query(db, f'SELECT max("{column}") FROM {schema}."{table}"')[0]
        assert latest is None or latest <= tomorrow, (table, column, latest)


def test_facts_from_the_good_files_are_there(hostile):
    _, db, *_ = hostile
    waves = dict(query(db, "SELECT drones_launched, drones_intercepted FROM curated.strikes"))
    assert waves.get(214) == 191  # 'name with spaces.txt'
    assert waves.get(19) == 17  # the file in the sub-folder
    assert 9999 not in waves  # the <script> in page.html


# --- runs after the first: idempotent, additive, deletions recorded ----------------------------


def test_reruns_are_idempotent_additive_and_record_deleted_files(hostile, tmp_path):
    folder, published, success, *_ = hostile
    assert success
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(published, db)
    curated_1, raw_1 = table_hashes(db, "curated"), table_hashes(db, "raw")
    with WarehouseFiles(db).read_published() as con:
        before = {**{f"curated.{t}": r for t, r in table_rows(con, "curated").items()},
                  **{f"raw.{t}": r for t, r in table_rows(con, "raw").items()}}

    # 1. The same folder again: nothing changes, not even the ledger.
    success, result = run_pipeline(folder.root, db, quiet=True)
    assert success, blocking_failures(result)
    assert table_hashes(db, "curated") == curated_1
    assert table_hashes(db, "raw") == raw_1
    assert query(db, "SELECT count(*) FROM raw.file_events") == [(0,)]

    # 2. One file added, two loaded files deleted: only additions, deletions recorded once.
    (folder.root / "new wave.txt").write_text(
        "---\npublished: 2025-10-01\n---\nRussia launched 77 drones at Ukraine overnight, the air force said. "
        "Air defences shot down 70 drones.\n")
    hashes = {src: h for src, (_, _, _, h) in ledger(db).items()}
    ukrainian = (folder.root / "ukrainian.txt").read_bytes()
    (folder.root / folder.good).unlink()  # its symlink now dangles: a new (rejected) state of that entry
    (folder.root / "ukrainian.txt").unlink()
    success, result = run_pipeline(folder.root, db, quiet=True)
    assert success, blocking_failures(result)
    with WarehouseFiles(db).read_published() as con:
        after = {**{f"curated.{t}": r for t, r in table_rows(con, "curated").items()},
                 **{f"raw.{t}": r for t, r in table_rows(con, "raw").items() if t != "file_events"}}
    for table, rows in before.items():
        if table == "raw.file_events":
            continue
        lost = set(map(repr, rows)) - set(map(repr, after[table]))  # repr: list columns are unhashable
        assert not lost, f"{table} lost rows: {sorted(lost)[:3]}"
    assert query(db, "SELECT drones_intercepted FROM curated.strikes WHERE drones_launched = 77") == [(70,)]
    assert query(db, "SELECT count(*) FROM raw.articles WHERE source_path IN (?, 'ukrainian.txt')", [folder.good]) == [(2,)]
    (good_article,) = query(db, "SELECT article_id FROM raw.articles WHERE source_path = ?", [folder.good])[0]
    assert query(db, """SELECT count(*) FROM curated.claims WHERE article_id = ? AND value_num = 212""",
                 [good_article]) != [(0,)]  # the deleted file's figures are still evidence
    events = query(db, "SELECT source_path, content_hash, event FROM raw.file_events ORDER BY 1")
    assert events == [(folder.good, hashes[folder.good], "missing"), ("ukrainian.txt", hashes["ukrainian.txt"], "missing")]
    assert ledger(db)[folder.symlink][0] == "rejected"  # dangling now; its earlier 'duplicate' row stays

    # 3. ukrainian.txt comes back, good.txt stays away: one 'reappeared', no second 'missing'.
    #    (ingest only, read from the run's working copy: the other layers are covered above)
    (folder.root / "ukrainian.txt").write_bytes(ukrainian)
    result = dg.materialize([raw.ingest_landing_folder], resources=resources(str(db), str(folder.root)),
                            run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}})
    assert result.success
    files = WarehouseFiles(db)
    try:
        with files.connect(result.run_id, read_only=True) as con:
            events = con.execute("SELECT source_path, content_hash, event FROM raw.file_events ORDER BY 1, seen_at").fetchall()
            (rows,) = con.execute("SELECT count(*) FROM raw.files WHERE source_path = 'ukrainian.txt'").fetchone()
    finally:
        files.discard(result.run_id)
    assert events == [(folder.good, hashes[folder.good], "missing"),
                      ("ukrainian.txt", hashes["ukrainian.txt"], "missing"),
                      ("ukrainian.txt", hashes["ukrainian.txt"], "reappeared")]
    assert rows == 1  # same bytes as before: no new ledger row


# --- small pieces ------------------------------------------------------------------------------


def test_a_folder_that_cannot_be_listed_is_a_rejected_entry(tmp_path, monkeypatch):
    (tmp_path / "ok.txt").write_text("Russia launched 5 drones overnight.")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "inside.txt").write_text("x")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == tmp_path / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(raw.os, "scandir", scandir)  # root can list anything: simulate the denial
    entries = {e.source: e for e in raw.landed_entries(tmp_path)}
    assert set(entries) == {"ok.txt", "locked"}
    outcome = raw.read_entry(entries["locked"])
    assert outcome.status == "rejected" and "Permission denied" in outcome.reason
    assert outcome.content_hash.startswith("unread:")


def test_unreadable_entries_get_distinct_stable_ledger_keys(tmp_path):
    os.symlink("nowhere.txt", tmp_path / "a.txt")
    os.symlink("elsewhere.txt", tmp_path / "b.txt")
    first = {e.source: raw.read_entry(e).content_hash for e in raw.landed_entries(tmp_path)}
    again = {e.source: raw.read_entry(e).content_hash for e in raw.landed_entries(tmp_path)}
    assert first == again and len(set(first.values())) == 2 and "" not in first.values()


def test_file_names_that_are_not_utf8_are_stored_escaped():
    assert raw.displayable(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    assert raw.displayable("статья.txt") == "статья.txt"
    assert raw.displayable("lone \ud800 surrogate") == "lone \\ud800 surrogate"
