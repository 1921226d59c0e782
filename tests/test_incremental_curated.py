"""Incremental curated consolidation equals a full rebuild.

Corpus: the bundled seeds, tests/corpus and a few hundred generated articles (bench/generate.py),
split at random into a first batch and later batches.
- Pipeline: each batch lands and `peacewatch run` (dg.materialize) updates the warehouse
  incrementally (one run also re-extracts some earlier articles); the curated tables then equal
  a full rebuild of the same warehouse: same rows, same ids, same values.
- Pure functions: the same step on frames (consolidate_all on the touched link components,
  the other rows kept) equals consolidate_all over every report, also when a later batch
  re-extracts an earlier article with different figures.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from orchestration.assets import curated
from orchestration.cli import run_pipeline
from orchestration.paths import SEED_ARTICLES_DIR
from transforms.consolidate import (
    REPORT_COLUMNS,
    consolidate_all,
    curated_claims,
    link_rows,
    report_links,
    stable_id,
    touched_reports,
)

ROOT = Path(__file__).resolve().parents[1]
GENERATED = 300
# Tables compared between the incremental warehouse and its full rebuild (quarantine: without
# the run that quarantined a row and when).
COMPARED = {
    "curated.strikes": "*", "curated.talks": "*", "curated.proposals": "*", "curated.proposal_provisions": "*",
    "curated.stances": "*", "curated.claims": "*", "curated.report_facts": "*",
    "curated.quarantine": "fact_table, fact_id, failed_rules, row_json",
}


def _articles(tmp: Path) -> list[Path]:
    generated = tmp / "generated"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(GENERATED), str(generated)],
                   check=True, capture_output=True)
    files = sorted(SEED_ARTICLES_DIR.glob("*.txt")) + sorted((ROOT / "tests" / "corpus" / "articles").glob("*"))
    return files + sorted(generated.rglob("*.txt"))


def _rows(con, table: str, columns: str) -> list[tuple]:
    return sorted(con.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)


@pytest.fixture(scope="module")
def incremental_warehouse(tmp_path_factory) -> tuple[Path, Path]:
    """(incremental warehouse, a copy of it rebuilt in full) after three batches."""
    tmp = tmp_path_factory.mktemp("incremental")
    files = _articles(tmp)
    random.Random(7).shuffle(files)
    cut1, cut2 = len(files) // 2, len(files) * 5 // 6
    landing, db = tmp / "landing", tmp / "warehouse.duckdb"
    landing.mkdir()
    for number, batch in enumerate((files[:cut1], files[cut1:cut2], files[cut2:])):
        for i, path in enumerate(batch):
            shutil.copy(path, landing / f"b{number}_{i:04d}_{path.name}")
        if number == 2:
            # some earlier articles are re-extracted too (as after a reference-data change)
            con = duckdb.connect(str(db))
            con.execute("""DELETE FROM parsed.processing_log WHERE stage = 'extract' AND article_id IN
                           (SELECT article_id FROM parsed.strike_reports ORDER BY article_id LIMIT 15)""")
            con.close()
        success, _ = run_pipeline(landing, db, quiet=True)
        assert success
    full = tmp / "full.duckdb"
    shutil.copy(db, full)
    con = duckdb.connect(str(full))
    con.execute("DELETE FROM curated.build_log")  # no previous build: everything is rebuilt
    outcome = curated.update_curated(con, "full-rebuild", strict=False)
    con.close()
    assert outcome["mode"] == "full"
    return db, full


def test_incremental_runs_equal_a_full_rebuild(incremental_warehouse):
    db, full = incremental_warehouse
    inc_con = duckdb.connect(str(db), read_only=True)
    full_con = duckdb.connect(str(full), read_only=True)
    modes = [r[0] for r in inc_con.execute("SELECT inputs_fingerprint FROM curated.build_log ORDER BY built_at").fetchall()]
    assert len(modes) == 3 and len(set(modes)) == 3
    assert inc_con.execute("SELECT count(*) FROM curated.strikes").fetchone()[0] > 50
    assert inc_con.execute("SELECT count(*) FROM curated.quarantine").fetchone()[0] > 0
    for table, columns in COMPARED.items():
        assert _rows(inc_con, table, columns) == _rows(full_con, table, columns), table
    # every report is mapped, and every claim of a mapped report is in curated.claims
    assert inc_con.execute("SELECT count(*) FROM curated.report_facts").fetchone()[0] == inc_con.execute(
        """SELECT (SELECT count(*) FROM parsed.strike_reports) + (SELECT count(*) FROM parsed.talk_reports)
                  + (SELECT count(*) FROM parsed.proposal_reports)""").fetchone()[0]
    inc_con.close()
    full_con.close()


def test_a_full_build_in_many_pieces_equals_one_piece(incremental_warehouse, tmp_path, monkeypatch):
    # Reports are consolidated in pieces of whole link buckets: strikes by (month, day), talks by
    # place, proposals by plan name. The bucket the SQL assigns must be the one the link rule
    # uses, or a link component would be split. With pieces of a handful of reports, the build
    # must equal the one-piece build of the same warehouse.
    _, full = incremental_warehouse
    pieces = tmp_path / "pieces.duckdb"
    shutil.copy(full, pieces)
    monkeypatch.setattr(curated, "PIECE_REPORTS", 2)
    con = duckdb.connect(str(pieces))
    con.execute("DELETE FROM curated.build_log")
    assert curated.update_curated(con, "pieces", strict=False)["mode"] == "full"
    for fact_table in ("strikes", "talks", "proposals"):
        assert con.execute(f"SELECT max(piece) FROM _{fact_table}_pieces").fetchone()[0] > 0, fact_table
    assert con.execute("SELECT max(piece) FROM _strikes_pieces").fetchone()[0] > 10
    full_con = duckdb.connect(str(full), read_only=True)
    for table, columns in COMPARED.items():
        assert _rows(con, table, columns) == _rows(full_con, table, columns), table
    con.close()
    full_con.close()


def test_pieces_hold_whole_buckets_up_to_the_budget():
    sizes = [(None, 3), ("Geneva", 1), ("Istanbul", 5), ("Riyadh", 2), ("Minsk", 2)]
    assert curated.pack_pieces(sizes, 4) == [(None, 0), ("Geneva", 0), ("Istanbul", 1), ("Riyadh", 2), ("Minsk", 2)]
    assert curated.pack_pieces(sizes, 100) == [(b, 0) for b, _ in sizes]
    assert curated.pack_pieces([], 4) == []


def test_incremental_run_touches_only_what_new_articles_reach(incremental_warehouse, tmp_path):
    """A run with a few new articles re-consolidates a part of the reports, and a run with
    nothing new skips consolidation."""
    db, _ = incremental_warehouse
    work = tmp_path / "w.duckdb"
    shutil.copy(db, work)
    con = duckdb.connect(str(work))
    assert curated.update_curated(con, "noop", strict=False)["mode"] == "skipped"
    # pretend the last three strike articles were extracted after the last build
    last = con.execute("SELECT max(built_at) FROM curated.build_log").fetchone()[0]
    con.execute("""UPDATE parsed.processing_log SET processed_at = ? WHERE stage = 'extract' AND article_id IN
                   (SELECT DISTINCT article_id FROM parsed.strike_reports ORDER BY article_id DESC LIMIT 3)""",
                [last + timedelta(seconds=1)])
    before = {t: _rows(con, t, c) for t, c in COMPARED.items() if t != "curated.quarantine"}
    outcome = curated.update_curated(con, "inc", strict=False)
    assert outcome["mode"] == "incremental" and outcome["revisions"] == 0
    touched = con.execute("SELECT count(*) FROM _touched").fetchone()[0]
    assert 0 < touched < con.execute("SELECT count(*) FROM curated.report_facts").fetchone()[0]
    # the same reports again: the same rows
    assert {t: _rows(con, t, c) for t, c in COMPARED.items() if t != "curated.quarantine"} == before
    con.close()



def _stored_rows(db: Path, table: str) -> int:
    """Rows DuckDB keeps in `table`'s row groups, deleted ones included (after a checkpoint)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"""SELECT sum(count) FROM (SELECT DISTINCT row_group_id, count FROM pragma_storage_info('{table}')
                               WHERE column_id = 0 AND column_path = '[0]')""").fetchone()[0]
    finally:
        con.close()


def test_rebuilds_leave_no_old_row_versions_behind(incremental_warehouse, tmp_path):
    """DuckDB never vacuums deleted rows of a table with a PRIMARY KEY: re-consolidated facts
    must not pile up old versions (each with its article_ids list) build after build."""
    db, _ = incremental_warehouse
    work = tmp_path / "w.duckdb"
    shutil.copy(db, work)
    stored = []
    for build in range(4):
        con = duckdb.connect(str(work))
        if build % 2:
            con.execute("DELETE FROM curated.build_log")  # a full rebuild
        else:  # an incremental one: the strike, talk and proposal articles extracted again
            last = con.execute("SELECT max(built_at) FROM curated.build_log").fetchone()[0]
            con.execute("""UPDATE parsed.processing_log SET processed_at = ? WHERE stage = 'extract' AND article_id IN
                           (SELECT article_id FROM parsed.strike_reports UNION SELECT article_id FROM parsed.talk_reports
                            UNION SELECT article_id FROM parsed.proposal_reports)""", [last + timedelta(seconds=1)])
        assert curated.update_curated(con, f"b{build}", strict=False)["mode"] == ("full" if build % 2 else "incremental")
        live = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("curated.strikes", "curated.talks", "curated.proposals")}
        held = dict(con.execute("SELECT 'curated.' || fact_table, count(*) FROM curated.quarantine GROUP BY ALL").fetchall())
        con.close()
        stored.append({t: _stored_rows(work, t) for t in live})
        for table, count in live.items():
            # rows quarantined by this build were deleted from the fact table after it was written
            assert count <= stored[-1][table] <= count + held.get(table, 0), table
    assert stored[0]["curated.talks"] > 0 and stored[0]["curated.proposals"] > 0
    assert stored[-1] == stored[1]

def test_strict_mode_change_rebuilds_in_full(incremental_warehouse, tmp_path):
    db, _ = incremental_warehouse
    work = tmp_path / "w.duckdb"
    shutil.copy(db, work)
    con = duckdb.connect(str(work))
    outcome = curated.update_curated(con, "strict", strict=True)
    assert outcome["mode"] == "full" and outcome["quarantined"] == {}
    assert con.execute("SELECT count(*) FROM curated.quarantine").fetchone()[0] == 0
    con.close()


# ------------------------------------------------------------ pure functions
def _frames(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {t: con.execute(f"SELECT * FROM parsed.{t}").pl()
               for t in ("strike_reports", "talk_reports", "proposal_reports", "report_claims")}
        out["published"] = dict(con.execute("SELECT article_id, published_date FROM parsed.articles").fetchall())
    finally:
        con.close()
    return out


def _of(frame: pl.DataFrame, articles: set[str]) -> pl.DataFrame:
    return frame.filter(pl.col("article_id").is_in(list(articles)))


def _consolidate(data: dict, articles: set[str], reports: pl.DataFrame | None, ingested: dict):
    """consolidate_all over the given articles' reports (or only the reports listed in `reports`)."""
    def pick(frame, fact_table):
        frame = _of(frame, articles)
        if reports is not None:
            keys = reports.filter(pl.col("fact_table") == fact_table).select("article_id", "report_key")
            frame = frame.join(keys, on=["article_id", "report_key"], how="semi")
        return frame
    claims = _of(data["report_claims"], articles)
    return consolidate_all(pick(data["strike_reports"], "strikes"), pick(data["talk_reports"], "talks"),
                           pick(data["proposal_reports"], "proposals"), claims, ingested, data["published"])


