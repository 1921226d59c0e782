"""Charts asset (reports/charts) and `peacewatch report` (self-contained HTML of the published snapshot)."""

from __future__ import annotations

import base64
import re
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from orchestration import report
from orchestration.cli import main
from orchestration.paths import SEED_ARTICLES_DIR
from orchestration.warehouse import apply_ddl
from tests.seed_warehouse import seed_warehouse

PNG = report.PNG_SIGNATURE
DATA_URI = re.compile(r'<img[^>]*\bsrc="data:image/png;base64,([A-Za-z0-9+/=]+)"')


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    """The published seeds warehouse, built once per session by the full pipeline (charts included)."""
    return seed_warehouse(tmp_path_factory)


@pytest.fixture(scope="module")
def charts_alone(seeded):
    """reports/charts materialised on its own, as 'Materialize' on it in the UI does: it reads the
    published snapshot, and creates no working copy (nobody would publish it) nor touches the file."""
    from orchestration.assets.reports import charts
    from orchestration.definitions import resources

    before = (seeded.stat().st_mtime_ns, seeded.stat().st_size)
    result = dg.materialize([charts], resources=resources(str(seeded), str(SEED_ARTICLES_DIR)))
    assert result.success
    assert not list(seeded.parent.glob(f".{seeded.name}.run-*"))
    assert (seeded.stat().st_mtime_ns, seeded.stat().st_size) == before
    return result


def _pngs_in(page: str) -> list[bytes]:
    return [base64.b64decode(encoded) for encoded in DATA_URI.findall(page)]


# --- charts asset -------------------------------------------------------------------------------


def test_pipeline_run_writes_the_charts_beside_the_warehouse(seeded):
    folder = seeded.parent / "reports"
    for name in ("strikes_per_day", "talks_timeline"):
        png = (folder / f"{name}.png").read_bytes()
        assert png.startswith(PNG) and len(png) > 10_000


def test_charts_asset_metadata_shows_the_images_in_the_ui(seeded, charts_alone):
    (materialization,) = [event.step_materialization_data.materialization
                          for event in charts_alone.get_asset_materialization_events()
                          if event.asset_key == dg.AssetKey(["reports", "charts"])]
    meta = materialization.metadata
    for name in ("strikes_per_day", "talks_timeline"):
        markdown = meta[name]
        assert isinstance(markdown, dg.MarkdownMetadataValue)
        (encoded,) = re.findall(r"!\[[^\]]*\]\(data:image/png;base64,([A-Za-z0-9+/=]+)\)", markdown.value)
        assert base64.b64decode(encoded).startswith(PNG)
        path = meta[f"{name}_path"]
        assert isinstance(path, dg.PathMetadataValue)
        assert Path(path.value) == (seeded.parent / "reports" / f"{name}.png").resolve()
        assert Path(path.value).read_bytes() == base64.b64decode(encoded)
    assert meta["strike_days"].value == 1  # one day-dated wave in the seeds (6 Dec 2025)
    assert meta["dated_talks"].value == 3 and meta["undated_talks"].value == 2


def test_daily_fallback_matches_the_mart(seeded):
    """A snapshot published before marts existed is charted from curated.strikes by the same rule."""
    con = duckdb.connect(str(seeded), read_only=True)
    try:
        mart = report.chart_data(con).daily
        fallback = con.execute(report._DAILY_FROM_CURATED).pl()
    finally:
        con.close()
    assert mart.height == fallback.height == 1
    assert mart.to_dicts() == fallback.to_dicts()
    assert mart["drones_launched"].to_list() == [653]


def _frames(daily_rows, talk_rows):
    daily = pl.DataFrame(daily_rows, schema={"event_date": pl.Date, "attacker": pl.String, "drones_launched": pl.Int64,
                                             "missiles_launched": pl.Int64, "interception_rate": pl.Float64}, orient="row")
    talks = pl.DataFrame(talk_rows, schema={"location": pl.String, "start_date": pl.Date, "end_date": pl.Date}, orient="row")
    return daily, talks


def test_charts_cope_with_gaps_several_sides_and_long_spans():
    daily, talks = _frames(
        [(date(2025, 1, 1), "Russia", 400, None, 0.9), (date(2025, 1, 1), "Ukraine", 120, None, None),
         (date(2025, 3, 2), "Russia", None, None, None), (date(2025, 6, 30), "Russia", 50, 12, 0.5)],
        [("Geneva", date(2025, 2, 1), None), ("Istanbul", None, None), ("Riyadh", date(2025, 3, 1), date(2025, 3, 3))])
    for chart in (report.strikes_per_day_chart(daily), report.talks_timeline_chart(daily, talks)):
        assert chart.png.startswith(PNG)
        assert chart.data_uri.startswith("data:image/png;base64,")


def test_empty_tables_give_a_no_data_chart():
    daily, talks = _frames([], [])
    for chart in (report.strikes_per_day_chart(daily), report.talks_timeline_chart(daily, talks)):
        assert chart.png.startswith(PNG)


# --- peacewatch report --------------------------------------------------------------------------


