"""Case-insensitive matching without re.IGNORECASE, which is several times slower in the hot
extraction loops: a pattern compiled by ci() runs on fold(text), the text lower-cased once.

The two give the same matches at the same offsets, whatever the text:
- ci() lower-cases the pattern's literals and leaves escapes (\\b, \\S, \\W, \\D, \\B ...) and group
  names alone, so it asks for lower-case letters where IGNORECASE accepted either case;
- fold() keeps the text's length, and maps every character IGNORECASE equates with an ASCII letter
  to that letter: str.lower() does so except for four characters ('İ' lower-cases to two
  characters; dotless 'ı' and long 'ſ' stay themselves; the Kelvin sign does become 'k'), which
  fold() maps first (tests/test_casefold.py checks this over all of Unicode);
- lower-casing never turns a word character into a non-word one or back, so \\b, \\w and classes of
  punctuation match as before.
Patterns must be ASCII in their letters (no escape naming a letter by code), not switch case
sensitivity inline ('(?-i:...)') and have no backreferences; ci() refuses the others. This is the
one rule the extractors use (dates, talks, proposals, strikes, quantities' numbers): no text falls
back to the IGNORECASE pattern, 'İ', 'ı', 'ſ' included.

Two prefiltered scanners skip a pattern's scan when the text holds none of the literals every match
contains (required_literals(), read off the parsed pattern):
- ci_scan() / Scan, for callers that fold the sentence themselves: `in` checks the few literals;
- Caseless, for an IGNORECASE pattern given the original text: it folds the text itself (cached) and
  one Aho-Corasick pass finds which literals of all Caseless patterns the text holds, so a module
  with dozens of such patterns reads each sentence once.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from functools import lru_cache

import ahocorasick

try:  # the parser behind re.compile (renamed in Python 3.11)
    from re import _constants as _sre_constants
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_FOLD_FIX = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "K": "k"})


def fold(text: str) -> str:
    """`text` lower-cased for ci() patterns; same length, so offsets are the text's."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_FIX).lower()


