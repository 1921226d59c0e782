"""Score the warehouse's curated tables against hand-made gold JSON files.

This mirrors the corpus scoring rules ("Scoring used to judge" in the corpus
README, gold format in GOLD_FORMAT.md).  The module is pure Python + Polars +
DuckDB (no Dagster); :func:`evaluate` is a pure function of the gold dicts and
the :class:`Predictions` frames, :func:`load_predictions` runs the SELECTs and
:func:`evaluate_warehouse` wires both to a DuckDB file opened read-only.

Article mapping
    A gold file belongs to the ``raw.articles`` row(s) whose
    ``Path(source_path).stem`` equals ``Path(gold["article"]).stem``.  If
    several raw rows share the stem (multi-record files) their predictions are
    pooled.  raw.articles dedups identical text by ``article_id``, so a gold
    file whose text landed earlier under another name shows up as missing;
    that is reported, not guessed around.  Gold files
    with no matching article are listed in ``EvalReport.missing`` and all of
    their scorable gold values count as unrecalled (they add to ``n_gold``
    only).  Warehouse rows linked only to articles without a gold file are
    ignored.

Strikes ("figures")
    * The article's predicted rows are the ``curated.strikes`` rows whose
      ``article_ids`` contain the article.
    * Article view: for each of the six numeric fields a value is reported for
      the article only if the article has an exact claim (``value_num`` not
      null) on that ``strike_id``/field.  The reported value is the curated
      row's value if it equals one of those claim values, otherwise the
      article's first such claim (lowest ``sentence_idx``, then
      ``char_start``).  A curated value the article has no exact claim for is
      therefore neither a hit nor a false positive for this article.
    * Candidate pairs: attacker equal (case-insensitive, a null attacker
      matches nothing) and ``event_date`` within one day (a null date on
      either side matches any date).
    * One-to-one assignment maximising the number of equal non-null values
      (exact search over gold subsets when an article has <= 12 gold rows,
      greedy by overlap otherwise).  Ties prefer more paired rows, then the
      smaller date distance; pairing zero-overlap rows only affects
      ``details`` wording, never the counts.
    * ``tp`` = equal non-null values on matched pairs; ``n_pred`` = every
      non-null reported value on every predicted row of the article (matched
      or not); ``n_gold`` = every non-null gold value.  Values are compared
      numerically (``50 == 50.0``).

Talks
    * Predicted rows: ``curated.talks`` rows whose ``article_ids`` contain the
      article.  Gold talks with a null/blank ``location`` are not scored.
    * Interpretation: predicted talks with a null/blank location are still
      counted as predictions (they can never match), i.e. precision is
      matched predicted / all predicted rows of the article, as briefed.
    * Match: place = ``location`` only, case- and whitespace-insensitive, one
      string contains the other ('Hallandale Beach' ~ 'Hallandale Beach,
      Florida'); ``start_date`` within one day, null on either side matches.
      Maximum one-to-one matching; ``tp`` = number of matched pairs.

Proposals (corpus level, "distinct plans")
    * Gold set = distinct non-null ``point_count`` over all gold files (scored
      ones plus missing ones, whose values count as unrecalled).  Predicted
      set = distinct non-null ``point_count`` of ``curated.proposals`` rows
      linked to at least one scored article.  ``tp`` = size of the
      intersection.
    * troop_cap (extra line): gold set = distinct ``(point_count,
      provisions_numeric.troop_cap)`` pairs; predicted set = distinct
      ``(point_count, value)`` over ``curated.proposal_provisions`` rows with
      ``category = 'troop_cap'`` and non-null value, for the proposals above.
      A gold pair hits if the predicted set holds the same pair (a gold pair
      with a null point count hits on the value alone).

Score edge cases
    A denominator of zero yields 1.0 only when *both* sides are empty
    (nothing predicted, nothing to find: a perfect empty answer); otherwise an
    empty denominator yields 0.0 (e.g. nothing predicted while gold exists
    gives P = R = F1 = 0).  F1 is the harmonic mean, 0.0 if P + R == 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from transforms.sql_literals import sql_text_list

__all__ = [
    "NUMERIC_FIELDS",
    "EvalReport",
    "Predictions",
    "Score",
    "evaluate",
    "evaluate_warehouse",
    "format_report",
    "load_gold",
    "load_predictions",
]

#: The six numeric strike fields; claim ``field`` names equal these columns.
NUMERIC_FIELDS: tuple[str, ...] = (
    "drones_launched",
    "missiles_launched",
    "drones_intercepted",
    "missiles_intercepted",
    "killed",
    "injured",
)

#: Bundled gold for the seed articles (the project ships it).
DEFAULT_GOLD_DIR = Path(__file__).resolve().parents[1] / "seeds" / "gold"

# Upper bound for the exact (subset-DP) assignment; above it we go greedy.
_EXACT_ASSIGN_MAX = 12


# --------------------------------------------------------------------------
# Data classes
# --------------------------------------------------------------------------
@dataclass
class Score:
    """Counts for one table; P/R/F1 derived (see module docstring for 0/0)."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        if self.n_pred == 0:
            return 1.0 if self.n_gold == 0 else 0.0
        return self.tp / self.n_pred

    @property
    def recall(self) -> float:
        if self.n_gold == 0:
            return 1.0 if self.n_pred == 0 else 0.0
        return self.tp / self.n_gold

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def add(self, tp: int = 0, n_pred: int = 0, n_gold: int = 0) -> None:
        self.tp += tp
        self.n_pred += n_pred
        self.n_gold += n_gold


