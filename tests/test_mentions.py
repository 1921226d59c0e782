"""transforms.mentions.MentionFinder on hand-written sentences (not corpus text)."""

from __future__ import annotations

import time

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.mentions import MENTION_SCHEMA, MentionFinder, is_case_sensitive
from transforms.reference import Reference, load_reference


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference()


@pytest.fixture(scope="module")
def finder(ref: Reference) -> MentionFinder:
    return MentionFinder(ref)


def ids(finder: MentionFinder, text: str, **kw) -> list[tuple[str, str]]:
    """(surface, canonical_id) pairs, checking that every offset slices back exactly."""
    out = []
    for kind, surface, cid, cname, start, end in finder.find_in_text(text, **kw):
        assert text[start:end] == surface
        assert kind in {"place", "person", "organisation", "weapon"} and cname
        out.append((surface, cid))
    return out


# ------------------------------------------------------------ resolution
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Air raid sirens sounded across Kiev overnight.", [("Kiev", "plc_kyiv")]),
        ("Explosions were heard in the Odessa region after midnight.", [("Odessa region", "plc_odesa_oblast")]),
        ("Zelenskiy met Macron on Tuesday.", [("Zelenskiy", "per_zelensky"), ("Macron", "per_macron")]),
        ("Reporters asked about Witkoff's envoy role.", [("Witkoff", "per_witkoff")]),
        ("Officials said a Shahed-136 and two Kh-101s were launched.",
         [("Shahed-136", "wpn_shahed"), ("Kh-101s", "wpn_kh_101")]),
        ("Steve Witkoff and Jared Kushner flew on to Moscow.",
         [("Steve Witkoff", "per_witkoff"), ("Jared Kushner", "per_kushner"), ("Moscow", "plc_moscow")]),
        ("Fragments fell in Dnipro; the Dnipropetrovsk governor reported fires.",
         [("Dnipro", "plc_dnipro"), ("Dnipropetrovsk", "plc_dnipropetrovsk_oblast")]),
        ("Shelling hit Donetsk, the occupied city, and villages in Donetsk Oblast.",
         [("Donetsk", "plc_donetsk"), ("Donetsk Oblast", "plc_donetsk_oblast")]),
        ("According to the Kyiv Independent, the delegation met in Hallandale Beach, Florida.",
         [("Kyiv Independent", "org_kyiv_independent"), ("Hallandale Beach", "plc_hallandale_beach"),
          ("Florida", "plc_florida")]),
        ("The talks moved from West Palm Beach to Mar-a-Lago.",
         [("West Palm Beach", "plc_west_palm_beach"), ("Mar-a-Lago", "plc_mar_a_lago")]),
        ("The Russian Defense Ministry claimed 40 UAVs were downed over Belgorod Oblast.",
         [("Russian Defense Ministry", "org_ru_mod"), ("UAVs", "wpn_drone"), ("Belgorod Oblast", "plc_belgorod_oblast")]),
        ("A Kinzhal (Kh-47M2) and an Iskander-M struck Lviv region.",
         [("Kinzhal", "wpn_kinzhal"), ("Kh-47M2", "wpn_kinzhal"), ("Iskander-M", "wpn_iskander_m"),
          ("Lviv region", "plc_lviv_oblast")]),
        ("Gerbera decoy drones and Geran-2 drones were mixed in.",
         [("Gerbera decoy drones", "wpn_gerbera"), ("Geran-2 drones", "wpn_geran")]),
        ("Erdoğan hosted Fidan and Sybiha in İstanbul.",
         [("Erdoğan", "per_erdogan"), ("Fidan", "per_fidan"), ("Sybiha", "per_sybiha"), ("İstanbul", "plc_istanbul")]),
    ],
)
def test_resolution(finder: MentionFinder, text: str, expected):
    assert ids(finder, text) == expected


