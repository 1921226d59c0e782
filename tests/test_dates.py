"""transforms.dates on hand-written phrases (not corpus text)."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.dates import (
    dateline_day,
    find_date_phrases,
    publication_date_from_text,
    reference_year,
    resolve,
)

WEDNESDAY = date(2025, 12, 10)


def first(text: str, published: date | None = WEDNESDAY, ref_year: int | None = None):
    phrases = find_date_phrases(text)
    assert phrases, f"no date phrase in {text!r}"
    return phrases[0], resolve(phrases[0], published, ref_year)


# ------------------------------------------------------------ explicit days
@pytest.mark.parametrize(
    "text, surface, expected",
    [
        ("Drones hit the port on December 6, officials said.", "December 6", date(2025, 12, 6)),
        ("The blast on Dec. 25 shattered windows.", "Dec. 25", date(2025, 12, 25)),
        ("Strikes resumed on Nov 28.", "Nov 28", date(2025, 11, 28)),
        ("Sirens sounded on 3 December across the east.", "3 December", date(2025, 12, 3)),
        ("The meeting is set for December 12th.", "December 12th", date(2025, 12, 12)),
        ("Officials met on the 2nd of December in Bern.", "2nd of December", date(2025, 12, 2)),
        ("It was signed on March 3, 2024 in Doha.", "March 3, 2024", date(2024, 3, 3)),
        ("A report dated 2025-11-30 was leaked.", "2025-11-30", date(2025, 11, 30)),
        ("The bulletin of 07.12.2025 lists the damage.", "07.12.2025", date(2025, 12, 7)),
    ],
)
def test_explicit_day(text, surface, expected):
    phrase, resolved = first(text)
    assert phrase.surface == surface
    assert text[phrase.start:phrase.end] == surface
    assert (resolved.start, resolved.end, resolved.precision) == (expected, expected, "day")
    assert (resolved.month, resolved.day) == (expected.month, expected.day)


def test_night_of_takes_the_named_day():
    phrase, resolved = first("On the night of January 8, the enemy attacked the south.", date(2026, 1, 8))
    assert phrase.surface == "January 8"
    assert resolved.start == date(2026, 1, 8) and resolved.precision == "day"


# ------------------------------------------------------------ ranges
@pytest.mark.parametrize(
    "text, start, end",
    [
        ("Delegations met December 4-6, 2025 in Florida.", date(2025, 12, 4), date(2025, 12, 6)),
        ("Delegations met 4-6 December in Florida.", date(2025, 12, 4), date(2025, 12, 6)),
        ("Delegations met 4–6 December 2025 in Florida.", date(2025, 12, 4), date(2025, 12, 6)),
        ("Delegations will meet Dec. 15 to 17 in Berlin.", date(2025, 12, 15), date(2025, 12, 17)),
        ("Delegations met November 29 - December 1 in Geneva.", date(2025, 11, 29), date(2025, 12, 1)),
        ("Delegations met 29 November to 1 December in Geneva.", date(2025, 11, 29), date(2025, 12, 1)),
        ("A summit ran from December 30 - January 2, 2026.", date(2025, 12, 30), date(2026, 1, 2)),
    ],
)
def test_ranges(text, start, end):
    _, resolved = first(text)
    assert (resolved.start, resolved.end, resolved.precision) == (start, end, "day")


def test_inverted_range_is_not_a_range():
    # '6-4 December' is not a range; only the day-month part is a date
    phrases = find_date_phrases("The vote went 6-4 December ballots aside.")
    assert all(p.kind != "day_range_month" for p in phrases)


# ------------------------------------------------------------ relative phrases
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Russia attacked Kharkiv on Tuesday.", date(2025, 12, 9)),
        ("Russia attacked Kharkiv on Wednesday.", WEDNESDAY),  # same day as the paper
        ("Russia attacked Kharkiv on Sunday night.", date(2025, 12, 7)),
        ("Russia attacked Kharkiv last Monday.", date(2025, 12, 8)),
        ("Russia attacked Kharkiv last Wednesday.", date(2025, 12, 3)),  # a week ago, not today
        ("Russia attacked Kharkiv overnight.", WEDNESDAY),
        ("Explosions were heard in the early hours.", WEDNESDAY),
        ("Explosions were heard yesterday in Lviv.", date(2025, 12, 9)),
        ("Officials said today that power was restored.", WEDNESDAY),
    ],
)
def test_relative_days(text, expected):
    _, resolved = first(text)
    assert (resolved.start, resolved.precision) == (expected, "day")
    assert (resolved.month, resolved.day) == (expected.month, expected.day)


def test_earlier_this_week_is_week_precision():
    _, resolved = first("Envoys met in Moscow earlier this week.")
    assert resolved.precision == "week"
    assert (resolved.start, resolved.end) == (date(2025, 12, 8), date(2025, 12, 14))
    assert resolved.month is None and resolved.day is None


def test_last_week():
    _, resolved = first("Envoys met in Moscow last week.")
    assert (resolved.start, resolved.end, resolved.precision) == (date(2025, 12, 1), date(2025, 12, 7), "week")


@pytest.mark.parametrize("text", ["Russia attacked overnight.", "on Tuesday", "yesterday", "earlier this week"])
def test_relative_without_publication_date_is_unknown(text):
    _, resolved = first(text, published=None)
    assert resolved.start is None and resolved.precision == "unknown"


# ------------------------------------------------------------ months and missing years
@pytest.mark.parametrize("text, month", [("Talks in Istanbul in May 2025 failed.", 5), ("In March, 2025 the plan stalled.", 3)])
def test_month_year(text, month):
    _, resolved = first(text)
    assert resolved.precision == "month"
    assert resolved.start == date(2025, month, 1)
    assert resolved.end.month == month and resolved.end.day in (30, 31)


def test_no_year_anywhere_stays_unresolved_with_month_and_day():
    _, resolved = first("The attack on December 6 hit a rail hub.", published=None)
    assert resolved.start is None and resolved.precision == "unknown"
    assert (resolved.month, resolved.day) == (12, 6)


def test_reference_year_anchors_when_no_publication_date():
    _, resolved = first("The attack on December 6 hit a rail hub.", published=None, ref_year=2025)
    assert resolved.start == date(2025, 12, 6)


def test_year_choice_across_new_year():
    # a January 2 article about 'December 30' means the December just past
    _, resolved = first("The strike on December 30 killed two.", published=date(2026, 1, 2))
    assert resolved.start == date(2025, 12, 30)
    # a late-December article about 'January 5' means the coming January
    _, resolved = first("Talks are planned for January 5.", published=date(2025, 12, 28))
    assert resolved.start == date(2026, 1, 5)


def test_distant_month_is_the_past_not_the_future():
    # a December article recalling 'May 16' means this year's May, not next year's
    _, resolved = first("Delegations first met on May 16 in Istanbul.", published=date(2025, 12, 10))
    assert resolved.start == date(2025, 5, 16)


# ------------------------------------------------------------ not dates
@pytest.mark.parametrize(
    "text",
    [
        "Russia launched 5 decoy drones and 10 marines landed.",
        "The 3 Mayors met the governor.",
        "Air defence shot down 4 of 9 missiles.",
        "The air force said 8 may be debris.",
    ],
)
def test_not_dates(text):
    assert not [p for p in find_date_phrases(text) if p.kind in {"day_month", "month_day"}]


def test_offsets_slice_back():
    text = "Between Dec. 4 and 6, envoys met; on Tuesday and yesterday there were strikes overnight."
    for phrase in find_date_phrases(text):
        assert text[phrase.start:phrase.end] == phrase.surface
    assert [p.start for p in find_date_phrases(text)] == sorted(p.start for p in find_date_phrases(text))


# ------------------------------------------------------------ bylines and datelines
@pytest.mark.parametrize(
    "body, expected",
    [
        ("Headline about talks\n- A. Writer\n- 06 Dec, 2025\nText of the story.", date(2025, 12, 6)),
        ("Agency\nNews\n08.01.2026\n\nText of the story.", date(2026, 1, 8)),
        ("Headline\n(Agency) 14:31, January 24, 2026\n\nText.", date(2026, 1, 24)),
        ("Headline\nPublished: December 6, 2025\nText.", date(2025, 12, 6)),
        ("Headline\nPosted on December 6, 2025 at 10:00\nText.", date(2025, 12, 6)),
        ("Headline\nSaturday, December 6, 2025\nText.", date(2025, 12, 6)),
        ("Headline\nLast updated: 6 December 2025 - 15:40 GMT\nText.", date(2025, 12, 6)),
        ("Headline\nUpdated 2025-12-06\nText.", date(2025, 12, 6)),
        ("KYIV, Dec. 2, 2025 (Agency) -- Russia launched drones.", date(2025, 12, 2)),
    ],
)
def test_publication_date_from_text(body, expected):
    found, source = publication_date_from_text(body)
    assert found == expected
    assert source in {"byline", "dateline"}


@pytest.mark.parametrize(
    "body",
    [
        "Dec 24 - Air defence units downed drones.",  # a dateline without a year: no publication date
        "KYIV, Ukraine (AP) — Russia launched drones.",
        "Russia attacked on December 6, 2025 with 50 drones, the long first paragraph of the story says.",
    ],
)
def test_no_publication_date(body):
    assert publication_date_from_text(body) == (None, None)


@pytest.mark.parametrize(
    "body, expected",
    [
        ("Dec 24 - Air defence units downed drones.", (12, 24)),
        ("ABU DHABI, Jan. 23 (Agency) -- Envoys met.", (1, 23)),
        ("LONDON, Jan 5 (Agency) - Ukraine said.", (1, 5)),
        ("Headline\n\nKYIV, Nov. 30 (Agency) -- Text.", (11, 30)),
        ("KYIV, Ukraine (AP) — Russia launched drones.", None),
        ("Text about December 6 without a dateline.", None),
    ],
)
def test_dateline_day(body, expected):
    assert dateline_day(body) == expected


def test_reference_year_is_latest_stated_year():
    assert reference_year("Talks in May 2024 and again in 2025 failed.") == 2025
    assert reference_year("No year here, only December 6.") is None


def test_reference_years_matches_reference_year_on_each_body():
    import polars as pl

    from transforms.dates import reference_years
    bodies = [
        "Talks in May 2024 and again in 2025 failed.", "No year here, only December 6.", "",
        "Since 2014 the war ... by 2031, maybe 2039 or 2040.", "Codes A2023 and 2023B and 12023 are not years; (2026) is.",
        "Figures for 2022-2023, then 2024/25.", "Київ, 2025 рік; 2027.", "twenty twenty-five", "2029\n2030",
    ]
    assert reference_years(pl.Series(bodies)).to_list() == [reference_year(b) for b in bodies]