@dataclass
class EvalReport:
    strikes: Score
    talks: Score
    proposals: Score
    troop_cap: Score
    articles_scored: int
    missing: list[str]
    details: list[str]


_SCHEMAS: dict[str, dict[str, Any]] = {
    "articles": {"article_id": pl.String, "source_path": pl.String},
    "strikes": {
        "strike_id": pl.String,
        "event_date": pl.Date,
        "attacker": pl.String,
        **{f: pl.Int64 for f in NUMERIC_FIELDS},
        "article_ids": pl.List(pl.String),
    },
    "talks": {
        "talk_id": pl.String,
        "start_date": pl.Date,
        "location": pl.String,
        "country": pl.String,
        "article_ids": pl.List(pl.String),
    },
    "proposals": {
        "proposal_id": pl.String,
        "name": pl.String,
        "point_count": pl.Int64,
        "article_ids": pl.List(pl.String),
    },
    "provisions": {
        "proposal_id": pl.String,
        "category": pl.String,
        "value": pl.Float64,
        "unit": pl.String,
    },
    "claims": {
        "claim_id": pl.String,
        "fact_table": pl.String,
        "fact_id": pl.String,
        "field": pl.String,
        "value_num": pl.Float64,
        "article_id": pl.String,
        "sentence_idx": pl.Int64,
        "char_start": pl.Int64,
    },
}


def _empty(name: str) -> Callable[[], pl.DataFrame]:
    return lambda: pl.DataFrame(schema=_SCHEMAS[name])


@dataclass
class Predictions:
    """Warehouse frames the evaluation needs (extra columns are ignored)."""

    articles: pl.DataFrame = field(default_factory=_empty("articles"))
    strikes: pl.DataFrame = field(default_factory=_empty("strikes"))
    talks: pl.DataFrame = field(default_factory=_empty("talks"))
    proposals: pl.DataFrame = field(default_factory=_empty("proposals"))
    provisions: pl.DataFrame = field(default_factory=_empty("provisions"))
    claims: pl.DataFrame = field(default_factory=_empty("claims"))


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------
def load_gold(gold_dir: Path) -> list[dict]:
    """Read every ``*.json`` in ``gold_dir`` (sorted by name).

    A file without an ``article`` key gets ``<stem>.txt`` so it still maps by
    stem.
    """
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise FileNotFoundError(f"gold directory not found: {gold_dir}")
    out: list[dict] = []
    for path in sorted(gold_dir.glob("*.json")):
        with path.open(encoding="utf-8") as fh:
            doc = json.load(fh)
        if not isinstance(doc, dict):
            raise ValueError(f"{path}: gold file must hold a JSON object")
        doc.setdefault("article", f"{path.stem}.txt")
        out.append(doc)
    return out


