"""Gazetteer mention finder: one Aho-Corasick pass per text over all aliases.

Matching rules
--------------
* Whole words only: the characters just before and after a match must not be
  alphanumeric (so "Witkoff's" / "Ukraine’s" match "Witkoff" / "Ukraine",
  "Kyiv-based" matches "Kyiv", but "Kyivstar" does not).
* Weapon aliases also accept a plural "s" (e.g. "two Kh-101s", "Iskanders");
  the "s" is then part of the span.
* Case: aliases with no lower-case letter (acronyms: EU, UN, AP, SBU, CPC,
  KAB, UAV, NATO, S-300, U.S.) match case-sensitively; other aliases of
  length >= 4 or with more than one word match case-insensitively; the
  remaining short aliases (e.g. "Xi") match case-sensitively.
* Typographic apostrophes, hyphens/en dashes and non-breaking spaces are
  folded to ASCII before matching (length-preserving: offsets stay exact).
* Overlaps: leftmost-longest ("Odesa region" beats "Odesa", "Steve Witkoff"
  beats "Witkoff", "Kyiv Independent" beats "Kyiv").
* Coordinated oblasts: in "Donetsk and Luhansk regions" / "Kharkiv, Sumy and
  Chernihiv oblasts" each bare stem is resolved to the oblast (via its
  "<stem> region" alias) instead of the city; the surface stays the stem.
* If one folded alias is listed under several kinds (the shipped data has
  none) the first kind in ``KIND_PRIORITY`` wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

import ahocorasick
import polars as pl

from transforms.reference import Reference, fold_text, lower_same_length

MENTION_SCHEMA: dict[str, pl.DataType] = {
    "article_id": pl.Utf8,
    "sentence_idx": pl.Int64,
    "kind": pl.Utf8,
    "surface": pl.Utf8,
    "canonical_id": pl.Utf8,
    "canonical_name": pl.Utf8,
    "char_start": pl.Int64,
    "char_end": pl.Int64,
}

SENTENCE_COLUMNS = ("article_id", "sentence_idx", "text", "char_start")

KIND_PRIORITY = ("person", "organisation", "weapon", "place")

_PLURAL_REGION = re.compile(r"\s+(?:regions|oblasts|provinces)\b", re.IGNORECASE)
_CONNECTOR = re.compile(r"\s*(?:,|,?\s+and|&)\s*", re.IGNORECASE)

# ASCII characters other than letters and digits -> space (the bounded pass, see MentionFinder).
_WORDS_ONLY = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})

# kind, surface, canonical_id, canonical_name, start, end  (text[start:end] == surface)
Mention = tuple[str, str, str, str, int, int]


def is_case_sensitive(alias: str) -> bool:
    """Acronyms (no lower-case letter) and short single words match case-sensitively."""
    if not any(c.islower() for c in alias):
        return True
    if len(alias.split()) > 1:
        return False
    return len(alias) < 4


class _Entry(NamedTuple):
    folded: str  # alias after fold_text (original case), for case-sensitive comparison
    case_sensitive: bool
    plural_ok: bool
    kind: str
    canonical_id: str
    canonical_name: str


class MentionFinder:
    """Find gazetteer mentions in text. Build once per Reference and reuse."""

    def __init__(self, ref: Reference) -> None:
        table = ref.alias_table()
        by_key: dict[str, list[_Entry]] = {}
        for kind, alias, cid, cname in table.select("kind", "alias", "canonical_id", "canonical_name").iter_rows():
            folded = fold_text(alias)
            key = lower_same_length(folded)
            entry = _Entry(folded, is_case_sensitive(alias), kind == "weapon", kind, cid, cname)
            entries = by_key.setdefault(key, [])
            if entry not in entries:
                entries.append(entry)
        rank = {k: i for i, k in enumerate(KIND_PRIORITY)}
        automaton = ahocorasick.Automaton()
        # For ASCII text (nearly every sentence): each alias, and each weapon alias + 's', as
        # ' words ' (_WORDS_ONLY: every other character a space) matched in ' text ' made the same
        # way, so that only word-bounded occurrences are hits (an alias needs a non-alphanumeric
        # character or the text's edge on both sides). Aliases with the same ' words ' share a key.
        bounded = ahocorasick.Automaton()
        forms: dict[str, list[tuple[str, bool, tuple[_Entry, ...]]]] = {}
        for key, entries in by_key.items():
            # case-sensitive entries first so an exact-case acronym wins over a
            # case-insensitive homograph of the same kind; then kind priority.
            entries.sort(key=lambda e: (rank.get(e.kind, len(rank)), not e.case_sensitive))
            automaton.add_word(key, (len(key), tuple(entries)))
            if key.isascii():
                for plural in (False, True) if any(e.plural_ok for e in entries) else (False,):
                    spaced = f" {(key + 's' if plural else key).translate(_WORDS_ONLY)} "
                    forms.setdefault(spaced, []).append((key, plural, tuple(entries)))
        for spaced, aliases in forms.items():
            bounded.add_word(spaced, (len(spaced), tuple(aliases)))
        self._by_key = by_key
        self._automaton = automaton if by_key else None
        self._bounded = bounded if forms else None
        for a in (self._automaton, self._bounded):
            if a is not None:
                a.make_automaton()
        self.n_aliases = len(by_key)

    # ------------------------------------------------------------------ core
    def find_in_text(self, text: str, kinds: Iterable[str] | None = None) -> list[Mention]:
        """Mentions in one string, in text order; offsets index into ``text``.

        ``kinds`` optionally restricts matching to some of
        'place', 'person', 'organisation', 'weapon' (applied before overlap
        resolution, so e.g. a place cannot hide a weapon).
        """
        if not text or self._automaton is None:
            return []
        wanted = None if kinds is None else frozenset(kinds)
        if text.isascii():  # fold_text changes only non-ASCII characters
            return self._resolve(text, text, self._bounded_candidates(text, wanted))
        folded = fold_text(text)
        return self._resolve(text, folded, self._candidates(text, folded, wanted))

    def _candidates(self, text: str, folded: str, wanted: frozenset[str] | None) -> list[tuple[int, int, int, _Entry]]:
        """Every alias occurrence that may be a mention, as (start, -end, last character of the
        alias, entry): the first entry of the alias that the kinds, case and word bounds allow."""
        lowered = lower_same_length(folded)
        n = len(text)
        cands: list[tuple[int, int, int, _Entry]] = []
        for last, (klen, entries) in self._automaton.iter(lowered):
            start = last - klen + 1
            end = last + 1
            if start > 0 and text[start - 1].isalnum():
                continue
            right_ok = end == n or not text[end].isalnum()
            for e in entries:
                if wanted is not None and e.kind not in wanted:
                    continue
                if e.case_sensitive and folded[start:end] != e.folded:
                    continue
                e_end = end
                if not right_ok:
                    # plural "s" on weapon names: "Kh-101s", "Iskanders"
                    if not (
                        e.plural_ok
                        and text[end] in "sS"
                        and (end + 1 == n or not text[end + 1].isalnum())
                    ):
                        continue
                    e_end = end + 1
                cands.append((start, -e_end, last, e))
                break
        return cands

    def _bounded_candidates(self, text: str, wanted: frozenset[str] | None) -> list[tuple[int, int, int, _Entry]]:
        """_candidates for ASCII `text`: the alias hits are word-bounded already (and a plural
        form's 's' is there), so only the exact characters, the kinds and the case remain to check."""
        if self._bounded is None:
            return []
        lowered = text.lower()
        cands: list[tuple[int, int, int, _Entry]] = []
        for last, (slen, aliases) in self._bounded.iter(f" {lowered.translate(_WORDS_ONLY)} "):
            start = last - slen + 1  # ' text ' is one longer on the left, so this indexes `text`
            for key, plural, entries in aliases:
                if not lowered.startswith(key, start):
                    continue  # the same words, other punctuation
                end = start + len(key)
                for e in entries:
                    if wanted is not None and e.kind not in wanted:
                        continue
                    if e.case_sensitive and text[start:end] != e.folded:
                        continue
                    if plural and not e.plural_ok:
                        continue
                    cands.append((start, -end - plural, end - 1, e))
                    break
        return cands

    def _resolve(self, text: str, folded: str, cands: list[tuple[int, int, int, _Entry]]) -> list[Mention]:
        """Leftmost-longest among the candidates (sorted, ties in the order one pass over the text
        finds them), then coordinated oblasts."""
        if not cands:
            return []
        cands.sort()
        out: list[Mention] = []
        pos = 0
        for start, neg_end, _, e in cands:
            end = -neg_end
            if start < pos:
                continue
            out.append((e.kind, text[start:end], e.canonical_id, e.canonical_name, start, end))
            pos = end
        self._coordinated_regions(folded, out)
        return out

    def _coordinated_regions(self, folded: str, out: list[Mention]) -> None:
        """Re-resolve place stems in "A, B and C regions" to their oblasts (in place)."""
        for i, m in enumerate(out):
            if m[0] != "place" or not _PLURAL_REGION.match(folded, m[5]):
                continue
            j = i
            while True:
                kind, surface, _cid, _cname, start, end = out[j]
                if kind != "place":
                    break
                region = self._oblast_for(surface)
                if region is not None:
                    out[j] = (kind, surface, region[0], region[1], start, end)
                if j == 0 or not _CONNECTOR.fullmatch(folded, out[j - 1][5], start):
                    break
                j -= 1

    def _oblast_for(self, surface: str) -> tuple[str, str] | None:
        for e in self._by_key.get(lower_same_length(fold_text(surface)) + " region", ()):
            if e.kind == "place":
                return e.canonical_id, e.canonical_name
        return None

    def find(self, sentences: pl.DataFrame, kinds: Iterable[str] | None = None) -> pl.DataFrame:
        """Mentions for a frame of sentences.

        Input columns: article_id (str), sentence_idx (int), text (str),
        char_start (int, offset of the sentence in the article body).
        Output (schema ``MENTION_SCHEMA``, also with zero rows): article_id,
        sentence_idx, kind, surface, canonical_id, canonical_name, char_start,
        char_end - offsets into the ARTICLE BODY, so
        ``body[char_start:char_end] == surface``.
        """
        missing = [c for c in SENTENCE_COLUMNS if c not in sentences.columns]
        if missing:
            raise ValueError(f"sentences frame is missing column(s) {missing}; expected {list(SENTENCE_COLUMNS)}")
        wanted = None if kinds is None else frozenset(kinds)
        cols: dict[str, list] = {name: [] for name in MENTION_SCHEMA}
        a_ids, s_idx, kind_c, surf_c, cid_c, cname_c, start_c, end_c = cols.values()
        rows = zip(
            sentences.get_column("article_id").cast(pl.Utf8).to_list(),
            sentences.get_column("sentence_idx").to_list(),
            sentences.get_column("text").to_list(),
            sentences.get_column("char_start").to_list(),
        )
        for article_id, sentence_idx, text, offset in rows:
            if not text:
                continue
            found = self.find_in_text(text, wanted)
            if not found:
                continue
            if offset is None:
                raise ValueError(f"char_start is null for article {article_id!r} sentence {sentence_idx!r}")
            for kind, surface, cid, cname, start, end in found:
                a_ids.append(article_id)
                s_idx.append(sentence_idx)
                kind_c.append(kind)
                surf_c.append(surface)
                cid_c.append(cid)
                cname_c.append(cname)
                start_c.append(offset + start)
                end_c.append(offset + end)
        return pl.DataFrame(cols, schema=MENTION_SCHEMA)
