"""docs/data_dictionary.md: generated from the warehouse catalog, and kept in sync with it."""

from pathlib import Path

import duckdb
import pytest

from orchestration.cli import main
from orchestration.dictionary import REGENERATE, render_dictionary
from orchestration.paths import PROJECT_ROOT
from orchestration.warehouse import WarehouseFiles
from tests.seed_warehouse import seed_warehouse

COMMITTED = PROJECT_ROOT / "docs" / "data_dictionary.md"


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory) -> Path:
    return seed_warehouse(tmp_path_factory)


@pytest.fixture(scope="module")
def rendered(seeds_db) -> str:
    with WarehouseFiles(seeds_db).read_published() as con:
        return render_dictionary(con)


def test_committed_dictionary_is_up_to_date(rendered):
    committed = COMMITTED.read_text() if COMMITTED.exists() else ""
    assert committed == rendered, (
        f"docs/data_dictionary.md is stale (the warehouse's tables or comments changed). Regenerate it with:\n"
        f"  {REGENERATE}")


def test_every_table_of_every_layer_is_described(seeds_db, rendered):
    with WarehouseFiles(seeds_db).read_published() as con:
        tables = con.execute("""SELECT schema_name || '.' || table_name, comment FROM duckdb_tables()
                                WHERE schema_name IN ('raw', 'parsed', 'curated', 'marts')""").fetchall()
        columns = con.execute("""SELECT column_name, data_type FROM duckdb_columns()
                                 WHERE schema_name = 'marts' AND table_name = 'daily_strikes'""").fetchall()
    assert {t.split(".")[0] for t, _ in tables} == {"raw", "parsed", "curated", "marts"}
    for table, comment in tables:
        assert f"\n### {table}\n" in rendered
        if comment:
            assert comment.replace("|", "\\|") in rendered
    for column, dtype in columns:
        assert f"| `{column}` | `{dtype}` |" in rendered


def test_render_escapes_pipes_and_marks_missing_comments(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("CREATE SCHEMA marts")
    con.execute("CREATE TABLE marts.t (a INTEGER, b VARCHAR[])")
    con.execute("COMMENT ON COLUMN marts.t.a IS 'x | y'")
    text = render_dictionary(con)
    con.close()
    assert "### marts.t\n\n_No description._" in text
    assert "| `a` | `INTEGER` | x \\| y |" in text
    assert "| `b` | `VARCHAR[]` |  |" in text
    assert "## raw" not in text  # empty layers are left out


def test_cli_writes_the_dictionary(seeds_db, rendered, tmp_path, capsys):
    out = tmp_path / "docs" / "dictionary.md"
    assert main(["dictionary", "--db", str(seeds_db), "--out", str(out)]) == 0
    assert out.read_text() == rendered
    assert main(["dictionary", "--db", str(seeds_db)]) == 0
    assert capsys.readouterr().out.endswith(rendered)
    assert main(["dictionary", "--db", str(tmp_path / "missing.duckdb")]) == 2
    assert "peacewatch run" in capsys.readouterr().err


def test_each_table_names_its_unique_key(rendered):
    """A declared key (no index, enforced by the pipeline) and a primary key both appear, between
    the table's description and its columns."""
    def header(table: str) -> str:
        return rendered[rendered.index(f"### {table}\n"):].split("| column |")[0]

    assert header("parsed.sentences").strip().endswith(
        "Unique key: `article_id`, `sentence_idx` (enforced by the pipeline, no index).")
    assert "Unique key: `strike_id` (primary key)." in header("curated.strikes")
    assert "Unique key" not in header("parsed.mentions")
