"""Numbers as reporters write them: '1,800', 'eight', 'twenty-seven', 'almost 90', 'at least 8',
'dozens', 'hundreds of thousands', '4 of 9'. Number words go through text2num; the regex only
finds candidate spans, so this stays one compiled pass per sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl
from text_to_num import text2num

_UNITS_WORDS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
)
_NUMBER_WORD = rf"(?:{_UNITS_WORDS})(?:[- ](?:{_UNITS_WORDS}))?(?:\s+(?:hundred|thousand|million)(?:\s+(?:and\s+)?(?:{_UNITS_WORDS})(?:[- ](?:{_UNITS_WORDS}))?)?)*"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Vague amounts: no exact value, only a range.
VAGUE = {
    "a dozen": (12, 12, "exact"),
    "dozens": (24, 99, "dozens"),
    "several dozen": (24, 99, "dozens"),
    "scores": (40, 99, "scores"),
    "hundreds": (200, 999, "hundreds"),
    "several hundred": (200, 999, "hundreds"),
    "thousands": (2000, 9999, "thousands"),
    "several thousand": (2000, 9999, "thousands"),
    "tens of thousands": (20000, 99999, "tens of thousands"),
    "hundreds of thousands": (200000, 999999, "hundreds of thousands"),
    "millions": (2000000, 9999999, "millions"),
    "several": (3, 9, "several"),
    "a few": (2, 5, "a few"),
    "a number of": (2, 20, "a number of"),
}
# qualifier -> (low factor, high factor); exact-preserving qualifiers map to value itself.
QUALIFIERS = {
    "at least": "at least", "no fewer than": "at least", "no less than": "at least", "a minimum of": "at least",
    "almost": "almost", "nearly": "almost", "close to": "almost", "just under": "almost", "just shy of": "almost",
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
    "an estimated": "about", "estimated": "about", "circa": "about", "up to": "up to",
    "more than": "more than", "over": "more than", "above": "more than", "in excess of": "more than", "upwards of": "more than",
    "less than": "less than", "fewer than": "less than", "under": "less than", "below": "less than",
}
# 'at least N' is N (gold rule); every other qualifier makes the figure approximate.
EXACT_QUALIFIERS = {"exact", "at least"}
_QUALIFIER_RE = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
_VAGUE_RE = "|".join(sorted((re.escape(v) for v in VAGUE), key=len, reverse=True))

NUMBER_PATTERN = re.compile(
    rf"(?<![\w.,-])(?:(?P<qual>{_QUALIFIER_RE})\s+)?"
    rf"(?:(?P<digits>{_DIGITS})(?:\s*(?P<scale>million|thousand|bn|billion|m|k)\b)?|(?P<words>{_NUMBER_WORD})|(?P<vague>{_VAGUE_RE}))"
    rf"(?![\w]|[.,]\d)",
    re.IGNORECASE,
)
# Cheap vectorised prefilter: sentences with anything number-like.
HAS_NUMBER = r"(?i)\d|\b(?:" + _UNITS_WORDS + r"|dozen|dozens|hundreds|thousands|several|a few)\b"

_SCALE = {"million": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3, "billion": 1e9, "bn": 1e9}
# Words after which a bare number word is not a count ('one of', 'no one', 'one another').
_NOT_COUNT_AFTER = re.compile(r"^(?:\s+(?:of\s+(?:the|its|their|his|her|our|those|these|them|which)\b|another\b|side\b))", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    surface: str
    value: float | None  # exact value; None when approximate
    low: float | None
    high: float | None
    qualifier: str  # exact | at least | about | almost | more than | less than | up to | dozens | ...
    start: int
    end: int
    number_start: int  # where the number itself begins (after the qualifier)

    @property
    def is_exact(self) -> bool:
        return self.value is not None


def _words_value(words: str) -> float | None:
    cleaned = re.sub(r"\s+and\s+", " ", words.lower().replace("-", " ")).strip()
    try:
        return float(text2num(cleaned, "en"))
    except ValueError:
        return None


def find_quantities(text: str) -> list[Quantity]:
    """Every number in `text` with its qualifier and value range."""
    found: list[Quantity] = []
    for match in NUMBER_PATTERN.finditer(text):
        qual_raw = (match.group("qual") or "").lower()
        number_start = match.start("digits") if match.group("digits") else (
            match.start("words") if match.group("words") else match.start("vague"))
        low = high = None
        if match.group("digits"):
            digits = match.group("digits")
            if re.fullmatch(r"20[2-3]\d|19\d\d", digits) and not qual_raw:
                continue  # a year, not a count
            base = float(digits.replace(",", ""))
            scale = (match.group("scale") or "").lower()
            base *= _SCALE.get(scale, 1.0)
        elif match.group("words"):
            words = match.group("words")
            if words.lower() == "one" and (
                _NOT_COUNT_AFTER.match(text[match.end():]) or re.search(r"\bno\s+$", text[:match.start()], re.IGNORECASE)
            ):
                continue
            value = _words_value(words)
            if value is None:
                continue
            base = value
        else:
            v_low, v_high, v_qual = VAGUE[match.group("vague").lower()]
            if v_qual == "exact":
                found.append(Quantity(match.group(0), float(v_low), float(v_low), float(v_low),
                                      QUALIFIERS.get(qual_raw, "exact"), match.start(), match.end(), number_start))
            else:
                found.append(Quantity(match.group(0), None, float(v_low), float(v_high), v_qual,
                                      match.start(), match.end(), number_start))
            continue
        qualifier = QUALIFIERS.get(qual_raw, "exact")
        if qual_raw == "some" and not re.match(r"\s*\d", text[match.start("qual") + 4:]):
            qualifier = "exact"
        value: float | None = base
        if qualifier == "exact" or qualifier == "at least":
            low, high = base, (base if qualifier == "exact" else None)
        elif qualifier == "almost":
            low, high, value = base * 0.9, base, None
        elif qualifier == "about":
            low, high, value = base * 0.9, base * 1.1, None
        elif qualifier == "more than":
            low, high, value = base, base * 1.2, None
        elif qualifier == "less than":
            low, high, value = base * 0.8, base, None
        elif qualifier == "up to":
            low, high, value = 0.0, base, None
        found.append(Quantity(match.group(0), value, low, high, qualifier, match.start(), match.end(), number_start))
    return found


_UNIT_WORD = re.compile(r"[\w’'-]+|“|”|\"|\(|\)|,|–|—")


def unit_after(text: str, end: int, max_words: int = 4) -> str | None:
    """The first noun-like word after a number ('653 drones' -> 'drones'), skipping adjectives
    the reporting puts in between ('121 Ukrainian drones', '27 strike UAVs'). Callers classify it."""
    tail = text[end:end + 80]
    words = re.findall(r"[A-Za-z][\w’'-]*", tail)
    return " ".join(words[:max_words]).lower() if words else None


def quantities_frame(sentences: pl.DataFrame, unit_of=None) -> pl.DataFrame:
    """parsed.quantities rows for a sentences frame (article_id, sentence_idx, text, char_start).
    Sentences without anything number-like are filtered out vectorised before the regex pass."""
    schema = {
        "article_id": pl.String, "sentence_idx": pl.Int32, "surface": pl.String, "value": pl.Float64,
        "low": pl.Float64, "high": pl.Float64, "qualifier": pl.String, "unit": pl.String,
        "char_start": pl.Int64, "char_end": pl.Int64,
    }
    candidates = sentences.filter(pl.col("text").str.contains(HAS_NUMBER))
    rows: list[tuple] = []
    for article_id, sentence_idx, text, offset in candidates.select(
        "article_id", "sentence_idx", "text", "char_start"
    ).iter_rows():
        for q in find_quantities(text):
            unit = unit_of(text, q.end) if unit_of else unit_after(text, q.end, 1)
            rows.append((article_id, sentence_idx, q.surface, q.value, q.low, q.high, q.qualifier, unit,
                         offset + q.start, offset + q.end))
    return pl.DataFrame(rows, schema=schema, orient="row")