_QUERIES: dict[str, str] = {
    "articles": "SELECT article_id, source_path FROM raw.articles",
    "strikes": (
        "SELECT strike_id, event_date, attacker, "
        + ", ".join(NUMERIC_FIELDS)
        + ", article_ids FROM curated.strikes"
    ),
    "talks": "SELECT talk_id, start_date, location, country, article_ids FROM curated.talks",
    "proposals": "SELECT proposal_id, name, point_count, article_ids FROM curated.proposals",
    "provisions": "SELECT proposal_id, category, value, unit FROM curated.proposal_provisions",
    "claims": (
        "SELECT claim_id, fact_table, fact_id, field, value_num, article_id, "
        "sentence_idx, char_start FROM curated.claims"
    ),
}


# With a set of article ids: only the rows `evaluate` reads when it scores those articles (every
# score goes through `_linked` or a claim's article_id); proposal_provisions is small and kept whole.
_ARTICLE_FILTERS: dict[str, str] = {
    "articles": "article_id IN (SELECT unnest({ids}))",
    "strikes": "list_has_any(article_ids, {ids})",
    "talks": "list_has_any(article_ids, {ids})",
    "proposals": "list_has_any(article_ids, {ids})",
    "claims": "article_id IN (SELECT unnest({ids}))",
}


def load_predictions(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str] | None = None) -> Predictions:
    """Run the SELECTs; a table that does not exist yields an empty frame. With `article_ids`,
    read only what scoring those articles needs (same report, a fraction of the rows)."""
    frames: dict[str, pl.DataFrame] = {}
    for name, sql in _QUERIES.items():
        if article_ids is not None and name in _ARTICLE_FILTERS:
            # the ids inlined (a few gold articles): parameters would make DuckDB import pandas
            ids = sql_text_list(article_ids) + "::VARCHAR[]"
            sql = f"SELECT * FROM ({sql}) WHERE {_ARTICLE_FILTERS[name].format(ids=ids)}"
        try:
            frames[name] = con.sql(sql).pl()
        except duckdb.CatalogException:
            frames[name] = _empty(name)()
    return Predictions(**frames)


def evaluate_warehouse(db_path: Path, gold_dir: Path) -> EvalReport:
    """Open ``db_path`` read-only, load predictions and score them."""
    gold = load_gold(gold_dir)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        preds = load_predictions(con)
    finally:
        con.close()
    return evaluate(gold, preds)


# --------------------------------------------------------------------------
# Small normalisers
# --------------------------------------------------------------------------
def _as_date(v: Any) -> dt.date | None:
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = str(v).strip()
    if not s:
        return None
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        return None


def _date_dist(a: Any, b: Any) -> int | None:
    """Days between two dates; 0 if either is null; None if > 1 day apart."""
    da, db = _as_date(a), _as_date(b)
    if da is None or db is None:
        return 0
    d = abs((da - db).days)
    return d if d <= 1 else None


def _num(v: Any) -> int | float | None:
    """Normalise a number for comparison (``50.0`` -> ``50``); bools rejected."""
    if v is None or isinstance(v, bool):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    if f != f:  # NaN
        return None
    return int(f) if f.is_integer() else f


def _norm_text(v: Any) -> str | None:
    if v is None:
        return None
    s = " ".join(str(v).split()).casefold()
    return s or None


def _place_match(a: Any, b: Any) -> bool:
    na, nb = _norm_text(a), _norm_text(b)
    return na is not None and nb is not None and (na in nb or nb in na)


def _ids(v: Any) -> set[str]:
    if v is None:
        return set()
    if isinstance(v, str):
        return {v}
    return {str(x) for x in v if x is not None}


def _fmt_date(v: Any) -> str:
    d = _as_date(v)
    return d.isoformat() if d else "no date"


