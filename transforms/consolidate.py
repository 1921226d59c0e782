"""Cross-source consolidation: per-article reports -> one curated row per real-world event.

Strikes: reports of the same attacker are one wave when (a) their dates agree (the same day, or
one source gives only the month and day) and they share an exact figure, or (b) both give the same
day and both carry launch/interception figures (one overnight wave per side per day). Two reports
from the same article are never merged (the extractor already separated them on purpose).

Curated figures follow one documented rule (see `choose_value`): among the exact claims for a
field, an attributed (official) figure beats an unattributed one, then the figure more sources
report, then the larger one. Every claim is kept in curated.claims, conflicting ones included.

Incremental consolidation. Every function here gives the same result whatever the order of its
input rows (reports are sorted by their key, claims by all their columns, merge candidates by
their own key), and a report can only ever end up with reports it shares a *link* with
(`report_links`: for strikes an (attacker, month-day, field, exact value) or (attacker, day)
candidate group, for talks the place, for proposals the plan name). So consolidating the
reports of whole link components (`touched_reports`) gives exactly the rows a consolidation of
all reports gives for them; the curated asset re-consolidates only the components new or
re-extracted articles touch and keeps every other row as it is.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from datetime import date, datetime

import duckdb
import polars as pl

from transforms.strikes import COUNT_FIELDS

STRIKE_SCHEMA = {
    "strike_id": pl.String, "event_date": pl.Date, "date_precision": pl.String, "attacker": pl.String,
    "target_country": pl.String, **{f: pl.Int32 for f in COUNT_FIELDS},
    "weapons": pl.List(pl.String), "locations": pl.List(pl.String), "targets": pl.List(pl.String),
    "source_count": pl.Int32, "article_ids": pl.List(pl.String),
}
TALK_SCHEMA = {
    "talk_id": pl.String, "start_date": pl.Date, "end_date": pl.Date, "location": pl.String, "country": pl.String,
    "participants": pl.List(pl.String), "parties": pl.List(pl.String), "outcome": pl.String,
    "source_count": pl.Int32, "article_ids": pl.List(pl.String),
}
PROPOSAL_SCHEMA = {
    "proposal_id": pl.String, "name": pl.String, "point_count": pl.Int32, "sponsors": pl.List(pl.String),
    "first_reported": pl.Date, "status": pl.String, "source_count": pl.Int32, "article_ids": pl.List(pl.String),
}
PROVISION_SCHEMA = {"proposal_id": pl.String, "category": pl.String, "text": pl.String, "value": pl.Float64, "unit": pl.String}
STANCE_SCHEMA = {"proposal_id": pl.String, "party": pl.String, "stance": pl.String, "evidence": pl.String}
CLAIM_SCHEMA = {
    "claim_id": pl.String, "fact_table": pl.String, "fact_id": pl.String, "field": pl.String, "value": pl.String,
    "value_num": pl.Float64, "qualifier": pl.String, "low": pl.Float64, "high": pl.Float64, "claimant": pl.String,
    "article_id": pl.String, "sentence_idx": pl.Int32, "char_start": pl.Int64, "char_end": pl.Int64, "evidence": pl.String,
}


def stable_id(prefix: str, *parts: object) -> str:
    digest = hashlib.sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:16]
    return f"{prefix}_{digest}"


class _UnionFind:
    def __init__(self, items: list[tuple[str, str]]) -> None:
        self.parent = {item: item for item in items}
        self.articles = {item: {item[0]} for item in items}

    def find(self, item):
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a, b) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or self.articles[ra] & self.articles[rb]:
            return False
        self.parent[rb] = ra
        self.articles[ra] |= self.articles.pop(rb)
        return True


def _report_figures(reports: pl.DataFrame, claims: pl.DataFrame) -> pl.DataFrame:
    """One row per distinct (report, count field, exact value) of the strike reports that have a
    (month, day) to match on (their event_date's, else event_month and a non-zero event_day): the
    report's position in `reports` (_row), attacker, month, day, field, value_num."""
    dated = pl.col("event_date").is_not_null()
    day_parts = pl.col("event_month").is_not_null() & (pl.col("event_day").fill_null(0) != 0)
    days = reports.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"), "article_id", "report_key", "attacker",
        pl.when(dated).then(pl.col("event_date").dt.month().cast(pl.Int64))
        .when(day_parts).then(pl.col("event_month").cast(pl.Int64)).alias("month"),
        pl.when(dated).then(pl.col("event_date").dt.day().cast(pl.Int64))
        .when(day_parts).then(pl.col("event_day").cast(pl.Int64)).alias("day"),
    ).filter(pl.col("month").is_not_null())
    exact = _exact_filter(claims, "strikes").select("article_id", "report_key", "field", "value_num").unique()
    return days.join(exact, on=["article_id", "report_key"], how="inner")


