"""Blocking Dagster asset checks that run the Great Expectations suites in expectations/.

Each check validates the frame of sql/checks/<suite>.sql in the run's working copy of the
warehouse with `orchestration.validation.validate_query`. The checks are blocking with ERROR
severity: when one fails, the assets downstream of the checked asset (including the snapshot
publication) do not run.

A check costs next to nothing when nothing changed: a frame identical to one a passing
validation with the same suite and SQL already saw (curated.validation_log) passes without
importing GX, and its metadata says whose validation it reused and when. Otherwise only rows no
passing validation covered go through GX, streamed in chunks (validation.py explains why that is
sound). GX is imported lazily, only when some rows need validating, never when this module loads.
"""

# No `from __future__ import annotations`: Dagster inspects the check function's real
# annotations (context type, resource parameter).
from collections.abc import Iterable, Mapping
from datetime import date

import dagster as dg

from orchestration.paths import SQL_DIR
from orchestration.resources import WarehouseResource
from orchestration.validation import QueryValidation, SuiteOutcome, load_suite_spec

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


def check_result(outcome: SuiteOutcome, validation: QueryValidation | None = None) -> dg.AssetCheckResult:
    failed = [o for o in outcome.outcomes if not o.success]
    if outcome.success:
        description = f"{outcome.suite}: all {len(outcome.outcomes)} expectations passed on {outcome.evaluated_rows} rows"
    else:
        description = (f"{outcome.suite}: {len(failed)} of {len(outcome.outcomes)} expectations failed, "
                       f"{outcome.failing_row_count} of {outcome.evaluated_rows} rows")
    metadata: dict = {
        "suite": outcome.suite,
        "evaluated_rows": outcome.evaluated_rows,
        "failing_rows": outcome.failing_row_count,
        "expectations": len(outcome.outcomes),
        "failed_expectation_count": len(failed),
        "failed_expectations": dg.MetadataValue.md(failed_expectations_table(outcome)),
        "failing_sample": dg.MetadataValue.md(markdown_table(outcome.failing_sample)),
    }
    if validation is not None:
        metadata["validation_mode"] = validation.mode
        metadata["validated_rows"] = validation.validated_rows
        metadata["frame_fingerprint"] = validation.fingerprint
        if validation.reused_run_id is not None:
            reused_at = f"{validation.reused_at:%Y-%m-%d %H:%M:%S} UTC"
            description += f" (unchanged data: reused the validation of run {validation.reused_run_id} at {reused_at})"
            metadata["reused_validation_of_run"] = validation.reused_run_id
            metadata["reused_validation_at"] = reused_at
    return dg.AssetCheckResult(passed=outcome.success, severity=dg.AssetCheckSeverity.ERROR,
                               description=description, metadata=metadata)


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
        from orchestration.validation import record_validation, validate_query

        # AssetCheckExecutionContext has no `run_id` (Dagster 1.13); the op context has it, also
        # under direct invocation (build_asset_check_context), where it is "EPHEMERAL".
        run_id = context.op_execution_context.run_id
        with warehouse.connect(run_id, read_only=True) as con:
            validation = validate_query(con, sql, suite_name)
        outcome = validation.outcome
        if validation.mode != "reused":
            with warehouse.connect(run_id) as con:
                record_validation(con, sql, validation, run_id=run_id)
        if not outcome.success:
            context.log.error(
                f"{suite_name}: {outcome.failing_row_count} failing rows\n{failed_expectations_table(outcome)}"
            )
        return check_result(outcome, validation)

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
