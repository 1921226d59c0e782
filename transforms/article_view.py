"""What extractors see of one article: its sentences with their gazetteer mentions and the dates
that anchor relative phrases. Built from parsed tables; extractors are pure functions of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


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
