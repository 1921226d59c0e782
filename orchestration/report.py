"""Charts and the self-contained HTML report of the warehouse.

Two PNG charts, drawn with matplotlib's Agg renderer (no display, no pyplot global state):
- strikes per day: drones and missiles launched as bars, the interception rate as a line on a
  second axis (one line per attacking side: the rate says how much of *its* attack was downed);
- the talks timeline: each dated meeting as a shaded span labelled with its city, over the
  daily strike volume (drones + missiles launched).

Both read `marts.daily_strikes` (falling back to `curated.strikes` on a snapshot published before
the marts existed) and `curated.talks`. An empty table gives a chart that says "no data".

`peacewatch report` writes one HTML file with the charts embedded as base64 PNG and the key
tables (row counts, largest waves, talks, plan versions with troop caps, quarantine), read from
the published snapshot only (read-only), so it never waits for or disturbs a run.

The `reports/charts` asset re-draws the PNGs only when `chart_fingerprint` of their data changed
(`write_charts` leaves a manifest beside them, `charts_from_manifest` reads it back).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import importlib.metadata
import io
import json
import math
import os
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import duckdb
import polars as pl

from transforms.sql_literals import sql_text

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DRONE_COLOR, MISSILE_COLOR, RATE_COLOR, VOLUME_COLOR = "#4c72b0", "#dd8452", "#2a9d5c", "#9aa5b1"
MAX_LABELLED_DAYS = 31  # bars carry their figure up to a month of days


# ---------------------------------------------------------------------------------------------
# data


def table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    schema, name = table.split(".")
    (found,) = con.execute(  # no parameters: they make DuckDB import pandas (seconds)
        f"SELECT count(*) FROM duckdb_tables() WHERE schema_name = {sql_text(schema)} AND table_name = {sql_text(name)}"
    ).fetchone()
    return bool(found)


# Same rule as sql/marts/daily_strikes.sql: a rate only uses waves reporting both launched (> 0)
# and intercepted. Used only on snapshots published before marts.daily_strikes existed.
_DAILY_FROM_CURATED = """
SELECT
    event_date,
    attacker,
    sum(drones_launched)::BIGINT   AS drones_launched,
    sum(missiles_launched)::BIGINT AS missiles_launched,
    (coalesce(sum(drones_intercepted) FILTER (WHERE drones_launched > 0 AND drones_intercepted IS NOT NULL), 0)
     + coalesce(sum(missiles_intercepted) FILTER (WHERE missiles_launched > 0 AND missiles_intercepted IS NOT NULL), 0))
    / nullif(coalesce(sum(drones_launched) FILTER (WHERE drones_launched > 0 AND drones_intercepted IS NOT NULL), 0)
             + coalesce(sum(missiles_launched) FILTER (WHERE missiles_launched > 0 AND missiles_intercepted IS NOT NULL), 0), 0)
        ::DOUBLE                   AS interception_rate
