"""Tests for transforms.evaluate (hand-built frames, hand-written gold)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.evaluate import (
    NUMERIC_FIELDS,
    EvalReport,
    Predictions,
    Score,
    evaluate,
    evaluate_warehouse,
    format_report,
    load_gold,
    load_predictions,
)

D = dt.date


# ---------------------------------------------------------------- builders
def articles(*stems: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "article_id": [f"a_{s}" for s in stems],
            "source_path": [f"/data/articles/{s}.txt" for s in stems],
        },
        schema={"article_id": pl.String, "source_path": pl.String},
    )


def strike(sid: str, attacker: str, date: dt.date | None, arts: list[str], **vals) -> dict:
    row = {"strike_id": sid, "event_date": date, "attacker": attacker, "article_ids": arts}
    row.update({f: vals.get(f) for f in NUMERIC_FIELDS})
    return row


def strikes_df(*rows: dict) -> pl.DataFrame:
    schema = {
        "strike_id": pl.String,
        "event_date": pl.Date,
        "attacker": pl.String,
        **{f: pl.Int64 for f in NUMERIC_FIELDS},
        "article_ids": pl.List(pl.String),
    }
    return pl.DataFrame(list(rows), schema=schema)


def claims_for(rows: list[dict], article: str | None = None) -> list[dict]:
    """One exact claim per non-null numeric value, by each linked article."""
    out = []
    for r in rows:
        for aid in [article] if article else r["article_ids"]:
            for k, f in enumerate(NUMERIC_FIELDS):
                if r[f] is not None:
                    out.append(claim(r["strike_id"], f, r[f], aid, sentence_idx=k))
    return out


def claim(sid: str, f: str, value: float | None, aid: str, sentence_idx: int = 0,
          fact_table: str = "strikes") -> dict:
    return {
        "claim_id": f"c_{sid}_{f}_{aid}_{sentence_idx}_{value}",
        "fact_table": fact_table,
        "fact_id": sid,
        "field": f,
        "value_num": None if value is None else float(value),
        "article_id": aid,
        "sentence_idx": sentence_idx,
        "char_start": 0,
    }


def claims_df(rows: list[dict]) -> pl.DataFrame:
    schema = {
        "claim_id": pl.String,
        "fact_table": pl.String,
        "fact_id": pl.String,
        "field": pl.String,
        "value_num": pl.Float64,
        "article_id": pl.String,
        "sentence_idx": pl.Int64,
        "char_start": pl.Int64,
    }
    return pl.DataFrame(rows, schema=schema)


def strike_preds(stems: list[str], rows: list[dict], extra_claims: list[dict] = ()) -> Predictions:
    return Predictions(
        articles=articles(*stems),
        strikes=strikes_df(*rows),
        claims=claims_df(claims_for(rows) + list(extra_claims)),
    )


def gstrike(attacker: str, date: str | None, **vals) -> dict:
    g = {"attacker": attacker, "event_date": date, "locations": [], "note": ""}
    g.update({f: vals.get(f) for f in NUMERIC_FIELDS})
    return g


def gold_doc(stem: str, strikes=(), talks=(), proposals=()) -> dict:
    return {
        "article": f"{stem}.txt",
        "url": None,
        "published": None,
        "strikes": list(strikes),
        "talks": list(talks),
        "proposals": list(proposals),
    }


def talk(tid: str, location: str | None, start: dt.date | None, arts: list[str]) -> dict:
    return {"talk_id": tid, "start_date": start, "location": location, "country": None,
            "article_ids": arts}


def talks_df(*rows: dict) -> pl.DataFrame:
    schema = {"talk_id": pl.String, "start_date": pl.Date, "location": pl.String,
              "country": pl.String, "article_ids": pl.List(pl.String)}
    return pl.DataFrame(list(rows), schema=schema)


def gtalk(location: str | None, start: str | None) -> dict:
    return {"location": location, "country": None, "start_date": start, "end_date": start,
            "participants": [], "note": ""}


def proposals_df(*rows: tuple[str, int | None, list[str]]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"proposal_id": p, "name": None, "point_count": pc, "article_ids": a}
         for p, pc, a in rows],
        schema={"proposal_id": pl.String, "name": pl.String, "point_count": pl.Int64,
                "article_ids": pl.List(pl.String)},
    )


def provisions_df(*rows: tuple[str, str, float]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"proposal_id": p, "category": c, "value": v, "unit": "personnel"} for p, c, v in rows],
        schema={"proposal_id": pl.String, "category": pl.String, "value": pl.Float64,
                "unit": pl.String},
    )


def gprop(pc: int | None, troop_cap: int | None = None) -> dict:
    return {"point_count": pc, "sponsors": ["United States"],
            "provisions_numeric": {} if troop_cap is None else {"troop_cap": troop_cap},
            "note": ""}


FULL = dict(drones_launched=653, missiles_launched=51, drones_intercepted=585,
            missiles_intercepted=30, injured=8)


# ---------------------------------------------------------------- Score
def test_score_edge_cases():
    assert (Score().precision, Score().recall, Score().f1) == (1.0, 1.0, 1.0)
    s = Score(tp=0, n_pred=0, n_gold=3)
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
    s = Score(tp=0, n_pred=2, n_gold=0)
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
    s = Score(tp=1, n_pred=2, n_gold=4)
    assert s.precision == 0.5 and s.recall == 0.25 and s.f1 == pytest.approx(1 / 3)


# ---------------------------------------------------------------- strikes
def test_strikes_exact_match_is_perfect():
    rows = [strike("s1", "Russia", D(2025, 12, 6), ["a_x"], **FULL)]
    gold = [gold_doc("x", strikes=[gstrike("Russia", "2025-12-06", **FULL)])]
    r = evaluate(gold, strike_preds(["x"], rows))
    assert (r.strikes.tp, r.strikes.n_pred, r.strikes.n_gold) == (5, 5, 5)
    assert r.strikes.precision == r.strikes.recall == r.strikes.f1 == 1.0
    assert r.articles_scored == 1 and r.missing == []


def test_wrong_number_lowers_precision():
    vals = dict(FULL, missiles_launched=50)
    rows = [strike("s1", "Russia", D(2025, 12, 6), ["a_x"], **vals)]
    gold = [gold_doc("x", strikes=[gstrike("Russia", "2025-12-06", **FULL)])]
    r = evaluate(gold, strike_preds(["x"], rows))
    assert (r.strikes.tp, r.strikes.n_pred, r.strikes.n_gold) == (4, 5, 5)
    assert r.strikes.precision == pytest.approx(0.8)
    assert any("wrong missiles_launched" in d and "pred 50" in d for d in r.details)


def test_missing_number_lowers_recall_only():
    vals = dict(FULL, injured=None)
    rows = [strike("s1", "Russia", D(2025, 12, 6), ["a_x"], **vals)]
    gold = [gold_doc("x", strikes=[gstrike("Russia", "2025-12-06", **FULL)])]
    r = evaluate(gold, strike_preds(["x"], rows))
    assert (r.strikes.tp, r.strikes.n_pred, r.strikes.n_gold) == (4, 4, 5)
    assert r.strikes.precision == 1.0 and r.strikes.recall == pytest.approx(0.8)
    assert any("missed injured" in d for d in r.details)


@pytest.mark.parametrize(
    ("pred_date", "gold_date"),
    [(None, "2025-12-06"), (D(2025, 12, 6), None), (None, None)],
)
def test_null_date_matches_any(pred_date, gold_date):
    rows = [strike("s1", "Russia", pred_date, ["a_x"], killed=4)]
    gold = [gold_doc("x", strikes=[gstrike("Russia", gold_date, killed=4)])]
    r = evaluate(gold, strike_preds(["x"], rows))
    assert r.strikes.tp == 1


@pytest.mark.parametrize(("pred_date", "tp"), [(D(2025, 12, 5), 1), (D(2025, 12, 7), 1),
                                               (D(2025, 12, 8), 0), (D(2025, 12, 4), 0)])
def test_date_tolerance_one_day(pred_date, tp):
    rows = [strike("s1", "Russia", pred_date, ["a_x"], killed=4)]
    gold = [gold_doc("x", strikes=[gstrike("Russia", "2025-12-06", killed=4)])]
    r = evaluate(gold, strike_preds(["x"], rows))
    assert r.strikes.tp == tp
    assert (r.strikes.n_pred, r.strikes.n_gold) == (1, 1)


def test_attacker_mismatch_does_not_match():
    rows = [strike("s1", "Ukraine", None, ["a_x"], drones_intercepted=32)]
    gold = [gold_doc("x", strikes=[gstrike("Russia", None, drones_intercepted=32)])]
    r = evaluate(gold, strike_preds(["x"], rows))
    assert (r.strikes.tp, r.strikes.n_pred, r.strikes.n_gold) == (0, 1, 1)
    assert any("unmatched" in d for d in r.details)


def test_attacker_case_insensitive():
    rows = [strike("s1", "russia", None, ["a_x"], killed=2)]
    gold = [gold_doc("x", strikes=[gstrike("Russia", None, killed=2)])]
    assert evaluate(gold, strike_preds(["x"], rows)).strikes.tp == 1


def test_unmatched_predicted_row_counts_in_precision():
    rows = [
        strike("s1", "Russia", D(2025, 12, 6), ["a_x"], **FULL),
        strike("s2", "Ukraine", D(2025, 12, 6), ["a_x"], drones_intercepted=121, killed=1),
    ]
    gold = [gold_doc("x", strikes=[gstrike("Russia", "2025-12-06", **FULL)])]
    r = evaluate(gold, strike_preds(["x"], rows))
    assert (r.strikes.tp, r.strikes.n_pred, r.strikes.n_gold) == (5, 7, 5)


def test_one_to_one_assignment_maximises_overlap():
    # Two gold Ukraine rows with null dates; the pred rows must pair with the
    # gold rows sharing their numbers, not just the first compatible one.
    rows = [
        strike("s1", "Ukraine", D(2025, 12, 24), ["a_x"], drones_intercepted=172),
        strike("s2", "Ukraine", D(2025, 12, 24), ["a_x"], drones_intercepted=16),
    ]
    gold = [gold_doc("x", strikes=[
        gstrike("Ukraine", "2025-12-24", drones_intercepted=16),
        gstrike("Ukraine", "2025-12-24", drones_intercepted=172),
    ])]
    r = evaluate(gold, strike_preds(["x"], rows))
    assert (r.strikes.tp, r.strikes.n_pred, r.strikes.n_gold) == (2, 2, 2)


def test_one_pred_row_cannot_hit_two_gold_rows():
    rows = [strike("s1", "Russia", None, ["a_x"], killed=4, injured=8)]
    gold = [gold_doc("x", strikes=[gstrike("Russia", None, killed=4),
                                   gstrike("Russia", None, injured=8)])]
    r = evaluate(gold, strike_preds(["x"], rows))
    assert (r.strikes.tp, r.strikes.n_pred, r.strikes.n_gold) == (1, 2, 2)


def test_article_view_ignores_values_without_claim():
    # Curated row merged from two articles: killed=4 only claimed by article y.
    row = strike("s1", "Russia", D(2025, 12, 1), ["a_x", "a_y"], drones_launched=90, killed=4)
    cl = [
        claim("s1", "drones_launched", 90, "a_x"),
        claim("s1", "killed", 4, "a_y"),
    ]
    preds = Predictions(articles=articles("x", "y"), strikes=strikes_df(row), claims=claims_df(cl))
    gold = [
        gold_doc("x", strikes=[gstrike("Russia", "2025-12-01", drones_launched=90)]),
        gold_doc("y", strikes=[gstrike("Russia", "2025-12-01", killed=4)]),
    ]
    r = evaluate(gold, preds)
    assert (r.strikes.tp, r.strikes.n_pred, r.strikes.n_gold) == (2, 2, 2)
    assert any("not claimed by this article" in d and "killed=4" in d for d in r.details)


def test_article_view_approximate_claims_not_reported():
    # 'almost 90' -> value_num NULL (approximate): not reported by the article.
    row = strike("s1", "Russia", None, ["a_x"], drones_launched=90)
    cl = [claim("s1", "drones_launched", None, "a_x")]
    preds = Predictions(articles=articles("x"), strikes=strikes_df(row), claims=claims_df(cl))
    gold = [gold_doc("x", strikes=[gstrike("Russia", None)])]
    r = evaluate(gold, preds)
    assert (r.strikes.tp, r.strikes.n_pred, r.strikes.n_gold) == (0, 0, 0)
    assert r.strikes.precision == 1.0


def test_article_view_uses_articles_first_claim_when_curated_differs():
    # Curated (consensus of other sources) says 50; this article claims 62
    # (sentence 3) and 60 (sentence 7): its view is its first claim, 62.
    row = strike("s1", "Russia", None, ["a_x", "a_y"], drones_launched=50)
    cl = [
        claim("s1", "drones_launched", 60, "a_x", sentence_idx=7),
        claim("s1", "drones_launched", 62, "a_x", sentence_idx=3),
        claim("s1", "drones_launched", 50, "a_y", sentence_idx=0),
    ]
    preds = Predictions(articles=articles("x"), strikes=strikes_df(row), claims=claims_df(cl))
    gold = [gold_doc("x", strikes=[gstrike("Russia", None, drones_launched=62)])]
    assert evaluate(gold, preds).strikes.tp == 1

    # If the curated value is among the article's own claims it wins.
    cl2 = cl + [claim("s1", "drones_launched", 50, "a_x", sentence_idx=9)]
    preds2 = Predictions(articles=articles("x"), strikes=strikes_df(row), claims=claims_df(cl2))
    r2 = evaluate(gold, preds2)
    assert (r2.strikes.tp, r2.strikes.n_pred) == (0, 1)


def test_claims_of_other_fact_tables_ignored():
    row = strike("s1", "Russia", None, ["a_x"], killed=3)
    cl = [claim("s1", "killed", 3, "a_x", fact_table="talks")]
    preds = Predictions(articles=articles("x"), strikes=strikes_df(row), claims=claims_df(cl))
    r = evaluate([gold_doc("x", strikes=[gstrike("Russia", None, killed=3)])], preds)
    assert (r.strikes.tp, r.strikes.n_pred, r.strikes.n_gold) == (0, 0, 1)


def test_rows_of_unlinked_articles_are_not_counted():
    rows = [strike("s1", "Russia", None, ["a_other"], killed=3)]
    preds = strike_preds(["x", "other"], rows)
    r = evaluate([gold_doc("x", strikes=[gstrike("Russia", None, killed=3)])], preds)
    assert (r.strikes.tp, r.strikes.n_pred, r.strikes.n_gold) == (0, 0, 1)


def test_missing_article_counts_gold_as_unrecalled():
    rows = [strike("s1", "Russia", None, ["a_x"], killed=3)]
    gold = [
        gold_doc("x", strikes=[gstrike("Russia", None, killed=3)]),
        gold_doc("absent", strikes=[gstrike("Russia", None, killed=1, injured=2)],
                 talks=[gtalk("Miami", None), gtalk(None, None)]),
    ]
    r = evaluate(gold, strike_preds(["x"], rows))
    assert r.missing == ["absent"] and r.articles_scored == 1
    assert (r.strikes.tp, r.strikes.n_pred, r.strikes.n_gold) == (1, 1, 3)
    assert (r.talks.tp, r.talks.n_pred, r.talks.n_gold) == (0, 0, 1)


# ---------------------------------------------------------------- talks
def test_talks_place_containment_and_date():
    preds = Predictions(
        articles=articles("f"),
        talks=talks_df(talk("t1", "Hallandale Beach, Florida", D(2025, 11, 30), ["a_f"])),
    )
    gold = [gold_doc("f", talks=[gtalk("Hallandale Beach", "2025-11-30")])]
    r = evaluate(gold, preds)
    assert (r.talks.tp, r.talks.n_pred, r.talks.n_gold) == (1, 1, 1)

    # And the other way round, case-insensitive, ±1 day.
    preds = Predictions(
        articles=articles("f"),
        talks=talks_df(talk("t1", "hallandale beach", D(2025, 12, 1), ["a_f"])),
    )
    gold = [gold_doc("f", talks=[gtalk("Hallandale Beach, Florida", "2025-11-30")])]
    assert evaluate(gold, preds).talks.tp == 1


def test_talks_date_too_far_or_other_place():
    preds = Predictions(
        articles=articles("f"),
        talks=talks_df(
            talk("t1", "Miami", D(2025, 12, 8), ["a_f"]),
            talk("t2", "Moscow", D(2025, 12, 4), ["a_f"]),
        ),
    )
    gold = [gold_doc("f", talks=[gtalk("Miami", "2025-12-04")])]
    r = evaluate(gold, preds)
    assert (r.talks.tp, r.talks.n_pred, r.talks.n_gold) == (0, 2, 1)
    assert r.talks.precision == 0.0 and r.talks.recall == 0.0


def test_gold_talk_without_place_is_ignored():
    preds = Predictions(
        articles=articles("f"),
        talks=talks_df(talk("t1", "Geneva", None, ["a_f"])),
    )
    gold = [gold_doc("f", talks=[gtalk(None, "2025-12-06"), gtalk("Geneva", None)])]
    r = evaluate(gold, preds)
    assert (r.talks.tp, r.talks.n_pred, r.talks.n_gold) == (1, 1, 1)
    assert r.talks.f1 == 1.0


def test_talks_one_to_one():
    preds = Predictions(
        articles=articles("f"),
        talks=talks_df(
            talk("t1", "Miami", D(2025, 12, 4), ["a_f"]),
            talk("t2", "Miami", D(2025, 12, 5), ["a_f"]),
        ),
    )
    gold = [gold_doc("f", talks=[gtalk("Miami", "2025-12-04")])]
    r = evaluate(gold, preds)
    assert (r.talks.tp, r.talks.n_pred, r.talks.n_gold) == (1, 2, 1)


# ---------------------------------------------------------------- proposals
def test_proposals_distinct_point_counts_across_articles():
    preds = Predictions(
        articles=articles("a", "b", "c"),
        proposals=proposals_df(
            ("p28", 28, ["a_a", "a_b"]),
            ("p20", 20, ["a_c"]),
            ("p12", 12, ["a_c"]),
            ("pnone", None, ["a_b"]),
            ("p99", 99, ["a_unscored"]),
        ),
    )
    gold = [
        gold_doc("a", proposals=[gprop(28)]),
        gold_doc("b", proposals=[gprop(28), gprop(None)]),
        gold_doc("c", proposals=[gprop(20)]),
    ]
    r = evaluate(gold, preds)
    # gold {28, 20}; predicted {28, 20, 12}; 99 belongs to no scored article.
    assert (r.proposals.tp, r.proposals.n_pred, r.proposals.n_gold) == (2, 3, 2)
    assert any("wrong 12-point" in d for d in r.details)


def test_troop_cap_accuracy():
    preds = Predictions(
        articles=articles("a", "b"),
        proposals=proposals_df(("p28", 28, ["a_a", "a_b"]), ("p20", 20, ["a_b"])),
        provisions=provisions_df(
            ("p28", "troop_cap", 600000.0),
            ("p28", "territory", 5.0),
            ("p20", "troop_cap", 800000.0),
        ),
    )
    gold = [
        gold_doc("a", proposals=[gprop(28, troop_cap=600000)]),
        gold_doc("b", proposals=[gprop(28, troop_cap=600000), gprop(20)]),
    ]
    r = evaluate(gold, preds)
    assert (r.troop_cap.tp, r.troop_cap.n_pred, r.troop_cap.n_gold) == (1, 2, 1)
    assert (r.proposals.tp, r.proposals.n_pred, r.proposals.n_gold) == (2, 2, 2)


# ---------------------------------------------------------------- io
def test_load_gold_and_warehouse_roundtrip(tmp_path: Path):
    gdir = tmp_path / "gold"
    gdir.mkdir()
    docs = [
        gold_doc("001_x", strikes=[gstrike("Russia", "2025-12-06", **FULL)],
                 talks=[gtalk("Miami", "2025-12-04")], proposals=[gprop(28, 600000)]),
        gold_doc("002_missing", strikes=[gstrike("Ukraine", None, killed=1)]),
    ]
    for d in docs:
        (gdir / (Path(d["article"]).stem + ".json")).write_text(json.dumps(d))
    assert [g["article"] for g in load_gold(gdir)] == ["001_x.txt", "002_missing.txt"]

    db = tmp_path / "wh.duckdb"
    con = duckdb.connect(str(db))
    con.execute("""
        CREATE SCHEMA raw; CREATE SCHEMA curated;
        CREATE TABLE raw.articles(article_id VARCHAR, source_path VARCHAR, title VARCHAR,
            url VARCHAR, published_date DATE, text VARCHAR, ingested_at TIMESTAMP);
        CREATE TABLE curated.strikes(strike_id VARCHAR, event_date DATE, date_precision VARCHAR,
            attacker VARCHAR, target_country VARCHAR, drones_launched INTEGER,
            missiles_launched INTEGER, drones_intercepted INTEGER, missiles_intercepted INTEGER,
            killed INTEGER, injured INTEGER, weapons VARCHAR[], locations VARCHAR[],
            targets VARCHAR[], source_count INTEGER, article_ids VARCHAR[]);
        CREATE TABLE curated.talks(talk_id VARCHAR, start_date DATE, end_date DATE,
            location VARCHAR, country VARCHAR, participants VARCHAR[], parties VARCHAR[],
            outcome VARCHAR, source_count INTEGER, article_ids VARCHAR[]);
        CREATE TABLE curated.proposals(proposal_id VARCHAR, name VARCHAR, point_count INTEGER,
            sponsors VARCHAR[], first_reported DATE, status VARCHAR, source_count INTEGER,
            article_ids VARCHAR[]);
        CREATE TABLE curated.proposal_provisions(proposal_id VARCHAR, category VARCHAR,
            text VARCHAR, value DOUBLE, unit VARCHAR);
        CREATE TABLE curated.claims(claim_id VARCHAR, fact_table VARCHAR, fact_id VARCHAR,
            field VARCHAR, value VARCHAR, value_num DOUBLE, qualifier VARCHAR, low DOUBLE,
            high DOUBLE, claimant VARCHAR, article_id VARCHAR, sentence_idx INTEGER,
            char_start INTEGER, char_end INTEGER, evidence VARCHAR);

        INSERT INTO raw.articles VALUES
            ('A1', 'seeds/articles/001_x.txt', 't', NULL, NULL, 'text', now());
        INSERT INTO curated.strikes VALUES
            ('S1', DATE '2025-12-06', 'day', 'Russia', 'Ukraine', 653, 51, 585, 30, 4, 8,
             ['Shahed'], ['Fastiv'], [], 1, ['A1']);
        INSERT INTO curated.talks VALUES
            ('T1', DATE '2025-12-04', DATE '2025-12-06', 'Miami, Florida', 'United States',
             [], [], NULL, 1, ['A1']);
        INSERT INTO curated.proposals VALUES
            ('P1', '28-point plan', 28, ['United States'], NULL, 'proposed', 1, ['A1']);
        INSERT INTO curated.proposal_provisions VALUES
            ('P1', 'troop_cap', 'capped at 600,000', 600000, 'personnel');
    """)
    # Exact claims for everything except killed (approximate 'about 4').
    for k, f in enumerate(["drones_launched", "missiles_launched", "drones_intercepted",
                           "missiles_intercepted", "injured"]):
        con.execute(
            "INSERT INTO curated.claims VALUES (?, 'strikes', 'S1', ?, ?, ?, 'exact', NULL, NULL,"
            " 'Ukrainian Air Force', 'A1', ?, 0, 5, 'ev')",
            [f"C{k}", f, "x", {"drones_launched": 653, "missiles_launched": 51,
                                "drones_intercepted": 585, "missiles_intercepted": 30,
                                "injured": 8}[f], k],
        )
    con.execute("INSERT INTO curated.claims VALUES ('C9', 'strikes', 'S1', 'killed', 'about 4',"
                " NULL, 'about', 3, 5, NULL, 'A1', 9, 0, 5, 'ev')")
    preds = load_predictions(con)
    con.close()
    assert preds.strikes.height == 1 and preds.claims.height == 6

    r = evaluate_warehouse(db, gdir)
    assert isinstance(r, EvalReport)
    assert r.articles_scored == 1 and r.missing == ["002_missing"]
    assert (r.strikes.tp, r.strikes.n_pred, r.strikes.n_gold) == (5, 5, 6)
    assert (r.talks.tp, r.talks.n_pred, r.talks.n_gold) == (1, 1, 1)
    assert (r.proposals.tp, r.proposals.n_pred, r.proposals.n_gold) == (1, 1, 1)
    assert (r.troop_cap.tp, r.troop_cap.n_pred, r.troop_cap.n_gold) == (1, 1, 1)

    text = format_report(r, verbose=True)
    assert "table" in text and "F1" in text and "strikes" in text
    assert "002_missing" in text and "details:" in text
    assert "details:" not in format_report(r)


def test_load_predictions_tolerates_missing_tables():
    con = duckdb.connect()
    con.execute("CREATE SCHEMA raw; CREATE TABLE raw.articles(article_id VARCHAR,"
                " source_path VARCHAR)")
    con.execute("INSERT INTO raw.articles VALUES ('A1', 'x/a.txt')")
    preds = load_predictions(con)
    con.close()
    r = evaluate([gold_doc("a", strikes=[gstrike("Russia", None, killed=1)])], preds)
    assert r.articles_scored == 1
    assert (r.strikes.tp, r.strikes.n_pred, r.strikes.n_gold) == (0, 0, 1)


def test_seed_gold_shipped_and_loadable():
    gdir = Path(__file__).resolve().parents[1] / "seeds" / "gold"
    gold = load_gold(gdir)
    assert len(gold) >= 4
    # With no warehouse output at all every seed article is missing.
    r = evaluate(gold, Predictions())
    assert r.articles_scored == 0 and len(r.missing) == len(gold)
    assert r.strikes.n_gold > 0 and r.strikes.tp == 0
    assert r.proposals.n_gold == 2  # {28, 20}


# ---------------------------------------------------------------- property
_val = st.one_of(st.none(), st.integers(min_value=0, max_value=2000))
_row = st.fixed_dictionaries(
    {
        "attacker": st.sampled_from(["Russia", "Ukraine"]),
        "date": st.one_of(st.none(), st.dates(D(2025, 1, 1), D(2026, 12, 31))),
        **{f: _val for f in NUMERIC_FIELDS},
    }
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_row, max_size=5))
def test_perfect_predictions_score_one(rows):
    preds_rows = [
        strike(f"s{k}", r["attacker"], r["date"], ["a_x"], **{f: r[f] for f in NUMERIC_FIELDS})
        for k, r in enumerate(rows)
    ]
    gold = [gold_doc("x", strikes=[
        gstrike(r["attacker"], r["date"].isoformat() if r["date"] else None,
                **{f: r[f] for f in NUMERIC_FIELDS})
        for r in rows
    ])]
    r = evaluate(gold, strike_preds(["x"], preds_rows))
    n = sum(1 for row in rows for f in NUMERIC_FIELDS if row[f] is not None)
    assert (r.strikes.tp, r.strikes.n_pred, r.strikes.n_gold) == (n, n, n)
    assert r.strikes.f1 == 1.0
