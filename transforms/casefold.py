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
Patterns must be ASCII in their letters, and not switch case sensitivity inline ('(?-i:...)').

ci_scan() adds a prefilter for patterns searched over whole sentences that rarely match: every match
contains one of a few literals (required_literals(), read off the parsed pattern), and `in` finds
out that none of them occurs much faster than the regex can.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

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


def ci(pattern: str) -> re.Pattern[str]:
    """`pattern` compiled to match fold(text) as re.IGNORECASE would match text."""
    if "(?-i" in pattern or "(?i" in pattern or any(c.isalpha() and not c.isascii() for c in pattern):
        raise ValueError(f"ci() needs ASCII letters and no inline case flags: {pattern[:60]!r}")
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif pattern.startswith(("(?P<", "(?P=", "(?("), i):  # group names stay as written
            j = pattern.index(">" if pattern.startswith("(?P<", i) else ")", i) + 1
            out.append(pattern[i:j])
            i = j
        else:
            out.append(pattern[i].lower())
            i += 1
    return re.compile("".join(out))


_LITERAL, _IN, _BRANCH, _SUBPATTERN = (_sre_constants.LITERAL, _sre_constants.IN, _sre_constants.BRANCH,
                                       _sre_constants.SUBPATTERN)
_REPEATS = {getattr(_sre_constants, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
            if hasattr(_sre_constants, name)}


def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings one of which every match of `pattern` (compiled without flags) contains, or None when
    the analysis finds none: runs of literals and small character sets ('defen[cs]e'), the union over
    the alternatives of a branch, the body of a group or of a repeat that must occur at least once.
    Of a sequence's candidates it keeps the one with the longest shortest string."""
    return _required(list(_sre_parse.parse(pattern)))


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
