"""Ingest skips re-reading files whose size and modification time are the ones recorded when they
were hashed (the way git's index does), and still reads every file that changed."""

import os
import time

import dagster as dg
import duckdb

from orchestration.assets import raw
from orchestration.definitions import resources
from orchestration.warehouse import WarehouseFiles

QUIET = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}
ARTICLE = "---\npublished: 2025-12-0{n}\n---\nRussia launched {n}0 drones overnight, the air force said.\n"


def ingest(db, landing):
    result = dg.materialize([raw.ingest_landing_folder], resources=resources(str(db), str(landing)), run_config=QUIET)
    assert result.success
    files = WarehouseFiles(db)
    work = files.workspace(result.run_id)
    if work.exists():
        files.publish(result.run_id)
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT source_path, content_hash, mtime_ns FROM raw.files ORDER BY 1, 2").fetchall()


def test_unchanged_files_are_not_read_again_and_changed_ones_are(tmp_path, monkeypatch):
    landing = tmp_path / "landing"
    landing.mkdir()
    old = time.time() - 3600
    for n in (1, 2):
        path = landing / f"a{n}.txt"
        path.write_text(ARTICLE.format(n=n))
        os.utime(path, (old, old))  # landed an hour ago
    fresh = landing / "a3.txt"
    fresh.write_text(ARTICLE.format(n=3))
    soon = time.time() + 60
    os.utime(fresh, (soon, soon))  # as if written during the run: too close to the hashing to trust
    db = tmp_path / "w.duckdb"
    first = ingest(db, landing)
    assert [r[0] for r in first] == ["a1.txt", "a2.txt", "a3.txt"]
    assert [r[2] is not None for r in first] == [True, True, False]  # a3's time is too recent to record

    read = []
    real_hash = raw._content_hash
    monkeypatch.setattr(raw, "_content_hash", lambda path: read.append(os.path.basename(path)) or real_hash(path))
    # a1 untouched; a2 gets more bytes (its time set back to the old one); a3 untouched but recent
    (landing / "a2.txt").write_text(ARTICLE.format(n=2) + "Five people were injured.\n")
    os.utime(landing / "a2.txt", (old, old))
    second = ingest(db, landing)
    assert sorted(read) == ["a2.txt", "a3.txt"]  # a1 trusted, a2 changed size, a3 too recent to trust
    assert len(second) == len(first) + 1  # a2's new bytes are a new ledger row
    assert {r[1] for r in second if r[0] == "a2.txt"} > {r[1] for r in first if r[0] == "a2.txt"}


def test_a_ledger_without_times_learns_them_once(tmp_path, monkeypatch):
    """Rows written before mtime_ns existed (or too recent then) get the file's size and time the
    next time the unchanged bytes are hashed; after that the file is not read again."""
    landing = tmp_path / "landing"
    landing.mkdir()
    path = landing / "a1.txt"
    path.write_text(ARTICLE.format(n=1))
    soon = time.time() + 60
    os.utime(path, (soon, soon))  # as if written during the run
    db = tmp_path / "w.duckdb"
    assert ingest(db, landing)[0][2] is None  # too recent: not recorded
    old = time.time() - 3600
    os.utime(path, (old, old))
    assert ingest(db, landing)[0][2] == path.stat().st_mtime_ns  # hashed again, time learnt
    read = []
    real_hash = raw._content_hash
    monkeypatch.setattr(raw, "_content_hash", lambda p: read.append(os.path.basename(p)) or real_hash(p))
    ingest(db, landing)
    assert read == []


def test_ingest_written_in_flushes_equals_one_write(tmp_path, monkeypatch):
    # Ingest writes every FLUSH_FILES files (memory holds one flush, not the folder): the ledger and
    # the articles must be what one write gives, duplicates across flushes included.
    landing = tmp_path / "landing"
    landing.mkdir()
    old = time.time() - 3600
    texts = [ARTICLE.format(n=n % 5) for n in range(9)]  # names 5..8 repeat the text of 0..3
    for i, text in enumerate(texts):
        path = landing / f"f{i}.txt"
        path.write_text(text)
        os.utime(path, (old + i, old + i))  # landing order = name order
    (landing / "bad.bin").write_bytes(b"\x00\x01")

    def tables(db):
        with duckdb.connect(str(db), read_only=True) as con:
            return (con.execute("SELECT source_path, content_hash, status, reason, article_count FROM raw.files "
                                "ORDER BY 1").fetchall(),
                    con.execute("SELECT article_id, source_path, text FROM raw.articles ORDER BY 1").fetchall())

    ingest(tmp_path / "one.duckdb", landing)
    monkeypatch.setattr(raw, "FLUSH_FILES", 2)
    ingest(tmp_path / "many.duckdb", landing)
    one, many = tables(tmp_path / "one.duckdb"), tables(tmp_path / "many.duckdb")
    assert many == one
    statuses = [row[2] for row in one[0]]
    assert statuses.count("duplicate") == 4 and statuses.count("loaded") == 5 and statuses.count("rejected") == 1
