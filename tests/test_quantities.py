"""transforms.quantities on hand-written phrases (not corpus text)."""

from __future__ import annotations

import polars as pl
import pytest

from transforms.quantities import find_quantities, quantities_frame, unit_after


def only(text: str):
    found = find_quantities(text)
    assert len(found) == 1, found
    q = found[0]
    assert text[q.start:q.end] == q.surface
    return q


# ------------------------------------------------------------ exact numbers
@pytest.mark.parametrize(
    "text, value",
    [
        ("Air defence destroyed 1,245 drones.", 1245),
        ("The fund holds 12,500,000 dollars.", 12_500_000),
        ("It received 1.5 million doses.", 1_500_000),
        ("About the plan: 600,000 troops.", 600_000),
        ("Eight people were hurt.", 8),
        ("Twenty-seven drones were launched.", 27),
        ("twenty seven drones were launched.", 27),
        ("They counted two hundred and five drones.", 205),
        ("They counted one thousand two hundred shells.", 1200),
        ("They counted a hundred and fifty shells.", 150),
        ("It launched a dozen drones.", 12),
        ("It launched two dozen drones.", 24),
        ("It launched 3 dozen drones.", 36),
        ("Only one drone got through.", 1),
        ("Zero drones got through.", 0),
    ],
)
def test_exact(text, value):
    q = only(text)
    assert q.value == value and q.qualifier == "exact" and q.is_exact
    assert q.low == q.high == value


def test_at_least_keeps_the_value():
    q = only("At least 8 people were wounded.")
    assert (q.value, q.qualifier, q.low, q.high) == (8, "at least", 8, None)
    q = only("No fewer than eleven drones flew in.")
    assert (q.value, q.qualifier) == (11, "at least")
    q = only("Some 40 or more drones flew in.")  # 'some' wins over the suffix
    assert q.value is None


def test_or_more_is_at_least():
    q = only("It sent 50 or more drones.")
    assert (q.value, q.qualifier) == (50, "at least")


# ------------------------------------------------------------ approximate numbers
@pytest.mark.parametrize(
    "text, qualifier, low, high",
    [
        ("It launched almost 90 drones.", "almost", 81, 90),
        ("It launched nearly 1,000 drones.", "almost", 900, 1000),
        ("It launched about 500 drones.", "about", 450, 550),
        ("It launched around 60 drones.", "about", 54, 66),
        ("It launched some 27 drones.", "about", 24.3, 29.7),
        ("It launched some thirty drones.", "about", 27, 33),
        ("It launched more than 470 drones.", "more than", 470, 564),
        ("It launched over 370 drones.", "more than", 370, 444),
        ("It launched fewer than 20 missiles.", "less than", 16, 20),
        ("It launched up to 20 missiles.", "up to", 0, 20),
        ("It launched more than a dozen missiles.", "more than", 12, 14.4),
        ("It launched about a dozen missiles.", "about", 10.8, 13.2),
        ("It launched a dozen or so missiles.", "about", 10.8, 13.2),
        ("It launched 20 or so missiles.", "about", 18, 22),
        ("It launched 100-odd drones.", "about", 90, 110),
        ("It launched 50-60 drones.", "range", 50, 60),
        ("It launched 50 to 60 drones.", "range", 50, 60),
        ("It launched between 40 and 50 drones.", "range", 40, 50),
        ("It hurt two or three people.", "range", 2, 3),
    ],
)
def test_approximate(text, qualifier, low, high):
    q = only(text)
    assert q.value is None and not q.is_exact
    assert q.qualifier == qualifier
    assert q.low == pytest.approx(low) and q.high == pytest.approx(high)


@pytest.mark.parametrize(
    "text, qualifier, low, high",
    [
        ("It launched dozens of drones.", "dozens", 24, 99),
        ("It launched several dozen drones.", "dozens", 24, 99),
        ("It launched hundreds of drones.", "hundreds", 200, 999),
        ("It cut power to hundreds of thousands of homes.", "hundreds of thousands", 200_000, 999_999),
        ("It cut power to tens of thousands of homes.", "tens of thousands", 20_000, 99_999),
        ("It launched several drones.", "several", 3, 9),
        ("It launched a few drones.", "a few", 2, 5),
    ],
)
def test_vague(text, qualifier, low, high):
    q = only(text)
    assert q.value is None and (q.qualifier, q.low, q.high) == (qualifier, low, high)