def _dates_agree(a: dict, b: dict) -> bool:
    if a["event_date"] is not None and b["event_date"] is not None:
        return a["event_date"] == b["event_date"]
    if a["event_month"] is not None and b["event_month"] is not None and a["event_day"] and b["event_day"]:
        return (a["event_month"], a["event_day"]) == (b["event_month"], b["event_day"])
    return False


def _overnight_key(r: dict) -> tuple | None:
    """Rule (b): a dated report with launch/interception figures meets the others of its side and day."""
    if r["event_date"] is not None and any(r[f] is not None for f in COUNT_FIELDS[:4]):
        return (r["attacker"], r["event_date"])
    return None


def _exact_filter(claims: pl.DataFrame, fact_table: str) -> pl.DataFrame:
    """The exact count claims of `fact_table` (order does not matter: they are grouped)."""
    return claims.filter((pl.col("fact_table") == fact_table) & pl.col("value_num").is_not_null()
                         & pl.col("field").is_in(COUNT_FIELDS))


def _mapping_frame(mapping: dict[tuple[str, str], str], id_column: str) -> pl.DataFrame:
    """A report -> fact mapping as a frame: article_id, report_key, `id_column`."""
    return pl.DataFrame([(a, k, f) for (a, k), f in mapping.items()], orient="row",
                        schema={"article_id": pl.String, "report_key": pl.String, id_column: pl.String})


def _chosen_figures(exact_claims: pl.DataFrame, mapping: dict[tuple[str, str], str]) -> dict[tuple[str, str], float]:
    """(strike_id, field) -> the curated figure: `choose_value`'s rule over the fact's exact
    claims, vectorised (a value's claims rank by (any of them attributed, number of distinct
    articles reporting the value, the value); the best value wins)."""
    chosen = (exact_claims.join(_mapping_frame(mapping, "strike_id"), on=["article_id", "report_key"], how="inner")
              .group_by("strike_id", "field", "value_num")
              .agg(pl.col("claimant").is_not_null().any().alias("attributed"),
                   pl.col("article_id").n_unique().alias("sources"))
              .sort("attributed", "sources", "value_num", descending=True)
              .group_by("strike_id", "field", maintain_order=True).first())
    return {(s, f): v for s, f, v in chosen.select("strike_id", "field", "value_num").iter_rows()}


def _first_reported(group: list[dict], ingested: dict | None) -> tuple:
    """The report a fact's id is derived from: the earliest ingested one, so an id stays put when
    later sources join the event (ties and unknown times fall back to the report key)."""
    never = datetime.max
    return min(((ingested or {}).get(r["article_id"]) or never, r["article_id"], r["report_key"]) for r in group)[1:]


