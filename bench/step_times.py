"""Time every step of one in-process pipeline run (the same materialize call as `peacewatch run`).

    python bench/step_times.py --articles DIR --db DB [--label TEXT]

Prints the import time of the definitions, the wall seconds of each Dagster step (from the
run's STEP_START / STEP_SUCCESS|FAILURE event timestamps), the whole materialize call, peak RSS
of the process, and whether Great Expectations and matplotlib were imported during the run.
Used to measure the checks, marts and charts stages of a no-op or +1 % re-run.
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()

import argparse  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--label", default="run")
    args = parser.parse_args()

    import dagster as dg

    from orchestration.definitions import ASSETS, CHECKS, resources

    imported = time.perf_counter() - _T0
    started = time.perf_counter()
    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize(
            [*ASSETS, *CHECKS], resources=resources(args.db, args.articles), instance=instance,
            raise_on_error=False, run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}})
        total = time.perf_counter() - started
        starts: dict[str, float] = {}
        steps: list[tuple[str, float]] = []
        for record in instance.all_logs(result.run_id):
            event = record.dagster_event
            if event is None or event.step_key is None:
                continue
            if event.event_type == dg.DagsterEventType.STEP_START:
                starts[event.step_key] = record.timestamp
            elif event.event_type in (dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE):
                steps.append((event.step_key, record.timestamp - starts[event.step_key]))
    print(f"== {args.label}: success={result.success}")
    print(f"import definitions            {imported:7.2f} s")
    for key, seconds in steps:
        print(f"  {key:<40} {seconds:7.2f} s")
    checks = sum(s for k, s in steps if "_gx_" in k or k.endswith("eval_against_seed_gold"))
    marts = sum(s for k, s in steps if k.startswith("marts__"))
    charts = sum(s for k, s in steps if k.startswith("reports__"))
    print(f"checks (GX + eval)            {checks:7.2f} s")
    print(f"marts                         {marts:7.2f} s")
    print(f"charts                        {charts:7.2f} s")
    print(f"materialize total             {total:7.2f} s")
    print(f"process total                 {time.perf_counter() - _T0:7.2f} s")
    print(f"peak RSS                      {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:7.0f} MB")
    print(f"great_expectations imported   {'great_expectations' in sys.modules}")
    print(f"matplotlib imported           {'matplotlib' in sys.modules}")
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
