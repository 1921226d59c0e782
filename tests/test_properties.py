"""Property tests over every transform: arbitrary Unicode never raises, numbers round-trip,
offsets always slice back to the text they claim."""

from datetime import date

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import build_view, place_info, reference, weapon_category
from transforms.dates import find_date_phrases, publication_date_from_text, resolve
from transforms.mentions import MentionFinder
from transforms.proposals import extract_proposals
from transforms.quantities import find_quantities, quantities_frame
from transforms.strikes import extract_strikes
from transforms.talks import extract_talks

# Text that looks like news often enough to reach the rules: words of the domain mixed with noise.
DOMAIN_WORDS = ["Russia", "Ukraine", "launched", "drones", "missiles", "shot", "down", "of", "killed", "injured",
                "talks", "in", "Geneva", "Kyiv", "Witkoff", "met", "28-point", "plan", "capped", "at", "600,000",
                "overnight", "December", "6", "almost", "90", "dozens", "air", "force", "said", ".", ",", "\n"]
newsish = st.lists(st.one_of(st.sampled_from(DOMAIN_WORDS), st.text(max_size=8)), max_size=60).map(" ".join)
any_text = st.one_of(st.text(max_size=300), newsish)
dates = st.one_of(st.none(), st.dates(min_value=date(2022, 2, 24), max_value=date(2027, 12, 31)))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(text=any_text, published=dates)
def test_dates_never_raise(text, published):
    for phrase in find_date_phrases(text):
        assert text[phrase.start:phrase.end] == phrase.surface
        resolved = resolve(phrase, published, 2025)
        assert resolved.precision in {"day", "week", "month", "unknown"}
        if resolved.start and resolved.end:
            assert resolved.start <= resolved.end
    publication_date_from_text(text)


@SETTINGS
@given(text=any_text)
def test_quantities_never_raise_and_slice_back(text):
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.surface
        assert q.value is None or q.value >= 0
        if q.low is not None and q.high is not None:
            assert q.low <= q.high
    frame = quantities_frame(pl.DataFrame({"article_id": ["a"], "sentence_idx": [0], "text": [text], "char_start": [0]}))
    for surface, start, end in frame.select("surface", "char_start", "char_end").iter_rows():
        assert text[start:end] == surface


@SETTINGS
@given(n=st.integers(min_value=1, max_value=9_999_999))
def test_numbers_round_trip_with_separators(n):
    for written in (str(n), f"{n:,}"):
        (q,) = find_quantities(f"Officials counted {written} drones.")
        assert q.value == n


@SETTINGS
@given(n=st.integers(min_value=1, max_value=99))
def test_number_words_round_trip(n):
    units = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
             "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
    tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    word = units[n] if n < 20 else tens[n // 10] + ("-" + units[n % 10] if n % 10 else "")
    (q,) = find_quantities(f"Rescuers found {word} people under the rubble.")
    assert q.value == n


@SETTINGS
@given(text=any_text)
def test_mentions_slice_back(text):
    for kind, surface, _cid, _name, start, end in MentionFinder(reference()).find_in_text(text):
        assert text[start:end] == surface
        assert kind in {"person", "place", "organisation", "weapon"}


@SETTINGS
@given(text=any_text, published=dates)
def test_extractors_never_raise_and_claims_point_at_their_evidence(text, published):
    view = build_view(text, published)
    body_sentences = {s.idx: s for s in view.sentences}
    strikes, strike_claims = extract_strikes(view, weapon_category(), place_info())
    talks, talk_claims = extract_talks(view, reference().places, reference().people)
    proposals, proposal_claims = extract_proposals(view)
    for claim in strike_claims + talk_claims + proposal_claims:
        sentence = body_sentences[claim["sentence_idx"]]
        assert claim["evidence"] == sentence.text
        assert sentence.char_start <= claim["char_start"] <= claim["char_end"] <= sentence.char_start + len(sentence.text)
    for row in strikes:
        for field in ("drones_launched", "missiles_launched", "drones_intercepted", "missiles_intercepted", "killed", "injured"):
            assert row[field] is None or row[field] >= 0
    assert all(row["location"] for row in talks)
    assert all(1 <= row["point_count"] <= 100 for row in proposals if row["point_count"] is not None)