def consolidate_strikes(reports: pl.DataFrame, claims: pl.DataFrame,
                        ingested: dict[str, datetime] | None = None) -> tuple[pl.DataFrame, dict[tuple[str, str], str]]:
    """curated.strikes rows and the mapping (article_id, report_key) -> strike_id.
    `ingested` (article_id -> ingested_at) keeps ids stable as sources are added. Only exact
    count claims are read (the others may be left out of `claims`)."""
    strike_claims = _exact_filter(claims, "strikes")
    reports = reports.sort("article_id", "report_key")
    rows = reports.to_dicts()
    keys = [(r["article_id"], r["report_key"]) for r in rows]
    uf = _UnionFind(keys)
    # Linear in the number of reports: candidates meet only through an index of
    # (attacker, month, day, field, value) -> reports, never through all pairs.
    def key_of(r: dict) -> tuple[str, str]:
        return (r["article_id"], r["report_key"])

    def merge_all(group: list[dict]) -> None:
        anchors: list[dict] = []  # one per distinct date seen in this group
        for r in group:
            anchor = next((a for a in anchors if _dates_agree(a, r)), None)
            if anchor is None:
                anchors.append(r)
            else:
                uf.union(key_of(anchor), key_of(r))

    # (a) a shared exact figure on a compatible day; larger groups first, then by key, so the
    # order (which matters when two reports of one article compete) never depends on input order;
    # a group's reports in report order
    by_figure = (_report_figures(reports, strike_claims)
                 .group_by("attacker", "month", "day", "field", "value_num").agg(pl.col("_row").sort())
                 .filter(pl.col("_row").list.len() > 1)
                 .sort(pl.col("_row").list.len(), "attacker", "month", "day", "field", "value_num",
                       descending=[True, False, False, False, False, False]))
    for members in by_figure["_row"].to_list():
        merge_all([rows[i] for i in members])
    # (b) one overnight wave per side per day: dated reports that both carry launch/interception figures
    by_day: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        day_key = _overnight_key(r)
        if day_key is not None:
            by_day[day_key].append(r)
    for _, group in sorted(by_day.items(), key=lambda kv: kv[0]):
        if len(group) > 1:
            merge_all(group)

    members: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        members[uf.find((r["article_id"], r["report_key"]))].append(r)
    out: list[dict] = []
    mapping: dict[tuple[str, str], str] = {}
    for root, group in members.items():
        strike_id = stable_id("strike", group[0]["attacker"], *_first_reported(group, ingested))
        for r in group:
            mapping[(r["article_id"], r["report_key"])] = strike_id
        row = {"strike_id": strike_id, "attacker": group[0]["attacker"], "target_country": group[0]["target_country"]}
        dated = [r["event_date"] for r in group if r["event_date"] is not None]
        if dated:
            row["event_date"], row["date_precision"] = Counter(dated).most_common(1)[0][0], "day"
        else:
            row["event_date"] = None
            precisions = [r["date_precision"] for r in group if r["date_precision"] != "day"]
            row["date_precision"] = precisions[0] if precisions else "unknown"
        for list_field in ("weapons", "locations", "targets"):
            merged: list[str] = []
            for r in group:
                for item in r[list_field] or []:
                    if item not in merged:
                        merged.append(item)
            row[list_field] = merged
        article_ids = sorted({r["article_id"] for r in group})
        row["source_count"], row["article_ids"] = len(article_ids), article_ids
        out.append(row)
    figures = _chosen_figures(strike_claims, mapping)
    for row in out:
        for field in COUNT_FIELDS:
            value = figures.get((row["strike_id"], field))
            row[field] = int(value) if value is not None else None
    return pl.DataFrame(out, schema=STRIKE_SCHEMA), mapping


def _clusters_one_by_one(dated: list[dict]) -> list[list[dict]]:
    """The meeting rule read report by report, for dated reports of one place in start order: a
    report joins the first meeting whose span it touches (±1 day), else starts a new one."""
    clusters: list[list[dict]] = []
    spans: list[list[date]] = []  # [earliest start, latest end] of each cluster, kept as it grows
    for r in dated:
        r_end = r["end_date"] or r["start_date"]
        for cluster, span in zip(clusters, spans):
            if (r["start_date"] - span[1]).days <= 1 and (span[0] - r_end).days <= 1:
                cluster.append(r)
                span[0], span[1] = min(span[0], r["start_date"]), max(span[1], r_end)
                break
        else:
            clusters.append([r])
            spans.append([r["start_date"], r_end])
    return clusters


