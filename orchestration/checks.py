"""Blocking Dagster asset checks that run the Great Expectations suites in expectations/.

Each check reads its frame from the run's working copy of the warehouse with
sql/checks/<suite>.sql and validates it with `orchestration.validation.validate_frame`.
The checks are blocking with ERROR severity: when one fails, the assets downstream of the
checked asset (including the snapshot publication) do not run.

GX is imported lazily by `validate_frame`, when a check executes, never when this module loads.
"""

# No `from __future__ import annotations`: Dagster inspects the check function's real
# annotations (context type, resource parameter).
from collections.abc import Iterable, Mapping
from datetime import date

import dagster as dg

from orchestration.paths import SQL_DIR
from orchestration.resources import WarehouseResource
from orchestration.validation import SuiteOutcome, load_suite_spec

CHECK_SQL_DIR = SQL_DIR / "checks"


def _cell(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(rows: Iterable[Mapping[str, object]], columns: list[str] | None = None) -> str:
    rows = list(rows)
    if not rows:
        return "_none_"
    if columns is None:
        columns = []
        for row in rows:
            columns.extend(k for k in row if k not in columns)
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(row.get(c)) if c in row else "" for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def failed_expectations_table(outcome: SuiteOutcome) -> str:
    rows = [
        {
            "expectation": o.expectation,
            "column": o.column,
            "rule": o.description,
            "unexpected": o.unexpected_count,
            "error": o.error or "",
        }
        for o in outcome.outcomes
        if not o.success
    ]
    return markdown_table(rows)


def check_result(outcome: SuiteOutcome) -> dg.AssetCheckResult:
    failed = [o for o in outcome.outcomes if not o.success]
    return dg.AssetCheckResult(
        passed=outcome.success,
        severity=dg.AssetCheckSeverity.ERROR,
        description=(
            f"{outcome.suite}: all {len(outcome.outcomes)} expectations passed on {outcome.evaluated_rows} rows"
            if outcome.success
            else f"{outcome.suite}: {len(failed)} of {len(outcome.outcomes)} expectations failed, "
            f"{outcome.failing_row_count} of {outcome.evaluated_rows} rows"
        ),
        metadata={
            "suite": outcome.suite,
            "evaluated_rows": outcome.evaluated_rows,
            "failing_rows": outcome.failing_row_count,
            "expectations": len(outcome.outcomes),
            "failed_expectation_count": len(failed),
            "failed_expectations": dg.MetadataValue.md(failed_expectations_table(outcome)),
            "failing_sample": dg.MetadataValue.md(markdown_table(outcome.failing_sample)),
        },
    )


def gx_asset_check(asset_key: dg.AssetKey, suite_name: str) -> dg.AssetChecksDefinition:
    """A blocking ERROR-severity check of `asset_key` running expectations/<suite_name>.json
    over the frame of sql/checks/<suite_name>.sql (read from the run's working copy)."""
    spec = load_suite_spec(suite_name)  # fail at definition time on a missing/broken suite file
    sql_path = CHECK_SQL_DIR / f"{suite_name}.sql"
    sql = sql_path.read_text()

    @dg.asset_check(
        asset=asset_key,
        name=f"gx_{suite_name}",
        blocking=True,
        description=(spec.get("meta") or {}).get("description") or f"Great Expectations suite {suite_name}",
        metadata={"suite_file": f"expectations/{suite_name}.json", "sql_file": f"sql/checks/{suite_name}.sql"},
    )
    def _check(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
        from orchestration.validation import validate_frame

        # AssetCheckExecutionContext has no `run_id` (Dagster 1.13); the op context has it, also
        # under direct invocation (build_asset_check_context), where it is "EPHEMERAL".
        frame = warehouse.read_frame(context.op_execution_context.run_id, sql)
        outcome = validate_frame(frame, suite_name)
        if not outcome.success:
            context.log.error(
                f"{suite_name}: {outcome.failing_row_count} failing rows\n{failed_expectations_table(outcome)}"
            )
        return check_result(outcome)

    return _check


CURATED_SUITES = {
    "strikes": "curated_strikes",
    "talks": "curated_talks",
    "proposals": "curated_proposals",
    "claims": "curated_claims",
}

CURATED_CHECKS: list[dg.AssetChecksDefinition] = [
    gx_asset_check(dg.AssetKey(["curated", table]), suite) for table, suite in CURATED_SUITES.items()
]
