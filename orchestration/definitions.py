"""PeaceWatch's Dagster code location — read it as a table of contents.

raw → parsed → curated (blocking GX checks) → publish. Configure with environment variables:
PEACEWATCH_DB (the DuckDB file analysts open, default ./warehouse.duckdb) and PEACEWATCH_LANDING
(the folder the sensor watches and runs ingest, default the bundled seeds/articles).
"""

import os

import dagster as dg

from orchestration.assets import curated, marts, parsed, publish, raw, reports
from orchestration.checks import CURATED_CHECKS
from orchestration.eval_check import eval_against_seed_gold
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


def resources(db_path: str | None = None, landing_path: str | None = None) -> dict:
    return {
        "warehouse": WarehouseResource(path=db_path or os.environ.get("PEACEWATCH_DB", "warehouse.duckdb")),
        "landing": LandingFolder(path=landing_path or os.environ.get("PEACEWATCH_LANDING", str(SEED_ARTICLES_DIR))),
    }


defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[pipeline_job],
    schedules=[daily_schedule],
    sensors=[landing_folder_sensor],
    resources=resources(),
    # One DuckDB writer at a time: steps run in one process, in order.
    executor=dg.in_process_executor,
)