def _talk_clusters(rows: pl.DataFrame) -> pl.DataFrame:
    """(_row, _cluster, _member) for talk reports with a `_row` in (article_id, report_key) order:
    the meeting each report is in (numbered per place, in the order the rule creates them) and its
    place among the meeting's reports. Vectorised: in start order, when every report ends on or
    after its start, a report can only touch the latest meeting of its place (each new meeting
    starts more than a day after every earlier one ends), so a new meeting starts where a start is
    more than a day past the running latest end. A place with a report ending before it starts
    takes the one-by-one rule."""
    dated = (rows.filter(pl.col("start_date").is_not_null())
             .with_columns(pl.coalesce("end_date", "start_date").alias("_end"))
             .sort("location", "start_date", maintain_order=True))
    odd_places = dated.filter(pl.col("_end") < pl.col("start_date"))["location"].unique()
    regular = dated.filter(~pl.col("location").is_in(odd_places.implode()))
    latest_end = pl.col("_end").cum_max().shift(1).over("location")
    starts = latest_end.is_null() | ((pl.col("start_date") - latest_end).dt.total_days() > 1)
    merged = regular.select("_row", "location", starts.cast(pl.Int32).cum_sum().over("location").alias("_cluster"),
                            pl.int_range(pl.len(), dtype=pl.Int64).over("location").alias("_member"))
    odd = []
    for location in odd_places.to_list():
        items = dated.filter(pl.col("location") == location).to_dicts()
        for number, cluster in enumerate(_clusters_one_by_one(items), start=1):
            odd += [(r["_row"], location, number, i) for i, r in enumerate(cluster)]
    schema = {"_row": pl.UInt32, "location": pl.String, "_cluster": pl.Int32, "_member": pl.Int64}
    placed = pl.concat([merged.cast(schema), pl.DataFrame(odd, schema=schema, orient="row")])
    # an undated report joins its place's meeting when there is exactly one, else they are a meeting of their own
    counts = placed.group_by("location").agg(pl.col("_cluster").max().alias("_dated"))
    undated = (rows.filter(pl.col("start_date").is_null()).select("_row", "location")
               .join(counts, on="location", how="left")
               .select("_row", "location",
                       pl.when(pl.col("_dated") == 1).then(1).otherwise(pl.col("_dated").fill_null(0) + 1)
                       .cast(pl.Int32).alias("_cluster"),
                       (pl.col("_row").cast(pl.Int64) + placed.height).alias("_member")))
    return pl.concat([placed, undated.cast(schema)]).drop("location")


def consolidate_talks(reports: pl.DataFrame,
                      ingested: dict[str, datetime] | None = None) -> tuple[pl.DataFrame, dict[tuple[str, str], str]]:
    """Same location and overlapping dates (±1 day) -> one meeting. An undated mention of a place
    joins that place's meeting when there is exactly one dated one; otherwise it stays its own row."""
    if reports.is_empty():
        return pl.DataFrame(schema=TALK_SCHEMA), {}
    rows = reports.sort("article_id", "report_key").with_row_index("_row")
    times = pl.DataFrame({"article_id": list(ingested), "_ingested": list(ingested.values())}) if ingested else None
    places = rows.group_by("location").agg(pl.col("_row").min().alias("_place"))
    members = (rows.join(_talk_clusters(rows), on="_row", maintain_order="left")
               .join(places, on="location", maintain_order="left")
               .sort("_place", "_cluster", "_member")
               .with_columns(((pl.col("_place") != pl.col("_place").shift(1))
                              | (pl.col("_cluster") != pl.col("_cluster").shift(1))).fill_null(True).cum_sum().alias("_key")))
    if times is not None:
        members = members.join(times, on="article_id", how="left", maintain_order="left")
    else:
        members = members.with_columns(pl.lit(None, pl.Datetime("us")).alias("_ingested"))
    named = (members.sort("_ingested", "article_id", "report_key", nulls_last=True, maintain_order=True)
             .group_by("_key").agg(pl.col("article_id").first().alias("_first_article"),
                                   pl.col("report_key").first().alias("_first_key")))
    talks = (members.group_by("_key", maintain_order=True).agg(
                pl.col("location").first(),
                pl.col("start_date").min(),
                pl.coalesce("end_date", "start_date").max().alias("end_date"),
                _stated("country").first().alias("country"),
                (pl.col("status") == "held").any().alias("_held"),
                pl.col("status").first().alias("_first_status"),
                pl.col("article_id").unique().sort().alias("article_ids"))
             .join(named, on="_key", maintain_order="left")
             .join(_first_mentions(members, "_key", "participants"), on="_key", how="left", maintain_order="left")
             .join(_first_mentions(members, "_key", "parties"), on="_key", how="left", maintain_order="left"))
    ids = [stable_id("talk", loc, a, k) for loc, a, k in talks.select("location", "_first_article", "_first_key").iter_rows()]
    no_names = pl.lit([], pl.List(pl.String))
    talks = talks.with_columns(
        pl.Series("talk_id", ids, pl.String),
        pl.col("participants").fill_null(no_names), pl.col("parties").fill_null(no_names),
        # no report says held: the first report's status, or held when it gives none
        pl.when(pl.col("_held") | pl.col("_first_status").is_null() | (pl.col("_first_status") == ""))
          .then(pl.lit("held")).otherwise(pl.col("_first_status")).alias("outcome"),
        pl.col("article_ids").list.len().alias("source_count"))
    ids_by_key = dict(zip(talks["_key"].to_list(), ids))
    mapping = {(a, k): ids_by_key[c] for a, k, c in zip(members["article_id"].to_list(), members["report_key"].to_list(),
                                                        members["_key"].to_list())}
    return talks.select(list(TALK_SCHEMA)).cast(TALK_SCHEMA), mapping


