"""Proposal extraction on hand-written reporting (real sentence splitter and gazetteer)."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import build_view
from transforms.proposals import extract_proposals


def plans_of(body: str, published: date | None = None) -> tuple[dict[int, dict], list[dict]]:
    rows, claims = extract_proposals(build_view(body, published))
    return {r["point_count"]: r for r in rows}, claims


def fields(claims: list[dict], n: int, prefix: str) -> list[tuple[str, str | None, float | None]]:
    return [(c["field"], c["value"], c["value_num"]) for c in claims
            if c["report_key"] == f"proposal:{n}" and c["field"].startswith(prefix)]


def caps(claims: list[dict], n: int) -> list[float]:
    return [v for f, _, v in fields(claims, n, "provision:troop_cap")]


def stances(claims: list[dict], n: int) -> set[tuple[str, str]]:
    return {(f.split(":", 1)[1], v) for f, v, _ in fields(claims, n, "stance:")}


# --- which plans ----------------------------------------------------------------------------

@pytest.mark.parametrize("body,n", [
    ("The White House circulated a 28-point peace plan on Thursday.", 28),
    ("Kyiv presented a twenty-point framework to European diplomats.", 20),
    ("Negotiators trimmed the text into a nineteen-point document.", 19),
    ("The draft, a 12-point blueprint, was shown to reporters.", 12),
    ("Officials said the plan was still evolving. All 28 points were later published by a newspaper.", 28),
])
def test_numbered_plans(body, n):
    plans, claims = plans_of(body, date(2025, 11, 21))
    assert list(plans) == [n]
    p = plans[n]
    assert p["name"] == f"{n}-point plan" and p["report_key"] == f"proposal:{n}"
    assert p["reported_on"] == date(2025, 11, 21)
    assert fields(claims, n, "point_count") == [("point_count", str(n), float(n))]


@pytest.mark.parametrize("body", [
    "Support for the ruling party fell 3 percentage points in November.",
    "Trump's lead over his rival grew to 12 points in the poll.",
    "The team scored 28 points in the second half.",
    "A 10-point drop in approval worried the government.",
    "The revised U.S. peace proposal looks better, Zelensky said.",
])
def test_not_a_numbered_plan(body):
    plans, _ = plans_of(body)
    assert plans == {}


# --- sponsors -------------------------------------------------------------------------------

@pytest.mark.parametrize("body,n,sponsors", [
    ("Trump's 28-point proposal angered Kyiv.", 28, {"United States"}),
    ("The Washington-backed 28-point plan was leaked last week.", 28, {"United States"}),
    ("Diplomats studied an American 28-point draft.", 28, {"United States"}),
    ("The 28-point plan drafted by Steve Witkoff and Kirill Dmitriev surfaced in November.", 28,
     {"United States", "Russia"}),
    ("Ukraine has unveiled a revised 20-point peace plan developed together with the United States.", 20,
     {"Ukraine", "United States"}),
    ("European governments put forward a 24-point counter-proposal on Sunday.", 24, {"Europe"}),
    ("Beijing's 12-point position paper aside, a 12-point plan presented by China drew little interest.", 12,
     {"China"}),
    ("A new 20-point proposal with U.S. support has been formally introduced.", 20, {"United States"}),
])
def test_sponsors(body, n, sponsors):
    plans, claims = plans_of(body)
    assert set(plans[n]["sponsors"]) == sponsors
    assert {v for _, v, _ in fields(claims, n, "sponsor")} == sponsors


@pytest.mark.parametrize("body,n", [
    ("The 28-point plan was drafted in consultation with Moscow.", 28),
    ("The 28-point Ukraine peace plan leaned toward the Kremlin.", 28),
    ("Critics said the 28-point plan was written in line with Russia's demands.", 28),
    ("Kyiv received the 28-point document from its allies.", 28),
    ("Moscow's response to the 28-point plan was cautious.", 28),
])
def test_not_sponsors(body, n):
    plans, _ = plans_of(body)
    assert plans[n]["sponsors"] == []


def test_single_plan_takes_sponsor_from_definite_reference():
    body = ("Negotiators met to discuss the Washington-backed peace plan. "
            "Its original 28-point version was amended in Geneva.")
    plans, _ = plans_of(body)
    assert plans[28]["sponsors"] == ["United States"]


def test_status_revised_vs_proposed():
    plans, _ = plans_of("The updated 19-point framework replaced the original 28-point plan.")
    assert plans[19]["status"] == "revised" and plans[28]["status"] == "proposed"


# --- troop caps -----------------------------------------------------------------------------

@pytest.mark.parametrize("sentence,value", [
    ("The plan would cap Ukraine's army at 800,000 troops.", 800_000),
    ("It would limit the army to 600,000.", 600_000),
    ("Ukraine's armed forces would be capped at 600,000 personnel, down from about 900,000.", 600_000),
    ("The number of servicemen would be limited 650,000 people.", 650_000),
    ("Kyiv could keep an army of up to 800,000 in peacetime.", 800_000),
    ("The military would be reduced from its current 880,000 to 600,000 soldiers.", 600_000),
    ("Ukraine would keep no more than 700,000 troops.", 700_000),
])
def test_troop_caps(sentence, value):
    body = f"Details of the 28-point plan emerged on Friday. {sentence}"
    _, claims = plans_of(body)
    assert caps(claims, 28) == [value]


@pytest.mark.parametrize("sentence", [
    "Ukraine currently has about 880,000 soldiers under arms.",
    "The force would shrink to roughly 600,000 troops.",
    "Its wartime army of 900,000 would be demobilised gradually.",
    "Russia has deployed some 700,000 troops in Ukraine.",
    "The plan would cap reparations at 100,000 dollars per family, leaving the army untouched.",
    "Only 15% of the army would remain, capped at 20 brigades.",
])
def test_not_troop_caps(sentence):
    body = f"Details of the 28-point plan emerged on Friday. {sentence}"
    _, claims = plans_of(body)
    assert caps(claims, 28) == []


def test_troop_cap_outside_any_plan_scope_is_ignored():
    _, claims = plans_of("Ukraine's army would be capped at 600,000. Later, a 28-point plan was leaked.")
    assert caps(claims, 28) == []


def test_caps_go_to_the_plan_in_scope():
    body = ("The original 28-point plan would have capped the army at 600,000. "
            "Analysts say Kyiv resisted. "
            "The revised 20-point plan raises the cap to 800,000 troops.")
    _, claims = plans_of(body)
    assert caps(claims, 28) == [600_000]
    assert caps(claims, 20) == [800_000]


# --- other provisions -------------------------------------------------------------------------

def test_content_sentences_give_provision_categories():
    body = ("The 20-point framework was shared with Moscow on Tuesday. "
            "The plan requires Ukraine to hold elections after a ceasefire. "
            "It also provides for the use of frozen Russian assets for reconstruction. "
            "Ukraine would receive security guarantees modelled on Article 5. "
            "NATO foreign ministers met in Brussels the same day.")
    _, claims = plans_of(body)
    cats = {f.split(":", 1)[1] for f, _, _ in fields(claims, 20, "provision:")}
    assert {"elections", "ceasefire", "frozen_assets", "economic", "security_guarantees"} <= cats
    nato_evidence = [c["evidence"] for c in claims if c["field"] == "provision:nato"]
    assert nato_evidence == []


def test_list_after_plan_mention():
    body = ("Kyiv's 20-point proposal includes:\n"
            "- A ceasefire along the current line of contact\n"
            "- Security guarantees from the United States\n"
            "- International control of the Zaporizhzhia nuclear power plant\n"
            "\n"
            "Why it matters\n"
            "- Sanctions relief remains a Russian demand.\n")
    _, claims = plans_of(body)
    cats = [f.split(":", 1)[1] for f, _, _ in fields(claims, 20, "provision:")]
    assert {"ceasefire", "territory", "security_guarantees", "nuclear_plant"} <= set(cats)
    assert "sanctions" not in cats


# --- stances ----------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence,expected", [
    ("Kyiv rejected the 28-point plan outright.", {("Ukraine", "rejects")}),
    ("The Kremlin said it was studying the proposal.", {("Russia", "reviewing")}),
    ("European leaders welcomed the revised plan.", {("Europe", "supports")}),
    ("Zelensky said the proposal was acceptable only if security guarantees were binding.",
     {("Ukraine", "conditional")}),
    ("The plan drew fierce Ukrainian and European opposition.", {("Ukraine", "rejects"), ("Europe", "rejects")}),
    ("Moscow's answer to the plan is still pending.", {("Russia", "reviewing")}),
    ("Putin said some of the American proposals were somewhat acceptable but others were not suitable.",
     {("Russia", "conditional")}),
    ("Trump has said he opposes Ukrainian membership in NATO.", set()),
    ("Ukraine will not give up its land, Zelensky told parliament.", set()),
])
def test_stances(sentence, expected):
    body = f"The 28-point plan was presented to Kyiv last week. {sentence}"
    _, claims = plans_of(body)
    assert stances(claims, 28) == expected


def test_claim_rows_are_well_formed():
    body = "Intro line.\nTrump's 28-point plan would cap the army at 600,000 troops, and Kyiv rejected it."
    view = build_view(body, date(2025, 11, 22))
    _, claims = extract_proposals(view)
    assert all(c["fact_table"] == "proposals" and c["report_key"] == "proposal:28" for c in claims)
    cap = next(c for c in claims if c["field"] == "provision:troop_cap")
    assert body[cap["char_start"]:cap["char_end"]] == "600,000"
    assert {c["field"] for c in claims} >= {"point_count", "sponsor", "provision:troop_cap", "stance:Ukraine"}


def test_counter_proposal_ends_the_scope():
    body = ("European allies drafted a counter-proposal to the 28-point plan. "
            "The European proposal would allow Ukraine an army of 800,000.")
    _, claims = plans_of(body)
    assert caps(claims, 28) == []


def test_strong_army_in_content_sentence():
    _, claims = plans_of("The 20-point plan lets Ukraine keep an 800,000-strong army in peacetime.")
    assert caps(claims, 20) == [800_000]


def test_input_from_is_not_sponsorship():
    plans, _ = plans_of("The plan, which has 28 points, was drafted by Witkoff with input from Dmitriev.")
    assert plans[28]["sponsors"] == ["United States"]


def test_negated_rejection_is_no_stance():
    _, claims = plans_of("Russia has not rejected the 28-point plan, Peskov said.")
    assert stances(claims, 28) == set()


def test_mixed_stance_is_conditional():
    _, claims = plans_of("Kyiv welcomed parts of the 28-point plan but rejected the territorial demands.")
    assert stances(claims, 28) == {("Ukraine", "conditional")}
    assert fields(claims, 28, "provision:") == []


def test_scope_after_a_sentence_naming_two_plans_follows_the_newer_one():
    body = ("The talks focus on a revised 20-point plan that replaced the original 28-point proposal. "
            "The new document would keep Ukraine's army at 800,000 troops in peacetime. "
            "Peskov said Moscow would study any proposal carefully.")
    plans, claims = plans_of(body)
    assert set(plans) == {20, 28}
    assert caps(claims, 20) == [800_000] and caps(claims, 28) == []
    assert stances(claims, 20) == {("Russia", "reviewing")}
