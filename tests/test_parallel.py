"""Extraction fanned out over worker processes gives the same warehouse as one process, and
only the asset's own process writes (no DuckDB lock errors)."""

import hashlib

import dagster as dg

from orchestration.definitions import ASSETS, CHECKS, resources
from orchestration.paths import SEED_ARTICLES_DIR
from orchestration.warehouse import WarehouseFiles

TABLES = {"parsed.strike_reports": "article_id, report_key", "parsed.report_claims": "article_id, report_key, field, char_start",
          "curated.strikes": "strike_id", "curated.talks": "talk_id", "curated.claims": "claim_id"}


def run(db, extraction: dict) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [*ASSETS, *CHECKS], resources=resources(str(db), str(SEED_ARTICLES_DIR)), raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}},
                    "ops": {"extracted_reports": {"config": extraction}}})


def hashes(db) -> dict[str, str]:
    with WarehouseFiles(db).read_published() as con:
        return {t: hashlib.sha256(repr(con.execute(f"SELECT * FROM {t} ORDER BY {o}").fetchall()).encode()).hexdigest()
                for t, o in TABLES.items()}


def test_worker_processes_give_the_same_warehouse(tmp_path):
    sequential, parallel = tmp_path / "seq.duckdb", tmp_path / "par.duckdb"
    assert run(sequential, {"workers": 1}).success
    result = run(parallel, {"workers": 2, "batch_size": 1, "parallel_threshold": 1})
    assert result.success
    assert hashes(parallel) == hashes(sequential)
