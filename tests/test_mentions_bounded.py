"""MentionFinder's pass for ASCII text (word-bounded alias forms) yields exactly the candidates of
the general pass (every alias occurrence, bounds checked one by one), so both give the same
mentions: hand-written sentences and generated ones built from the gazetteer's aliases with
punctuation, plural 's', digits and changed case around them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.mentions import MentionFinder
from transforms.reference import load_reference

KINDS = [None, frozenset({"weapon"}), frozenset({"place", "person"}), frozenset({"organisation"})]

SENTENCES = [
    "Overnight Russia launched 120 Shahed-type drones and 7 Iskander-M missiles at Kharkiv, Dnipro and the "
    "Odesa region, the Ukrainian Air Force said, while Witkoff met Umerov in Miami.",
    "Two Kh-101s and three Iskanders hit Kyiv-based firms; Kyivstar was not hit.",
    "The US and the U.S. and US-led and USA and us and Us: the UN, un, UNICEF, the EU's plan, AP and FT reported.",
    "Donetsk and Luhansk regions, Kharkiv, Sumy and Chernihiv oblasts, Zaporizhzhia & Kherson provinces.",
    "Steve Witkoff met Xi and XI and xi; the Kyiv Independent said Kyiv.",
    "KYIV, Nov. 23 -- KHARKIV and kharkiv and Kharkivs and S-300s and s-300 and S-300S.",
    "_Kyiv_ 2Kyiv Kyiv2 (Kyiv) [Odesa] 'Odesa' \"Odesa\" Odesa.",
    "Shaheds, Shahed-136s, Geran-2s and Kalibrs struck the Odesa region overnight.",
    "",
    "s",
    "Kyiv",
]


@pytest.fixture(scope="module")
def finder() -> MentionFinder:
    return MentionFinder(load_reference())


@pytest.fixture(scope="module")
def alias_pool() -> list[str]:
    return [a for a in load_reference().alias_table()["alias"].to_list() if a.isascii()]


def _same_both_ways(finder: MentionFinder, text: str) -> None:
    assert text.isascii()
    for wanted in KINDS:
        bounded = sorted(finder._bounded_candidates(text, wanted))
        general = sorted(finder._candidates(text, text, wanted))
        assert bounded == general, (text, wanted)
        assert finder._resolve(text, text, bounded) == finder._resolve(text, text, general)


@pytest.mark.parametrize("text", SENTENCES)
def test_bounded_pass_equals_general_pass(finder, text):
    _same_both_ways(finder, text)


_AROUND = st.sampled_from([" ", ", ", ". ", " and ", "'s ", " (", ") ", "-", " x", "y ", "s ", "S ", "s", "2",
                           "_", "/", ".", "", "  ", "\n", "'", " regions ", " oblasts"])


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_bounded_pass_equals_general_pass_on_generated_text(finder, alias_pool, data):
    parts = data.draw(st.lists(st.one_of(st.sampled_from(alias_pool), _AROUND), max_size=14))
    case = data.draw(st.sampled_from([str, str.upper, str.lower, str.title]))
    _same_both_ways(finder, case("".join(parts)))
