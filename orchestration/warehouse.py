"""The DuckDB warehouse: one published snapshot analysts read, one private working copy per run.

DuckDB allows one writing process *or* many readers. Analysts must never be locked out by a
running pipeline, so a run never opens the published file for writing: it works on a copy
(`.<name>.run-<id>`) next to it and, once the blocking checks have passed, publishes the copy
with an atomic `os.replace`. A reader that already has the old file open keeps reading it; a
reader that opens afterwards sees the new one; a crashed run leaves the published file untouched.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from orchestration.paths import SQL_DIR

SCHEMAS = ("raw", "parsed", "curated")
DDL_LAYERS = ("raw", "parsed", "curated")
# Runs whose working copy is older than this were killed; their copies are removed.
STALE_WORKSPACE_SECONDS = 24 * 3600


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

    def ensure_workspace(self, run_id: str) -> Path:
        """The run's working copy: the last published snapshot (or a new empty warehouse)."""
        work = self.workspace(run_id)
        with self._lock():
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
        now = time.time()
        for stale in self.published.parent.glob(f".{self.published.name}.run-*"):
            try:
                if now - stale.stat().st_mtime > STALE_WORKSPACE_SECONDS:
                    stale.unlink()
            except FileNotFoundError:
                pass

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
            os.replace(work, self.published)
        return self.published

    def discard(self, run_id: str) -> None:
        for path in (self.workspace(run_id), self.workspace(run_id).with_name(self.workspace(run_id).name + ".wal")):
            path.unlink(missing_ok=True)

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


def read_frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pl.DataFrame:
    return con.execute(sql, params or []).pl()
