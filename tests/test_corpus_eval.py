"""Extraction quality on the project's own labelled corpus (tests/corpus), end to end through the
pipeline and the scorer: keeps the issue's targets from regressing."""

from pathlib import Path

import pytest

from orchestration.cli import run_pipeline
from transforms.evaluate import evaluate_warehouse

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    db = tmp_path_factory.mktemp("eval") / "warehouse.duckdb"
    success, _ = run_pipeline(CORPUS / "articles", db, quiet=True)
    assert success
    return evaluate_warehouse(db, CORPUS / "gold")


def test_every_gold_article_was_scored(report):
    assert report.missing == []
    assert report.articles_scored == len(list((CORPUS / "gold").glob("*.json")))


def test_strike_figures_meet_the_targets(report):
    assert report.strikes.precision >= 0.95
    assert report.strikes.f1 >= 0.90


def test_talks_meet_the_target(report):
    assert report.talks.f1 >= 0.85


def test_proposals_meet_the_target(report):
    assert report.proposals.f1 >= 0.90
    assert report.troop_cap.precision == 1.0
