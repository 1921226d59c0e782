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

Blocking checks: `validate_query` and `record_validation`
---------------------------------------------------------
A blocking check validates the result of its SQL (sql/checks/<suite>.sql) in the run's working
copy. `validate_query` avoids GX work that cannot change the answer:

1. Reuse. The check's frame is fingerprinted in DuckDB (row count, sum and xor of the 64-bit
   `hash()` of every row: one scan, no row leaves DuckDB). `curated.validation_log` records
   every validation with its *rules key*: sha256 of the suite JSON, of the check SQL, of the
   GX version, VALIDATOR_VERSION and the suite parameters whose value matters. A frame whose
   fingerprint a *passing* validation with the same rules key already recorded passes without
   GX (not even imported); the check says which run's validation it reused and when. A failing
   validation is logged too but never reused.
2. Incremental. When every expectation of the suite is row-wise (its verdict on a row depends
   only on that row: ROW_WISE_EXPECTATIONS without `mostly`) or is a uniqueness expectation,
   `curated.validated_rows` keeps the row hashes that passed under the rules key, and only rows
   not among them are read and validated by GX. Uniqueness is decided in DuckDB over the whole
   frame (a non-NULL value that occurs more than once), never on a part of it, exactly as GX
   decides it on the whole frame; rows with a duplicated value are always re-validated.
3. Chunked. The rows to validate are streamed from DuckDB CHUNK_ROWS at a time; each chunk is
   validated and dropped, so memory depends on the chunk, not on the table (GX works on a
   pandas copy, several times the Arrow size of the frame).
Any other suite (a table-level expectation, `mostly`) is validated in full, in one piece.

Parameters: `today` and `tomorrow` used only as a `max_value` are upper bounds that only grow,
so a row or frame that passed on an earlier day still passes; they are left out of the rules
key, and nothing validated on a later day than `today` is reused (a clock set back). Any other
use of a parameter puts its value in the rules key.

Soundness rests on the 64-bit row hash: a changed row is taken for a validated one only if its
hash equals one of the covered hashes (about n_new * n_covered / 2**64: ~3e-9 for 23k new rows
against 2.3M covered), and a changed frame passes for a validated one only if count, sum and
xor of its row hashes all match. `record_validation` logs every validation and, for a passing
incremental one, the hashes of the rows GX validated: facts about the data that was validated,
whatever the tables hold by then. A failing validation adds no hash.

Cost, curated.claims at 2.3M rows (the 10k-article claims x 10, bench/checks_scale.py): the old
one-piece validation read and validated the frame at 2.5 GB peak RSS; the first (full, chunked)
validation peaks at ~0.9 GB, an unchanged frame costs one fingerprint scan (0.1-0.4 s, no GX),
and +1 % new claims cost the scan for uncovered and duplicated rows (~1 s CPU) plus GX on the
new rows only (and the GX import, ~3.5 s, when the process has not paid it yet).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import logging
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

import duckdb
import polars as pl

from orchestration.paths import EXPECTATIONS_DIR, SQL_DIR
from transforms.sql_literals import sql_text

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


def _import_gx_quietly() -> None:
    try:
        _import_gx()
    except Exception:  # the import that needs GX raises it again, with its real context
        logging.getLogger(__name__).debug("background GX import failed", exc_info=True)


@functools.cache
def preload_gx() -> threading.Thread:
    """Start importing GX (about 7.5 s, nearly all Python) in a background thread, once per
    process. Ingest calls it when files need reading: in process, the import then overlaps the
    copy of the warehouse into the run's working copy (kernel time, the GIL released), which
    the run's validation would otherwise wait for afterwards. A later `import` of GX waits for
    this one to finish (Python's per-module import lock)."""
    thread = threading.Thread(target=_import_gx_quietly, name="peacewatch-gx-preload", daemon=True)
    thread.start()
    return thread


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


def _needed_columns(spec: dict) -> list[str]:
    needed: list[str] = []
    for exp in spec["expectations"]:
        needed.extend(c for c in _columns_of(exp["kwargs"]) if c not in needed)
    return needed


def _parameters(today: date | None) -> dict:
    today = today or date.today()
    return {"today": today, "tomorrow": today + timedelta(days=1)}


