"""Dagster resources: the warehouse (published snapshot + per-run working copy) and the landing folder."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb
import polars as pl
from pydantic import Field, PrivateAttr

from orchestration.paths import SEED_ARTICLES_DIR
from orchestration.warehouse import WarehouseFiles, read_frame


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB file analysts open (`path`). A step that only reads uses `reader` (the run's
    working copy if it has one, else the snapshot the run started from); a step with something
    to write uses `writer`, which makes the run's private copy on first use. The
    `warehouse/snapshot` asset publishes that copy atomically once checks have passed."""

    path: str = "warehouse.duckdb"
    keep_spare: bool = Field(default=True, description=(
        "Keep the snapshot a run replaces beside the published file, so that the next working copy "
        "rewrites only the blocks that changed instead of copying the whole file (one more file's "
        "worth of disk between runs)."))
    _instance: dg.DagsterInstance | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        # The instance that records this run: it tells a later run whether leftovers are a live run's.
        instance = context.instance
        self._instance = instance if instance is not None and not instance.is_ephemeral else None

    def _run_status(self, run_id: str) -> bool | None:
        run = self._instance.get_run_by_id(run_id) if self._instance is not None else None
        return None if run is None else not run.is_finished

    @property
    def files(self) -> WarehouseFiles:
        if self._instance is None:
            return WarehouseFiles(self.path, keep_spare=self.keep_spare)
        return WarehouseFiles(self.path, instance_root=self._instance.root_directory, run_status=self._run_status,
                              keep_spare=self.keep_spare)

    @contextmanager
    def reader(self, run_id: str) -> Iterator[duckdb.DuckDBPyConnection]:
        with self.files.reader(run_id) as con:
            yield con

    @contextmanager
    def writer(self, run_id: str) -> Iterator[duckdb.DuckDBPyConnection]:
        with self.files.writer(run_id) as con:
            yield con

    @contextmanager
    def connect(self, run_id: str, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """`reader` when read_only, else `writer`."""
        with self.files.connect(run_id, read_only=read_only) as con:
            yield con

    def read_frame(self, run_id: str, sql: str, params: list | None = None) -> pl.DataFrame:
        with self.connect(run_id, read_only=True) as con:
            return read_frame(con, sql, params)

    def publish(self, run_id: str):
        return self.files.publish(run_id)


class LandingFolder(dg.ConfigurableResource):
    """Folder whose files are ingested (defaults to the bundled seed articles)."""

    path: str = str(SEED_ARTICLES_DIR)