def _stated(column: str) -> pl.Expr:
    """The values of `column` a report actually gives (not NULL, not empty), for use in an aggregation."""
    return pl.col(column).filter(pl.col(column).is_not_null() & (pl.col(column) != ""))


def _first_mentions(rows: pl.DataFrame, key: str, column: str) -> pl.DataFrame:
    """(key, column): the items of list `column` of each `key`'s rows, each once, in order of first
    mention (rows are in order and explode keeps each list's order)."""
    return (rows.filter(pl.col(column).is_not_null()).select(key, column)
            .explode(column, empty_as_null=False)
            .unique([key, column], keep="first", maintain_order=True)
            .group_by(key, maintain_order=True).agg(column))


def _proposal_rows(reports: pl.DataFrame, published: dict[str, date | None]) -> pl.DataFrame:
    """One row per plan name (PROPOSAL_SCHEMA), vectorised: a plan's reports number hundreds of
    thousands at 1M articles. `reports` in (article_id, report_key) order; each field follows the
    reports in that order: sponsors in order of first mention, the first point count given, the
    status 'revised' if any report says so, else the first stated, else 'proposed'; first_reported
    is the earliest publication or report date."""
    if reports.is_empty():
        return pl.DataFrame(schema=PROPOSAL_SCHEMA)
    dated = pl.DataFrame({"article_id": list(published), "_published": list(published.values())},
                         schema={"article_id": pl.String, "_published": pl.Date})
    rows = (reports.select("article_id", "name", "point_count", "sponsors", "status",
                           pl.col("reported_on") if "reported_on" in reports.columns else pl.lit(None, pl.Date).alias("reported_on"))
            .with_row_index("_row")
            .join(dated, on="article_id", how="left", maintain_order="left"))
    sponsors = _first_mentions(rows, "name", "sponsors")
    stated = _stated("status")
    plans = rows.group_by("name").agg(
        pl.col("_row").min().alias("_first"),
        pl.col("point_count").drop_nulls().first(),
        pl.min_horizontal(pl.col("_published").min(), pl.col("reported_on").min()).alias("first_reported"),
        pl.when(stated.eq("revised").any()).then(pl.lit("revised"))
          .otherwise(pl.coalesce(stated.first(), pl.lit("proposed"))).alias("status"),
        pl.col("article_id").unique().sort().alias("article_ids"),
    )
    plans = plans.sort("_first")  # plans in order of their first report
    return (plans.with_columns(pl.Series("proposal_id", [stable_id("proposal", n) for n in plans["name"]], pl.String))
            .join(sponsors, on="name", how="left", maintain_order="left")
            .with_columns(pl.col("sponsors").fill_null(pl.lit([], pl.List(pl.String))),
                          pl.col("article_ids").list.len().alias("source_count"))
            .select(list(PROPOSAL_SCHEMA)).cast(PROPOSAL_SCHEMA))


