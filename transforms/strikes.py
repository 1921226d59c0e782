"""Drone and missile waves from news sentences: launched / intercepted figures, casualties, who
attacked, when and where.

How a figure is read (rules, not article-specific phrases):
- its weapon is the gazetteer weapon named right after the number ('653 drones', '121 Ukrainian
  drones', '97 Shahed, Gerber strike UAVs') -> drone or missile category;
- its role comes from the verb that governs it: a passive cue right after it ('were shot down'),
  else the nearest cue before it in the same clause ('launched 653 drones and 51 missiles'), else a
  participle after it ('80 drones launched overnight'); 'X of Y' with an interception verb gives
  intercepted X of launched Y; hits are not counts we keep;
- a number without a weapon ('65 were downed', 'downed 130 of them', 'none of which was
  intercepted') counts interceptions of the launch just reported, when that launch is one category;
- a list after 'including' / 'of which' breaks a figure down and is not counted again; different
  weapon types listed under one verb ('four Kh-101 and two Iskander-M missiles') add up;
- its attacker: the weapon's nationality ('Ukrainian drones'), else the defender named in the
  sentence ('Russian forces shot down ...' -> Ukraine attacked), else who launched, else the country
  named as the target ('83 drones against Ukraine'), else the article's running context, else the
  side whose cities or regions are hit, else Russia;
- cumulative and background figures ('since the beginning of the year', 'in November', 'this week'
  without a night, battlefield loss tallies, 'In 2014, ...') are skipped, but not a superlative
  comparison ('the largest attack since the war began'); approximate figures ('almost 90', 'dozens',
  '40-50') become claims with a range and never set a count; a regional tally ('over the Kharkiv
  region') is a claim that does not set the wave's count;
- an undated sentence continues the wave of the figures just before it; with no publication date,
  'overnight' takes the month and day of the dateline ('KYIV, Dec 24 -') and no year.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from transforms.article_view import ArticleView, Mention, SentenceView, claim
from transforms.casefold import ci, ci_scan, fold
from transforms.dates import ResolvedDate, find_date_phrases, resolve
from transforms.quantities import Quantity, find_quantities

COUNT_FIELDS = ("drones_launched", "missiles_launched", "drones_intercepted", "missiles_intercepted", "killed", "injured")
OTHER_SIDE = {"Russia": "Ukraine", "Ukraine": "Russia"}

_I = re.IGNORECASE
# Case-insensitive patterns are compiled by ci() and run on the sentence folded once (fold(text), same
# offsets): several times faster than re.IGNORECASE. Patterns left to re.compile are case-sensitive
# or need to be ('(?-i:...)'), and run on the text itself.
# Verb cues. Order inside an alternation matters only for overlaps; matching is by position.
LAUNCH_CUE = ci_scan(
    r"\b(?:launch(?:ed|ing|es)?|fir(?:ed|ing|es)|deploy(?:ed|ing|s)|us(?:ed|ing|es)|sen(?:t|ding|ds)|unleash(?:ed|ing|es)|"
    r"(?:attack(?:ed|ing)?|targeted|struck|hit|pounded|shelled|bombarded)(?:\s+[\w’'-]+){0,5}?\s+with|attacked|"
    r"(?:barrage|wave|salvo|swarm|volley)s?\s+of|involving|comprising|consisting\s+of)\b")
INTERCEPT_CUE = ci_scan(
    r"\b(?:shot\s+down|shoot(?:ing|s)?\s+down|down(?:ed|ing)|destroy(?:ed|ing|s)|neutrali[sz](?:ed|ing|es)|"
    r"intercept(?:ed|ing|s)?|suppress(?:ed|ing|es)|eliminat(?:ed|ing|es)|jamm(?:ed|ing)|repel(?:led|ling|s)?|"
    r"brought\s+down|taken\s+down|defeated|disabled|(?:locally\s+)?lost\s+(?:from\s+radar|locally|due\s+to)|"
    r"were\s+(?:locally\s+)?lost)\b")
HIT_CUE = ci_scan(r"\b(?:hit(?:s|ting)?|struck|striking|reached|impact(?:ed|s)?|fell|crashed|penetrated)\b")

CUMULATIVE = ci(
    r"\b(?:since\s+the\s+(?:beginning|start)\s+of|since\s+(?:February\s+)?20[12]\d|since\s+the\s+full[- ]scale|"
    r"since\s+(?:early\s+|mid-?|late\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)(?!\s+\d{1,2}\b)|since\s+(?:last\s+)?(?:week|month|year)\b|"
    r"so\s+far\s+this\s+(?:year|month|week)|this\s+year\s+alone|in\s+total\s+since|over\s+the\s+(?:past|last)\s+"
    r"(?:\w+\s+)?(?:days|weeks|months|years|year|month|week)|per\s+(?:day|night|month|week)|a\s+(?:day|night|month)\b|"
    r"each\s+(?:day|night|month)|every\s+(?:day|night|month)|on\s+average|daily\s+average|in\s+(?:January|February|"
    r"March|April|May|June|July|August|September|October|November|December)(?:\s+20\d\d)?(?:(?=\s*,)|\s+alone)|"
    r"during\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)|"
    r"throughout\s+the\s+war|since\s+the\s+war\s+began|record\s+(?:number|month))\b")
# Weekly/monthly framing: a tally unless the sentence names a night or a day ('overnight, the second
# attack this week').
CUMULATIVE_PERIOD = ci_scan(r"\b(?:(?:this|last|past)\s+(?:week|month)|during\s+the\s+(?:week|month))\b")
# 'the largest attack since the start of the war' compares one wave; it is no tally
SUPERLATIVE_BEFORE = ci_scan(r"\b(?:largest|biggest|most|heaviest|worst|deadliest|first|highest|record|massive)\b[^,;]{0,40}$")


def _cumulative(text: str, low: str) -> bool:
    """A sentence with a cumulative or background figure frame (skipped for figures); low is fold(text)."""
    for match in CUMULATIVE.finditer(low):
        if not SUPERLATIVE_BEFORE.search(low[max(0, match.start() - 60):match.start()]):
            return True
    if CUMULATIVE_PERIOD.search(low) and not PERIOD_NIGHT.search(low) and not any(
            p.kind in {"month_day", "day_month", "weekday", "overnight", "yesterday", "today", "day_of_month"}
            for p in find_date_phrases(text)):
        return True
    return False


# A battlefield loss tally ('1,200 soldiers, 5 tanks and 60 drones destroyed over the past day'): no wave.
LOSS_TALLY = ci_scan(
    r"\b\d[\d,]*\s+(?:(?:Russian|Ukrainian|enemy)\s+)?(?:soldiers|troops|personnel|servicemen|tanks|armou?red\s+(?:combat\s+)?vehicles|"
    r"artillery\s+(?:systems|pieces)|MLRS|multiple\s+rocket\s+launchers|air\s+defen[cs]e\s+systems)\b")
STRIKE_WORDS = ci(
    r"\b(?:drones?|UAVs?|missiles?|rockets?|Shaheds?|attack(?:s|ed)?|strikes?|struck|shelling|barrage|"
    r"bombard\w*|shell(?:ed|ing)|air\s+raid|explosions?|killed|killing|injured|injuring|wounded|wounding|hurt|dead|died|"
    r"death\s+toll|shot\s+down|downed|intercepted|neutrali[sz]ed|suppressed|destroyed)\b")
_VICTIMS = (r"people|persons|civilians|residents|children|kids|women|men|boys|girls|teenagers|adults|"
            r"individuals|passengers|workers|employees|rescuers|medics|firefighters|police\s+officers|journalists")
CASUALTY_AFTER = ci(
    r"^\s*(?:(?:other\s+)?(?:\d+-year-old\s+)?(?:" + _VICTIMS + r"|others|more|of\s+them)(?:,\s*(?:including|among\s+them)\s[^,]{1,40},)?\s+)?"
    r"(?:(?:were|was|have\s+been|had\s+been|are|got|reportedly)\s+){0,2}(?P<verb>killed|dead|died|wounded|injured|hurt)\b")
CASUALTY_BEFORE = ci_scan(
    r"(?P<verb>killed|killing|kills|injured|injuring|injures|wounded|wounding|wounds|hurt|hurting|"
    r"death\s+toll(?:\s+(?:from|of|in|after)\s+[^,;.\d]{1,60}?)?\s+(?:has\s+|had\s+)?(?:(?:rose|rises|risen|climbed|increased|"
    r"jumped|grew|reached|stands\s+at|stood\s+at|is|was|now\s+stands\s+at|has\s+reached)(?:\s+to)?)|death\s+toll\s+of|"
    r"(?:bringing|raising|pushing|taking)\s+the\s+(?:overall\s+|total\s+)?death\s+toll\s+to|"
    r"claimed\s+the\s+lives\s+of|left)\s+(?:at\s+least\s+)?$")
CASUALTY_NOUN_AFTER = ci(
    r"^\s*(?:\w+\s+)?(?:\d+-year-old\s+)?(?:" + _VICTIMS + r"|others|more|dead|wounded|injured)\b")
SINGLE_VICTIM = re.compile(
    r"\b(?:a|an|one)\s+(?:\d+-year-old\s+)?(?:(?-i:[a-z][\w-]*)\s+){0,2}?(?:boy|girl|man|woman|child|teenager|"
    r"person|civilian|resident|pensioner|driver|rescuer|worker|baby|infant)\s+(?:was|has\s+been|had\s+been)\s+"
    r"(?P<verb>killed|injured|wounded|hurt)\b", _I)
# 'a boy was killed and his mother injured'
RELATIVE_VICTIM = ci_scan(
    r"\b(?:his|her|their)\s+(?:\d+-year-old\s+)?(?:mother|father|son|daughter|wife|husband|sister|brother|grandmother|"
    r"grandfather|child|baby)\s+(?:was\s+|were\s+)?(?P<verb>killed|injured|wounded|hurt)\b")
# 'none of them was intercepted' -> 0; 'all of them were shot down' -> all launched
NONE_OR_ALL_DOWNED = ci_scan(
    r"\b(?P<det>none|neither|all)\s+(?:of\s+(?:them|which|these|those|the\s+(?P<noun>drones|missiles))\s+)?"
    r"(?:was|were|had\s+been|have\s+been)\s+(?:successfully\s+)?(?:intercepted|shot\s+down|downed|destroyed|neutrali[sz]ed)\b")
# 'killed a 67-year-old woman', 'injuring a child'
SINGLE_VICTIM_ACTIVE = ci_scan(
    r"\b(?P<verb>killed|killing|injured|injuring|wounded|wounding)\s+(?:a|an|one)\s+(?:\d+-year-old\s+)?"
    r"(?:(?:young|elderly|old|local)\s+)?(?:boy|girl|man|woman|child|teenager|person|civilian|resident|pensioner|"
    r"driver|rescuer|worker|baby|infant)\b")
MILITARY_VICTIMS = ci(r"^\s*(?:\w+\s+)?(?:soldiers|troops|servicemen|service\s+members|fighters|militants|personnel)\b")
BREAKDOWN_AFTER = ci(r"^\s*(?:of\s+(?:them|which|those|these|whom)|among\s+them)\b")
# A list after these words breaks a figure down ('51 missiles, including 41 Kh-101'): not counted again.
BREAKDOWN_MARKER = ci_scan(r"\b(?:including|among\s+them|among\s+which|of\s+which|of\s+them|of\s+these|in\s+particular|"
                              r"namely|such\s+as|mostly|mainly)\b")
# A number standing alone ('65 were downed', 'downed 130 of them', 'of which 30 were destroyed'): its
# weapon is the one just launched.
BARE_AFTER = ci(
    r"^(?P<of>\s+of\s+(?:them|these|those|which|the\s+drones|the\s+missiles))?(?=\s*(?:[,.;:)]|$)|\s+(?:were|was|have|had|has|are|"
    r"is|got|reportedly|all|successfully|being|over|above|across|in|on|by|and|while|but)\b)")
_AUX = r"(?:(?:were|was|have\s+been|has\s+been|had\s+been|are|is|got|being)\s+)?(?:(?:reportedly|all|successfully|also|later|eventually|subsequently|then|either|effectively)\s+){0,2}"
# Between a number's weapon and a passive cue: another figure ('and 30 missiles'), a few words if an
# auxiliary follows ('over the Kursk region were'), auxiliaries and adverbs.
_FORWARD_PREFIX = ci(
    r"^\s*(?:(?:and|\+|&)\s+[\d,]+\s+(?:[\w’'-]+\s+){1,3}?)?(?:(?:[A-Za-z’'-]+\s+){0,5}?(?:were|was|have\s+been|has\s+been|"
    r"had\s+been|are|is|got)\s+)?(?:(?:reportedly|all|successfully|also|later|eventually|subsequently|then|being|either|"
    r"effectively)\s+){0,2}$")
X_OF_Y = ci(r"^\s*(?:out\s+)?of\s+(?:the\s+)?$")
PERIOD_DAY = ci_scan(r"\b(?:throughout\s+the\s+day|during\s+the\s+day|in\s+the\s+daytime|since\s+(?:the\s+)?morning|over\s+a\s+period\s+of|in\s+the\s+afternoon)\b")
PERIOD_NIGHT = ci_scan(r"\b(?:overnight|during\s+the\s+night|at\s+night|night\s+of|last\s+night|in\s+the\s+early\s+hours)\b")
# 'In the Kharkiv region, air defence downed 12 drones': the clause is about one region
REGIONAL_LEAD = re.compile(r"^(?:In|Over|Above)\s+(?:the\s+)?(?:[A-Z][\w-]+\s+)?(?:region|oblast|province|district)\b(?!s)")
REGIONAL_SUBSET = ci(r"^[^,;:()\d—–]{0,30}?\b(?:over|in|above)\s+(?:the\s+)?(?:[A-Z][\w-]+\s+)?(?:region|oblast|province|district)\b(?!s)")
# A place right after these is where weapons came from or a reference point, not what was hit.
NOT_TARGET_BEFORE = ci(r"\b(?:from|north\s+of|south\s+of|east\s+of|west\s+of|outside|near|toward|towards|to)\s+(?:the\s+)?$")
LAUNCH_DIRECTIONS = ci_scan(r"\b(?:from\s+the\s+(?:following\s+)?directions?|launched\s+from|launch\s+(?:sites?|areas?)|from\s+the\s+direction\s+of)\b")
HIT_CONTEXT = ci(r"\b(?:struck|hit|attacks?\s+on|strikes?\s+on|targeted|damag\w+|destroyed|blackouts?|explosions?|fires?\s+broke\s+out)\b")
CLAUSE_BREAK = ci_scan(r"[;(\)]|:\s|\s[—–]\s|\bbut\b|\bwhile\b|\bwhereas\b|\bwhich\b")

NATIONALITY = {
    "Russia": ci(r"\b(?:Russian|Russia['’]s|enemy\s+Russian)\b"),
    "Ukraine": ci(r"\b(?:Ukrainian|Ukraine['’]s)\b"),
}
DEFENDER = {
    "Russia": ci_scan(
        r"\b(?:Russian|Russia['’]s|Moscow['’]s)\s+(?:\w+\s+){0,2}(?:air[- ]defen[cs]es?|forces|military|army|troops|"
        r"defen[cs]e\s+ministry|ministry\s+of\s+defen[cs]e|MoD|(?:air\s+)?defen[cs]e\s+units|mayor|governor|authorities)\b|"
        r"\bRussia\s+(?:said|says|claims?|claimed|reported)\b|\bMoscow\s+Mayor\b|\bKremlin\b"),
    "Ukraine": ci_scan(
        r"\b(?:Ukrainian|Ukraine['’]s|Kyiv['’]s)\s+(?:\w+\s+){0,2}(?:air[- ]?(?:force|defen[cs]e)s?|forces|military|army|"
        r"defen[cs]e\s+forces|mobile\s+fire\s+groups)\b|\bAir\s+Force\s+of\s+the\s+Armed\s+Forces\s+of\s+Ukraine\b|"
        r"\bDefen[cs]e\s+Forces\s+of\s+Ukraine\b|\bUkraine\s+(?:said|says|claims?|claimed|reported)\b"),
}
LAUNCHER = {
    "Russia": ci_scan(
        r"\b(?:Russia|Russian\s+(?:forces|troops|army|military)|Moscow|the\s+Russians)(?:,\s+[\w\s]{1,25},)?\s+(?:\w+\s+){0,3}?"
        r"(?:launch(?:ed|es)|fire[ds]|attack(?:ed|s)|struck|strikes|carried\s+out|targets|targeted|hit|hits|unleash(?:ed|es)|"
        r"pound(?:ed|s)|shell(?:ed|s)|bombard(?:ed|s)|sen[dt]s?)\b|"
        r"\bRussian\s+(?:\w+\s+){0,3}?(?:attacks?|strikes?|assaults?|barrages?|waves?|bombardments?|shelling)\b|"
        r"\bRussia['’]s\s+(?:\w+\s+){0,3}?(?:attacks?|strikes?|assaults?|barrages?|bombardment)\b"),
    "Ukraine": ci_scan(
        r"\b(?:Ukraine|Ukrainian\s+(?:forces|troops|army|military)|Kyiv|the\s+Ukrainians)(?:,\s+[\w\s]{1,25},)?\s+(?:\w+\s+){0,3}?"
        r"(?:launch(?:ed|es)|fire[ds]|attack(?:ed|s)|struck|strikes|carried\s+out|targets|targeted|hit|hits|sen[dt]s?)\b|"
        r"\bUkrainian\s+(?:\w+\s+){0,3}?(?:attacks?|strikes?|assaults?|barrages?|raids?)\b|"
        r"\bUkraine['’]s\s+(?:\w+\s+){0,3}?(?:attacks?|strikes?|raids?)\b|\bits\s+drones\b.{0,40}\bstruck\b|"
        r"\b(?:Ukraine['’]s|Ukrainian)\s+(?:military|army|armed\s+forces|General\s+Staff|forces|navy|SBU|security\s+service)\s+"
        r"(?:said|says|reported|claimed)\s+(?:that\s+)?(?:it|they|its\s+(?:\w+\s+){0,2}?forces)\s+(?:had\s+|have\s+)?"
        r"(?:launched|fired|used|attacked|struck|hit|targeted|sent)\b"),
}
# 'launched 83 drones against Ukraine', 'at Russia' -> the other side attacked
TARGET_COUNTRY = ci_scan(r"\b(?:at|against|on|toward|towards|into)\s+(Ukraine|Russia)(?:['’]s)?\b")
CLAIMANT_CUE = ci(r"\b(?:said|says|reported|reports|claimed|claims|stated|according\s+to|announced|told)\b")
TARGET_KINDS = {
    "energy": r"energy|power|electric\w*|substation|thermal|grid|heating",
    "railway": r"rail\w*|locomotive|train|depot",
    "residential": r"residential|apartment|house|homes?|dwelling",
    "port": r"\bports?\b|harbou?r|terminal",
    "industrial": r"industrial|plant|factory|enterprise|military-industrial",
    "oil": r"\boil\b|refiner\w*|fuel|pipeline|tankers?",
    "civilian": r"kindergarten|school|hospital|educational|humanitarian|warehouse|civilian",
    "airport": r"airports?|airfield",
}
_TARGET_RES = {kind: ci_scan(pattern) for kind, pattern in TARGET_KINDS.items()}
_MODIFIER_GAP = re.compile(r"^[\s“”\"'’(]*(?:[A-Za-z][\w’'-]*[\s,“”\"]*){0,4}$")
_DIGIT = re.compile(r"\d")
_GAP_STOP = ci(r"\b(?:of|and|or|were|was|in|on|at|to|from|by|with|for|over|across|people|which|that|as|the)\b")


@dataclass
class Figure:
    field: str
    quantity: Quantity
    attacker: str
    sentence: SentenceView
    period: str | None
    date_resolved: object | None
    claimant: str | None
    weapons: list[str]
    subset: bool = False
    weapon_id: str | None = None  # the weapon named with the figure
    unit_end: int | None = None  # where that weapon's name ends in the sentence


@dataclass
class _Group:
    attacker: str
    figures: list[Figure] = field(default_factory=list)


def _weapon_after(sentence: SentenceView, low: str, pos: int, weapon_category: dict[str, str]) -> tuple[str, Mention] | None:
    """The weapon named right after a number, allowing a few modifiers in between."""
    for mention in sentence.mentions:
        if mention.kind != "weapon" or mention.start < pos:
            continue
        if mention.start - pos > 45:
            return None
        gap = sentence.text[pos:mention.start]
        if _DIGIT.search(gap) or _GAP_STOP.search(low[pos:mention.start]) or not _MODIFIER_GAP.match(gap):
            return None
        category = weapon_category.get(mention.canonical_id)
        if category in {"drone", "missile"}:
            return category, mention
        return None
    return None


def _clause_window(text: str, start: int, back: int = 110) -> str:
    window = text[max(0, start - back):start]
    breaks = list(CLAUSE_BREAK.finditer(window))
    return window[breaks[-1].end():] if breaks else window


_OTHER_CLAUSE = ci(r"\b(?:that|which|who|after|before|while|when)\b")
_PASSIVE_AUX = ci(r"\b(?:were|was|been|are|is|got|being)\b")


def _forward_role(forward: str, *, strong_only: bool = False) -> tuple[str, bool] | None:
    """(role, has_auxiliary) of a cue right after a figure: a passive predicate ('were shot down') is
    strong; a bare participle ('drones launched overnight') may only describe the weapon and yields to
    the clause's main verb. None when the cue belongs to another clause ('and air defence shot down').
    `forward` is folded text (fold())."""
    found: list[tuple[bool, int, str]] = []
    for cue_re, role in ((INTERCEPT_CUE, "intercepted"), (HIT_CUE, "hit"), (LAUNCH_CUE, "launched")):
        for match in cue_re.finditer(forward):
            prefix = forward[:match.start()]
            if _OTHER_CLAUSE.search(prefix) or not _FORWARD_PREFIX.match(prefix):
                continue
            strong = bool(_PASSIVE_AUX.search(prefix))
            found.append((not strong, match.start(), role))
            break
    found = [f for f in found if not (strong_only and f[0])]
    if not found:
        return None
    weak, _, role = min(found)
    return role, not weak


def _backward_role(low: str, q_start: int) -> str | None:
    """The role of the nearest cue before the figure in its clause ('launched 653 drones'); low is
    the folded sentence."""
    window = _clause_window(low, q_start)
    best: tuple[int, str] | None = None
    for cue_re, role in ((LAUNCH_CUE, "launched"), (INTERCEPT_CUE, "intercepted"), (HIT_CUE, "hit")):
        for match in cue_re.finditer(window):
            if best is None or match.start() > best[0]:
                best = (match.start(), role)
    return best[1] if best else None


def _role(low: str, q_start: int, unit_end: int) -> str | None:
    """A passive predicate after the figure, else the clause's verb before it, else a participle after
    it (low: the folded sentence)."""
    forward = _forward_role(_forward_text(low, unit_end))
    if forward and forward[1]:
        return forward[0]
    return _backward_role(low, q_start) or (forward[0] if forward else None)


_LEADING_AUX = ci(r"\s*" + _AUX)
_INTERCEPT_BEFORE = ci_scan(INTERCEPT_CUE.pattern + r"\s+(?:a\s+total\s+of\s+|another\s+|all\s+|only\s+)?$")


def _bare_role(low: str, q: Quantity, prev_end: int) -> str | None:
    """Role of a number with no weapon after it: a passive cue right after it ('65 were downed',
    '30 of which were destroyed') or an interception verb right before it ('downed 130 of them').
    low is the folded sentence."""
    bare = BARE_AFTER.match(low[q.end:])
    if bare is None:
        return None
    after = low[q.end + bare.end():q.end + bare.end() + 60]
    cue = INTERCEPT_CUE.match(after, len(_LEADING_AUX.match(after).group(0)))
    if cue:
        return "intercepted"
    before = low[prev_end:q.start]
    if _INTERCEPT_BEFORE.search(before):
        return "intercepted"
    return None


def _attacker_from_weapon_phrase(phrase: str) -> str | None:
    for side, pattern in NATIONALITY.items():
        if pattern.search(phrase):
            return side
    return None


def _launcher(low: str) -> str | None:
    """The side a (folded) sentence says launched or attacked ('Russia launched ...')."""
    for side, pattern in LAUNCHER.items():
        if pattern.search(low):
            return side
    return None


def _sentence_attacker(text: str, low: str, role: str | None, launcher: str | None) -> str | None:
    """The attacker the sentence (low: folded) names: the other side of a defender when the figure is an
    interception, else `launcher` (its _launcher()), else the other side of a target country."""
    if role == "intercepted":
        for side, pattern in DEFENDER.items():
            if pattern.search(low):
                return OTHER_SIDE[side]
    if launcher:
        return launcher
    target = TARGET_COUNTRY.search(low)
    if target:
        return OTHER_SIDE["Russia" if _group_lower(text, target, 1).startswith("russia") else "Ukraine"]
    return None  # e.g. 'enemy' drones: perspective-dependent, decided by the caller's context


_IN_COUNTRY = {side: ci_scan(rf"\b(?:in|on|over|across|inside)\s+(?:the\s+)?(?:{side}(?:['’]s)?\b|{adj}\s+(?:regions?|territory|cities)\b)")
               for side, adj in (("Russia", "Russian"), ("Ukraine", "Ukrainian"))}


def _places_side(sentence: SentenceView, low: str, place_info: dict[str, tuple[str, str, str]]) -> str | None:
    """The attacker when the sentence names places of only one side (cities and regions from the
    gazetteer - a country named as the subject is no target -, else 'in Russia's Samara region');
    low is the folded sentence."""
    countries = {place_info[m.canonical_id][2] for m in sentence.of_kind("place")
                 if m.canonical_id in place_info and place_info[m.canonical_id][1] in {"city", "oblast", "region"}}
    if not countries & {"Russia", "Ukraine"}:
        countries = {side for side, pattern in _IN_COUNTRY.items() if pattern.search(low)}
    if "Russia" in countries and "Ukraine" not in countries:
        return "Ukraine"
    if "Ukraine" in countries and "Russia" not in countries:
        return "Russia"
    return None


def _claimant(sentence: SentenceView, low: str) -> str | None:
    if not CLAIMANT_CUE.search(low):
        return None
    for mention in sentence.mentions:
        if mention.kind in {"organisation", "person"}:
            return mention.canonical_name
    return None


def _sentence_date(sentence: SentenceView, low: str, article: ArticleView):
    """The first date phrase of the sentence that can name an attack day (low: the folded sentence)."""
    for phrase in find_date_phrases(sentence.text):
        if phrase.kind in {"this_week", "month_year"}:
            continue
        if CUMULATIVE.search(low[max(0, phrase.start - 30):phrase.end + 5]):
            continue
        resolved = resolve(phrase, article.published, None)
        if resolved.precision == "unknown" and resolved.month is None:
            if phrase.kind in {"overnight", "today"} and article.published is None and article.dateline:
                return _dateline_date(article)  # 'KYIV, Dec 24 - ... overnight': that day, year unknown
            continue
        return resolved
    return None


def _dateline_date(article: ArticleView) -> ResolvedDate:
    month, day = article.dateline
    return ResolvedDate(None, None, "unknown", month, day, "dateline")


_LEFT_VICTIMS = ci(r"^\s*(?:\w+\s+)?(?:people\s+)?(?:dead|killed|injured|wounded)")
_CLAUSE_END = re.compile(r"^\s*(?:$|[,.;]|and\b)")
_LEFT_DEAD = ci(r"\b(?:dead|killed)\b")


def _group_lower(text: str, match: re.Match[str], group: str | int, offset: int = 0) -> str:
    """A group of a match on the folded text (or on a slice of it from `offset`), as the text's own
    characters lower-cased."""
    return text[offset + match.start(group):offset + match.end(group)].lower()


def _casualty(text: str, low: str, q: Quantity) -> str | None:
    """'killed' or 'injured' when the figure counts casualties; low is fold(text)."""
    after = low[q.end:q.end + 60]
    if MILITARY_VICTIMS.match(after):
        return None
    match, offset = CASUALTY_AFTER.match(after), q.end
    if not match:
        offset = max(0, q.start - 120)
        match = CASUALTY_BEFORE.search(low[offset:q.start])
        verb = _group_lower(text, match, "verb", offset) if match else ""
        if match and verb == "left" and not _LEFT_VICTIMS.match(after):
            return None
        if match and "toll" not in verb and not CASUALTY_NOUN_AFTER.match(after) \
                and not _CLAUSE_END.match(text[q.end:q.end + 60]):
            return None
    if not match:
        return None
    verb = _group_lower(text, match, "verb", offset)
    if verb.startswith(("kill", "dead", "died", "death", "claimed")) or "death" in verb:
        return "killed"
    if verb == "left":
        return "killed" if _LEFT_DEAD.search(after[:30]) else "injured"
    return "injured"


# A number that is no count of weapons or people ('40 km', '3 hours', '15%', '12-year-old').
_NOT_A_COUNT = ci(r"^\s*(?:%|percent|per\s+cent|km|kilomet|miles|hours?|minutes?|years?|am|pm|a\.m|p\.m)|"
                  r"^-(?:year|month|day|week)s?-old")
_JOINED_COUNT = re.compile(r"\s*(?:of\s+the\s+\w+\s*)?(?:,|,?\s*and)\s*")
_OF_THE_WEAPON = ci(r"\s+of\s+the\s+(drones?|UAVs?|missiles?)\b")
_VAGUE_OF = re.compile(r"\s+of\s+")


def extract_strikes(article: ArticleView, weapon_category: dict[str, str], place_info: dict[str, tuple[str, str, str]]) -> tuple[list[dict], list[dict]]:
    """Strike reports (parsed.strike_reports rows) and their claims for one article.

    weapon_category: weapon canonical_id -> 'drone' | 'missile' | other.
    place_info: place canonical_id -> (canonical name, kind, country).
    """
    figures: list[Figure] = []
    location_sentences: dict[str, list[tuple[SentenceView, str | None]]] = defaultdict(list)
    context_attacker: str | None = None
    context_age = 99
    article_night = False
    article_date = None
    prev_idx: int | None = None
    last_dated: tuple[object, str | None, int] | None = None  # (date, period, sentence idx) of the last figures
    for sentence in article.sentences:
        text = sentence.text
        context_age += 1
        previous_idx, prev_idx = prev_idx, sentence.idx
        low = fold(text)
        if not STRIKE_WORDS.search(low):
            continue
        sentence_side = _launcher(low)
        if sentence_side:
            context_attacker, context_age = sentence_side, 0
        if _cumulative(text, low) or _historic(text, article) or LOSS_TALLY.search(low):
            continue
        sdate = _sentence_date(sentence, low, article)
        if sdate is not None and article_date is None and (sentence.of_kind("weapon") or sentence_side):
            article_date = sdate
        night = PERIOD_NIGHT.search(low) is not None
        if night:
            article_night = True
        period = "day" if PERIOD_DAY.search(low) else ("night" if night else None)
        if sdate is None and last_dated is not None and sentence.idx - last_dated[2] <= 3:
            # an undated sentence continues the wave just reported ('One person was injured in ...')
            sdate, period = last_dated[0], period or last_dated[1]
        claimant = _claimant(sentence, low)
        numbers = sentence.quantities if sentence.quantities is not None else find_quantities(text)
        quantities = [q for q in numbers if not _NOT_A_COUNT.match(low[q.end:q.end + 12])]
        date_spans = [(p.start, p.end) for p in find_date_phrases(text)]
        quantities = [q for q in quantities if not any(s <= q.number_start < e for s, e in date_spans)]
        consumed: set[int] = set()
        sentence_weapons = [m.canonical_name for m in sentence.of_kind("weapon")]
        first_of_sentence = len(figures)
        breakdown_from: int | None = None
        local_lead = _local_lead(sentence, place_info)
        bare_intercept: int | None = None  # index of the last bare interception count
        for i, q in enumerate(quantities):
            if i in consumed:
                continue
            after = low[q.end:]
            prev_end = quantities[i - 1].end if i > 0 else 0
            breakdown = BREAKDOWN_AFTER.match(after)
            weapon = None if breakdown else _weapon_after(sentence, low, q.end, weapon_category)
            if breakdown or weapon is None:
                # '65 were downed', 'downed 130 of them': the weapon of the wave just launched
                joined = bare_intercept == i - 1 and _JOINED_COUNT.fullmatch(text[prev_end:q.start])
                if joined or _bare_role(low, q, prev_end) == "intercepted":
                    noun = _OF_THE_WEAPON.match(after)
                    category = ("missile" if _group_lower(text, noun, 1, q.end).startswith("missile") else "drone") if noun else None
                    antecedent = _antecedent(figures[first_of_sentence:], figures, previous_idx, q.start, category)
                    if antecedent is not None:
                        bare_intercept = i
                        category = antecedent.field.split("_")[0]
                        bare = BARE_AFTER.match(after)
                        subset = bool(REGIONAL_SUBSET.search(after[bare.end() if bare else 0:][:60]) or local_lead)
                        figures.append(Figure(f"{category}_intercepted", q, antecedent.attacker, sentence,
                                              period or antecedent.period, sdate or antecedent.date_resolved,
                                              claimant or antecedent.claimant, sentence_weapons, subset))
                        continue
            if breakdown:
                continue
            # 'X of Y <weapons>'
            if i + 1 < len(quantities) and X_OF_Y.match(low[q.end:quantities[i + 1].start]):
                total = quantities[i + 1]
                weapon = _weapon_after(sentence, low, total.end, weapon_category)
                consumed.add(i + 1)
                if weapon is None:
                    continue
                category, mention = weapon
                forward = _forward_role(_forward_text(low, mention.end), strong_only=True)
                role = forward[0] if forward else _backward_role(low, q.start)
                phrase = low[q.start:mention.end]
                attacker = (_attacker_from_weapon_phrase(phrase) or _sentence_attacker(text, low, "intercepted", sentence_side)
                            or (context_attacker if context_age <= 3 else None) or _places_side(sentence, low, place_info) or "Russia")
                if role == "intercepted":
                    figures.append(Figure(f"{category}s_intercepted", q, attacker, sentence, period, sdate, claimant, sentence_weapons))
                figures.append(Figure(f"{category}s_launched", total, attacker, sentence, period, sdate, claimant, sentence_weapons))
                continue
            if weapon is None and q.qualifier in {"dozens", "scores", "hundreds", "thousands", "tens of thousands"}:
                vague_of = _VAGUE_OF.match(text, q.end)
                if vague_of:
                    weapon = _weapon_after(sentence, low, vague_of.end(), weapon_category)  # 'dozens of drones'
            if weapon is not None:
                category, mention = weapon
                role = _role(low, q.start, mention.end)
                if role not in {"launched", "intercepted"}:
                    continue
                marker = BREAKDOWN_MARKER.search(low, prev_end if breakdown_from is None else breakdown_from, q.start)
                owner = next((f for f in reversed(figures[first_of_sentence:]) if marker and f.quantity.end <= marker.start()), None)
                if owner is not None and owner.field.split("_")[0] != f"{category}s":
                    marker = None  # '47 missiles, including 11 Iskander-M, and 450 drones': the list has ended
                if marker and not _forward_role(_forward_text(low, mention.end), strong_only=True) and not (
                        LAUNCH_CUE.search(low, marker.end(), q.start) or INTERCEPT_CUE.search(low, marker.end(), q.start)):
                    breakdown_from = marker.start()
                    continue  # '51 missiles, including 41 Kh-101 ... and 10 Iskander-M': a breakdown, not more figures
                phrase = low[q.start:mention.end]
                attacker = (_attacker_from_weapon_phrase(phrase) or _sentence_attacker(text, low, role, sentence_side)
                            or (context_attacker if context_age <= 3 else None) or _places_side(sentence, low, place_info) or "Russia")
                subset = bool(REGIONAL_SUBSET.search(low[mention.end:mention.end + 60])
                              or (role == "intercepted" and REGIONAL_LEAD.match(text)))
                figures.append(Figure(f"{category}s_{role}", q, attacker, sentence, period, sdate, claimant, sentence_weapons, subset,
                                      mention.canonical_id, mention.end))
                continue
            victims = _casualty(text, low, q)
            if victims:
                attacker = (sentence_side or (context_attacker if context_age <= 3 else None)
                            or _places_side(sentence, low, place_info) or "Russia")
                figures.append(Figure(victims, q, attacker, sentence, period, sdate, claimant, []))
        _sum_components(figures, first_of_sentence, text)
        for match in NONE_OR_ALL_DOWNED.finditer(low):
            noun = _group_lower(text, match, "noun") if match.group("noun") else None
            det = _group_lower(text, match, "det")
            antecedent = _antecedent(figures[first_of_sentence:], figures, previous_idx, match.start(),
                                     ("missile" if noun.startswith("missile") else "drone") if noun else None)
            if antecedent is None or (det == "all" and antecedent.quantity.value is None):
                continue
            value = 0.0 if det != "all" else antecedent.quantity.value
            q = Quantity(text[match.start():match.end()], value, value, value, "exact", match.start(), match.end(), match.start())
            figures.append(Figure(antecedent.field.replace("_launched", "_intercepted"), q, antecedent.attacker, sentence,
                                  period or antecedent.period, sdate or antecedent.date_resolved,
                                  claimant or antecedent.claimant, sentence_weapons))
        # every victim pattern needs one of these verbs ('killed', 'injuring', 'wounded', 'hurt')
        if "kill" in low or "injur" in low or "wound" in low or "hurt" in low:
            for match in list(SINGLE_VICTIM.finditer(text)) + list(SINGLE_VICTIM_ACTIVE.finditer(low)) + list(RELATIVE_VICTIM.finditer(low)):
                verb = _group_lower(text, match, "verb")
                q = Quantity(text[match.start():match.end()], 1.0, 1.0, 1.0, "exact", match.start(), match.end(), match.start())
                attacker = sentence_side or (context_attacker if context_age <= 3 else None) or _places_side(sentence, low, place_info) or "Russia"
                figures.append(Figure("killed" if verb.startswith("kill") else "injured", q, attacker, sentence, period, sdate, claimant, []))
        if figures and figures[-1].sentence is sentence:
            context_attacker, context_age = figures[-1].attacker, 0
            last_dated = (sdate, period, sentence.idx) if sdate is not None else None
        elif HIT_CONTEXT.search(low):
            side = sentence_side or (context_attacker if context_age <= 2 else None)
            if side:
                location_sentences[side].append((sentence, period))

    if article_date is None and article_night and article.published is not None:
        article_date = resolve(find_date_phrases("overnight")[0], article.published)
    elif article_date is None and article_night and article.dateline:
        article_date = _dateline_date(article)
    return _reports(article, figures, article_date, place_info, location_sentences)


_LEAD = re.compile(r"(?:In|Over|Above)\s+(?:the\s+)?")


def _local_lead(sentence: SentenceView, place_info) -> bool:
    """The sentence opens on one region or city ('In the Kharkiv region, ...', 'In Odesa, ...'): a
    count there that refers back to a nationwide launch is a local tally."""
    if REGIONAL_LEAD.match(sentence.text):
        return True
    lead = _LEAD.match(sentence.text)
    return bool(lead) and any(m.start == lead.end() and place_info.get(m.canonical_id, ("", "", ""))[1] in {"city", "oblast", "region"}
                              for m in sentence.of_kind("place"))


HISTORIC = re.compile(
    r"^(?:In|By|During|Back\s+in|By\s+the\s+end\s+of|At\s+the\s+end\s+of)\s+(?:(?:early|late|mid-?)\s*)?"
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+)?(?P<year>(?:19|20)\d\d)\b")


def _historic(text: str, article: ArticleView) -> bool:
    """A sentence framed in a year two or more years before the article ('In April 2014, ...')."""
    match = HISTORIC.match(text)
    now = article.published.year if article.published else article.reference_year
    return bool(match and now and int(match.group("year")) < now - 1)


_FORWARD_STOP = re.compile(r"[;(),.]|\s[—–-]\s")


def _forward_text(text: str, end: int) -> str:
    after = text[end:end + 80]
    stop = _FORWARD_STOP.search(after)
    return after[:stop.start()] if stop else after


def _antecedent(same_sentence: list[Figure], figures: list[Figure], previous_idx: int | None, pos: int,
                category: str | None = None) -> Figure | None:
    """The launch figure a bare interception count refers to: the last one earlier in the sentence,
    else in the previous sentence; None when that sentence launched both drones and missiles and the
    count does not say which ('402 of the drones')."""
    candidates = [f for f in same_sentence if f.field.endswith("_launched") and f.quantity.start < pos]
    if not candidates and previous_idx is not None:
        candidates = [f for f in figures if f.field.endswith("_launched") and f.sentence.idx == previous_idx]
    if category:
        candidates = [f for f in candidates if f.field == f"{category}s_launched"]
    if not candidates or len({f.field for f in candidates}) > 1:
        return None
    return candidates[-1]


_GENERIC_WEAPONS = {"wpn_drone", "wpn_missile"}
_LIST_JOIN = re.compile(r"^[^\d;:()—–]{0,60}$")
_LIST_WORD = re.compile(r",|\band\b|\bplus\b|\bas\s+well\s+as\b", _I)


def _sum_components(figures: list[Figure], first: int, text: str) -> None:
    """Figures of one sentence that list different weapon types under one verb ('four Kh-101 cruise
    missiles and two Iskander-M ballistic missiles') add up to the wave's figure for their category."""
    by_field: dict[tuple[str, str], list[int]] = defaultdict(list)
    for k in range(first, len(figures)):
        f = figures[k]
        if f.field in COUNT_FIELDS[:4] and f.weapon_id and not f.subset and f.quantity.value is not None:
            by_field[(f.field, f.attacker)].append(k)
    drop: set[int] = set()
    for idxs in by_field.values():
        if len(idxs) < 2:
            continue
        parts = sorted((figures[k] for k in idxs), key=lambda f: f.quantity.start)
        weapon_ids = [f.weapon_id for f in parts]
        if len(set(weapon_ids)) < len(weapon_ids) or _GENERIC_WEAPONS & set(weapon_ids):
            continue
        joins = [text[a.unit_end or a.quantity.end:b.quantity.start] for a, b in zip(parts, parts[1:])]
        if not all(_LIST_JOIN.match(j) and _LIST_WORD.search(j) for j in joins):
            continue
        first_q, last_q = parts[0].quantity, parts[-1].quantity
        total = sum(f.quantity.value for f in parts)
        summed = Quantity(text[first_q.start:last_q.end], total, total, total, "exact", first_q.start, last_q.end,
                          first_q.number_start)
        figures[idxs[0]] = Figure(parts[0].field, summed, parts[0].attacker, parts[0].sentence, parts[0].period,
                                  parts[0].date_resolved, parts[0].claimant, parts[0].weapons, False, parts[0].weapon_id,
                                  parts[-1].unit_end)
        drop.update(idxs[1:])
    for k in sorted(drop, reverse=True):
        del figures[k]


def _date_key(resolved) -> tuple:
    if resolved is None:
        return ("none",)
    if resolved.start is not None:
        return ("day", resolved.start)
    return ("md", resolved.month, resolved.day)


def _reports(article: ArticleView, figures: list[Figure], article_date, place_info,
             location_sentences: dict[str, list[tuple[SentenceView, str | None]]]) -> tuple[list[dict], list[dict]]:
    groups: dict[tuple, list[Figure]] = defaultdict(list)
    for fig in figures:
        resolved = fig.date_resolved or article_date
        groups[(fig.attacker, _date_key(resolved))].append(fig)
    reports: list[dict] = []
    claims: list[dict] = []
    waves: list[tuple[str, str | None, dict]] = []
    for (attacker, date_key), members in groups.items():
        periods = list(dict.fromkeys(f.period for f in members if f.period))  # in reading order
        if len(periods) > 1:
            # Separate day-time and overnight tallies are separate waves; unmarked figures join the night one.
            split = {p: [f for f in members if f.period == p or (f.period is None and p == "night")] for p in periods}
        else:
            split = {None: members}
        for period, figs in split.items():
            report_key = f"strike:{attacker}:{'-'.join(str(x) for x in date_key)}:{period or 'all'}"
            resolved = next((f.date_resolved for f in figs if f.date_resolved), None) or article_date
            row = _report_row(article, report_key, attacker, resolved, figs, place_info)
            reports.append(row)
            waves.append((attacker, period, row))
            for fig in figs:
                q = fig.quantity
                claims.append(claim(
                    article.article_id, "strikes", report_key, fig.field, fig.sentence,
                    value=str(int(q.value)) if q.value is not None else q.surface,
                    value_num=q.value if not fig.subset else None,
                    qualifier=("regional subset" if fig.subset else q.qualifier),
                    low=q.low, high=q.high, claimant=fig.claimant, span=(q.start, q.end)))
    # Context sentences ('its drones overnight struck the Yefremov plant') go to the side's wave of the
    # same period ('overnight' -> the night wave), else to the side's first wave.
    for attacker, sentences in location_sentences.items():
        side_waves = [(period, row) for side, period, row in waves if side == attacker]
        if not side_waves:
            continue
        for sentence, period in sentences:
            row = next((r for p, r in side_waves if p is not None and p == period), side_waves[0][1])
            row["locations"] += [loc for loc in _locations(attacker, [sentence], place_info) if loc not in row["locations"]]
            row["targets"] += [t for t in _targets([sentence]) if t not in row["targets"]]
    return reports, claims


def choose_value(candidates: list[tuple[float, str | None, int, int]]) -> float | None:
    """The curated figure among conflicting exact claims (value, claimant, sources, sentence_idx):
    an official (attributed) figure beats an unattributed one; then the figure more sources repeat;
    then the larger (tallies are revised upward as reports complete)."""
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (c[1] is not None, c[2], c[0]))
    return best[0]


def _report_row(article: ArticleView, report_key: str, attacker: str, resolved, figs: list[Figure], place_info) -> dict:
    row: dict = {
        "article_id": article.article_id, "report_key": report_key, "attacker": attacker,
        "target_country": OTHER_SIDE.get(attacker),
        "event_date": resolved.start if resolved is not None and resolved.precision == "day" else None,
        "date_precision": resolved.precision if resolved is not None else "unknown",
        "event_month": resolved.month if resolved is not None else None,
        "event_day": resolved.day if resolved is not None else None,
        "claimant": next((f.claimant for f in figs if f.claimant), None),
    }
    for field_name in COUNT_FIELDS:
        exact = [f for f in figs if f.field == field_name and f.quantity.value is not None and not f.subset]
        counts: dict[float, int] = defaultdict(int)
        for f in exact:
            counts[f.quantity.value] += 1
        value = choose_value([(f.quantity.value, f.claimant, counts[f.quantity.value], f.sentence.idx) for f in exact])
        row[field_name] = int(value) if value is not None else None
    weapons: list[str] = []
    for f in figs:
        for w in f.weapons:
            if w not in weapons:
                weapons.append(w)
    row["weapons"] = weapons
    sentences = list({f.sentence.idx: f.sentence for f in figs}.values())
    row["locations"] = _locations(attacker, sentences, place_info)
    row["targets"] = _targets(sentences)
    return row


def _targets(sentences: list[SentenceView]) -> list[str]:
    found: set[str] = set().union(*(_sentence_targets(s.text) for s in sentences))
    return [kind for kind in _TARGET_RES if kind in found]


@lru_cache(maxsize=16384)
def _sentence_targets(text: str) -> frozenset[str]:
    """Target kinds a sentence names (cached: a sentence backs several figures and reports)."""
    low = fold(text)
    return frozenset(kind for kind, pattern in _TARGET_RES.items() if pattern.search(low))


_REGIONS_WORD = ci_scan(r"\b(?:regions|oblasts)\b")


def _locations(attacker: str, sentences: list[SentenceView], place_info) -> list[str]:
    """Places of the attacked country named in the sentences, minus launch sites and reference
    points ('near Kyiv'); a city listed as one of several 'regions' is its oblast."""
    target_country = OTHER_SIDE.get(attacker)
    locations: list[str] = []
    for sentence in sentences:
        low = fold(sentence.text)
        regions_word = _REGIONS_WORD.search(low)
        directions = LAUNCH_DIRECTIONS.search(low)
        for mention in sentence.of_kind("place"):
            name, kind, country = place_info.get(mention.canonical_id, (mention.canonical_name, "", ""))
            if kind not in {"city", "oblast", "region"} or country != target_country:
                continue
            if directions and directions.start() < mention.start:
                continue
            if NOT_TARGET_BEFORE.search(low[max(0, mention.start - 30):mention.start]):
                continue
            if regions_word and regions_word.end() <= mention.start and kind == "city":
                oblast = f"{name} Oblast"
                if any(info[0] == oblast for info in place_info.values()):
                    name = oblast
            if name not in locations:
                locations.append(name)
    return locations
