"""The warehouse under any executor: lazy working copies (a run with nothing new copies nothing),
reader/writer locks on working copies (no DuckDB lock error, in-process or multiprocess), and the
cleanup of leftovers of runs that are not running."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration import warehouse as wh
from orchestration.cli import run_pipeline
from orchestration.assets import publish, raw
from orchestration.definitions import ASSETS, CHECKS, pipeline_executor, pipeline_job_from_environment, resources
from orchestration.executors import executor_mode, steps_share_this_process
from orchestration.paths import SEED_ARTICLES_DIR
from orchestration.warehouse import WarehouseFiles, apply_ddl
from tests.test_reliability import table_rows

QUIET = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}


def leftovers(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir() if p.name.startswith(f".{db.name}.run-"))


def published_with(db: Path, sql: str = "") -> Path:
    con = duckdb.connect(str(db))
    try:
        apply_ddl(con)
        if sql:
            con.execute(sql)
    finally:
        con.close()
    return db


def count(con, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# --- lazy working copy ---------------------------------------------------------------------------

def test_reading_steps_copy_nothing_and_the_first_writer_copies_the_run_snapshot(tmp_path):
    db = published_with(tmp_path / "w.duckdb", "INSERT INTO raw.files BY NAME SELECT 'a' AS source_path, 'h' AS content_hash, 'loaded' AS status, 1 AS article_count, now() AS seen_at, 'r0' AS run_id")
    files = WarehouseFiles(db)
    inode = db.stat().st_ino
    with files.reader("run") as con:
        assert count(con, "raw.files") == 1
    assert not files.has_workspace("run")  # no copy: the snapshot itself, pinned by a hard link
    assert f".{db.name}.run-run.base" in leftovers(db)
    assert os.stat(db.with_name(f".{db.name}.run-run.base")).st_ino == inode

    with files.writer("run") as con:
        con.execute("DELETE FROM raw.files")
    assert files.has_workspace("run") and f".{db.name}.run-run.base" not in leftovers(db)
    with files.reader("run") as con:  # readers now see the run's own writes
        assert count(con, "raw.files") == 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert count(con, "raw.files") == 1  # the published file is untouched until publish
    files.publish("run")
    with files.read_published() as con:
        assert count(con, "raw.files") == 0
    assert leftovers(db) == []


def test_publish_without_a_working_copy_leaves_the_snapshot_as_it_is(tmp_path):
    db = published_with(tmp_path / "w.duckdb")
    files = WarehouseFiles(db)
    before = db.stat()
    with files.reader("noop") as con:
        count(con, "curated.strikes")
    files.publish("noop")
    after = db.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert leftovers(db) == []


def test_readers_of_a_run_snapshot_share_one_open_database_until_the_run_ends(tmp_path, monkeypatch):
    # Opening a 100k-article warehouse costs 20-25 ms and a run with nothing new has ~30 readers:
    # the pinned snapshot is opened once per process, each reader is a cursor of it.
    db = published_with(tmp_path / "w.duckdb", "INSERT INTO raw.files BY NAME SELECT 'a' AS source_path, 'h' AS content_hash, 'loaded' AS status, 1 AS article_count, now() AS seen_at, 'r0' AS run_id")
    opened: list[str] = []
    real_connect = wh._connect_with_retry
    monkeypatch.setattr(wh, "_connect_with_retry", lambda path, read_only, **kw: opened.append(Path(path).name) or real_connect(path, read_only, **kw))
    files = WarehouseFiles(db)
    base = db.with_name(f".{db.name}.run-noop.base")
    for _ in range(3):
        with files.reader("noop") as con:
            assert count(con, "raw.files") == 1
    assert opened == [base.name]
    files.publish("noop")  # closes it: nothing of the run stays open or on disk
    assert base.resolve() not in wh._SNAPSHOT_DATABASES and leftovers(db) == []

    with files.reader("writes") as con:
        assert count(con, "raw.files") == 1
    with files.writer("writes") as con:  # the working copy replaces the snapshot for later readers
        con.execute("DELETE FROM raw.files")
    assert not any(p.name.startswith(f".{db.name}.run-writes") for p in wh._SNAPSHOT_DATABASES)
    with files.reader("writes") as con:
        assert count(con, "raw.files") == 0
    files.discard("writes")

    with files.reader("discarded") as con:
        count(con, "raw.files")
    files.discard("discarded")
    assert not any(p.name.startswith(f".{db.name}.run-") for p in wh._SNAPSHOT_DATABASES) and leftovers(db) == []


def test_a_brand_new_warehouse_is_created_with_every_table(tmp_path):
    db = tmp_path / "new" / "w.duckdb"
    files = WarehouseFiles(db)
    with files.reader("first") as con:  # nothing published yet: the run's copy is a new warehouse
        assert count(con, "raw.files") == 0
    assert files.has_workspace("first")
    files.publish("first")
    with files.read_published() as con:
        assert wh.ddl_is_current(con)
    # a run that touched nothing still leaves a warehouse behind
    other = tmp_path / "other.duckdb"
    WarehouseFiles(other).publish("only-publish")
    with WarehouseFiles(other).read_published() as con:
        assert wh.ddl_is_current(con)


@pytest.mark.parametrize("older", [
    "DROP TABLE curated.build_log",  # a table added since
    "COMMENT ON TABLE raw.files IS 'an older comment'",  # a comment changed since
    "COMMENT ON COLUMN raw.files.reason IS NULL",
    "ALTER TABLE raw.files DROP COLUMN mtime_ns",  # a column added since
])
def test_an_older_snapshot_gets_the_current_ddl_before_anyone_reads_it(tmp_path, older):
    db = published_with(tmp_path / "w.duckdb", older)
    files = WarehouseFiles(db)
    with files.reader("run") as con:
        assert wh.ddl_is_current(con)
        assert count(con, "curated.build_log") == 0
    assert files.has_workspace("run")  # applying DDL is a write: it happens in the working copy
    with files.read_published() as con:
        assert not wh.ddl_is_current(con)
    files.publish("run")
    with files.read_published() as con:
        assert wh.ddl_is_current(con)


def test_a_run_reads_its_own_snapshot_even_when_this_process_holds_an_older_one_open(tmp_path):
    # DuckDB hands out the database already open in the process for the same path: reading the
    # published *path* would return the snapshot held open below, not the one published since.
    db = published_with(tmp_path / "w.duckdb")
    files = WarehouseFiles(db)
    held = duckdb.connect(str(db), read_only=True)
    try:
        with files.writer("one") as con:
            con.execute("INSERT INTO raw.files BY NAME SELECT 'a' AS source_path, 'h' AS content_hash, 'loaded' AS status, 1 AS article_count, now() AS seen_at, 'one' AS run_id")
        files.publish("one")
        with files.reader("two") as con:
            assert count(con, "raw.files") == 1
        assert count(held, "raw.files") == 0  # the analyst keeps the snapshot they opened
        files.discard("two")
    finally:
        held.close()


def test_a_writer_inside_a_reader_of_the_same_thread_is_refused(tmp_path):
    files = WarehouseFiles(published_with(tmp_path / "w.duckdb"))
    with files.writer("run"):
        pass
    with files.reader("run"):
        with pytest.raises(RuntimeError, match="close the read-only connection"):
            with files.writer("run"):
                pass
    with files.writer("run") as con:  # a reader inside a writer shares its database
        con.execute("INSERT INTO raw.files BY NAME SELECT 'a' AS source_path, 'h' AS content_hash, 'loaded' AS status, 1 AS article_count, now() AS seen_at, 'run' AS run_id")
        with files.reader("run") as inner:
            assert count(inner, "raw.files") == 1
    files.discard("run")


# --- reader/writer locks ---------------------------------------------------------------------------

WRITE_SLOWLY = textwrap.dedent("""
    import sys, time
    from orchestration.warehouse import WarehouseFiles
    with WarehouseFiles(sys.argv[1]).writer(sys.argv[2]) as con:
        print("writing", flush=True)
        time.sleep(1.5)
        con.execute("INSERT INTO raw.files BY NAME SELECT 'late' AS source_path, 'h' AS content_hash, 'loaded' AS status, 1 AS article_count, now() AS seen_at, 'w' AS run_id")
