"""build_article_views (Polars offsets and grouping) gives the views the row-by-row construction
gave: same sentences, mentions and numbers, same order, same relative offsets."""

from __future__ import annotations

import gc
from collections import defaultdict
from datetime import date

import polars as pl
import pytest

from helpers import finder
from transforms.article_view import ArticleView, Mention, SentenceView, build_article_views
from transforms.dates import dateline_day, reference_year
from transforms.quantities import Quantity, quantities_frame
from transforms.sentences import split_sentences

BODIES = {
    "a1": "KYIV, Nov. 23 -- Russia launched 120 drones and eight Kh-101s at Kyiv and Odesa region overnight. "
          "Air defence downed almost 90 of them, the Ukrainian Air Force said.\n\nZelensky met Witkoff in Abu Dhabi.",
    "a2": "The 28-point plan caps Ukraine’s army at 600,000. Dozens of drones hit Kharkiv, Sumy and Chernihiv "
          "oblasts; 4 out of 9 missiles were shot down. No numbers here.",
    "a3": "Nothing to see.",
    "a4": "",  # an article without sentences
    "a5": "Ukraïne – Kyïv: twenty-seven Shaheds, İstanbul talks, 1,800 km away.",
}


def _reference_views(articles, sentences, mentions, quantities=None) -> list[ArticleView]:
    """The row-by-row construction build_article_views replaced (kept here as the specification)."""
    by_sentence: dict[tuple[str, int], list[Mention]] = defaultdict(list)
    offsets = {(a, i): start for a, i, start in sentences.select("article_id", "sentence_idx", "char_start").iter_rows()}
    for article_id, idx, kind, surface, cid, cname, start in mentions.select(
            "article_id", "sentence_idx", "kind", "surface", "canonical_id", "canonical_name", "char_start").sort(
            "article_id", "sentence_idx", "char_start").iter_rows():
        offset = offsets.get((article_id, idx))
        if offset is not None:
            by_sentence[(article_id, idx)].append(
                Mention(kind, surface, cid, cname, start - offset, start - offset + len(surface)))
    numbers = None
    if quantities is not None:
        numbers = defaultdict(list)
        for article_id, idx, surface, value, low, high, qualifier, start, end, number_start in quantities.select(
                "article_id", "sentence_idx", "surface", "value", "low", "high", "qualifier", "char_start", "char_end",
                "number_start").sort("article_id", "sentence_idx", "char_start").iter_rows():
            offset = offsets.get((article_id, idx))
            if offset is not None:
                numbers[(article_id, idx)].append(Quantity(surface, value, low, high, qualifier, start - offset,
                                                           end - offset, number_start - offset))
    per_article: dict[str, list[SentenceView]] = defaultdict(list)
    for article_id, idx, text, offset in sentences.select(
            "article_id", "sentence_idx", "text", "char_start").sort("article_id", "sentence_idx").iter_rows():
        key = (article_id, idx)
        per_article[article_id].append(SentenceView(
            idx, text, offset, tuple(by_sentence.get(key, ())),
            None if numbers is None else tuple(numbers.get(key, ()))))
    return [
        ArticleView(article_id, published, ref_year, dateline_day(body), tuple(per_article.get(article_id, ())))
        for article_id, published, ref_year, body in articles.select(
            "article_id", "published_date", "reference_year", "body").iter_rows()
    ]


@pytest.fixture(scope="module")
def frames():
    articles = pl.DataFrame({
        "article_id": list(BODIES), "published_date": [date(2026, 11, 23), None, date(2025, 1, 2), None, None],
        "reference_year": [reference_year(b) for b in BODIES.values()], "body": list(BODIES.values()),
    })
    sentences = split_sentences(articles.select("article_id", "body")).select(
        "article_id", "sentence_idx", "text", "char_start")
    mentions = finder().find(sentences).drop("char_end")
    quantities = quantities_frame(sentences)
    return articles, sentences, mentions, quantities


def test_views_match_the_row_by_row_construction(frames):
    articles, sentences, mentions, quantities = frames
    assert mentions.height > 5 and quantities.height > 5
    views = build_article_views(articles, sentences, mentions, quantities)
    assert views == _reference_views(articles, sentences, mentions, quantities)
    assert [v.article_id for v in views] == list(BODIES)
    assert views[3].sentences == ()
    for view in views:
        for s in view.sentences:
            assert all(s.text[m.start:m.end] == m.surface for m in s.mentions)
            assert all(s.text[q.start:q.end] == q.surface for q in s.quantities)


def test_views_without_quantities_and_with_shuffled_and_orphan_rows(frames):
    articles, sentences, mentions, quantities = frames
    shuffled = [f.sample(fraction=1.0, shuffle=True, seed=7) for f in (sentences, mentions, quantities)]
    orphans = pl.DataFrame({"article_id": ["a1", "zz"], "sentence_idx": [99, 0], "kind": ["place", "place"],
                            "surface": ["Kyiv", "Kyiv"], "canonical_id": ["x", "x"], "canonical_name": ["X", "X"],
                            "char_start": [0, 0]}, schema=mentions.schema)
    with_orphans = pl.concat([shuffled[1], orphans])
    subset = articles.filter(pl.col("article_id") != "a2")  # sentences of an article not asked for
    assert build_article_views(subset, shuffled[0], with_orphans) == _reference_views(subset, sentences, mentions)
    assert build_article_views(subset, shuffled[0], with_orphans, shuffled[2]) == \
        _reference_views(subset, sentences, mentions, quantities)
    assert all(s.quantities is None for v in build_article_views(articles, sentences, mentions) for s in v.sentences)


def test_empty_frames_and_gc_state(frames):
    articles, sentences, mentions, quantities = frames
    empty = [f.clear() for f in (sentences, mentions, quantities)]
    assert build_article_views(articles.clear(), *empty) == []
    assert [v.sentences for v in build_article_views(articles, *empty)] == [()] * len(BODIES)
    assert gc.isenabled()
    gc.disable()
    try:
        build_article_views(articles, sentences, mentions)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