# --------------------------------------------------------------------------
# One-to-one assignment
# --------------------------------------------------------------------------
Weight = tuple[float, ...]


def _assign(
    n_pred: int, n_gold: int, weight: Callable[[int, int], Weight | None]
) -> list[tuple[int, int]]:
    """Maximum-weight one-to-one assignment of pred rows to gold rows.

    ``weight(i, j)`` returns a tuple (compared lexicographically, summed
    element-wise over the assignment) or None when the pair is not allowed.
    Exact subset DP when the smaller side is small, greedy otherwise.
    """
    if n_pred == 0 or n_gold == 0:
        return []
    w: dict[tuple[int, int], Weight] = {}
    for i in range(n_pred):
        for j in range(n_gold):
            wij = weight(i, j)
            if wij is not None:
                w[(i, j)] = wij
    if not w:
        return []
    width = len(next(iter(w.values())))
    zero: Weight = (0.0,) * width

    def plus(a: Weight, b: Weight) -> Weight:
        return tuple(x + y for x, y in zip(a, b))

    transpose = n_gold > n_pred  # keep the mask on the smaller side
    rows, cols = (n_gold, n_pred) if transpose else (n_pred, n_gold)

    def wt(r: int, c: int) -> Weight | None:
        return w.get((c, r) if transpose else (r, c))

    if cols <= _EXACT_ASSIGN_MAX:
        # best[mask] = (weight, pairs) after processing the first k rows.
        best: dict[int, tuple[Weight, tuple[tuple[int, int], ...]]] = {0: (zero, ())}
        for r in range(rows):
            nxt = dict(best)
            for mask, (val, pairs) in best.items():
                for c in range(cols):
                    if mask & (1 << c):
                        continue
                    wrc = wt(r, c)
                    if wrc is None:
                        continue
                    cand = (plus(val, wrc), pairs + ((r, c),))
                    m2 = mask | (1 << c)
                    if m2 not in nxt or cand[0] > nxt[m2][0]:
                        nxt[m2] = cand
            best = nxt
        _, pairs = max(best.values(), key=lambda t: t[0])
    else:
        used_r: set[int] = set()
        used_c: set[int] = set()
        chosen: list[tuple[int, int]] = []
        cands = sorted(
            ((wt(r, c), r, c) for r in range(rows) for c in range(cols) if wt(r, c) is not None),
            key=lambda t: (tuple(-x for x in t[0]), t[1], t[2]),
        )
        for _, r, c in cands:
            if r not in used_r and c not in used_c:
                used_r.add(r)
                used_c.add(c)
                chosen.append((r, c))
        pairs = tuple(chosen)
    result = [(c, r) if transpose else (r, c) for r, c in pairs]
    return sorted(result)


# --------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------
@dataclass
class _Ctx:
    stem_to_ids: dict[str, set[str]]
    strikes: list[dict]
    talks: list[dict]
    proposals: list[dict]
    troop_caps: dict[str, list[float | int]]
    # (strike_id, field) -> list of (sentence_idx, char_start, article_id, value)
    claims: dict[tuple[str, str], list[tuple[int, int, str, int | float]]]


