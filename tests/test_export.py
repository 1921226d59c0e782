"""`peacewatch export`: every curated and marts table of the published snapshot as Parquet."""

import hashlib
from pathlib import Path

import duckdb
import polars as pl
import pytest

from orchestration.cli import main
from orchestration.warehouse import WarehouseFiles
from tests.seed_warehouse import seed_warehouse


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory) -> Path:
    return seed_warehouse(tmp_path_factory)


def test_export_writes_every_curated_and_marts_table(seeds_db, tmp_path, capsys):
    before = hashlib.sha256(seeds_db.read_bytes()).hexdigest()
    out = tmp_path / "export"
    assert main(["export", "--to", str(out), "--db", str(seeds_db)]) == 0
    assert "exported" in capsys.readouterr().out
    with WarehouseFiles(seeds_db).read_published() as con:
        tables = con.execute("""SELECT schema_name, table_name FROM duckdb_tables()
                                WHERE schema_name IN ('curated', 'marts') ORDER BY ALL""").fetchall()
        assert {s for s, _ in tables} == {"curated", "marts"}
        assert ("curated", "strikes") in tables and ("marts", "daily_strikes") in tables
        written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.parquet"))
        assert written == sorted(f"{s}/{t}.parquet" for s, t in tables)
        for schema, table in tables:
            expected = con.execute(f"SELECT * FROM {schema}.{table}").pl()
            exported = pl.read_parquet(out / schema / f"{table}.parquet")
            assert exported.columns == expected.columns
            assert exported.height == expected.height
            assert exported.equals(expected), f"{schema}.{table}"
    # read-only: the published file is untouched
    assert hashlib.sha256(seeds_db.read_bytes()).hexdigest() == before


def test_export_reads_the_published_snapshot_while_a_writer_holds_a_working_copy(seeds_db, tmp_path):
    # a run in progress writes only to its private copy; exporting meanwhile still works
    with WarehouseFiles(seeds_db).connect("export-test-run") as writer:
        writer.execute("DELETE FROM curated.strikes")
        assert main(["export", "--to", str(tmp_path), "--db", str(seeds_db)]) == 0
    WarehouseFiles(seeds_db).discard("export-test-run")
    rows = duckdb.sql(f"SELECT count(*) FROM read_parquet('{tmp_path / 'curated' / 'strikes.parquet'}')").fetchone()[0]
    assert rows > 0


def test_export_overwrites_and_reports_a_missing_warehouse(seeds_db, tmp_path, capsys):
    assert main(["export", "--to", str(tmp_path), "--db", str(seeds_db)]) == 0
    assert main(["export", "--to", str(tmp_path), "--db", str(seeds_db)]) == 0  # again, over the same files
    assert main(["export", "--to", str(tmp_path), "--db", str(tmp_path / "missing.duckdb")]) == 2
    assert "peacewatch run" in capsys.readouterr().err
