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
"""

from __future__ import annotations

import re

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
        elif pattern.startswith(("(?P<", "(?P="), i):
            j = pattern.index(">" if pattern[i + 3] == "<" else ")", i) + 1
            out.append(pattern[i:j])
            i = j
        else:
            out.append(pattern[i].lower())
            i += 1
    return re.compile("".join(out))
