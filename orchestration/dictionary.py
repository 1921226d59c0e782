"""The data dictionary: markdown generated from DuckDB's catalog (table and column comments).

`peacewatch dictionary --db warehouse.duckdb --out docs/data_dictionary.md` regenerates the
committed docs/data_dictionary.md; tests/test_dictionary.py fails when that file is stale.
The comments themselves live in the SQL (sql/<layer>/*.sql: COMMENT ON ...), so the dictionary
never disagrees with the warehouse.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

LAYERS = {
    "raw": "Files and articles exactly as landed.",
    "parsed": "Cleaned text, sentences, gazetteer mentions, quantities and per-article event reports.",
    "curated": "Fact tables consolidated across articles; every figure has its claims and evidence.",
    "marts": "Analyst-facing aggregates built from the curated tables (sql/marts/*.sql).",
}
# A fresh warehouse, so no table of an older schema lingers in it.
REGENERATE = ('d=$(mktemp -d) && uv run peacewatch run --db "$d/w.duckdb" && '
              'uv run peacewatch dictionary --db "$d/w.duckdb" --out docs/data_dictionary.md')


def _cell(text: str | None) -> str:
    return (text or "").replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def _anchor(heading: str) -> str:
    # GitHub's heading ids: lower-case, punctuation other than '-' and '_' dropped, spaces to '-'.
    return "".join(c for c in heading.lower() if c.isalnum() or c in "-_ ").replace(" ", "-")


def _table_keys(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """(schema, table) -> a line naming its unique key: a PRIMARY KEY in the catalog, or the key
    sql/ declares and the pipeline enforces (warehouse.unique_keys)."""
    from orchestration.warehouse import unique_keys

    def line(columns, how: str) -> str:
        return f"Unique key: {', '.join(f'`{c}`' for c in columns)} ({how})."

    keys = {tuple(table.split(".")): line(columns, "enforced by the pipeline, no index")
            for table, columns in unique_keys().items()}
    for schema, table, columns in con.execute(
            """SELECT schema_name, table_name, constraint_column_names FROM duckdb_constraints()
               WHERE database_name = current_database() AND constraint_type = 'PRIMARY KEY'""").fetchall():
        keys[(schema, table)] = line(columns, "primary key")
    return keys


def render_dictionary(con: duckdb.DuckDBPyConnection) -> str:
    """Markdown describing every table of the raw, parsed, curated and marts schemas: the table's
    comment, then each column's name, type and comment, in catalog order."""
    layers = list(LAYERS)
    tables = con.execute(
        """SELECT schema_name, table_name, comment FROM duckdb_tables()
           WHERE database_name = current_database() AND schema_name IN (SELECT unnest(?))
           ORDER BY schema_name, table_name""",
        [layers],
    ).fetchall()
    columns: dict[tuple[str, str], list[tuple[str, str, str | None]]] = {}
    for schema, table, column, dtype, comment in con.execute(
        """SELECT schema_name, table_name, column_name, data_type, comment FROM duckdb_columns()
           WHERE database_name = current_database() AND schema_name IN (SELECT unnest(?))
           ORDER BY schema_name, table_name, column_index""",
        [layers],
    ).fetchall():
        columns.setdefault((schema, table), []).append((column, dtype, comment))
    by_layer = {layer: [t for t in tables if t[0] == layer] for layer in layers}
    keys = _table_keys(con)

    out = [
        "# PeaceWatch data dictionary",
        "",
        "Generated from the warehouse's catalog (the `COMMENT ON` statements in `sql/`); do not edit by hand.",
        f"Regenerate: `{REGENERATE}`",
        "",
        "Layers: " + " → ".join(f"[{layer}](#{layer})" for layer in layers if by_layer[layer]) + ".",
        "",
    ]
    for layer in layers:
        if not by_layer[layer]:
            continue
        out += [f"## {layer}", "", LAYERS[layer], ""]
        out += [f"- [{layer}.{name}](#{_anchor(f'{layer}.{name}')})" for _, name, _ in by_layer[layer]]
        out.append("")
        for schema, name, comment in by_layer[layer]:
            out += [f"### {schema}.{name}", "", _cell(comment) or "_No description._", ""]
            if (schema, name) in keys:
                out += [keys[(schema, name)], ""]
            out += ["| column | type | description |", "|---|---|---|"]
            out += [f"| `{column}` | `{dtype}` | {_cell(col_comment)} |"
                    for column, dtype, col_comment in columns.get((schema, name), [])]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def cmd_dictionary(args: argparse.Namespace) -> int:
    from orchestration.warehouse import WarehouseFiles

    try:
        with WarehouseFiles(args.db).read_published() as con:
            text = render_dictionary(con)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
        print(f"wrote {out}")
    else:
        sys.stdout.write(text)
    return 0


def add_command(sub) -> None:
    """Register `peacewatch dictionary` on the CLI's subparsers."""
    parser = sub.add_parser("dictionary", help="markdown data dictionary of the published warehouse (from its catalog)")
    parser.add_argument("--db", default="warehouse.duckdb", help="DuckDB file to describe (read-only)")
    parser.add_argument("--out", help="write to this file (e.g. docs/data_dictionary.md) instead of stdout")
    parser.set_defaults(func=cmd_dictionary)
