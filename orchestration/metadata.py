"""Row counts and column schemas of warehouse tables, as Dagster asset metadata."""

from __future__ import annotations

from datetime import datetime, timezone

import dagster as dg
import duckdb

from orchestration import progress
from orchestration.warehouse import unique_keys
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


class DuplicateKeyError(duckdb.ConstraintException):
    """Rows that would give a table's declared unique key twice: what a PRIMARY KEY refuses."""


def check_unique_key(con: duckdb.DuckDBPyConnection, table: str, source: str) -> None:
    """Raise DuplicateKeyError, before anything is inserted, when the rows of relation `source`
    would give `table`'s unique key (warehouse.unique_keys) twice, among themselves or with a
    row the table holds. Tables without a declared key pass."""
    keys = unique_keys().get(table)
    if not keys:
        return
    cols = ", ".join(f'"{c}"' for c in keys)
    clash = con.execute(
        f"""SELECT {cols}, count(*) FROM (SELECT {cols} FROM {source}
                                          UNION ALL SELECT {cols} FROM {table} SEMI JOIN {source} USING ({cols}))
            GROUP BY ALL HAVING count(*) > 1 LIMIT 1""").fetchone()
    if clash is not None:
        key = ", ".join(f"{c}={v!r}" for c, v in zip(keys, clash))
        raise DuplicateKeyError(f"{table}: {clash[-1]} rows would have the unique key ({key}); nothing was inserted")


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame) -> int:
    """Append a Polars frame to `table` by column name, refusing rows that break its unique key."""
    if frame.height == 0:
        return 0
    con.register("_frame_to_insert", frame)
    try:
        check_unique_key(con, table, "_frame_to_insert")
        cols = ", ".join(f'"{c}"' for c in frame.columns)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _frame_to_insert")
    finally:
        con.unregister("_frame_to_insert")
    return frame.height
