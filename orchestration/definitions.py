"""PeaceWatch's Dagster code location — read it as a table of contents.

raw → parsed → curated (blocking GX checks) → publish. Configure with environment variables:
PEACEWATCH_DB (the DuckDB file analysts open, default ./warehouse.duckdb), PEACEWATCH_LANDING
(the folder the sensor watches and runs ingest, default the bundled seeds/articles) and
PEACEWATCH_EXECUTOR (`in_process`, the default: every step in the run's process, one after the
other; or `multiprocess`: one process per step, independent steps at the same time, at most
PEACEWATCH_MAX_CONCURRENT, default one per CPU). A run's config can pick either too
(`execution: {config: {multiprocess: {max_concurrent: 4}}}` or `{in_process: {}}`).
"""

import os

import dagster as dg

from orchestration.assets import curated, marts, parsed, publish, raw, reports
from orchestration.checks import CURATED_CHECKS
from orchestration.eval_check import eval_against_seed_gold
from orchestration.executors import executor_mode
from orchestration.paths import SEED_ARTICLES_DIR
from orchestration.resources import LandingFolder, WarehouseResource
from orchestration.schedules import daily_schedule, landing_folder_sensor, pipeline_job

ASSETS = [
    raw.ingest_landing_folder,
    parsed.parsed_articles, parsed.parsed_sentences, parsed.parsed_mentions, parsed.parsed_quantities,
    parsed.extracted_reports,
    curated.curated_facts,
    *marts.MART_ASSETS,
    *reports.REPORT_ASSETS,
    publish.published_snapshot,
]
CHECKS = [*CURATED_CHECKS, eval_against_seed_gold]


def pipeline_executor(mode: str | None = None, max_concurrent: int | None = None) -> dg.ExecutorDefinition:
    """Dagster's multi_or_in_process executor with the default mode taken from configuration
    (PEACEWATCH_EXECUTOR, PEACEWATCH_MAX_CONCURRENT) instead of always `multiprocess`. Either is
    safe: the warehouse serialises DuckDB writers and readers per working copy (warehouse.py)."""
    mode = executor_mode(mode)
    if max_concurrent is None and os.environ.get("PEACEWATCH_MAX_CONCURRENT"):
        max_concurrent = int(os.environ["PEACEWATCH_MAX_CONCURRENT"])
    default = {"in_process": {}} if mode == "in_process" else {"multiprocess": {"max_concurrent": max_concurrent}}
    return dg.ExecutorDefinition(
        name="peacewatch_executor",
        config_schema=dg.Field(
            dg.Selector({"multiprocess": dg.multiprocess_executor.config_schema.as_field(),
                         "in_process": dg.in_process_executor.config_schema.as_field()}),
            default_value=default),
        requirements=lambda config: dg.multiple_process_executor_requirements() if "multiprocess" in config else [],
        executor_creation_fn=dg.multi_or_in_process_executor.executor_creation_fn,
        description=f"in_process or multiprocess (default here: {mode})",
    )


def resources(db_path: str | None = None, landing_path: str | None = None) -> dict:
    return {
        "warehouse": WarehouseResource(path=db_path or os.environ.get("PEACEWATCH_DB", "warehouse.duckdb"),
                                       keep_spare=os.environ.get("PEACEWATCH_KEEP_SPARE", "1") != "0"),
        "landing": LandingFolder(path=landing_path or os.environ.get("PEACEWATCH_LANDING", str(SEED_ARTICLES_DIR))),
    }


def definitions(db_path: str | None = None, landing_path: str | None = None) -> dg.Definitions:
    return dg.Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        jobs=[pipeline_job],
        schedules=[daily_schedule],
        sensors=[landing_folder_sensor],
        resources=resources(db_path, landing_path),
        executor=pipeline_executor(),
    )


def pipeline_job_from_environment() -> dg.JobDefinition:
    """The full pipeline job as configured by the environment, for `dg.reconstructable` (the
    multiprocess executor re-imports it in every step process)."""
    return definitions().resolve_job_def(pipeline_job.name)


defs = definitions()