FACTS = {"curated.strikes": ("strikes", "strike_id"), "curated.talks": ("talks", "talk_id"),
         "curated.proposals": ("proposals", "proposal_id"), "curated.proposal_provisions": ("proposals", "proposal_id"),
         "curated.stances": ("proposals", "proposal_id")}


def _step(state: tuple[dict, pl.DataFrame], data: dict, articles: set[str], dirty: set[str], ingested: dict):
    """The asset's incremental step on frames: re-consolidate the link components the dirty
    articles' reports (old and new versions) are in, keep every other row."""
    frames, report_facts = state
    fresh = report_links(*(_of(data[t], dirty) for t in ("strike_reports", "talk_reports", "proposal_reports")),
                         _of(data["report_claims"], dirty))
    links = pl.concat([link_rows(report_facts), link_rows(fresh)])
    seeds = pl.concat([fresh.select(REPORT_COLUMNS), report_facts.filter(pl.col("article_id").is_in(list(dirty)))
                       .select(REPORT_COLUMNS)])
    touched = touched_reports(links, seeds)
    new_frames, new_facts = _consolidate(data, articles, touched, ingested)
    old = report_facts.join(touched, on=list(REPORT_COLUMNS), how="semi")
    old_ids = set(old["fact_id"])
    kept = report_facts.join(touched, on=list(REPORT_COLUMNS), how="anti")
    assert not set(kept["fact_id"]) & old_ids  # an old fact is wholly touched or wholly kept
    merged = {}
    for table, frame in frames.items():
        id_column = FACTS[table][1]
        merged[table] = pl.concat([frame.filter(~pl.col(id_column).is_in(list(old_ids))), new_frames[table]])
    return merged, pl.concat([kept, new_facts])


