"""How much a run spends copying the warehouse into its working copy, and whether it published.

    uv run python bench/workspace_copy.py --articles DIR --db DB [--runs 2] [--no-marts]

Runs the pipeline in this process `--runs` times on the same folder (so every run after the first
has nothing new) and prints, per run: wall seconds, seconds inside the working-copy code
(`WarehouseFiles.ensure_workspace`, `publish` with its CHECKPOINT and fsync, plus `_prepare_read`
where it exists), seconds and bytes in `shutil.copy2` (a full copy) or in `copy_changed_blocks` (the
previous snapshot brought up to date: bytes compared and rewritten), and whether
`warehouse/snapshot` replaced the published file.
`--no-marts` leaves the marts out (they rebuild on every run, so they make the copy on their
own). Works on older checkouts too (PYTHONPATH=<checkout>): it only wraps what exists.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

TIMES: dict[str, float] = {}
COPIED: list[int] = []
REWRITTEN: list[tuple[int, int]] = []  # (compared, written) per working copy made from the spare


def timed(name: str, fn):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            TIMES[name] = TIMES.get(name, 0.0) + time.perf_counter() - started
    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--no-marts", action="store_true")
    args = parser.parse_args()

    import dagster as dg

    from orchestration import warehouse
    from orchestration.assets.marts import MART_ASSETS
    from orchestration.definitions import ASSETS, CHECKS, resources

    for name in ("ensure_workspace", "_prepare_read", "publish"):
        if hasattr(warehouse.WarehouseFiles, name):
            setattr(warehouse.WarehouseFiles, name, timed(name, getattr(warehouse.WarehouseFiles, name)))
    copy2 = shutil.copy2

    def counting_copy(src, dst, *a, **k):
        COPIED.append(Path(src).stat().st_size)
        return timed("copy2", copy2)(src, dst, *a, **k)

    shutil.copy2 = counting_copy
    if hasattr(warehouse, "copy_changed_blocks"):
        changed_blocks = timed("copy_changed_blocks", warehouse.copy_changed_blocks)

        def counting_changed_blocks(*a, **k):
            REWRITTEN.append(changed_blocks(*a, **k))
            return REWRITTEN[-1]

        warehouse.copy_changed_blocks = counting_changed_blocks
    selection = [a for a in ASSETS if not (args.no_marts and a in MART_ASSETS)] + CHECKS
    for run in range(1, args.runs + 1):
        TIMES.clear()
        COPIED.clear()
        REWRITTEN.clear()
        started = time.perf_counter()
        result = dg.materialize(selection, resources=resources(args.db, args.articles),
                                run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}})
        wall = time.perf_counter() - started
        snapshot = [e.materialization.metadata for e in result.get_asset_materialization_events()
                    if e.asset_key == dg.AssetKey(["warehouse", "snapshot"])]
        replaced = snapshot[0].get("replaced") if snapshot else None
        print(f"run {run}: success={result.success} wall {wall:.1f} s; working-copy code "
              f"{sum(v for k, v in TIMES.items() if k not in ('copy2', 'copy_changed_blocks')):.2f} s "
              f"({', '.join(f'{k} {v:.2f} s' for k, v in TIMES.items())}); "
              f"copied {sum(COPIED) / 1e6:.0f} MB; rewrote {sum(w for _, w in REWRITTEN) / 1e6:.0f} of "
              f"{sum(c for c, _ in REWRITTEN) / 1e6:.0f} MB of the spare; snapshot replaced: "
              f"{'n/a (older version)' if replaced is None else replaced.value}", flush=True)


if __name__ == "__main__":
    main()