# ------------------------------------------------------------ not counts
@pytest.mark.parametrize(
    "text",
    [
        "It happened in 2025.",
        "The war of 2022-2025 drags on.",
        "The 2025-26 season was cancelled.",
        "No one was hurt.",
        "One of the drones fell in a field.",
        "They blamed one another.",
        "As of 08:00, the alert was over.",
        "The Kh-101 and the S-300 are missiles.",
        "The F-16 jets arrived.",
        "Some drones crashed.",
        "A hundredfold increase.",
    ],
)
def test_not_counts(text):
    assert find_quantities(text) == []


def test_one_as_a_count_is_kept():
    q = only("One person was killed.")
    assert q.value == 1


def test_several_numbers_in_order_with_offsets():
    text = "Of 62 drones, 50 were downed; about 9 missiles and dozens of glide bombs hit 4 of 9 targets."
    found = find_quantities(text)
    assert [q.surface for q in found] == ["62", "50", "about 9", "dozens", "4", "9"]
    for q in found:
        assert text[q.start:q.end] == q.surface
        assert text[q.number_start] in "0123456789d"
    assert found[2].number_start == text.index("9 missiles")


def test_from_to_is_two_figures():
    found = find_quantities("The toll rose from 5 to 7.")
    assert [(q.value, q.qualifier) for q in found] == [(5, "exact"), (7, "exact")]


# ------------------------------------------------------------ units and the frame
def test_unit_after_skips_modifiers():
    text = "It launched 121 Ukrainian attack drones overnight."
    q = only(text)
    assert unit_after(text, q.end) == "drones"
    # within a one-word window there is no known noun: the first word is the best we have
    assert unit_after(text, q.end, 1) == "ukrainian"


def test_quantities_frame_offsets_and_filter():
    sentences = pl.DataFrame({
        "article_id": ["a", "a", "a"], "sentence_idx": [0, 1, 2],
        "text": ["No numbers here.", "It launched 40 drones and a hundred shells.", "Dozens were hurt."],
        "char_start": [0, 17, 61],
    })
    frame = quantities_frame(sentences)
    assert frame["surface"].to_list() == ["40", "a hundred", "Dozens"]
    assert frame["value"].to_list() == [40.0, 100.0, None]
    assert frame["unit"].to_list()[:2] == ["drones", "shells"]
    assert frame["char_start"].to_list()[0] == 17 + len("It launched ")
    assert frame.schema["sentence_idx"] == pl.Int32


@pytest.mark.parametrize("text, unit", [
    ("121 Ukrainian drones", "drones"),
    ("27 strike UAVs", "uavs"),
    ("eight people were hurt", "people"),
    ("capped at 600,000 personnel", "personnel"),
    ("shot down 4 of 9 missiles", None),
    ("a 32% reduction", "%"),
])
def test_unit_is_the_counted_noun(text, unit):
    q = find_quantities(text)[0]
    assert unit_after(text, q.end) == unit


@pytest.mark.parametrize("text", [
    "Russia launched 653 drones and 51 missiles; air defence downed 585 of them.",
    "Almost 90 drones, at least 8 missiles and dozens of Shaheds were reported.",
    "Ukraine said twenty-seven of the 40-50 drones were shot down, a hundred more were jammed.",
    "Between 40 and 50 people were hurt, two or three were killed and hundreds of thousands lost power.",
    "The toll rose from 5 to 7 after 1,800 rescuers searched; no one was found, one of them said.",
    "In 2025 some 1900 drones, a dozen or so missiles and 4 of 9 Kh-101 were fired, 12 or more hit.",
    "NEARLY NINETY DRONES, About Two Dozen Missiles, 2.5 million people and 3k homes, Kelvin \u212A 5.",
])
def test_lower_case_fast_path_agrees_with_the_ignorecase_pattern(text):
    # a long s anywhere sends the text through NUMBER_PATTERN itself (re.IGNORECASE on the text)
    general = find_quantities(text + " ſ")
    assert find_quantities(text) == general and general
