"""Versioned reference data (gazetteers): places, people, organisations, weapons.

Pure module (Polars only, no Dagster). The CSVs under ``seeds/reference`` start
with ``#`` provenance lines (what the file is, ``# version: ...``, sources,
column meanings) followed by a normal header row. Multi-valued columns
(``aliases`` / ``variants``) are ``|``-separated.

Nothing is cached at module level: build a :class:`Reference` once with
:func:`load_reference` and pass it around.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

DEFAULT_REFERENCE_DIR = Path(__file__).resolve().parents[1] / "seeds" / "reference"

ALIAS_KINDS = ("place", "person", "organisation", "weapon")

PLACE_KINDS = frozenset({"city", "oblast", "region", "country", "venue"})
WEAPON_TYPES = frozenset(
    {
        "drone",
        "decoy drone",
        "cruise missile",
        "ballistic missile",
        "hypersonic missile",
        "guided aerial bomb",
        "anti-aircraft missile",
    }
)
WEAPON_CATEGORIES = frozenset({"drone", "missile", "bomb"})


@dataclass(frozen=True)
class _FileSpec:
    attr: str  # Reference attribute
    filename: str
    alias_kind: str  # value of alias_table().kind
    id_col: str
    name_col: str
    alias_col: str
    required: tuple[str, ...]
    float_cols: tuple[str, ...] = ()


FILE_SPECS: tuple[_FileSpec, ...] = (
    _FileSpec(
        "places", "places.csv", "place", "place_id", "name", "aliases",
        ("place_id", "name", "kind", "admin1", "country", "latitude", "longitude", "aliases"),
        float_cols=("latitude", "longitude"),
    ),
    _FileSpec(
        "people", "people.csv", "person", "person_id", "canonical_name", "variants",
        ("person_id", "canonical_name", "variants", "role", "country"),
    ),
    _FileSpec(
        "organisations", "organisations.csv", "organisation", "org_id", "canonical_name", "variants",
        ("org_id", "canonical_name", "variants", "kind", "country"),
    ),
    _FileSpec(
        "weapons", "weapons.csv", "weapon", "weapon_id", "canonical_name", "variants",
        ("weapon_id", "canonical_name", "variants", "weapon_type", "category", "origin"),
    ),
)

ALIAS_TABLE_SCHEMA = {
    "kind": pl.Utf8,
    "alias": pl.Utf8,
    "canonical_id": pl.Utf8,
    "canonical_name": pl.Utf8,
}

# Length-preserving normalisation shared with the mention finder: typographic
# apostrophes/hyphens/spaces -> ASCII, so "Ukraine’s" matches "Ukraine's".
_FOLD_TABLE = str.maketrans(
    {
        "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "\u00b4": "'",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-",
        "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ",
    }
)


def fold_text(text: str) -> str:
    """Typographic punctuation -> ASCII; always returns a string of the same length."""
    return text.translate(_FOLD_TABLE)


def lower_same_length(text: str) -> str:
    """``str.lower`` that never changes the length (offsets stay valid)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    # e.g. "İ".lower() == "i̇" (2 chars): keep only the base letter
    return "".join(c.lower()[0] for c in text)


def alias_key(alias: str) -> str:
    """The case-folded key an alias is matched under (used for collision checks)."""
    return lower_same_length(fold_text(alias.strip()))


_VERSION_RE = re.compile(r"^#\s*version\s*:\s*(\S.*?)\s*$", re.IGNORECASE)


def read_header(path: Path) -> list[str]:
    """The leading ``#`` comment lines of a reference CSV (without newlines)."""
    lines: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                break
            lines.append(line.rstrip("\r\n"))
    return lines


def _version_of(path: Path, header: list[str]) -> str:
    for line in header:
        m = _VERSION_RE.match(line)
        if m:
            return m.group(1)
    raise ValueError(f"{path.name}: provenance header has no '# version: ...' line")


