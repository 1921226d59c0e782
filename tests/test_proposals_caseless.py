"""The proposal patterns' fast path (casefold.Caseless: folded text, a needed-string prefilter) finds exactly what
the re.IGNORECASE patterns find, on varied sentences: mixed case, typographic characters, and the
characters lower-casing changes ('İ', 'ı', 'ſ', the Kelvin sign)."""

from __future__ import annotations

import pytest

import transforms.proposals as proposals
from transforms.casefold import Caseless, _folded, required_literals

SENTENCES = [
    "The White House circulated a 28-point peace plan on Thursday.",
    "KYIV PRESENTED A TWENTY-POINT FRAMEWORK to European diplomats.",
    "Moscow REJECTED the plan, calling it Unacceptable; Kyiv said it Would Not Accept it.",
    "Ukraine won’t sign the Deal, Zelensky said, but he welcomed parts of the draft.",
    "The plan caps Ukraine’s armed forces at 600,000 troops and bans NATO membership.",
    "Under the U.S. proposal, frozen Russian assets would fund reconstruction of Donbas.",
    "Europe’s counter-proposal keeps a 800,000-strong army; it also provides security guarantees.",
    "It Also Provides For elections within 100 days and a ceasefire along the line of contact.",
    "Officials are studying the document and have not yet responded; a reply is pending.",
    "Some points are somewhat acceptable, Kyiv said, calling the draft a basis for talks.",
    "All 28 points were later published.",
    "The ZNPP would be run jointly, the blueprint says.",
    "Kremlin aide Ushakov dismissed the initiative as a non-starter.",
    "\u0130stanbul hosted the talks on the plan, which the Kremlin rejected.",
    "The \u0131nitiative was rejected by Moscow; Kyiv backed the plan.",
    "Ru\u017f\u017fia \u017fupports the plan; the propo\u017fal was \u017ftudied.",
    "The \u212aremlin rejected the peace plan; the \u212a-point list was shelved.",
    "Washington\u2019s 20\u2011point plan – the latest version – limits the army to 800,000.",
    "",
    "plan",
    "Cease-fire. TRUCE. Non-Aggression pact. Sanctions relief. Referendum.",
]

PATTERNS = [(name, value) for name, value in vars(proposals).items() if isinstance(value, Caseless)]
PATTERNS += [(f"{name}:{label}", rx) for name in ("CATEGORIES", "STANCE_CUES")
             for label, rx in getattr(proposals, name)]


def _spans(matches) -> list[tuple[int, int, dict]]:
    return [(m.start(), m.end(), {g: m.span(g) for g in m.re.groupindex}) for m in matches]


@pytest.mark.parametrize("name,pattern", PATTERNS, ids=[n for n, _ in PATTERNS])
@pytest.mark.parametrize("text", SENTENCES)
def test_fast_path_matches_ignorecase(name, pattern, text):
    original = pattern.rx
    assert _spans(pattern.finditer(text)) == _spans(original.finditer(text))
    for pos in range(len(text) + 1):
        fast, slow = pattern.match(text, pos), original.match(text, pos)
        assert (fast and fast.span()) == (slow and slow.span())
    for pos, endpos in ((0, len(text)), (3, len(text) - 2), (len(text) // 2, len(text))):
        fast, slow = pattern.search(text, pos, endpos), original.search(text, pos, endpos)
        assert (fast and fast.span()) == (slow and slow.span())
        assert _spans(pattern.finditer(text, pos, endpos)) == _spans(original.finditer(text, pos, endpos))
        assert _spans(pattern.finditer_in(text, pos, endpos)) == _spans(original.finditer(text[pos:endpos]))


def test_folding_keeps_offsets_where_lower_would_not():
    assert _folded("İstanbul")[0] == "istanbul"  # lower() would lengthen it
    assert _folded("ıd")[0] == "id" and _folded("ſo")[0] == "so"  # IGNORECASE: 'ı' ~ 'i', 'ſ' ~ 's'
    assert _folded("The KREMLIN’s plan")[0] == "the kremlin’s plan"
    assert "plan" in _folded("The KREMLIN’s plan")[1]


@pytest.mark.parametrize("pattern,needed", [
    (r"\bplan\b", {"plan"}),
    (r"\b(?:cede|territor\w+|land\s+swaps?)\b", {"cede", "territor", "land"}),
    (r"ab\s+(?:cdef)+\s*(?:gh|ij)", {"cdef"}),  # the longest needed strings
    (r"foo(?:bar)?", {"foo"}),
    (r"(?:foo|\w+)", None),  # an alternative with no literal: nothing needed
    (r"x*", None),
])
def test_needed_strings(pattern, needed):
    got = required_literals(pattern)
    assert (set(got) if got else None) == needed
