"""Crash safety: `peacewatch run` killed with SIGKILL at random points never damages the published
warehouse, leaves nothing that breaks later runs, and a final run catches up to exactly what a
clean run produces. Also: working copies of runs that are no longer running are cleaned up."""

from __future__ import annotations

import fcntl
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb

from orchestration.warehouse import WarehouseFiles

SEED = 20251123
REGIONS = ["Kyiv", "Kharkiv", "Odesa", "Dnipro", "Lviv", "Zaporizhzhia", "Sumy", "Poltava", "Chernihiv", "Mykolaiv"]


def peacewatch() -> str:
    found = shutil.which("peacewatch") or str(Path(sys.executable).with_name("peacewatch"))
    assert Path(found).exists(), "the peacewatch console script is not installed"
    return found


def write_articles(folder: Path, count: int, rng: random.Random) -> list[Path]:
    """`count` short strike reports on distinct days (a few talks notes among them)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        day = date(2025, 1, 1) + timedelta(days=i)
        launched = rng.randint(20, 400)
        missiles = rng.randint(0, 20)
        body = (f"Russia launched {launched} drones and {missiles} missiles at Ukraine overnight, the Ukrainian Air "
                f"Force said. Air defences shot down {rng.randint(0, launched)} drones and {rng.randint(0, missiles)} "
                f"missiles. The {rng.choice(REGIONS)} region was hit; {rng.randint(0, 9)} people were injured.\n")
        if i % 40 == 7:
            body += "Separately, Ukrainian and US negotiators met in Miami on Saturday to discuss the peace plan.\n"
        path = folder / f"{i:04d} report.txt"
        path.write_text(f"---\ntitle: Attack {i}\npublished: {day.isoformat()}\n---\n{body}")
        paths.append(path)
    return paths


def leftovers(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.glob(f".{db.name}.run-*"))


def all_tables(db: Path, *, schemas: tuple[str, ...] | None = None, bookkeeping: bool = True) -> dict[str, str]:
    """sha256 per table of the published file, opened read-only (fails if it is not readable)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for schema, table in con.execute("SELECT schema_name, table_name FROM duckdb_tables() ORDER BY 1, 2").fetchall():
            if schemas and schema not in schemas:
                continue
            if not bookkeeping and (schema, table) in (("curated", "build_log"), ("curated", "mart_build_log"),
                                                        ("curated", "validation_log"), ("curated", "validated_rows")):
                continue  # logs of builds and validations: they record the runs' history, not the data
            cols = [c for (c,) in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? ORDER BY column_index",
                [schema, table]).fetchall() if bookkeeping or (c not in ("run_id", "mtime_ns") and not c.endswith("_at"))]
            rows = con.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM {schema}."{table}" '
                               "ORDER BY ALL").fetchall()
            out[f"{schema}.{table}"] = hashlib.sha256(repr(rows).encode()).hexdigest()
        return out
    finally:
        con.close()


def curated(db: Path) -> dict[str, str]:
    """Curated tables without bookkeeping columns (run ids, timestamps)."""
    return all_tables(db, schemas=("curated",), bookkeeping=False)


def child_env(tmp_path: Path) -> dict[str, str]:
    """The children's environment, with a bytecode cache in a private folder: under
    PYTHONDONTWRITEBYTECODE (set in some CI images) every `peacewatch` start would otherwise compile
    ~3000 modules again (~10 s each time), as no user's installation does."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pycache")
    return env


def run_cli(landing: Path, db: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """`peacewatch run` in its own session (so the kill reaches anything it started); stderr goes
    to a file beside the db (`proc.log`), never to a pipe nobody may be reading."""
    log = db.with_name(f"run-{time.monotonic_ns()}.log")
    with open(log, "w") as err:
        proc = subprocess.Popen([peacewatch(), "run", "--articles", str(landing), "--db", str(db)],
                                stdout=subprocess.DEVNULL, stderr=err, start_new_session=True, env=env)
    proc.log = log
    return proc


def finish(proc: subprocess.Popen) -> None:
    proc.wait(timeout=600)
    assert proc.returncode == 0, proc.log.read_text()[-3000:]


def test_kill_9_at_random_points_never_damages_the_published_warehouse(tmp_path):
    rng = random.Random(SEED)
    landing = tmp_path / "landing"
    articles = write_articles(landing, 240, rng)
    first_half = tmp_path / "landing-first-half"
    first_half.mkdir()
    for path in articles[:120]:
        shutil.copy2(path, first_half / path.name)
    db = tmp_path / "published" / "warehouse.duckdb"
    db.parent.mkdir()
    clean_db = tmp_path / "clean" / "warehouse.duckdb"
    clean_db.parent.mkdir()

    env = child_env(tmp_path)
    # The reference: a clean run of everything into a fresh warehouse (it also fills the bytecode cache).
    clean = run_cli(landing, clean_db, env)
    finish(clean)
    assert leftovers(clean_db) == []
    reference = curated(clean_db)
    # The published warehouse before the killed runs: a run of the first half.
    started = time.perf_counter()
    finish(run_cli(first_half, db, env))
    typical = time.perf_counter() - started
    baseline = tmp_path / "baseline.duckdb"  # to start every killed run from the same published state
    shutil.copy2(db, baseline)
    before = all_tables(db)
    assert before and any(t.startswith("curated.") for t in before)

    # One delay per fifth of a typical run, from 0.5 s to the run time of the (half-size) first run.
    bounds = [0.5 + (typical - 0.5) * k / 5 for k in range(6)]
    delays = [rng.uniform(lo, hi) for lo, hi in zip(bounds, bounds[1:])]
    killed_runs = 0
    for delay in delays:
        proc = run_cli(landing, db, env)
        try:
            proc.wait(timeout=delay)
            finished = True
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # our own child's session
            proc.wait(timeout=30)
            finished = False
            killed_runs += 1
        assert not Path(f"{db}.wal").exists(), f"WAL beside the published file after a kill at {delay:.1f}s"
        now = all_tables(db)  # readable read-only, every table
        if now != before:
            # Only a run that got as far as publishing may change it: then it is a whole run's state.
            assert curated(db) == reference, f"published state changed by a run killed at {delay:.1f}s"
            shutil.copy2(baseline, db)
        if finished:
            assert proc.returncode == 0, proc.log.read_text()[-3000:]
        print(f"kill at {delay:5.1f}s of ~{typical:.1f}s: finished={finished} changed={now != before} left={leftovers(db)}")
        # what the killed run left behind must not pile up: each run removes the previous leftovers
        runs_left = {name.split(".run-")[1].split(".")[0] for name in leftovers(db)}
        assert len(runs_left) <= 1, leftovers(db)
    assert killed_runs >= 2, f"runs finished before they could be killed (typical run {typical:.1f}s, delays {delays})"

    # An uninterrupted run afterwards: completes, cleans up, equals the clean run.
    finish(run_cli(landing, db, env))
    assert leftovers(db) == []
    assert not Path(f"{db}.wal").exists()
    assert curated(db) == reference
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM raw.files").fetchone() == (240,)
        assert con.execute("SELECT count(*) FROM raw.articles").fetchone() == (240,)
    finally:
        con.close()


HOLD_A_RUN = textwrap.dedent("""
    import sys, time
    from orchestration.warehouse import WarehouseFiles
    files = WarehouseFiles(sys.argv[1])
    with files.connect(sys.argv[2]) as con:
        con.execute("CREATE TABLE raw.scratch AS SELECT range AS i FROM range(100000)")
        print("working", flush=True)
        time.sleep(120)  # killed here