FROM curated.strikes
WHERE event_date IS NOT NULL
GROUP BY event_date, attacker
ORDER BY event_date, attacker
"""


@dataclass(frozen=True)
class ChartData:
    daily: pl.DataFrame  # event_date, attacker, drones_launched, missiles_launched, interception_rate
    talks: pl.DataFrame  # location, start_date, end_date (start_date NULL = undated)


def chart_data(con: duckdb.DuckDBPyConnection) -> ChartData:
    if table_exists(con, "marts.daily_strikes"):
        daily = con.execute("""SELECT event_date, attacker, drones_launched, missiles_launched, interception_rate
                               FROM marts.daily_strikes ORDER BY event_date, attacker""").pl()
    else:
        daily = con.execute(_DAILY_FROM_CURATED).pl()
    talks = con.execute("""SELECT location, start_date, coalesce(end_date, start_date) AS end_date
                           FROM curated.talks ORDER BY start_date NULLS LAST, location""").pl()
    return ChartData(daily, talks)


# ---------------------------------------------------------------------------------------------
# charts


@dataclass(frozen=True)
class Chart:
    name: str  # file stem and metadata key
    title: str
    png: bytes

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def _nan(value) -> float:
    return math.nan if value is None else float(value)


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    # No timestamp in the file: the same data gives the same bytes.
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _new_figure():
    from matplotlib.figure import Figure  # Agg via Figure.savefig: no pyplot, no display needed

    fig = Figure(figsize=(10, 4.6), dpi=100, layout="constrained")
    return fig, fig.add_subplot()


def _no_data(fig, ax, title: str, message: str) -> bytes:
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=14, color="#666666", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])
    return _png(fig)


def _date_axis(ax, first: date, last: date) -> None:
    import matplotlib.dates as mdates

    span = (last - first).days
    ax.set_xlim(mdates.date2num(first - timedelta(days=1)), mdates.date2num(last + timedelta(days=1)))
    if span <= 62:  # daily data: whole days only, never hours
        ax.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, math.ceil((span + 2) / 12))))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%Y"))
    else:
        locator = mdates.AutoDateLocator(minticks=4, maxticks=12)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def strikes_per_day_chart(daily: pl.DataFrame) -> Chart:
    import matplotlib.dates as mdates
    from matplotlib.ticker import PercentFormatter

    title = "Strikes per day: drones and missiles launched, interception rate"
    fig, ax = _new_figure()
    dated = daily.filter(pl.col("event_date").is_not_null())
    if dated.is_empty():
        return Chart("strikes_per_day", title, _no_data(fig, ax, title, "no data: no day-dated strikes"))

    totals = (dated.group_by("event_date")
              .agg(pl.col("drones_launched").sum().alias("drones"), pl.col("missiles_launched").sum().alias("missiles"),
                   pl.col("drones_launched").is_not_null().any().alias("has_drones"),
                   pl.col("missiles_launched").is_not_null().any().alias("has_missiles"))
              .sort("event_date"))
    days = totals["event_date"].to_list()
    x = mdates.date2num(days)
    drones = [d if has else math.nan for d, has in zip(totals["drones"].to_list(), totals["has_drones"].to_list())]
    missiles = [m if has else math.nan for m, has in zip(totals["missiles"].to_list(), totals["has_missiles"].to_list())]
    width = 0.38
    for offset, values, color, label in ((-width / 2, drones, DRONE_COLOR, "drones launched"),
                                         (width / 2, missiles, MISSILE_COLOR, "missiles launched")):
        bars = ax.bar(x + offset, [_nan(v) for v in values], width, color=color, label=label)
        if len(days) <= MAX_LABELLED_DAYS:  # beyond, the labels overlap and only cost drawing time
            ax.bar_label(bars, labels=["" if math.isnan(_nan(v)) else f"{int(v):,}" for v in values],
                         fontsize=8, padding=2)
    ax.set_ylabel("launched per day")
    ax.set_ylim(0, max([_nan(v) for v in drones + missiles if not math.isnan(_nan(v))] or [1]) * 1.12)
    ax.grid(axis="y", alpha=0.3)

    rate_axis = ax.twinx()
    rates = dated.filter(pl.col("interception_rate").is_not_null())
    for attacker in rates["attacker"].unique(maintain_order=True).to_list():
        side = dated.filter(pl.col("attacker") == attacker).sort("event_date")
        side_x = mdates.date2num(side["event_date"].to_list())
        side_rates = [_nan(r) * 100 for r in side["interception_rate"].to_list()]
        rate_axis.plot(side_x, side_rates, color=RATE_COLOR, marker="o", linewidth=2,
                       linestyle="-" if attacker == "Russia" else "--",
                       label=f"interception rate ({attacker}'s attacks)")
        if len(side_x) <= 12:  # label the points while they are few enough to read
            for xi, rate in zip(side_x, side_rates):
                if not math.isnan(rate):
                    rate_axis.annotate(f"{rate:.0f}%", (xi, rate), textcoords="offset points", xytext=(7, 0),
                                       ha="left", va="center", fontsize=9, color=RATE_COLOR, fontweight="bold")
    rate_axis.set_ylim(0, 105)
    rate_axis.yaxis.set_major_formatter(PercentFormatter())
    rate_axis.set_ylabel("intercepted / launched")
    if rates.is_empty():
        rate_axis.text(0.99, 0.02, "no interception rate: no wave reports both launched and intercepted",
                       ha="right", va="bottom", fontsize=8, color="#666666", transform=ax.transAxes)

    _date_axis(ax, days[0], days[-1])
    handles, labels = ax.get_legend_handles_labels()
    rate_handles, rate_labels = rate_axis.get_legend_handles_labels()
    ax.set_title(title)
    fig.legend(handles + rate_handles, labels + rate_labels, loc="outside lower center", fontsize=9, ncols=4,
               frameon=False)
    return Chart("strikes_per_day", title, _png(fig))


def talks_timeline_chart(daily: pl.DataFrame, talks: pl.DataFrame) -> Chart:
    import matplotlib.dates as mdates
    import matplotlib.transforms as mtransforms

    title = "Talks timeline over daily strike volume"
    fig, ax = _new_figure()
    # a day whose waves report no launch figure has no bar (unknown is not zero)
    volume = (daily.filter(pl.col("event_date").is_not_null())
              .group_by("event_date")
              .agg(pl.when(pl.col("drones_launched").is_not_null().any() | pl.col("missiles_launched").is_not_null().any())
                   .then(pl.col("drones_launched").sum() + pl.col("missiles_launched").sum())
                   .alias("launched"))
              .sort("event_date"))
    dated_talks = talks.filter(pl.col("start_date").is_not_null()).sort("start_date", "location")
    undated = talks.filter(pl.col("start_date").is_null())["location"].unique(maintain_order=True).to_list()
    if volume.is_empty() and dated_talks.is_empty():
        message = "no data: no day-dated strikes or talks"
        if undated:
            message += f"\n(talks without a date: {', '.join(undated)})"
        return Chart("talks_timeline", title, _no_data(fig, ax, title, message))

    if not volume.is_empty():
        launched = volume["launched"].to_list()
        bars = ax.bar(mdates.date2num(volume["event_date"].to_list()), [_nan(v) for v in launched], 0.6,
                      color=VOLUME_COLOR, zorder=2)
        if volume.height <= MAX_LABELLED_DAYS:
            ax.bar_label(bars, labels=["" if v is None else f"{v:,}" for v in launched], fontsize=8, padding=2)
        top = max(volume["launched"].max() or 0, 1)
    else:
        top = 1
        ax.set_yticks([])
        ax.text(0.5, 0.45, "no day-dated strikes", ha="center", va="center", color="#666666", transform=ax.transAxes)
    ax.set_ylim(0, top * 1.45)  # headroom for the city labels
    ax.set_ylabel("drones + missiles launched per day")
    ax.grid(axis="y", alpha=0.3)

    label_transform = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    palette = ("#e76f51", "#2a9d8f", "#8e6c8a", "#e9c46a", "#457b9d", "#f4a261")
    for i, (location, start, end) in enumerate(dated_talks.select("location", "start_date", "end_date").iter_rows()):
        end = end if end is not None and end >= start else start
        color = palette[i % len(palette)]
        left, right = mdates.date2num(start) - 0.45, mdates.date2num(end) + 0.45
        ax.axvspan(left, right, color=color, alpha=0.22, zorder=1)
        ax.axvline(mdates.date2num(start), color=color, linewidth=1.5, zorder=3)
        days = start.strftime("%d %b") if end == start else f"{start:%d}–{end:%d %b}"
        ax.text((left + right) / 2, 0.97 - 0.07 * (i % 4), f"{location} ({days})", transform=label_transform,
                ha="center", va="top", fontsize=9, fontweight="bold", color=color,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": color, "alpha": 0.85})

    firsts = [d for d in (volume["event_date"].min(), dated_talks["start_date"].min()) if d is not None]
    lasts = [d for d in (volume["event_date"].max(), dated_talks["end_date"].max(), dated_talks["start_date"].max())
             if d is not None]
    _date_axis(ax, min(firsts), max(lasts))
    if undated:
        ax.text(0.01, -0.2, f"Not shown (no date): {', '.join(undated)}", transform=ax.transAxes,
                fontsize=8, color="#666666", va="top")
    ax.set_title(title)
    return Chart("talks_timeline", title, _png(fig))


def render_charts(data: ChartData) -> list[Chart]:
    return [strikes_per_day_chart(data.daily), talks_timeline_chart(data.daily, data.talks)]


MANIFEST_NAME = "charts.manifest.json"


def chart_fingerprint(data: ChartData) -> str:
    """sha256 of what the charts are drawn from: the chart data, this module's source (the
    drawing code) and the matplotlib version (read from the package metadata, not imported)."""
    try:
        matplotlib_version = importlib.metadata.version("matplotlib")
    except importlib.metadata.PackageNotFoundError:
        matplotlib_version = "?"
    digest = hashlib.sha256()
    digest.update(Path(__file__).read_bytes())
    digest.update(matplotlib_version.encode())
    for frame in (data.daily, data.talks):
        digest.update(json.dumps([frame.columns, [str(t) for t in frame.dtypes], frame.rows()], default=str).encode())
    return digest.hexdigest()


def _write_atomically(path: Path, content: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(content)
    os.replace(tmp, path)


def write_charts(charts: list[Chart], folder: Path, *, fingerprint: str | None = None) -> list[Path]:
    """Write each chart to <folder>/<name>.png (atomically: a reader never sees half a file) and,
    with the `fingerprint` of their data, the manifest `charts_from_manifest` reads."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for chart in charts:
        path = folder / f"{chart.name}.png"
        _write_atomically(path, chart.png)
        paths.append(path)
    if fingerprint is not None:
        manifest = {"fingerprint": fingerprint, "charts": [
            {"name": c.name, "title": c.title, "sha256": hashlib.sha256(c.png).hexdigest()} for c in charts]}
        _write_atomically(folder / MANIFEST_NAME, json.dumps(manifest, indent=1).encode())
    return paths


