"""parsed._frame: report rows (dicts) become frames of the table's schema exactly as when each
dict was first narrowed to the schema's keys: missing keys are null, other keys are ignored, and
values are cast the same way."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from transforms.parsed_batches import REPORT_SCHEMAS, report_frame

CLAIM = {
    "article_id": "a1", "fact_table": "strikes", "report_key": "strike:1", "field": "killed", "value": "3",
    "value_num": 3, "qualifier": None, "low": 2.5, "high": None, "claimant": "Ukraine", "sentence_idx": 4,
    "char_start": 10, "char_end": 12, "evidence": "Three were killed.",
}
ROWS = {
    "parsed.report_claims": [CLAIM, {**CLAIM, "value_num": 1.5, "extra": object()}, {"article_id": "a2"}],
    "parsed.proposal_reports": [
        {"article_id": "a1", "report_key": "proposal:28", "name": "28-point plan", "point_count": 28,
         "sponsors": ["United States"], "status": "proposed", "reported_on": date(2025, 11, 21)},
        {"article_id": "a2", "report_key": "proposal:20", "sponsors": [], "reported_on": None},
    ],
    "parsed.strike_reports": [{"article_id": "a1", "report_key": "strike:1", "weapons": ["shahed"], "killed": 2}],
    "parsed.talk_reports": [],
}


@pytest.mark.parametrize("table", list(REPORT_SCHEMAS))
def test_frame_equals_narrowed_dicts(table):
    schema = REPORT_SCHEMAS[table]
    rows = ROWS[table]
    expected = pl.DataFrame([{k: r.get(k) for k in schema} for r in rows], schema=schema)
    got = report_frame(table, rows)
    assert got.schema == expected.schema
    assert got.rows() == expected.rows()
