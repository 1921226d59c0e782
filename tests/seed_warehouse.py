"""One warehouse built from the bundled seeds, shared (read-only) by the analyst-facing tests:
test_marts, test_queries, test_dictionary and test_export open it read-only, so building it once
per session is enough."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.cli import run_pipeline
from orchestration.paths import SEED_ARTICLES_DIR

_BUILT: dict[str, Path] = {}


def seed_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The published seeds warehouse (built on first use in this session)."""
    if "db" not in _BUILT:
        db = tmp_path_factory.mktemp("seed_warehouse") / "warehouse.duckdb"
        success, _ = run_pipeline(SEED_ARTICLES_DIR, db, quiet=True)
        assert success, "the pipeline failed on the bundled seeds"
        _BUILT["db"] = db
    return _BUILT["db"]