def test_names_at_sentence_start_and_end(finder: MentionFinder):
    assert ids(finder, "Kharkiv") == [("Kharkiv", "plc_kharkiv")]
    assert ids(finder, "Putin spoke with Trump") == [("Putin", "per_putin"), ("Trump", "per_trump")]
    assert ids(finder, "Umerov.") == [("Umerov", "per_umerov")]


def test_unicode_and_punctuation_around_names(finder: MentionFinder):
    text = "«Kyiv», (Odesa), “Lavrov”, Peskov—Ushakov; Budanov’s team; Kyiv-based staff."
    assert ids(finder, text) == [
        ("Kyiv", "plc_kyiv"), ("Odesa", "plc_odesa"), ("Lavrov", "per_lavrov"),
        ("Peskov", "per_peskov"), ("Ushakov", "per_ushakov"), ("Budanov", "per_budanov"),
        ("Kyiv", "plc_kyiv"),
    ]
    # typographic apostrophe inside a multi-word alias, NBSP and en dash are folded
    assert ids(finder, "Ukraine’s air force said") == [("Ukraine’s air force", "org_ua_air_force")]
    assert ids(finder, "Steve\u00a0Witkoff arrived") == [("Steve\u00a0Witkoff", "per_witkoff")]
    assert ids(finder, "a Kh\u2013101 missile") == [("Kh\u2013101", "wpn_kh_101"), ("missile", "wpn_missile")]


def test_whole_words_only(finder: MentionFinder):
    assert ids(finder, "Kyivstar restored mobile service.") == []
    assert ids(finder, "Putinism and Trumpism are not people.") == []
    assert ids(finder, "The Sumyan village") == []
    assert ids(finder, "G7's statement") == [("G7", "org_g7")]
    # plural "s" only for weapons
    assert ids(finder, "the Putins") == []
    assert ids(finder, "three Iskanders") == [("Iskanders", "wpn_iskander_m")]


def test_case_rules(finder: MentionFinder):
    assert ids(finder, "KYIV and kyiv") == [("KYIV", "plc_kyiv"), ("kyiv", "plc_kyiv")]
    assert ids(finder, "odessa REGION") == [("odessa REGION", "plc_odesa_oblast")]
    # all-caps acronyms are case-sensitive
    assert ids(finder, "The EU and the UN met; AP reported.") == [
        ("EU", "org_eu"), ("UN", "org_un"), ("AP", "org_ap")]
    assert ids(finder, "tell us, eu, un, ap, sbu, kab") == []
    assert ids(finder, "SBU drones hit a CPC terminal; a KAB fell.") == [
        ("SBU", "org_ua_sbu"), ("drones", "wpn_drone"), ("CPC", "org_cpc"), ("KAB", "wpn_kab")]
    assert ids(finder, "US and U.S. envoys") == [("US", "plc_united_states"), ("U.S.", "plc_united_states")]
    # short mixed-case alias is case-sensitive too
    assert ids(finder, "Xi said") == [("Xi", "per_xi")]
    assert ids(finder, "xi said") == []
    assert is_case_sensitive("NATO") and is_case_sensitive("S-300") and is_case_sensitive("Xi")
    assert not is_case_sensitive("Kyiv") and not is_case_sensitive("Nato") and not is_case_sensitive("von der Leyen")


def test_leftmost_longest(finder: MentionFinder):
    assert ids(finder, "Odesa region") == [("Odesa region", "plc_odesa_oblast")]
    assert ids(finder, "Kh-101 cruise missiles") == [("Kh-101 cruise missiles", "wpn_kh_101")]
    assert ids(finder, "Kalibr cruise missiles") == [("Kalibr", "wpn_kalibr"), ("cruise missiles", "wpn_cruise_missile")]
    assert ids(finder, "Interfax-Ukraine reported") == [("Interfax-Ukraine", "org_interfax_ukraine")]
    assert ids(finder, "Interfax reported from Ukraine") == [("Interfax", "org_interfax"), ("Ukraine", "plc_ukraine")]
    assert ids(finder, "Mohamed bin Zayed Al Nahyan") == [("Mohamed bin Zayed Al Nahyan", "per_mbz")]


