"""Talk extraction on hand-written reporting (real sentence splitter and gazetteer)."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import build_view, reference
from transforms.talks import extract_talks


def talks_of(body: str, published: date | None = None) -> tuple[dict[str, dict], list[dict]]:
    ref = reference()
    rows, claims = extract_talks(build_view(body, published), ref.places, ref.people)
    by_location = {r["location"]: r for r in rows}
    assert len(by_location) == len(rows), "one report per location"
    return by_location, claims


# --- places and cues ------------------------------------------------------------------------

def test_weekday_resolved_against_publication_date():
    # 2025-11-19 is a Wednesday: 'on Monday' is 2025-11-17
    talks, claims = talks_of("Ukrainian and Russian negotiators met in Istanbul on Monday for a second round of "
                             "direct talks.", date(2025, 11, 19))
    t = talks["Istanbul"]
    assert (t["start_date"], t["end_date"], t["date_precision"]) == (date(2025, 11, 17), date(2025, 11, 17), "day")
    assert t["country"] == "Turkey"
    assert t["status"] == "held"
    assert set(t["parties"]) == {"Ukraine", "Russia"}
    fields = {(c["field"], c["value"]) for c in claims}
    assert ("location", "Istanbul") in fields and ("start_date", "2025-11-17") in fields


def test_date_range_gives_start_and_end():
    talks, _ = talks_of("Delegations from Kyiv and Washington held talks in Geneva on November 23-24, "
                        "officials said.", date(2025, 11, 26))
    t = talks["Geneva"]
    assert (t["start_date"], t["end_date"]) == (date(2025, 11, 23), date(2025, 11, 24))
    assert t["country"] == "Switzerland"


def test_place_before_meeting_noun():
    talks, _ = talks_of("Analysts expect little from the Riyadh talks, which resumed on Tuesday.", date(2025, 3, 26))
    assert talks["Riyadh"]["start_date"] == date(2025, 3, 25)


def test_key_facts_line():
    talks, _ = talks_of("Timeline\n· Doha Meeting: October 14, 2025 (prisoner exchange talks)\n", None)
    assert talks["Doha"]["start_date"] == date(2025, 10, 14)


def test_two_day_talks_extend_end_date():
    talks, claims = talks_of("The two-day talks in Jeddah opened on Tuesday.", date(2025, 3, 13))
    t = talks["Jeddah"]
    assert (t["start_date"], t["end_date"]) == (date(2025, 3, 11), date(2025, 3, 12))
    assert any(c["field"] == "end_date" and c["value"] == "2025-03-12" for c in claims)


def test_duration_in_following_sentence():
    body = ("Negotiators from the three countries gathered in Ankara on Thursday. "
            "A Turkish official said the talks would last three days.")
    talks, _ = talks_of(body, date(2025, 12, 12))
    assert (talks["Ankara"]["start_date"], talks["Ankara"]["end_date"]) == (date(2025, 12, 11), date(2025, 12, 13))


def test_nth_day_of_talks_backdates_start():
    # 2025-12-13 is a Saturday
    talks, _ = talks_of("On Saturday the delegations sat down in Berlin for a third day of negotiations.",
                        date(2025, 12, 13))
    assert (talks["Berlin"]["start_date"], talks["Berlin"]["end_date"]) == (date(2025, 12, 11), date(2025, 12, 13))


def test_dateline_anchors_relative_day():
    body = ("LONDON, Nov. 4 (Reuters) -- European national security advisers met on Tuesday with a Ukrainian "
            "delegation in London, and the meeting continued later in the day.")
    talks, _ = talks_of(body, date(2025, 11, 5))
    assert talks["London"]["start_date"] == date(2025, 11, 4)


def test_scheduled_trip_and_future_weekday():
    # 2025-11-28 is a Friday: 'on Tuesday' after 'will' is the coming Tuesday
    talks, _ = talks_of("Steve Witkoff will travel to Moscow to meet Vladimir Putin on Tuesday.", date(2025, 11, 28))
    t = talks["Moscow"]
    assert t["status"] == "scheduled"
    assert t["start_date"] == date(2025, 12, 2)
    assert set(t["participants"]) == {"Steve Witkoff", "Vladimir Putin"}


def test_possessive_trip_headline():
    talks, _ = talks_of("Kyiv braces for tough demands ahead of Kushner's Moscow trip", None)
    t = talks["Moscow"]
    assert t["status"] == "scheduled" and t["participants"] == ["Jared Kushner"]
    assert t["start_date"] is None and t["date_precision"] == "unknown"


def test_venue_location():
    talks, _ = talks_of("Zelensky met Trump at Mar-a-Lago on Sunday to discuss security guarantees.",
                        date(2025, 12, 29))
    t = talks["Mar-a-Lago"]
    assert t["start_date"] == date(2025, 12, 28) and t["country"] == "United States"
    assert set(t["participants"]) == {"Volodymyr Zelensky", "Donald Trump"}


def test_month_precision_keeps_period_claim():
    talks, claims = talks_of("Earlier talks were held in Istanbul in June 2025, without a breakthrough.", None)
    t = talks["Istanbul"]
    assert t["start_date"] is None and t["date_precision"] == "month"
    assert any(c["field"] == "period" and c["value"] == "June 2025" for c in claims)


def test_same_place_merges_and_range_wins():
    body = ("U.S. and Ukrainian officials met in Miami on December 4. "
            "Key facts\n"
            "Miami talks: December 4-6, 2025\n")
    talks, claims = talks_of(body, date(2025, 12, 7))
    assert list(talks) == ["Miami"]
    assert (talks["Miami"]["start_date"], talks["Miami"]["end_date"]) == (date(2025, 12, 4), date(2025, 12, 6))
    assert sum(c["field"] == "location" for c in claims) == 2


def test_state_attaches_to_the_city():
    body = ("Ukrainian officials began a meeting with American envoys in Florida on Nov. 16 to discuss the draft. "
            "The delegations sat down at a private club in Palm Beach.")
    talks, claims = talks_of(body, date(2025, 11, 17))
    assert list(talks) == ["Palm Beach"]
    assert talks["Palm Beach"]["start_date"] == date(2025, 11, 16)
    assert set(talks["Palm Beach"]["parties"]) >= {"Ukraine", "United States"}
    # the state sentence is not evidence for the city name
    assert all("Florida" not in c["evidence"] for c in claims if c["field"] == "location")


def test_state_alone_is_no_location():
    talks, _ = talks_of("Officials from both countries met in Florida on Sunday.", date(2025, 11, 17))
    assert talks == {}


# --- what is not a talk ----------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "Trump had a phone call with Putin in Washington on Monday.",
    "Macron and Starmer discussed the plan in a video meeting on Friday with colleagues in Paris.",
    "Putin and Trump held talks by phone, with Putin speaking from Moscow.",
    "Zelensky joined the talks by video link from Kyiv.",
    "After the talks ended, Zelensky flew to Brussels.",
    "Peace talks must continue, Zelensky said in his nightly address.",
    "Russia says it is open to negotiations with Ukraine but will not freeze the front line.",
    "The delegations met at a golf resort north of Miami.",
    "The meeting took place in a dacha outside Moscow.",
    "As talks continued, a Russian missile strike in Kharkiv killed three people.",
    "Negotiators argued over whether Ukraine would withdraw its forces in Donetsk.",
    "Trump said he could meet Putin in Budapest within two weeks.",
    "The planned summit in Budapest was called off after a call between the two foreign ministers.",
    "Moscow's negotiators rejected the amendments.",
    "Observers doubt that direct Kyiv-Moscow talks will resume soon.",
    "Umerov returned to Kyiv after the negotiations.",
    "The talks covered the future of Zaporizhzhia and the nuclear plant.",
])
def test_not_a_talk(body):
    talks, _ = talks_of(body, date(2025, 12, 10))
    assert talks == {}, body


def test_strike_city_in_same_sentence_is_not_the_venue():
    body = "While diplomats met in Geneva, Russian drones hit an apartment block in Odesa."
    talks, _ = talks_of(body, date(2025, 11, 23))
    assert list(talks) == ["Geneva"]


def test_front_line_city_needs_the_meeting_word_next_to_it():
    body = "The talks, which the Kremlin hopes will secure gains after weeks of heavy fighting, began as shells fell in Pokrovsk."
    talks, _ = talks_of(body, date(2025, 12, 10))
    assert talks == {}


# --- participants and parties ----------------------------------------------------------------

def test_principal_in_apposition_is_not_a_participant():
    body = ("Rustem Umerov met Jared Kushner, the son-in-law of U.S. President Donald Trump, in Berlin on "
            "December 14.")
    talks, _ = talks_of(body, date(2025, 12, 15))
    t = talks["Berlin"]
    assert set(t["participants"]) == {"Rustem Umerov", "Jared Kushner"}
    assert t["start_date"] == date(2025, 12, 14)


def test_possessive_principal_is_not_a_participant():
    talks, _ = talks_of("Trump's envoys met Vladimir Putin in Moscow for five hours.", date(2025, 12, 3))
    assert talks["Moscow"]["participants"] == ["Vladimir Putin"]


def test_reporting_speaker_and_date_are_not_the_meeting():
    # 2025-12-05 is a Friday; 'said on Thursday' dates the statement, not the meeting
    body = "Kremlin spokesman Dmitry Peskov said on Thursday that the talks in Abu Dhabi had been useful."
    talks, _ = talks_of(body, date(2025, 12, 5))
    t = talks["Abu Dhabi"]
    assert t["start_date"] is None and t["participants"] == []


def test_speaker_of_his_own_meeting_is_a_participant():
    body = "Zelensky said on Thursday that his meeting with Macron in Paris had been useful."
    talks, _ = talks_of(body, date(2025, 12, 5))
    t = talks["Paris"]
    assert t["start_date"] is None
    assert set(t["participants"]) == {"Volodymyr Zelensky", "Emmanuel Macron"}


def test_participle_clause_subject_is_a_participant():
    body = "After meeting Keir Starmer in London on Monday, Zelenskyy flew on to Brussels."
    talks, _ = talks_of(body, date(2025, 12, 9))
    t = talks["London"]
    assert set(t["participants"]) == {"Keir Starmer", "Volodymyr Zelensky"}
    assert t["start_date"] == date(2025, 12, 8)
    assert "Brussels" not in talks


def test_travel_with_purpose_is_a_talk():
    talks, _ = talks_of("Umerov flew to Miami on Friday for a new round of talks with Witkoff.", date(2025, 12, 6))
    assert talks["Miami"]["start_date"] == date(2025, 12, 5)
    assert set(talks["Miami"]["participants"]) == {"Rustem Umerov", "Steve Witkoff"}


def test_participant_list_in_following_sentences():
    body = ("Trilateral talks between Russia, Ukraine and the United States opened in Abu Dhabi on Friday. "
            "The Ukrainian delegation was led by Rustem Umerov and included Kyrylo Budanov. "
            "Participants also include Dan Driscoll, the U.S. Army secretary, and Igor Kostyukov. "
            "Vladimir Putin, who did not take part, said he expected results.")
    talks, claims = talks_of(body, date(2026, 1, 24))
    t = talks["Abu Dhabi"]
    assert set(t["participants"]) == {"Rustem Umerov", "Kyrylo Budanov", "Dan Driscoll", "Igor Kostyukov"}
    assert set(t["parties"]) == {"Russia", "Ukraine", "United States"}
    assert {c["value"] for c in claims if c["field"] == "participant"} == set(t["participants"])


def test_declined_to_attend_is_excluded():
    body = ("Putin declined to attend the talks in Istanbul, sending a delegation led by Vladimir Medinsky "
            "instead.")
    talks, _ = talks_of(body, None)
    assert talks["Istanbul"]["participants"] == ["Vladimir Medinsky"]


def test_delegation_nationalities_are_parties():
    body = ("Negotiations in Geneva, where U.S., Ukrainian and European representatives worked on the text, "
            "ended on Sunday.")
    talks, _ = talks_of(body, date(2025, 11, 24))
    assert set(talks["Geneva"]["parties"]) == {"United States", "Ukraine", "Europe"}


def test_claim_offsets_point_at_the_place():
    body = "Background paragraph.\nU.S. officials met a Ukrainian delegation in Geneva on Sunday."
    view = build_view(body, date(2025, 11, 24))
    ref = reference()
    _, claims = extract_talks(view, ref.places, ref.people)
    loc = next(c for c in claims if c["field"] == "location")
    assert body[loc["char_start"]:loc["char_end"]] == "Geneva"
    assert all(c["fact_table"] == "talks" and c["report_key"] == "talk:plc_geneva" for c in claims)


def test_sentence_initial_place():
    talks, _ = talks_of("In Kyiv, Zelensky met Dan Driscoll on Thursday.", date(2025, 11, 21))
    assert talks["Kyiv"]["start_date"] == date(2025, 11, 20)
    assert set(talks["Kyiv"]["participants"]) == {"Volodymyr Zelensky", "Dan Driscoll"}


def test_each_place_keeps_its_own_date():
    talks, _ = talks_of("The talks in Geneva on Sunday follow last week's meeting in Abu Dhabi.", date(2025, 12, 10))
    assert talks["Geneva"]["start_date"] == date(2025, 12, 7)
    assert talks["Abu Dhabi"]["start_date"] is None and talks["Abu Dhabi"]["date_precision"] == "week"


def test_future_clause_after_comma_does_not_reschedule_a_past_meeting():
    body = "Umerov, who led Ukraine's delegation at the talks in Istanbul in May, will head the team again."
    talks, _ = talks_of(body, date(2025, 12, 10))
    assert talks["Istanbul"]["status"] == "held"


@pytest.mark.parametrize("body", [
    "A Kremlin spokesman said no meeting in Budapest was planned.",
    "The summit of EU leaders in Brussels on Thursday discussed the budget.",
    "Ukrainian forces met fierce resistance in Pokrovsk.",
    "Zelensky visited troops in Kupiansk on Monday.",
])
def test_more_non_talks(body):
    talks, _ = talks_of(body, date(2025, 12, 10))
    assert talks == {}, body


def test_metonymic_venue_gives_its_city():
    talks, _ = talks_of("Witkoff and Kushner met Vladimir Putin at the Kremlin on Dec. 2 for nearly five hours.",
                        date(2025, 12, 15))
    t = talks["Moscow"]
    assert t["start_date"] == date(2025, 12, 2) and t["country"] == "Russia"
    assert set(t["participants"]) == {"Steve Witkoff", "Jared Kushner", "Vladimir Putin"}


def test_place_in_another_clause_is_not_the_venue():
    body = ("The talks focus on a revised plan drafted by negotiators after the first draft was widely "
            "criticized in Kyiv and European capitals.")
    talks, _ = talks_of(body, date(2025, 12, 15))
    assert talks == {}


def test_anaphoric_participant_clause_joins_the_talks_discussed_before():
    # The second sentence names another meeting's place; the 'which include' clause still
    # belongs to the Berlin talks of the sentence before.
    talks, _ = talks_of(
        "Ukrainian and US negotiators met in Berlin on Sunday to work on a security framework. "
        "The talks, which also include Secretary of State Marco Rubio, follow Steve Witkoff's meeting "
        "with Vladimir Putin in Moscow last week.", date(2025, 12, 16))
    assert "Marco Rubio" in talks["Berlin"]["participants"]


def test_future_round_resolves_weekday_forward():
    # Published on a Thursday: 'will hold ... on Monday' is the coming Monday.
    talks, _ = talks_of("Ukraine and Russia will hold a third round of direct negotiations in Istanbul on Monday, "
                        "Turkish officials said.", date(2025, 12, 11))
    t = talks["Istanbul"]
    assert t["status"] == "scheduled"
    assert t["start_date"] == date(2025, 12, 15)


def test_dateline_city_does_not_hide_a_metonymic_venue():
    talks, _ = talks_of("PARIS, Feb. 3, 2026 (AFP) - European and Ukrainian leaders met at the Elysee Palace on "
                        "Tuesday to discuss security guarantees for Kyiv.", date(2026, 2, 3))
    assert talks["Paris"]["start_date"] == date(2026, 2, 3)


def test_face_to_face_contact_that_took_place_somewhere_is_a_meeting():
    talks, _ = talks_of("The first face-to-face contact between the two delegations took place in Doha on "
                        "Jan. 12, 2026, officials said.", date(2026, 1, 14))
    assert talks["Doha"]["start_date"] == date(2026, 1, 12)