def consolidate_proposals(reports: pl.DataFrame, claims: pl.DataFrame, published: dict[str, date | None]):
    """Plans are identified by their version name ('28-point plan'); provisions and stances come
    from the plan's claims."""
    reports = reports.sort("article_id", "report_key")
    proposals = _proposal_rows(reports, published)
    ids = dict(zip(proposals["name"].to_list(), proposals["proposal_id"].to_list()))
    mapping: dict[tuple[str, str], str] = {
        (a, k): ids[n] for a, k, n in zip(reports["article_id"].to_list(), reports["report_key"].to_list(),
                                          reports["name"].to_list())}
    if not mapping:
        return (proposals, mapping,
                pl.DataFrame(schema=PROVISION_SCHEMA), pl.DataFrame(schema=STANCE_SCHEMA))
    proposal_claims = claims.filter((pl.col("fact_table") == "proposals") & (
        pl.col("field").str.starts_with("provision:") | pl.col("field").str.starts_with("stance:")))
    # canonical order: the first claim of a provision (its text) never depends on input order;
    # claims of reports outside `reports` are left out
    proposal_claims = (proposal_claims.sort(proposal_claims.columns, nulls_last=True)
                       .join(_mapping_frame(mapping, "proposal_id"), on=["article_id", "report_key"], how="inner", maintain_order="left"))
    # A number stated twice is one provision (its sentences stay in claims); text-only provisions
    # are distinct clauses: the first claim of each (plan, category, number or else text) is kept.
    provisions = (proposal_claims.filter(pl.col("field").str.starts_with("provision:"))
                  .with_columns(category=pl.col("field").str.slice(len("provision:")),
                                _text_key=pl.when(pl.col("value_num").is_null()).then(pl.col("evidence")))
                  .unique(["proposal_id", "category", "value_num", "_text_key"], keep="first", maintain_order=True)
                  .select("proposal_id", "category", pl.col("evidence").alias("text"), pl.col("value_num").alias("value"),
                          pl.when(pl.col("category") == "troop_cap").then(pl.lit("personnel")).alias("unit")))
    # a stance is kept once per (plan, party, stance, evidence)
    stances = (proposal_claims.filter(pl.col("field").str.starts_with("stance:"))
               .with_columns(party=pl.col("field").str.slice(len("stance:")))
               .unique(["proposal_id", "party", "value", "evidence"], keep="first", maintain_order=True)
               .select("proposal_id", "party", pl.col("value").alias("stance"), "evidence"))
    return (proposals, mapping, provisions.cast(PROVISION_SCHEMA), stances.cast(STANCE_SCHEMA))


REPORT_COLUMNS = ("fact_table", "article_id", "report_key")
REPORT_FACT_SCHEMA = {"fact_table": pl.String, "article_id": pl.String, "report_key": pl.String,
                      "fact_id": pl.String, "links": pl.List(pl.Int64)}
LINK_SCHEMA = {"fact_table": pl.String, "article_id": pl.String, "report_key": pl.String, "link": pl.Int64}


def link_id(*parts: object) -> int:
    """64-bit id of a link key. A collision only joins two components: more is re-consolidated,
    never less."""
    return int.from_bytes(hashlib.blake2b(repr(parts).encode(), digest_size=8).digest(), "big", signed=True)


