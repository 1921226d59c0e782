"""The parsed stages fanned out over worker processes give the same warehouse as one process
(workers get frames and never open DuckDB, so no lock can be contended)."""

import hashlib
import subprocess
import sys

import dagster as dg

from orchestration.definitions import ASSETS, CHECKS, resources
from orchestration.paths import SEED_ARTICLES_DIR
from orchestration.warehouse import WarehouseFiles

TABLES = {"parsed.strike_reports": "article_id, report_key", "parsed.report_claims": "article_id, report_key, field, char_start",
          "parsed.sentences": "article_id, sentence_idx", "parsed.mentions": "article_id, sentence_idx, char_start, kind, canonical_id",
          "parsed.quantities": "article_id, char_start", "curated.strikes": "strike_id", "curated.talks": "talk_id", "curated.claims": "claim_id"}


FANNED_OUT = ("parsed__sentences", "parsed__mentions", "parsed__quantities", "extracted_reports")


def run(db, extraction: dict) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [*ASSETS, *CHECKS], resources=resources(str(db), str(SEED_ARTICLES_DIR)), raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}},
                    "ops": {op: {"config": extraction} for op in FANNED_OUT}})


def hashes(db) -> dict[str, str]:
    with WarehouseFiles(db).read_published() as con:
        return {t: hashlib.sha256(repr(con.execute(f"SELECT * FROM {t} ORDER BY {o}").fetchall()).encode()).hexdigest()
                for t, o in TABLES.items()}


def test_worker_processes_give_the_same_warehouse(tmp_path):
    sequential, parallel = tmp_path / "seq.duckdb", tmp_path / "par.duckdb"
    assert run(sequential, {"workers": 1}).success
    result = run(parallel, {"workers": 2, "batch_size": 2, "parallel_threshold": 1})
    assert result.success
    assert hashes(parallel) == hashes(sequential)


def test_worker_work_imports_neither_dagster_nor_duckdb():
    # A spawned worker unpickles its work function by module: if that module pulled in the
    # orchestration layer, every worker would carry Dagster (about 80 MB) for nothing.
    script = ("import sys; import transforms.parsed_batches; "
              "print(sorted(m for m in ('dagster', 'duckdb', 'orchestration') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_worker_count_never_exceeds_the_batches():
    from orchestration.fanout import FanOutConfig

    config = FanOutConfig(workers=4, batch_size=1000, parallel_threshold=1000)
    assert config.worker_count(999) == 1  # below the threshold: in process
    assert config.worker_count(1000) == 1  # one batch: a worker would only add its start-up
    assert config.worker_count(1001) == 2
    assert config.worker_count(10_000) == 4
    assert FanOutConfig(workers=2, batch_size=2, parallel_threshold=1).worker_count(4) == 2
