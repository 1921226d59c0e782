"""reports group: PNG charts of the curated tables, shown in the Dagster UI and written to
`reports/` next to the warehouse file (orchestration/report.py draws them).

Charts are drawn only when what they show changed: `reports/charts.manifest.json` records a
fingerprint of the chart data (plus the drawing code and the matplotlib version) and the sha256
of each PNG. When the fingerprint is the same and every PNG is still there, unchanged, the asset
reuses the files (no matplotlib import, no rendering) and reports the same metadata.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb

from orchestration.assets import curated, marts
from orchestration.resources import WarehouseResource

CHARTS = dg.AssetKey(["reports", "charts"])


@contextmanager
def _read_run_or_published(warehouse: WarehouseResource, run_id: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """The run's working copy when this run built one, else the published snapshot (charts
    materialised on their own, from the UI): never creates a working copy nobody publishes."""
    files = warehouse.files
    if files.workspace(run_id).exists():
        with files.connect(run_id, read_only=True) as con:
            yield con
    else:
        with files.read_published() as con:
            yield con


@dg.asset(key=CHARTS, deps=[curated.STRIKES, curated.TALKS, marts.DAILY_STRIKES], group_name="reports")
def charts(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Strikes per day (drones and missiles launched, interception rate) and the talks timeline
    over daily strike volume, as PNG files in `reports/` beside the warehouse and inline in this
    asset's metadata. Downstream of the curated checks: charts never show data that failed them.
    Not a dependency of the snapshot publication: a chart problem never holds data back.
    Re-drawn only when the chart data changed (or a PNG is missing or was altered)."""
    from orchestration.report import chart_data, chart_fingerprint, charts_from_manifest, render_charts, write_charts

    with _read_run_or_published(warehouse, context.run.run_id) as con:
        data = chart_data(con)
    folder = warehouse.files.published.parent / "reports"
    fingerprint = chart_fingerprint(data)
    rendered = charts_from_manifest(folder, fingerprint)
    drawn = rendered is None
    if drawn:  # matplotlib is imported only here
        rendered = render_charts(data)
        paths = write_charts(rendered, folder, fingerprint=fingerprint)
    else:
        paths = [folder / f"{chart.name}.png" for chart in rendered]
        context.log.info("chart data unchanged: the PNGs in reports/ were reused")
    metadata: dict = {}
    for chart, path in zip(rendered, paths):
        metadata[chart.name] = dg.MetadataValue.md(f"![{chart.title}]({chart.data_uri})")
        metadata[f"{chart.name}_path"] = dg.MetadataValue.path(str(path))
    metadata["reports_dir"] = dg.MetadataValue.path(str(folder))
    metadata["strike_days"] = dg.MetadataValue.int(data.daily["event_date"].n_unique())
    metadata["dated_talks"] = dg.MetadataValue.int(int(data.talks["start_date"].is_not_null().sum()))
    metadata["undated_talks"] = dg.MetadataValue.int(int(data.talks["start_date"].is_null().sum()))
    metadata["charts_redrawn"] = dg.MetadataValue.bool(drawn)
    metadata["chart_data_fingerprint"] = dg.MetadataValue.text(fingerprint)
    return dg.MaterializeResult(metadata=metadata)


REPORT_ASSETS = [charts]
