"""transforms.consolidate: per-article reports -> curated facts. Strike reports come from
extract_strikes on hand-written articles; talks and proposals from small report rows."""

from __future__ import annotations

from datetime import date

import polars as pl
from helpers import strikes_of

from transforms.consolidate import (
    CLAIM_SCHEMA,
    consolidate_proposals,
    consolidate_strikes,
    consolidate_talks,
    curated_claims,
    stable_id,
)

COUNTS = {f: pl.Int32 for f in ("drones_launched", "missiles_launched", "drones_intercepted",
                                 "missiles_intercepted", "killed", "injured")}
STRIKE_REPORTS = {
    "article_id": pl.String, "report_key": pl.String, "attacker": pl.String, "target_country": pl.String,
    "event_date": pl.Date, "date_precision": pl.String, "event_month": pl.Int32, "event_day": pl.Int32, **COUNTS,
    "weapons": pl.List(pl.String), "locations": pl.List(pl.String), "targets": pl.List(pl.String), "claimant": pl.String,
}
TALK_REPORTS = {
    "article_id": pl.String, "report_key": pl.String, "location": pl.String, "country": pl.String,
    "start_date": pl.Date, "end_date": pl.Date, "date_precision": pl.String,
    "participants": pl.List(pl.String), "parties": pl.List(pl.String), "status": pl.String,
}
PROPOSAL_REPORTS = {
    "article_id": pl.String, "report_key": pl.String, "name": pl.String, "point_count": pl.Int32,
    "sponsors": pl.List(pl.String), "status": pl.String, "reported_on": pl.Date,
}
CLAIMS = {
    "article_id": pl.String, "fact_table": pl.String, "report_key": pl.String, "field": pl.String,
    "value": pl.String, "value_num": pl.Float64, "qualifier": pl.String, "low": pl.Float64, "high": pl.Float64,
    "claimant": pl.String, "sentence_idx": pl.Int32, "char_start": pl.Int64, "char_end": pl.Int64, "evidence": pl.String,
}


def frame(rows: list[dict], schema: dict) -> pl.DataFrame:
    return pl.DataFrame([{k: r.get(k) for k in schema} for r in rows], schema=schema)


