"""What extractors see of one article: its sentences with their gazetteer mentions and the dates
that anchor relative phrases. Built from parsed tables; extractors are pure functions of it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
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
    body), `sentences` (article_id, sentence_idx, text, char_start; one row per article and index),
    `mentions` (article_id, sentence_idx, kind, surface, canonical_id, canonical_name, char_start)
    and, optionally, `quantities` (parsed.quantities rows, body offsets); offsets become
    sentence-relative. Without quantities the extractors find the numbers themselves.

    Sentences, and each sentence's mentions and numbers, are sorted by index and offset; rows of
    sentences the frame does not hold are dropped. The offsets and the grouping are computed by
    Polars; Python only makes the objects, slicing each sentence's run out of the sorted rows."""
    with _cyclic_gc_paused():
        return _build_views(articles, sentences, mentions, quantities)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector: the views hold no reference cycles, and its passes, set off
    by every 700 new objects, would re-scan the batch's growing object graph (measured: 40% of the
    time it takes to build a batch's views)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build_views(articles: pl.DataFrame, sentences: pl.DataFrame, mentions: pl.DataFrame,
                 quantities: pl.DataFrame | None) -> list[ArticleView]:
    key = ["article_id", "sentence_idx"]
    ordered = sentences.select(pl.col("article_id").cast(pl.String), pl.col("sentence_idx").cast(pl.Int64),
                               "text", "char_start").sort(key)
    offsets = ordered.select(*key, pl.col("char_start").alias("_offset"))

    def runs(rows: pl.DataFrame, make, *columns: str) -> list[tuple]:
        """Per sentence of `ordered`, `make(*columns)` for its rows (sorted by char_start),
        with char_start, char_end, number_start made relative to the sentence."""
        rows = rows.with_columns(pl.col("article_id").cast(pl.String), pl.col("sentence_idx").cast(pl.Int64)).join(
            offsets, on=key, how="inner").sort(*key, "char_start").with_columns(
            (pl.col(c) - pl.col("_offset")) for c in ("char_start", "char_end", "number_start") if c in columns)
        made = tuple(map(make, *(rows.get_column(c).to_list() for c in columns)))
        counts = offsets.join(rows.group_by(key).len(), on=key, how="left", maintain_order="left").get_column(
            "len").fill_null(0)
        out, at = [], 0
        for n in counts.to_list():
            out.append(made[at:at + n])
            at += n
        return out

    by_sentence = runs(mentions.with_columns(
        char_end=pl.col("char_start") + pl.col("surface").str.len_chars()), Mention,
        "kind", "surface", "canonical_id", "canonical_name", "char_start", "char_end")
    numbers = None if quantities is None else runs(
        quantities, Quantity, "surface", "value", "low", "high", "qualifier", "char_start", "char_end", "number_start")
    views = list(map(SentenceView, ordered.get_column("sentence_idx").to_list(), ordered.get_column("text").to_list(),
                     ordered.get_column("char_start").to_list(), by_sentence,
                     numbers if numbers is not None else [None] * ordered.height))
    per_article: dict[str, tuple[SentenceView, ...]] = {}
    at = 0
    for article_id, n in ordered.group_by("article_id", maintain_order=True).len().iter_rows():
        per_article[article_id] = tuple(views[at:at + n])
        at += n
    return [
        ArticleView(article_id, published, ref_year, dateline_day(body), per_article.get(article_id, ()))
        for article_id, published, ref_year, body in articles.select(
            "article_id", "published_date", "reference_year", "body").iter_rows()
    ]
