"""Deterministic generator of realistic synthetic war-reporting articles for benchmarking PeaceWatch.

    python bench/generate.py N OUT_DIR [--start K] [--seed S]

writes articles K .. K+N-1 (default K=0) as ``OUT_DIR/shard_XXXX/article_XXXXXXX.txt``, 1,000
articles per shard folder (shard = index // 1000). Each file is front matter + body:

    ---
    title: Russia launches 142 drones and six missiles at Kyiv region overnight
    url: https://example.org/news/2025/11/14/russia-launches-142-drones-...-0000042
    published: 2025-11-14
    ---
    <8-30 sentences in paragraphs of 1-4 sentences>

Determinism: article ``i`` is generated from its own ``random.Random(f"{seed}:{i}")``, so the
same (seed, i) always gives byte-identical text, whatever N is or in which order articles are
written. Generating N and then ``--start N`` with N/100 more adds *new* articles (used by
run_bench.py for the +1 % incremental run) without changing the first N.

Shape (weights per article; every article mixes several sentence kinds):
- kind: strike report 50 %, talks 22 %, peace plan 16 %, analysis 12 %;
- strike sentences: launched / intercepted in varied phrasings ('launched 142 drones and six
  missiles', 'shot down 120 of 142 drones', 'Thirty-eight of them were brought down', passive and
  participle forms), digits with and without thousands separators and number words, 'X of Y',
  killed/injured, approximate figures ('almost 90', 'dozens', '40-50'), cumulative/background
  tallies ('since the start of the year', 'in November'), and Russian defence-ministry claims of
  Ukrainian drones downed over Russian regions;
- talks sentences: venues from seeds/reference/places.csv (Geneva, Abu Dhabi, Miami, Berlin,
  Istanbul, ...), dates ('on December 14', 'Dec. 14-15', weekdays), participants drawn from
  seeds/reference/people.csv (canonical names and variants), scheduled/held/cancelled;
- peace-plan sentences: N-point plans (28, 20, 19, 12, ... in digits or words), troop caps
  ('capped at 600,000', 'army of up to 800,000'), sponsors and stances;
- filler analysis sentences (energy, economy, front line, sanctions, public opinion).
Numbers, places, people and dates are drawn at random; publication dates are uniform over
2025-10-01 .. 2026-01-31 and event dates are resolved relative to them (overnight, on <weekday>,
on <Month> <day>). The body is grown sentence by sentence to a target size drawn uniformly from
3,000-6,000 bytes (within 8-30 sentences), so files are ~3-6 KB.

The texts are plausible but entirely synthetic: never use them as facts or as gold.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "seeds" / "reference"
SHARD_SIZE = 1000
DEFAULT_SEED = 20251001
PUB_START = date(2025, 10, 1)
PUB_END = date(2026, 1, 31)
MIN_SENTENCES, MAX_SENTENCES = 8, 30
MIN_BYTES, MAX_BYTES = 3000, 6000

# ---------------------------------------------------------------------------------------------
# reference data (names from the project's gazetteers, so mentions are realistic)


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(REFERENCE_DIR / name, encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


def _load_reference() -> dict:
    people = _read_csv("people.csv")
    places = _read_csv("places.csv")
    by_country: dict[str, list[dict]] = {}
    for p in people:
        by_country.setdefault(p["country"], []).append(p)
    ua_cities = [p["name"] for p in places if p["country"] == "Ukraine" and p["kind"] == "city"]
    ua_oblasts = [p["name"].removesuffix(" Oblast") for p in places if p["country"] == "Ukraine" and p["kind"] == "oblast"]
    ru_regions = [p["name"].removesuffix(" Oblast") for p in places
                  if p["country"] == "Russia" and p["kind"] == "oblast" and "Oblast" in p["name"]]
    ru_cities = [p["name"] for p in places if p["country"] == "Russia" and p["kind"] == "city"]
    venues = [p["name"] for p in places if p["country"] not in ("Ukraine", "Russia") and p["kind"] in ("city", "venue")]
    return {"people": people, "by_country": by_country, "ua_cities": ua_cities, "ua_oblasts": ua_oblasts,
            "ru_regions": ru_regions, "ru_cities": ru_cities, "venues": venues}


REF = _load_reference()

# ---------------------------------------------------------------------------------------------
# numbers as reporters write them

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"]
MONTH_ABBR = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def number_words(n: int) -> str:
    """English words for 0 <= n < 1,000,000 ('one hundred and forty-two')."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else "-" + _ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + ("" if rest == 0 else " and " + number_words(rest))
    rest = n % 1000
    return number_words(n // 1000) + " thousand" + ("" if rest == 0 else (" and " if rest < 100 else " ") + number_words(rest))


def num(r: random.Random, n: int, *, words_ok: bool = True, start: bool = False) -> str:
    """n in digits (with a thousands separator when >= 1,000, mostly), or in words (small n, sometimes)."""
    if start or (words_ok and n <= 12 and r.random() < 0.7) or (words_ok and n < 100 and r.random() < 0.15):
        w = number_words(n)
        return w[0].upper() + w[1:] if start else w
    if n >= 1000 and r.random() < 0.9:
        return f"{n:,}"
    return str(n)


def approx(r: random.Random, n: int) -> str:
    """An approximate figure: 'almost 90', 'more than 100', 'about 40-50', 'dozens of'."""
    style = r.randrange(6)
    if style == 0:
        return f"almost {round(n, -1) or 10}"
    if style == 1:
        return f"more than {max(10, n - n % 10)}"
    if style == 2:
        low = max(5, n - n % 10)
        return f"{low}-{low + 10}"
    if style == 3:
        return f"about {max(10, round(n, -1))}"
    if style == 4:
        return "dozens of" if n < 100 else "hundreds of"
    return f"up to {n}"


# ---------------------------------------------------------------------------------------------
# dates relative to the publication date


def when(r: random.Random, pub: date) -> tuple[str, date]:
    """A phrase for an event date on or just before `pub`, and the date it means."""
    back = r.choice((0, 0, 0, 1, 1, 2))
    event = pub - timedelta(days=back)
    style = r.randrange(5)
    if back == 0 and style < 2:
        return r.choice(("overnight", "in the early hours", "during the night", "overnight into " + WEEKDAYS[pub.weekday()])), event
    if style == 2:
        return f"on {WEEKDAYS[event.weekday()]}", event
    if style == 3:
        return f"on {MONTH_NAMES[event.month - 1]} {event.day}", event
    return f"on {MONTH_ABBR[event.month - 1]} {event.day}", event


def meeting_date(r: random.Random, pub: date) -> tuple[str, bool]:
    """A talks date phrase: past (held) or future (scheduled), single day or range."""
    future = r.random() < 0.35
    delta = r.randint(1, 12)
    start = pub + timedelta(days=delta) if future else pub - timedelta(days=r.choice((0, 1, 2, delta)))
    if r.random() < 0.3:
        end = start + timedelta(days=1)
        if start.month == end.month:
            phrase = f"on {MONTH_NAMES[start.month - 1]} {start.day}-{end.day}" if r.random() < 0.5 else \
                f"on {MONTH_ABBR[start.month - 1]} {start.day}-{end.day}"
        else:
            phrase = f"from {MONTH_NAMES[start.month - 1]} {start.day} to {MONTH_NAMES[end.month - 1]} {end.day}"
    elif r.random() < 0.5:
        phrase = f"on {MONTH_NAMES[start.month - 1]} {start.day}"
    else:
        phrase = f"on {WEEKDAYS[start.weekday()]}" if abs((start - pub).days) < 6 else f"on {start.day} {MONTH_NAMES[start.month - 1]}"
    return phrase, future


# ---------------------------------------------------------------------------------------------
# people and places


def person(r: random.Random, country: str | None = None, *, full: bool = True) -> tuple[str, dict]:
    pool = REF["by_country"].get(country) if country else None
    p = r.choice(pool or REF["people"])
    variants = [v for v in p["variants"].split("|") if v]
    name = p["canonical_name"] if full or not variants or r.random() < 0.5 else r.choice(variants)
    if full and variants and r.random() < 0.2:
        name = max(variants, key=len) if len(max(variants, key=len).split()) > 1 else p["canonical_name"]
    return name, p


def role_name(r: random.Random, country: str | None = None) -> str:
    name, p = person(r, country)
    role = p["role"].split(";")[0].strip()
    if r.random() < 0.4:
        if role[:2].istitle():  # 'President of ...' -> 'president of ...'; keep 'US ...'
            role = role[0].lower() + role[1:]
        return f"{name}, {role},"
    return name


DRONE_NOUNS = ["drones", "attack drones", "Shahed-type drones", "Shahed and Gerbera drones", "strike UAVs",
               "long-range drones", "Shahed attack drones", "Geran-2 drones", "unmanned aerial vehicles"]
MISSILE_NOUNS = ["missiles", "cruise missiles", "ballistic missiles", "Kh-101 cruise missiles",
                 "Iskander-M ballistic missiles", "Kalibr cruise missiles", "Kinzhal hypersonic missiles",
                 "Kh-59/69 guided missiles"]
CLAIMANTS_UA = ["Ukraine's air force said", "the Ukrainian Air Force said on Telegram", "the air force said in its morning update",
                "air force spokesman Yurii Ihnat said", "the military said", "according to the air force"]
TARGETS = ["energy infrastructure", "a thermal power plant", "residential buildings", "a gas production facility",
           "railway infrastructure", "port facilities", "a substation", "an industrial enterprise",
           "a grain terminal", "apartment blocks", "a kindergarten", "warehouses"]


# ---------------------------------------------------------------------------------------------
# sentence makers: each takes (r, ctx) and returns one sentence; ctx carries the article's
# running facts (publication date, the wave's numbers) so the figures in one article cohere.


def s_launch(r, c):
    d, m = c["drones"], c["missiles"]
    phrase, _ = when(r, c["pub"])
    who = r.choice(CLAIMANTS_UA)
    city = c["city"]
    dn = r.choice(DRONE_NOUNS)
    forms = [
        f"Russia launched {num(r, d)} {dn} and {num(r, m)} {r.choice(MISSILE_NOUNS)} at Ukraine {phrase}, {who}.",
        f"Russian forces attacked Ukraine with {num(r, d)} {dn} and {num(r, m)} missiles {phrase}, {who}, in an attack aimed at {city} and the towns around it.",
        f"{phrase[0].upper() + phrase[1:]}, Russia fired {num(r, m)} {r.choice(MISSILE_NOUNS)} and sent {num(r, d)} {dn} towards {city} and the {c['oblast']} region, {who}.",
        f"The barrage of {num(r, d)} {dn} and {num(r, m)} missiles, launched {phrase}, targeted {r.choice(TARGETS)} in the {c['oblast']} region, {who}.",
        f"In total, {num(r, d + m)} air attack assets were used {phrase}, including {num(r, d)} {dn}, {who}.",
        f"Moscow unleashed {num(r, d)} {dn} {phrase}, the largest attack on {city} since the summer, {who}.",
    ]
    return r.choice(forms)


def s_intercept(r, c):
    d, m = c["drones"], c["missiles"]
    di, mi = c["drones_int"], c["missiles_int"]
    who = r.choice(CLAIMANTS_UA)
    forms = [
        f"Air defences shot down {num(r, di)} drones and {num(r, mi)} missiles, {who}.",
        f"Ukrainian forces intercepted {num(r, di)} of {num(r, d)} drones and {num(r, mi)} of {num(r, m)} missiles, {who}.",
        f"Of the {num(r, d)} drones launched, {num(r, di)} were shot down or suppressed by electronic warfare, {who}.",
        f"{num(r, di, start=True)} of them were brought down over the {c['oblast']} region and neighbouring areas, {who}.",
        f"The air force said {num(r, di)} drones had been neutralised, while {num(r, d - di)} hit targets in {r.randint(3, 25)} locations.",
        f"Air defence units destroyed {num(r, mi)} {r.choice(MISSILE_NOUNS)} and {num(r, di)} drones, {who}, adding that {num(r, d - di)} drones were lost locally.",
        f"Mobile fire groups downed {num(r, di)} Shahed drones over the {c['oblast']} and {r.choice(REF['ua_oblasts'])} regions.",
    ]
    return r.choice(forms)


def s_casualties(r, c):
    k, i = c["killed"], c["injured"]
    gov = role_name(r, "Ukraine") if r.random() < 0.3 else f"regional governor {r.choice(['Oleh Syniehubov', 'Ivan Fedorov', 'Serhiy Lysak', 'Vitaliy Kim', 'Oleh Kiper'])}"
    city = c["city"]
    forms = [
        f"In {city}, {num(r, k)} people were killed and {num(r, i)} injured when debris fell on a {r.randint(5, 16)}-storey residential building, {gov} said.",
        f"At least {num(r, i)} people were wounded in {city}, including {num(r, r.randint(1, 3))} children, {gov} said.",
        f"The strike killed {num(r, k)} civilians and injured {num(r, i)} more in the {c['oblast']} region, officials said.",
        f"{num(r, i, start=True)} people were injured across the {c['oblast']} region, {num(r, r.randint(1, 2))} of them teenagers.",
        f"Rescuers pulled {num(r, k)} bodies from the rubble in {city}, and the number of injured rose to {num(r, i)}, emergency services said.",
    ]
    return r.choice(forms)


def s_approx(r, c):
    d = c["drones"]
    forms = [
        f"Local officials said {approx(r, d)} drones had crossed into the {c['oblast']} region during the attack.",
        f"Monitoring channels counted {approx(r, d)} drones heading west before dawn.",
        f"{r.choice(['Dozens', 'Several dozen', 'Scores'])} of drones circled over {c['city']} for hours, residents said.",
        f"Preliminary estimates put the number of drones at {approx(r, d)}, though the figure could rise.",
    ]
    return r.choice(forms)


def s_cumulative(r, c):
    pub = c["pub"]
    month = MONTH_NAMES[(pub.month - 2) % 12]
    big = r.randint(3000, 60000)
    forms = [
        f"Since the start of the year Russia has launched {num(r, big, words_ok=False)} drones at Ukraine, according to the air force.",
        f"In {month}, Russia fired more than {num(r, big // 8, words_ok=False)} long-range drones and {num(r, r.randint(90, 260))} missiles at Ukraine, a record for a single month.",
        f"Over the past week, Russia has used about {num(r, r.randint(900, 2100), words_ok=False)} attack drones and {num(r, r.randint(600, 1400), words_ok=False)} guided aerial bombs, {person(r, 'Ukraine')[0]} said.",
        f"Ukrainian air defences intercepted {r.randint(78, 92)}% of the drones launched last month, up from {r.randint(70, 85)}% in {MONTH_NAMES[(pub.month - 3) % 12]}.",
        f"On average, Russia now launches {num(r, r.randint(90, 180))} drones a night, compared with {num(r, r.randint(20, 60))} a year ago.",
    ]
    return r.choice(forms)


def s_russian_mod(r, c):
    n = r.randint(12, 250)
    regs = r.sample(REF["ru_regions"], 2)
    phrase, _ = when(r, c["pub"])
    forms = [
        f"Russian air defences destroyed {num(r, n)} Ukrainian drones over the {regs[0]} and {regs[1]} regions {phrase}, the Russian Defence Ministry said.",
        f"The Russian Defence Ministry said its forces intercepted and destroyed {num(r, n)} Ukrainian fixed-wing drones {phrase}, {num(r, n // 3)} of them over the {regs[0]} region.",
        f"{regs[0]} governor said a Ukrainian drone hit a {r.choice(['minibus', 'fuel depot', 'substation', 'refinery'])} near {r.choice(REF['ru_cities'])}, wounding {num(r, r.randint(1, 6))} people.",
        f"Moscow Mayor Sergei Sobyanin said air defences had shot down {num(r, r.randint(3, 40))} drones flying towards the capital {phrase}.",
    ]
    return r.choice(forms)


def s_weapons_detail(r, c):
    a, b = r.randint(1, 12), r.randint(1, 8)
    return r.choice([
        f"The attack involved {num(r, a)} Kh-101 cruise missiles and {num(r, b)} Iskander-M ballistic missiles fired from the {r.choice(REF['ru_regions'])} region.",
        f"Among the weapons were {num(r, a)} Kinzhal hypersonic missiles launched from MiG-31K jets, and {num(r, b)} Kalibr missiles fired from the Black Sea.",
        f"Most of the drones were Shahed attack drones and Gerbera decoys, {r.choice(CLAIMANTS_UA)}.",
        f"Russia also dropped {num(r, r.randint(10, 90))} guided aerial bombs on front-line areas in the {r.choice(REF['ua_oblasts'])} region.",
    ])


def s_talks(r, c):
    venue = c["venue"]
    phrase, future = meeting_date(r, c["pub"])
    us, _ = person(r, "United States")
    ua, _ = person(r, "Ukraine")
    ru, _ = person(r, "Russia")
    ordinal = r.choice(["first", "second", "third", "latest", "next"])
    if future:
        forms = [
            f"Talks between Ukrainian and Russian delegations are scheduled to take place in {venue} {phrase}, {r.choice([ua, us])} said.",
            f"{us} is expected to meet {ru} in {venue} {phrase} to discuss the draft framework, a U.S. official said.",
            f"The {ordinal} round of trilateral talks will be held in {venue} {phrase}, according to {ru}.",
        ]
    else:
        forms = [
            f"{us} and {ua} met in {venue} {phrase} to discuss security guarantees for Kyiv.",
            f"The {ordinal} round of talks in {venue} ended {phrase} without a breakthrough, {r.choice([ua, ru])} said.",
            f"{ua}, who led the Ukrainian delegation, said the meetings in {venue} {phrase} had been 'constructive and substantive'.",
            f"Negotiators led by {role_name(r, 'United States')} and {ua} held talks in {venue} {phrase}, officials on both sides said.",
            f"In {venue} {phrase}, {us} met {ru}, the Kremlin envoy, for more than four hours, {person(r, 'Russia')[0]} told reporters.",
        ]
    if r.random() < 0.1:
        return f"A planned meeting between {us} and {ru} in {venue} was postponed, {person(r)[0]} said."
    return r.choice(forms)


def s_talk_context(r, c):
    ua, _ = person(r, "Ukraine")
    other = r.choice(["Ukraine", "United States", "Russia", "France", "United Kingdom", "Germany"])
    name, _ = person(r, other)
    return r.choice([
        f"{name} said the list of open issues was now 'shorter', but that territory would have to be settled by leaders.",
        f"{ua} said he would brief {person(r, 'United States')[0]} by phone later in the week.",
        f"{name} told reporters that 'real progress' had been made on security guarantees, without giving details.",
        f"The delegations discussed a prisoner exchange, the Zaporizhzhia nuclear plant and a possible ceasefire line.",
        f"{person(r, 'Russia')[0]} said Moscow had not yet received the revised document and would study it carefully.",
    ])


def s_plan(r, c):
    n = c["plan_points"]
    cap = c["troop_cap"]
    sponsor = r.choice(["the U.S.", "Washington's", "the American", "Trump's", "the European", "Ukraine's revised"])
    points = f"{n}-point" if r.random() < 0.75 else f"{number_words(n)}-point"
    forms = [
        f"Under {sponsor} {points} peace plan, Ukraine's armed forces would be capped at {num(r, cap, words_ok=False)} troops.",
        f"The original 28-point framework was trimmed to {n if n != 28 else 20} points after talks in {c['venue']}, officials said.",
        f"{person(r, 'Ukraine')[0]} said the {points} proposal 'looks better' than the version Kyiv saw a week earlier.",
        f"Under the draft, Ukraine would keep a peacetime army of up to {num(r, cap, words_ok=False)} troops, according to two officials briefed on the text.",
        f"The {points} plan drafted by {person(r, 'United States')[0]} and {person(r, 'Russia')[0]} would freeze the front line and bar Ukraine from joining NATO.",
        f"Kyiv rejected the provision limiting its army to {num(r, cap, words_ok=False)}, saying its armed forces currently number about {num(r, r.randint(800, 950) * 1000, words_ok=False)}.",
        f"{person(r, 'Russia')[0]} said Moscow supports the {points} framework 'as a basis' but wants changes on territory.",
    ]
    return r.choice(forms)


def s_plan_detail(r, c):
    return r.choice([
        "The draft also provides for security guarantees modelled on NATO's Article 5, a reconstruction fund and the gradual lifting of sanctions.",
        "European governments have proposed a counter-plan that would freeze the line of contact and use frozen Russian assets for reconstruction.",
        "Elections in Ukraine would be held within 100 days of a ceasefire under the proposal, according to a copy seen by reporters.",
        f"The document runs to {r.randint(4, 30)} pages and includes a separate annex on the Zaporizhzhia nuclear power plant.",
        "Territory remains the main obstacle: Moscow demands the parts of the Donetsk region that Ukraine still holds.",
    ])


FILLER = [
    "Analysts say the strikes are designed to wear down Ukraine's air defences before winter.",
    "Ukraine's energy system has lost about half of its generating capacity since the start of the full-scale invasion, officials estimate.",
    "Rolling blackouts of up to {h} hours a day were introduced in several regions after the latest attacks.",
    "The national grid operator Ukrenergo said repair crews were working around the clock to restore supplies.",
    "On the ground, Russian forces continued to press towards {city}, the General Staff said.",
    "The central bank kept its key rate at {rate}%, citing risks to inflation from the damage to energy infrastructure.",
    "A survey by the Kyiv International Institute of Sociology found that {pct}% of Ukrainians oppose territorial concessions.",
    "European leaders are due to discuss a new package of sanctions against Russia at a summit next month.",
    "The International Atomic Energy Agency said the Zaporizhzhia plant had again lost external power for several hours.",
    "Military observers note that Russia has sharply increased production of Shahed-type drones at its plant in Yelabuga.",
    "Kyiv has stepped up its own long-range strikes on Russian oil refineries, fuel depots and ports.",
    "Western officials say the pace of Russian advances in the east has slowed in recent weeks, though fighting remains intense.",
    "Residents of {city} spent much of the night in shelters and metro stations as sirens sounded for more than {h} hours.",
    "Insurance costs for ships calling at Ukrainian Black Sea ports have risen again, traders said.",
    "Humanitarian agencies warned that millions of people could face the winter without reliable heating.",
    "The government has allocated additional funds for mobile air defence groups and electronic warfare units.",
    "Ukraine's parliament extended martial law and general mobilisation for another 90 days.",
    "Grain exports through the Black Sea corridor have continued despite repeated strikes on port infrastructure.",
    "Economists expect the economy to grow by {g}% this year, supported by defence spending and foreign aid.",
    "The Kremlin has repeatedly said that any settlement must take into account what it calls 'the realities on the ground'.",
]


# Neutral tails (no numbers, dates or places) that lengthen a sentence the way wire copy does.
ELABORATIONS = [
    ", a reminder of how exposed the country's infrastructure remains after years of war",
    ", although officials cautioned that the full extent of the damage was still being assessed",
    ", according to people familiar with the matter who spoke on condition of anonymity",
    ", a claim that could not be independently verified",
    ", adding to pressure on the government ahead of a difficult winter",
    ", as diplomats in several European capitals continued to argue over the next steps",
    ", while emergency crews worked through the night to clear debris and restore power",
    ", in remarks broadcast on national television later in the day",
]


def elaborate(r: random.Random, sentence: str) -> str:
    """Sometimes append a neutral clause before the final full stop (longer, wire-like sentences)."""
    if r.random() < 0.75 and sentence.endswith(".") and not sentence.endswith("'.") and len(sentence) < 200:
        return sentence[:-1] + r.choice(ELABORATIONS) + "."
    return sentence


def s_filler(r, c):
    return r.choice(FILLER).format(h=r.randint(4, 16), city=r.choice(REF["ua_cities"]), rate=r.choice([14.5, 15.5, 16]),
                                   pct=r.randint(55, 78), g=r.choice([2, 2.5, 3, 3.5]))


# kind -> (title maker, weighted sentence makers)
def _title(r, c, kind):
    if kind == "strike":
        return r.choice([
            f"Russia launches {c['drones']} drones and {number_words(c['missiles'])} missiles at {c['city']} overnight",
            f"Air defences down {c['drones_int']} of {c['drones']} drones in overnight attack on {c['oblast']} region",
            f"Russian strike on {c['city']} kills {c['killed']}, injures {c['injured']}",
            f"Massive drone attack targets energy infrastructure in {c['oblast']} region",
        ])
    if kind == "talks":
        return r.choice([f"Ukraine, U.S. negotiators meet in {c['venue']} as war grinds on",
                         f"New round of peace talks set for {c['venue']}",
                         f"Talks in {c['venue']} end with 'progress' on security guarantees"])
    if kind == "plan":
        return r.choice([f"What is in the {c['plan_points']}-point peace plan",
                         f"Kyiv, Washington trim peace framework to {c['plan_points']} points",
                         f"Peace plan would cap Ukraine's army at {c['troop_cap']:,}"])
    return r.choice(["Winter war: how Russia's air campaign is reshaping Ukraine's energy system",
                     "Analysis: the long road to a ceasefire", f"Life under the drones in {c['city']}"])


MIX = {
    "strike": [(s_launch, 5), (s_intercept, 5), (s_casualties, 3), (s_approx, 1), (s_cumulative, 1.5),
               (s_russian_mod, 1.5), (s_weapons_detail, 2), (s_talks, 0.5), (s_plan, 0.3), (s_filler, 4)],
    "talks": [(s_talks, 5), (s_talk_context, 4), (s_plan, 1.5), (s_plan_detail, 1), (s_launch, 0.7),
              (s_intercept, 0.5), (s_filler, 4)],
    "plan": [(s_plan, 5), (s_plan_detail, 3), (s_talks, 1.5), (s_talk_context, 2), (s_launch, 0.5), (s_filler, 4)],
    "analysis": [(s_filler, 8), (s_cumulative, 2), (s_talk_context, 1.5), (s_plan_detail, 1), (s_approx, 1),
                 (s_launch, 0.5), (s_russian_mod, 0.5)],
}
KINDS = [("strike", 50), ("talks", 22), ("plan", 16), ("analysis", 12)]
SECTIONS = {"strike": "news", "talks": "diplomacy", "plan": "diplomacy", "analysis": "analysis"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def article(index: int, seed: int = DEFAULT_SEED, published: tuple[date, date] = (PUB_START, PUB_END)) -> str:
    """The full text (front matter + body) of article `index`; pure function of (seed, index,
    publication window)."""
    r = random.Random(f"{seed}:{index}")
    pub = published[0] + timedelta(days=r.randrange((published[1] - published[0]).days + 1))
    drones = r.randint(20, 820)
    missiles = r.randint(0, 60)
    c = {
        "pub": pub, "drones": drones, "missiles": missiles,
        "drones_int": int(drones * r.uniform(0.6, 0.97)), "missiles_int": int(missiles * r.uniform(0.3, 0.95)),
        "killed": r.randint(0, 12), "injured": r.randint(1, 60),
        "city": r.choice(REF["ua_cities"]), "oblast": r.choice(REF["ua_oblasts"]),
        "venue": r.choice(REF["venues"]), "plan_points": r.choice([28, 28, 20, 20, 19, 12, 22, 27, 10, 15]),
        "troop_cap": r.choice([600_000, 800_000, 700_000, 750_000, 850_000]),
    }
    kind = r.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
    makers, weights = zip(*MIX[kind])
    title = _title(r, c, kind)
    target = r.randint(MIN_BYTES, MAX_BYTES)
    lead = {"strike": s_launch, "talks": s_talks, "plan": s_plan, "analysis": s_filler}[kind]
    sentences = [lead(r, c)]
    size = len(sentences[0]) + 200
    while len(sentences) < MAX_SENTENCES and (size < target or len(sentences) < MIN_SENTENCES):
        s = elaborate(r, r.choices(makers, weights=weights)[0](r, c))
        if s in sentences:  # avoid verbatim repeats within one article
            continue
        sentences.append(s)
        size += len(s.encode("utf-8")) + 1
    paragraphs, i = [], 0
    while i < len(sentences):
        k = r.choice((1, 2, 2, 3, 3, 4))
        paragraphs.append(" ".join(sentences[i:i + k]))
        i += k
    if r.random() < 0.1:  # a dateline in some wire copy
        paragraphs[0] = f"KYIV, {MONTH_ABBR[pub.month - 1]} {pub.day} - " + paragraphs[0]
    url = f"https://example.org/{SECTIONS[kind]}/{pub:%Y/%m/%d}/{_slug(title)}-{index:07d}"
    front = f"---\ntitle: {title}\nurl: {url}\npublished: {pub.isoformat()}\n---\n"
    return front + "\n\n".join(paragraphs) + "\n"


def path_for(out_dir: Path, index: int) -> Path:
    return out_dir / f"shard_{index // SHARD_SIZE:04d}" / f"article_{index:07d}.txt"


def generate(n: int, out_dir: str | Path, *, start: int = 0, seed: int = DEFAULT_SEED,
             published: tuple[date, date] = (PUB_START, PUB_END)) -> dict:
    """Write articles start .. start+n-1 under out_dir; returns {'files', 'bytes', 'seconds'}.
    `published`: the window publication dates are drawn from (default: the corpus window)."""
    out_dir = Path(out_dir)
    t0 = time.perf_counter()
    total = 0
    made: set[Path] = set()
    for index in range(start, start + n):
        path = path_for(out_dir, index)
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        data = article(index, seed, published).encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    return {"files": n, "bytes": total, "seconds": time.perf_counter() - t0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out_dir")
    parser.add_argument("--start", type=int, default=0, help="first article index (default 0)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--published", nargs=2, type=date.fromisoformat, metavar=("FIRST", "LAST"),
                        default=(PUB_START, PUB_END),
                        help="publication-date window (default: %(default)s); a later window models a live feed")
    args = parser.parse_args(argv)
    stats = generate(args.n, args.out_dir, start=args.start, seed=args.seed, published=tuple(args.published))
    print(f"wrote {stats['files']} articles, {stats['bytes'] / 1e6:.1f} MB, in {stats['seconds']:.1f}s to {args.out_dir}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