def charts_from_manifest(folder: Path, fingerprint: str) -> list[Chart] | None:
    """The charts last written to `folder`, if they were drawn from data with this fingerprint
    and every PNG is still there, byte for byte; else None (draw them again)."""
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_text())
        if manifest.get("fingerprint") != fingerprint:
            return None
        charts = []
        for entry in manifest["charts"]:
            png = (folder / f"{entry['name']}.png").read_bytes()
            if hashlib.sha256(png).hexdigest() != entry["sha256"]:
                return None
            charts.append(Chart(entry["name"], entry["title"], png))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return charts or None


# ---------------------------------------------------------------------------------------------
# HTML report

LARGEST_WAVES_SQL = """
SELECT event_date, attacker, target_country, drones_launched, drones_intercepted, missiles_launched,
       missiles_intercepted, killed, injured, locations, source_count AS sources
FROM curated.strikes
WHERE drones_launched IS NOT NULL OR missiles_launched IS NOT NULL
ORDER BY coalesce(drones_launched, 0) + coalesce(missiles_launched, 0) DESC, event_date NULLS LAST, attacker
LIMIT 10
"""
TALKS_SQL = """
SELECT start_date, end_date, location, country, participants, parties, outcome, source_count AS sources
FROM curated.talks
ORDER BY start_date NULLS LAST, location
"""
PLAN_VERSIONS_SQL = """
SELECT name, point_count AS points, sponsors, first_reported, status, troop_cap, troop_cap_unit,
       ukraine_stance, russia_stance, united_states_stance, europe_stance, source_count AS sources
FROM marts.proposal_versions
"""
PLAN_VERSIONS_FROM_CURATED_SQL = """
SELECT p.name, p.point_count AS points, p.sponsors, p.first_reported, p.status,
       (SELECT max(v.value) FROM curated.proposal_provisions v
        WHERE v.proposal_id = p.proposal_id AND v.category = 'troop_cap')::BIGINT AS troop_cap,
       p.source_count AS sources
FROM curated.proposals p
ORDER BY p.first_reported NULLS LAST, p.point_count DESC NULLS LAST, p.name
"""
QUARANTINE_SQL = """
SELECT fact_table, fact_id, failed_rules, quarantined_at
FROM curated.quarantine
ORDER BY fact_table, fact_id
"""

