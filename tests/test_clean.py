"""transforms.clean: page-debris lines removed, real content kept byte-identical."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from transforms.clean import clean_articles

CONTENT = [
    "Russia launched 653 drones and 51 missiles overnight, Ukraine's air force said.  ",
    "Negotiators met in Miami for a third day of U.S.-brokered talks.",
    "§ Ukraine-US peace negotiations make progress",
    "- A legally binding non-aggression pact with Russia",
]


def clean_one(text: str | None) -> dict:
    out = clean_articles(pl.DataFrame({"article_id": ["a"], "text": [text]}, schema={"article_id": pl.String, "text": pl.String}))
    assert out.columns == ["article_id", "body", "removed_lines"]
    assert out.height == 1
    return out.row(0, named=True)


DEBRIS = [
    ".webp)",
    ".jpg)",
    "  .png)  ",
    "Ukraine_Russia_talks_2025-12-06.jpeg",
    "https://cdn.example.org/img/drone-attack.webp?w=800)",
    "![Drone wreckage in Kyiv](https://example.org/a.jpg)",
    "[![](https://example.org/b.png)](https://example.org/gallery)",
    "Share this article",
    "Share this article to engage with critical discussions about the peace process and what comes next "
    "for the region, its people and the wider security architecture of the continent as talks continue.",
    "Follow us on Telegram",
    "Follow us on X, Facebook and Instagram for the latest updates.",
    "Follow The Kyiv Courier on Social Media,",
    "Follow and share The Daily Example for authoritative geopolitical analysis and breaking news on diplomacy.",
    "Leave a Reply",
    "Leave a comment",
    "Your email address will not be published. Required fields are marked *",
    "Required fields are marked *",
    "Sign up now",
    "Sign up for our daily briefing",
    "Subscribe to our newsletter",
    "Read the latest news on Telegram!",
    "Read our live coverage on Telegram!",
    "Call to Action (CTA)",
    "Help us reach 25,000 members",
    "Quality journalism takes work. Support us.",
    "5 min read",
    "By Jane Doe · 7 min read",
    "Editor's note: This is a developing story and will be updated.",
    "Editor’s note: This is a developing story.",
    "§ YouTube",
    "Threads",
    "Email ID",
    "Facebook | Twitter | Telegram",
    "- END",
    "END",
    "0 out of 25,000",
    "12,345 / 25,000 members",
    "Advertisement",
    "Related: Ukraine's energy grid under attack",
    "Read more",
    "Tags: Ukraine, Russia, drones",
    "© 2025 Example Media. All rights reserved.",
    "From our district news to world news, follow and support our news portal @ExampleNews.",
]


@pytest.mark.parametrize("line", DEBRIS)
def test_debris_line_is_removed(line):
    text = "\n".join([CONTENT[0], line, CONTENT[1]])
    row = clean_one(text)
    assert row["body"] == "\n".join([CONTENT[0], CONTENT[1]])
    assert row["removed_lines"] == 1


KEEP = [
    # prompt phrases inside long real sentences
    "Officials urged residents to follow us on Telegram-style official channels, the regional governor said on "
    "Saturday, after Russia launched 653 drones and 51 missiles at energy infrastructure across the country.",
    "In a statement that included the line 'Share this article', the ministry said air defences shot down 585 "
    "drones and 30 missiles overnight, while at least eight people were wounded in the Kyiv region.",
    # near misses that are ordinary content
    "Follow-up talks are planned for Monday in Geneva.",
    "Related talks are expected in Abu Dhabi next week.",
    "The end of the war is not in sight.",
    "X-ray equipment at the hospital was damaged.",
    "Threads of the negotiation remain unresolved.",
    "Subscribers to the plan include 20 countries.",
    "Russia launched 25 of 50 planned missiles, officials said.",
    "Email exchanges between envoys were leaked.",
    "Read the full 28-point plan below.",
    "Copyright disputes are not part of the talks.",
    "Leave aside the question of territory for a moment.",
    "The photo.jpg file was shared widely, officials said.",
    "Ukraine’s New Peace Proposal",
    "1. Ukraine’s New Peace Proposal",
    "🧠 Current Status of the Peace Talks",
    "✔ Security Guarantees",
    "Blog",
    "- 06 Dec, 2025",
]


@pytest.mark.parametrize("line", KEEP)
def test_content_line_is_kept(line):
    text = "\n".join([CONTENT[0], line, CONTENT[1]])
    row = clean_one(text)
    assert row["body"] == text
    assert row["removed_lines"] == 0


def test_typical_page_tail():
    text = "\n".join(
        CONTENT
        + [
            "Call to Action (CTA)",
            "Follow The Daily Example on Social Media,",
            "§ Threads",
            "§ YouTube",
            "§ Email ID",
            "- END",
            "Leave a Reply",
            "Your email address will not be published. Required fields are marked *",
            "",
            "",
            "",
            ".jpg)",
            "",
            ".jpg)",
            ".jpg)",
        ]
    )
    row = clean_one(text)
    assert row["body"] == "\n".join(CONTENT)
    assert row["removed_lines"] == 11


def test_blank_runs_collapse_and_edges_trimmed():
    text = "\n\n  \nFirst paragraph.\n\n\n\n \t \nSecond paragraph.\n.webp)\n\nThird.\n\n\n"
    row = clean_one(text)
    assert row["body"] == "First paragraph.\n\nSecond paragraph.\n\nThird."
    assert row["removed_lines"] == 1


def test_debris_between_blank_lines_leaves_one_blank():
    row = clean_one("Para one.\n\nShare this article\n\nPara two.")
    assert row["body"] == "Para one.\n\nPara two."


def test_content_lines_byte_identical():
    lines = ["  indented line with trailing spaces   ", "tab\tinside", "Зеленський: «Ні».", "emoji 🚀 line"]
    row = clean_one("\n".join(lines))
    assert row["body"] == "\n".join(lines)


def test_null_empty_and_all_debris():
    assert clean_one(None) == {"article_id": "a", "body": "", "removed_lines": 0}
    assert clean_one("") == {"article_id": "a", "body": "", "removed_lines": 0}
    assert clean_one(".jpg)\n\nShare this article\n") == {"article_id": "a", "body": "", "removed_lines": 2}


def test_many_articles_keep_order_and_duplicates():
    df = pl.DataFrame(
        {
            "article_id": ["b", "a", "b", "c"],
            "text": ["B text.\n.webp)", "A text.", "B again.\nThreads\nFollow us on X", ""],
        }
    )
    out = clean_articles(df)
    assert out["article_id"].to_list() == ["b", "a", "b", "c"]
    assert out["body"].to_list() == ["B text.", "A text.", "B again.", ""]
    assert out["removed_lines"].to_list() == [1, 0, 2, 0]
    assert out.schema["removed_lines"] == pl.Int64


def test_crlf_lines():
    row = clean_one("Real line.\r\nShare this article\r\nAnother line.\r\n")
    assert row["body"] == "Real line.\r\nAnother line.\r"
    assert row["removed_lines"] == 1


def test_large_input_is_fast():
    import time

    line = "Air defences downed 585 drones and 30 missiles overnight, the air force said."
    text = "\n".join([line] * 200_000 + ["Share this article"] + ["word " * 500_000])
    started = time.perf_counter()
    row = clean_one(text)
    assert time.perf_counter() - started < 20
    assert row["removed_lines"] == 1


lines_strategy = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(DEBRIS + KEEP + ["", "   ", "\r"]),
    ),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(lines=lines_strategy)
@example(lines=["\x1f"])  # a separator Python strips but Polars does not
def test_never_raises_and_only_removes_whole_lines(lines):
    text = "\n".join(lines)
    row = clean_one(text)
    body = row["body"]
    original = text.split("\n")
    assert row["removed_lines"] >= 0
    # every surviving non-blank line is an unchanged line of the input, in order
    kept = [ln for ln in body.split("\n") if ln.strip()]
    it = iter(original)
    assert all(any(ln == orig for orig in it) for ln in kept)
    assert "\n\n\n" not in body
    assert body == "" or (body.split("\n")[0].strip() and body.split("\n")[-1].strip())
    assert row["removed_lines"] <= sum(1 for ln in original if ln.strip())


@settings(max_examples=100, deadline=None)
@given(text=st.text())
def test_arbitrary_unicode_never_raises(text):
    clean_one(text)


def test_python_whitespace_set_covers_all_of_unicode():
    # PY_WHITESPACE scans only the Basic Multilingual Plane; no whitespace lies beyond it.
    import sys

    from transforms.clean import PY_WHITESPACE
    assert PY_WHITESPACE == "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
