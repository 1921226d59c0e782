"""transforms.strikes.extract_strikes on hand-written reporting (not corpus text), with the real
gazetteer. A wrong number is worse than a missing one, so many tests assert that nothing is set."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import COUNTS, build_view, counts, place_info, strikes_of, weapon_category

from transforms.strikes import choose_value, extract_strikes

PUB = date(2025, 12, 10)  # a Wednesday


def one(body: str, published: date | None = PUB) -> tuple[dict, list[dict]]:
    reports, claims = strikes_of(body, published)
    assert len(reports) == 1, [(r["attacker"], counts(r)) for r in reports]
    return reports[0], claims


# ------------------------------------------------------------ launched / intercepted
def test_launched_and_intercepted_both_categories():
    report, claims = one(
        "Russia fired 146 drones and 11 missiles at Ukraine overnight; air defence brought down 121 drones "
        "and seven missiles, the Ukrainian Air Force said.")
    assert report["attacker"] == "Russia" and report["target_country"] == "Ukraine"
    assert counts(report) == {"drones_launched": 146, "missiles_launched": 11,
                              "drones_intercepted": 121, "missiles_intercepted": 7}
    assert report["event_date"] == PUB and report["date_precision"] == "day"
    assert {c["field"] for c in claims} == set(COUNTS[:4])
    assert all(c["claimant"] == "Ukrainian Air Force" for c in claims)


@pytest.mark.parametrize(
    "body, launched, intercepted",
    [
        ("Ukraine's air force said it had intercepted 37 out of 44 drones launched by Russia overnight.", 44, 37),
        ("Air defence units downed 58 of 73 attack drones overnight, the air force reported.", 73, 58),
        ("Of the 95 drones launched overnight, 81 were downed, the air force said.", 95, 81),
        ("Russia sent 66 drones against Ukraine overnight; 49 were shot down.", 66, 49),
        ("Russia launched 210 drones overnight, of which 190 were destroyed or suppressed.", 210, 190),
        ("The enemy attacked with 138 UAVs overnight. Air defence neutralized 119 of them.", 138, 119),
    ],
)
def test_interception_phrasings(body, launched, intercepted):
    report, _ = one(body)
    assert report["attacker"] == "Russia"
    assert counts(report) == {"drones_launched": launched, "drones_intercepted": intercepted}


def test_interception_in_the_next_sentence_refers_back():
    report, _ = one("Russian forces attacked Ukraine with 52 drones overnight, the air force said. "
                    "Of these, 38 were shot down over the north and east.")
    assert counts(report) == {"drones_launched": 52, "drones_intercepted": 38}


def test_of_the_drones_and_of_the_missiles():
    report, _ = one("Russia launched 317 drones and 24 missiles overnight. "
                    "Air defences destroyed 290 of the drones and 19 of the missiles.")
    assert counts(report) == {"drones_launched": 317, "missiles_launched": 24,
                              "drones_intercepted": 290, "missiles_intercepted": 19}


def test_bare_count_after_mixed_launch_is_ambiguous():
    # 'them' could be drones or missiles: no figure rather than a guess
    report, _ = one("Russia launched 317 drones and 24 missiles overnight. Air defences destroyed 290 of them.")
    assert counts(report) == {"drones_launched": 317, "missiles_launched": 24}


def test_neutralized_shahed_type_drones():
    report, _ = one("Air defenses neutralized 35 Shahed-type drones overnight, the air force said.")
    assert counts(report) == {"drones_intercepted": 35}
    assert "Shahed" in report["weapons"]


def test_passive_shot_down():
    report, _ = one("Overnight, 48 drones were shot down over Ukraine.")
    assert counts(report) == {"drones_intercepted": 48}
    report, _ = one("The air force said 57 attack drones over the north were reportedly shot down overnight.")
    assert counts(report) == {"drones_intercepted": 57}


def test_passive_after_a_pair():
    report, _ = one("Russia used 420 drones and 28 missiles overnight, of which 380 drones and 21 missiles "
                    "were shot down or suppressed.")
    assert counts(report) == {"drones_launched": 420, "missiles_launched": 28,
                              "drones_intercepted": 380, "missiles_intercepted": 21}


def test_attacked_with():
    report, _ = one("Russian forces attacked Ukraine with 45 drones overnight.")
    assert (report["attacker"], counts(report)) == ("Russia", {"drones_launched": 45})
    report, _ = one("Russia struck Kyiv with 8 ballistic missiles on Saturday.")
    assert counts(report) == {"missiles_launched": 8}
    assert report["event_date"] == date(2025, 12, 6)


def test_participle_after_intercepted_weapon_does_not_make_it_a_launch():
    report, _ = one("Air defence shot down 64 drones launched from the Kursk direction overnight.")
    assert counts(report) == {"drones_intercepted": 64}


# ------------------------------------------------------------ who attacked
@pytest.mark.parametrize(
    "body, n",
    [
        ("Russia's Defence Ministry said its air defence systems destroyed 89 Ukrainian drones overnight.", 89),
        ("The Russian defence ministry said 57 Ukrainian drones were destroyed over Russian regions overnight.", 57),
        ("The Russian Defense Ministry said air defense systems destroyed 40 drones over the Bryansk, "
         "Kursk and Belgorod regions overnight.", 40),
    ],
)
def test_defence_ministry_claim_means_ukraine_attacked(body, n):
    report, claims = one(body)
    assert report["attacker"] == "Ukraine" and report["target_country"] == "Russia"
    assert counts(report) == {"drones_intercepted": n}
    assert claims[0]["claimant"] == "Russian Ministry of Defence"


def test_ukrainian_launch_on_russian_territory():
    report, _ = one("Ukraine's military said it used 20 drones to strike a refinery in Russia's Samara region.")
    assert (report["attacker"], counts(report)) == ("Ukraine", {"drones_launched": 20})


# ------------------------------------------------------------ weapons
def test_typed_missiles_add_up():
    report, claims = one("Russia fired four Kh-101 cruise missiles and two Iskander-M ballistic missiles at Kyiv overnight.")
    assert counts(report) == {"missiles_launched": 6}
    assert report["weapons"] == ["Kh-101", "Iskander-M"]
    assert report["locations"] == ["Kyiv"]
    assert [c["value_num"] for c in claims] == [6]


def test_typed_drones_add_up():
    report, _ = one("Russia launched 75 Shahed drones and 25 Gerbera decoys at Ukraine overnight.")
    assert counts(report) == {"drones_launched": 100}


def test_including_list_is_a_breakdown():
    report, claims = one("Russia launched 51 missiles overnight, including 41 Kh-101 cruise missiles and 10 "
                         "Iskander-M ballistic missiles.")
    assert counts(report) == {"missiles_launched": 51}
    assert [c["value_num"] for c in claims] == [51]


def test_breakdown_ends_at_another_category():
    report, _ = one("Russia fired 47 missiles, including 11 Iskander-M, and 450 drones at Ukraine; 41 missiles and "
                    "420 drones were intercepted.")
    assert counts(report) == {"drones_launched": 450, "missiles_launched": 47,
                              "drones_intercepted": 420, "missiles_intercepted": 41}


def test_of_which_breakdown_is_not_counted():
    report, claims = one("Russia launched 140 drones overnight, 80 of which were Shaheds. Air defence shot down 120 drones.")
    assert counts(report) == {"drones_launched": 140, "drones_intercepted": 120}
    assert 80 not in [c["value_num"] for c in claims]


# ------------------------------------------------------------ casualties
@pytest.mark.parametrize(
    "body, expected",
    [
        ("A boy was killed and three people were injured when a Russian drone hit a house in Kharkiv.",
         {"killed": 1, "injured": 3}),
        ("A Russian missile struck Dnipro on Tuesday, killing two and wounding 11.", {"killed": 2, "injured": 11}),
        ("The strike left 3 people dead and 12 wounded in Sumy.", {"killed": 3, "injured": 12}),
        ("The attack killed a 67-year-old woman and injured four others, the governor said.", {"killed": 1, "injured": 4}),
        ("Russian strikes killed at least 6 people and injured 20 more in Kyiv.", {"killed": 6, "injured": 20}),
        ("Two 15-year-old boys were injured in the attack on Kharkiv.", {"injured": 2}),
        ("The governor said 14 people, including three children, were injured in the attack on Kharkiv.", {"injured": 14}),
        ("A missile hit a building in Dnipro, killing 3 and injuring 20 others, including 5 children.",
         {"killed": 3, "injured": 20}),
        ("Five civilians were wounded in Kherson as Russian shelling continued.", {"injured": 5}),
        ("Russian troops shelled Kherson 40 times, killing one person.", {"killed": 1}),
    ],
)
def test_casualties(body, expected):
    report, _ = one(body)
    assert report["attacker"] == "Russia"
    assert counts(report) == expected


@pytest.mark.parametrize(
    "body",
    [
        "The death toll from the Russian strike on Ternopil rose to 7, the governor said.",
        "The death toll from Tuesday's attack has reached 7.",
        "Rescuers found more bodies under the rubble, bringing the death toll to 7.",
    ],
)
def test_death_toll(body):
    report, _ = one(body)
    assert counts(report) == {"killed": 7}


def test_vague_casualties_are_a_claim_without_a_count():
    report, claims = one("A Russian drone attack on Odesa injured dozens of people overnight.")
    assert report["injured"] is None
    (c,) = claims
    assert (c["field"], c["value_num"], c["qualifier"], c["low"], c["high"]) == ("injured", None, "dozens", 24, 99)


def test_among_the_injured_is_not_a_new_count():
    report, _ = one("Russian drones hit Sumy overnight, injuring 9 people. A 15-year-old girl was among the injured.")
    assert counts(report) == {"injured": 9}


def test_military_casualties_are_not_counted():
    reports, _ = strikes_of("The strike killed 12 soldiers at a training ground, Russian officials claimed.", PUB)
    assert all(r["killed"] is None for r in reports)


# ------------------------------------------------------------ what is not a wave figure
@pytest.mark.parametrize(
    "body",
    [
        "Since the beginning of the year, Russia has launched more than 30,000 drones at Ukraine.",
        "In November alone, Russia launched 5,400 drones and 170 missiles.",
        "In October, Russia launched 5,298 drones, a record, according to one count.",
        "Russian forces have launched 2,300 drones and 90 missiles at Ukraine this week, the president said.",
        "Over the past week, Russia launched more than 1,300 attack drones and 50 missiles.",
        "Russia now launches about 150 drones per night on average.",
        "Ukraine has 880,000 troops, and Russia has deployed 700,000 soldiers in the country, analysts said.",
        "Russia's drone production reached 2,700 Shaheds a month, analysts estimate.",
        "About 40% of the 200 drones were decoys. The drones flew 600 km.",
        "Twenty-seven drones hit 13 locations across the country.",
        "The air force said 16 missiles and 80 drones hit targets in 12 locations.",
    ],
)
def test_no_wave_figures(body):
    reports, claims = strikes_of(body, PUB)
    assert all(not counts(r) for r in reports), [counts(r) for r in reports]
    assert all(c["value_num"] is None for c in claims if c["field"] in COUNTS[:4])


def test_approximate_launch_is_a_claim_with_null_count():
    report, claims = one("Russia attacked Ukraine with almost 90 drones overnight.")
    assert report["drones_launched"] is None and report["attacker"] == "Russia"
    (c,) = claims
    assert (c["field"], c["value"], c["value_num"], c["qualifier"]) == ("drones_launched", "almost 90", None, "almost")
    assert (c["low"], c["high"]) == (81, 90)


@pytest.mark.parametrize("phrase", ["between 40 and 50", "40-50", "more than 470", "about 500", "dozens of"])
def test_approximate_figures_never_set_a_count(phrase):
    report, claims = one(f"Russia launched {phrase} drones at Ukraine overnight.")
    assert report["drones_launched"] is None
    assert [c["value_num"] for c in claims] == [None]


def test_at_least_is_the_number():
    report, _ = one("Russia launched at least 8 missiles at Kyiv overnight.")
    assert counts(report) == {"missiles_launched": 8}


def test_hits_are_not_interceptions():
    report, _ = one("Russia launched 97 drones overnight. Air defence downed 70 of them, while 27 drones hit 13 locations.")
    assert counts(report) == {"drones_launched": 97, "drones_intercepted": 70}


def test_regional_subset_does_not_override_the_total():
    report, claims = one("Russia's defence ministry said its air defences destroyed 150 Ukrainian drones overnight. "
                         "The regional governor said 30 drones were downed over the Belgorod region.")
    assert report["attacker"] == "Ukraine"
    assert counts(report) == {"drones_intercepted": 150}
    subset = [c for c in claims if c["qualifier"] == "regional subset"]
    assert [(c["value"], c["value_num"]) for c in subset] == [("30", None)]


def test_regional_subset_inside_the_total_sentence():
    report, _ = one("Russian air defences destroyed 120 Ukrainian drones overnight, including 40 over the "
                    "Bryansk region, the ministry said.")
    assert counts(report) == {"drones_intercepted": 120}


# ------------------------------------------------------------ places
def test_launch_sites_are_not_locations():
    report, _ = one("Russia launched 50 drones overnight from Kursk and Bryansk, targeting Kharkiv and Sumy.")
    assert report["locations"] == ["Kharkiv", "Sumy"]


def test_reference_points_are_not_locations():
    report, _ = one("Russian missiles struck a rail depot in Fastiv, south of Kyiv, overnight, injuring two workers.")
    assert "Fastiv" in report["locations"] and "Kyiv" not in report["locations"]


# ------------------------------------------------------------ waves and dates
def test_day_and_night_waves_are_separate():
    reports, claims = strikes_of(
        "Russia attacked Ukraine overnight with 150 drones. Ukrainian air defence shot down 130 of them. "
        "During the day, Russia launched another 40 drones at Sumy, of which 30 were destroyed.", PUB)
    by_count = {r["drones_launched"]: r for r in reports}
    assert set(by_count) == {150, 40}
    assert counts(by_count[150]) == {"drones_launched": 150, "drones_intercepted": 130}
    assert counts(by_count[40]) == {"drones_launched": 40, "drones_intercepted": 30}
    assert by_count[40]["locations"] == ["Sumy"]
    assert len({r["report_key"] for r in reports}) == 2
    assert {c["report_key"] for c in claims} == {r["report_key"] for r in reports}


def test_waves_on_different_days():
    reports, _ = strikes_of("Russia launched 60 drones at Odesa on Monday. On Tuesday, Russia attacked Kharkiv "
                            "with 35 drones.", PUB)
    assert {(r["event_date"], r["drones_launched"]) for r in reports} == {(date(2025, 12, 8), 60), (date(2025, 12, 9), 35)}


def test_explicit_date_and_year_from_publication():
    report, _ = one("On the night of December 6, Russia launched 653 drones and 51 missiles.", date(2025, 12, 8))
    assert report["event_date"] == date(2025, 12, 6)


def test_new_year_date_takes_the_previous_year():
    report, _ = one("On December 30, Russia launched 40 drones at Kyiv.", date(2026, 1, 2))
    assert report["event_date"] == date(2025, 12, 30)


def test_no_publication_date_keeps_month_and_day():
    report, _ = one("On December 6, Russia launched 653 drones and 51 missiles.", None)
    assert report["event_date"] is None and report["date_precision"] == "unknown"
    assert (report["event_month"], report["event_day"]) == (12, 6)


def test_overnight_without_any_date_is_unknown():
    report, _ = one("Russia launched 70 drones overnight.", None)
    assert report["event_date"] is None and report["event_month"] is None
    assert counts(report) == {"drones_launched": 70}


def test_dateline_gives_month_and_day_to_overnight():
    report, _ = one("Dec 24 - Russian air defence units destroyed 88 Ukrainian drones overnight, the ministry said.", None)
    assert report["attacker"] == "Ukraine"
    assert report["event_date"] is None
    assert (report["event_month"], report["event_day"]) == (12, 24)


# ------------------------------------------------------------ claims
def test_claim_offsets_point_at_the_figures():
    body = "Kyiv came under attack again.\nRussia fired 146 drones overnight; air defence downed 121 drones."
    view = build_view(body, PUB)
    _, claims = extract_strikes(view, weapon_category(), place_info())
    assert [body[c["char_start"]:c["char_end"]] for c in claims] == ["146", "121"]
    assert all(c["evidence"] in body and c["sentence_idx"] == 1 for c in claims)
    assert all(c["fact_table"] == "strikes" and c["article_id"] == "art" for c in claims)


def test_no_strike_words_no_reports():
    assert strikes_of("Envoys met for 5 hours in Miami to discuss the 20-point plan.", PUB) == ([], [])


def test_choose_value_rule():
    # attributed beats unattributed, then more sources, then larger
    assert choose_value([(50, None, 3, 0), (45, "Air Force", 1, 1)]) == 45
    assert choose_value([(50, None, 1, 0), (45, None, 2, 1)]) == 45
    assert choose_value([(50, None, 1, 0), (45, None, 1, 1)]) == 50
    assert choose_value([]) is None


# ------------------------------------------------------------ more phrasings
def test_none_of_them_intercepted_is_zero():
    report, _ = one("Russia fired two Kh-59 missiles overnight, neither of which was intercepted.")
    assert counts(report) == {"missiles_launched": 2, "missiles_intercepted": 0}


def test_all_of_them_shot_down_is_the_launch_count():
    report, _ = one("Russia's defence ministry said Ukraine attacked with 60 drones overnight and that all were destroyed.")
    assert report["attacker"] == "Ukraine"
    assert counts(report) == {"drones_launched": 60, "drones_intercepted": 60}
    report, _ = one("Russia attacked with almost 60 drones overnight; all of them were shot down.")
    assert report["drones_intercepted"] is None  # 'all' of an approximate figure is no count


def test_regional_tally_after_national_launch_is_a_subset():
    for body in ("Russia launched 100 drones overnight. Air defence shot down 20 over the Kyiv region.",
                 "Russia launched 100 drones overnight. In the Kyiv region, air defence destroyed 20 drones."):
        report, claims = one(body)
        assert counts(report) == {"drones_launched": 100}
        assert [c["qualifier"] for c in claims if c["field"] == "drones_intercepted"] == ["regional subset"]


def test_casualty_phrasings_with_modifiers_and_relatives():
    report, _ = one("A boy was killed and his mother injured when a Russian drone hit their house near Ternopil.")
    assert counts(report) == {"killed": 1, "injured": 1}
    report, _ = one("One port worker was killed in the Russian attack on Odesa.")
    assert counts(report) == {"killed": 1}


def test_country_named_as_subject_is_not_the_target():
    report, _ = one("Russia launches 450 drones in pre-dawn strike on energy grid")
    assert report["attacker"] == "Russia"


def test_aside_after_the_attacker_and_target_country():
    reports, _ = strikes_of(
        "Ukrainian drones set a Russian oil depot ablaze overnight, officials in Krasnodar said. "
        "Russia, meanwhile, sent 83 drones against Ukraine during the night, 61 of which were shot down.", PUB)
    russian = [r for r in reports if r["attacker"] == "Russia"]
    assert [counts(r) for r in russian] == [{"drones_launched": 83, "drones_intercepted": 61}]


def test_undated_sentence_continues_the_last_wave():
    reports, _ = strikes_of(
        "Russia fired two ballistic missiles at Zaporizhzhia on Tuesday afternoon, killing three. "
        "Hours later, Russia attacked Ukraine with 96 drones overnight; 78 were shot down. "
        "One person was injured in the Chernihiv region when a drone struck a house.", PUB)
    by_day = {r["event_date"]: counts(r) for r in reports}
    assert by_day == {date(2025, 12, 9): {"missiles_launched": 2, "killed": 3},
                      PUB: {"drones_launched": 96, "drones_intercepted": 78, "injured": 1}}


def test_historic_background_is_skipped():
    reports, _ = strikes_of("In April 2014 separatists seized Donetsk; by the end of 2015 more than 9,000 people "
                            "had been killed. In 2016, 17 civilians were killed by shelling.", PUB)
    assert all(not counts(r) for r in reports)


def test_times_and_designations_are_not_counts():
    report, _ = one("As of 09:00, air defence had shot down 41 Shahed-136 drones and 3 Kh-47M2 Kinzhal missiles.")
    assert counts(report) == {"drones_intercepted": 41, "missiles_intercepted": 3}


def test_present_tense_headline():
    report, _ = one("Russia fires 60 drones at Kharkiv overnight")
    assert (report["attacker"], counts(report)) == ("Russia", {"drones_launched": 60})


def test_superlative_comparison_is_not_a_cumulative_figure():
    report, _ = one("Russia launched 810 drones and 13 missiles overnight, the largest attack since the full-scale "
                    "invasion began.")
    assert counts(report) == {"drones_launched": 810, "missiles_launched": 13}


def test_weekly_framing_with_a_night_is_a_wave():
    report, _ = one("Russia launched 500 drones overnight, the second massive attack this week.")
    assert counts(report) == {"drones_launched": 500}


def test_loss_tally_is_not_a_wave():
    reports, _ = strikes_of("Ukrainian forces destroyed 1,100 Russian soldiers, 4 tanks and 75 drones over the past day, "
                            "the General Staff said.", PUB)
    assert all(not counts(r) for r in reports)


def test_since_a_month_is_cumulative():
    reports, _ = strikes_of("Since October, Russia has launched 120 missiles at energy facilities.", PUB)
    assert all(not counts(r) for r in reports)


def test_local_count_after_a_nationwide_launch_is_a_subset():
    report, claims = one("Russia launched 100 drones overnight. In Odesa, 5 were shot down over the sea and 2 hit a port.")
    assert counts(report) == {"drones_launched": 100}
    assert [(c["field"], c["qualifier"]) for c in claims][1:] == [("drones_intercepted", "regional subset")]


def test_city_report_of_its_own_interceptions_is_kept():
    report, _ = one("In Kyiv, air defence destroyed 12 drones overnight, the city administration said.")
    assert counts(report) == {"drones_intercepted": 12}


# ------------------------------------------------------------ letter case (patterns run on the folded text)
@pytest.mark.parametrize("variant", [
    "RUSSIA LAUNCHED 146 drones and 11 missiles AT UKRAINE OVERNIGHT; AIR DEFENCE SHOT DOWN 121 drones "
    "and seven missiles, THE UKRAINIAN AIR FORCE SAID. Two people were KILLED and 9 INJURED in Kharkiv.",
    # long s, dotless i and the Kelvin sign match 's', 'i' and 'k' case-insensitively
    "Ruſſia launched 146 drones and 11 missiles at Ukraine overnight; air defence ſhot down 121 drones "
    "and seven missiles, the Ukrainian Air Force ſaid. Two people were \u212Ailled and 9 ınjured in Kharkiv.",
])
def test_letter_case_of_cues_does_not_change_the_figures(variant):
    plain = ("Russia launched 146 drones and 11 missiles at Ukraine overnight; air defence shot down 121 drones "
             "and seven missiles, the Ukrainian Air Force said. Two people were killed and 9 injured in Kharkiv.")
    (expected,), _ = strikes_of(plain, PUB)
    assert counts(expected) == {"drones_launched": 146, "missiles_launched": 11, "drones_intercepted": 121,
                                "missiles_intercepted": 7, "killed": 2, "injured": 9}
    (report,), _ = strikes_of(variant, PUB)
    assert counts(report) == counts(expected)
    assert (report["attacker"], report["event_date"]) == (expected["attacker"], expected["event_date"])