""")


def test_working_copies_of_runs_that_are_not_running_are_removed(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    files = WarehouseFiles(db)
    with files.connect("first") as con:
        con.execute("CREATE TABLE raw.marker AS SELECT 1 AS x")
    files.publish("first")
    assert leftovers(db) == []

    # A real run process killed mid-write: working copy (with a WAL) and its lock file stay behind.
    killed = subprocess.Popen([sys.executable, "-c", HOLD_A_RUN, str(db), "killed"], stdout=subprocess.PIPE,
                              text=True, start_new_session=True)
    # A run that is still alive elsewhere.
    alive = subprocess.Popen([sys.executable, "-c", HOLD_A_RUN, str(db), "alive"], stdout=subprocess.PIPE,
                             text=True, start_new_session=True)
    try:
        assert killed.stdout.readline().strip() == "working"
        assert alive.stdout.readline().strip() == "working"
        os.killpg(killed.pid, signal.SIGKILL)
        killed.wait(timeout=30)
        assert f".{db.name}.run-killed" in leftovers(db) and f".{db.name}.run-killed.lock" in leftovers(db)
        # leftovers of an older version (no lock file): kept while young, removed after a day
        young, ancient = (db.with_name(f".{db.name}.run-{name}") for name in ("young", "ancient"))
        young.write_bytes(b"x")
        ancient.write_bytes(b"x")
        os.utime(ancient, (time.time() - 2 * 86400,) * 2)
        # a lock file left by a run that died after publishing, and a spill folder
        db.with_name(f".{db.name}.run-gone.lock").touch()
        db.with_name(f".{db.name}.run-killed.tmp").mkdir()

        with files.connect("next", read_only=True) as con:  # a new run starts, reading: no copy yet
            assert con.execute("SELECT x FROM raw.marker").fetchone() == (1,)
        assert f".{db.name}.run-next.base" in leftovers(db) and f".{db.name}.run-next" not in leftovers(db)
        with files.connect("next") as con:  # ... and writes: its working copy is made, leftovers go
            con.execute("CREATE TABLE raw.next_marker AS SELECT 1 AS x")
        left = leftovers(db)
        assert not any(".run-killed" in name or ".run-gone" in name or ".run-ancient" in name for name in left), left
        assert f".{db.name}.run-alive" in left and f".{db.name}.run-young" in left
        assert f".{db.name}.run-next" in left and f".{db.name}.run-next.base" not in left
        # a lock held by another open file of this very process also counts as alive
        other = db.with_name(f".{db.name}.run-other")
        other.write_bytes(b"x")
        with open(db.with_name(f".{db.name}.run-other.lock"), "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_SH)
            files.discard("next")
            with files.connect("next-2"):
                pass
            assert other.exists()
        files.publish("next-2")
    finally:
        for proc in (killed, alive):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
    assert f".{db.name}.run-next-2" not in leftovers(db) and f".{db.name}.run-next-2.lock" not in leftovers(db)
    # the next run removes what the now-dead 'alive' run and 'other' left
    with files.connect("last"):
        pass
    files.discard("last")
    assert leftovers(db) == [f".{db.name}.run-young"]
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT x FROM raw.marker").fetchone() == (1,)
    finally:
        con.close()
