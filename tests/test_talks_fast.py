"""The talks extractor's fast paths give what the general ones give: meeting cues found on the
folded sentence (after the CUE_STEMS prefilter) are those found with the IGNORECASE patterns."""

from __future__ import annotations

import pytest

from transforms.casefold import fold
from transforms.talks import _cues

SENTENCES = [
    "Ukrainian and Russian negotiators met in Istanbul on Monday for a second round of direct talks.",
    "TALKS IN GENEVA RESUMED; THE DELEGATIONS MET AT THE HOTEL.",
    "Witkoff flew to Moscow to meet Putin, then travelled to Berlin.",
    "The delegation travelled to Geneva and arrived in Berlin for talks.",
    "Talks began in Abu Dhabi; the summit opened and consultations continued.",
    "Zelensky talks to reporters in Kyiv; Umerov talks about the press in Miami.",
    "Zelensky Talks To Reporters after the Meeting in Paris.",
    "Doha hosted talks and Riyadh hosts the next negotiating round; Ankara is hosting delegates.",
    "They sat down in Miami and negotiated a framework; Rubio convened envoys.",
    "A visit to Paris and a trip to London followed the engagement in Rome.",
    "Face-to-face contacts opened in Istanbul; face-to-face contact began again.",
    "The army started an offensive and troops headed to Pokrovsk.",
    "Drones struck Kharkiv overnight, killing three people.",
    "Something met the metres of the comet; the satellite was hostile.",
    "The meetings, meets and meeting-room in Bern.",
    "",
    # non-ASCII: curly quotes and dashes; 'ſ', 'ı', 'İ', which fold() maps to 's', 'i', 'i'
    "Ukraine’s delegation met — in Geneva — with the U.S. side.",
    "The İstanbul talks and the ſummit in Paris, then Talkſ.",
    "Negotıators met in Rome; the delegatıon arrived.",
    "Zelensky talkſ to reporters; İSTANBUL TALKS TO THE PRESS.",
]


def _spans(matches):
    return [(m.span(), [g for g in ("noun", "verb", "event", "travel") if m.group(g)]) for m in matches]


@pytest.mark.parametrize("text", SENTENCES)
def test_lowered_cues_equal_the_general_path(text):
    for variant in (text, text.upper(), text.lower(), text.title(), text.swapcase()):
        assert _spans(_cues(variant, fold(variant))) == _spans(_cues(variant))


def test_cues_found_on_the_lowered_text():
    text = "Ukrainian negotiators met in Istanbul."
    assert [m.span() for m in _cues(text, fold(text))] == [(10, 21), (22, 25)]
    assert _cues("Drones struck Kharkiv overnight.", fold("Drones struck Kharkiv overnight.")) == []
    assert [m.span() for m in _cues("The İstanbul talks", fold("The İstanbul talks"))] == [(13, 18)]  # same offsets