""")


def test_readers_and_writers_of_other_processes_wait_instead_of_failing(tmp_path):
    db = published_with(tmp_path / "w.duckdb")
    files = WarehouseFiles(db)
    files.ensure_workspace("run")
    writer = subprocess.Popen([sys.executable, "-c", WRITE_SLOWLY, str(db), "run"], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "writing"
        # Without the lock DuckDB refuses this ("Conflicting lock is held"); with it, it waits.
        with files.reader("run") as con:
            assert con.execute("SELECT source_path FROM raw.files").fetchall() == [("late",)]
        writer.wait(timeout=60)
        # and the other way round: a writer waits for a reader of another process
        reader = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
            import sys, time
            from orchestration.warehouse import connect_working_copy
            with connect_working_copy(sys.argv[1], read_only=True) as con:
                print("reading", flush=True)
                time.sleep(1.5)
        """), str(files.workspace("run"))], stdout=subprocess.PIPE, text=True)
        assert reader.stdout.readline().strip() == "reading"
        with files.writer("run") as con:
            con.execute("DELETE FROM raw.files")
        reader.wait(timeout=60)
        assert reader.returncode == 0
    finally:
        for proc in (writer,):
            if proc.poll() is None:
                proc.kill()
    assert writer.returncode == 0
    files.discard("run")


