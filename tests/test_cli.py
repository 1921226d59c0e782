"""`peacewatch` end to end: the installed console script, and main() in-process."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.cli import main
from orchestration.paths import SEED_ARTICLES_DIR

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "warehouse.duckdb"
    # The real console script, as a user runs it.
    done = subprocess.run(["peacewatch", "run", "--articles", str(SEED_ARTICLES_DIR), "--db", str(db)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "curated.strikes" in done.stdout
    assert "check PASS curated/strikes gx_curated_strikes" in done.stdout
    return db


def test_run_publishes_and_leaves_no_working_copy(warehouse):
    assert warehouse.exists()
    assert list(warehouse.parent.glob(f".{warehouse.name}.run-*")) == []


def test_sql_prints_a_table(warehouse, capsys):
    assert main(["sql", "SELECT status, count(*) AS files FROM raw.files GROUP BY status", "--db", str(warehouse)]) == 0
    out = capsys.readouterr().out
    assert "loaded" in out and "4" in out


def test_sql_reports_errors_plainly(warehouse, capsys):
    assert main(["sql", "SELECT * FROM no_such_table", "--db", str(warehouse)]) == 1
    assert "no_such_table" in capsys.readouterr().err


def test_sql_without_a_warehouse_says_how_to_make_one(tmp_path, capsys):
    assert main(["sql", "SELECT 1", "--db", str(tmp_path / "missing.duckdb")]) == 2
    assert "peacewatch run" in capsys.readouterr().err


def test_run_rejects_a_missing_folder(tmp_path, capsys):
    assert main(["run", "--articles", str(tmp_path / "nope"), "--db", str(tmp_path / "w.duckdb")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_invalid_rows_are_quarantined_and_the_run_succeeds(tmp_path, capsys):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "bad.txt").write_text("---\npublished: 2025-12-21\n---\n"
                                     "Russia launched 10 drones overnight. Air defence destroyed 25 drones.\n")
    db = tmp_path / "w.duckdb"
    assert main(["run", "--articles", str(landing), "--db", str(db)]) == 0
    assert "curated.quarantine                    1" in capsys.readouterr().out


def test_strict_run_exits_non_zero_when_a_blocking_check_fails(tmp_path, capsys):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "bad.txt").write_text("---\npublished: 2025-12-21\n---\n"
                                     "Russia launched 10 drones overnight. Air defence destroyed 25 drones.\n")
    db = tmp_path / "w.duckdb"
    assert main(["run", "--articles", str(landing), "--db", str(db), "--strict"]) == 1
    captured = capsys.readouterr()
    assert "check FAIL curated/strikes gx_curated_strikes (1 failing rows)" in captured.out
    assert "NOT replaced" in captured.err
    assert not db.exists()


def test_eval_prints_scores(tmp_path, capsys):
    articles = tmp_path / "articles"
    shutil.copytree(CORPUS / "articles", articles)
    assert main(["eval", "--articles", str(articles), "--gold", str(CORPUS / "gold")]) == 0
    out = capsys.readouterr().out
    for table in ("strikes (figures)", "talks", "proposals"):
        assert table in out


def test_eval_on_a_warehouse_that_does_not_exist_is_a_clear_error(tmp_path, capsys):
    missing = tmp_path / "nowhere.duckdb"
    assert main(["eval", "--articles", str(CORPUS / "articles"), "--gold", str(CORPUS / "gold"),
                 "--db", str(missing)]) == 2
    err = capsys.readouterr().err
    assert f"warehouse {missing} does not exist or is not a file" in err and "--db scores an existing warehouse" in err
    assert not missing.exists()


def test_eval_on_an_articles_folder_that_does_not_exist_is_a_clear_error(tmp_path, capsys):
    missing = tmp_path / "no-articles"
    assert main(["eval", "--articles", str(missing), "--gold", str(CORPUS / "gold")]) == 2
    err = capsys.readouterr().err
    assert f"articles folder {missing} does not exist or is not a folder" in err and "Traceback" not in err


def test_run_shows_progress_per_table(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("PEACEWATCH_PROGRESS", raising=False)
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "a.txt").write_text("Russia launched 40 drones at Ukraine overnight; 31 were shot down.\n")
    assert main(["run", "--articles", str(landing), "--db", str(tmp_path / "w.duckdb")]) == 0
    err = capsys.readouterr().err
    for table in ("raw.files", "parsed.sentences", "curated.strikes"):
        assert f"] {table}: " in err


def test_sql_literals_quote_and_round_trip():
    import duckdb

    from transforms.sql_literals import sql_text, sql_text_list
    con = duckdb.connect()
    tricky = ["O'Brien", "a''b", "", "Київ", "x; DROP TABLE t; --"]
    assert [con.execute(f"SELECT {sql_text(v)}").fetchone()[0] for v in tricky] == tricky
    assert con.execute(f"SELECT {sql_text_list(tricky)}").fetchone()[0] == tricky
    assert con.execute(f"SELECT {sql_text_list([])}::VARCHAR[]").fetchone()[0] == []


def test_a_run_with_nothing_new_does_not_import_pandas(warehouse, tmp_path):
    # DuckDB's Python client imports pandas (1.5-3 s) on the first query given parameters or
    # scanning a Python object; a run that has nothing to do must not pay that.
    folder = tmp_path / "copy"
    shutil.copytree(warehouse.parent, folder)
    script = ("import sys; from orchestration.cli import main; "
              f"rc = main(['run', '--db', {str(folder / warehouse.name)!r}, '-q']); "
              "print('pandas imported' if 'pandas' in sys.modules else 'pandas not imported'); sys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "pandas not imported" in done.stdout