def _same(a: pl.DataFrame, b: pl.DataFrame) -> bool:
    return sorted(a.rows(), key=repr) == sorted(b.rows(), key=repr)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pure_incremental_steps_equal_consolidating_everything(incremental_warehouse, seed):
    data = _frames(incremental_warehouse[0])
    articles = sorted(set(data["strike_reports"]["article_id"]) | set(data["talk_reports"]["article_id"])
                      | set(data["proposal_reports"]["article_id"]))
    rng = random.Random(seed)
    rng.shuffle(articles)
    cuts = sorted(rng.sample(range(1, len(articles)), 3))
    batches = [set(articles[a:b]) for a, b in zip([0, *cuts], [*cuts, len(articles)])]
    # ingestion time: batch by batch (the earliest-ingested report names a fact)
    start = datetime(2026, 1, 1)
    ingested = {a: start + timedelta(days=i) for i, batch in enumerate(batches) for a in batch}
    seen = set(batches[0])
    state = _consolidate(data, seen, None, ingested)
    for batch in batches[1:]:
        seen |= batch
        state = _step(state, data, seen, batch, ingested)
    full_frames, full_facts = _consolidate(data, seen, None, ingested)
    for table in full_frames:
        assert _same(state[0][table], full_frames[table]), table
    assert _same(state[1], full_facts)
    mappings: dict = {}
    for fact_table, article_id, report_key, fact_id in state[1].select(*REPORT_COLUMNS, "fact_id").iter_rows():
        mappings.setdefault(fact_table, {})[(article_id, report_key)] = fact_id
    claims = curated_claims(data["report_claims"], mappings)
    assert claims.height > 0 and claims["claim_id"].n_unique() == claims.height


