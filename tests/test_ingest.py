"""transforms.ingest: one landed file -> FileOutcome, never raising for bad input."""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import random
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.ingest import (
    SUPPORTED_SUFFIXES,
    ArticleRecord,
    FileOutcome,
    article_id_for,
    parse_published,
    read_landed_file,
)

ARTICLE = (
    "Russia launched 653 drones and 51 missiles overnight, Ukraine's air force said.\n"
    "Air defences downed 585 drones and 30 missiles.\n"
)


def write(tmp_path: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def loaded_one(outcome: FileOutcome) -> ArticleRecord:
    assert outcome.status == "loaded", outcome.reason
    assert len(outcome.records) == 1
    return outcome.records[0]


# --- plain text & markdown ---------------------------------------------------------------------


def test_plain_text(tmp_path):
    path = write(tmp_path, "a.txt", ARTICLE)
    out = read_landed_file(path)
    rec = loaded_one(out)
    assert out.reason is None
    assert out.encoding == "utf-8"
    assert out.source_path == str(path)
    assert out.size_bytes == len(ARTICLE.encode())
    assert out.content_hash == hashlib.sha256(ARTICLE.encode()).hexdigest()
    assert rec.text == ARTICLE.strip()
    assert (rec.title, rec.url, rec.published, rec.record_index) == (None, None, None, 0)


@pytest.mark.parametrize(
    "published",
    ["2025-12-06", "2025-12-06T10:00:00Z", "6 Dec 2025", "December 6, 2025", '"2025-12-06"'],
)
def test_front_matter(tmp_path, published):
    content = (
        "---\n"
        "title: Russia strikes Ukraine's grid\n"
        "url: https://example.org/news/1\n"
        f"published: {published}\n"
        "author: someone (ignored)\n"
        "---\n"
        + ARTICLE
    )
    rec = loaded_one(read_landed_file(write(tmp_path, "fm.txt", content)))
    assert rec.title == "Russia strikes Ukraine's grid"
    assert rec.url == "https://example.org/news/1"
    assert rec.published == date(2025, 12, 6)
    assert rec.text == ARTICLE.strip()
    assert "---" not in rec.text


def test_dash_line_without_closing_is_not_front_matter(tmp_path):
    content = "---\ntitle: not really\n" + ARTICLE
    rec = loaded_one(read_landed_file(write(tmp_path, "rule.txt", content)))
    assert rec.title is None
    assert rec.text.startswith("---")


def test_front_matter_only_is_rejected(tmp_path):
    out = read_landed_file(write(tmp_path, "fm.md", "---\ntitle: Empty\n---\n\n   \n"))
    assert out.status == "rejected"
    assert "no text" in out.reason


def test_markdown_title_from_heading(tmp_path):
    content = "# Talks resume in Abu Dhabi\n\nDelegations met on Friday.\n"
    rec = loaded_one(read_landed_file(write(tmp_path, "note.md", content)))
    assert rec.title == "Talks resume in Abu Dhabi"
    assert rec.text.startswith("# Talks resume")


def test_crlf_is_normalised_and_ids_match(tmp_path):
    a = read_landed_file(write(tmp_path, "lf.txt", ARTICLE))
    b = read_landed_file(write(tmp_path, "crlf copy.txt", ARTICLE.replace("\n", "\r\n")))
    assert "\r" not in loaded_one(b).text
    assert a.content_hash != b.content_hash  # different bytes ...
    assert article_id_for(a.records[0]) == article_id_for(b.records[0])  # ... same article


def test_article_id_normalisation():
    nfd = ArticleRecord(None, None, None, "Cafe\u0301 talks\r\nresume  ", 0)
    nfc = ArticleRecord("t", "u", date(2025, 1, 1), "Caf\u00e9 talks\nresume", 3)
    assert article_id_for(nfd) == article_id_for(nfc)
    assert article_id_for(nfc) == hashlib.sha256("Caf\u00e9 talks\nresume".encode()).hexdigest()


# --- HTML ----------------------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html><head>
<title>Drone attack | Example News</title>
<meta property="og:title" content="Russia launches 653 drones at Ukraine">
<meta property="og:url" content="https://example.org/og-url">
<link rel="canonical" href="https://example.org/world/drones">
<meta property="article:published_time" content="2025-12-06T07:30:00+02:00">
<style>body { color: rebeccapurple }</style>
<script>window.tracker = "Share this article";</script>
</head>
<body>
<header><nav><a href="/">Home</a> | <a href="/world">World</a> | Subscribe</nav></header>
<article>
  <h1>Russia launches 653 drones</h1>
  <p>Russia launched <b>653 drones</b> and 51
     missiles overnight.</p>
  <p>Air defences downed 585&nbsp;drones.<br>Eight people were injured.</p>
  <ul><li>Kyiv region</li><li>Lviv region</li></ul>
  <script>alert("x")</script>
  <noscript>Enable JavaScript</noscript>
  <aside>Related: other story</aside>
  <form><input name="email"> Sign up for our newsletter</form>
</article>
<footer>Copyright 2025 Example News. All rights reserved.</footer>
</body></html>"""


def test_html_main_text_and_metadata(tmp_path):
    rec = loaded_one(read_landed_file(write(tmp_path, "page.html", HTML)))
    assert rec.title == "Russia launches 653 drones at Ukraine"
    assert rec.url == "https://example.org/world/drones"
    assert rec.published == date(2025, 12, 6)
    assert rec.text.split("\n") == [
        "Russia launches 653 drones",
        "Russia launched 653 drones and 51 missiles overnight.",
        "Air defences downed 585 drones.",
        "Eight people were injured.",
        "Kyiv region",
        "Lviv region",
    ]
    for debris in ("Home", "tracker", "alert", "Enable JavaScript", "Related", "newsletter", "Copyright", "rebeccapurple"):
        assert debris not in rec.text


def test_html_without_article_uses_body_and_time_tag(tmp_path):
    html = """<html><head><title> Talks  in Geneva </title></head><body>
    <nav>Menu</nav><div><p>Delegations met in Geneva.</p><p>No deal was reached.</p>
    <time datetime="2025-11-23">Sunday</time></div><footer>footer text</footer></body></html>"""
    rec = loaded_one(read_landed_file(write(tmp_path, "page.htm", html)))
    assert rec.title == "Talks in Geneva"
    assert rec.url is None
    assert rec.published == date(2025, 11, 23)
    assert rec.text.split("\n")[:2] == ["Delegations met in Geneva.", "No deal was reached."]
    assert "Menu" not in rec.text and "footer text" not in rec.text


def test_html_without_text_is_rejected(tmp_path):
    html = "<html><head><title>Only a title</title><script>var x=1</script></head><body><nav>Home</nav></body></html>"
    out = read_landed_file(write(tmp_path, "empty.html", html))
    assert out.status == "rejected"
    assert "no text" in out.reason


def test_html_declared_charset(tmp_path):
    html = '<html><head><meta charset="windows-1251"></head><body><p>Київ під атакою.</p></body></html>'
    out = read_landed_file(write(tmp_path, "cyr.html", html.encode("cp1251")))
    assert loaded_one(out).text == "Київ під атакою."


# --- JSON / JSON Lines ----------------------------------------------------------------------------


def test_json_object(tmp_path):
    obj = {"title": "T", "url": "https://e.org/x", "published": "2025-12-06", "text": ARTICLE}
    rec = loaded_one(read_landed_file(write(tmp_path, "one.json", json.dumps(obj))))
    assert (rec.title, rec.url, rec.published, rec.record_index) == ("T", "https://e.org/x", date(2025, 12, 6), 0)
    assert rec.text == ARTICLE.strip()


def test_json_array_with_a_bad_record(tmp_path):
    data = [
        {"title": "A", "text": "First article text."},
        {"title": "B", "text": "   "},
        {"title": "C", "text": "Third article text.", "published": "December 6, 2025"},
    ]
    out = read_landed_file(write(tmp_path, "many.json", json.dumps(data, ensure_ascii=False)))
    assert out.status == "loaded"
    assert [r.record_index for r in out.records] == [0, 2]
    assert [r.title for r in out.records] == ["A", "C"]
    assert out.records[1].published == date(2025, 12, 6)
    assert out.reason == "array item 1 has no non-empty 'text'; 2 other records loaded"


def test_jsonl_with_one_broken_line(tmp_path):
    lines = [
        json.dumps({"title": "one", "text": "Alpha text."}),
        json.dumps({"title": "two", "text": "Beta text."}),
        '{"title": "three", "text": "Gamma" "oops"}',
        "",
        json.dumps({"title": "four", "text": "Delta text."}),
    ]
    out = read_landed_file(write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n"))
    assert out.status == "loaded"
    assert [r.title for r in out.records] == ["one", "two", "four"]
    assert [r.record_index for r in out.records] == [0, 1, 4]
    assert out.reason == "invalid JSON at line 3: Expecting ',' delimiter; 3 other records loaded"


def test_ndjson_counts_several_skips(tmp_path):
    lines = ["not json", json.dumps({"text": "ok text"}), json.dumps({"title": "no text"}), "[1, 2]"]
    out = read_landed_file(write(tmp_path, "feed.ndjson", "\n".join(lines)))
    assert out.status == "loaded"
    assert len(out.records) == 1
    assert out.reason.startswith("invalid JSON at line 1: Expecting value")
    assert "3 more records skipped" not in out.reason
    assert "2 more records skipped" in out.reason
    assert out.reason.endswith("1 other record loaded")


def test_jsonl_all_broken_is_rejected(tmp_path):
    out = read_landed_file(write(tmp_path, "bad.jsonl", '{"text": \n{"text": "x"\n'))
    assert out.status == "rejected"
    assert out.reason.startswith("no usable records: invalid JSON at line 1")


def test_truncated_json_is_rejected_with_parser_message(tmp_path):
    text = json.dumps([{"title": "A", "text": "First article text."}, {"title": "B", "text": "Second"}], indent=2)
    out = read_landed_file(write(tmp_path, "cut.json", text[:-25]))
    assert out.status == "rejected"
    assert out.reason.startswith("invalid JSON at line ")
    assert "Unterminated string" in out.reason or "Expecting" in out.reason
    assert out.records == []


@pytest.mark.parametrize(
    "content, expected",
    [("42", "top level is a number"), ("[]", "array is empty"), ('{"title": "x"}', "no non-empty 'text'")],
)
def test_json_without_articles_is_rejected(tmp_path, content, expected):
    out = read_landed_file(write(tmp_path, "odd.json", content))
    assert out.status == "rejected"
    assert expected in out.reason


def test_json_file_that_is_really_jsonl(tmp_path):
    content = json.dumps({"text": "one"}) + "\n" + json.dumps({"text": "two"}) + "\n"
    out = read_landed_file(write(tmp_path, "lines.json", content))
    assert out.status == "loaded"
    assert [r.text for r in out.records] == ["one", "two"]


# --- bad files -------------------------------------------------------------------------------------


def test_empty_file(tmp_path):
    out = read_landed_file(write(tmp_path, "empty.txt", b""))
    assert (out.status, out.reason, out.size_bytes) == ("rejected", "empty file (0 bytes)", 0)
    assert out.content_hash == hashlib.sha256(b"").hexdigest()


def test_whitespace_only(tmp_path):
    out = read_landed_file(write(tmp_path, "blank.md", " \n\t\r\n  \n"))
    assert out.status == "rejected"
    assert out.reason == "whitespace-only file (8 bytes)"


def test_random_binary(tmp_path):
    data = random.Random(7).randbytes(20_000)
    out = read_landed_file(write(tmp_path, "blob.txt", data))
    assert out.status == "rejected"
    assert out.reason.startswith("binary content (")
    assert "first 8 KiB" in out.reason
    assert out.content_hash == hashlib.sha256(data).hexdigest()


def test_binary_with_many_nuls(tmp_path):
    data = b"\x00\x00\x00\x01PK\x03\x04" * 200
    out = read_landed_file(write(tmp_path, "archive.json", data))
    assert out.status == "rejected"
    assert "NUL bytes in" in out.reason


def test_nul_bytes_inside_text_are_stripped(tmp_path):
    data = ARTICLE.encode().replace(b"drones", b"dro\x00nes", 1) + b"\x00"
    out = read_landed_file(write(tmp_path, "nul.txt", data))
    rec = loaded_one(out)
    assert rec.text == ARTICLE.strip()
    assert out.reason is None
    assert any("NUL" in note for note in out.notes)


def test_cp1252_smart_quotes(tmp_path):
    data = b"Zelensky said the plan \x93looks better\x94 but Ukraine\x92s land is not for sale.\n"
    out = read_landed_file(write(tmp_path, "legacy.txt", data))
    rec = loaded_one(out)
    assert out.encoding == "cp1252"
    assert rec.text == "Zelensky said the plan “looks better” but Ukraine’s land is not for sale."


def test_cp1252_accented_latin_prefers_windows_1252(tmp_path):
    text = "Talks in Genève with the naïve résumé of the café owner – “good”."
    rec = loaded_one(read_landed_file(write(tmp_path, "fr.txt", text.encode("cp1252"))))
    assert rec.text == text


def test_utf16_with_bom(tmp_path):
    text = "Київ, 6 грудня. Russia launched 653 drones.\n"
    out = read_landed_file(write(tmp_path, "wide.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le")))
    assert loaded_one(out).text == text.strip()
    assert out.encoding == "utf-16"


def test_utf16_without_bom(tmp_path):
    text = "Air defences downed 585 drones overnight.\n"
    out = read_landed_file(write(tmp_path, "wide.txt", text.encode("utf-16-le")))
    assert loaded_one(out).text == text.strip()
    assert out.encoding == "utf-16-le"


def test_utf8_bom_is_stripped(tmp_path):
    out = read_landed_file(write(tmp_path, "bom.txt", codecs.BOM_UTF8 + ARTICLE.encode()))
    assert loaded_one(out).text == ARTICLE.strip()
    assert out.encoding == "utf-8-sig"


def test_ukrainian_text(tmp_path):
    text = "Зеленський заявив, що мирний план «виглядає краще». Росія випустила 653 дрони.\n"
    rec = loaded_one(read_landed_file(write(tmp_path, "uk.txt", text)))
    assert rec.text == text.strip()


def test_ukrainian_cp1251(tmp_path):
    text = "Зеленський заявив, що мирний план виглядає краще. Росія випустила 653 дрони по Україні."
    out = read_landed_file(write(tmp_path, "uk.txt", text.encode("cp1251")))
    assert loaded_one(out).text == text
    assert out.encoding == "cp1251"


def test_file_name_with_spaces_and_non_ascii(tmp_path):
    path = write(tmp_path, "Звіт про удари — 6 грудня (copy).txt", ARTICLE)
    out = read_landed_file(path)
    assert loaded_one(out).text == ARTICLE.strip()
    assert out.source_path == str(path)


def test_broken_symlink(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "missing-target.txt")
    out = read_landed_file(link)
    assert out.status == "rejected"
    assert out.reason.startswith("broken symlink")
    assert "missing-target.txt" in out.reason
    assert out.content_hash == ""


def test_working_symlink(tmp_path):
    target = write(tmp_path, "real.txt", ARTICLE)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert loaded_one(read_landed_file(link)).text == ARTICLE.strip()


def test_oversize(tmp_path):
    path = write(tmp_path, "big.txt", "x" * 1500)
    out = read_landed_file(path, max_bytes=1000)
    assert out.status == "rejected"
    assert "too large" in out.reason
    assert "1,500 bytes" in out.reason and "1,000 bytes" in out.reason
    assert out.size_bytes == 1500
    assert out.content_hash == hashlib.sha256(b"x" * 1500).hexdigest()


def test_unsupported_suffix(tmp_path):
    out = read_landed_file(write(tmp_path, "report.pdf", b"%PDF-1.7 ..."))
    assert out.status == "rejected"
    assert "'.pdf'" in out.reason
    for suffix in SUPPORTED_SUFFIXES:
        assert suffix in out.reason


def test_upper_case_suffix_is_supported(tmp_path):
    assert read_landed_file(write(tmp_path, "NOTE.TXT", ARTICLE)).status == "loaded"


def test_directory_and_missing_path(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    assert "directory" in read_landed_file(tmp_path / "folder.txt").reason
    missing = read_landed_file(tmp_path / "nope.txt")
    assert missing.status == "rejected" and "not found" in missing.reason


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file(tmp_path):
    path = write(tmp_path, "secret.txt", ARTICLE)
    path.chmod(0)
    try:
        out = read_landed_file(path)
    finally:
        path.chmod(0o644)
    assert out.status == "rejected"
    assert out.reason.startswith("unreadable: Permission denied")


# --- size / performance -------------------------------------------------------------------------------


def test_two_megabyte_single_line(tmp_path):
    sentence = "Russia launched drones at Kyiv on Dec. 6, the U.S. said. "
    text = sentence * (2_000_000 // len(sentence))
    started = time.perf_counter()
    rec = loaded_one(read_landed_file(write(tmp_path, "long.txt", text)))
    assert time.perf_counter() - started < 10
    assert rec.text == text.strip()


def test_forty_megabytes(tmp_path):
    line = "Air defences downed 585 drones and 30 missiles overnight, the air force said.\n"
    text = line * (40_000_000 // len(line))
    started = time.perf_counter()
    out = read_landed_file(write(tmp_path, "huge.md", text))
    assert time.perf_counter() - started < 30
    assert loaded_one(out).text == text.strip()


# --- dates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-12-06", date(2025, 12, 6)),
        ("2025-12-06T23:30:00-05:00", date(2025, 12, 6)),  # the date as written, no UTC shift
        ("6 Dec 2025", date(2025, 12, 6)),
        ("06 Dec, 2025", date(2025, 12, 6)),
        ("December 6, 2025", date(2025, 12, 6)),
        ("Sept. 30, 2025", date(2025, 9, 30)),
        ("Saturday, December 6, 2025", date(2025, 12, 6)),
        ("2025-02-30", None),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_published(value, expected):
    assert parse_published(value) == expected


# --- never raises ------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.one_of(
        st.binary(max_size=600),
        st.text(max_size=300).map(lambda s: s.encode("utf-8")),
        st.lists(st.dictionaries(st.sampled_from(["text", "title", "url", "published"]),
                                 st.one_of(st.text(max_size=40), st.integers(), st.none()), max_size=4),
                 max_size=4).map(lambda v: json.dumps(v).encode()),
    ),
    suffix=st.sampled_from(list(SUPPORTED_SUFFIXES) + [".pdf", ""]),
)
def test_never_raises(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    out = read_landed_file(path)
    assert out.status in ("loaded", "rejected")
    assert out.content_hash == hashlib.sha256(data).hexdigest()
    if out.status == "loaded":
        assert out.records
        assert all(r.text and r.text == r.text.strip() and "\x00" not in r.text for r in out.records)
    else:
        assert out.reason and not out.records


def test_io_error_is_reported_not_raised(tmp_path, monkeypatch):
    import transforms.ingest as ingest

    path = write(tmp_path, "locked.txt", ARTICLE)

    def failing_open(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(ingest, "open", failing_open, raising=False)
    out = read_landed_file(path)
    assert out.status == "rejected"
    assert out.reason == "unreadable: Permission denied"


def test_horizontal_rules_around_prose_are_not_front_matter(tmp_path):
    content = "---\nThis paragraph is real content, not metadata.\n---\n" + ARTICLE
    rec = loaded_one(read_landed_file(write(tmp_path, "rules.md", content)))
    assert rec.title is None
    assert "real content" in rec.text


def test_utf16_looking_binary_is_rejected(tmp_path):
    data = bytes(b for i in range(3000) for b in (i % 9 + 1, 0))  # 16-bit integers, not text
    out = read_landed_file(write(tmp_path, "ints.txt", data))
    assert out.status == "rejected"
    assert out.reason.startswith("binary content (NUL bytes in 50%")