def _build_ctx(p: Predictions) -> _Ctx:
    stem_to_ids: dict[str, set[str]] = defaultdict(set)
    for row in p.articles.select("article_id", "source_path").iter_rows(named=True):
        if row["source_path"] is None or row["article_id"] is None:
            continue
        stem_to_ids[Path(str(row["source_path"])).stem].add(str(row["article_id"]))

    claims: dict[tuple[str, str], list[tuple[int, int, str, int | float]]] = defaultdict(list)
    cl = p.claims
    if cl.height:
        cl = cl.filter(
            (pl.col("fact_table") == "strikes")
            & pl.col("value_num").is_not_null()
            & pl.col("field").is_in(list(NUMERIC_FIELDS))
        )
        has_sent = "sentence_idx" in cl.columns
        has_char = "char_start" in cl.columns
        for row in cl.iter_rows(named=True):
            v = _num(row["value_num"])
            if v is None or row["fact_id"] is None or row["article_id"] is None:
                continue
            s = row["sentence_idx"] if has_sent else None
            c = row["char_start"] if has_char else None
            claims[(str(row["fact_id"]), row["field"])].append(
                (
                    s if s is not None else sys.maxsize,
                    c if c is not None else sys.maxsize,
                    str(row["article_id"]),
                    v,
                )
            )
        for lst in claims.values():
            lst.sort(key=lambda t: (t[0], t[1]))

    troop_caps: dict[str, list[float | int]] = defaultdict(list)
    pv = p.provisions
    if pv.height:
        for row in pv.filter(pl.col("category") == "troop_cap").iter_rows(named=True):
            v = _num(row["value"])
            if v is not None and row["proposal_id"] is not None:
                troop_caps[str(row["proposal_id"])].append(v)

    return _Ctx(
        stem_to_ids=dict(stem_to_ids),
        strikes=p.strikes.to_dicts(),
        talks=p.talks.to_dicts(),
        proposals=p.proposals.to_dicts(),
        troop_caps=dict(troop_caps),
        claims=dict(claims),
    )


def _linked(rows: Iterable[dict], ids: set[str]) -> list[dict]:
    return [r for r in rows if _ids(r.get("article_ids")) & ids]


def _article_view(
    row: dict, ids: set[str], claims: dict[tuple[str, str], list]
) -> tuple[dict[str, int | float], dict[str, int | float]]:
    """(values reported by the article, curated values it has no claim for)."""
    sid = str(row.get("strike_id"))
    shown: dict[str, int | float] = {}
    hidden: dict[str, int | float] = {}
    for f in NUMERIC_FIELDS:
        curated = _num(row.get(f))
        mine = [c[3] for c in claims.get((sid, f), ()) if c[2] in ids]
        if not mine:
            if curated is not None:
                hidden[f] = curated
            continue
        shown[f] = curated if curated is not None and curated in mine else mine[0]
    return shown, hidden


def _gold_figures(g: dict) -> dict[str, int | float]:
    return {f: v for f in NUMERIC_FIELDS if (v := _num(g.get(f))) is not None}


def _fmt_vals(d: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in d.items()) or "-"


def _score_strikes(
    stem: str, gold_rows: list[dict], ids: set[str], ctx: _Ctx, details: list[str]
) -> Score:
    pred_rows = _linked(ctx.strikes, ids)
    views = [_article_view(r, ids, ctx.claims) for r in pred_rows]
    pvals = [v[0] for v in views]
    gvals = [_gold_figures(g) for g in gold_rows]

    def weight(i: int, j: int) -> Weight | None:
        p, g = pred_rows[i], gold_rows[j]
        pa, ga = _norm_text(p.get("attacker")), _norm_text(g.get("attacker"))
        if pa is None or pa != ga:
            return None
        dd = _date_dist(p.get("event_date"), g.get("event_date"))
        if dd is None:
            return None
        overlap = sum(1 for f, v in pvals[i].items() if gvals[j].get(f) == v)
        return (float(overlap), 1.0, -float(dd))

    pairs = _assign(len(pred_rows), len(gold_rows), weight)
    score = Score(n_pred=sum(len(v) for v in pvals), n_gold=sum(len(v) for v in gvals))

    pred_matched = {i for i, _ in pairs}
    gold_matched = {j for _, j in pairs}
    for i, j in pairs:
        p, g = pred_rows[i], gold_rows[j]
        hits = {f: v for f, v in pvals[i].items() if gvals[j].get(f) == v}
        score.tp += len(hits)
        wrong = {f: v for f, v in pvals[i].items() if f not in hits}
        missed = {f: v for f, v in gvals[j].items() if f not in hits}
        head = (
            f"[{stem}] strikes: gold #{j} ({g.get('attacker')}, {_fmt_date(g.get('event_date'))})"
            f" <-> pred {p.get('strike_id')} ({p.get('attacker')}, {_fmt_date(p.get('event_date'))})"
        )
        details.append(f"{head}: correct {_fmt_vals(hits)}")
        for f, v in wrong.items():
            gv = gvals[j].get(f)
            details.append(f"[{stem}]   wrong {f}: pred {v}, gold {gv if gv is not None else 'null'}")
        for f, v in missed.items():
            pv = pvals[i].get(f)
            if pv is None:
                details.append(f"[{stem}]   missed {f}: gold {v}, not reported")
        if views[i][1]:
            details.append(
                f"[{stem}]   not claimed by this article (ignored): {_fmt_vals(views[i][1])}"
            )
    for j, g in enumerate(gold_rows):
        if j not in gold_matched:
            details.append(
                f"[{stem}] strikes: gold #{j} ({g.get('attacker')}, {_fmt_date(g.get('event_date'))})"
                f" unmatched; missed {_fmt_vals(gvals[j])}"
            )
    for i, p in enumerate(pred_rows):
        if i not in pred_matched:
            details.append(
                f"[{stem}] strikes: pred {p.get('strike_id')} ({p.get('attacker')},"
                f" {_fmt_date(p.get('event_date'))}) unmatched; wrong {_fmt_vals(pvals[i])}"
            )
    return score


