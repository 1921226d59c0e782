"""The bare baseline the pipeline is compared with: read every file of a folder and do one regex pass.

    python bench/baseline.py DIR   ->  JSON on stdout

Lists the folder recursively (sorted, like the ingest asset), reads each file's bytes, decodes
UTF-8 and runs ``re.findall(r"\\d+ drones", text)``. This is roughly the least any pipeline over
these files must do (plus hashing: sha256 of all bytes is timed separately as `hash_seconds`).
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()

import hashlib  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

PATTERN = re.compile(r"\d+ drones")


def main() -> int:
    folder = Path(sys.argv[1])
    t0 = time.perf_counter()
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    list_s = time.perf_counter() - t0
    n_bytes = matches = 0
    t1 = time.perf_counter()
    for path in files:
        data = path.read_bytes()
        n_bytes += len(data)
        matches += len(PATTERN.findall(data.decode("utf-8")))
    read_regex_s = time.perf_counter() - t1
    t2 = time.perf_counter()
    for path in files:
        hashlib.sha256(path.read_bytes()).hexdigest()
    hash_s = time.perf_counter() - t2
    print(json.dumps({
        "files": len(files), "bytes": n_bytes, "matches": matches,
        "list_seconds": list_s, "read_regex_seconds": read_regex_s,
        "seconds": list_s + read_regex_s, "hash_seconds": hash_s,
        "startup_seconds": t0 - _T0,
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
