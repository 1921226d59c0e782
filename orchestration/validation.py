"""Run a Great Expectations 1.x suite (expectations/<name>.json) over a Polars frame.

GX is validated on a pandas copy of the frame (GX's SQL route through duckdb-engine is
unreliable). GX takes seconds to import, so it is imported lazily, inside the functions that
need it: importing this module (or any orchestration module) never imports GX.

Every call builds its own ephemeral data context, datasource and suite: nothing GX-related is
shared between calls, so one validation cannot leak state into the next. Building them costs a
few milliseconds; the import is paid once per process.

Suite parameters filled in at validation time (use them as `{"$PARAMETER": "<name>"}`):
    today     the validation date (`today` argument, default `date.today()`)
    tomorrow  today + 1 day (upper bound for event dates: a report may be dated ahead of UTC)
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import polars as pl

from orchestration.paths import EXPECTATIONS_DIR

SAMPLE_SIZE = 5
# Keys of expectation kwargs that name a column of the frame.
_COLUMN_KWARGS = ("column", "column_A", "column_B")
_COLUMN_LIST_KWARGS = ("column_list",)


@dataclass
class ExpectationOutcome:
    expectation: str  # GX expectation type, e.g. "expect_column_values_to_be_between"
    column: str | None  # column checked ("a, b" for column-pair expectations)
    success: bool
    unexpected_count: int
    sample: list  # up to 5 failing rows: {id_column: id, <column>: value, ...}
    description: str = ""  # the expectation's human description from the suite JSON
    error: str | None = None  # set when GX raised while evaluating the expectation


@dataclass
class SuiteOutcome:
    suite: str
    success: bool
    evaluated_rows: int
    outcomes: list[ExpectationOutcome]
    failing_row_count: int  # distinct rows violating at least one expectation
    failing_sample: list[dict]  # up to 5 failing rows: id + offending columns + "failed" rule list
    id_column: str | None = None
    failed: list[ExpectationOutcome] = field(default_factory=list)  # the outcomes with success=False
    # Every failing row (not just the sample): its id (or row position) -> the rules it broke.
    failing_rules_by_id: dict = field(default_factory=dict)


def load_suite_spec(name: str) -> dict:
    """The suite JSON expectations/<name>.json (GX 1.x ExpectationSuite form)."""
    path = EXPECTATIONS_DIR / f"{name}.json"
    if not path.is_file():
        raise FileNotFoundError(f"no expectation suite {name!r} at {path}")
    spec = json.loads(path.read_text())
    if spec.get("name") != name:
        raise ValueError(f"{path}: suite name {spec.get('name')!r} does not match the file name {name!r}")
    if not spec.get("expectations"):
        raise ValueError(f"{path}: suite has no expectations")
    return spec


def suite_description(name: str) -> str:
    return str(load_suite_spec(name).get("meta", {}).get("description", ""))


def _columns_of(kwargs: dict) -> list[str]:
    cols = [kwargs[k] for k in _COLUMN_KWARGS if isinstance(kwargs.get(k), str)]
    for key in _COLUMN_LIST_KWARGS:
        cols.extend(kwargs.get(key) or [])
    return cols


def _import_gx():
    """Import GX (slow, first call only) and keep its logging quiet."""
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    import great_expectations as gx

    return gx


def build_suite(spec: dict):
    """A GX ExpectationSuite from its JSON spec. Unlike `ExpectationSuite(**spec)`, which only
    logs and drops an invalid expectation, this raises on any invalid one."""
    _import_gx()
    from great_expectations.core.expectation_suite import ExpectationSuite
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    expectations = []
    for i, exp in enumerate(spec["expectations"]):
        unknown = set(exp) - {"type", "kwargs", "meta", "notes", "description", "id", "severity"}
        if unknown:
            raise ValueError(f"suite {spec['name']!r}, expectation #{i}: unknown keys {sorted(unknown)}")
        config = ExpectationConfiguration(
            type=exp["type"],
            kwargs=dict(exp["kwargs"]),
            meta=exp.get("meta"),
            notes=exp.get("notes"),
            description=exp.get("description"),
        )
        expectations.append(config.to_domain_obj())  # raises on unknown type / bad kwargs
    return ExpectationSuite(name=spec["name"], expectations=expectations, meta=dict(spec.get("meta") or {}))


def _to_pandas(frame: pl.DataFrame):
    """pandas copy GX can compare: DATE columns as Python `date` objects (pandas would turn them
    into datetime64, which GX's between-check cannot compare with date bounds)."""
    import pandas as pd

    pdf = frame.to_pandas()
    for name, dtype in frame.schema.items():
        if dtype == pl.Date:
            pdf[name] = pd.Series(frame[name].to_list(), dtype=object, index=pdf.index)
    return pdf


def _label(outcome: ExpectationOutcome) -> str:
    return outcome.description or f"{outcome.expectation}({outcome.column or ''})"


def validate_frame(frame: pl.DataFrame, suite_name: str, *, today: date | None = None) -> SuiteOutcome:
    """Validate `frame` against expectations/<suite_name>.json and say which rows fail and why."""
    spec = load_suite_spec(suite_name)
    id_column = (spec.get("meta") or {}).get("id_column")
    needed: list[str] = []
    for exp in spec["expectations"]:
        needed.extend(c for c in _columns_of(exp["kwargs"]) if c not in needed)
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(f"suite {suite_name!r} needs columns {missing} the frame lacks (has {frame.columns})")
    if id_column not in frame.columns:
        id_column = None
    keep = ([id_column] if id_column and id_column not in needed else []) + needed
    frame = frame.select(keep)

    today = today or date.today()
    parameters = {"today": today, "tomorrow": today + timedelta(days=1)}

    gx = _import_gx()
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    context = gx.get_context(
        mode="ephemeral",
        project_config=DataContextConfig(
            store_backend_defaults=InMemoryStoreBackendDefaults(),
            analytics_enabled=False,
            progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
        ),
    )
    batch_definition = (
        context.data_sources.add_pandas("peacewatch")
        .add_dataframe_asset(suite_name)
        .add_batch_definition_whole_dataframe("whole_frame")
    )
    suite = context.suites.add(build_suite(spec))
    batch = batch_definition.get_batch(batch_parameters={"dataframe": _to_pandas(frame)})
    # COMPLETE: full unexpected_index_list (row positions of the default RangeIndex), so every
    # failing row can be mapped back to the Polars frame.
    result = batch.validate(
        suite,
        result_format={"result_format": "COMPLETE", "partial_unexpected_count": SAMPLE_SIZE},
        expectation_parameters=parameters,
    )

    # GX lists results in its own order; report them in suite order.
    order = {exp.id: i for i, exp in enumerate(suite.expectations)}
    results = sorted(result.results, key=lambda r: order.get(r.expectation_config.id, len(order)))

    def row_values(i: int, columns: list[str]) -> dict:
        row = {id_column: frame[id_column][i]} if id_column else {"row": i}
        row.update({c: frame[c][i] for c in columns})
        return row

    outcomes: list[ExpectationOutcome] = []
    failing_rows: dict[int, list[ExpectationOutcome]] = {}
    for res in results:
        config = res.expectation_config
        columns = _columns_of(config.kwargs)
        info = res.exception_info or {}
        error = info.get("exception_message") if info.get("raised_exception") else None
        if error is None:  # several metrics: {metric_id: {...}}
            errors = [v.get("exception_message") for v in info.values() if isinstance(v, dict) and v.get("raised_exception")]
            error = "; ".join(str(e) for e in errors) or None
        detail = res.result or {}
        indexes = [i for i in (detail.get("unexpected_index_list") or []) if isinstance(i, int)]
        if indexes:
            sample = [row_values(i, columns) for i in indexes[:SAMPLE_SIZE]]
        else:
            sample = list(detail.get("partial_unexpected_list") or [])[:SAMPLE_SIZE]
        outcome = ExpectationOutcome(
            expectation=config.type,
            column=", ".join(columns) or None,
            success=bool(res.success),
            unexpected_count=int(detail.get("unexpected_count") or 0),
            sample=sample,
            description=config.description or "",
            error=error,
        )
        outcomes.append(outcome)
        if not outcome.success:
            for i in indexes:
                failing_rows.setdefault(i, []).append(outcome)

    failing_sample = []
    for i in sorted(failing_rows)[:SAMPLE_SIZE]:
        offending: list[str] = []
        for outcome in failing_rows[i]:
            offending.extend(c for c in (outcome.column or "").split(", ") if c and c not in offending and c != id_column)
        row = row_values(i, offending)
        row["failed"] = "; ".join(_label(o) for o in failing_rows[i])
        failing_sample.append(row)

    return SuiteOutcome(
        suite=suite_name,
        success=bool(result.success) and all(o.success for o in outcomes),
        evaluated_rows=frame.height,
        outcomes=outcomes,
        failing_row_count=len(failing_rows),
        failing_sample=failing_sample,
        id_column=id_column,
        failed=[o for o in outcomes if not o.success],
        failing_rules_by_id={
            (frame[id_column][i] if id_column else i): [_label(o) for o in rules] for i, rules in failing_rows.items()
        },
    )