def test_report_is_self_contained_html_with_charts_and_key_tables(seeded, tmp_path, capsys):
    db = seeded
    before = (db.stat().st_mtime_ns, db.stat().st_size)
    out = tmp_path / "out" / "report.html"
    assert main(["report", "--db", str(db), "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    page = out.read_text(encoding="utf-8")

    pngs = _pngs_in(page)
    assert len(pngs) == 2 and all(p.startswith(PNG) and len(p) > 10_000 for p in pngs)
    assert 'id="chart-strikes_per_day"' in page and 'id="chart-talks_timeline"' in page
    # self-contained: nothing fetched from anywhere
    assert not re.search(r'<(script|link)\b|\bsrc="(?!data:)', page)

    section = lambda name: page.split(f'id="{name}"')[1].split("<h2")[0]  # noqa: E731
    waves = section("largest-waves")
    assert "2025-12-06" in waves and ">653<" in waves and ">585<" in waves and ">51<" in waves  # the 6 Dec wave
    talks = section("talks")
    for city in ("Miami", "Paris", "Moscow", "Geneva", "Istanbul"):
        assert city in talks
    assert "Steve Witkoff" in talks and "2025-12-04" in talks
    plans = section("plan-versions")
    assert "28-point plan" in plans and "20-point plan" in plans and ">600,000<" in plans and "personnel" in plans
    assert "0 rows held back" in section("quarantine")
    counts = section("row-counts")
    for table, rows in (("raw.articles", 4), ("curated.strikes", 3), ("curated.talks", 5), ("curated.proposals", 2)):
        assert f"<td>{table}</td><td class=\"num\">{rows}</td>" in counts
    assert "marts.daily_strikes" in counts
    # read-only: the published snapshot is untouched and no working copy appeared
    assert (db.stat().st_mtime_ns, db.stat().st_size) == before
    assert not list(db.parent.glob(f".{db.name}.run-*"))


def test_report_on_an_empty_warehouse_says_no_data(tmp_path):
    """A published warehouse with no rows (and no marts yet): the page still renders."""
    db = tmp_path / "empty.duckdb"
    con = duckdb.connect(str(db))
    apply_ddl(con)
    con.close()
    out = tmp_path / "report.html"
    assert main(["report", "--db", str(db), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert len(_pngs_in(page)) == 2
    assert "no wave with a launch figure" in page and "no talks" in page and "no plan versions" in page
    assert "0 rows held back" in page


def test_report_without_a_warehouse_fails_clearly(tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["report", "--db", str(tmp_path / "missing.duckdb"), "--out", str(out)]) == 2
    assert "no warehouse at" in capsys.readouterr().err
    assert not out.exists()


# --- charts are drawn only when their data changed ------------------------------------------------


def _materialize_charts(db: Path) -> dict:
    from orchestration.assets.reports import charts
    from orchestration.definitions import resources

    result = dg.materialize([charts], resources=resources(str(db), str(SEED_ARTICLES_DIR)))
    assert result.success
    (event,) = result.get_asset_materialization_events()
    return event.step_materialization_data.materialization.metadata


def _add_strike(db: Path, strike_id: str, day: date, drones: int) -> None:
    con = duckdb.connect(str(db))
    con.execute("""INSERT INTO curated.strikes (strike_id, event_date, date_precision, attacker, drones_launched,
                       drones_intercepted, source_count, article_ids)
                   VALUES (?, ?, 'day', 'Russia', ?, ?, 1, ['a1'])""", [strike_id, day, drones, drones // 2])
    con.close()


def test_charts_are_redrawn_only_when_their_data_changed(tmp_path, monkeypatch):
    db = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(db))
    apply_ddl(con)
    con.close()
    _add_strike(db, "s1", date(2025, 5, 20), 100)
    folder = tmp_path / "reports"

    first = _materialize_charts(db)
    assert first["charts_redrawn"].value is True
    pngs = {name: (folder / f"{name}.png").read_bytes() for name in ("strikes_per_day", "talks_timeline")}

    # unchanged data: no drawing at all, the same metadata and images from the files
    monkeypatch.setattr(report, "render_charts", lambda data: pytest.fail("charts drawn for unchanged data"))
    second = _materialize_charts(db)
    assert second["charts_redrawn"].value is False
    assert set(second) == set(first)
    for key in first:
        if key != "charts_redrawn":
            assert second[key] == first[key], key
    for name, png in pngs.items():
        assert (folder / f"{name}.png").read_bytes() == png
    monkeypatch.undo()

    # new data: drawn again, and the new images differ
    _add_strike(db, "s2", date(2025, 5, 21), 300)
    third = _materialize_charts(db)
    assert third["charts_redrawn"].value is True
    assert third["strike_days"].value == 2
    assert (folder / "strikes_per_day.png").read_bytes() != pngs["strikes_per_day"]
    assert third["chart_data_fingerprint"] != first["chart_data_fingerprint"]

    # a PNG removed or altered since: drawn again even though the data is the same
    (folder / "talks_timeline.png").unlink()
    assert _materialize_charts(db)["charts_redrawn"].value is True
    (folder / "strikes_per_day.png").write_bytes(PNG + b"not the chart")
    assert _materialize_charts(db)["charts_redrawn"].value is True
    assert _materialize_charts(db)["charts_redrawn"].value is False
