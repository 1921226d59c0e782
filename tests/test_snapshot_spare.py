"""The previous snapshot kept as a spare: the next working copy rewrites only what changed, and is
never made from a file that something may still be reading."""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from orchestration import warehouse
from orchestration.warehouse import WarehouseFiles, copy_changed_blocks


@pytest.fixture
def small_blocks(monkeypatch):
    monkeypatch.setattr(warehouse, "_COMPARE_WINDOW_BYTES", 64 << 10)
    monkeypatch.setattr(warehouse, "_WRITE_BLOCK_BYTES", 4 << 10)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("source_size", [0, 301_000, 301_003])
@pytest.mark.parametrize("target_size", [0, 100_000, 300_000, 301_000, 700_123])
def test_changed_blocks_make_the_target_equal_to_the_source(tmp_path, small_blocks, source_size, target_size):
    rng = random.Random(target_size)
    source = tmp_path / "source"
    source.write_bytes(rng.randbytes(source_size))
    target = tmp_path / "target"
    data = bytearray(source.read_bytes()[:target_size].ljust(target_size, b"\0"))
    for _ in range(3):  # a few scattered changes
        if data:
            at = rng.randrange(len(data))
            data[at] ^= 0xFF
    target.write_bytes(bytes(data))
    fd = os.open(target, os.O_RDWR)
    try:
        compared, written = copy_changed_blocks(source, fd)
    finally:
        os.close(fd)
    assert _sha(target) == _sha(source)
    assert compared == source_size
    assert written <= source_size


def test_only_the_blocks_that_differ_are_written(tmp_path, small_blocks):
    source = tmp_path / "source"
    source.write_bytes(random.Random(1).randbytes(1 << 20))  # 256 blocks of 4 KiB
    target = tmp_path / "target"
    data = bytearray(source.read_bytes())
    for block in (0, 17, 18, 255):
        data[block * 4096 + 100] ^= 1
    target.write_bytes(bytes(data))
    fd = os.open(target, os.O_RDWR)
    try:
        assert copy_changed_blocks(source, fd) == (1 << 20, 4 * 4096)
        assert copy_changed_blocks(source, fd) == (1 << 20, 0)  # already equal: nothing written
    finally:
        os.close(fd)
    assert _sha(target) == _sha(source)


def _write_run(files: WarehouseFiles, run_id: str, rows: int) -> None:
    with files.writer(run_id) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS scratch")
        con.execute("CREATE TABLE IF NOT EXISTS scratch.numbers (run VARCHAR, n BIGINT)")
        con.execute(f"INSERT INTO scratch.numbers SELECT '{run_id}', range FROM range({rows})")
    files.publish(run_id)


def _numbers(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("SELECT run, count(*), sum(n) FROM scratch.numbers GROUP BY run ORDER BY run").fetchall()


def test_the_replaced_snapshot_becomes_the_next_working_copy(tmp_path):
    files = WarehouseFiles(tmp_path / "w.duckdb")
    _write_run(files, "r1", 50_000)
    assert not files.spare.exists()  # nothing was replaced
    replaced = files.published.stat().st_ino
    _write_run(files, "r2", 60_000)
    assert files.spare.stat().st_ino == replaced
    with files.writer("r3") as con:
        assert files.workspace("r3").stat().st_ino == replaced  # the spare, brought up to date
        assert not files.spare.exists()
        assert _numbers(con) == [("r1", 50_000, 50_000 * 49_999 // 2), ("r2", 60_000, 60_000 * 59_999 // 2)]
    files.publish("r3")
    _write_run(files, "r4", 10)
    with files.read_published() as con:
        assert [run for run, *_ in _numbers(con)] == ["r1", "r2", "r4"]


def test_without_keep_spare_every_working_copy_is_a_full_copy(tmp_path):
    files = WarehouseFiles(tmp_path / "w.duckdb", keep_spare=False)
    for run in ("r1", "r2", "r3"):
        _write_run(files, run, 1_000)
        assert not files.spare.exists()
    with files.read_published() as con:
        assert [run for run, *_ in _numbers(con)] == ["r1", "r2", "r3"]


def test_a_snapshot_a_reader_in_another_process_holds_is_never_rewritten(tmp_path):
    files = WarehouseFiles(tmp_path / "w.duckdb")
    _write_run(files, "r1", 1_000)
    _write_run(files, "r2", 2_000)
    # An analyst opens the published snapshot (r1 + r2) and keeps it open across two more runs.
    reader = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, duckdb
            con = duckdb.connect({str(files.published)!r}, read_only=True)
            query = "SELECT run, count(*) FROM scratch.numbers GROUP BY run ORDER BY run"
            print(con.execute(query).fetchall(), flush=True)
            sys.stdin.readline()
            print(con.execute(query).fetchall(), flush=True)
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        first = reader.stdout.readline().strip()
        assert first == "[('r1', 1000), ('r2', 2000)]"
        held = files.published.stat().st_ino
        _write_run(files, "r3", 3_000)  # made from the spare (r1), publishes: the held file is the spare
        assert files.spare.stat().st_ino == held
        _write_run(files, "r4", 4_000)  # the spare is open elsewhere: full copy
        assert files.published.stat().st_ino != held
        second, _ = reader.communicate("\n", timeout=60)
    finally:
        reader.kill()
    assert second.strip() == first  # the reader's snapshot was not touched
    with files.read_published() as con:
        assert [run for run, *_ in _numbers(con)] == ["r1", "r2", "r3", "r4"]


def test_a_snapshot_open_in_this_process_or_pinned_by_a_run_is_never_rewritten(tmp_path):
    files = WarehouseFiles(tmp_path / "w.duckdb")
    _write_run(files, "r1", 1_000)
    _write_run(files, "r2", 2_000)
    in_process = duckdb.connect(str(files.published), read_only=True)
    held = files.published.stat().st_ino
    try:
        _write_run(files, "r3", 3_000)  # r2's snapshot, held here, becomes the spare
        _write_run(files, "r4", 4_000)
        assert files.published.stat().st_ino != held
        assert [run for run, *_ in _numbers(in_process)] == ["r1", "r2"]
    finally:
        in_process.close()
    # A run that started reading (its snapshot pinned by a link) while another run published.
    with files.reader("pinned") as con:
        assert len(_numbers(con)) == 4
    pinned = files.published.stat().st_ino
    _write_run(files, "r5", 5_000)  # the pinned snapshot is now the spare, with a second link
    _write_run(files, "r6", 6_000)
    assert files.published.stat().st_ino != pinned
    with files.reader("pinned") as con:
        assert [run for run, *_ in _numbers(con)] == ["r1", "r2", "r3", "r4"]
    files.discard("pinned")
    with files.read_published() as con:
        assert [run for run, *_ in _numbers(con)] == ["r1", "r2", "r3", "r4", "r5", "r6"]
