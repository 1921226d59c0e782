"""Cost of the curated.claims check at a larger scale, without running the pipeline at that scale.

    python bench/checks_scale.py SOURCE_DB WORK_DB --times K --mode old|first|noop|plus

Builds WORK_DB holding curated.claims of SOURCE_DB repeated K times (claim ids made unique), so a
10k-article warehouse (228k claims) with K = 10 stands in for 100k articles (~2.3M claims), then:

- old: what the check did before: read the whole frame into Polars and validate it with GX in
  one piece (`validate_frame`).
- first, noop, plus: `validate_query` + `record_validation` as the check does now, on a copy
  (WORK_DB-run): the first validation (every row, streamed in chunks; a fresh copy), the same
  frame again (reused: fingerprint only), then +1 % new claims (only those go through GX).
  Run them in this order, each in its own process (as each pipeline run is).

Prints wall seconds per phase and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb  # noqa: E402

from orchestration.paths import SQL_DIR  # noqa: E402

SQL = (SQL_DIR / "checks" / "curated_claims.sql").read_text()


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(source: Path, work: Path, times: int) -> None:
    work.unlink(missing_ok=True)
    con = duckdb.connect(str(work))
    con.execute(f"ATTACH '{source}' AS src (READ_ONLY)")
    con.execute("CREATE SCHEMA curated")
    con.execute(f"""CREATE TABLE curated.claims AS
                    SELECT claim_id || CASE WHEN k = 0 THEN '' ELSE '-' || k END AS claim_id,
                           fact_table, fact_id, field, value_num, evidence
                    FROM src.curated.claims, range({times}) r(k)""")
    con.execute("DETACH src")
    con.execute("CHECKPOINT")
    con.close()


def timed(label: str, fn):
    started, cpu = time.perf_counter(), time.process_time()
    value = fn()
    print(f"  {label:<52} {time.perf_counter() - started:7.2f} s (CPU {time.process_time() - cpu:6.2f} s)"
          f"   peak RSS so far {rss_mb():6.0f} MB")
    return value


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("source")
    parser.add_argument("work")
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--mode", choices=("old", "first", "noop", "plus"), required=True)
    args = parser.parse_args()
    work = Path(args.work)
    if not work.exists():
        build(Path(args.source), work, args.times)
        print(f"built {work}; run again to measure (a fresh process)")
        return 0
    if args.mode != "old":
        run_copy = work.with_name(work.stem + "-run.duckdb")
        if args.mode == "first":  # no ledger yet
            shutil.copy(work, run_copy)
        work = run_copy

    import pandas  # noqa: F401  (the pipeline has it loaded by then: DuckDB parameter binding imports it)
    import polars  # noqa: F401

    from orchestration.validation import _import_gx, frame_fingerprint, record_validation, validate_frame, validate_query

    if args.mode != "noop":
        timed("import Great Expectations", _import_gx)
    con = duckdb.connect(str(work))
    (rows,) = con.execute("SELECT count(*) FROM curated.claims").fetchone()
    print(f"curated.claims: {rows:,} rows, mode {args.mode}, RSS before {rss_mb():.0f} MB")
    if args.mode == "old":
        frame = timed("read the whole frame (ORDER BY claim_id, as before)",
                      lambda: con.execute(SQL.rstrip() + "\nORDER BY claim_id").pl())
        outcome = timed("validate_frame (GX, one piece)", lambda: validate_frame(frame, "curated_claims"))
        print(f"    passed={outcome.success}")
        return 0
    if args.mode == "first":
        timed("frame fingerprint", lambda: frame_fingerprint(con, SQL))
    if args.mode == "plus":
        new = max(1, rows // 100)
        con.execute(f"""INSERT INTO curated.claims
                        SELECT claim_id || '-new-' || (SELECT count(*) FROM curated.claims), fact_table, fact_id,
                               field, value_num, evidence
                        FROM curated.claims USING SAMPLE {new} ROWS""")
        con.execute("CHECKPOINT")
    result = timed(f"validate_query ({args.mode})", lambda: validate_query(con, SQL, "curated_claims"))
    print(f"    mode={result.mode} validated_rows={result.validated_rows:,} passed={result.outcome.success}")
    timed("record_validation", lambda: record_validation(con, SQL, result, run_id=f"bench-{args.mode}"))
    con.close()
    print(f"  database file {work.stat().st_size / 1e6:.0f} MB; peak RSS {rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