CSS = """
body { font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 2rem auto;
       max-width: 1200px; padding: 0 1rem; color: #1f2933; }
h1 { margin-bottom: 0.2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #d9e2ec; padding-bottom: 0.3rem; }
.meta { color: #52606d; font-size: 0.9rem; }
.figures { display: flex; flex-wrap: wrap; gap: 1rem; margin: 1.5rem 0; }
.figure { background: #f0f4f8; border-radius: 6px; padding: 0.8rem 1.2rem; min-width: 9rem; }
.figure b { display: block; font-size: 1.6rem; } .figure.alert { background: #fde8e8; }
table { border-collapse: collapse; font-size: 0.88rem; margin: 0.6rem 0; }
th, td { border: 1px solid #d9e2ec; padding: 0.3rem 0.55rem; text-align: left; vertical-align: top; }
th { background: #f0f4f8; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.null { color: #9aa5b1; } .empty { color: #52606d; font-style: italic; }
img.chart { max-width: 100%; border: 1px solid #d9e2ec; margin: 0.6rem 0; }
"""


def _format(column: str, value) -> tuple[str, str]:
    """(text, css class) of one cell."""
    if value is None:
        return "–", "null"
    if isinstance(value, bool):
        return ("yes" if value else "no"), ""
    if isinstance(value, float):
        if column.endswith("rate"):
            return f"{value:.1%}", "num"
        if value.is_integer():
            return f"{int(value):,}", "num"
        return f"{value:,.2f}", "num"
    if isinstance(value, int):
        return f"{value:,}", "num"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M"), ""
    if isinstance(value, date):
        return value.isoformat(), ""
    if isinstance(value, list):
        return (", ".join(str(v) for v in value) if value else "–"), ("" if value else "null")
    return str(value), ""


