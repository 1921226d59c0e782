"""transforms.sentences: vectorised sentence splitting with exact character offsets."""

from __future__ import annotations

import time

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.sentences import split_sentences


def split(*bodies: str | None) -> pl.DataFrame:
    df = pl.DataFrame(
        {"article_id": [f"a{i}" for i in range(len(bodies))], "body": list(bodies)},
        schema={"article_id": pl.String, "body": pl.String},
    )
    out = split_sentences(df)
    check_invariants(df, out)
    return out


def texts(body: str) -> list[str]:
    return split(body)["text"].to_list()


def check_invariants(df: pl.DataFrame, out: pl.DataFrame) -> None:
    assert out.columns == ["article_id", "sentence_idx", "text", "char_start", "char_end"]
    assert out.schema["sentence_idx"] == pl.Int32
    assert out.schema["char_start"] == pl.Int64 and out.schema["char_end"] == pl.Int64
    bodies = dict(zip(df["article_id"].to_list(), df["body"].to_list()))
    missing = set(bodies) - set(out["article_id"].to_list())
    assert all(not (bodies[a] or "").strip() for a in missing)
    for article_id, rows in out.group_by("article_id", maintain_order=True):
        body = bodies[article_id[0]] or ""
        rows = rows.sort("sentence_idx")
        assert rows["sentence_idx"].to_list() == list(range(rows.height))
        previous_end = 0
        for row in rows.iter_rows(named=True):
            s, e, text = row["char_start"], row["char_end"], row["text"]
            assert body[s:e] == text
            assert text and text == text.strip()
            assert "\n" not in text
            assert previous_end <= s < e
            previous_end = e
        # nothing but whitespace is lost
        assert "".join("".join(rows["text"].to_list()).split()) == "".join(body.split())


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "The U.S.-brokered talks resumed in Miami. Russia launched 653 drones overnight.",
            ["The U.S.-brokered talks resumed in Miami.", "Russia launched 653 drones overnight."],
        ),
        (
            "Talks resumed on Dec. 6 in Florida. They ended on Jan. 23 in Abu Dhabi.",
            ["Talks resumed on Dec. 6 in Florida.", "They ended on Jan. 23 in Abu Dhabi."],
        ),
        (
            "Gen. Oleksandr Syrskyi met Lt. Col. Ivanov. Mr. Witkoff and J. Kushner flew to Moscow.",
            ["Gen. Oleksandr Syrskyi met Lt. Col. Ivanov.", "Mr. Witkoff and J. Kushner flew to Moscow."],
        ),
        (
            "Output fell 1.5 percent. The decree of 08.01.2026 took effect. Prices rose 2.75%.",
            ["Output fell 1.5 percent.", "The decree of 08.01.2026 took effect.", "Prices rose 2.75%."],
        ),
        (
            "Officials from the U.K. and the U.S. attended. Sen. Graham and Rep. Wilson spoke.",
            ["Officials from the U.K. and the U.S. attended.", "Sen. Graham and Rep. Wilson spoke."],
        ),
        (
            "Allies, e.g. France, i.e. a key partner, agreed. Approx. 20 points vs. 28 points remain.",
            ["Allies, e.g. France, i.e. a key partner, agreed.", "Approx. 20 points vs. 28 points remain."],
        ),
        (
            "Resolution No. 2202 was cited. Talks in St. Petersburg and Sept. 30 deadlines followed.",
            ["Resolution No. 2202 was cited.", "Talks in St. Petersburg and Sept. 30 deadlines followed."],
        ),
        (
            "Is peace possible? Nobody knows! 653 drones were launched.",
            ["Is peace possible?", "Nobody knows!", "653 drones were launched."],
        ),
        (
            "“There can be no peace without justice,” one spokesman said. “And justice means land.” Talks continue.",
            [
                "“There can be no peace without justice,” one spokesman said.",
                "“And justice means land.”",
                "Talks continue.",
            ],
        ),
        (
            'He said "it looks better." Then he left. (Kyiv disputes this.) Moscow did not comment.',
            ['He said "it looks better."', "Then he left.", "(Kyiv disputes this.)", "Moscow did not comment."],
        ),
        (
            "“Why now?” asked one diplomat. The answer was unclear.",
            ["“Why now?” asked one diplomat.", "The answer was unclear."],
        ),
        (
            "The plan is improving... But it is not acceptable.",
            ["The plan is improving...", "But it is not acceptable."],
        ),
        (
            "Headline Without Any Punctuation\nBody sentence one. Body sentence two",
            ["Headline Without Any Punctuation", "Body sentence one.", "Body sentence two"],
        ),
        (
            "This plan includes:\n- A non-aggression pact\n- Security guarantees from the U.S.\n· Miami Talks: December 4-6, 2025",
            [
                "This plan includes:",
                "- A non-aggression pact",
                "- Security guarantees from the U.S.",
                "· Miami Talks: December 4-6, 2025",
            ],
        ),
        (
            "1. Ukraine’s New Peace Proposal\n2. Ongoing Diplomatic Efforts",
            ["1. Ukraine’s New Peace Proposal", "2. Ongoing Diplomatic Efforts"],
        ),
        (
            "Зеленський заявив, що план «виглядає краще». Росія випустила 653 дрони. У 2025 р. війна тривала.",
            ["Зеленський заявив, що план «виглядає краще».", "Росія випустила 653 дрони.", "У 2025 р. війна тривала."],
        ),
        (
            "Talks continue 🕊️. 🚀 Drones were launched! Done.",
            ["Talks continue 🕊️.", "🚀 Drones were launched!", "Done."],
        ),
        (
            "lowercase after period. does not split here. It does split Here.",
            ["lowercase after period. does not split here.", "It does split Here."],
        ),
        (
            "The war killed 12. Rescue crews worked overnight.",
            ["The war killed 12.", "Rescue crews worked overnight."],
        ),
    ],
)
def test_examples(body, expected):
    assert texts(body) == expected


