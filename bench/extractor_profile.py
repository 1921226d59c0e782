"""Time the extraction stage's parts on a warehouse a pipeline run has filled, and check that a
change to the extractors leaves their output unchanged.

    python bench/extractor_profile.py DB [--articles N] [--save DIR | --compare DIR] [--profile]

Reads the first N articles (by id) of DB's parsed tables in batches of 2,000, as the extraction
stage does, and prints CPU milliseconds per article for: reading the inputs from DuckDB, building
the article views, each extractor (strikes, talks, proposals) and turning the rows into frames.
--save writes the four report frames as Parquet; --compare reads them back and reports every
table whose rows differ (order-insensitive). --profile prints cProfile's top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb  # noqa: E402
import polars as pl  # noqa: E402

from orchestration.assets.parsed import read_view_inputs  # noqa: E402
from transforms.article_view import build_article_views  # noqa: E402
from transforms.parsed_batches import REPORT_SCHEMAS, report_frame  # noqa: E402
from transforms.proposals import extract_proposals  # noqa: E402
from transforms.reference import load_reference  # noqa: E402
from transforms.strikes import extract_strikes  # noqa: E402
from transforms.talks import extract_talks, talk_lookups  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--save", type=Path)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    con = duckdb.connect(args.db, read_only=True)
    ids = [r[0] for r in con.execute("SELECT article_id FROM parsed.articles ORDER BY article_id LIMIT ?",
                                     [args.articles]).fetchall()]
    reference = load_reference()
    weapon_category = dict(zip(reference.weapons["weapon_id"], reference.weapons["category"]))
    place_info = {pid: (name, kind, country) for pid, name, kind, country in
                  reference.places.select("place_id", "name", "kind", "country").iter_rows()}
    lookups = talk_lookups(reference.places, reference.people)

    seconds = dict.fromkeys(("read", "views", "strikes", "talks", "proposals", "frames"), 0.0)
    rows: dict[str, list[dict]] = {t: [] for t in REPORT_SCHEMAS}
    profiler = cProfile.Profile() if args.profile else None

    def timed(part, fn, *a):
        start = time.process_time()
        if profiler and part not in ("read",):
            profiler.enable()
        out = fn(*a)
        if profiler:
            profiler.disable()
        seconds[part] += time.process_time() - start
        return out

    for first in range(0, len(ids), args.batch_size):
        chunk = ids[first:first + args.batch_size]
        inputs = timed("read", read_view_inputs, con, chunk)
        views = timed("views", build_article_views, *inputs)
        for view in views:
            strikes, strike_claims = timed("strikes", extract_strikes, view, weapon_category, place_info)
            talks, talk_claims = timed("talks", extract_talks, view, reference.places, reference.people, lookups)
            proposals, proposal_claims = timed("proposals", extract_proposals, view)
            rows["parsed.strike_reports"] += strikes
            rows["parsed.talk_reports"] += talks
            rows["parsed.proposal_reports"] += proposals
            rows["parsed.report_claims"] += strike_claims + talk_claims + proposal_claims
    frames = timed("frames", lambda: {t: report_frame(t, r) for t, r in rows.items()})

    n = len(ids)
    print(f"{n} articles; CPU ms per article")
    for part, s in seconds.items():
        print(f"  {part:<10} {1000 * s / n:7.3f}")
    print(f"  {'total':<10} {1000 * sum(seconds.values()) / n:7.3f}")
    print("rows: " + ", ".join(f"{t} {len(f)}" for t, f in frames.items()))

    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for table, frame in frames.items():
            frame.write_parquet(args.save / f"{table}.parquet")
    if args.compare:
        differing = 0
        for table, frame in frames.items():
            before = pl.read_parquet(args.compare / f"{table}.parquet")
            if not _same_rows(before, frame):
                differing += 1
                print(f"DIFFERS {table}: before {len(before)} rows, now {len(frame)}")
                print(_diff(before, frame))
        print("output identical to", args.compare if not differing else f"{differing} tables differ")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    flat = frame.with_columns(pl.col(c).list.join("|") for c, t in frame.schema.items() if isinstance(t, pl.List))
    return flat.sort(flat.columns, nulls_last=True)


def _same_rows(a: pl.DataFrame, b: pl.DataFrame) -> bool:
    return a.schema == b.schema and _sorted(a).equals(_sorted(b))


def _diff(before: pl.DataFrame, now: pl.DataFrame) -> str:
    a, b = _sorted(before), _sorted(now)
    gone = a.join(b, on=a.columns, how="anti", nulls_equal=True)
    new = b.join(a, on=b.columns, how="anti", nulls_equal=True)
    return f"only before ({len(gone)}):\n{gone.head(5)}\nonly now ({len(new)}):\n{new.head(5)}"


if __name__ == "__main__":
    main()