def _scored_gold_talks(gold: dict) -> list[dict]:
    return [t for t in gold.get("talks") or [] if _norm_text(t.get("location")) is not None]


def _score_talks(
    stem: str, gold_rows: list[dict], ids: set[str], ctx: _Ctx, details: list[str]
) -> Score:
    pred_rows = _linked(ctx.talks, ids)

    def weight(i: int, j: int) -> Weight | None:
        p, g = pred_rows[i], gold_rows[j]
        if not _place_match(p.get("location"), g.get("location")):
            return None
        dd = _date_dist(p.get("start_date"), g.get("start_date"))
        if dd is None:
            return None
        exact = float(_norm_text(p.get("location")) == _norm_text(g.get("location")))
        return (1.0, -float(dd), exact)

    pairs = _assign(len(pred_rows), len(gold_rows), weight)
    pm, gm = {i for i, _ in pairs}, {j for _, j in pairs}
    for j, g in enumerate(gold_rows):
        if j not in gm:
            details.append(
                f"[{stem}] talks: missed gold {g.get('location')!r} ({_fmt_date(g.get('start_date'))})"
            )
    for i, p in enumerate(pred_rows):
        if i not in pm:
            details.append(
                f"[{stem}] talks: wrong pred {p.get('talk_id')} {p.get('location')!r}"
                f" ({_fmt_date(p.get('start_date'))})"
            )
    return Score(tp=len(pairs), n_pred=len(pred_rows), n_gold=len(gold_rows))