def test_coordinated_oblasts(finder: MentionFinder):
    text = "Drones hit the Kharkiv, Sumy and Chernihiv regions, and Donetsk city."
    assert ids(finder, text) == [
        ("Drones", "wpn_drone"), ("Kharkiv", "plc_kharkiv_oblast"), ("Sumy", "plc_sumy_oblast"),
        ("Chernihiv", "plc_chernihiv_oblast"), ("Donetsk city", "plc_donetsk"),
    ]
    assert ids(finder, "Russia wants the Donetsk and Luhansk oblasts.") == [
        ("Russia", "plc_russia"), ("Donetsk", "plc_donetsk_oblast"), ("Luhansk", "plc_luhansk_oblast")]
    # not coordinated: Kharkiv stays the city
    assert ids(finder, "Kharkiv was hit. Sumy regions too.")[0] == ("Kharkiv", "plc_kharkiv")


def test_kinds_filter(finder: MentionFinder):
    text = "Umerov said Shaheds struck Fastiv."
    assert ids(finder, text, kinds=["weapon"]) == [("Shaheds", "wpn_shahed")]
    assert ids(finder, text, kinds={"person", "place"}) == [("Umerov", "per_umerov"), ("Fastiv", "plc_fastiv")]


def test_empty_strings(finder: MentionFinder):
    assert finder.find_in_text("") == []
    assert finder.find_in_text("Nothing of interest happened here.") == []


# ------------------------------------------------------------- DataFrame API
def _split(body: str, article_id: str) -> pl.DataFrame:
    """Naive splitter: sentences end at '. ' (keeps true offsets into body)."""
    rows, start = [], 0
    while start < len(body):
        cut = body.find(". ", start)
        end = len(body) if cut == -1 else cut + 1
        rows.append({"article_id": article_id, "sentence_idx": len(rows), "text": body[start:end], "char_start": start})
        start = end + 1
    return pl.DataFrame(rows, schema={"article_id": pl.Utf8, "sentence_idx": pl.Int64, "text": pl.Utf8, "char_start": pl.Int64})


def test_find_offsets_index_article_body(finder: MentionFinder):
    body_a = ("Rubio and Yermak met in Geneva. Russia launched 80 drones and a Kinzhal at Kyiv region overnight. "
              "Peskov declined to comment.")
    body_b = "No gazetteer names here. Then Vance called Stubb in Helsinki."
    sentences = pl.concat([_split(body_a, "a"), _split(body_b, "b")])
    out = finder.find(sentences)
    assert out.schema == pl.Schema(MENTION_SCHEMA)
    bodies = {"a": body_a, "b": body_b}
    for row in out.iter_rows(named=True):
        assert bodies[row["article_id"]][row["char_start"]:row["char_end"]] == row["surface"]
    got = out.select("article_id", "sentence_idx", "canonical_id").rows()
    assert got == [
        ("a", 0, "per_rubio"), ("a", 0, "per_yermak"), ("a", 0, "plc_geneva"),
        ("a", 1, "plc_russia"), ("a", 1, "wpn_drone"), ("a", 1, "wpn_kinzhal"), ("a", 1, "plc_kyiv_oblast"),
        ("a", 2, "per_peskov"),
        ("b", 1, "per_vance"), ("b", 1, "per_stubb"), ("b", 1, "plc_helsinki"),
    ]
    assert out.filter(pl.col("canonical_id") == "per_stubb")["canonical_name"].item() == "Alexander Stubb"