def html_table(frame: pl.DataFrame, empty: str = "none") -> str:
    if frame.is_empty():
        return f'<p class="empty">{html.escape(empty)}</p>'
    head = "".join(f"<th>{html.escape(c.replace('_', ' '))}</th>" for c in frame.columns)
    rows = []
    for row in frame.iter_rows():
        cells = []
        for column, value in zip(frame.columns, row):
            text, css = _format(column, value)
            cells.append(f'<td class="{css}">{html.escape(text)}</td>' if css else f"<td>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


@dataclass(frozen=True)
class ReportData:
    snapshot: Path
    snapshot_time: datetime
    charts: ChartData
    row_counts: pl.DataFrame
    largest_waves: pl.DataFrame
    talks: pl.DataFrame
    plan_versions: pl.DataFrame
    quarantine: pl.DataFrame
    revisions: int
    drones_launched: int  # over every wave reporting an exact figure, dated or not


def report_data(db: str | os.PathLike[str]) -> ReportData:
    """Everything the report shows, read from the published snapshot (read-only)."""
    from orchestration.warehouse import WarehouseFiles, row_counts

    files = WarehouseFiles(db)
    with files.read_published() as con:
        plans_sql = PLAN_VERSIONS_SQL if table_exists(con, "marts.proposal_versions") else PLAN_VERSIONS_FROM_CURATED_SQL
        return ReportData(
            snapshot=files.published,
            snapshot_time=datetime.fromtimestamp(files.published.stat().st_mtime, timezone.utc),
            charts=chart_data(con),
            row_counts=row_counts(con),
            largest_waves=con.execute(LARGEST_WAVES_SQL).pl(),
            talks=con.execute(TALKS_SQL).pl(),
            plan_versions=con.execute(plans_sql).pl(),
            quarantine=con.execute(QUARANTINE_SQL).pl(),
            revisions=con.execute("SELECT count(*) FROM curated.revisions").fetchone()[0],
            drones_launched=con.execute("SELECT coalesce(sum(drones_launched), 0) FROM curated.strikes").fetchone()[0],
        )


def render_html(data: ReportData, charts: list[Chart]) -> str:
    counts = dict(data.row_counts.iter_rows())
    quarantined = data.quarantine.height
    by_table = ", ".join(f"{t}: {n}" for t, n in data.quarantine.group_by("fact_table").len().sort("fact_table").iter_rows())
    figures = [
        ("strike waves", counts.get("curated.strikes", 0), ""),
        ("drones launched (waves with a figure)", data.drones_launched, ""),
        ("talks", counts.get("curated.talks", 0), ""),
        ("plan versions", counts.get("curated.proposals", 0), ""),
        ("quarantined rows", quarantined, " alert" if quarantined else ""),
        ("revised figures", data.revisions, ""),
    ]
    figure_html = "".join(f'<div class="figure{css}"><b>{value:,}</b>{html.escape(label)}</div>'
                          for label, value, css in figures)
    chart_html = "".join(
        f'<figure><img class="chart" id="chart-{c.name}" alt="{html.escape(c.title)}" src="{c.data_uri}">'
        f"<figcaption>{html.escape(c.title)}</figcaption></figure>" for c in charts)
    quarantine_note = (f"<p>{quarantined} row(s) held back ({html.escape(by_table)}): they are not in the fact "
                       "tables or marts; their claims stay in <code>curated.claims</code>.</p>") if quarantined else \
        "<p>0 rows held back: every consolidated row passed its validation rules.</p>"
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>PeaceWatch report</title>
<style>{CSS}</style>
</head>
<body>
<h1>PeaceWatch report</h1>
<p class="meta">Published snapshot <code>{html.escape(str(data.snapshot))}</code>
(published {data.snapshot_time:%Y-%m-%d %H:%M UTC}); report generated {generated}.
Counts are exact or empty (–): approximate figures live in <code>curated.claims</code>.</p>
<div class="figures">{figure_html}</div>

<h2 id="charts">Charts</h2>
{chart_html}

<h2 id="largest-waves">Largest waves</h2>
<p class="meta">Top 10 by drones + missiles launched (<code>curated.strikes</code>).</p>
{html_table(data.largest_waves, "no wave with a launch figure")}

<h2 id="talks">Talks</h2>
{html_table(data.talks, "no talks")}

<h2 id="plan-versions">Plan versions and troop caps</h2>
{html_table(data.plan_versions, "no plan versions")}

<h2 id="quarantine">Quarantine</h2>
{quarantine_note}
{html_table(data.quarantine, "") if quarantined else ""}

<h2 id="row-counts">Row counts</h2>
{html_table(data.row_counts, "no tables")}
</body>
</html>
"""


def build_report(db: str | os.PathLike[str]) -> str:
    data = report_data(db)
    return render_html(data, render_charts(data.charts))


def write_report(db: str | os.PathLike[str], out: str | os.PathLike[str]) -> Path:
    out = Path(out)
    page = build_report(db)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, out)
    return out


def cmd_report(args: argparse.Namespace) -> int:
    try:
        path = write_report(args.db, args.out)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"report written to {path} ({path.stat().st_size:,} bytes)")
    return 0


def add_command(sub) -> None:
    report = sub.add_parser("report", help="write a self-contained HTML report (charts and key tables) of the "
                                           "published warehouse (read-only)")
    report.add_argument("--db", default="warehouse.duckdb", help="published warehouse (default: ./warehouse.duckdb)")
    report.add_argument("--out", default="reports/report.html", help="HTML file to write (default: reports/report.html)")
    report.set_defaults(func=cmd_report)
