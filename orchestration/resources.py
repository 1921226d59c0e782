"""Dagster resources: the warehouse (published snapshot + per-run working copy) and the landing folder."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb
import polars as pl

from orchestration.paths import SEED_ARTICLES_DIR
from orchestration.warehouse import WarehouseFiles, read_frame


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB file analysts open (`path`). Assets write to the run's private copy of it;
    the `warehouse/snapshot` asset publishes that copy atomically once checks have passed."""

    path: str = "warehouse.duckdb"

    @property
    def files(self) -> WarehouseFiles:
        return WarehouseFiles(self.path)

    @contextmanager
    def connect(self, run_id: str, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
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
