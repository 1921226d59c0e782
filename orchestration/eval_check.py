"""The extraction-quality check: curated tables scored against the gold shipped in seeds/gold.

Non-blocking (WARN): scores are a measurement for operators, shown as check metadata in the UI;
they only say something when the run's articles include the gold-labelled seed articles.

Its cost does not grow with the warehouse: it first finds the gold-labelled articles among
raw.articles (a scan of one column, filtered in DuckDB) and, when there are none, stops there;
otherwise it reads only the rows the scoring of those articles looks at (`load_predictions`
with their ids), which gives the same scores as reading every table in full."""

from pathlib import Path

import dagster as dg
import duckdb

from orchestration.paths import SEED_GOLD_DIR
from orchestration.resources import WarehouseResource
from transforms.evaluate import EvalReport, evaluate, load_gold, load_predictions
from transforms.sql_literals import sql_text

# The issue-3 targets: (minimum F1, minimum precision) per table.
TARGETS = {"strikes": (0.90, 0.95), "talks": (0.85, 0.0), "proposals": (0.90, 0.0)}


def report_metadata(report: EvalReport) -> dict:
    metadata: dict = {"articles_scored": dg.MetadataValue.int(report.articles_scored)}
    for name in ("strikes", "talks", "proposals", "troop_cap"):
        score = getattr(report, name)
        metadata[f"{name}_precision"] = dg.MetadataValue.float(round(score.precision, 3))
        metadata[f"{name}_recall"] = dg.MetadataValue.float(round(score.recall, 3))
        metadata[f"{name}_f1"] = dg.MetadataValue.float(round(score.f1, 3))
    return metadata


def meets_targets(report: EvalReport) -> bool:
    return all(getattr(report, t).f1 >= f1 and getattr(report, t).precision >= p for t, (f1, p) in TARGETS.items())


def gold_article_ids(con: duckdb.DuckDBPyConnection, gold: list[dict]) -> list[str]:
    """Ids in raw.articles of the gold-labelled articles (matched by file stem, as `evaluate` does)."""
    stems = {Path(str(g.get("article", ""))).stem for g in gold} - {""}
    if not stems:
        return []
    try:  # narrow down in DuckDB, then the exact stem rule on the few candidates
        rows = con.execute("SELECT article_id, source_path FROM raw.articles WHERE source_path IS NOT NULL AND ("
                           + " OR ".join(f"contains(source_path, {sql_text(stem)})" for stem in sorted(stems)) + ")"
                           ).fetchall()
    except duckdb.CatalogException:
        return []
    return sorted({str(a) for a, path in rows if a is not None and Path(str(path)).stem in stems})


@dg.asset_check(
    asset=dg.AssetKey(["curated", "claims"]),
    name="eval_against_seed_gold",
    blocking=False,
    description="Precision/recall/F1 of curated strikes, talks and proposals against seeds/gold (the corpus scoring rules).",
)
def eval_against_seed_gold(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    gold = load_gold(SEED_GOLD_DIR)
    with warehouse.connect(context.op_execution_context.run_id, read_only=True) as con:
        ids = gold_article_ids(con, gold)
        predictions = load_predictions(con, ids) if ids else None
    report = evaluate(gold, predictions) if predictions is not None else None
    if report is None or report.articles_scored == 0:
        return dg.AssetCheckResult(passed=True, severity=dg.AssetCheckSeverity.WARN,
                                   metadata={"articles_scored": 0, "note": "no gold-labelled article in this run"})
    return dg.AssetCheckResult(passed=meets_targets(report), severity=dg.AssetCheckSeverity.WARN,
                               metadata=report_metadata(report))
