"""Cross-source consolidation: per-article reports -> one curated row per real-world event.

Strikes: reports of the same attacker are one wave when (a) their dates agree (the same day, or
one source gives only the month and day) and they share an exact figure, or (b) both give the same
day and both carry launch/interception figures (one overnight wave per side per day). Two reports
from the same article are never merged (the extractor already separated them on purpose).

Curated figures follow one documented rule (see `choose_value`): among the exact claims for a
field, an attributed (official) figure beats an unattributed one, then the figure more sources
report, then the larger one. Every claim is kept in curated.claims, conflicting ones included.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from datetime import date, datetime

import polars as pl

from transforms.strikes import COUNT_FIELDS, choose_value

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


def _exact_figures(claims: pl.DataFrame) -> dict[tuple[str, str], dict[str, set[float]]]:
    out: dict[tuple[str, str], dict[str, set[float]]] = defaultdict(lambda: defaultdict(set))
    for article_id, report_key, field, value_num in claims.filter(
        pl.col("value_num").is_not_null() & pl.col("field").is_in(COUNT_FIELDS)
    ).select("article_id", "report_key", "field", "value_num").iter_rows():
        out[(article_id, report_key)][field].add(value_num)
    return out


def _dates_agree(a: dict, b: dict) -> bool:
    if a["event_date"] is not None and b["event_date"] is not None:
        return a["event_date"] == b["event_date"]
    if a["event_month"] is not None and b["event_month"] is not None and a["event_day"] and b["event_day"]:
        return (a["event_month"], a["event_day"]) == (b["event_month"], b["event_day"])
    return False


def _first_reported(group: list[dict], ingested: dict | None) -> tuple:
    """The report a fact's id is derived from: the earliest ingested one, so an id stays put when
    later sources join the event (ties and unknown times fall back to the report key)."""
    never = datetime.max
    return min(((ingested or {}).get(r["article_id"]) or never, r["article_id"], r["report_key"]) for r in group)[1:]


def consolidate_strikes(reports: pl.DataFrame, claims: pl.DataFrame,
                        ingested: dict[str, datetime] | None = None) -> tuple[pl.DataFrame, dict[tuple[str, str], str]]:
    """curated.strikes rows and the mapping (article_id, report_key) -> strike_id.
    `ingested` (article_id -> ingested_at) keeps ids stable as sources are added."""
    strike_claims = claims.filter(pl.col("fact_table") == "strikes")
    rows = reports.sort("article_id", "report_key").to_dicts()
    keys = [(r["article_id"], r["report_key"]) for r in rows]
    figures = _exact_figures(strike_claims)
    uf = _UnionFind(keys)
    # Linear in the number of reports: candidates meet only through an index of
    # (attacker, month, day, field, value) -> reports, never through all pairs.
    def key_of(r: dict) -> tuple[str, str]:
        return (r["article_id"], r["report_key"])

    def day_of(r: dict) -> tuple[int, int] | None:
        if r["event_date"] is not None:
            return (r["event_date"].month, r["event_date"].day)
        if r["event_month"] is not None and r["event_day"]:
            return (r["event_month"], r["event_day"])
        return None

    def merge_all(group: list[dict]) -> None:
        anchors: list[dict] = []  # one per distinct date seen in this group
        for r in group:
            anchor = next((a for a in anchors if _dates_agree(a, r)), None)
            if anchor is None:
                anchors.append(r)
            else:
                uf.union(key_of(anchor), key_of(r))

    # (a) a shared exact figure on a compatible day
    by_figure: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        day = day_of(r)
        if day is None:
            continue
        for field, values in figures[key_of(r)].items():
            for value in values:
                by_figure[(r["attacker"], day, field, value)].append(r)
    for group in sorted(by_figure.values(), key=len, reverse=True):
        if len(group) > 1:
            merge_all(group)
    # (b) one overnight wave per side per day: dated reports that both carry launch/interception figures
    by_day: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        if r["event_date"] is not None and any(r[f] is not None for f in COUNT_FIELDS[:4]):
            by_day[(r["attacker"], r["event_date"])].append(r)
    for group in by_day.values():
        if len(group) > 1:
            merge_all(group)

    members: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        members[uf.find((r["article_id"], r["report_key"]))].append(r)
    claim_rows = strike_claims.to_dicts()
    claims_by_key: dict[tuple, list[dict]] = defaultdict(list)
    for c in claim_rows:
        claims_by_key[(c["article_id"], c["report_key"])].append(c)

    out: list[dict] = []
    mapping: dict[tuple[str, str], str] = {}
    for root, group in members.items():
        strike_id = stable_id("strike", group[0]["attacker"], *_first_reported(group, ingested))
        for r in group:
            mapping[(r["article_id"], r["report_key"])] = strike_id
        group_claims = [c for r in group for c in claims_by_key[(r["article_id"], r["report_key"])]]
        row = {"strike_id": strike_id, "attacker": group[0]["attacker"], "target_country": group[0]["target_country"]}
        dated = [r["event_date"] for r in group if r["event_date"] is not None]
        if dated:
            row["event_date"], row["date_precision"] = Counter(dated).most_common(1)[0][0], "day"
        else:
            row["event_date"] = None
            precisions = [r["date_precision"] for r in group if r["date_precision"] != "day"]
            row["date_precision"] = precisions[0] if precisions else "unknown"
        for field in COUNT_FIELDS:
            exact = [c for c in group_claims if c["field"] == field and c["value_num"] is not None]
            sources: dict[float, set[str]] = defaultdict(set)
            for c in exact:
                sources[c["value_num"]].add(c["article_id"])
            value = choose_value([(c["value_num"], c["claimant"], len(sources[c["value_num"]]), c["sentence_idx"]) for c in exact])
            row[field] = int(value) if value is not None else None
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
    return pl.DataFrame(out, schema=STRIKE_SCHEMA), mapping


def consolidate_talks(reports: pl.DataFrame,
                      ingested: dict[str, datetime] | None = None) -> tuple[pl.DataFrame, dict[tuple[str, str], str]]:
    """Same location and overlapping dates (±1 day) -> one meeting. An undated mention of a place
    joins that place's meeting when there is exactly one dated one; otherwise it stays its own row."""
    rows = reports.sort("article_id", "report_key").to_dicts()
    by_location: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_location[r["location"]].append(r)
    clusters: list[list[dict]] = []
    for location, items in by_location.items():
        dated = sorted((r for r in items if r["start_date"] is not None), key=lambda r: r["start_date"])
        loc_clusters: list[list[dict]] = []
        for r in dated:
            for cluster in loc_clusters:
                c_start = min(x["start_date"] for x in cluster)
                c_end = max(x["end_date"] or x["start_date"] for x in cluster)
                r_end = r["end_date"] or r["start_date"]
                if (r["start_date"] - c_end).days <= 1 and (c_start - r_end).days <= 1:
                    cluster.append(r)
                    break
            else:
                loc_clusters.append([r])
        undated = [r for r in items if r["start_date"] is None]
        if undated:
            if len(loc_clusters) == 1:
                loc_clusters[0].extend(undated)
            else:
                loc_clusters.append(undated)
        clusters.extend(loc_clusters)
    out: list[dict] = []
    mapping: dict[tuple[str, str], str] = {}
    for cluster in clusters:
        starts = [r["start_date"] for r in cluster if r["start_date"] is not None]
        ends = [r["end_date"] or r["start_date"] for r in cluster if r["start_date"] is not None]
        start = min(starts) if starts else None
        talk_id = stable_id("talk", cluster[0]["location"], *_first_reported(cluster, ingested))
        for r in cluster:
            mapping[(r["article_id"], r["report_key"])] = talk_id
        participants: list[str] = []
        parties: list[str] = []
        for r in cluster:
            participants += [p for p in (r["participants"] or []) if p not in participants]
            parties += [p for p in (r["parties"] or []) if p not in parties]
        article_ids = sorted({r["article_id"] for r in cluster})
        out.append({
            "talk_id": talk_id, "start_date": start, "end_date": max(ends) if ends else None,
            "location": cluster[0]["location"], "country": next((r["country"] for r in cluster if r["country"]), None),
            "participants": participants, "parties": parties,
            "outcome": "held" if any(r["status"] == "held" for r in cluster) else (cluster[0]["status"] or "held"),
            "source_count": len(article_ids), "article_ids": article_ids,
        })
    return pl.DataFrame(out, schema=TALK_SCHEMA), mapping


