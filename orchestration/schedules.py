"""How the pipeline runs without a person: a daily schedule and a sensor on the landing folder."""


import hashlib
import os
from pathlib import Path

import dagster as dg

from orchestration.paths import SEED_ARTICLES_DIR

pipeline_job = dg.define_asset_job(
    "peacewatch_pipeline",
    selection=dg.AssetSelection.all(),
    description="Ingest the landing folder, parse, extract, consolidate, validate and publish.",
    tags={"peacewatch/pipeline": "full"},
)

daily_schedule = dg.ScheduleDefinition(
    name="daily_pipeline",
    job=pipeline_job,
    cron_schedule="0 6 * * *",
    execution_timezone="UTC",
    description="Daily full run (incremental: only new articles are processed).",
    tags={"peacewatch/trigger": "schedule"},
)


def landing_fingerprint(folder: Path) -> str:
    """Names, sizes and modification times of the landing folder's files: changes when a file lands."""
    digest = hashlib.sha256()
    if folder.exists():
        for path in sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()):
            try:
                stat = path.lstat()
            except OSError:
                continue
            # fsencode: file names need not be valid UTF-8 (surrogate escapes)
            digest.update(os.fsencode(path.relative_to(folder)) + f"\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@dg.sensor(job=pipeline_job, minimum_interval_seconds=60, description="Runs the pipeline when files land in the landing folder.")
def landing_folder_sensor(context: dg.SensorEvaluationContext):
    folder = Path(os.environ.get("PEACEWATCH_LANDING", str(SEED_ARTICLES_DIR)))
    fingerprint = landing_fingerprint(folder)
    if fingerprint == context.cursor:
        return dg.SkipReason(f"no new files in {folder}")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint, tags={"peacewatch/trigger": "landing-sensor"})