class _Collector:
    """Per-expectation results and failing rows gathered over one or more chunks of a frame.

    A row is identified by (chunk number, position in the chunk), so a frame validated in chunks
    reports exactly what one validation of the whole frame reports: counts are summed, the
    samples are the first failing rows in frame order, and every failing row keeps its rules."""

    def __init__(self, spec: dict, id_column: str | None) -> None:
        self.spec, self.id_column = spec, id_column
        n = len(spec["expectations"])
        self.success, self.counts = [True] * n, [0] * n
        self.errors: list[list[str]] = [[] for _ in range(n)]
        self.samples: list[list[tuple[tuple[int, int], dict]]] = [[] for _ in range(n)]
        self.failing: dict[tuple[int, int], list[int]] = {}  # row -> indexes of the expectations it broke
        self.failing_ids: dict = {}  # id (or row number) -> indexes of the expectations it broke
        self.sample_rows: dict[tuple[int, int], dict] = {}  # the first SAMPLE_SIZE failing rows: their values
        self.chunk_failing: list[int] = []  # failing row positions in the current chunk
        self.rows = 0

    def _row(self, chunk: pl.DataFrame, i: int, columns: list[str]) -> dict:
        row = {self.id_column: chunk[self.id_column][i]} if self.id_column else {"row": self.rows + i}
        row.update({c: chunk[c][i] for c in columns})
        return row

    def add(self, chunk_no: int, chunk: pl.DataFrame, index: int, success: bool, unexpected_count: int,
            indexes: list[int], partial: list, error: str | None) -> None:
        """One expectation's result on one chunk (`indexes`: failing row positions in the chunk)."""
        columns = _columns_of(self.spec["expectations"][index]["kwargs"])
        self.success[index] = self.success[index] and success
        self.counts[index] += unexpected_count
        if error:
            self.errors[index].append(error)
        sample = self.samples[index]
        if indexes:
            sample.extend(((chunk_no, i), self._row(chunk, i, columns)) for i in sorted(indexes)[:SAMPLE_SIZE])
        else:
            sample.extend(((chunk_no, 0), row) for row in partial)
        sample.sort(key=lambda item: item[0])
        del sample[SAMPLE_SIZE:]
        for i in indexes:
            if (chunk_no, i) not in self.failing:
                self.chunk_failing.append(i)
            self.failing.setdefault((chunk_no, i), []).append(index)
            key = chunk[self.id_column][i] if self.id_column else self.rows + i
            rules = self.failing_ids.setdefault(key, [])
            if index not in rules:
                rules.append(index)

    def end_chunk(self, chunk_no: int, chunk: pl.DataFrame) -> None:
        """Keep the values of the first SAMPLE_SIZE failing rows (the failing sample) and move on."""
        for i in sorted(self.chunk_failing)[:SAMPLE_SIZE]:
            self.sample_rows[(chunk_no, i)] = self._row(chunk, i, [c for c in chunk.columns if c != self.id_column])
        for key in sorted(self.sample_rows)[SAMPLE_SIZE:]:
            del self.sample_rows[key]
        self.chunk_failing = []
        self.rows += chunk.height

    def outcome(self, suite_name: str) -> SuiteOutcome:
        outcomes = []
        for i, exp in enumerate(self.spec["expectations"]):
            columns = _columns_of(exp["kwargs"])
            outcomes.append(ExpectationOutcome(
                expectation=exp["type"], column=", ".join(columns) or None, success=self.success[i],
                unexpected_count=self.counts[i], sample=[row for _, row in self.samples[i]],
                description=exp.get("description") or "", error="; ".join(self.errors[i]) or None))
        failing_sample = []
        for key in sorted(self.sample_rows)[:SAMPLE_SIZE]:
            values, broken = self.sample_rows[key], [outcomes[i] for i in sorted(self.failing[key])]
            offending: list[str] = []
            for o in broken:
                offending.extend(c for c in (o.column or "").split(", ") if c and c not in offending and c != self.id_column)
            row = {k: values[k] for k in ([self.id_column] if self.id_column else ["row"])}
            row.update({c: values[c] for c in offending})
            row["failed"] = "; ".join(_label(o) for o in broken)
            failing_sample.append(row)
        return SuiteOutcome(
            suite=suite_name,
            success=all(o.success for o in outcomes),
            evaluated_rows=self.rows,
            outcomes=outcomes,
            failing_row_count=len(self.failing),
            failing_sample=failing_sample,
            id_column=self.id_column,
            failed=[o for o in outcomes if not o.success],
            failing_rules_by_id={k: [_label(outcomes[i]) for i in sorted(v)] for k, v in self.failing_ids.items()},
        )