# --- leftovers of runs that are not running ---------------------------------------------------------

def leave_run(db: Path, run_id: str, lock_text: str | None, *, idle_seconds: float = 0) -> None:
    work = db.with_name(f".{db.name}.run-{run_id}")
    work.write_bytes(b"x")
    if lock_text is not None:
        lock = work.with_name(work.name + ".lock")
        lock.write_text(lock_text)
        os.utime(lock, (time.time() - idle_seconds,) * 2)


def test_leftovers_of_a_multiprocess_run_are_kept_while_its_dagster_instance_says_it_runs(tmp_path):
    db = published_with(tmp_path / "w.duckdb")
    home, gone = tmp_path / "dagster_home", tmp_path / "deleted_home"
    home.mkdir()
    mark = f"{wh._INSTANCE_MARK}{home}\n"
    stale = wh.STALE_WORKSPACE_SECONDS + 60
    leave_run(db, "running", mark)  # between two steps: nobody holds its lock
    leave_run(db, "running-but-long-dead", mark, idle_seconds=stale)  # killed, status never updated
    leave_run(db, "finished", mark)
    leave_run(db, "unknown-young", mark)  # not in this instance (another one, or wiped)
    leave_run(db, "unknown-old", mark, idle_seconds=stale)
    leave_run(db, "temporary-instance", f"{wh._INSTANCE_MARK}{gone}\n")  # its instance folder is gone
    leave_run(db, "in-process", "")  # ephemeral instance: its one process held the lock all along
    status = {"running": True, "running-but-long-dead": True, "finished": False}
    files = WarehouseFiles(db, instance_root=str(home), run_status=status.get)
    with files.writer("new"):
        pass
    kept = {name.removeprefix(f".{db.name}.run-") for name in leftovers(db) if not name.endswith(".lock")}
    assert kept == {"running", "unknown-young", "new", "new.rwlock"}
    # a cleaner without access to the instance keeps every young run it cannot tell about
    leave_run(db, "finished", mark)
    WarehouseFiles(db).discard("new")
    with WarehouseFiles(db).writer("newer"):
        pass
    kept = {name.removeprefix(f".{db.name}.run-") for name in leftovers(db) if not name.endswith(".lock")}
    assert kept == {"running", "unknown-young", "finished", "newer", "newer.rwlock"}


