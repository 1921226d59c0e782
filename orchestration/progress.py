"""Progress lines for long command-line runs.

`peacewatch run` sets PEACEWATCH_PROGRESS=1 for its own process; assets then print one short
line per finished table (and per batch on long stages) to stderr. In the Dagster UI the same
information is in each asset's metadata, so nothing is printed there."""

import os
import sys
import time

_STARTED = time.perf_counter()


def enabled() -> bool:
    return os.environ.get("PEACEWATCH_PROGRESS") == "1"


def report(message: str) -> None:
    if enabled():
        print(f"[{time.perf_counter() - _STARTED:7.1f}s] {message}", file=sys.stderr, flush=True)