def _validate_chunk(collector: _Collector, chunk_no: int, chunk: pl.DataFrame, indexes: list[int],
                    parameters: dict) -> None:
    """Run the suite's expectations number `indexes` with GX on `chunk` and collect the results."""
    gx = _import_gx()
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    spec = collector.spec
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
        .add_dataframe_asset(spec["name"])
        .add_batch_definition_whole_dataframe("whole_frame")
    )
    suite = context.suites.add(build_suite({**spec, "expectations": [spec["expectations"][i] for i in indexes]}))
    batch = batch_definition.get_batch(batch_parameters={"dataframe": _to_pandas(chunk)})
    # COMPLETE: full unexpected_index_list (row positions of the default RangeIndex), so every
    # failing row can be mapped back to the Polars frame.
    result = batch.validate(
        suite,
        result_format={"result_format": "COMPLETE", "partial_unexpected_count": SAMPLE_SIZE},
        expectation_parameters=parameters,
    )
    position = {exp.id: i for i, exp in enumerate(suite.expectations)}  # GX's order is its own
    for res in result.results:
        index = indexes[position[res.expectation_config.id]]
        info = res.exception_info or {}
        error = info.get("exception_message") if info.get("raised_exception") else None
        if error is None:  # several metrics: {metric_id: {...}}
            errors = [v.get("exception_message") for v in info.values() if isinstance(v, dict) and v.get("raised_exception")]
            error = "; ".join(str(e) for e in errors) or None
        detail = res.result or {}
        collector.add(chunk_no, chunk, index, bool(res.success), int(detail.get("unexpected_count") or 0),
                      [i for i in (detail.get("unexpected_index_list") or []) if isinstance(i, int)],
                      list(detail.get("partial_unexpected_list") or [])[:SAMPLE_SIZE], error)


def _prepare(frame_columns: list[str], spec: dict) -> tuple[str | None, list[str]]:
    """(id column or None, columns to validate) of a frame; raises when the suite needs a missing column."""
    needed = _needed_columns(spec)
    missing = [c for c in needed if c not in frame_columns]
    if missing:
        raise ValueError(f"suite {spec['name']!r} needs columns {missing} the frame lacks (has {frame_columns})")
    id_column = (spec.get("meta") or {}).get("id_column")
    if id_column not in frame_columns:
        id_column = None
    return id_column, ([id_column] if id_column and id_column not in needed else []) + needed


def validate_frame(frame: pl.DataFrame, suite_name: str, *, today: date | None = None) -> SuiteOutcome:
    """Validate `frame` against expectations/<suite_name>.json and say which rows fail and why."""
    spec = load_suite_spec(suite_name)
    id_column, keep = _prepare(frame.columns, spec)
    frame = frame.select(keep)
    collector = _Collector(spec, id_column)
    _validate_chunk(collector, 0, frame, list(range(len(spec["expectations"]))), _parameters(today))
    collector.end_chunk(0, frame)
    return collector.outcome(suite_name)


# ---------------------------------------------------------------------------------------------
# Validating a check's SQL result (see the module docstring): ledger, incremental, chunked

VALIDATOR_VERSION = "2026-11-23.1"  # bump when what a validation means changes (this module's logic)
CHUNK_ROWS = 100_000
ROW_WISE_EXPECTATIONS = frozenset({
    "expect_column_values_to_not_be_null",
    "expect_column_values_to_be_null",
    "expect_column_values_to_be_between",
    "expect_column_values_to_be_in_set",
    "expect_column_values_to_not_be_in_set",
    "expect_column_value_lengths_to_be_between",
    "expect_column_value_lengths_to_equal",
    "expect_column_values_to_match_regex",
    "expect_column_values_to_not_match_regex",
    "expect_column_pair_values_a_to_be_greater_than_b",
    "expect_column_pair_values_to_be_equal",
})
UNIQUE_EXPECTATION = "expect_column_values_to_be_unique"
_GROWING_UPPER_BOUNDS = ("today", "tomorrow")
_LEDGER_DDL = ("validation_log.sql", "validated_rows.sql")


@dataclass
class QueryValidation:
    """A check's validation: its outcome and how it was obtained."""

    outcome: SuiteOutcome
    fingerprint: str  # of the whole frame
    rules_key: str
    mode: str  # "reused" (no GX), "incremental" (rows not validated before), "full"
    validated_rows: int  # rows GX looked at in this run (0 when reused)
    reused_run_id: str | None = None
    reused_at: datetime | None = None
    row_hashes: pl.Series | None = None  # hashes of the rows GX validated (incremental mode)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _frame_sql(sql: str) -> str:
    return sql.strip().rstrip(";")


