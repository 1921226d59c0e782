"""The vectorised parts of transforms.consolidate give what the per-row rules give: report links
(stored in curated.report_facts, so they must never change), curated strike figures
(`choose_value`), provisions and stances (first claim of each key in canonical order) and talk
clusters, on random reports and claims with ties, undated reports, repeated figures and nulls."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, timedelta

import polars as pl
from test_consolidate import CLAIMS, PROPOSAL_REPORTS, STRIKE_REPORTS, TALK_REPORTS, frame

from transforms.consolidate import (
    consolidate_proposals,
    consolidate_strikes,
    consolidate_talks,
    link_id,
    report_links,
    stable_id,
)
from transforms.strikes import COUNT_FIELDS, choose_value


def _random_strikes(seed: int, n: int = 300) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = random.Random(seed)
    reports, claims = [], []
    for i in range(n):
        article_id, report_key = f"a{rng.randrange(n // 2):04d}", f"k{rng.randrange(3)}"
        if any(r["article_id"] == article_id and r["report_key"] == report_key for r in reports):
            continue
        kind = rng.random()
        day = date(2025, 10, 1) + timedelta(days=rng.randrange(8))
        report = {"article_id": article_id, "report_key": report_key, "attacker": rng.choice(["Russia", "Ukraine"]),
                  "target_country": "Ukraine", "date_precision": "day" if kind < 0.6 else "unknown",
                  "event_date": day if kind < 0.6 else None,
                  "event_month": day.month if kind < 0.85 else None,
                  "event_day": (day.day if kind < 0.8 else 0) if kind < 0.85 else None,
                  "weapons": rng.sample(["Shahed", "Kalibr", "Iskander"], rng.randrange(3)),
                  "locations": rng.sample(["Kyiv", "Odesa"], rng.randrange(2)), "targets": []}
        for field in COUNT_FIELDS:
            if rng.random() < 0.4:
                report[field] = rng.choice([0, 5, 12, 40])
            for _ in range(rng.randrange(3)):
                claims.append({"article_id": article_id, "fact_table": "strikes", "report_key": report_key,
                               "field": field, "value_num": rng.choice([None, 0.0, 5.0, 12.0, 40.0, 41.0]),
                               "claimant": rng.choice([None, None, "Air Force"]), "sentence_idx": rng.randrange(5),
                               "evidence": "s"})
        reports.append(report)
    claims.append({"article_id": "zz", "fact_table": "strikes", "report_key": "k0", "field": "killed",
                   "value_num": 3.0, "sentence_idx": 0, "evidence": "no such report"})
    return frame(reports, STRIKE_REPORTS), frame(claims, CLAIMS)


def _links_per_row(strike_reports: pl.DataFrame, claims: pl.DataFrame) -> list[list[int]]:
    """Strike report links computed report by report (the rule of `report_links`)."""
    figures: dict = defaultdict(lambda: defaultdict(set))
    for c in claims.iter_rows(named=True):
        if c["fact_table"] == "strikes" and c["value_num"] is not None and c["field"] in COUNT_FIELDS:
            figures[(c["article_id"], c["report_key"])][c["field"]].add(c["value_num"])
    out = []
    for r in strike_reports.iter_rows(named=True):
        links = []
        if r["event_date"] is not None:
            day = (r["event_date"].month, r["event_date"].day)
        elif r["event_month"] is not None and r["event_day"]:
            day = (r["event_month"], r["event_day"])
        else:
            day = None
        if day is not None:
            for field, values in sorted(figures[(r["article_id"], r["report_key"])].items()):
                links += [link_id("strikes", r["attacker"], day, field, v) for v in sorted(values)]
        if r["event_date"] is not None and any(r[f] is not None for f in COUNT_FIELDS[:4]):
            links.append(link_id("strikes-day", r["attacker"], r["event_date"]))
        out.append(links)
    return out


def test_report_links_match_the_per_report_rule():
    talks = frame([{"article_id": "t1", "report_key": "k", "location": "Istanbul"},
                   {"article_id": "t2", "report_key": "k", "location": "Geneva"}], TALK_REPORTS)
    proposals = frame([{"article_id": "p1", "report_key": "k", "name": "28-point plan"}], PROPOSAL_REPORTS)
    for seed in range(4):
        reports, claims = _random_strikes(seed)
        reports = reports.sample(fraction=1.0, shuffle=True, seed=seed)  # any input order
        links = report_links(reports, talks, proposals, claims)
        strikes = links.filter(pl.col("fact_table") == "strikes")
        assert strikes.select("article_id", "report_key").rows() == reports.select("article_id", "report_key").rows()
        assert strikes["links"].to_list() == _links_per_row(reports, claims)
        others = links.filter(pl.col("fact_table") != "strikes")
        assert others.rows() == [("talks", "t1", "k", [link_id("talks", "Istanbul")]),
                                 ("talks", "t2", "k", [link_id("talks", "Geneva")]),
                                 ("proposals", "p1", "k", [link_id("proposals", "28-point plan")])]


def test_curated_figures_follow_choose_value():
    for seed in range(4):
        reports, claims = _random_strikes(seed)
        curated, mapping = consolidate_strikes(reports, claims)
        exact: dict = defaultdict(list)
        for c in claims.iter_rows(named=True):
            fact = mapping.get((c["article_id"], c["report_key"]))
            if fact is not None and c["value_num"] is not None:
                exact[(fact, c["field"])].append(c)
        for row in curated.iter_rows(named=True):
            for field in COUNT_FIELDS:
                cs = exact[(row["strike_id"], field)]
                sources: dict = defaultdict(set)
                for c in cs:
                    sources[c["value_num"]].add(c["article_id"])
                value = choose_value([(c["value_num"], c["claimant"], len(sources[c["value_num"]]), c["sentence_idx"])
                                      for c in cs])
                assert row[field] == (int(value) if value is not None else None)


def test_provisions_and_stances_keep_the_first_claim_of_each_key():
    rng = random.Random(3)
    reports = frame([{"article_id": f"a{i}", "report_key": "k", "name": rng.choice(["28-point plan", "20-point plan"])}
                     for i in range(12)], PROPOSAL_REPORTS)
    claims = []
    for _ in range(200):
        kind = rng.choice(["provision:troop_cap", "provision:territory", "stance:Ukraine", "stance:Russia", "killed"])
        claims.append({"article_id": f"a{rng.randrange(14)}", "fact_table": rng.choice(["proposals", "proposals", "talks"]),
                       "report_key": "k", "field": kind, "value": rng.choice([None, "support", "reject"]),
                       "value_num": rng.choice([None, 600000.0, 800000.0]), "sentence_idx": rng.randrange(4),
                       "claimant": rng.choice([None, "Kyiv"]), "evidence": rng.choice(["e1", "e2", "e3"])})
    claims = frame(claims, CLAIMS)
    _, mapping, provisions, stances = consolidate_proposals(reports, claims, {})
    want_provisions, want_stances, seen = [], [], set()
    ordered = claims.sort(claims.columns, nulls_last=True)
    for c in ordered.iter_rows(named=True):
        proposal_id = mapping.get((c["article_id"], c["report_key"]))
        if proposal_id is None or c["fact_table"] != "proposals":
            continue
        kind, _, name = c["field"].partition(":")
        if kind == "provision":
            key = (proposal_id, name, c["value_num"]) if c["value_num"] is not None else (proposal_id, name, c["evidence"])
            if key not in seen:
                seen.add(key)
                want_provisions.append((proposal_id, name, c["evidence"], c["value_num"],
                                        "personnel" if name == "troop_cap" else None))
        elif kind == "stance":
            key = (proposal_id, name, c["value"], c["evidence"])
            if key not in seen:
                seen.add(key)
                want_stances.append((proposal_id, name, c["value"], c["evidence"]))
    assert provisions.rows() == want_provisions
    assert stances.rows() == want_stances


def test_talk_clusters_match_the_pairwise_rule():
    rng = random.Random(5)
    rows = []
    for i in range(150):
        start = date(2025, 11, 1) + timedelta(days=rng.randrange(30)) if rng.random() < 0.85 else None
        end = start + timedelta(days=rng.randrange(3)) if start is not None and rng.random() < 0.5 else None
        rows.append({"article_id": f"a{i:03d}", "report_key": "k", "location": rng.choice(["Istanbul", "Geneva", "Riyadh"]),
                     "start_date": start, "end_date": end, "status": "held"})
    talks, mapping = consolidate_talks(frame(rows, TALK_REPORTS))
    # reference: a dated report joins the first cluster of its place whose span it touches (±1 day)
    clusters: dict = defaultdict(list)
    for r in sorted((r for r in rows if r["start_date"] is not None), key=lambda r: (r["article_id"], r["report_key"])):
        clusters[r["location"]].append(r)
    for location, items in clusters.items():
        found: list[list[dict]] = []
        for r in sorted(items, key=lambda r: r["start_date"]):
            for cluster in found:
                c_start = min(x["start_date"] for x in cluster)
                c_end = max(x["end_date"] or x["start_date"] for x in cluster)
                if (r["start_date"] - c_end).days <= 1 and (c_start - (r["end_date"] or r["start_date"])).days <= 1:
                    cluster.append(r)
                    break
            else:
                found.append([r])
        for cluster in found:
            assert len({mapping[(r["article_id"], "k")] for r in cluster}) == 1
        assert len({mapping[(r["article_id"], "k")] for r in items}) == len(found)


def _plan_rows_one_by_one(reports: pl.DataFrame, published: dict) -> list[tuple]:
    """The plan rule read row by row: reports in (article_id, report_key) order, plans in order of
    their first report."""
    plans: dict[str, list[dict]] = {}
    for r in reports.sort("article_id", "report_key").iter_rows(named=True):
        plans.setdefault(r["name"], []).append(r)
    out = []
    for name, group in plans.items():
        sponsors = []  # each once, in order of first mention (also when one report names it twice)
        for r in group:
            for sponsor in r["sponsors"] or []:
                if sponsor not in sponsors:
                    sponsors.append(sponsor)
        dates = [published[r["article_id"]] for r in group if published.get(r["article_id"])]
        dates += [r["reported_on"] for r in group if r["reported_on"]]
        statuses = [r["status"] for r in group if r["status"]]
        status = "revised" if "revised" in statuses else (statuses[0] if statuses else "proposed")
        counts = [r["point_count"] for r in group if r["point_count"] is not None]
        articles = sorted({r["article_id"] for r in group})
        out.append((name, counts[0] if counts else None, sponsors, min(dates) if dates else None, status,
                    len(articles), articles))
    return out


def test_plan_rows_follow_the_reports_in_order():
    for seed in range(12):
        rng = random.Random(seed)
        rows, keys = [], set()
        for _ in range(rng.randrange(1, 120)):
            article_id, report_key = f"a{rng.randrange(60):03d}", f"proposal:{rng.randrange(3)}"
            if (article_id, report_key) in keys:
                continue
            keys.add((article_id, report_key))
            rows.append({"article_id": article_id, "report_key": report_key,
                         "name": rng.choice(["28-point plan", "20-point plan", "peace framework", "12-point plan"]),
                         "point_count": rng.choice([None, None, 20, 28]),
                         "sponsors": rng.choice([None, [], ["Ukraine"], ["United States", "Russia"], ["Russia", "Ukraine", "Russia"]]),
                         "status": rng.choice([None, "", "proposed", "revised", "rejected"]),
                         "reported_on": rng.choice([None, date(2025, 11, 1) + timedelta(days=rng.randrange(30))])})
        rng.shuffle(rows)
        published = {f"a{i:03d}": rng.choice([None, date(2025, 10, 20) + timedelta(days=rng.randrange(40))])
                     for i in range(0, 60, 2)}
        plans, mapping, _, _ = consolidate_proposals(frame(rows, PROPOSAL_REPORTS), frame([], CLAIMS), published)
        got = plans.select("name", "point_count", "sponsors", "first_reported", "status", "source_count", "article_ids").rows()
        assert got == _plan_rows_one_by_one(frame(rows, PROPOSAL_REPORTS), published), seed
        ids = dict(zip(plans["name"], plans["proposal_id"]))
        assert mapping == {(r["article_id"], r["report_key"]): ids[r["name"]] for r in rows}


def _talk_rows_one_by_one(rows: list[dict], ingested: dict) -> list[tuple]:
    """The meeting rule read report by report (clusters in the order the rule makes them, places
    in order of their first report), as (talk_id, ..., article_ids) rows."""
    places: dict[str, list[dict]] = {}
    for r in sorted(rows, key=lambda r: (r["article_id"], r["report_key"])):
        places.setdefault(r["location"], []).append(r)
    out = []
    for location, items in places.items():
        meetings: list[list[dict]] = []
        for r in sorted((r for r in items if r["start_date"]), key=lambda r: r["start_date"]):
            for meeting in meetings:
                first = min(x["start_date"] for x in meeting)
                last = max(x["end_date"] or x["start_date"] for x in meeting)
                if (r["start_date"] - last).days <= 1 and (first - (r["end_date"] or r["start_date"])).days <= 1:
                    meeting.append(r)
                    break
            else:
                meetings.append([r])
        undated = [r for r in items if not r["start_date"]]
        if undated and len(meetings) == 1:
            meetings[0] += undated
        elif undated:
            meetings.append(undated)
        for meeting in meetings:
            names = {"participants": [], "parties": []}
            for r in meeting:
                for column, seen in names.items():
                    for name in r[column] or []:
                        if name not in seen:
                            seen.append(name)
            dated = [r for r in meeting if r["start_date"]]
            first = min(meeting, key=lambda r: (ingested.get(r["article_id"]) or datetime.max, r["article_id"], r["report_key"]))
            articles = sorted({r["article_id"] for r in meeting})
            out.append((stable_id("talk", location, first["article_id"], first["report_key"]),
                        min((r["start_date"] for r in dated), default=None),
                        max((r["end_date"] or r["start_date"] for r in dated), default=None), location,
                        next((r["country"] for r in meeting if r["country"]), None), names["participants"], names["parties"],
                        "held" if any(r["status"] == "held" for r in meeting) else (meeting[0]["status"] or "held"),
                        len(articles), articles))
    return out


def test_talk_rows_follow_the_rule_report_by_report():
    for seed in range(15):
        rng = random.Random(seed)
        rows, keys = [], set()
        for _ in range(rng.randrange(1, 150)):
            article_id, report_key = f"a{rng.randrange(80):03d}", f"talk:{rng.randrange(2)}"
            if (article_id, report_key) in keys:
                continue
            keys.add((article_id, report_key))
            start = date(2025, 11, 1) + timedelta(days=rng.randrange(25)) if rng.random() < 0.8 else None
            # mostly an end on or after the start; sometimes none, sometimes (bad data) before it
            end = start + timedelta(days=rng.choice([0, 1, 2, 4, -3] if seed % 3 == 0 else [0, 1, 2, 4])) \
                if start is not None and rng.random() < 0.5 else None
            rows.append({"article_id": article_id, "report_key": report_key,
                         "location": rng.choice(["Istanbul", "Geneva", "Riyadh", "Abu Dhabi"]),
                         "country": rng.choice([None, "", "Turkey"]), "start_date": start, "end_date": end,
                         "date_precision": "day" if start else "unknown",
                         "participants": rng.choice([None, [], ["Rustem Umerov"], ["Steve Witkoff", "Rustem Umerov"]]),
                         "parties": rng.choice([None, ["Ukraine"], ["Russia", "Ukraine"], ["United States", "Ukraine", "United States"]]),
                         "status": rng.choice([None, "", "held", "scheduled"])})
        rng.shuffle(rows)
        ingested = {f"a{i:03d}": datetime(2025, 12, 1) + timedelta(hours=rng.randrange(5))
                    for i in range(80) if rng.random() < 0.7}
        talks, mapping = consolidate_talks(frame(rows, TALK_REPORTS), ingested)
        assert talks.rows() == _talk_rows_one_by_one(rows, ingested), seed
        assert len(mapping) == len(rows)
        for talk_id, articles in talks.select("talk_id", "article_ids").iter_rows():
            assert sorted({a for (a, _), t in mapping.items() if t == talk_id}) == articles
