"""transforms.casefold: ci() patterns on fold(text) match exactly where re.IGNORECASE patterns match
on the text itself, so the extractors can use them without changing a single figure."""

from __future__ import annotations

import re
import string
import sys

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.casefold import Caseless, Scan, ci, fold, required_literals

ALL_CHARS = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]


def test_fold_keeps_length_and_word_classes_for_every_character():
    assert all(len(fold(c)) == 1 for c in ALL_CHARS)
    for c in (c for c in ALL_CHARS if fold(c) != c):
        f = fold(c)
        for cls in (r"\w", r"\d", r"\s"):
            assert bool(re.match(cls, c)) == bool(re.match(cls, f)), (repr(c), cls)


def test_fold_maps_to_an_ascii_letter_exactly_what_ignorecase_equates_with_it():
    ascii_letter = re.compile("[a-z]", re.IGNORECASE)
    for c in ALL_CHARS:
        f = fold(c)
        if ascii_letter.fullmatch(c):
            assert f in string.ascii_lowercase and re.fullmatch(f, c, re.IGNORECASE), repr(c)
        else:
            assert f not in string.ascii_lowercase, repr(c)


def test_fold_never_produces_the_punctuation_the_patterns_use():
    punctuation = set("’‘“”—–-'\",;:.()%+&")
    assert [c for c in ALL_CHARS if fold(c) != c and fold(c) in punctuation] == []


PATTERNS = [
    r"\b(?:Russian|Russia['’]s|enemy\s+Russian)\b",
    r"^\s*(?:of\s+(?:them|which)|among\s+them)\b",
    r"\b(?P<verb>killed|injured)\s+(?:a|an|one)\s+(?:\d+-year-old\s+)?(?:boy|girl)\b",
    r"^[^,;:()\d—–]{0,30}?\b(?:over|in)\s+(?:the\s+)?(?:[A-Z][\w-]+\s+)?(?:region|oblast)\b(?!s)",
    r"\b(?:at|against)\s+(Ukraine|Russia)(?:['’]s)?\b",
    r"[A-Za-z’'-]+\s+\W\S\D",
]
TEXTS = [
    "RUSSIAN drones were shot down over the Kharkiv REGION",
    "Ruſſian forces attacked; ruſſia's drones hit Kyiv",
    "İnjured one boy; KİLLED a girl, ınjured a 7-year-old boy",
    "OF THEM, 12 were downed in the Sumy Oblast — Russia’s MoD said",
    "launched 83 drones AGAINST UKRAINE’s east, not at Rus\u212Aia",
    "The Kelvin sign \u212A, dotless ı, long ſ and İ appear; AmonG them 5 À É ß ǅ",
]


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("text", TEXTS)
def test_ci_pattern_on_folded_text_matches_like_ignorecase(pattern, text):
    slow, fast = re.compile(pattern, re.IGNORECASE), ci(pattern)
    low = fold(text)
    for start in range(len(text)):
        a, b = slow.search(text[start:]), fast.search(low[start:])
        assert (a and (a.span(), [a.span(g) for g in range(1, a.re.groups + 1)])) == \
               (b and (b.span(), [b.span(g) for g in range(1, b.re.groups + 1)])), (pattern, text[start:])
    assert [m.span() for m in slow.finditer(text)] == [m.span() for m in fast.finditer(low)]


def test_ci_keeps_escapes_and_group_names_and_refuses_inline_case_flags():
    assert ci(r"\bA\S+\W(?P<Verb>X)\D").pattern == r"\ba\S+\W(?P<Verb>x)\D"
    with pytest.raises(ValueError):
        ci(r"(?-i:[a-z])")
    with pytest.raises(ValueError):
        ci("Straße")
    assert ci(r"20[- \u2010]Point", re.MULTILINE).pattern == r"20[- \u2010]point"  # a hyphen, not a letter
    for named in (r"\u0130stanbul", r"\x41", r"\U0000212A", r"\N{LATIN SMALL LETTER A}", r"(a)\1", r"(?P<x>a)(?P=x)"):
        with pytest.raises(ValueError):
            ci(named)
    assert ci(r"\\x41").pattern == r"\\x41"  # an escaped backslash, then 'x41'


# ------------------------------------------------------------ required_literals / Scan
@pytest.mark.parametrize("pattern, literals", [
    (r"\bdefen[cs]e\s+(?:forces|army)|\bkremlin\b", {"defence", "defense", "kremlin"}),
    (r"[;(\)]|:\s|\bbut\b", {";", "(", ")", ":", "but"}),
    (r"a(?:bc)?d", {"a"}),  # an optional group breaks the run of literals
    (r"(?:x|y)+z", {"z"}),
    (r"(?:xy|zw)+", {"xy", "zw"}),  # a repeat that must occur once
    (r"\d+|drones", None),  # one alternative needs no literal
    (r"(?=abc)\w+", None),  # a lookahead consumes nothing it could promise
    (r"(?>draft|plan)s?", {"draft", "plan"}),  # an atomic group
])
def test_required_literals(pattern, literals):
    found = required_literals(pattern)
    assert (set(found) if found is not None else None) == literals


def _strike_scans() -> dict[str, Scan]:
    from transforms import strikes
    scans = {}
    for name, value in vars(strikes).items():
        for key, pattern in (value.items() if isinstance(value, dict) else [(None, value)]):
            if isinstance(pattern, Scan):
                scans[name if key is None else f"{name}[{key}]"] = pattern
    return scans


@pytest.mark.parametrize("name", sorted(_strike_scans()))
def test_every_match_of_a_scan_pattern_holds_one_of_its_literals(name):
    scan = _strike_scans()[name]

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(scan.regex))
    def check(text):
        assert scan.regex.search(text)
        assert any(key in text for key in scan.keys)
        assert scan.search(text) is not None and scan.search(text).span() == scan.regex.search(text).span()

    check()


def test_scan_without_a_literal_is_refused():
    with pytest.raises(ValueError):
        Scan(r"\d+")


def test_caseless_made_after_text_was_read_still_prefilters_right():
    first = Caseless(re.compile(r"\bceasefire\b", re.IGNORECASE))
    assert first.search("A CEASEFIRE now").span() == (2, 11)  # the key finder is built here
    late = Caseless(re.compile(r"\btruce\b", re.IGNORECASE))
    assert late.needs == {"truce"}
    assert late.search("A Truce now").span() == (2, 7)
    assert late.search("A ceasefire now") is None and first.search("A ceaſefire").span() == (2, 11)
    plain = Caseless(re.compile(r"\bNATO\b"))  # no IGNORECASE: runs as it is
    assert plain.search("nato, NATO").span() == (6, 10)


def test_quantities_read_ignorecase_equivalents_as_their_ascii_spelling():
    from transforms.quantities import find_quantities
    odd, plain = "Almoſt 90 drones, ſeveral missiles and SİX shells", "Almost 90 drones, several missiles and SIX shells"
    strip = lambda qs: [(q.value, q.low, q.high, q.qualifier, q.start, q.end) for q in qs]  # noqa: E731
    assert strip(find_quantities(odd)) == strip(find_quantities(plain))