def extracted(*articles: tuple[str, str, date | None]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(strike reports, claims) frames for (article_id, body, published) triples."""
    reports: list[dict] = []
    claims: list[dict] = []
    for article_id, body, published in articles:
        r, c = strikes_of(body, published, article_id)
        reports += r
        claims += c
    return frame(reports, STRIKE_REPORTS), frame(claims, CLAIMS)


def strikes(*articles):
    reports, claims = extracted(*articles)
    curated, mapping = consolidate_strikes(reports, claims)
    return curated, mapping, reports, claims


# ------------------------------------------------------------ strikes
WAVE_A = ("Russia launched 212 drones and 17 missiles at Ukraine overnight. Air defence shot down 188 drones "
          "and 12 missiles, the air force said.")
WAVE_B = ("Ukraine's air force said Russia had fired 212 drones and 17 missiles overnight, and that 188 drones "
          "were shot down. Two people were injured in Lviv.")


def test_same_wave_from_two_articles_is_one_strike():
    curated, mapping, reports, claims = strikes(("a1", WAVE_A, date(2025, 12, 14)), ("a2", WAVE_B, date(2025, 12, 14)))
    assert curated.height == 1
    row = curated.row(0, named=True)
    assert row["source_count"] == 2 and row["article_ids"] == ["a1", "a2"]
    assert row["event_date"] == date(2025, 12, 14) and row["date_precision"] == "day"
    assert (row["drones_launched"], row["missiles_launched"], row["drones_intercepted"],
            row["missiles_intercepted"], row["injured"]) == (212, 17, 188, 12, 2)
    assert set(mapping.values()) == {row["strike_id"]}
    cc = curated_claims(claims, {"strikes": mapping})
    assert cc.height == claims.height
    assert set(cc["article_id"]) == {"a1", "a2"}
    assert set(cc["fact_id"]) == {row["strike_id"]}


def test_undated_article_merges_with_dated_one_on_a_shared_figure():
    undated = "On December 13, Russia attacked Ukraine with 212 drones, the air force said."
    curated, mapping, reports, _ = strikes(("a1", WAVE_A, date(2025, 12, 13)), ("a2", undated, None))
    assert reports.filter(pl.col("article_id") == "a2")["event_date"].to_list() == [None]
    assert curated.height == 1
    row = curated.row(0, named=True)
    assert row["source_count"] == 2
    assert row["event_date"] == date(2025, 12, 13) and row["date_precision"] == "day"


def test_undated_article_without_a_shared_figure_stays_apart():
    undated = "On December 13, Russia attacked Ukraine with 300 drones, the air force said."
    curated, *_ = strikes(("a1", WAVE_A, date(2025, 12, 13)), ("a2", undated, None))
    assert curated.height == 2
    assert sorted(curated["source_count"].to_list()) == [1, 1]


def test_month_day_must_agree_to_merge():
    undated = "On December 12, Russia attacked Ukraine with 212 drones, the air force said."
    curated, *_ = strikes(("a1", WAVE_A, date(2025, 12, 13)), ("a2", undated, None))
    assert curated.height == 2


def test_different_days_are_different_strikes():
    curated, *_ = strikes(("a1", WAVE_A, date(2025, 12, 13)), ("a2", WAVE_A, date(2025, 12, 14)))
    assert curated.height == 2
    assert sorted(curated["event_date"].to_list()) == [date(2025, 12, 13), date(2025, 12, 14)]


def test_same_day_waves_with_different_figures_merge_when_both_dated():
    other = "Russia attacked Ukraine overnight with 215 drones; 190 were downed."
    curated, *_ = strikes(("a1", WAVE_A, date(2025, 12, 13)), ("a2", other, date(2025, 12, 13)))
    assert curated.height == 1
    # two unattributed, single-source figures conflict: the larger one
    row = curated.row(0, named=True)
    assert row["drones_launched"] == 215 and row["drones_intercepted"] == 190
    assert row["missiles_launched"] == 17 and row["source_count"] == 2
    # an attributed figure beats an unattributed one, even a larger one
    official = "Ukraine's air force said Russia launched 205 drones overnight and that 180 were shot down."
    curated, *_ = strikes(("a1", WAVE_A, date(2025, 12, 13)), ("a2", official, date(2025, 12, 13)))
    row = curated.row(0, named=True)
    assert (row["drones_launched"], row["drones_intercepted"], row["source_count"]) == (205, 180, 2)


def test_different_attackers_never_merge():
    russian = "Russia's defence ministry said air defences destroyed 212 Ukrainian drones overnight."
    curated, *_ = strikes(("a1", WAVE_A, date(2025, 12, 13)), ("a2", russian, date(2025, 12, 13)))
    assert sorted(curated["attacker"].to_list()) == ["Russia", "Ukraine"]


def test_reports_of_one_article_are_never_merged():
    two_waves = ("Russia attacked Ukraine overnight with 150 drones. Ukrainian air defence shot down 130 of them. "
                 "During the day, Russia launched another 40 drones at Sumy, of which 30 were destroyed.")
    # the second article repeats a figure of each wave: it can join only one of them
    echo = "Russia launched 150 drones overnight and 40 more in the daytime, officials said; 30 were destroyed."
    curated, mapping, reports, _ = strikes(("a1", two_waves, date(2025, 12, 13)), ("a2", echo, date(2025, 12, 13)))
    a1_keys = [k for k in mapping if k[0] == "a1"]
    assert len(a1_keys) == 2
    assert mapping[a1_keys[0]] != mapping[a1_keys[1]]
    assert curated.height == 2
    assert all(len(ids) == len(set(ids)) for ids in curated["article_ids"].to_list())


def _synthetic(values: list[tuple[str, float, str | None]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Reports of one wave on one day, each with one drones_launched claim (article, value, claimant)."""
    reports, claims = [], []
    for i, (article_id, value, claimant) in enumerate(values):
        key = "strike:Russia:day-2025-12-13:all"
        reports.append({"article_id": article_id, "report_key": key, "attacker": "Russia", "target_country": "Ukraine",
                        "event_date": date(2025, 12, 13), "date_precision": "day", "event_month": 12, "event_day": 13,
                        "drones_launched": int(value), "weapons": ["drone"], "locations": [], "targets": [],
                        "claimant": claimant})
        claims.append({"article_id": article_id, "fact_table": "strikes", "report_key": key, "field": "drones_launched",
                       "value": str(int(value)), "value_num": value, "qualifier": "exact", "claimant": claimant,
                       "sentence_idx": 0, "char_start": 10, "char_end": 13, "evidence": f"{value} drones"})
    return frame(reports, STRIKE_REPORTS), frame(claims, CLAIMS)


def test_choose_value_attributed_beats_unattributed():
    curated, _ = consolidate_strikes(*_synthetic([("a", 500, None), ("b", 500, None), ("c", 480, "Air Force")]))
    assert curated.height == 1 and curated["drones_launched"][0] == 480


def test_choose_value_more_sources_then_larger():
    curated, _ = consolidate_strikes(*_synthetic([("a", 500, None), ("b", 480, None), ("c", 480, None)]))
    assert curated["drones_launched"][0] == 480
    curated, _ = consolidate_strikes(*_synthetic([("a", 500, None), ("b", 480, None)]))
    assert curated["drones_launched"][0] == 500


def test_strike_ids_are_stable():
    first, map1, _, claims = strikes(("a1", WAVE_A, date(2025, 12, 14)), ("a2", WAVE_B, date(2025, 12, 14)))
    second, map2, _, _ = strikes(("a2", WAVE_B, date(2025, 12, 14)), ("a1", WAVE_A, date(2025, 12, 14)))
    assert first["strike_id"].to_list() == second["strike_id"].to_list()
    assert map1 == map2
    ids1 = curated_claims(claims, {"strikes": map1})["claim_id"].to_list()
    ids2 = curated_claims(claims, {"strikes": map2})["claim_id"].to_list()
    assert ids1 == ids2 and len(set(ids1)) == len(ids1)


def test_empty_input():
    curated, mapping = consolidate_strikes(frame([], STRIKE_REPORTS), frame([], CLAIMS))
    assert curated.height == 0 and mapping == {}


# ------------------------------------------------------------ talks
def talk(article_id, location, start=None, end=None, participants=(), status="held", key=None):
    return {"article_id": article_id, "report_key": key or f"talk:{location}", "location": location,
            "country": {"Miami": "United States", "Geneva": "Switzerland"}.get(location),
            "start_date": start, "end_date": end, "date_precision": "day" if start else "unknown",
            "participants": list(participants), "parties": [], "status": status}


def test_talks_same_place_overlapping_dates_merge():
    rows = [talk("a1", "Miami", date(2025, 11, 30), date(2025, 12, 1), ["Steve Witkoff"]),
            talk("a2", "Miami", date(2025, 12, 2), None, ["Rustem Umerov"]),  # the next day: ±1 day
            talk("a3", "Miami", date(2025, 12, 20), None)]
    curated, mapping = consolidate_talks(frame(rows, TALK_REPORTS))
    assert curated.height == 2
    first = curated.filter(pl.col("start_date") == date(2025, 11, 30)).row(0, named=True)
    assert first["end_date"] == date(2025, 12, 2)
    assert first["participants"] == ["Steve Witkoff", "Rustem Umerov"]
    assert first["source_count"] == 2 and first["article_ids"] == ["a1", "a2"]
    assert mapping[("a1", "talk:Miami")] == mapping[("a2", "talk:Miami")] != mapping[("a3", "talk:Miami")]


def test_undated_talk_joins_the_single_dated_meeting():
    rows = [talk("a1", "Geneva", date(2025, 11, 23)), talk("a2", "Geneva")]
    curated, mapping = consolidate_talks(frame(rows, TALK_REPORTS))
    assert curated.height == 1 and curated["source_count"][0] == 2
    assert curated["start_date"][0] == date(2025, 11, 23)


def test_undated_talk_stays_apart_when_the_place_has_several_meetings():
    rows = [talk("a1", "Geneva", date(2025, 11, 23)), talk("a2", "Geneva", date(2025, 12, 20)), talk("a3", "Geneva")]
    curated, _ = consolidate_talks(frame(rows, TALK_REPORTS))
    assert curated.height == 3
    assert curated["start_date"].null_count() == 1


def test_talks_in_different_places_stay_apart():
    rows = [talk("a1", "Miami", date(2025, 11, 30)), talk("a2", "Geneva", date(2025, 11, 30))]
    curated, _ = consolidate_talks(frame(rows, TALK_REPORTS))
    assert sorted(curated["location"].to_list()) == ["Geneva", "Miami"]


def test_talk_outcome_held_wins():
    rows = [talk("a1", "Miami", date(2025, 11, 30), status="scheduled"), talk("a2", "Miami", date(2025, 11, 30))]
    curated, _ = consolidate_talks(frame(rows, TALK_REPORTS))
    assert curated["outcome"].to_list() == ["held"]


# ------------------------------------------------------------ proposals
def proposal(article_id, name, point_count, sponsors, status="proposed", reported_on=None):
    return {"article_id": article_id, "report_key": f"proposal:{name}", "name": name, "point_count": point_count,
            "sponsors": sponsors, "status": status, "reported_on": reported_on}


def test_proposals_grouped_by_name_with_provisions_and_stances():
    rows = [proposal("a1", "28-point plan", 28, ["United States"]),
            proposal("a2", "28-point plan", 28, ["United States", "Russia"], status="revised"),
            proposal("a2", "20-point plan", 20, ["Ukraine"])]
    base = {"fact_table": "proposals", "qualifier": None, "low": None, "high": None, "claimant": None,
            "sentence_idx": 1, "char_start": 0, "char_end": 5}
    claim_rows = [
        {**base, "article_id": "a1", "report_key": "proposal:28-point plan", "field": "provision:troop_cap",
         "value": "600000", "value_num": 600000.0, "evidence": "Troops capped at 600,000."},
        {**base, "article_id": "a2", "report_key": "proposal:28-point plan", "field": "provision:troop_cap",
         "value": "600000", "value_num": 600000.0, "evidence": "Troops capped at 600,000."},  # duplicate text
        {**base, "article_id": "a2", "report_key": "proposal:28-point plan", "field": "stance:Ukraine",
         "value": "rejects", "value_num": None, "evidence": "Kyiv rejected the cap."},
    ]
    published = {"a1": date(2025, 11, 21), "a2": date(2025, 11, 20)}
    props, mapping, provisions, stances = consolidate_proposals(frame(rows, PROPOSAL_REPORTS), frame(claim_rows, CLAIMS), published)
    assert props.height == 2
    plan = props.filter(pl.col("name") == "28-point plan").row(0, named=True)
    assert plan["point_count"] == 28 and plan["sponsors"] == ["United States", "Russia"]
    assert plan["first_reported"] == date(2025, 11, 20) and plan["status"] == "revised"
    assert plan["source_count"] == 2 and plan["proposal_id"] == stable_id("proposal", "28-point plan")
    assert provisions.height == 1 and provisions["value"][0] == 600000 and provisions["unit"][0] == "personnel"
    assert stances.rows() == [(plan["proposal_id"], "Ukraine", "rejects", "Kyiv rejected the cap.")]
    cc = curated_claims(frame(claim_rows, CLAIMS), {"proposals": mapping})
    assert cc.height == 3 and set(cc["fact_id"]) == {plan["proposal_id"]}


def test_proposal_point_count_from_any_report():
    rows = [proposal("a1", "peace framework", None, ["Ukraine"]), proposal("a2", "peace framework", 20, ["Ukraine"])]
    props, *_ = consolidate_proposals(frame(rows, PROPOSAL_REPORTS), frame([], CLAIMS), {})
    assert props["point_count"].to_list() == [20]


# ------------------------------------------------------------ curated claims
def test_curated_claims_map_every_claim_and_drop_unmapped():
    _, mapping, _, claims = strikes(("a1", WAVE_A, date(2025, 12, 14)))
    stray = claims.head(1).with_columns(pl.lit("nope").alias("report_key"))
    cc = curated_claims(pl.concat([claims, stray]), {"strikes": mapping})
    assert cc.height == claims.height
    assert list(cc.schema) == list(CLAIM_SCHEMA)
    assert cc["fact_id"].null_count() == 0 and cc["claim_id"].n_unique() == cc.height
    assert all(cid.startswith("claim_") for cid in cc["claim_id"])


def test_curated_claims_keep_a_claim_stated_twice_for_one_fact_once():
    """Two reports of one article in the same strike state the same figure from the same sentence:
    one claim, the first by report key (then qualifier), beside the claims that are not repeated."""
    sentence = {"article_id": "a1", "fact_table": "strikes", "field": "drones_launched", "value": "120",
                "value_num": 120.0, "sentence_idx": 3, "char_start": 40, "char_end": 43,
                "evidence": "Russia launched 120 drones overnight."}
    rows = [{**sentence, "report_key": "s2", "qualifier": None},
            {**sentence, "report_key": "s1", "qualifier": "about"},
            {**sentence, "report_key": "s1", "field": "drones_intercepted", "value": "100", "value_num": 100.0},
            {**sentence, "article_id": "a2", "report_key": "s1"}]
    mapping = {("a1", "s1"): "strike_x", ("a1", "s2"): "strike_x", ("a2", "s1"): "strike_x"}
    cc = curated_claims(frame(rows, CLAIMS), {"strikes": mapping})
    kept = cc.select("article_id", "field", "qualifier").sort("article_id", "field").rows()
    assert kept == [("a1", "drones_intercepted", None), ("a1", "drones_launched", "about"), ("a2", "drones_launched", None)]
    assert cc["claim_id"].n_unique() == 3
