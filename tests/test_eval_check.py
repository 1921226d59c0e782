"""The eval check (orchestration/eval_check.py) reads only what scoring the gold articles needs."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.eval_check import eval_against_seed_gold, gold_article_ids
from orchestration.paths import SEED_GOLD_DIR
from orchestration.resources import WarehouseResource
from tests.seed_warehouse import seed_warehouse
from transforms.evaluate import evaluate, load_gold, load_predictions


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    return seed_warehouse(tmp_path_factory)


def _copy(seeded: Path, tmp_path: Path, rename_sql: str | None) -> Path:
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(seeded, db)
    con = duckdb.connect(str(db))
    con.execute(rename_sql)
    con.execute("CHECKPOINT")
    con.close()
    return db


def test_restricted_predictions_score_exactly_like_all_of_them(seeded, tmp_path):
    # two of the four gold-labelled seed articles no longer carry a gold file's name
    db = _copy(seeded, tmp_path, "UPDATE raw.articles SET source_path = 'other/' || article_id || '.txt' "
                                 "WHERE article_id IN (SELECT article_id FROM raw.articles ORDER BY source_path LIMIT 2)")
    gold = load_gold(SEED_GOLD_DIR)
    con = duckdb.connect(str(db), read_only=True)
    try:
        ids = gold_article_ids(con, gold)
        every = load_predictions(con)
        restricted = load_predictions(con, ids)
    finally:
        con.close()
    assert len(ids) == 2
    assert 0 < restricted.claims.height < every.claims.height
    assert set(restricted.claims["article_id"]) <= set(ids)
    report = evaluate(gold, restricted)
    assert report.articles_scored == 2
    assert report == evaluate(gold, every)


def test_no_gold_article_means_nothing_is_loaded(seeded, tmp_path, monkeypatch):
    db = _copy(seeded, tmp_path, "UPDATE raw.articles SET source_path = 'other/' || article_id || '.txt'")
    monkeypatch.setattr("orchestration.eval_check.load_predictions",
                        lambda *a, **k: pytest.fail("predictions loaded without a gold article"))
    context = dg.build_asset_check_context(resources={"warehouse": WarehouseResource(path=str(db))})
    result = eval_against_seed_gold(context)
    assert result.passed and result.metadata["articles_scored"].value == 0
