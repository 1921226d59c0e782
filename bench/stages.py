"""Run the PeaceWatch pipeline stage by stage, in process, and time each stage (used by run_bench.py).

    python bench/stages.py --articles DIR --db DB --run-key KEY --json OUT [--profile-dir PDIR]

Each stage is one `dagster.materialize` call with a selection (one asset / multi-asset of
orchestration.definitions.ASSETS, then all asset checks, then publish), against the same DuckDB
working copy: `FixedRunWarehouse` maps every Dagster run id to the fixed `--run-key`, so the
separate materialize calls continue one logical pipeline run exactly as the single bundled run
would (same working copy `.DB.run-KEY`, published by the last stage).

Per stage: wall seconds, CPU seconds (user+sys of this process), peak RSS of this process during
the stage (VmHWM reset through /proc/self/clear_refs before each stage) and the children's peak
(RUSAGE_CHILDREN, cumulative). Each materialize call also pays Dagster's fixed per-run cost; it
is measured separately (`dagster_run_overhead_s`, a materialize of a no-op asset) so that it can
be subtracted.

With --profile-dir every stage runs under cProfile and its stats are written to
PDIR/<stage>.prof plus a text summary (top functions by cumulative and by own time).
"""

from __future__ import annotations

import time

_T_START = time.perf_counter()

import argparse  # noqa: E402
import cProfile  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

# the project code to benchmark: run_bench.py may point this at a snapshot of the repo
sys.path.insert(0, os.environ.get("PEACEWATCH_BENCH_CODE") or str(Path(__file__).resolve().parents[1]))

STAGE_NAMES = {  # an asset key of each AssetsDefinition -> stage label in the report
    "raw/files": "ingest",
    "parsed/articles": "parsed articles",
    "parsed/sentences": "sentences",
    "parsed/mentions": "mentions",
    "parsed/quantities": "quantities",
    "parsed/strike_reports": "extraction",
    "curated/strikes": "curated",
    "warehouse/snapshot": "publish",
}


def stage_name(asset_def) -> str:
    keys = ["/".join(k.path) for k in asset_def.keys]
    for key in keys:
        if key in STAGE_NAMES:
            return STAGE_NAMES[key]
    return asset_def.node_def.name


def status_kb(field: str) -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def children_peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def cpu_s() -> float:
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def top_functions(prof: cProfile.Profile, n: int = 25) -> str:
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.strip_dirs()
    stats.sort_stats("cumulative").print_stats(n)
    stats.sort_stats("tottime").print_stats(n)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--run-key", default="bench")
    parser.add_argument("--json", required=True)
    parser.add_argument("--profile-dir")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    import dagster as dg

    t_dagster = time.perf_counter() - t0
    t0 = time.perf_counter()
    from orchestration.definitions import ASSETS, CHECKS, resources
    from orchestration.resources import WarehouseResource
    from orchestration.warehouse import WarehouseFiles

    t_defs = time.perf_counter() - t0

    class FixedRunFiles(WarehouseFiles):
        """Working-copy paths (and run locks) keyed by one fixed key instead of the Dagster run id:
        every other WarehouseFiles method derives its paths from these."""

        def __init__(self, path, run_key: str) -> None:
            super().__init__(path)
            self.run_key = run_key

        def workspace(self, run_id):  # noqa: D102
            return super().workspace(self.run_key)

        def _run_lock_path(self, run_id):  # noqa: D102 (absent in older versions: harmless)
            return self.published.with_name(f".{self.published.name}.run-{self.run_key}.lock")

    class FixedRunWarehouse(WarehouseResource):
        """The project's warehouse resource with every Dagster run id mapped to one fixed key."""

        run_key: str = "bench"

        @property
        def files(self):  # noqa: D102
            return FixedRunFiles(self.path, self.run_key)

        def connect(self, run_id, *, read_only=False):  # noqa: D102
            return self.files.connect(self.run_key, read_only=read_only)

        def publish(self, run_id):  # noqa: D102
            return self.files.publish(self.run_key)

    res = resources(args.db, args.articles)
    res["warehouse"] = FixedRunWarehouse(path=args.db, run_key=args.run_key)
    quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
    everything = [*ASSETS, *CHECKS]

    # One stage per asset / multi-asset of ASSETS; assets this script does not know (added to the
    # project later, e.g. marts) are grouped by their Dagster group into one stage.
    grouped: dict[str, list] = {}
    for asset_def in ASSETS:
        name = stage_name(asset_def)
        if name not in STAGE_NAMES.values():
            groups = set(asset_def.group_names_by_key.values())
            name = groups.pop() if len(groups) == 1 else name
        grouped.setdefault(name, []).extend(asset_def.keys)
    stages: list[tuple[str, object]] = []
    for name, keys in grouped.items():
        if name == "publish":
            stages.append(("checks", dg.AssetSelection.all_asset_checks()))
        stages.append((name, dg.AssetSelection.assets(*keys).without_checks()))

    # Dagster's fixed cost of one materialize call (run creation, plan, events), on a no-op asset.
    @dg.asset(name="bench_noop")
    def _noop() -> None:
        return None

    overhead = []
    for _ in range(3):
        t0 = time.perf_counter()
        dg.materialize([_noop], run_config=quiet)
        overhead.append(time.perf_counter() - t0)

    profile_dir = Path(args.profile_dir) if args.profile_dir else None
    if profile_dir:
        profile_dir.mkdir(parents=True, exist_ok=True)
    results = []
    for name, selection in stages:
        resettable = reset_peak()
        c0, t0 = cpu_s(), time.perf_counter()
        prof = cProfile.Profile() if profile_dir else None
        if prof:
            prof.enable()
        result = dg.materialize(everything, selection=selection, resources=res, raise_on_error=False, run_config=quiet,
                                tags={"peacewatch/trigger": "bench"})
        if prof:
            prof.disable()
        wall = time.perf_counter() - t0
        failures = [e.step_key for e in result.all_events if e.is_step_failure]
        checks = [
            {"check": e.check_name, "passed": e.passed, "severity": str(e.severity)}
            for e in result.get_asset_check_evaluations()
        ]
        results.append({
            "stage": name, "seconds": wall, "cpu_seconds": cpu_s() - c0,
            "peak_rss_kb": status_kb("VmHWM"), "peak_reset": resettable, "children_peak_kb": children_peak_kb(),
            "success": result.success and not failures, "failures": failures, "checks": checks,
            "loadavg_1m_after": os.getloadavg()[0],
        })
        if prof:
            safe = name.replace(" ", "_")
            prof.dump_stats(profile_dir / f"{safe}.prof")
            (profile_dir / f"{safe}.txt").write_text(top_functions(prof))
        print(f"  stage {name:<16} {wall:8.2f}s  peak {status_kb('VmHWM') / 1024:7.0f} MB"
              f"{'' if results[-1]['success'] else '  FAILED ' + ','.join(failures)}", file=sys.stderr, flush=True)

    out = {
        "import_dagster_s": t_dagster, "import_definitions_s": t_defs,
        "script_start_to_stages_s": time.perf_counter() - _T_START - sum(r["seconds"] for r in results),
        "dagster_run_overhead_s": sorted(overhead)[1], "dagster_run_overhead_all_s": overhead,
        "stages": results, "process_peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    Path(args.json).write_text(json.dumps(out, indent=1))
    return 0 if all(r["success"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
