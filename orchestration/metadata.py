"""Row counts and column schemas of warehouse tables, as Dagster asset metadata."""

from __future__ import annotations

from datetime import datetime, timezone

import dagster as dg
import duckdb

from orchestration import progress
from transforms.sql_literals import sql_text


def utc_now() -> datetime:
    """Now in UTC, without a zone: what the warehouse's TIMESTAMP columns hold."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def table_metadata(con: duckdb.DuckDBPyConnection, table: str, **extra) -> dict:
    schema, name = table.split(".")
    columns = con.execute(
        f"""SELECT c.column_name, c.data_type, c.comment
            FROM duckdb_columns() c WHERE c.schema_name = {sql_text(schema)} AND c.table_name = {sql_text(name)}
            ORDER BY c.column_index"""
    ).fetchall()
    (rows,) = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    progress.report(f"{table}: {rows} rows")
    return {
        "dagster/row_count": dg.MetadataValue.int(int(rows)),
        "dagster/column_schema": dg.TableSchema(
            columns=[dg.TableColumn(col, dtype, description=comment or None) for col, dtype, comment in columns]
        ),
        "dagster/table_name": dg.MetadataValue.text(table),
        **extra,
    }


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame) -> int:
    """Append a Polars frame to `table` by column name."""
    if frame.height == 0:
        return 0
    con.register("_frame_to_insert", frame)
    try:
        cols = ", ".join(f'"{c}"' for c in frame.columns)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _frame_to_insert")
    finally:
        con.unregister("_frame_to_insert")
    return frame.height
