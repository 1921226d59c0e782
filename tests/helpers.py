"""Shared builders for extractor tests: an ArticleView from hand-written text, with the real
gazetteer (sentence splitting and mentions as the pipeline does them)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import polars as pl

from transforms.article_view import ArticleView, Mention, SentenceView
from transforms.dates import dateline_day, reference_year
from transforms.mentions import MentionFinder
from transforms.reference import Reference, load_reference
from transforms.sentences import split_sentences
from transforms.strikes import extract_strikes


@lru_cache(maxsize=1)
def reference() -> Reference:
    return load_reference()


@lru_cache(maxsize=1)
def finder() -> MentionFinder:
    return MentionFinder(reference())


@lru_cache(maxsize=1)
def weapon_category() -> dict[str, str]:
    ref = reference()
    return dict(zip(ref.weapons["weapon_id"], ref.weapons["category"]))


@lru_cache(maxsize=1)
def place_info() -> dict[str, tuple[str, str, str]]:
    ref = reference()
    return {pid: (name, kind, country) for pid, name, kind, country in
            ref.places.select("place_id", "name", "kind", "country").iter_rows()}


def build_view(body: str, published: date | None = None, article_id: str = "art") -> ArticleView:
    """An ArticleView of `body` as the pipeline would build it."""
    sentences = split_sentences(pl.DataFrame({"article_id": [article_id], "body": [body]}))
    views = []
    for _, idx, text, char_start, _ in sentences.iter_rows():
        mentions = tuple(Mention(kind, surface, cid, cname, start, end)
                         for kind, surface, cid, cname, start, end in finder().find_in_text(text))
        views.append(SentenceView(idx, text, char_start, mentions))
    return ArticleView(article_id, published, reference_year(body), dateline_day(body), tuple(views))


def strikes_of(body: str, published: date | None = None, article_id: str = "art") -> tuple[list[dict], list[dict]]:
    """(strike report rows, claims) extracted from `body`."""
    return extract_strikes(build_view(body, published, article_id), weapon_category(), place_info())


COUNTS = ("drones_launched", "missiles_launched", "drones_intercepted", "missiles_intercepted", "killed", "injured")


def counts(report: dict) -> dict[str, int]:
    """The non-null count fields of a report."""
    return {k: report[k] for k in COUNTS if report[k] is not None}