def rules_key(suite_name: str, sql: str, today: date | None = None) -> str:
    """What a validation's verdict depends on besides the data (see the section comment)."""
    spec_text = (EXPECTATIONS_DIR / f"{suite_name}.json").read_text()
    spec = json.loads(spec_text)
    values = _parameters(today)
    used = set()
    for exp in spec["expectations"]:
        for key, value in exp["kwargs"].items():
            if isinstance(value, dict) and "$PARAMETER" in value:
                name = value["$PARAMETER"]
                if not (key == "max_value" and name in _GROWING_UPPER_BOUNDS):
                    used.add(f"{name}={values.get(name)}")
    try:
        gx_version = importlib.metadata.version("great_expectations")
    except importlib.metadata.PackageNotFoundError:
        gx_version = "?"
    return _sha256(json.dumps([_sha256(spec_text), _sha256(_frame_sql(sql)), gx_version, VALIDATOR_VERSION,
                               sorted(used)]))


def incremental_plan(spec: dict) -> list[int] | None:
    """Indexes of the uniqueness expectations when the suite can be validated row by row (every
    other expectation row-wise), else None."""
    unique = []
    for i, exp in enumerate(spec["expectations"]):
        if "mostly" in exp["kwargs"]:
            return None
        if exp["type"] == UNIQUE_EXPECTATION and isinstance(exp["kwargs"].get("column"), str):
            unique.append(i)
        elif exp["type"] not in ROW_WISE_EXPECTATIONS:
            return None
    return unique