def report_links(strike_reports: pl.DataFrame, talk_reports: pl.DataFrame, proposal_reports: pl.DataFrame,
                 claims: pl.DataFrame) -> pl.DataFrame:
    """(fact_table, article_id, report_key, links): every candidate group a report is in when the
    rules above consolidate it (strikes: each (attacker, month-day, field, exact value) of rule (a)
    and the (attacker, day) of rule (b); talks: the place; proposals: the plan name). Reports that
    share no link, directly or through other reports, never influence each other's rows."""
    figures = _report_figures(strike_reports, claims)
    keys = figures.select("attacker", "month", "day", "field", "value_num").unique()
    keys = keys.with_columns(link=pl.Series([link_id("strikes", a, (m, d), f, v) for a, m, d, f, v in keys.iter_rows()],
                                            dtype=pl.Int64))
    figure_links = (figures.join(keys, on=["attacker", "month", "day", "field", "value_num"], how="left")
                    .sort("_row", "field", "value_num").group_by("_row", maintain_order=True).agg("link"))
    overnight = strike_reports.filter(pl.col("event_date").is_not_null()
                                      & pl.any_horizontal(pl.col(f).is_not_null() for f in COUNT_FIELDS[:4]))
    days = overnight.select("attacker", "event_date").unique()
    days = days.with_columns(overnight=pl.Series([link_id("strikes-day", a, d) for a, d in days.iter_rows()],
                                                 dtype=pl.Int64))
    overnight = overnight.select("article_id", "report_key", "attacker", "event_date").join(
        days, on=["attacker", "event_date"], how="inner").select("article_id", "report_key", "overnight")
    no_links = pl.lit([], dtype=pl.List(pl.Int64))
    frames = [strike_reports.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_row"), "article_id", "report_key")
              .join(figure_links, on="_row", how="left", maintain_order="left")
              .join(overnight, on=["article_id", "report_key"], how="left", maintain_order="left")
              .select(pl.lit("strikes").alias("fact_table"), "article_id", "report_key",
                      pl.concat_list(pl.col("link").fill_null(no_links), "overnight").list.drop_nulls().alias("links"))]
    # each report's figure links (sorted by field, then value), then its (attacker, day) link
    for table, reports, column in (("talks", talk_reports, "location"), ("proposals", proposal_reports, "name")):
        values = reports.select(pl.col(column).unique())
        values = values.with_columns(link=pl.Series([link_id(table, v) for v in values[column].to_list()], dtype=pl.Int64))
        frames.append(reports.select("article_id", "report_key", column)
                      .join(values, on=column, how="left", maintain_order="left")
                      .select(pl.lit(table).alias("fact_table"), "article_id", "report_key",
                              pl.concat_list("link").alias("links")))
    schema = {k: v for k, v in REPORT_FACT_SCHEMA.items() if k != "fact_id"}
    return pl.concat([f.cast(schema) for f in frames])


def link_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """One (fact_table, article_id, report_key, link) row per link of each report of `frame`."""
    return (frame.select(*REPORT_COLUMNS, "links").explode("links", empty_as_null=False)
            .rename({"links": "link"}).cast(LINK_SCHEMA))


def touched_reports(links: pl.DataFrame, seeds: pl.DataFrame) -> pl.DataFrame:
    """The reports (fact_table, article_id, report_key) connected to `seeds` through shared links,
    transitively: whole components of the report-link graph. `links` has one row per (report, link)."""
    touched = seeds.select(REPORT_COLUMNS).unique()
    known = 0
    while True:
        reached = links.join(touched, on=list(REPORT_COLUMNS), how="semi")["link"].unique()
        if reached.len() == known:  # the set of links only grows: no new link, no new report
            return touched
        known = reached.len()
        touched = pl.concat([touched, links.filter(pl.col("link").is_in(reached.implode())).select(REPORT_COLUMNS)]).unique()


def _map_frame(mappings: dict[str, dict[tuple[str, str], str]]) -> pl.DataFrame:
    """(fact_table, article_id, report_key, fact_id) rows of the per-table report -> fact mappings."""
    return pl.DataFrame(
        [(t, a, k, f) for t, mapping in mappings.items() for (a, k), f in mapping.items()],
        schema={k: v for k, v in REPORT_FACT_SCHEMA.items() if k != "links"}, orient="row")


