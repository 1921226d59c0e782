"""Reference data (seeds/reference/*.csv) and transforms.reference."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polars as pl
import pytest

from transforms.reference import (
    ALIAS_TABLE_SCHEMA,
    DEFAULT_REFERENCE_DIR,
    FILE_SPECS,
    PLACE_KINDS,
    WEAPON_CATEGORIES,
    WEAPON_TYPES,
    Reference,
    alias_key,
    load_reference,
    read_header,
)

REF_DIR = Path(__file__).resolve().parents[1] / "seeds" / "reference"
FILES = [spec.filename for spec in FILE_SPECS]


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference()


@pytest.fixture(scope="module")
def aliases(ref: Reference) -> pl.DataFrame:
    return ref.alias_table()


def resolve(aliases: pl.DataFrame, kind: str, alias: str) -> set[str]:
    key = alias_key(alias)
    hits = aliases.filter(
        (pl.col("kind") == kind)
        & (pl.col("alias").map_elements(alias_key, return_dtype=pl.Utf8) == key)
    )
    return set(hits["canonical_id"].to_list())


# --------------------------------------------------------------------- files
def test_default_directory_is_repo_seeds():
    assert DEFAULT_REFERENCE_DIR == REF_DIR
    for name in FILES:
        assert (REF_DIR / name).is_file(), name


@pytest.mark.parametrize("filename", FILES)
def test_provenance_header(filename: str):
    header = read_header(REF_DIR / filename)
    assert header, f"{filename} has no # header"
    text = "\n".join(header).lower()
    versions = [line for line in header if re.match(r"^#\s*version:\s*\d{4}-\d{2}-\d{2}\.\d+\s*$", line)]
    assert len(versions) == 1, f"{filename}: exactly one '# version: YYYY-MM-DD.N' line expected"
    assert "source" in text, f"{filename}: header must say where the facts come from"
    assert "columns:" in text, f"{filename}: header must describe the columns"
    # the first non-comment line is the CSV header row
    with (REF_DIR / filename).open(encoding="utf-8") as fh:
        first_data = next(line for line in fh if not line.startswith("#"))
    spec = next(s for s in FILE_SPECS if s.filename == filename)
    assert first_data.strip().split(",") == list(spec.required)


def test_versions_loaded(ref: Reference):
    assert set(ref.version) == set(FILES)
    for name, version in ref.version.items():
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}\.\d+", version), (name, version)


def test_explicit_directory_equals_default(ref: Reference):
    other = load_reference(REF_DIR)
    for spec in FILE_SPECS:
        assert getattr(other, spec.attr).equals(getattr(ref, spec.attr))


@pytest.mark.parametrize("spec", FILE_SPECS, ids=lambda s: s.filename)
def test_ids_unique_and_prefixed(ref: Reference, spec):
    df: pl.DataFrame = getattr(ref, spec.attr)
    ids = df[spec.id_col]
    assert ids.null_count() == 0
    assert ids.n_unique() == df.height
    prefix = {"place": "plc_", "person": "per_", "organisation": "org_", "weapon": "wpn_"}[spec.alias_kind]
    assert all(i.startswith(prefix) and re.fullmatch(r"[a-z0-9_]+", i) for i in ids)
    assert df[spec.name_col].null_count() == 0


def test_canonical_ids_unique_across_kinds(aliases: pl.DataFrame):
    per_id = aliases.group_by("canonical_id").agg(pl.col("kind").n_unique().alias("n"))
    assert per_id.filter(pl.col("n") > 1).height == 0


# -------------------------------------------------------------------- places
def test_coordinates_in_valid_ranges(ref: Reference):
    p = ref.places
    assert p["latitude"].dtype == pl.Float64 and p["longitude"].dtype == pl.Float64
    assert p["latitude"].null_count() == 0 and p["longitude"].null_count() == 0
    assert p["latitude"].is_between(-90, 90).all()
    assert p["longitude"].is_between(-180, 180).all()


def test_coordinates_plausible_for_country(ref: Reference):
    """Catches swapped lat/lon and sign typos: sub-national places sit inside a country box."""
    boxes = {
        "Ukraine": (44.0, 52.5, 22.0, 40.5),
        "Russia": (43.0, 61.0, 27.0, 56.0),  # European Russia (every Russian place we list)
    }
    sub = ref.places.filter(pl.col("kind") != "country")
    for row in sub.iter_rows(named=True):
        box = boxes.get(row["country"])
        if box is None:
            continue
        lat0, lat1, lon0, lon1 = box
        assert lat0 <= row["latitude"] <= lat1 and lon0 <= row["longitude"] <= lon1, row


def test_spot_check_city_coordinates(ref: Reference):
    expected = {  # well-known values, +-0.05 deg
        "plc_kyiv": (50.45, 30.52),
        "plc_odesa": (46.48, 30.72),
        "plc_kharkiv": (49.99, 36.23),
        "plc_lviv": (49.84, 24.03),
        "plc_moscow": (55.76, 37.62),
        "plc_miami": (25.76, -80.19),
        "plc_geneva": (46.20, 6.14),
        "plc_abu_dhabi": (24.45, 54.38),
    }
    for pid, (lat, lon) in expected.items():
        info = ref.place_info(pid)
        assert info is not None, pid
        assert abs(info["latitude"] - lat) < 0.05 and abs(info["longitude"] - lon) < 0.05, pid


def test_place_kinds(ref: Reference):
    assert set(ref.places["kind"].unique().to_list()) <= PLACE_KINDS


UA_OBLAST_STEMS = [
    "Cherkasy", "Chernihiv", "Chernivtsi", "Dnipropetrovsk", "Donetsk", "Ivano-Frankivsk",
    "Kharkiv", "Kherson", "Khmelnytskyi", "Kirovohrad", "Kyiv", "Luhansk", "Lviv",
    "Mykolaiv", "Odesa", "Poltava", "Rivne", "Sumy", "Ternopil", "Vinnytsia", "Volyn",
    "Zakarpattia", "Zaporizhzhia", "Zhytomyr",
]


def test_all_24_ukrainian_oblasts(ref: Reference, aliases: pl.DataFrame):
    oblasts = ref.places.filter((pl.col("kind") == "oblast") & (pl.col("country") == "Ukraine"))
    assert sorted(oblasts["name"].to_list()) == sorted(f"{s} Oblast" for s in UA_OBLAST_STEMS)
    for stem in UA_OBLAST_STEMS:
        oid = oblasts.filter(pl.col("name") == f"{stem} Oblast")["place_id"][0]
        for form in (f"{stem} region", f"{stem} oblast", f"{stem} Oblast"):
            assert resolve(aliases, "place", form) == {oid}, form


def test_bare_stem_rule(ref: Reference, aliases: pl.DataFrame):
    """A bare stem resolves to the city when a city of that name exists, else to the oblast."""
    city_names = set(ref.places.filter(pl.col("kind") == "city")["name"].to_list())
    for row in ref.places.filter(pl.col("kind") == "oblast").iter_rows(named=True):
        stem = row["name"].removesuffix(" Oblast")
        owners = resolve(aliases, "place", stem)
        if stem in city_names:
            assert row["place_id"] not in owners, f"oblast {row['name']} must not own bare {stem!r}"
    assert resolve(aliases, "place", "Donetsk") == {"plc_donetsk"}
    assert resolve(aliases, "place", "Donetsk region") == {"plc_donetsk_oblast"}
    assert resolve(aliases, "place", "Dnipropetrovsk") == {"plc_dnipropetrovsk_oblast"}
    assert resolve(aliases, "place", "Dnipro") == {"plc_dnipro"}
    assert resolve(aliases, "place", "Zakarpattia") == {"plc_zakarpattia_oblast"}
    assert resolve(aliases, "place", "Volyn") == {"plc_volyn_oblast"}
    assert resolve(aliases, "place", "Kharkiv") == {"plc_kharkiv"}
    assert resolve(aliases, "place", "Belgorod") == {"plc_belgorod"}
    assert resolve(aliases, "place", "Belgorod region") == {"plc_belgorod_oblast"}


@pytest.mark.parametrize(
    "alias, expected",
    [
        ("Kiev", "plc_kyiv"), ("Odessa", "plc_odesa"), ("Kharkov", "plc_kharkiv"),
        ("Odessa region", "plc_odesa_oblast"), ("Odeska oblast", "plc_odesa_oblast"),
        ("Zaporozhye", "plc_zaporizhzhia"), ("Nikolaev", "plc_mykolaiv"),
        ("Artemovsk", "plc_bakhmut"), ("Dnepr", "plc_dnipro"),
        ("Crimea", "plc_crimea"), ("Donbass", "plc_donbas"),
        ("Mar-a-Lago", "plc_mar_a_lago"), ("UAE", "plc_united_arab_emirates"),
        ("U.S.", "plc_united_states"), ("Türkiye", "plc_turkey"),
        ("St. Petersburg", "plc_st_petersburg"), ("Rostov", "plc_rostov_on_don"),
    ],
)
def test_place_aliases(aliases: pl.DataFrame, alias: str, expected: str):
    assert resolve(aliases, "place", alias) == {expected}


def test_places_have_admin1_and_country(ref: Reference):
    p = ref.places
    names = set(p["name"].to_list())
    cities = p.filter(pl.col("kind").is_in(["city", "venue"]))
    assert cities["admin1"].null_count() == 0 and cities["country"].null_count() == 0
    ua_sub = p.filter((pl.col("country") == "Ukraine") & (pl.col("kind") != "country") & pl.col("admin1").is_not_null())
    assert set(ua_sub["admin1"].to_list()) <= names  # oblast / Kyiv / Sevastopol / Crimea rows exist
    expected = {
        "plc_hallandale_beach": ("Florida", "United States"),
        "plc_mar_a_lago": ("Florida", "United States"),
        "plc_jeddah": ("Makkah Province", "Saudi Arabia"),
        "plc_davos": ("Graubünden", "Switzerland"),
        "plc_fastiv": ("Kyiv Oblast", "Ukraine"),
        "plc_yefremov": ("Tula Oblast", "Russia"),
        "plc_sevastopol": ("Sevastopol", "Ukraine"),
    }
    for pid, (admin1, country) in expected.items():
        info = {k: v for k, v in (p.filter(pl.col("place_id") == pid).row(0, named=True)).items()}
        assert (info["admin1"], info["country"]) == (admin1, country), pid


def test_place_info_and_lookup(ref: Reference):
    info = ref.place_info("plc_odesa_oblast")
    assert info == {
        "place_id": "plc_odesa_oblast", "name": "Odesa Oblast", "kind": "oblast",
        "admin1": "Odesa Oblast", "country": "Ukraine",
        "latitude": info["latitude"], "longitude": info["longitude"],
    }
    assert ref.place_info("plc_atlantis") is None
    lookup = ref.place_lookup()
    assert lookup.columns == ["canonical_id", "place_name", "place_kind", "admin1", "country", "latitude", "longitude"]
    assert lookup["canonical_id"].is_unique().all()
    assert lookup.height == ref.places.height


# ------------------------------------------------------ people / orgs / weapons
def test_people(ref: Reference, aliases: pl.DataFrame):
    people = ref.people
    assert people.height >= 60
    assert people["role"].null_count() == 0 and people["country"].null_count() == 0
    for alias, pid in [
        ("Zelenskyy", "per_zelensky"), ("Zelenskiy", "per_zelensky"), ("Zelensky", "per_zelensky"),
        ("Steven Witkoff", "per_witkoff"), ("Witkoff", "per_witkoff"),
        ("Kirill Budanov", "per_budanov"), ("Andrii Yermak", "per_yermak"),
        ("Yuliya Sviridenko", "per_svyrydenko"), ("Andriy Sybiha", "per_sybiha"),
        ("Erdoğan", "per_erdogan"), ("MBS", "per_mbs"), ("Leo XIV", "per_pope_leo_xiv"),
    ]:
        assert resolve(aliases, "person", alias) == {pid}, alias
    countries = dict(people.select("person_id", "country").iter_rows())
    assert countries["per_witkoff"] == "United States"
    assert countries["per_umerov"] == "Ukraine"
    assert countries["per_dmitriev"] == "Russia"
    assert countries["per_macron"] == "France"
    # deliberately no bare surname for common/ambiguous names
    for bare in ("Fedorov", "Smirnov", "Tkachenko", "Klitschko"):
        assert resolve(aliases, "person", bare) == set(), bare


def test_organisations(ref: Reference, aliases: pl.DataFrame):
    for alias, oid in [
        ("Ukraine's air force", "org_ua_air_force"), ("Air Force of the Armed Forces of Ukraine", "org_ua_air_force"),
        ("Russian Defense Ministry", "org_ru_mod"), ("Russia's defence ministry", "org_ru_mod"),
        ("HUR", "org_ua_hur"), ("EU", "org_eu"), ("UN", "org_un"), ("CPC", "org_cpc"),
        ("Associated Press", "org_ap"), ("Kyiv Independent", "org_kyiv_independent"),
    ]:
        assert resolve(aliases, "organisation", alias) == {oid}, alias
    assert ref.organisations["kind"].null_count() == 0


def test_weapons(ref: Reference, aliases: pl.DataFrame):
    w = ref.weapons
    assert set(w["weapon_type"].drop_nulls().to_list()) <= WEAPON_TYPES
    assert set(w["category"].to_list()) <= WEAPON_CATEGORIES
    # only the generic "missile" row has an unknown type
    assert w.filter(pl.col("weapon_type").is_null())["weapon_id"].to_list() == ["wpn_missile"]
    for alias, wid in [
        ("Shahed-136", "wpn_shahed"), ("Geran-3", "wpn_geran"), ("Gerberas", "wpn_gerbera"),
        ("Kh-59/69", "wpn_kh_59"), ("Kh-47M2", "wpn_kinzhal"), ("Tsirkon", "wpn_zircon"),
        ("P-800", "wpn_onyx"), ("UAVs", "wpn_drone"), ("glide bombs", "wpn_kab"),
        ("Long Neptune", "wpn_neptune"), ("FP-5", "wpn_flamingo"), ("Lyutyi", "wpn_liutyi"),
    ]:
        assert resolve(aliases, "weapon", alias) == {wid}, alias
    by_id = {r["weapon_id"]: r for r in w.iter_rows(named=True)}
    assert by_id["wpn_gerbera"]["weapon_type"] == "decoy drone"
    assert by_id["wpn_kinzhal"]["weapon_type"] == "hypersonic missile"
    assert by_id["wpn_iskander_m"]["weapon_type"] == "ballistic missile"
    assert by_id["wpn_kab"]["category"] == "bomb"
    assert by_id["wpn_flamingo"]["origin"] == "Ukraine"


# --------------------------------------------------------------- alias table
def test_alias_table_shape(ref: Reference, aliases: pl.DataFrame):
    assert aliases.schema == pl.Schema(ALIAS_TABLE_SCHEMA)
    assert set(aliases["kind"].unique().to_list()) == {"place", "person", "organisation", "weapon"}
    assert aliases.null_count().row(0) == (0, 0, 0, 0)
    assert (aliases["alias"] == aliases["alias"].str.strip_chars()).all()
    # every canonical name is itself an alias
    for spec in FILE_SPECS:
        df = getattr(ref, spec.attr)
        names = aliases.filter(pl.col("kind") == spec.alias_kind).filter(pl.col("alias") == pl.col("canonical_name"))
        assert names.height == df.height, spec.filename
    assert not aliases.is_duplicated().any()


def test_every_alias_maps_to_one_canonical_id(ref: Reference):
    collisions = ref.alias_collisions()
    assert collisions.height == 0, collisions.to_dicts()


# ---------------------------------------------------------------- validation
@pytest.fixture()
def ref_copy(tmp_path: Path) -> Path:
    for name in FILES:
        shutil.copy(REF_DIR / name, tmp_path / name)
    return tmp_path


def _rewrite(path: Path, fn) -> None:
    path.write_text(fn(path.read_text(encoding="utf-8")), encoding="utf-8")


def test_missing_column_is_named(ref_copy: Path):
    _rewrite(ref_copy / "weapons.csv", lambda s: s.replace(",category,", ",kategory,", 1))
    with pytest.raises(ValueError, match=r"weapons\.csv.*'category'"):
        load_reference(ref_copy)


def test_missing_version_line(ref_copy: Path):
    _rewrite(ref_copy / "people.csv", lambda s: re.sub(r"(?m)^# version:.*\n", "", s))
    with pytest.raises(ValueError, match=r"people\.csv.*version"):
        load_reference(ref_copy)


def test_missing_file(ref_copy: Path):
    (ref_copy / "organisations.csv").unlink()
    with pytest.raises(FileNotFoundError, match="organisations.csv"):
        load_reference(ref_copy)


def test_alias_collision_rejected(ref_copy: Path):
    # make the Donetsk OBLAST claim the bare stem too -> ambiguous with the city
    _rewrite(ref_copy / "places.csv", lambda s: s.replace(
        "Donetsk Oblast,Ukraine,48.0000,37.8000,Donetsk region|",
        "Donetsk Oblast,Ukraine,48.0000,37.8000,Donetsk|Donetsk region|", 1))
    with pytest.raises(ValueError, match=r"places\.csv.*Donetsk"):
        load_reference(ref_copy)


def test_bad_coordinates_rejected(ref_copy: Path):
    _rewrite(ref_copy / "places.csv", lambda s: s.replace("plc_kyiv,Kyiv,city,Kyiv,Ukraine,50.4501", "plc_kyiv,Kyiv,city,Kyiv,Ukraine,150.4501", 1))
    with pytest.raises(ValueError, match=r"places\.csv.*plc_kyiv"):
        load_reference(ref_copy)


def test_bad_vocabulary_rejected(ref_copy: Path):
    _rewrite(ref_copy / "places.csv", lambda s: s.replace("plc_kyiv,Kyiv,city,", "plc_kyiv,Kyiv,metropolis,", 1))
    with pytest.raises(ValueError, match=r"places\.csv.*'kind'.*metropolis"):
        load_reference(ref_copy)


def test_duplicate_id_rejected(ref_copy: Path):
    _rewrite(ref_copy / "people.csv", lambda s: s + "per_putin,Vladimir Putin II,,Impostor,Russia\n")
    with pytest.raises(ValueError, match=r"people\.csv.*duplicate.*per_putin"):
        load_reference(ref_copy)
