"""`peacewatch export`: every curated and marts table of the PUBLISHED snapshot as Parquet.

Reads the published warehouse read-only (a running pipeline never blocks it and it never blocks
a run) and writes <DIR>/<schema>/<table>.parquet with DuckDB's COPY ... (FORMAT parquet).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

EXPORTED_SCHEMAS = ("curated", "marts")


def _quote_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_tables(con: duckdb.DuckDBPyConnection, out_dir: Path,
                  schemas: tuple[str, ...] = EXPORTED_SCHEMAS) -> list[tuple[str, Path, int]]:
    """Write each table of `schemas` to out_dir/<schema>/<table>.parquet (replacing an existing
    file). Returns (table, path, rows) per table."""
    tables = con.execute(
        """SELECT schema_name, table_name FROM duckdb_tables()
           WHERE database_name = current_database() AND schema_name IN (SELECT unnest(?))
           ORDER BY schema_name, table_name""",
        [list(schemas)],
    ).fetchall()
    written = []
    for schema, table in tables:
        target = out_dir / schema / f"{table}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        con.execute(f'COPY (SELECT * FROM "{schema}"."{table}") TO {_quote_path(target)} (FORMAT parquet)')
        (rows,) = con.execute(f'SELECT count(*) FROM "{schema}"."{table}"').fetchone()
        written.append((f"{schema}.{table}", target, int(rows)))
    return written


def cmd_export(args: argparse.Namespace) -> int:
    from orchestration.warehouse import WarehouseFiles

    out_dir = Path(args.to)
    try:
        with WarehouseFiles(args.db).read_published() as con:
            written = export_tables(con, out_dir)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for table, path, rows in written:
        print(f"  {table:<36} {rows:>8} rows -> {path}")
    print(f"exported {len(written)} tables to {out_dir}")
    return 0


def add_command(sub) -> None:
    """Register `peacewatch export` on the CLI's subparsers."""
    parser = sub.add_parser("export", help="write every curated and marts table of the published warehouse as Parquet")
    parser.add_argument("--to", required=True, help="output folder (<DIR>/<schema>/<table>.parquet)")
    parser.add_argument("--db", default="warehouse.duckdb", help="published DuckDB file to read (read-only)")
    parser.set_defaults(func=cmd_export)