def test_find_empty_input_keeps_schema(finder: MentionFinder):
    empty = pl.DataFrame(schema={"article_id": pl.Utf8, "sentence_idx": pl.Int64, "text": pl.Utf8, "char_start": pl.Int64})
    out = finder.find(empty)
    assert out.height == 0 and out.schema == pl.Schema(MENTION_SCHEMA)
    no_hits = pl.DataFrame({"article_id": ["x", "y"], "sentence_idx": [0, 0], "text": ["nothing here", None], "char_start": [0, 0]})
    out = finder.find(no_hits)
    assert out.height == 0 and out.schema == pl.Schema(MENTION_SCHEMA)


def test_find_accepts_narrow_int_types(finder: MentionFinder):
    df = pl.DataFrame(
        {"article_id": ["z"], "sentence_idx": [3], "text": ["Sobyanin said drones flew at Moscow."], "char_start": [100]},
        schema={"article_id": pl.Utf8, "sentence_idx": pl.Int32, "text": pl.Utf8, "char_start": pl.UInt32},
    )
    out = finder.find(df)
    assert out.schema == pl.Schema(MENTION_SCHEMA)
    assert out["char_start"].to_list() == [100, 114, 129]
    assert out["sentence_idx"].to_list() == [3, 3, 3]


def test_find_missing_column(finder: MentionFinder):
    with pytest.raises(ValueError, match="char_start"):
        finder.find(pl.DataFrame({"article_id": ["a"], "sentence_idx": [0], "text": ["Kyiv"]}))


def test_finder_from_empty_reference(ref: Reference):
    empty = Reference(
        places=ref.places.clear(), people=ref.people.clear(),
        organisations=ref.organisations.clear(), weapons=ref.weapons.clear(), version={},
    )
    f = MentionFinder(empty)
    assert f.find_in_text("Kyiv") == []
    assert f.find(_split("Kyiv. Odesa.", "a")).height == 0


def test_throughput(finder: MentionFinder):
    body = ("Overnight Russia launched 120 Shahed-type drones and 7 Iskander-M missiles at Kharkiv, "
            "Dnipro and the Odesa region, the Ukrainian Air Force said, while Witkoff met Umerov in Miami. ")
    sentences = pl.DataFrame({
        "article_id": [f"a{i // 20}" for i in range(20_000)],
        "sentence_idx": [i % 20 for i in range(20_000)],
        "text": [body] * 20_000,
        "char_start": [(i % 20) * len(body) for i in range(20_000)],
    })
    t0 = time.perf_counter()
    out = finder.find(sentences)
    elapsed = time.perf_counter() - t0
    assert out.height == 20_000 * 11
    assert elapsed < 20, f"too slow: {elapsed:.1f}s for 20k sentences"


# ------------------------------------------------------------- properties
@pytest.fixture(scope="module")
def alias_pool(ref: Reference) -> list[str]:
    return ref.alias_table()["alias"].to_list()


_FILLER = st.sampled_from([" ", ", ", ". ", " and ", "’s ", " (", ") ", "—", " x", "y ", "\u00a0", "-", "s "])


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_property_spans_are_exact_sorted_and_word_bounded(finder: MentionFinder, alias_pool: list[str], data):
    parts = data.draw(st.lists(st.one_of(st.sampled_from(alias_pool), _FILLER), max_size=12))
    text = "".join(parts)
    found = finder.find_in_text(text)
    prev_end = 0
    for kind, surface, cid, cname, start, end in found:
        assert text[start:end] == surface
        assert start >= prev_end  # non-overlapping, in order
        assert start == 0 or not text[start - 1].isalnum()
        assert end == len(text) or not text[end].isalnum()
        prev_end = end


@settings(max_examples=100, deadline=None)
@given(aliases=st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=6))
def test_property_isolated_aliases_are_found(finder: MentionFinder, alias_pool: list[str], aliases):
    """Aliases separated by ' | ' are each found with their full span."""
    chosen = [alias_pool[i % len(alias_pool)] for i in aliases]
    text = " | ".join(chosen)
    surfaces = [m[1] for m in finder.find_in_text(text)]
    assert surfaces == chosen