def test_offsets_with_surrounding_whitespace():
    body = "  \n\n   First one.   Second one.  \n\t Third\n\n"
    out = split(body)
    assert out["text"].to_list() == ["First one.", "Second one.", "Third"]
    assert out["char_start"].to_list() == [7, 20, 36]
    assert out["char_end"].to_list() == [17, 31, 41]


def test_offsets_are_characters_not_bytes():
    body = "Київ 🚀 атакований. Second sentence."
    out = split(body)
    row = out.row(1, named=True)
    assert row["text"] == "Second sentence."
    assert row["char_start"] == body.index("Second")


def test_crlf_body():
    assert texts("First line.\r\nSecond line.\r\n") == ["First line.", "Second line."]


def test_empty_null_and_whitespace_bodies():
    out = split("", None, "   \n\t\n ", "Real.")
    assert out["article_id"].to_list() == ["a3"]
    assert out["sentence_idx"].to_list() == [0]


def test_multiple_articles_keep_input_order():
    out = split("B one. B two.", "A one.", "C one.\nC two.")
    assert out["article_id"].to_list() == ["a0", "a0", "a1", "a2", "a2"]
    assert out["sentence_idx"].to_list() == [0, 1, 0, 0, 1]


def test_two_megabyte_single_line():
    sentence = "Russia launched 653 drones at 10 a.m. on Dec. 6, the U.S. said. "
    body = sentence * (2_000_000 // len(sentence))
    started = time.perf_counter()
    out = split_sentences(pl.DataFrame({"article_id": ["big"], "body": [body]}))
    assert time.perf_counter() - started < 20
    assert out.height == body.count(" said. ")
    last = out.row(-1, named=True)
    assert body[last["char_start"]:last["char_end"]] == last["text"] == sentence.strip()


@pytest.mark.parametrize(
    "body",
    ["." * 2_000_000, ". " * 1_000_000, "\n" * 1_000_000, "word " * 400_000, "a. B" * 400_000, "1.5 " * 500_000],
)
def test_pathological_large_bodies(body):
    started = time.perf_counter()
    out = split_sentences(pl.DataFrame({"article_id": ["big"], "body": [body]}))
    assert time.perf_counter() - started < 20
    if out.height:
        first = out.row(0, named=True)
        assert body[first["char_start"]:first["char_end"]] == first["text"]


sentence_alphabet = st.sampled_from(
    list("abcXYZ Київ019") + [". ", "! ", "? ", "\n", "\n\n", "U.S. ", "Dec. ", "J. ", "1.5", "“", "”", '"', "'",
                               ")", "(", "...", " \t", "\r\n", "🚀", "\u00a0", "\u2028", "\x1c", "«", "»"]
)


@settings(max_examples=300, deadline=None)
@given(body=st.lists(sentence_alphabet, max_size=60).map("".join))
def test_property_sentence_like_text(body):
    split(body)


@settings(max_examples=300, deadline=None)
@given(body=st.text())
def test_property_arbitrary_unicode(body):
    split(body)


@settings(max_examples=50, deadline=None)
@given(bodies=st.lists(st.one_of(st.none(), st.text(max_size=200)), max_size=5))
def test_property_many_rows(bodies):
    split(*bodies)