def ci(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern` compiled to match fold(text) as re.IGNORECASE (with `flags`) would match text.
    Escapes naming a character by code must not name a letter ('\\u2010' is fine), and there are no
    backreferences (IGNORECASE compares those by str.lower(), not as fold() does)."""
    if "(?-i" in pattern or "(?i" in pattern or any(c.isalpha() and not c.isascii() for c in pattern):
        raise ValueError(f"ci() needs ASCII letters and no inline case flags: {pattern[:60]!r}")
    for code in _CODE_ESCAPE.finditer(pattern):
        digits = code.group(1) or code.group(2) or code.group(3)
        if digits is None or chr(int(digits, 16)).isalpha():
            raise ValueError(f"ci() cannot lower-case {code.group(0)!r} in {pattern[:60]!r}")
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\":
            if pattern[i + 1:i + 2] in set("123456789"):
                raise ValueError(f"ci() takes no backreferences: {pattern[:60]!r}")
            out.append(pattern[i:i + 2])
            i += 2
        elif pattern.startswith("(?P=", i):
            raise ValueError(f"ci() takes no backreferences: {pattern[:60]!r}")
        elif pattern.startswith(("(?P<", "(?("), i):  # group names stay as written
            j = pattern.index(">" if pattern.startswith("(?P<", i) else ")", i) + 1
            out.append(pattern[i:j])
            i = j
        else:
            out.append(pattern[i].lower())
            i += 1
    return re.compile("".join(out), flags & ~re.IGNORECASE)


# \xHH, \uHHHH, \UHHHHHHHH (groups 1-3: the code) and \N{...} (no code), not after an escaped backslash
_CODE_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|N\{)")


_LITERAL, _IN, _BRANCH, _SUBPATTERN = (_sre_constants.LITERAL, _sre_constants.IN, _sre_constants.BRANCH,
                                       _sre_constants.SUBPATTERN)
_ATOMIC_GROUP = getattr(_sre_constants, "ATOMIC_GROUP", object())  # Python 3.11+
_REPEATS = {getattr(_sre_constants, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
            if hasattr(_sre_constants, name)}


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Strings one of which every match of `pattern` (compiled with `flags`, without IGNORECASE)
    contains, or None when the analysis finds none: runs of literals and small character sets
    ('defen[cs]e'), the union over the alternatives of a branch, the body of a group (also an atomic
    one) or of a repeat that must occur at least once. Of a sequence's candidates it keeps the one
    with the longest shortest string."""
    if flags & re.IGNORECASE:
        raise ValueError("required_literals() reads case-sensitive patterns (ci() output)")
    return _required(list(_sre_parse.parse(pattern, flags)))


def _required(items: list) -> frozenset[str] | None:
    candidates: list[frozenset[str]] = []
    run = {""}  # the literal strings the items since the last non-literal one spell
    for op, av in items:
        chars = None
        if op is _LITERAL:
            chars = [chr(av)]
        elif op is _IN and len(av) <= 4 and all(o is _LITERAL for o, _ in av):
            chars = [chr(c) for _, c in av]
        if chars is not None and len(run) * len(chars) <= 16:
            run = {r + c for r in run for c in chars}
            continue
        if run != {""}:
            candidates.append(frozenset(run))
        run = set(chars) if chars is not None else {""}
        if chars is not None:
            continue
        sub = None
        if op is _BRANCH:
            alternatives = [_required(list(alt)) for alt in av[1]]
            if all(alternatives):
                sub = frozenset().union(*alternatives)
        elif op is _SUBPATTERN:
            sub = _required(list(av[-1]))
        elif op is _ATOMIC_GROUP:
            sub = _required(list(av))
        elif op in _REPEATS and av[0] >= 1:
            sub = _required(list(av[2]))
        if sub:
            candidates.append(sub)
    if run != {""}:
        candidates.append(frozenset(run))
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))


class Scan:
    """A ci() pattern whose search and finditer first check, with `in`, that the text holds one of
    the literals every match contains (the whole text, also when pos/endpos narrow the search)."""

    __slots__ = ("regex", "keys", "pattern", "match", "fullmatch")

    def __init__(self, pattern: str):
        self.regex = ci(pattern)
        keys = required_literals(self.regex.pattern)
        if not keys:
            raise ValueError(f"no literal every match needs: {pattern[:60]!r}")
        self.keys = tuple(sorted(keys, key=len))
        self.pattern = self.regex.pattern
        self.match = self.regex.match
        self.fullmatch = self.regex.fullmatch

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        for key in self.keys:
            if key in text:
                return self.regex.search(text, pos, endpos)
        return None

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        for key in self.keys:
            if key in text:
                return self.regex.finditer(text, pos, endpos)
        return iter(())


def ci_scan(pattern: str) -> Scan:
    """ci(pattern) with the literal prefilter (Scan), for patterns searched over whole sentences."""
    return Scan(pattern)


_KEYS: set[str] = set()  # the literals of every Caseless pattern
_key_finder: list[ahocorasick.Automaton] = []  # an automaton over _KEYS, built on first use


@lru_cache(maxsize=4096)
def _folded(text: str) -> tuple[str, set[str]]:
    """fold(text) and the _KEYS it holds (one Aho-Corasick pass)."""
    low = fold(text)
    if not _KEYS:
        return low, set()
    if not _key_finder:
        finder = ahocorasick.Automaton()
        for key in _KEYS:
            finder.add_word(key, key)
        finder.make_automaton()
        _key_finder.append(finder)
    return low, {key for _, key in _key_finder[0].iter(low)}


class Caseless:
    """A compiled pattern applied to whole sentences given as they are. An IGNORECASE one runs as
    ci() on fold(text) (cached per text), and not at all when the folded text holds none of
    required_literals() (if those are 3 characters or longer); any other runs unchanged on the text. Its matches index the text as the
    original's would; read their spans, never their text (it is folded)."""

    __slots__ = ("rx", "low", "needs")

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx = rx
        self.low = None
        self.needs: frozenset[str] = frozenset()  # empty: no prefilter
        if rx.flags & re.IGNORECASE:
            self.low = ci(rx.pattern, rx.flags)
            needs = required_literals(self.low.pattern, self.low.flags)
            if needs and min(map(len, needs)) >= 3:  # 'rejected' holds 'reject': testing 'reject' will do
                self.needs = frozenset(k for k in needs if not any(o != k and o in k for o in needs))
                if not self.needs <= _KEYS:
                    _KEYS.update(self.needs)
                    _key_finder.clear()  # rebuilt, with these, on next use
                    _folded.cache_clear()

    def _pick(self, text: str) -> tuple[re.Pattern[str] | None, str]:
        """The pattern and string to scan; no pattern when the scan cannot match."""
        if self.low is None:
            return self.rx, text
        low, keys = _folded(text)
        if self.needs and self.needs.isdisjoint(keys):
            return None, low
        return self.low, low

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        rx, subject = self._pick(text)
        return rx.search(subject, pos, endpos) if rx else None

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        rx, subject = self._pick(text)
        return rx.match(subject, pos, endpos) if rx else None

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        rx, subject = self._pick(text)
        return rx.finditer(subject, pos, endpos) if rx else iter(())

    def finditer_in(self, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
        """The matches in text[start:end] as a string of its own (offsets within it)."""
        rx, subject = self._pick(text)
        return rx.finditer(subject[start:end]) if rx else iter(())