def frame_fingerprint(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    """Content fingerprint of the frame `sql` returns, independent of row order."""
    count, total, xor = con.execute(
        f"SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0), coalesce(bit_xor(hash(t)), 0) FROM ({_frame_sql(sql)}) t"
    ).fetchone()
    return f"{count}:{total}:{xor}"


def _ledger_rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    try:
        return con.execute(sql, params).fetchall() if params else con.execute(sql).fetchall()
    except duckdb.CatalogException:  # a warehouse from before the ledger existed
        return []


def validate_query(con: duckdb.DuckDBPyConnection, sql: str, suite_name: str, *,
                   today: date | None = None) -> QueryValidation:
    """Validate the frame `sql` returns on `con` (read-only is enough) against the suite, reusing
    the ledger where that cannot change the verdict. Record the result with `record_validation`."""
    spec = load_suite_spec(suite_name)
    today = today or date.today()
    key = rules_key(suite_name, sql, today)
    fingerprint = frame_fingerprint(con, sql)
    row_count = int(fingerprint.split(":")[0])
    # values inlined: this query runs on every run, and parameters would make DuckDB import pandas
    hit = _ledger_rows(con, f"""SELECT run_id, validated_at FROM curated.validation_log
                               WHERE suite = {sql_text(suite_name)} AND rules_key = {sql_text(key)}
                                 AND frame_fingerprint = {sql_text(fingerprint)} AND passed
                                 AND validated_on <= DATE {sql_text(today.isoformat())}
                               ORDER BY validated_at DESC LIMIT 1""")
    if hit:
        outcome = _Collector(spec, None).outcome(suite_name)
        outcome.evaluated_rows = row_count
        outcome.id_column = (spec.get("meta") or {}).get("id_column")
        return QueryValidation(outcome, fingerprint, key, "reused", 0, hit[0][0], hit[0][1])

    unique = incremental_plan(spec)
    if unique is None:
        outcome = validate_frame(con.execute(sql).pl(), suite_name, today=today)
        return QueryValidation(outcome, fingerprint, key, "full", outcome.evaluated_rows)

    # Rows not covered by a passing validation under this rules key, plus every row holding a
    # duplicated value of a unique column (decided over the whole frame).
    later = _ledger_rows(con, "SELECT 1 FROM curated.validation_log WHERE suite = ? AND rules_key = ? "
                              "AND validated_on > ? LIMIT 1", [suite_name, key, today])
    covered = bool(_ledger_rows(con, "SELECT 1 FROM curated.validated_rows WHERE suite = ? AND rules_key = ? LIMIT 1",
                                [suite_name, key])) and not later
    frame_sql = _frame_sql(sql)
    columns = [spec["expectations"][i]["kwargs"]["column"] for i in unique]
    # One streaming pass over the frame (no CTE: DuckDB would materialise it); the duplicated
    # values are found by a second scan that reads the unique column only.
    flags = "".join(f', "{c}" IN (SELECT "{c}" FROM ({frame_sql}) WHERE "{c}" IS NOT NULL GROUP BY 1 '
                    f'HAVING count(*) > 1) AS __pw_dup{n}' for n, c in enumerate(columns))
    keep = (["__pw_hash NOT IN (SELECT row_hash FROM curated.validated_rows WHERE suite = ? AND rules_key = ?)"]
            if covered else ["true"]) + [f"__pw_dup{n}" for n in range(len(columns))]
    query = (f"SELECT * FROM (SELECT t.*, hash(t) AS __pw_hash{flags} FROM ({frame_sql}) t) "
             f"WHERE {' OR '.join(keep)}")
    reader = con.execute(query, [suite_name, key] if covered else []).to_arrow_reader(CHUNK_ROWS)

    row_wise = [i for i in range(len(spec["expectations"])) if i not in unique]
    parameters = _parameters(today)
    import numpy as np  # with pandas, as GX will be (not on the path of a reused validation)

    collector, hashes = None, []
    for chunk_no, batch in enumerate(reader):
        chunk = pl.from_arrow(batch)
        if chunk.height == 0:
            continue
        # a copy: a column of an Arrow batch from DuckDB keeps the whole batch (evidence and all) alive
        hashes.append(chunk["__pw_hash"].to_numpy().copy())
        if collector is None:
            id_column, keep_columns = _prepare([c for c in chunk.columns if not c.startswith("__pw_")], spec)
            collector = _Collector(spec, id_column)
        frame = chunk.select(keep_columns)
        if row_wise:
            _validate_chunk(collector, chunk_no, frame, row_wise, parameters)
        for n, index in enumerate(unique):
            failing = chunk[f"__pw_dup{n}"].arg_true().to_list()
            collector.add(chunk_no, frame, index, not failing, len(failing), failing, [], None)
        collector.end_chunk(chunk_no, frame)
    if collector is None:  # nothing to validate: every row passed before, no duplicate
        collector = _Collector(spec, None)
    validated = collector.rows
    outcome = collector.outcome(suite_name)
    outcome.evaluated_rows = row_count
    outcome.id_column = outcome.id_column or (spec.get("meta") or {}).get("id_column")
    return QueryValidation(outcome, fingerprint, key, "incremental", validated,
                           row_hashes=pl.Series("row_hash", np.concatenate(hashes) if hashes else [], pl.UInt64))


def record_validation(con: duckdb.DuckDBPyConnection, sql: str, validation: QueryValidation, *, run_id: str,
                      today: date | None = None) -> bool:
    """Log `validation` in curated.validation_log and, for a passing incremental one, add the
    hashes of the rows it validated to curated.validated_rows. Both are facts about the data
    that was validated, whatever the tables hold now (new data has another fingerprint and new
    rows other hashes). `sql` is the frame's query, used to forget hashes of rows long gone.
    Records nothing for a reused validation; returns whether it recorded."""
    if validation.mode == "reused":
        return False
    for ddl in _LEDGER_DDL:
        con.execute((SQL_DIR / "curated" / ddl).read_text())
    outcome, suite, key = validation.outcome, validation.outcome.suite, validation.rules_key
    con.execute("BEGIN")
    try:
        con.execute(
            "INSERT INTO curated.validation_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [suite, key, validation.fingerprint, outcome.evaluated_rows, validation.validated_rows,
             validation.mode, outcome.success, outcome.failing_row_count, today or date.today(), run_id,
             datetime.now(timezone.utc).replace(tzinfo=None)])
        if outcome.success and validation.mode == "incremental":
            con.execute("DELETE FROM curated.validated_rows WHERE suite = ? AND rules_key <> ?", [suite, key])
            con.register("__pw_validated", pl.DataFrame({"row_hash": validation.row_hashes}))
            try:
                con.execute("""INSERT INTO curated.validated_rows
                               SELECT ?, ?, row_hash FROM __pw_validated
                               WHERE row_hash NOT IN (SELECT row_hash FROM curated.validated_rows
                                                      WHERE suite = ? AND rules_key = ?)""", [suite, key, suite, key])
            finally:
                con.unregister("__pw_validated")
            (covered,) = con.execute("SELECT count(*) FROM curated.validated_rows WHERE suite = ?", [suite]).fetchone()
            if covered > 2 * outcome.evaluated_rows + 10_000:  # mostly rows long gone: keep the frame's
                con.execute(f"""DELETE FROM curated.validated_rows WHERE suite = ?
                                AND row_hash NOT IN (SELECT hash(t) FROM ({_frame_sql(sql)}) t)""", [suite])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return True
