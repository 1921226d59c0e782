"""SQL literals for values the code puts into queries itself.

DuckDB's Python client imports pandas (1.5-3 s) the first time a query is given parameters, so
the queries a run makes when it has nothing to do (metadata, pending lists, the evaluation check)
inline their few values instead. Only for values the code controls or has quoted here.
"""

from __future__ import annotations

from collections.abc import Iterable


def sql_text(value: str) -> str:
    """`value` as a SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def sql_text_list(values: Iterable[str]) -> str:
    """A SQL list literal of strings: ['a', 'b']."""
    return "[" + ", ".join(sql_text(v) for v in values) + "]"