def test_pure_incremental_step_with_a_re_extracted_article(incremental_warehouse):
    """An earlier article re-extracted with other figures: the rows it was part of are redone."""
    data = _frames(incremental_warehouse[0])
    # the first article with strike reports: every exact figure +1 and no day-precise date any more
    article = data["strike_reports"]["article_id"].sort()[0]
    articles = set(data["strike_reports"]["article_id"]) | set(data["talk_reports"]["article_id"]) \
        | set(data["proposal_reports"]["article_id"])
    ingested = {a: datetime(2026, 1, 1) for a in articles}
    state = _consolidate(data, articles, None, ingested)
    changed = dict(data)
    claims = data["report_claims"]
    changed["report_claims"] = claims.with_columns(
        pl.when((pl.col("article_id") == article) & pl.col("value_num").is_not_null())
        .then(pl.col("value_num") + 1).otherwise(pl.col("value_num")).alias("value_num"))
    changed["strike_reports"] = data["strike_reports"].with_columns(
        pl.when(pl.col("article_id") == article).then(None).otherwise(pl.col("event_date")).alias("event_date"))
    state = _step(state, changed, articles, {article}, ingested)
    full_frames, full_facts = _consolidate(changed, articles, None, ingested)
    for table in full_frames:
        assert _same(state[0][table], full_frames[table]), table
    assert _same(state[1], full_facts)


def test_consolidation_does_not_depend_on_input_order(incremental_warehouse):
    data = _frames(incremental_warehouse[0])
    articles = set(data["strike_reports"]["article_id"]) | set(data["proposal_reports"]["article_id"])
    ingested = {a: datetime(2026, 1, 1) for a in articles}
    first = _consolidate(data, articles, None, ingested)
    shuffled = {k: (v.sample(fraction=1.0, shuffle=True, seed=5) if isinstance(v, pl.DataFrame) else v)
                for k, v in data.items()}
    second = _consolidate(shuffled, articles, None, ingested)
    for table in first[0]:
        assert _same(first[0][table], second[0][table]), table
    assert _same(first[1], second[1])


def test_sql_claim_ids_are_the_stable_ids(incremental_warehouse):
    con = duckdb.connect(str(incremental_warehouse[0]), read_only=True)
    rows = con.execute("""SELECT claim_id, fact_table, fact_id, article_id, field, sentence_idx, char_start, value
                          FROM curated.claims USING SAMPLE 200 ROWS""").fetchall()
    con.close()
    assert rows and all(r[0] == stable_id("claim", *r[1:]) for r in rows)
