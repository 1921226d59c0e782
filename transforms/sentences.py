"""Split article bodies into sentences with character offsets (vectorised Polars).

How it works (no per-sentence Python):

1. ``str.extract_all`` cuts each body into *pieces* that cover it contiguously: text up to and
   including a run of ``.``/``!``/``?`` (plus closing quotes/brackets), text without terminators up to
   a newline, or a single newline. Concatenating the pieces gives the body back.
2. After exploding, each piece gets its char offsets from a cumulative ``str.len_chars`` and a
   *break-after* flag: newlines always break; a piece ending in a terminator breaks when the next
   piece starts with whitespace followed by an uppercase letter, digit, opening quote or bracket —
   unless the piece ends with an abbreviation (``Dec.``, ``Gen.``, ``approx.``...), a single letter
   (initials ``J.``, ``U.S.``, ``e.g.``), ``No.``/``Art.``-style abbreviations before a number, or is
   only a list number (``1.``). Decimals and dotted dates never break: no whitespace follows the dot.
3. Pieces are grouped into sentences, whitespace is stripped (offsets adjusted), empties dropped.

Offsets are Python ``str`` indices (code points): ``body[char_start:char_end] == text``.
Whitespace is Python's ``str.isspace`` set, so ``text == text.strip()``.
"""

from __future__ import annotations

import polars as pl

from transforms.clean import PY_WHITESPACE

__all__ = ["PIECE_RE", "split_sentences"]

# Every character Python considers whitespace (str.strip / str.isspace), as a literal set and as a
# Rust-regex class, so Polars and Python agree on what "stripped" means.
_WS_CHARS = PY_WHITESPACE
_WS = "[" + "".join(f"\\x{{{ord(c):X}}}" for c in _WS_CHARS) + "]"

_TERM = r"[.!?]"
_CLOSE = r"[\"'\p{Pf}\p{Pe}]"  # closing quotes / brackets that belong to the sentence they end
PIECE_RE = rf"[^\n.!?]*{_TERM}+{_CLOSE}*|[^\n.!?]+|\n{_WS}*"

_ENDS_TERM = rf"{_TERM}{_CLOSE}*$"
# What may start the next sentence: upper/title-case or uncased letter, digit, opening quote/bracket.
_NEXT_STARTS = rf"^{_WS}+[\p{{Lu}}\p{{Lt}}\p{{Lo}}\p{{N}}\p{{So}}\"'\p{{Pi}}\p{{Ps}}]"
_NEXT_DIGIT = rf"^{_WS}+\p{{N}}"

_ABBREVIATIONS = [
    # titles and ranks
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cmdr", "adm",
    "brig", "sen", "rep", "gov", "pres", "rev", "hon", "mt", "ft", "amb", "supt", "insp",
    # months
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    # latin / misc
    "vs", "approx", "ca", "cf", "viz", "incl", "est",
    # Ukrainian / Russian
    "обл", "вул", "ім", "им", "ст", "тис", "напр", "див", "рр", "гг", "ул", "просп", "пров", "пер", "смт",
]
# Ends with a known abbreviation or a single letter (initials, U.S., e.g., a.m.), preceded by a
# non-letter or the piece start (which always follows a terminator, newline or body start).
_ABBREV_END = (
    r"(?i)(?:^|[^\p{L}\p{N}])(?:" + "|".join(_ABBREVIATIONS) + r"|\p{L})\.$"
)
# Abbreviations that do not end a sentence when a number follows: 'No. 5', 'Art. 3', 'p. 12'.
_NUMBER_ABBREV_END = r"(?i)(?:^|[^\p{L}\p{N}])(?:no|nos|nr|art|arts|fig|vol|pp|para|ch|sec|pt|op|№)\.$"
# A piece that is only a list number: '1.', ' 12.'
_LIST_NUMBER = rf"^{_WS}*\d{{1,3}}\.$"


def split_sentences(bodies: pl.DataFrame) -> pl.DataFrame:
    """``article_id, body`` -> ``article_id, sentence_idx (Int32), text, char_start, char_end (Int64)``.

    Offsets are character offsets into ``body`` (Python slicing semantics); ``text`` is stripped of
    surrounding whitespace and never empty. Rows come out ordered by input row, then position.
    """
    base = bodies.select(
        pl.col("article_id"),
        pl.col("body").cast(pl.String).fill_null("").alias("_body"),
    ).with_row_index("_row")

    pieces = (
        base.select("_row", pl.col("_body").str.extract_all(PIECE_RE).alias("piece"))
        .explode("piece", empty_as_null=False)
        .filter(pl.col("piece").is_not_null() & (pl.col("piece") != ""))
        .with_columns(pl.col("piece").str.len_chars().cast(pl.Int64).alias("_len"))
        .with_columns(pl.col("_len").cum_sum().over("_row").alias("_end"))
        .with_columns((pl.col("_end") - pl.col("_len")).alias("_start"))
    )

    piece = pl.col("piece")
    nxt = piece.shift(-1).over("_row")
    is_newline = piece.str.starts_with("\n")
    next_is_newline = nxt.str.starts_with("\n").fill_null(False)
    terminal = (
        piece.str.contains(_ENDS_TERM)
        & nxt.str.contains(_NEXT_STARTS).fill_null(False)
        & ~piece.str.contains(_ABBREV_END)
        & ~(piece.str.contains(_NUMBER_ABBREV_END) & nxt.str.contains(_NEXT_DIGIT).fill_null(False))
        & ~piece.str.contains(_LIST_NUMBER)
    )
    pieces = pieces.with_columns((is_newline | next_is_newline | terminal).alias("_break"))
    pieces = pieces.with_columns(
        pl.col("_break").shift(1, fill_value=False).cast(pl.Int64).cum_sum().over("_row").alias("_sent")
    )

    sentences = (
        pieces.group_by("_row", "_sent", maintain_order=True)
        .agg(
            pl.col("piece").str.join("").alias("_raw"),
            pl.col("_start").first(),
            pl.col("_end").last(),
        )
        .with_columns(pl.col("_raw").str.strip_chars(_WS_CHARS).alias("text"))
        .filter(pl.col("text").str.len_chars() > 0)
        .with_columns(
            lead=(
                pl.col("_raw").str.len_chars() - pl.col("_raw").str.strip_chars_start(_WS_CHARS).str.len_chars()
            ).cast(pl.Int64),
            trail=(
                pl.col("_raw").str.len_chars() - pl.col("_raw").str.strip_chars_end(_WS_CHARS).str.len_chars()
            ).cast(pl.Int64),
        )
        .with_columns(
            char_start=pl.col("_start") + pl.col("lead"),
            char_end=pl.col("_end") - pl.col("trail"),
        )
        .sort("_row", "_start")
        .with_columns(pl.int_range(pl.len(), dtype=pl.Int32).over("_row").alias("sentence_idx"))
    )
    return (
        sentences.join(base.select("_row", "article_id"), on="_row", how="left")
        .sort("_row", "sentence_idx")
        .select(
            "article_id",
            pl.col("sentence_idx").cast(pl.Int32),
            "text",
            pl.col("char_start").cast(pl.Int64),
            pl.col("char_end").cast(pl.Int64),
        )
    )
