"""The DuckDB warehouse: one published snapshot analysts read, one private working copy per run.

DuckDB allows one writing process *or* many readers. Analysts must never be locked out by a
running pipeline, so a run never opens the published file for writing: it works on a copy
(`.<name>.run-<id>`) next to it and, once the blocking checks have passed, publishes the copy
with an atomic `os.replace`. A reader that already has the old file open keeps reading it; a
reader that opens afterwards sees the new one; a crashed run leaves the published file untouched.

A killed run leaves its working copy (and WAL) behind. Each process that works on a run holds a
shared `flock` on the run's lock file (`.<name>.run-<id>.lock`) until the run publishes or is
discarded, or the process ends; a new run removes the copies whose lock nobody holds. This relies
on a run's steps sharing one process (the in-process executor of `definitions.py` and
`dg.materialize`): with a multiprocess executor a run would hold no lock between two steps.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import duckdb
import polars as pl

from orchestration.paths import SQL_DIR

SCHEMAS = ("raw", "parsed", "curated", "marts")
DDL_LAYERS = ("raw", "parsed", "curated")
# A working copy without a lock file (written by an older version) older than this was killed.
STALE_WORKSPACE_SECONDS = 24 * 3600
_WORKSPACE_SUFFIXES = (".wal", ".lock", ".tmp")  # beside a working copy: its WAL, run lock, DuckDB spill folder
# Run lock files this process holds, by path: a lock lives as long as its open file.
_HELD_RUN_LOCKS: dict[Path, IO[str]] = {}


def apply_ddl(con: duckdb.DuckDBPyConnection) -> None:
    """Create every schema and table from sql/<layer>/*.sql (idempotent)."""
    for schema in SCHEMAS:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    for layer in DDL_LAYERS:
        for ddl in sorted((SQL_DIR / layer).glob("*.sql")):
            con.execute(ddl.read_text())


def _connect_with_retry(path: Path, read_only: bool, attempts: int = 50) -> duckdb.DuckDBPyConnection:
    # Another step of the same run may hold the write lock for a moment (multiprocess executor):
    # wait for it rather than fail.
    delay = 0.05
    for attempt in range(attempts):
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or attempt == attempts - 1:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
    raise AssertionError("unreachable")


class WarehouseFiles:
    """Paths and lifecycle of the published snapshot and the per-run working copies."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.published = Path(path).resolve()

    def workspace(self, run_id: str) -> Path:
        return self.published.with_name(f".{self.published.name}.run-{run_id}")

    @contextmanager
    def _lock(self) -> Iterator[None]:
        self.published.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.published.with_name(f".{self.published.name}.lock")
        with open(lock_path, "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _run_lock_path(self, run_id: str) -> Path:
        return self.published.with_name(f".{self.published.name}.run-{run_id}.lock")

    def _hold_run_lock(self, run_id: str) -> None:
        """Mark the run's working copy as in use by this process (call under `_lock`)."""
        lock_path = self._run_lock_path(run_id)
        if lock_path in _HELD_RUN_LOCKS:
            return
        handle = open(lock_path, "a")
        try:
            fcntl.flock(handle, fcntl.LOCK_SH)
        except BaseException:
            handle.close()
            raise
        _HELD_RUN_LOCKS[lock_path] = handle

    def _release_run_lock(self, run_id: str) -> None:
        """Remove the run's lock file and let go of it (call under `_lock`)."""
        lock_path = self._run_lock_path(run_id)
        lock_path.unlink(missing_ok=True)
        handle = _HELD_RUN_LOCKS.pop(lock_path, None)
        if handle is not None:
            handle.close()

    def ensure_workspace(self, run_id: str) -> Path:
        """The run's working copy: the last published snapshot (or a new empty warehouse)."""
        work = self.workspace(run_id)
        with self._lock():
            self._hold_run_lock(run_id)
            if not work.exists():
                self._remove_stale_workspaces()
                if self.published.exists():
                    shutil.copy2(self.published, work)
                con = duckdb.connect(str(work))
                try:
                    apply_ddl(con)
                    con.execute("CHECKPOINT")
                finally:
                    con.close()
        return work

    def _remove_stale_workspaces(self) -> None:
        """Remove what runs that are no longer running left behind (call under `_lock`): working
        copies, WALs and spill folders whose run lock nobody holds (a killed or finished process),
        and, without a lock file, working copies older than STALE_WORKSPACE_SECONDS."""
        prefix = f".{self.published.name}.run-"
        leftovers: dict[str, list[Path]] = {}
        for path in self.published.parent.glob(f"{prefix}*"):
            run_id = path.name[len(prefix):]
            for suffix in _WORKSPACE_SUFFIXES:
                run_id = run_id.removesuffix(suffix)
            leftovers.setdefault(run_id, []).append(path)
        now = time.time()
        for run_id, paths in leftovers.items():
            lock_path = self._run_lock_path(run_id)
            if lock_path in _HELD_RUN_LOCKS:
                continue  # a run of this process
            if lock_path in paths:
                try:
                    handle = open(lock_path, "a")
                except OSError:
                    continue
                try:
                    try:
                        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except OSError:
                        continue  # held: the run is alive
                    for path in sorted(paths, key=lambda p: p == lock_path):  # the lock file last
                        _remove_path(path)
                finally:
                    handle.close()
            else:
                work = self.workspace(run_id)
                try:
                    if now - work.stat().st_mtime <= STALE_WORKSPACE_SECONDS:
                        continue
                except FileNotFoundError:
                    pass  # only a WAL or spill folder is left
                for path in paths:
                    _remove_path(path)

    @contextmanager
    def connect(self, run_id: str, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        work = self.ensure_workspace(run_id)
        con = _connect_with_retry(work, read_only=read_only)
        try:
            yield con
        finally:
            con.close()

    def publish(self, run_id: str) -> Path:
        """Atomically replace the published snapshot with the run's working copy."""
        work = self.ensure_workspace(run_id)
        with self._lock():
            con = _connect_with_retry(work, read_only=False)
            try:
                con.execute("CHECKPOINT")
            finally:
                con.close()
            wal = work.with_name(work.name + ".wal")
            if wal.exists():  # nothing should remain after CHECKPOINT; never publish half a state
                raise RuntimeError(f"working copy {work} still has a WAL after CHECKPOINT")
            with open(work, "rb") as handle:  # on disk before it becomes the published file
                os.fsync(handle.fileno())
            os.replace(work, self.published)
            _fsync_folder(self.published.parent)
            self._release_run_lock(run_id)
        return self.published

    def discard(self, run_id: str) -> None:
        """Remove the run's working copy (a failed run's copy is otherwise kept while its process lives)."""
        work = self.workspace(run_id)
        with self._lock():
            for suffix in ("", ".wal", ".tmp"):
                _remove_path(work.with_name(work.name + suffix))
            self._release_run_lock(run_id)

    @contextmanager
    def read_published(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Read-only connection to the last published snapshot (what analysts see)."""
        if not self.published.exists():
            raise FileNotFoundError(
                f"no warehouse at {self.published}: run `peacewatch run --db {self.published}` first"
            )
        con = _connect_with_retry(self.published, read_only=True)
        try:
            yield con
        finally:
            con.close()


def _remove_path(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass


def _fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (power loss), where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def row_counts(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...] = SCHEMAS) -> pl.DataFrame:
    """Rows per table of the given schemas, from DuckDB's catalog (layer order, then name)."""
    tables = con.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE schema_name IN (SELECT unnest(?)) "
        "ORDER BY schema_name, table_name", [list(schemas)]).fetchall()
    tables.sort(key=lambda t: (schemas.index(t[0]), t[1]))
    counts = [con.execute(f'SELECT count(*) FROM "{s}"."{t}"').fetchone()[0] for s, t in tables]
    return pl.DataFrame({"table": [f"{s}.{t}" for s, t in tables], "rows": counts},
                        schema={"table": pl.String, "rows": pl.Int64})


def read_frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pl.DataFrame:
    return con.execute(sql, params or []).pl()
