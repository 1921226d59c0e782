"""Unique keys of the tables that grow with every run's articles: declared in sql/ as a
`-- unique key:` line instead of a PRIMARY KEY (an index makes DuckDB rewrite the table's last
row group at every checkpoint after an append), and enforced on insert instead."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from orchestration.metadata import DuplicateKeyError, check_unique_key, insert_frame
from orchestration.warehouse import apply_ddl, unique_keys

# The tables whose rows grow with the corpus: they must carry no index.
GROWING = {"raw.files", "raw.articles", "parsed.articles", "parsed.sentences", "parsed.strike_reports",
           "parsed.talk_reports", "parsed.proposal_reports", "curated.report_facts", "curated.claims"}


@pytest.fixture()
def con(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    apply_ddl(con)
    yield con
    con.close()


def _sentences(*keys: tuple[str, int]) -> pl.DataFrame:
    return pl.DataFrame({"article_id": [a for a, _ in keys], "sentence_idx": [i for _, i in keys],
                         "text": [f"Sentence {i}." for _, i in keys], "char_start": [0] * len(keys),
                         "char_end": [12] * len(keys)},
                        schema_overrides={"sentence_idx": pl.Int32})


def test_growing_tables_declare_a_key_and_carry_no_index(con):
    keys = unique_keys()
    assert GROWING <= set(keys)
    constraints = {f"{s}.{t}" for s, t in con.execute(
        "SELECT schema_name, table_name FROM duckdb_constraints() WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE')").fetchall()}
    assert not constraints & set(keys), "a declared key table also has a DuckDB index"
    # the curated facts analysts query by id keep their primary keys
    assert {"curated.strikes", "curated.talks", "curated.proposals"} <= constraints


def test_declared_key_columns_exist_and_are_not_null(con):
    for table, columns in unique_keys().items():
        schema, name = table.split(".")
        nullable = dict(con.execute(
            "SELECT column_name, is_nullable FROM duckdb_columns() WHERE schema_name = ? AND table_name = ?",
            [schema, name]).fetchall())
        for column in columns:
            assert column in nullable, f"{table}.{column}"
            assert nullable[column] is False, f"{table}.{column} may be NULL"


def test_insert_refuses_a_key_twice_in_the_rows_and_inserts_nothing(con):
    with pytest.raises(DuplicateKeyError, match=r"parsed\.sentences: 2 rows .*article_id='a1', sentence_idx=1"):
        insert_frame(con, "parsed.sentences", _sentences(("a1", 0), ("a1", 1), ("a1", 1)))
    assert con.execute("SELECT count(*) FROM parsed.sentences").fetchone()[0] == 0


def test_insert_refuses_a_key_the_table_already_has(con):
    assert insert_frame(con, "parsed.sentences", _sentences(("a1", 0), ("a1", 1))) == 2
    with pytest.raises(DuplicateKeyError, match="nothing was inserted"):
        insert_frame(con, "parsed.sentences", _sentences(("a2", 0), ("a1", 1)))
    assert sorted(con.execute("SELECT article_id, sentence_idx FROM parsed.sentences").fetchall()) == [("a1", 0), ("a1", 1)]
    # the same sentence number of another article is another key
    assert insert_frame(con, "parsed.sentences", _sentences(("a2", 0), ("a2", 1))) == 2


def test_a_duplicate_key_is_a_constraint_error_as_duckdb_raises_it(con):
    row = {"article_id": ["x"], "title": [None], "published_date": [None], "published_source": [None],
           "reference_year": [None], "body": ["Body."], "removed_lines": [0]}
    insert_frame(con, "parsed.articles", pl.DataFrame(row, schema_overrides={"title": pl.String}))
    with pytest.raises(duckdb.ConstraintException):
        insert_frame(con, "parsed.articles", pl.DataFrame(row, schema_overrides={"title": pl.String}))


def test_tables_without_a_declared_key_take_any_rows(con):
    mention = {"article_id": ["a"], "sentence_idx": [0], "kind": ["place"], "surface": ["Kyiv"],
               "canonical_id": ["kyiv"], "canonical_name": ["Kyiv"], "char_start": [0], "char_end": [4]}
    frame = pl.DataFrame(mention, schema_overrides={"sentence_idx": pl.Int32})
    insert_frame(con, "parsed.mentions", frame)
    insert_frame(con, "parsed.mentions", frame)
    assert con.execute("SELECT count(*) FROM parsed.mentions").fetchone()[0] == 2


def test_check_of_a_sql_relation_before_an_insert_select(con):
    con.execute("""INSERT INTO curated.report_facts VALUES ('strikes', 'a1', 'r1', 'S1', [1])""")
    con.execute("CREATE TEMP TABLE staged AS SELECT * FROM curated.report_facts LIMIT 0")
    con.execute("INSERT INTO staged VALUES ('strikes', 'a1', 'r2', 'S1', [1]), ('talks', 'a1', 'r1', 'T1', [2])")
    check_unique_key(con, "curated.report_facts", "staged")  # other keys: passes
    con.execute("INSERT INTO staged VALUES ('strikes', 'a1', 'r1', 'S2', [3])")
    with pytest.raises(DuplicateKeyError, match=r"fact_table='strikes', article_id='a1', report_key='r1'"):
        check_unique_key(con, "curated.report_facts", "staged")


def test_key_lines_are_read_from_the_sql_files(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "parsed").mkdir()
    (tmp_path / "curated").mkdir()
    (tmp_path / "raw" / "things.sql").write_text(
        "CREATE TABLE IF NOT EXISTS raw.things (\n    a VARCHAR NOT NULL,\n    b INTEGER NOT NULL\n);\n"
        "-- unique key: a,  b\nCOMMENT ON TABLE raw.things IS 'x';\n")
    (tmp_path / "parsed" / "plain.sql").write_text("CREATE TABLE IF NOT EXISTS parsed.plain (a VARCHAR);\n")
    assert unique_keys(tmp_path) == {"raw.things": ("a", "b")}
    (tmp_path / "curated" / "two.sql").write_text(
        "CREATE TABLE IF NOT EXISTS curated.one (a VARCHAR);\n-- unique key: a\n"
        "CREATE TABLE IF NOT EXISTS curated.two (a VARCHAR);\n")
    unique_keys.cache_clear()
    with pytest.raises(ValueError, match="two.sql"):
        unique_keys(tmp_path)
    unique_keys.cache_clear()


def test_an_article_extracted_again_replaces_its_rows(con):
    """The stages delete an article's rows before inserting them again (process_pending): the
    key check sees the table after the delete, so a re-run of a stage is no clash."""
    insert_frame(con, "parsed.sentences", _sentences(("a1", 0), ("a1", 1)))
    con.execute("BEGIN")
    con.execute("DELETE FROM parsed.sentences WHERE article_id = 'a1'")
    insert_frame(con, "parsed.sentences", _sentences(("a1", 0), ("a1", 1), ("a1", 2)))
    con.execute("COMMIT")
    assert con.execute("SELECT count(*) FROM parsed.sentences").fetchone()[0] == 3


def test_a_warehouse_made_with_primary_keys_keeps_working_and_says_so(tmp_path, caplog):
    """Warehouses made before the keys left DuckDB keep their indexes (rebuilding them in place
    doubled the file at 100k): inserts are still refused on a duplicate key, by our check before
    DuckDB's, and making a working copy logs which tables still carry an index."""
    from orchestration.warehouse import WarehouseFiles, indexed_key_tables

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE SCHEMA parsed")
    con.execute("""CREATE TABLE parsed.sentences (article_id VARCHAR NOT NULL, sentence_idx INTEGER NOT NULL,
                   text VARCHAR NOT NULL, char_start BIGINT NOT NULL, char_end BIGINT NOT NULL,
                   PRIMARY KEY (article_id, sentence_idx))""")
    con.execute("INSERT INTO parsed.sentences VALUES ('a1', 0, 'One.', 0, 4), ('a1', 1, 'Two.', 5, 9)")
    apply_ddl(con)
    assert indexed_key_tables(con) == ["parsed.sentences"]
    with pytest.raises(DuplicateKeyError):
        insert_frame(con, "parsed.sentences", _sentences(("a1", 1)))
    assert insert_frame(con, "parsed.sentences", _sentences(("a1", 2))) == 1
    con.close()

    files = WarehouseFiles(path)
    with caplog.at_level("WARNING", logger="orchestration.warehouse"):
        work = files.ensure_workspace("run-1")
    assert work.exists()
    assert "old.duckdb was made with primary keys on parsed.sentences" in caplog.text
    files.discard("run-1")