def consolidate_all(strike_reports: pl.DataFrame, talk_reports: pl.DataFrame, proposal_reports: pl.DataFrame,
                    claims: pl.DataFrame, ingested: dict[str, datetime] | None,
                    published: dict[str, date | None]) -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
    """Consolidate a set of reports (all of them, or whole link components): the curated frames
    by table name, and the report -> fact map with each report's links (curated.report_facts)."""
    strikes, strike_map = consolidate_strikes(strike_reports, claims, ingested)
    talks, talk_map = consolidate_talks(talk_reports, ingested)
    proposals, proposal_map, provisions, stances = consolidate_proposals(proposal_reports, claims, published)
    mappings = {"strikes": strike_map, "talks": talk_map, "proposals": proposal_map}
    links = report_links(strike_reports, talk_reports, proposal_reports, claims)
    report_facts = links.join(_map_frame(mappings), on=list(REPORT_COLUMNS), how="left").select(list(REPORT_FACT_SCHEMA))
    frames = {"curated.strikes": strikes, "curated.talks": talks, "curated.proposals": proposals,
              "curated.proposal_provisions": provisions, "curated.stances": stances}
    return frames, report_facts


# curated.claims from the report claims and the report -> fact map: one query, used by the
# pipeline on the warehouse tables and by `curated_claims` on frames. claim_id is
# stable_id('claim', fact_table, fact_id, article_id, field, sentence_idx, char_start, value);
# a claim stated twice for one fact (same sentence, field and value) is kept once.
# Only the repeated claim ids go through the window: a window over every row holds every row's
# evidence, and at 22.8M claims (1M articles) it spilled more than 10 GB under the 512 MB limit.
# Their 64-bit hashes are grouped to find them (none repeat in most builds); a hash two ids share
# only sends both through the window, which tells them apart.
CURATED_CLAIMS_SQL = """
WITH keyed_claims AS NOT MATERIALIZED (
    SELECT 'claim_' || left(sha1(concat_ws('|', c.fact_table, m.fact_id, c.article_id, c.field,
               CAST(c.sentence_idx AS VARCHAR), coalesce(CAST(c.char_start AS VARCHAR), 'None'),
               coalesce(c.value, 'None'))), 16) AS claim_id,
           c.fact_table, m.fact_id, c.field, c.value, c.value_num, c.qualifier, c.low, c.high, c.claimant,
           c.article_id, c.sentence_idx, c.char_start, c.char_end, c.evidence, c.report_key
    FROM {claims} AS c
    JOIN {report_facts} AS m
      ON m.fact_table = c.fact_table AND m.article_id = c.article_id AND m.report_key = c.report_key
),
repeated_claim_hashes AS MATERIALIZED (
    SELECT hash(claim_id) AS claim_hash FROM keyed_claims GROUP BY 1 HAVING count(*) > 1
)
SELECT claim_id, fact_table, fact_id, field, value, value_num, qualifier, low, high, claimant,
       article_id, sentence_idx, char_start, char_end, evidence
FROM keyed_claims
WHERE hash(claim_id) NOT IN (SELECT claim_hash FROM repeated_claim_hashes)
UNION ALL
SELECT claim_id, fact_table, fact_id, field, value, value_num, qualifier, low, high, claimant,
       article_id, sentence_idx, char_start, char_end, evidence
FROM keyed_claims
WHERE hash(claim_id) IN (SELECT claim_hash FROM repeated_claim_hashes)
QUALIFY row_number() OVER (PARTITION BY claim_id
                           ORDER BY report_key, qualifier, claimant, value_num, low, high, char_end, evidence) = 1
"""


def curated_claims(claims: pl.DataFrame, mappings: dict[str, dict[tuple[str, str], str]]) -> pl.DataFrame:
    """Report claims re-keyed to curated fact ids (claims of reports without a fact are dropped),
    with CURATED_CLAIMS_SQL on an in-memory DuckDB; ordered by claim_id."""
    report_facts = _map_frame(mappings)
    con = duckdb.connect()
    try:
        con.register("claims_frame", claims)
        con.register("report_facts_frame", report_facts)
        frame = con.execute(CURATED_CLAIMS_SQL.format(claims="claims_frame", report_facts="report_facts_frame")).pl()
    finally:
        con.close()
    return frame.cast(CLAIM_SCHEMA).select(list(CLAIM_SCHEMA)).sort("claim_id")
