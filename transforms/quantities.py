"""Numbers as reporters write them: '1,800', 'eight', 'twenty-seven', 'a hundred', 'two dozen',
'almost 90', 'at least 8', '50-60', 'two or three', 'dozens', 'hundreds of thousands', '4 of 9'.
Number words go through text2num; the regex only finds candidate spans, so this stays one compiled
pass per sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl
from text_to_num import text2num

from transforms.casefold import ci, fold

_UNITS_WORDS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
)
_NUMBER_WORD = (rf"(?:(?:{_UNITS_WORDS})(?:[- ](?:{_UNITS_WORDS}))?|a(?=\s+(?:hundred|thousand|million)\b))"
                rf"(?:\s+(?:hundred|thousand|million)(?:\s+(?:and\s+)?(?:{_UNITS_WORDS})(?:[- ](?:{_UNITS_WORDS}))?)?)*")
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

_NUMBER = (rf"(?:(?P<digits>{_DIGITS})(?:\s*(?P<scale>million|thousand|bn|billion|m|k)\b)?|(?P<words>{_NUMBER_WORD}))"
           rf"(?:\s+(?P<dozen>dozen)\b)?")
_NUMBER2 = rf"(?:(?P<digits2>{_DIGITS})(?:\s*(?P<scale2>million|thousand|bn|billion|m|k)\b)?|(?P<words2>{_NUMBER_WORD}))"
NUMBER_PATTERN = re.compile(
    rf"(?<![\w.,:-])(?:(?P<qual>{_QUALIFIER_RE})\s+|(?P<between>between)\s+)?"
    rf"(?:{_NUMBER}"
    # a range: '50-60', '50 to 60', 'two or three', 'between 40 and 50'
    rf"(?:(?P<conn>(?(between)\s+(?:and|-|–|to)\s+|(?:\s*[-–—]\s*|\s+(?:to|or)\s+))){_NUMBER2})?"
    rf"(?P<suffix>\s+or\s+(?:more|so)\b|-odd\b|\+)?"
    rf"|(?P<vague>{_VAGUE_RE}))"
    rf"(?![\w]|[.,:]\d)",
    re.IGNORECASE,
)
# NUMBER_PATTERN without re.IGNORECASE, for fold(text) (several times faster): the same matches at
# the same offsets, whatever the text (casefold).
_NUMBER_LOWER = ci(NUMBER_PATTERN.pattern)
# Cheap vectorised prefilter: sentences with anything number-like.
HAS_NUMBER = r"(?i)\d|\b(?:" + _UNITS_WORDS + r"|dozen|dozens|hundred|hundreds|thousand|thousands|several|a few)\b"

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
    cleaned = re.sub(r"^a\s+", "one ", cleaned)  # 'a hundred'
    try:
        return float(text2num(cleaned, "en"))
    except ValueError:
        return None


def _number_value(digits: str | None, scale: str | None, words: str | None) -> float | None:
    if digits:
        return float(digits.replace(",", "")) * _SCALE.get((scale or "").lower(), 1.0)
    if words and words.strip().lower() != "a":
        return _words_value(words)
    return None


def _approximate(base: float, qualifier: str) -> tuple[float | None, float | None, float | None]:
    """(value, low, high) of `base` under `qualifier`: only exact and 'at least' keep the value."""
    if qualifier == "exact":
        return base, base, base
    if qualifier == "at least":
        return base, base, None
    if qualifier == "almost":
        return None, base * 0.9, base
    if qualifier == "about":
        return None, base * 0.9, base * 1.1
    if qualifier == "more than":
        return None, base, base * 1.2
    if qualifier == "less than":
        return None, base * 0.8, base
    if qualifier == "up to":
        return None, 0.0, base
    return None, base, base


_OR_SO = re.compile(r"\s+or\s+so\b", re.IGNORECASE)
_YEAR = re.compile(r"20[2-3]\d|19\d\d")
_YEAR_END = re.compile(r"20[2-3]\d|19\d\d|\d\d")
_NO_BEFORE = re.compile(r"\bno\s+$", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\bfrom\s+$", re.IGNORECASE)
_GROUPS = ("qual", "between", "digits", "scale", "words", "dozen", "conn", "digits2", "scale2", "words2", "suffix", "vague")


def find_quantities(text: str) -> list[Quantity]:
    """Every number in `text` with its qualifier and value range. Ranges ('50-60', 'two or three',
    'between 40 and 50') and 'N or so' are approximate; 'N or more' is 'at least N'; 'two dozen' is 24;
    clock times ('08:00') and bare years are not counts."""
    return [Quantity(*fields) for fields in _quantities(text)]


def _quantities(text: str) -> list[tuple]:
    """find_quantities as (surface, value, low, high, qualifier, start, end, number_start) tuples."""
    matches = _NUMBER_LOWER.finditer(fold(text))  # its groups are the text's, folded
    found: list[tuple] = []
    for match in matches:
        qual, between, digits, scale, words, dozen, conn, digits2, scale2, words2, suffix, vague = match.group(*_GROUPS)
        qual_raw = (qual or "").lower()
        m_start, m_end = match.span()
        number_start = match.start("digits") if digits else (match.start("words") if words else match.start("vague"))
        if vague:
            v_low, v_high, v_qual = VAGUE[vague.lower()]
            if v_qual == "exact":
                qualifier = QUALIFIERS.get(qual_raw, "exact")
                if qualifier == "exact" and _OR_SO.match(text[m_end:]):
                    qualifier = "about"  # 'a dozen or so'
                value, low, high = _approximate(float(v_low), qualifier)
                found.append((text[m_start:m_end], value, low, high, qualifier, m_start, m_end, number_start))
            else:
                found.append((text[m_start:m_end], None, float(v_low), float(v_high), v_qual, m_start, m_end, number_start))
            continue
        if digits and _YEAR.fullmatch(digits) and not qual_raw and (
                not digits2 or _YEAR_END.fullmatch(digits2)) and not (
                not digits2 and _counts_a_noun(text, m_end)):
            continue  # a year ('2025', '2024-2025', '2025-26'), not a count ('1900 drones' is a count)
        if words and words.lower() == "one" and not dozen and (
            _NOT_COUNT_AFTER.match(text[m_end:]) or _NO_BEFORE.search(text, 0, m_start)
        ):
            continue
        base = _number_value(digits, scale, words)
        if base is None:
            continue
        if dozen:
            base *= 12
        qualifier = QUALIFIERS.get(qual_raw, "exact")
        if qual_raw == "some" and words and words.lower() == "one":
            qualifier = "exact"  # 'some one' is not an approximation
        suffix = (suffix or "").strip().lower()
        if suffix == "or more" and qualifier == "exact":
            qualifier = "at least"
        elif suffix in {"or so", "-odd", "+"}:
            qualifier = "about" if suffix != "+" else "more than"
        high_value = _number_value(digits2, scale2, words2)
        if high_value is not None and conn.strip().lower() == "to" and not between \
                and _FROM_BEFORE.search(text, 0, m_start):
            # 'rose from 5 to 7': two figures, the second the current one
            first_end = match.end("digits") if digits else match.end("words")
            second_start = match.start("digits2") if digits2 else match.start("words2")
            for start, end, number in ((m_start, first_end, base), (second_start, m_end, high_value)):
                found.append((text[start:end], number, number, number, "exact", start, end, start))
            continue
        if high_value is not None:
            if dozen:
                high_value *= 12
            if high_value <= base:
                # '50-60' is a range; '4-2' or '2025-26' is something else: keep the first number only
                if between:
                    continue
                end = match.end("digits") if digits else match.end("words")
                value, low, high = _approximate(base, qualifier)
                found.append((text[m_start:end], value, low, high, qualifier, m_start, end, number_start))
                continue
            found.append((text[m_start:m_end], None, base, high_value, "range", m_start, m_end, number_start))
            continue
        if between:
            continue
        value, low, high = _approximate(base, qualifier)
        found.append((text[m_start:m_end], value, low, high, qualifier, m_start, m_end, number_start))
    return found




# Nouns a count in war reporting is usually of; adjectives in between are skipped.
UNIT_NOUN = re.compile(
    r"^(?:drones?|uavs?|shaheds?|gerbera?s?|decoys?|missiles?|rockets?|bombs?|shells?|people|persons?|civilians?|"
    r"children|residents?|soldiers?|troops?|personnel|servicemen|prisoners?|regions?|oblasts?|locations?|"
    r"settlements?|buildings?|homes?|houses?|facilities|points?|km|kilomet(?:er|re)s?|miles?|percent|%|"
    r"households?|customers?|consumers?|tankers?|ships?|aircraft|jets?|tanks?|kh-\d+\w*|kalibrs?|iskanders?|kinzhals?)$",
    re.IGNORECASE)


def _counts_a_noun(text: str, end: int) -> bool:
    """A count noun follows directly, adjectives allowed ('1900 drones', '2025 Ukrainian
    drones'), so a year-shaped number is a count."""
    words = re.match(r"^((?:\s+[A-Za-z][\w’'-]*){1,3})", text[end:end + 60])
    if not words:
        return False
    for word in words.group(1).split():
        if UNIT_NOUN.match(word):
            return word.lower() not in {"points", "km", "miles", "percent"}
    return False


_WORD = re.compile(r"[A-Za-z%][\w’'-]*|%")
_UNIT_NOUN_LOWER = ci(UNIT_NOUN.pattern)  # for ASCII words, lower-cased
_NO_UNIT_WORDS = frozenset({"of", "and", "or", "in", "on", "at", "to", "from", "were", "was", "had", "have"})


def unit_after(text: str, end: int, max_words: int = 4) -> str | None:
    """The noun a number counts ('653 drones' -> 'drones'), skipping adjectives the reporting
    puts in between ('121 Ukrainian drones' -> 'drones', '27 strike UAVs' -> 'uavs'); else the
    first word after the number."""
    first = None
    for n, match in enumerate(_WORD.finditer(text, end, end + 80)):  # as in text[end:end + 80]: no anchors
        if n == max_words:
            break
        word = match.group()
        lowered = word.lower()
        if _UNIT_NOUN_LOWER.match(lowered) if word.isascii() else UNIT_NOUN.match(word):
            return lowered
        if lowered in _NO_UNIT_WORDS:
            return None
        if first is None:
            first = lowered
    return first


def quantities_frame(sentences: pl.DataFrame) -> pl.DataFrame:
    """parsed.quantities rows for a sentences frame (article_id, sentence_idx, text, char_start).
    Sentences without anything number-like are filtered out vectorised before the regex pass."""
    schema = {
        "article_id": pl.String, "sentence_idx": pl.Int32, "surface": pl.String, "value": pl.Float64,
        "low": pl.Float64, "high": pl.Float64, "qualifier": pl.String, "unit": pl.String,
        "char_start": pl.Int64, "char_end": pl.Int64, "number_start": pl.Int64,
    }
    candidates = sentences.filter(pl.col("text").str.contains(HAS_NUMBER))
    rows: list[tuple] = []
    parsed: dict[str, list[tuple]] = {}  # a sentence text that recurs in the batch is parsed once
    for article_id, sentence_idx, text, offset in candidates.select(
        "article_id", "sentence_idx", "text", "char_start"
    ).iter_rows():
        found = parsed.get(text)
        if found is None:
            found = parsed[text] = [(surface, value, low, high, qualifier, unit_after(text, end), start, end, number_start)
                                    for surface, value, low, high, qualifier, start, end, number_start in _quantities(text)]
        for surface, value, low, high, qualifier, unit, start, end, number_start in found:
            rows.append((article_id, sentence_idx, surface, value, low, high, qualifier, unit,
                         offset + start, offset + end, offset + number_start))
    return pl.DataFrame(rows, schema=schema, orient="row")