@dataclass(frozen=True, eq=False)
class Reference:
    """The four gazetteers plus the version string of each file (``{"places.csv": "2026-11-23.1", ...}``)."""

    places: pl.DataFrame
    people: pl.DataFrame
    organisations: pl.DataFrame
    weapons: pl.DataFrame
    version: dict[str, str] = field(default_factory=dict)

    def alias_table(self) -> pl.DataFrame:
        """One row per surface form: columns kind, alias, canonical_id, canonical_name.

        Every canonical name is also an alias of itself. Exact duplicates
        (same kind, alias and id) are dropped; case variants are kept.
        """
        return _alias_table(self)

    def alias_collisions(self) -> pl.DataFrame:
        """Aliases whose case-folded key maps to more than one canonical id.

        Columns: kind, key, canonical_ids (list), aliases (list). ``kind`` is
        ``"*"`` for cross-kind collisions (reported once per key).
        """
        return _alias_collisions(self.alias_table())

    def place_lookup(self) -> pl.DataFrame:
        """Join-ready place attributes keyed by ``canonical_id`` (= place_id).

        Columns: canonical_id, place_name, place_kind, admin1, country, latitude, longitude.
        """
        return self.places.select(
            pl.col("place_id").alias("canonical_id"),
            pl.col("name").alias("place_name"),
            pl.col("kind").alias("place_kind"),
            "admin1",
            "country",
            "latitude",
            "longitude",
        )

    def place_info(self, canonical_id: str) -> dict[str, Any] | None:
        """Attributes of one place (place_id, name, kind, admin1, country, latitude, longitude), or None."""
        hit = self.places.filter(pl.col("place_id") == canonical_id)
        if hit.height == 0:
            return None
        row = hit.row(0, named=True)
        row.pop("aliases", None)
        return row


def _alias_table(ref: Reference) -> pl.DataFrame:
    frames = []
    for spec in FILE_SPECS:
        df: pl.DataFrame = getattr(ref, spec.attr)
        frames.append(
            df.select(
                pl.lit(spec.alias_kind).alias("kind"),
                pl.concat_list(
                    pl.col(spec.name_col).cast(pl.Utf8),
                    pl.col(spec.alias_col).cast(pl.Utf8).fill_null("").str.split("|"),
                ).alias("alias"),
                pl.col(spec.id_col).cast(pl.Utf8).alias("canonical_id"),
                pl.col(spec.name_col).cast(pl.Utf8).alias("canonical_name"),
            )
            .explode("alias", empty_as_null=False)
            .with_columns(pl.col("alias").str.strip_chars())
            .filter(pl.col("alias").is_not_null() & (pl.col("alias") != ""))
        )
    out = pl.concat(frames, how="vertical") if frames else pl.DataFrame(schema=ALIAS_TABLE_SCHEMA)
    return (
        out.select(list(ALIAS_TABLE_SCHEMA))
        .cast(ALIAS_TABLE_SCHEMA)
        .unique(subset=["kind", "alias", "canonical_id"], maintain_order=True)
    )


def _alias_collisions(aliases: pl.DataFrame) -> pl.DataFrame:
    keyed = aliases.with_columns(
        pl.col("alias").map_elements(alias_key, return_dtype=pl.Utf8).alias("key")
    )
    within = (
        keyed.group_by("kind", "key", maintain_order=True)
        .agg(pl.col("canonical_id").unique(maintain_order=True).alias("canonical_ids"),
             pl.col("alias").unique(maintain_order=True).alias("aliases"))
        .filter(pl.col("canonical_ids").list.len() > 1)
    )
    across = (
        keyed.group_by("key", maintain_order=True)
        .agg(pl.col("kind").n_unique().alias("n_kinds"),
             pl.col("canonical_id").unique(maintain_order=True).alias("canonical_ids"),
             pl.col("alias").unique(maintain_order=True).alias("aliases"))
        .filter(pl.col("n_kinds") > 1)
        .select(pl.lit("*").alias("kind"), "key", "canonical_ids", "aliases")
    )
    return pl.concat([within, across], how="vertical")


