"""What extractors see of one article: its sentences with their gazetteer mentions and the dates
that anchor relative phrases. Built from parsed tables; extractors are pure functions of it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from transforms.dates import dateline_day
from transforms.quantities import Quantity


@dataclass(frozen=True)
class Mention:
    kind: str  # person | place | organisation | weapon
    surface: str
    canonical_id: str
    canonical_name: str
    start: int  # offsets within the sentence text
    end: int


@dataclass(frozen=True)
class SentenceView:
    idx: int
    text: str
    char_start: int  # offset of the sentence in the article body
    mentions: tuple[Mention, ...] = ()
    # the sentence's numbers as parsed.quantities stored them; None: not given, find them
    quantities: tuple[Quantity, ...] | None = None

    def of_kind(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind]


@dataclass(frozen=True)
class ArticleView:
    article_id: str
    published: date | None
    reference_year: int | None
    dateline: tuple[int, int] | None  # (month, day) of a dateline such as 'ABU DHABI, Jan. 23 --'
    sentences: tuple[SentenceView, ...] = field(default_factory=tuple)


def claim(article_id: str, fact_table: str, report_key: str, field_name: str, sentence: SentenceView, *,
          value: str | None = None, value_num: float | None = None, qualifier: str | None = None,
          low: float | None = None, high: float | None = None, claimant: str | None = None,
          span: tuple[int, int] | None = None) -> dict:
    """One parsed.report_claims row. `span` is within the sentence; stored as body offsets."""
    start, end = span if span else (0, len(sentence.text))
    return {
        "article_id": article_id, "fact_table": fact_table, "report_key": report_key, "field": field_name,
        "value": value, "value_num": value_num, "qualifier": qualifier, "low": low, "high": high,
        "claimant": claimant, "sentence_idx": sentence.idx,
        "char_start": sentence.char_start + start, "char_end": sentence.char_start + end,
        "evidence": sentence.text,
    }


def build_article_views(articles: pl.DataFrame, sentences: pl.DataFrame, mentions: pl.DataFrame,
                        quantities: pl.DataFrame | None = None) -> list[ArticleView]:
    """Article views from parsed rows: `articles` (article_id, published_date, reference_year,
    body), `sentences` (article_id, sentence_idx, text, char_start),
    `mentions` (article_id, sentence_idx, kind, surface, canonical_id, canonical_name, char_start)
    and, optionally, `quantities` (parsed.quantities rows, body offsets); offsets become
    sentence-relative. Without quantities the extractors find the numbers themselves."""
    by_sentence: dict[tuple[str, int], list[Mention]] = defaultdict(list)
    offsets = {(a, i): start for a, i, start in sentences.select("article_id", "sentence_idx", "char_start").iter_rows()}
    for article_id, idx, kind, surface, cid, cname, start in mentions.select(
            "article_id", "sentence_idx", "kind", "surface", "canonical_id", "canonical_name", "char_start").sort(
            "article_id", "sentence_idx", "char_start").iter_rows():
        offset = offsets.get((article_id, idx))
        if offset is not None:
            by_sentence[(article_id, idx)].append(
                Mention(kind, surface, cid, cname, start - offset, start - offset + len(surface)))
    numbers: dict[tuple[str, int], list[Quantity]] | None = None
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
