"""parsed/articles reads the new raw texts one slice of the id space at a time (a sort of every
text at once ran out of DuckDB's memory at 1M articles): the slices cover every id once, in order."""

from __future__ import annotations

import hashlib
from datetime import datetime

import duckdb
import polars as pl
import pytest

import orchestration.assets.parsed as parsed
from orchestration.assets.parsed import id_slices


def _inside(article_id: str, low: str | None, high: str | None) -> bool:
    return (low is None or article_id >= low) and (high is None or article_id < high)


@pytest.mark.parametrize("articles", [0, 1, 49_999, 50_001, 1_000_000, 10**10])
def test_slices_cover_every_id_once_in_order(articles):
    slices = id_slices(articles, parsed.SORT_SLICE_ARTICLES)
    assert len(slices) == min(max(1, -(-articles // parsed.SORT_SLICE_ARTICLES)), 16 ** 4)
    ids = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(3000)] + ["", "0000", "ffff", "zzz", "A1"]
    for article_id in ids:
        assert sum(_inside(article_id, low, high) for low, high in slices) == 1
    highs = [h for _, h in slices[:-1]]
    assert highs == sorted(highs) and len(set(highs)) == len(highs)


def test_a_slice_holds_about_its_share_of_sha256_ids():
    slices = id_slices(400_000, per_slice=50_000)
    ids = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(8000)]
    per_slice = [sum(_inside(a, low, high) for a in ids) for low, high in slices]
    assert len(per_slice) == 8 and min(per_slice) > 800 and max(per_slice) < 1200


def test_parsed_articles_in_id_order_across_slices(tmp_path, monkeypatch):
    """Several slices (one article each, here): every raw article is cleaned once, and the rows
    land in id order, which later stages' batch reads by id range rely on."""
    import dagster as dg

    from orchestration.assets.publish import published_snapshot
    from orchestration.resources import WarehouseResource
    from orchestration.warehouse import WarehouseFiles, apply_ddl

    monkeypatch.setattr(parsed, "SORT_SLICE_ARTICLES", 1)
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    apply_ddl(con)
    texts = [f"Article number {n}. Drones attacked Kyiv overnight." for n in range(12)]
    rows = pl.DataFrame({"article_id": [hashlib.sha256(t.encode()).hexdigest() for t in texts],
                         "source_path": [f"a{n}.txt" for n in range(12)], "record_index": [0] * 12,
                         "title": [None] * 12, "url": [None] * 12, "published_date": [None] * 12, "text": texts,
                         "ingested_at": [datetime(2026, 1, 1)] * 12},
                        schema_overrides={"title": pl.String, "url": pl.String, "published_date": pl.Date,
                                          "record_index": pl.Int32})
    con.register("r", rows)
    con.execute("INSERT INTO raw.articles SELECT * FROM r")
    con.close()
    result = dg.materialize([parsed.parsed_articles, published_snapshot],
                            resources={"warehouse": WarehouseResource(path=str(db))})
    assert result.success
    with WarehouseFiles(db).read_published() as con:
        got = [r[0] for r in con.execute("SELECT article_id FROM parsed.articles ORDER BY rowid").fetchall()]
    assert got == sorted(rows["article_id"].to_list())
