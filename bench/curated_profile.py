"""Time the curated step (update_curated) on a warehouse a pipeline run has filled, and check that
a change to consolidation leaves its output unchanged.

    python bench/curated_profile.py DB [--copy-from SRC] [--hold FRACTION] [--incremental]
                                       [--save DIR | --compare DIR]

Runs update_curated on DB through a plain DuckDB connection with the pipeline's memory limit
(PEACEWATCH_DUCKDB_MEMORY) and prints wall seconds, CPU seconds and the process's peak RSS.
- default: a full rebuild (curated.build_log is emptied first, so the step rebuilds everything).
- --copy-from SRC: copy SRC to DB first (SRC is never written).
- --hold FRACTION: before the full rebuild, move the extraction output (reports, claims, extract
  log rows) of a random FRACTION of the articles (seeded) to schema bench_hold, as if they had not
  been extracted yet.
- --incremental: put the held articles back (extracted now) and run the step incrementally; the
  result must equal a full rebuild of the whole warehouse.
--save writes the curated tables as Parquet; --compare reads them back and reports every table
whose rows differ (order-insensitive; run ids and timestamps left out; curated.revisions only
after a full rebuild, since an incremental run logs what it revised).
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

from orchestration.assets.curated import update_curated  # noqa: E402
from orchestration.warehouse import MEMORY_LIMIT  # noqa: E402

# table -> compared columns
COMPARED = {
    "curated.strikes": "*", "curated.talks": "*", "curated.proposals": "*", "curated.proposal_provisions": "*",
    "curated.stances": "*", "curated.claims": "*", "curated.report_facts": "*",
    "curated.quarantine": "fact_table, fact_id, failed_rules, row_json",
    "curated.revisions": "fact_table, fact_id, field, old_value, new_value",
}
HELD = {"parsed.strike_reports": "article_id", "parsed.talk_reports": "article_id",
        "parsed.proposal_reports": "article_id", "parsed.report_claims": "article_id"}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def hold(con, fraction: float) -> int:
    con.execute("CREATE SCHEMA IF NOT EXISTS bench_hold")
    con.execute("""CREATE OR REPLACE TABLE bench_hold.articles AS SELECT article_id FROM parsed.articles
                   WHERE hash(article_id || 'seed7') % 1000000 < ?""", [int(fraction * 1_000_000)])
    for table in HELD:
        name = table.split(".")[1]
        con.execute(f"CREATE OR REPLACE TABLE bench_hold.{name} AS SELECT * FROM {table} SEMI JOIN bench_hold.articles USING (article_id)")
        con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM bench_hold.articles)")
    con.execute("""DELETE FROM parsed.processing_log WHERE stage = 'extract'
                   AND article_id IN (SELECT article_id FROM bench_hold.articles)""")
    return con.execute("SELECT count(*) FROM bench_hold.articles").fetchone()[0]


def release(con) -> int:
    for table in HELD:
        con.execute(f"INSERT INTO {table} SELECT * FROM bench_hold.{table.split('.')[1]}")
    version = con.execute("SELECT any_value(version) FROM parsed.processing_log WHERE stage = 'extract'").fetchone()[0]
    con.execute("""INSERT INTO parsed.processing_log SELECT article_id, 'extract', ?, now()::TIMESTAMP
                   FROM bench_hold.articles""", [version])
    count = con.execute("SELECT count(*) FROM bench_hold.articles").fetchone()[0]
    con.execute("DROP SCHEMA bench_hold CASCADE")
    return count


def save(con, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for table, columns in COMPARED.items():
        con.execute(f"COPY (SELECT {columns} FROM {table}) TO '{out / table}.parquet' (FORMAT parquet)")


def compare(con, ref: Path, revisions: bool = True) -> bool:
    same = True
    for table, columns in COMPARED.items():
        if table == "curated.revisions" and not revisions:
            continue
        current = f"(SELECT {columns} FROM {table})"
        saved = f"(SELECT * FROM read_parquet('{ref / table}.parquet'))"
        missing = con.execute(f"SELECT count(*) FROM ({saved} EXCEPT ALL {current})").fetchone()[0]
        extra = con.execute(f"SELECT count(*) FROM ({current} EXCEPT ALL {saved})").fetchone()[0]
        rows = con.execute(f"SELECT count(*) FROM {current}").fetchone()[0]
        if missing or extra:
            same = False
            print(f"  {table}: {rows} rows, {missing} reference row(s) missing, {extra} extra")
    print(f"output {'identical to' if same else 'DIFFERS from'} {ref}")
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db")
    parser.add_argument("--copy-from")
    parser.add_argument("--hold", type=float)
    parser.add_argument("--incremental", action="store_true")
    parser.add_argument("--save", type=Path)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args()

    if args.copy_from:
        shutil.copyfile(args.copy_from, args.db)
    con = duckdb.connect(args.db, config={"memory_limit": MEMORY_LIMIT})
    if args.hold:
        print(f"held back {hold(con, args.hold)} article(s)")
    if args.incremental:
        print(f"released {release(con)} held article(s)")
    else:
        con.execute("DELETE FROM curated.build_log")
    rss_before = _rss_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    outcome = update_curated(con, "curated-profile", strict=False)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{outcome['mode']}: wall {wall:.1f} s, CPU {cpu:.1f} s, peak RSS {_rss_mb():.0f} MB "
          f"(before the step {rss_before:.0f} MB; memory_limit {MEMORY_LIMIT}); "
          f"quarantined {outcome['quarantined']}, revisions {outcome['revisions']}")
    if args.save:
        save(con, args.save)
    if args.compare and not compare(con, args.compare, revisions=not args.incremental):
        sys.exit(1)
    con.close()


if __name__ == "__main__":
    main()