def consolidate_proposals(reports: pl.DataFrame, claims: pl.DataFrame, published: dict[str, date | None]):
    """Plans are identified by their version name ('28-point plan'); provisions and stances come
    from the plan's claims."""
    rows = reports.sort("article_id", "report_key").to_dicts()
    by_name: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_name[r["name"]].append(r)
    proposals: list[dict] = []
    mapping: dict[tuple[str, str], str] = {}
    for name, group in by_name.items():
        proposal_id = stable_id("proposal", name)
        for r in group:
            mapping[(r["article_id"], r["report_key"])] = proposal_id
        sponsors: list[str] = []
        for r in group:
            sponsors += [s for s in (r["sponsors"] or []) if s not in sponsors]
        dates = [d for d in (published.get(r["article_id"]) for r in group) if d is not None]
        dates += [r["reported_on"] for r in group if r.get("reported_on")]
        statuses = [r["status"] for r in group if r["status"]]
        article_ids = sorted({r["article_id"] for r in group})
        proposals.append({
            "proposal_id": proposal_id, "name": name, "point_count": next((r["point_count"] for r in group if r["point_count"] is not None), None), "sponsors": sponsors,
            "first_reported": min(dates) if dates else None,
            "status": "revised" if "revised" in statuses else (statuses[0] if statuses else "proposed"),
            "source_count": len(article_ids), "article_ids": article_ids,
        })
    proposal_claims = claims.filter(pl.col("fact_table") == "proposals").to_dicts()
    provisions: list[dict] = []
    stances: list[dict] = []
    seen: set[tuple] = set()
    for c in proposal_claims:
        proposal_id = mapping.get((c["article_id"], c["report_key"]))
        if proposal_id is None:
            continue
        field = c["field"]
        if field.startswith("provision:"):
            category = field.split(":", 1)[1]
            # A number stated twice is one provision (its sentences stay in claims); text-only
            # provisions are distinct clauses.
            key = (proposal_id, category, c["value_num"]) if c["value_num"] is not None else (proposal_id, category, c["evidence"])
            if key not in seen:
                seen.add(key)
                provisions.append({"proposal_id": proposal_id, "category": category, "text": c["evidence"],
                                   "value": c["value_num"], "unit": "personnel" if category == "troop_cap" else None})
        elif field.startswith("stance:"):
            party = field.split(":", 1)[1]
            key = (proposal_id, party, c["value"], c["evidence"])
            if key not in seen:
                seen.add(key)
                stances.append({"proposal_id": proposal_id, "party": party, "stance": c["value"], "evidence": c["evidence"]})
    return (pl.DataFrame(proposals, schema=PROPOSAL_SCHEMA), mapping,
            pl.DataFrame(provisions, schema=PROVISION_SCHEMA), pl.DataFrame(stances, schema=STANCE_SCHEMA))


def curated_claims(claims: pl.DataFrame, mappings: dict[str, dict[tuple[str, str], str]]) -> pl.DataFrame:
    """Report claims re-keyed to curated fact ids (claims of reports that produced no fact are dropped
    only if their table has no mapping for them, which cannot happen for consolidated tables)."""
    out: list[dict] = []
    for c in claims.to_dicts():
        fact_id = mappings.get(c["fact_table"], {}).get((c["article_id"], c["report_key"]))
        if fact_id is None:
            continue
        row = {k: c[k] for k in CLAIM_SCHEMA if k in c}
        row["fact_id"] = fact_id
        row["claim_id"] = stable_id("claim", c["fact_table"], fact_id, c["article_id"], c["field"],
                                    c["sentence_idx"], c["char_start"], c["value"])
        out.append(row)
    frame = pl.DataFrame(out, schema=CLAIM_SCHEMA)
    return frame.unique("claim_id", keep="first", maintain_order=True)
