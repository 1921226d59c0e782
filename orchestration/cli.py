"""`peacewatch` command line: run the pipeline, query the warehouse, score extraction against gold."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from orchestration.executors import EXECUTORS, executor_mode
from orchestration.paths import SEED_ARTICLES_DIR, SEED_GOLD_DIR

def run_pipeline(articles: Path, db: Path, *, quiet: bool = False, log_level: str = "WARNING", strict: bool = False,
                 executor: str | None = None, max_concurrent: int | None = None):
    """Materialise every asset and check for `articles` into `db`. Returns (success, result).

    executor: `in_process` (default, or PEACEWATCH_EXECUTOR): every step in this process;
    `multiprocess`: one process per step, at most `max_concurrent` at a time (default one per
    CPU), on the Dagster instance of DAGSTER_HOME, else a temporary one."""
    import dagster as dg

    from orchestration.definitions import ASSETS, CHECKS, resources

    executor = executor_mode(executor)
    run_config = {"loggers": {"console": {"config": {"log_level": log_level}}},
                  "ops": {"curated_facts": {"config": {"strict": strict}}}}
    started = time.perf_counter()
    if executor == "in_process":
        result = dg.materialize(
            [*ASSETS, *CHECKS],
            resources=resources(str(db), str(articles)),
            raise_on_error=False,
            tags={"peacewatch/trigger": "cli"},
            run_config=run_config,
        )
    else:
        result = _execute_multiprocess(articles, db, run_config, max_concurrent)
    evaluations = result.get_asset_check_evaluations()
    # Only ERROR-severity (blocking) failures fail the run; WARN checks (eval scores) inform.
    failed = [e for e in evaluations if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR]
    success = result.success and not failed
    if not quiet:
        print(f"run {result.run_id} on {articles} -> {db} ({time.perf_counter() - started:.1f}s)")
        for event in result.all_events:
            if event.is_step_failure:
                print(f"step failed: {event.step_key}: {event.event_specific_data.error.message.strip()}", file=sys.stderr)
        print_table_counts(db)
        for evaluation in evaluations:
            key = "/".join(evaluation.asset_key.path)
            status = "PASS" if evaluation.passed else ("FAIL" if evaluation.severity == dg.AssetCheckSeverity.ERROR else "WARN")
            failing = evaluation.metadata.get("failing_rows")
            suffix = f" ({failing.value} failing rows)" if failing is not None and not evaluation.passed else ""
            scores = "  ".join(f"{name.removesuffix('_f1')} F1={meta.value:.2f}" for name, meta in evaluation.metadata.items()
                               if name.endswith("_f1"))
            print(f"check {status} {key} {evaluation.check_name}{suffix}{'  ' + scores if scores else ''}")
        if failed:
            print("blocking checks failed: the published warehouse was NOT replaced", file=sys.stderr)
    return success, result


def _execute_multiprocess(articles: Path, db: Path, run_config: dict, max_concurrent: int | None):
    """The pipeline job with the multiprocess executor. Its step processes rebuild the job from
    the environment (`pipeline_job_from_environment`), so the paths travel there."""
    import tempfile

    import dagster as dg

    from orchestration.definitions import pipeline_job_from_environment

    os.environ["PEACEWATCH_DB"], os.environ["PEACEWATCH_LANDING"] = str(db), str(articles)
    run_config = {**run_config, "execution": {"config": {"multiprocess": {"max_concurrent": max_concurrent}}}}
    job = dg.reconstructable(pipeline_job_from_environment)
    tags = {"peacewatch/trigger": "cli"}
    if os.environ.get("DAGSTER_HOME"):
        return dg.execute_job(job, dg.DagsterInstance.get(), run_config=run_config, tags=tags)
    with tempfile.TemporaryDirectory(prefix="peacewatch-dagster-") as home, dg.DagsterInstance.local_temp(home) as instance:
        return dg.execute_job(job, instance, run_config=run_config, tags=tags)


def print_table_counts(db: Path) -> None:
    from orchestration.warehouse import WarehouseFiles, row_counts

    if not db.exists():
        print(f"(no published warehouse at {db})")
        return
    with WarehouseFiles(db).read_published() as con:
        for table, count in row_counts(con).iter_rows():
            print(f"  {table:<30} {count:>8}")


def cmd_run(args: argparse.Namespace) -> int:
    articles = Path(args.articles)
    if not articles.is_dir():
        return _no_articles_folder(articles)
    if not args.quiet:
        os.environ["PEACEWATCH_PROGRESS"] = "1"  # one line per finished table, on stderr
    success, result = run_pipeline(articles, Path(args.db), log_level="INFO" if args.verbose else "WARNING",
                                   strict=args.strict, executor=args.executor, max_concurrent=args.max_concurrent)
    if args.timings:
        for step, seconds in step_seconds(result):
            print(f"step {step} {seconds:.3f}s")
    return 0 if success else 1


def _no_articles_folder(articles: Path) -> int:
    print(f"error: articles folder {articles} does not exist or is not a folder", file=sys.stderr)
    return 2


def step_seconds(result) -> list[tuple[str, float]]:
    """(step key, seconds) of every step that finished, in the order they finished."""
    return [(event.step_key, event.event_specific_data.duration_ms / 1000) for event in result.all_events
            if (event.is_step_success or event.is_step_failure) and getattr(event.event_specific_data, "duration_ms", None)]


def cmd_sql(args: argparse.Namespace) -> int:
    from orchestration.warehouse import WarehouseFiles

    try:
        with WarehouseFiles(args.db).read_published() as con:
            relation = con.sql(args.query)
            if relation is None:
                return 0
            frame = relation.pl()
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # duckdb errors: show them plainly
        print(f"error: {exc}", file=sys.stderr)
        return 1
    import polars as pl

    with pl.Config(tbl_rows=args.max_rows, tbl_cols=-1, fmt_str_lengths=80, tbl_width_chars=200):
        print(frame)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    import tempfile

    from transforms.evaluate import evaluate_warehouse, format_report

    articles = Path(args.articles)
    gold = Path(args.gold) if args.gold else (articles.parent / "gold" if (articles.parent / "gold").is_dir() else SEED_GOLD_DIR)
    db = Path(args.db) if args.db else None
    if db is not None and not db.is_file():
        print(f"error: warehouse {db} does not exist or is not a file (--db scores an existing warehouse; "
              "leave it out to run the pipeline into a temporary one)", file=sys.stderr)
        return 2
    if db is None and not articles.is_dir():  # the pipeline runs on it (with --db it only names the gold folder)
        return _no_articles_folder(articles)
    with tempfile.TemporaryDirectory(prefix="peacewatch-eval-") as tmp:
        if db is None:
            db = Path(tmp) / "eval.duckdb"
            success, _ = run_pipeline(articles, db, quiet=True)
            if not success:
                print("warning: a blocking check failed; scoring the last published state", file=sys.stderr)
        report = evaluate_warehouse(db, gold)
        print(f"articles: {articles}  gold: {gold}")
        print(format_report(report, verbose=args.verbose))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="peacewatch", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="materialise every asset for a folder of articles")
    run.add_argument("--articles", default=str(SEED_ARTICLES_DIR), help="folder of landed articles (default: bundled seeds)")
    run.add_argument("--db", default="warehouse.duckdb", help="DuckDB file analysts open (default: ./warehouse.duckdb)")
    run.add_argument("-v", "--verbose", action="store_true", help="show Dagster's step log")
    run.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    run.add_argument("--timings", action="store_true", help="print each step's seconds at the end (the benchmark reads them)")
    run.add_argument("--strict", action="store_true",
                     help="fail the run on rows that break a validation rule instead of quarantining them")
    run.add_argument("--executor", choices=EXECUTORS,
                     help="in_process: every step in this process (default, or $PEACEWATCH_EXECUTOR); "
                          "multiprocess: one process per step, independent steps at the same time")
    run.add_argument("--max-concurrent", type=int, metavar="N",
                     help="multiprocess: at most N steps at a time (default: one per CPU)")
    run.set_defaults(func=cmd_run)

    sql = sub.add_parser("sql", help="run a query against the published warehouse (read-only)")
    sql.add_argument("query")
    sql.add_argument("--db", default="warehouse.duckdb")
    sql.add_argument("--max-rows", type=int, default=50)
    sql.set_defaults(func=cmd_sql)

    ev = sub.add_parser("eval", help="score curated tables against gold JSON files")
    ev.add_argument("--articles", required=True, help="folder of articles to run the pipeline on")
    ev.add_argument("--gold", help="folder of gold JSON (default: <articles>/../gold)")
    ev.add_argument("--db", help="score an existing warehouse instead of running the pipeline into a temporary one")
    ev.add_argument("-v", "--verbose", action="store_true", help="per-article misses and wrong values")
    ev.set_defaults(func=cmd_eval)

    from orchestration import dictionary, export

    dictionary.add_command(sub)
    export.add_command(sub)

    from orchestration import report

    report.add_command(sub)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