def evaluate(gold: Sequence[dict], predictions: Predictions) -> EvalReport:
    """Score ``predictions`` against ``gold`` (see module docstring). Pure."""
    ctx = _build_ctx(predictions)
    strikes, talks = Score(), Score()
    details: list[str] = []
    missing: list[str] = []
    scored_ids: set[str] = set()
    gold_pcs: set[int | float] = set()
    gold_caps: set[tuple[int | float | None, int | float]] = set()
    n_scored = 0

    for g in gold:
        stem = Path(str(g.get("article", ""))).stem
        gold_strikes = list(g.get("strikes") or [])
        gold_talks = _scored_gold_talks(g)
        for prop in g.get("proposals") or []:
            pc = _num(prop.get("point_count"))
            if pc is not None:
                gold_pcs.add(pc)
            cap = _num((prop.get("provisions_numeric") or {}).get("troop_cap"))
            if cap is not None:
                gold_caps.add((pc, cap))

        ids = ctx.stem_to_ids.get(stem)
        if not ids:
            missing.append(stem)
            n_fig = sum(len(_gold_figures(r)) for r in gold_strikes)
            strikes.add(n_gold=n_fig)
            talks.add(n_gold=len(gold_talks))
            details.append(
                f"[{stem}] MISSING from raw.articles: {n_fig} figures and "
                f"{len(gold_talks)} talks unrecalled"
            )
            continue
        n_scored += 1
        scored_ids |= ids
        s = _score_strikes(stem, gold_strikes, ids, ctx, details)
        strikes.add(s.tp, s.n_pred, s.n_gold)
        t = _score_talks(stem, gold_talks, ids, ctx, details)
        talks.add(t.tp, t.n_pred, t.n_gold)

    # Proposals: corpus-level distinct point counts.
    linked_props = _linked(ctx.proposals, scored_ids)
    pred_pcs = {pc for r in linked_props if (pc := _num(r.get("point_count"))) is not None}
    hit_pcs = gold_pcs & pred_pcs
    proposals = Score(tp=len(hit_pcs), n_pred=len(pred_pcs), n_gold=len(gold_pcs))
    for pc in sorted(gold_pcs - pred_pcs):
        details.append(f"[corpus] proposals: missed {pc}-point plan")
    for pc in sorted(pred_pcs - gold_pcs):
        details.append(f"[corpus] proposals: wrong {pc}-point plan")

    pred_caps: set[tuple[int | float | None, int | float]] = set()
    for r in linked_props:
        pc = _num(r.get("point_count"))
        for cap in ctx.troop_caps.get(str(r.get("proposal_id")), ()):
            pred_caps.add((pc, cap))
    pred_cap_values = {cap for _, cap in pred_caps}
    cap_hits = {
        (pc, cap)
        for pc, cap in gold_caps
        if ((pc, cap) in pred_caps) or (pc is None and cap in pred_cap_values)
    }
    troop_cap = Score(tp=len(cap_hits), n_pred=len(pred_caps), n_gold=len(gold_caps))
    for pc, cap in sorted(gold_caps - cap_hits, key=repr):
        details.append(f"[corpus] troop_cap: missed {cap} for {pc}-point plan")
    gold_pairs_by_pc = {pc for pc, _ in gold_caps}
    for pc, cap in sorted(pred_caps - gold_caps, key=repr):
        if pc is None and any(c == cap for _, c in gold_caps):
            continue
        why = "wrong value" if pc in gold_pairs_by_pc else "not in gold"
        details.append(f"[corpus] troop_cap: {why}: {cap} for {pc}-point plan")

    return EvalReport(
        strikes=strikes,
        talks=talks,
        proposals=proposals,
        troop_cap=troop_cap,
        articles_scored=n_scored,
        missing=missing,
        details=details,
    )


# --------------------------------------------------------------------------
# Formatting / CLI
# --------------------------------------------------------------------------
def format_report(report: EvalReport, verbose: bool = False) -> str:
    """Plain-text table ``table | tp | pred | gold | P | R | F1``."""
    rows = [
        ("strikes (figures)", report.strikes),
        ("talks", report.talks),
        ("proposals", report.proposals),
        ("troop_cap", report.troop_cap),
    ]
    header = ("table", "tp", "pred", "gold", "P", "R", "F1")
    body = [
        (name, str(s.tp), str(s.n_pred), str(s.n_gold), f"{s.precision:.3f}",
         f"{s.recall:.3f}", f"{s.f1:.3f}")
        for name, s in rows
    ]
    widths = [max(len(r[k]) for r in [header, *body]) for k in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return " | ".join(
            c.ljust(w) if k == 0 else c.rjust(w) for k, (c, w) in enumerate(zip(cells, widths))
        )

    out = [line(header), "-+-".join("-" * w for w in widths), *(line(r) for r in body)]
    out.append("")
    out.append(f"articles scored: {report.articles_scored}")
    if report.missing:
        out.append(f"missing articles ({len(report.missing)}): {', '.join(report.missing)}")
    if verbose and report.details:
        out.append("")
        out.append("details:")
        out.extend(f"  {d}" for d in report.details)
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score a PeaceWatch warehouse against gold JSON.")
    ap.add_argument("db", type=Path, help="DuckDB warehouse file")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD_DIR, help="gold directory")
    ap.add_argument("-v", "--verbose", action="store_true", help="per-article details")
    args = ap.parse_args(argv)
    print(format_report(evaluate_warehouse(args.db, args.gold), verbose=args.verbose))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