def test_a_held_run_lock_always_means_alive(tmp_path):
    db = published_with(tmp_path / "w.duckdb")
    leave_run(db, "busy", f"{wh._INSTANCE_MARK}{tmp_path}\n")
    with open(db.with_name(f".{db.name}.run-busy.lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_SH)
        files = WarehouseFiles(db, instance_root=str(tmp_path), run_status=lambda run_id: False)
        with files.writer("new"):
            pass
        assert f".{db.name}.run-busy" in leftovers(db)


# --- whole pipeline ---------------------------------------------------------------------------------

def snapshot_metadata(result) -> dict:
    (event,) = [e for e in result.get_asset_materialization_events()
                if e.asset_key == dg.AssetKey(["warehouse", "snapshot"])]
    return event.materialization.metadata


def test_a_run_with_nothing_new_copies_nothing_and_keeps_the_snapshot(tmp_path):
    db = tmp_path / "w.duckdb"
    success, first = run_pipeline(SEED_ARTICLES_DIR, db, quiet=True)
    assert success and snapshot_metadata(first)["replaced"].value is True
    before = db.stat()
    # The whole job again: ingest, parsed, curated, the checks, the marts, the charts and publish
    # all find nothing to write.
    success, again = run_pipeline(SEED_ARTICLES_DIR, db, quiet=True)
    assert success
    meta = snapshot_metadata(again)
    assert meta["replaced"].value is False and "already current" in meta["snapshot"].value
    after = db.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert leftovers(db) == []


def land(folder: Path, names: list[str]) -> Path:
    folder.mkdir()
    for name in names:
        shutil.copy2(SEED_ARTICLES_DIR / name, folder / name)
    return folder


def lock_errors(events) -> list[str]:
    texts = []
    for event in events:
        texts.append(event.message or "")
        data = event.dagster_event.event_specific_data if event.dagster_event else None
        error = getattr(data, "error", None)
        if error is not None:
            texts.append(error.to_string())
    return [t for t in texts if "Conflicting lock" in t or "Could not set lock" in t]


def test_multiprocess_run_with_a_reader_holding_the_snapshot_equals_an_in_process_run(tmp_path, monkeypatch):
    seeds = sorted(p.name for p in SEED_ARTICLES_DIR.glob("*.txt"))
    first, everything = land(tmp_path / "first", seeds[:2]), tmp_path / "all"
    shutil.copytree(first, everything)
    for name in seeds[2:]:
        shutil.copy2(SEED_ARTICLES_DIR / name, everything / name)
    # The same history for both: a first batch ingested and published, then everything.
    start = tmp_path / "start.duckdb"
    assert dg.materialize([raw.ingest_landing_folder, publish.published_snapshot],
                          resources=resources(str(start), str(first)), run_config=QUIET).success
    in_process_db, multiprocess_db = tmp_path / "in_process.duckdb", tmp_path / "multiprocess.duckdb"
    shutil.copy2(start, in_process_db)
    shutil.copy2(start, multiprocess_db)
    assert run_pipeline(everything, in_process_db, quiet=True)[0]

    # Each step process imports Dagster, the project and GX again: let them share compiled bytecode.
    monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
    monkeypatch.setenv("PYTHONPYCACHEPREFIX", str(tmp_path / "pycache"))
    monkeypatch.setenv("PEACEWATCH_DB", str(multiprocess_db))
    monkeypatch.setenv("PEACEWATCH_LANDING", str(everything))
    run_config = {
        **QUIET,
        "execution": {"config": {"multiprocess": {"max_concurrent": 4}}},
        # extraction fans out worker processes that read the working copy (2 articles per batch)
        "ops": {"extracted_reports": {"config": {"workers": 2, "batch_size": 1, "parallel_threshold": 1}}},
    }
    analyst = duckdb.connect(str(multiprocess_db), read_only=True)  # held open during the whole run
    try:
        assert count(analyst, "raw.articles") == 2
        (tmp_path / "dagster_home").mkdir()
        with dg.DagsterInstance.local_temp(str(tmp_path / "dagster_home")) as instance:
            result = dg.execute_job(dg.reconstructable(pipeline_job_from_environment), instance, run_config=run_config)
            events = instance.all_logs(result.run_id)
        assert count(analyst, "raw.articles") == 2  # the analyst still reads the snapshot they opened
    finally:
        analyst.close()

    assert result.success, [e.message for e in events if e.dagster_event and e.dagster_event.is_step_failure]
    assert lock_errors(events) == []
    processes = {e.dagster_event.pid for e in events if e.dagster_event and e.dagster_event.is_step_start}
    assert len(processes) > 10  # one process per step
    evaluations = result.get_asset_check_evaluations()
    assert len(evaluations) == 5 and all(e.passed for e in evaluations)
    with WarehouseFiles(multiprocess_db).read_published() as mp, WarehouseFiles(in_process_db).read_published() as ip:
        assert count(mp, "raw.articles") == 4
        for schema in ("raw", "parsed", "curated", "marts"):
            expected, got = table_rows(ip, schema), table_rows(mp, schema)
            for timestamped in ("build_log", "mart_build_log"):  # fingerprints of timestamps
                expected.pop(timestamped, None), got.pop(timestamped, None)
            assert got == expected, schema
    assert leftovers(multiprocess_db) == []


def test_the_executor_is_chosen_by_configuration(monkeypatch):
    assert pipeline_executor("in_process").config_schema.as_field().default_value == {"in_process": {}}
    monkeypatch.setenv("PEACEWATCH_EXECUTOR", "multiprocess")
    monkeypatch.setenv("PEACEWATCH_MAX_CONCURRENT", "3")
    assert pipeline_job_from_environment().executor_def.config_schema.as_field().default_value == {
        "multiprocess": {"max_concurrent": 3}}
    monkeypatch.setenv("PEACEWATCH_EXECUTOR", "threads")
    with pytest.raises(ValueError, match="PEACEWATCH_EXECUTOR"):
        pipeline_executor()
    with pytest.raises(ValueError, match="^executor must be one of in_process, multiprocess, not 'threads'"):
        executor_mode("threads")  # an argument is named as such, not blamed on the environment


def test_gx_is_preloaded_only_where_the_later_steps_run(monkeypatch):
    monkeypatch.delenv("PEACEWATCH_EXECUTOR", raising=False)
    assert steps_share_this_process({})  # the pipeline's default executor is in process
    assert steps_share_this_process({"execution": {"config": {"in_process": {}}}})
    assert not steps_share_this_process({"execution": {"config": {"multiprocess": {"max_concurrent": 2}}}})
    monkeypatch.setenv("PEACEWATCH_EXECUTOR", "multiprocess")
    assert not steps_share_this_process({})


def test_gx_is_preloaded_when_ingest_copies_a_snapshot_not_while_it_reads(tmp_path, monkeypatch):
    """The preload overlaps the copy of a published snapshot; on a new warehouse there is no copy
    to overlap, and an import during the reading would only compete with it for the GIL."""
    monkeypatch.delenv("PEACEWATCH_EXECUTOR", raising=False)
    preloads = []
    monkeypatch.setattr(raw, "preload_gx", lambda: preloads.append("gx"))
    landing, db = tmp_path / "landing", tmp_path / "w.duckdb"
    landing.mkdir()

    def ingest_and_publish(article: str) -> None:
        (landing / f"{len(list(landing.iterdir()))}.txt").write_text(article)
        result = dg.materialize([raw.ingest_landing_folder], resources=resources(str(db), str(landing)), run_config=QUIET)
        assert result.success
        WarehouseFiles(db).publish(result.run_id)

    ingest_and_publish("Russia launched 40 drones overnight.\n")
    assert preloads == []  # a new warehouse: nothing to copy
    ingest_and_publish("Russia launched 52 drones overnight.\n")
    assert preloads == ["gx"]  # the published snapshot is copied into the run's working copy
    result = dg.materialize([raw.ingest_landing_folder], resources=resources(str(db), str(landing)), run_config=QUIET)
    assert result.success and preloads == ["gx"]  # nothing new: no copy, no GX
