"""The fast path of transforms.dates._find_date_phrases (patterns for folded text, only those whose
necessary condition holds) gives what running every pattern on the original text gives."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.dates import _PATTERNS, _PATTERNS_LOWER, _find_date_phrases, _scan, find_date_phrases

SENTENCES = [
    # explicit days, ranges, years
    "Drones hit the port on the night of 12 to 13 March, officials said.",
    "ABU DHABI, Jan. 23 (Xinhua) -- Talks resumed.",
    "A report dated 2024-03-05 was leaked; the bulletin of 07.12.2025 lists the damage.",
    "Delegations met December 4-6, 2025 in Florida and again 4–6 December 2025.",
    "Delegations will meet Dec. 15 to 17 in Berlin, then November 29 - December 1 in Geneva.",
    "A summit ran from December 30 - January 2, 2026, after talks 29 November to 1 December.",
    "Officials met on the 2nd of December in Bern and on Sept 3rd in Rome.",
    "It was signed on March 3, 2024 in Doha; in May 2025 they met again. March, 2025 was quiet.",
    "The vote went 6-4 December ballots aside; 3 of 9 Mar units were hit.",
    "8 may be debris, 7 march on, but 7 May was the date and MAY 7 too.",
    "ON DECEMBER 6, 2025 THE PORT WAS HIT; on december 6th too.",
    "Between 12 and 14 June and from june 30 until july 2 nothing happened.",
    "On 31 February and 45 March and Dec 0 nothing is a date.",
    # relative phrases
    "Russia attacked last Tuesday night and on Friday; this Sunday is quiet.",
    "Overnight, and over night, and during the night, air defences worked.",
    "In the early hours and early this morning and early on Monday morning sirens sounded.",
    "Earlier today, this afternoon and this evening, and yesterday, officials spoke.",
    "Earlier this month and earlier this week, last week and earlier in the week talks stalled.",
    "TODAY and YESTERDAY and LAST NIGHT in capitals.",
    # nothing to find
    "Zelensky met Witkoff in Miami to discuss the peace plan.",
    "The decision was made after remarks on the market; the octopus ran a marathon.",
    "Holidays, weekdays and nightlife are not dates: weekend, knighthood, hourse.",
    "He said 300 drones and 40 missiles were launched at 12 regions.",
    "",
    # non-ASCII: dashes and quotes; 'ſ', 'ı', 'İ', which fold() maps to 's', 'i', 'i'
    "Talks in Geneva — on December 6 – drew Ukraine’s delegation.",
    "The ſeptember 5 meeting and the İSTANBUL talks on 6 Dec with frıends.",
    "Die Straße: 3 März, ẞ and Ω on 4 December.",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_fast_path_equals_all_patterns(text):
    assert _find_date_phrases(text) == _scan(text, text, _PATTERNS)


@pytest.mark.parametrize("text", SENTENCES)
def test_case_variants(text):
    for variant in (text.upper(), text.lower(), text.title(), text.swapcase()):
        assert _find_date_phrases(variant) == _scan(variant, variant, _PATTERNS)


def test_fast_path_finds_the_phrases():
    surfaces = [p.surface for p in find_date_phrases(
        "On the night of 12 to 13 March and on Jan. 23, last Tuesday, overnight and on 2024-03-05, "
        "and earlier this week.")]
    assert surfaces == ["12 to 13 March", "Jan. 23", "last Tuesday", "overnight", "2024-03-05", "earlier this week"]
    assert find_date_phrases("No date here, only 300 drones.") == ()
    # the verb 'may' is no month: the original case decides, not the folded text
    assert [p.surface for p in find_date_phrases("8 may be debris; talks on 7 May in Geneva.")] == ["7 May"]


@pytest.mark.parametrize("index", range(len(_PATTERNS_LOWER)))
def test_necessary_conditions_hold_on_generated_matches(index):
    """Text made to match one pattern (any case): the prefiltered fast path still finds what all the
    IGNORECASE patterns find, so the hand-written conditions are necessary ones."""
    kind, pattern, _ = _PATTERNS_LOWER[index]

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(pattern), st.sampled_from([str, str.upper, str.title, str.swapcase]))
    def check(text, case):
        text = case(text)
        assert _find_date_phrases(text) == _scan(text, text, _PATTERNS), kind

    check()