def _read_file(directory: Path, spec: _FileSpec) -> tuple[pl.DataFrame, str]:
    path = directory / spec.filename
    if not path.is_file():
        raise FileNotFoundError(f"reference file not found: {path}")
    header = read_header(path)
    version = _version_of(path, header)
    try:
        df = pl.read_csv(path, comment_prefix="#", infer_schema=False)
    except pl.exceptions.NoDataError:
        raise ValueError(f"{spec.filename}: no header row after the provenance comments") from None
    missing = [c for c in spec.required if c not in df.columns]
    if missing:
        raise ValueError(
            f"{spec.filename}: missing required column(s) {', '.join(repr(c) for c in missing)}"
            f" (found: {', '.join(df.columns)})"
        )
    df = df.with_columns(pl.col(c).str.strip_chars() for c in df.columns)
    for col in spec.float_cols:
        bad = df.filter(
            pl.col(col).is_not_null() & pl.col(col).cast(pl.Float64, strict=False).is_null()
        )
        if bad.height:
            raise ValueError(
                f"{spec.filename}: column {col!r} is not numeric for {spec.id_col}="
                f"{bad[spec.id_col].to_list()[:5]}"
            )
        df = df.with_columns(pl.col(col).cast(pl.Float64))
    for col in (spec.id_col, spec.name_col):
        nulls = df.filter(pl.col(col).is_null())
        if nulls.height:
            raise ValueError(f"{spec.filename}: column {col!r} has {nulls.height} empty value(s)")
    dup = df.filter(pl.col(spec.id_col).is_duplicated())[spec.id_col].unique().to_list()
    if dup:
        raise ValueError(f"{spec.filename}: duplicate {spec.id_col} value(s): {sorted(dup)[:10]}")
    return df, version


def _check_vocab(df: pl.DataFrame, filename: str, col: str, allowed: frozenset[str], *, nullable: bool) -> None:
    values = df[col]
    bad = set(values.drop_nulls().to_list()) - allowed
    if bad:
        raise ValueError(f"{filename}: column {col!r} has unknown value(s) {sorted(bad)}; allowed: {sorted(allowed)}")
    if not nullable and values.null_count():
        raise ValueError(f"{filename}: column {col!r} has {values.null_count()} empty value(s)")


def load_reference(directory: Path | None = None) -> Reference:
    """Read and validate the four gazetteer CSVs.

    Raises ``FileNotFoundError`` for a missing file and ``ValueError`` (naming
    the file and the problem) for a missing version line, a missing required
    column, empty/duplicate ids, bad vocabularies, out-of-range coordinates or
    an alias that maps to two canonical ids within one kind.
    """
    directory = Path(directory) if directory is not None else DEFAULT_REFERENCE_DIR
    frames: dict[str, pl.DataFrame] = {}
    versions: dict[str, str] = {}
    for spec in FILE_SPECS:
        frames[spec.attr], versions[spec.filename] = _read_file(directory, spec)

    places = frames["places"]
    _check_vocab(places, "places.csv", "kind", PLACE_KINDS, nullable=False)
    out_of_range = places.filter(
        pl.col("latitude").is_null()
        | pl.col("longitude").is_null()
        | ~pl.col("latitude").is_between(-90, 90)
        | ~pl.col("longitude").is_between(-180, 180)
    )
    if out_of_range.height:
        raise ValueError(
            f"places.csv: latitude/longitude missing or out of range for {out_of_range['place_id'].to_list()[:10]}"
        )
    weapons = frames["weapons"]
    _check_vocab(weapons, "weapons.csv", "weapon_type", WEAPON_TYPES, nullable=True)
    _check_vocab(weapons, "weapons.csv", "category", WEAPON_CATEGORIES, nullable=False)

    ref = Reference(version=versions, **frames)
    collisions = ref.alias_collisions().filter(pl.col("kind") != "*")
    if collisions.height:
        by_file = {s.alias_kind: s.filename for s in FILE_SPECS}
        details = "; ".join(
            f"{by_file[r['kind']]}: {r['aliases']} -> {r['canonical_ids']}"
            for r in collisions.head(10).iter_rows(named=True)
        )
        raise ValueError(f"ambiguous alias(es) map to more than one canonical id: {details}")
    return ref
