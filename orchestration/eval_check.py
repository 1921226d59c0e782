"""The extraction-quality check: curated tables scored against the gold shipped in seeds/gold.

Non-blocking (WARN): scores are a measurement for operators, shown as check metadata in the UI;
they only say something when the run's articles include the gold-labelled seed articles."""

import dagster as dg

from orchestration.paths import SEED_GOLD_DIR
from orchestration.resources import WarehouseResource
from transforms.evaluate import EvalReport, evaluate, load_gold, load_predictions

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


@dg.asset_check(
    asset=dg.AssetKey(["curated", "claims"]),
    name="eval_against_seed_gold",
    blocking=False,
    description="Precision/recall/F1 of curated strikes, talks and proposals against seeds/gold (the corpus scoring rules).",
)
def eval_against_seed_gold(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect(context.op_execution_context.run_id, read_only=True) as con:
        predictions = load_predictions(con)
    gold = load_gold(SEED_GOLD_DIR)
    report = evaluate(gold, predictions)
    if report.articles_scored == 0:
        return dg.AssetCheckResult(passed=True, severity=dg.AssetCheckSeverity.WARN,
                                   metadata={"articles_scored": 0, "note": "no gold-labelled article in this run"})
    return dg.AssetCheckResult(passed=meets_targets(report), severity=dg.AssetCheckSeverity.WARN,
                               metadata=report_metadata(report))
