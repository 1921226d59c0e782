"""Drone and missile waves from news sentences: launched / intercepted figures, casualties, who
attacked, when and where.

How a figure is read (rules, not article-specific phrases):
- its weapon is the gazetteer weapon named right after the number ('653 drones', '121 Ukrainian
  drones', '97 Shahed, Gerber strike UAVs') -> drone or missile category;
- its role comes from the verb that governs it: a passive cue right after it ('were shot down'),
  else the nearest cue before it in the same clause ('launched 653 drones and 51 missiles');
  'X of Y' with an interception verb gives intercepted X of launched Y; hits are not counts we keep;
- its attacker: the weapon's nationality ('Ukrainian drones'), else the defender named in the
  sentence ('Russian forces shot down ...' -> Ukraine attacked), else who launched, else the
  article's running context, else the side whose places are hit, else Russia;
- cumulative and background figures ('since the beginning of the year', 'in November') are skipped;
  approximate figures ('almost 90', 'dozens') become claims with a range and never set a count.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from transforms.article_view import ArticleView, Mention, SentenceView, claim
from transforms.dates import find_date_phrases, resolve
from transforms.quantities import Quantity, find_quantities

COUNT_FIELDS = ("drones_launched", "missiles_launched", "drones_intercepted", "missiles_intercepted", "killed", "injured")
OTHER_SIDE = {"Russia": "Ukraine", "Ukraine": "Russia"}

_I = re.IGNORECASE
# Verb cues. Order inside an alternation matters only for overlaps; matching is by position.
LAUNCH_CUE = re.compile(
    r"\b(?:launch(?:ed|ing|es)?|fir(?:ed|ing)|deploy(?:ed|ing)|us(?:ed|ing)|sen(?:t|ding)|unleash(?:ed|ing)|"
    r"attack(?:ed|ing)?(?:\s+\w+){0,3}\s+with|attacked|targeted(?:\s+\w+){0,3}\s+with|"
    r"(?:barrage|wave|salvo|swarm|volley)s?\s+of|involving|comprising|consisting\s+of)\b", _I)
INTERCEPT_CUE = re.compile(
    r"\b(?:shot\s+down|shoot(?:ing|s)?\s+down|down(?:ed|ing)|destroy(?:ed|ing|s)|neutrali[sz](?:ed|ing|es)|"
    r"intercept(?:ed|ing|s)?|suppress(?:ed|ing|es)|eliminat(?:ed|ing|es)|jamm(?:ed|ing)|repel(?:led|ling|s)?|"
    r"brought\s+down|taken\s+down|defeated|disabled|(?:locally\s+)?lost\s+(?:from\s+radar|locally|due\s+to)|"
    r"were\s+(?:locally\s+)?lost)\b", _I)
HIT_CUE = re.compile(r"\b(?:hit(?:s|ting)?|struck|striking|reached|impact(?:ed|s)?|fell|crashed|penetrated)\b", _I)

CUMULATIVE = re.compile(
    r"\b(?:since\s+the\s+(?:beginning|start)\s+of|since\s+(?:February\s+)?20[12]\d|since\s+the\s+full[- ]scale|"
    r"so\s+far\s+this\s+(?:year|month|week)|this\s+year\s+alone|in\s+total\s+since|over\s+the\s+(?:past|last)\s+"
    r"(?:\w+\s+)?(?:days|weeks|months|years|year|month|week)|per\s+(?:day|night|month|week)|a\s+(?:day|night|month)\b|"
    r"each\s+(?:day|night|month)|every\s+(?:day|night|month)|on\s+average|daily\s+average|in\s+(?:January|February|"
    r"March|April|May|June|July|August|September|October|November|December)(?:\s+20\d\d)?\s*(?:,|alone)|"
    r"during\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)|"
    r"throughout\s+the\s+war|since\s+the\s+war\s+began|record\s+(?:number|month))\b", _I)
STRIKE_WORDS = re.compile(
    r"\b(?:drones?|UAVs?|missiles?|rockets?|Shaheds?|attack(?:s|ed)?|strikes?|struck|shelling|barrage|"
    r"bombard\w*|air\s+raid|explosions?|killed|injured|wounded|hurt|dead|died)\b", _I)
CASUALTY_AFTER = re.compile(
    r"^\s*(?:(?:other\s+)?(?:people|persons|civilians|residents|children|kids|women|men|others|more|"
    r"individuals|passengers|workers|employees|rescuers|medics|teenagers|of\s+them)\s+)?"
    r"(?:(?:were|was|have\s+been|had\s+been|are|got|reportedly)\s+){0,2}(?P<verb>killed|dead|died|wounded|injured|hurt)\b", _I)
CASUALTY_BEFORE = re.compile(
    r"(?P<verb>killed|killing|kills|injured|injuring|injures|wounded|wounding|wounds|hurt|hurting|"
    r"death\s+toll\s+(?:rose|rises|climbed|has\s+risen|reached|stands\s+at|stood\s+at)\s+to|death\s+toll\s+of|"
    r"claimed\s+the\s+lives\s+of|left)\s+(?:at\s+least\s+)?$", _I)
CASUALTY_NOUN_AFTER = re.compile(
    r"^\s*(?:\w+\s+)?(?:people|persons|civilians|residents|children|kids|women|men|others|individuals|passengers|"
    r"workers|employees|rescuers|medics|teenagers|dead|wounded|injured)\b", _I)
SINGLE_VICTIM = re.compile(
    r"\b(?:a|an|one)\s+(?:\d+-year-old\s+)?(?:(?:young|elderly|old|local)\s+)?(?:boy|girl|man|woman|child|teenager|"
    r"person|civilian|resident|pensioner|driver|rescuer|worker|baby|infant)\s+(?:was|has\s+been|had\s+been)\s+"
    r"(?P<verb>killed|injured|wounded|hurt)\b", _I)
MILITARY_VICTIMS = re.compile(r"^\s*(?:\w+\s+)?(?:soldiers|troops|servicemen|service\s+members|fighters|militants|personnel)\b", _I)
BREAKDOWN_AFTER = re.compile(r"^\s*(?:of\s+(?:them|which|those|these|whom)|among\s+them)\b", _I)
X_OF_Y = re.compile(r"^\s*(?:out\s+)?of\s+(?:the\s+)?$", _I)
PERIOD_DAY = re.compile(r"\b(?:throughout\s+the\s+day|during\s+the\s+day|in\s+the\s+daytime|since\s+(?:the\s+)?morning|over\s+a\s+period\s+of|in\s+the\s+afternoon)\b", _I)
PERIOD_NIGHT = re.compile(r"\b(?:overnight|during\s+the\s+night|at\s+night|night\s+of|last\s+night|in\s+the\s+early\s+hours)\b", _I)
REGIONAL_SUBSET = re.compile(r"\b(?:over|in|above)\s+(?:the\s+)?(?:[A-Z][\w-]+\s+)?(?:region|oblast|province|district)\b(?!s)", _I)
# A place right after these is where weapons came from or a reference point, not what was hit.
NOT_TARGET_BEFORE = re.compile(r"\b(?:from|north\s+of|south\s+of|east\s+of|west\s+of|outside|near|toward|towards|to)\s+(?:the\s+)?$", _I)
LAUNCH_DIRECTIONS = re.compile(r"\b(?:from\s+the\s+(?:following\s+)?directions?|launched\s+from|launch\s+(?:sites?|areas?)|from\s+the\s+direction\s+of)\b", _I)
HIT_CONTEXT = re.compile(r"\b(?:struck|hit|attacks?\s+on|strikes?\s+on|targeted|damag\w+|destroyed|blackouts?|explosions?|fires?\s+broke\s+out)\b", _I)
CLAUSE_BREAK = re.compile(r"[;(\)]|:\s|\s[—–]\s|\bbut\b|\bwhile\b|\bwhereas\b|\bwhich\b", _I)

NATIONALITY = {
    "Russia": re.compile(r"\b(?:Russian|Russia['’]s|enemy\s+Russian)\b", _I),
    "Ukraine": re.compile(r"\b(?:Ukrainian|Ukraine['’]s)\b", _I),
}
DEFENDER = {
    "Russia": re.compile(
        r"\b(?:Russian|Russia['’]s|Moscow['’]s)\s+(?:\w+\s+){0,2}(?:air[- ]defen[cs]es?|forces|military|army|troops|"
        r"defen[cs]e\s+ministry|ministry\s+of\s+defen[cs]e|MoD|(?:air\s+)?defen[cs]e\s+units|mayor|governor|authorities)\b|"
        r"\bRussia\s+(?:said|says|claims?|claimed|reported)\b|\bMoscow\s+Mayor\b|\bKremlin\b", _I),
    "Ukraine": re.compile(
        r"\b(?:Ukrainian|Ukraine['’]s|Kyiv['’]s)\s+(?:\w+\s+){0,2}(?:air[- ]?(?:force|defen[cs]e)s?|forces|military|army|"
        r"defen[cs]e\s+forces|mobile\s+fire\s+groups)\b|\bAir\s+Force\s+of\s+the\s+Armed\s+Forces\s+of\s+Ukraine\b|"
        r"\bDefen[cs]e\s+Forces\s+of\s+Ukraine\b|\bUkraine\s+(?:said|says|claims?|claimed|reported)\b", _I),
}
LAUNCHER = {
    "Russia": re.compile(
        r"\b(?:Russia|Russian\s+(?:forces|troops|army|military)|Moscow|the\s+Russians)\s+(?:\w+\s+){0,3}?"
        r"(?:launched|fired|attacked|struck|carried\s+out|targeted|hit|unleashed|pounded|shelled|bombarded|sent)\b|"
        r"\bRussian\s+(?:\w+\s+){0,3}?(?:attacks?|strikes?|assaults?|barrages?|waves?|bombardments?|shelling)\b|"
        r"\bRussia['’]s\s+(?:\w+\s+){0,3}?(?:attacks?|strikes?|assaults?|barrages?|bombardment)\b", _I),
    "Ukraine": re.compile(
        r"\b(?:Ukraine|Ukrainian\s+(?:forces|troops|army|military)|Kyiv|the\s+Ukrainians)\s+(?:\w+\s+){0,3}?"
        r"(?:launched|fired|attacked|struck|carried\s+out|targeted|hit|sent)\b|"
        r"\bUkrainian\s+(?:\w+\s+){0,3}?(?:attacks?|strikes?|assaults?|barrages?|raids?)\b|"
        r"\bUkraine['’]s\s+(?:\w+\s+){0,3}?(?:attacks?|strikes?|raids?)\b|\bits\s+drones\b.{0,40}\bstruck\b", _I),
}
CLAIMANT_CUE = re.compile(r"\b(?:said|says|reported|reports|claimed|claims|stated|according\s+to|announced|told)\b", _I)
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
_TARGET_RES = {kind: re.compile(pattern, _I) for kind, pattern in TARGET_KINDS.items()}
_MODIFIER_GAP = re.compile(r"^[\s“”\"'’(]*(?:[A-Za-z][\w’'-]*[\s,“”\"]*){0,4}$")
_GAP_STOP = re.compile(r"\b(?:of|and|or|were|was|in|on|at|to|from|by|with|for|over|across|people|which|that|as|the)\b", _I)


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


@dataclass
class _Group:
    attacker: str
    figures: list[Figure] = field(default_factory=list)


def _weapon_after(sentence: SentenceView, pos: int, weapon_category: dict[str, str]) -> tuple[str, Mention] | None:
    """The weapon named right after a number, allowing a few modifiers in between."""
    text = sentence.text
    for mention in sentence.mentions:
        if mention.kind != "weapon" or mention.start < pos:
            continue
        gap = text[pos:mention.start]
        if len(gap) > 45 or not _MODIFIER_GAP.match(gap) or _GAP_STOP.search(gap) or re.search(r"\d", gap):
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


def _role(sentence: SentenceView, q_start: int, unit_end: int) -> str | None:
    text = sentence.text
    after = text[unit_end:unit_end + 60]
    stop = re.search(r"[;(),.]|\s[—–-]\s", after)
    forward = after[:stop.start()] if stop else after
    passive = re.match(
        r"^\s*(?:(?:and|\+|&)\s+[\d,]+\s+[\w’'-]+\s+)?(?:(?:were|was|have\s+been|had\s+been|being|are|got|reportedly|all|successfully)\s+){0,3}"
        r"(?P<verb>[\w\s]{0,22}?)$", forward[:40])
    for cue_re, role in ((INTERCEPT_CUE, "intercepted"), (HIT_CUE, "hit"), (LAUNCH_CUE, "launched")):
        match = cue_re.search(forward)
        if match and not re.search(r"\b(?:that|which|who|after|before|while|when)\b", forward[:match.start()], _I) \
                and len(forward[:match.start()].split()) <= 6 and passive is not None:
            return role
    window = _clause_window(text, q_start)
    best: tuple[int, str] | None = None
    for cue_re, role in ((LAUNCH_CUE, "launched"), (INTERCEPT_CUE, "intercepted"), (HIT_CUE, "hit")):
        for match in cue_re.finditer(window):
            if best is None or match.start() > best[0]:
                best = (match.start(), role)
    return best[1] if best else None


def _attacker_from_weapon_phrase(phrase: str) -> str | None:
    for side, pattern in NATIONALITY.items():
        if pattern.search(phrase):
            return side
    return None


def _sentence_attacker(sentence: SentenceView, role: str | None, before: str) -> str | None:
    text = sentence.text
    if role == "intercepted":
        for side, pattern in DEFENDER.items():
            if pattern.search(text):
                return OTHER_SIDE[side]
        for mention in sentence.of_kind("person"):
            pass
    for side, pattern in LAUNCHER.items():
        if pattern.search(text):
            return side
    if re.search(r"\benemy\b", before, _I):
        return None  # perspective-dependent; decided by context
    return None


def _places_side(sentence: SentenceView, place_country: dict[str, str]) -> str | None:
    countries = {place_country.get(m.canonical_id) for m in sentence.of_kind("place")}
    if "Russia" in countries and "Ukraine" not in countries:
        return "Ukraine"
    if "Ukraine" in countries and "Russia" not in countries:
        return "Russia"
    return None


def _claimant(sentence: SentenceView) -> str | None:
    if not CLAIMANT_CUE.search(sentence.text):
        return None
    for mention in sentence.mentions:
        if mention.kind in {"organisation", "person"}:
            return mention.canonical_name
    return None


def _sentence_date(sentence: SentenceView, article: ArticleView):
    """The first date phrase of the sentence that can name an attack day."""
    for phrase in find_date_phrases(sentence.text):
        if phrase.kind in {"this_week", "month_year"}:
            continue
        if CUMULATIVE.search(sentence.text[max(0, phrase.start - 30):phrase.end + 5]):
            continue
        resolved = resolve(phrase, article.published, None)
        if resolved.precision == "unknown" and resolved.month is None:
            continue
        return resolved
    return None


def _casualty(sentence: SentenceView, q: Quantity) -> str | None:
    text = sentence.text
    after = text[q.end:q.end + 60]
    before = text[max(0, q.start - 60):q.start]
    if MILITARY_VICTIMS.match(after):
        return None
    match = CASUALTY_AFTER.match(after)
    if not match:
        match = CASUALTY_BEFORE.search(before)
        if match and match.group("verb").lower() == "left" and not re.match(r"^\s*(?:\w+\s+)?(?:people\s+)?(?:dead|killed|injured|wounded)", after, _I):
            return None
        if match and not CASUALTY_NOUN_AFTER.match(after) and not re.match(r"^\s*(?:$|[,.;]|and\b)", after):
            return None
    if not match:
        return None
    verb = match.group("verb").lower()
    if verb.startswith(("kill", "dead", "died", "death", "claimed")):
        return "killed"
    if verb == "left":
        return "killed" if re.search(r"\b(?:dead|killed)\b", after[:30], _I) else "injured"
    return "injured"


def extract_strikes(article: ArticleView, weapon_category: dict[str, str], place_info: dict[str, tuple[str, str, str]]) -> tuple[list[dict], list[dict]]:
    """Strike reports (parsed.strike_reports rows) and their claims for one article.

    weapon_category: weapon canonical_id -> 'drone' | 'missile' | other.
    place_info: place canonical_id -> (canonical name, kind, country).
    """
    place_country = {pid: info[2] for pid, info in place_info.items()}
    figures: list[Figure] = []
    location_sentences: dict[str, list[SentenceView]] = defaultdict(list)
    context_attacker: str | None = None
    context_age = 99
    article_night = False
    article_date = None
    for sentence in article.sentences:
        text = sentence.text
        context_age += 1
        if not STRIKE_WORDS.search(text):
            continue
        sentence_side = None
        for side, pattern in LAUNCHER.items():
            if pattern.search(text):
                sentence_side = side
                break
        if sentence_side:
            context_attacker, context_age = sentence_side, 0
        if CUMULATIVE.search(text):
            continue
        sdate = _sentence_date(sentence, article)
        if sdate is not None and article_date is None and (sentence.of_kind("weapon") or sentence_side):
            article_date = sdate
        if PERIOD_NIGHT.search(text):
            article_night = True
        period = "day" if PERIOD_DAY.search(text) else ("night" if PERIOD_NIGHT.search(text) else None)
        claimant = _claimant(sentence)
        quantities = [q for q in find_quantities(text) if not re.match(r"^\s*(?:%|percent|per\s+cent|km|kilomet|miles|hours?|minutes?|years?|am|pm|a\.m|p\.m)", text[q.end:q.end + 10], _I)]
        date_spans = [(p.start, p.end) for p in find_date_phrases(text)]
        quantities = [q for q in quantities if not any(s <= q.number_start < e for s, e in date_spans)]
        consumed: set[int] = set()
        sentence_weapons = [m.canonical_name for m in sentence.of_kind("weapon")]
        for i, q in enumerate(quantities):
            if i in consumed:
                continue
            after = text[q.end:]
            if BREAKDOWN_AFTER.match(after):
                continue
            # 'X of Y <weapons>'
            if i + 1 < len(quantities) and X_OF_Y.match(text[q.end:quantities[i + 1].start]):
                total = quantities[i + 1]
                weapon = _weapon_after(sentence, total.end, weapon_category)
                consumed.add(i + 1)
                if weapon is None:
                    continue
                category, mention = weapon
                role = _role(sentence, q.start, mention.end)
                phrase = text[q.start:mention.end]
                attacker = (_attacker_from_weapon_phrase(phrase) or _sentence_attacker(sentence, "intercepted", text[:q.start])
                            or (context_attacker if context_age <= 3 else None) or _places_side(sentence, place_country) or "Russia")
                if role == "intercepted":
                    figures.append(Figure(f"{category}s_intercepted", q, attacker, sentence, period, sdate, claimant, sentence_weapons))
                figures.append(Figure(f"{category}s_launched", total, attacker, sentence, period, sdate, claimant, sentence_weapons))
                continue
            weapon = _weapon_after(sentence, q.end, weapon_category)
            if weapon is not None:
                category, mention = weapon
                role = _role(sentence, q.start, mention.end)
                if role not in {"launched", "intercepted"}:
                    continue
                phrase = text[q.start:mention.end]
                attacker = (_attacker_from_weapon_phrase(phrase) or _sentence_attacker(sentence, role, text[:q.start])
                            or (context_attacker if context_age <= 3 else None) or _places_side(sentence, place_country) or "Russia")
                subset = bool(REGIONAL_SUBSET.search(text[mention.end:mention.end + 60]))
                figures.append(Figure(f"{category}s_{role}", q, attacker, sentence, period, sdate, claimant, sentence_weapons, subset))
                continue
            victims = _casualty(sentence, q)
            if victims:
                attacker = (sentence_side or (context_attacker if context_age <= 3 else None)
                            or _places_side(sentence, place_country) or "Russia")
                figures.append(Figure(victims, q, attacker, sentence, period, sdate, claimant, []))
        for match in SINGLE_VICTIM.finditer(text):
            verb = match.group("verb").lower()
            q = Quantity(match.group(0), 1.0, 1.0, 1.0, "exact", match.start(), match.end(), match.start())
            attacker = sentence_side or (context_attacker if context_age <= 3 else None) or _places_side(sentence, place_country) or "Russia"
            figures.append(Figure("killed" if verb == "killed" else "injured", q, attacker, sentence, period, sdate, claimant, []))
        if figures and figures[-1].sentence is sentence:
            context_attacker, context_age = figures[-1].attacker, 0
        elif HIT_CONTEXT.search(text):
            side = sentence_side or (context_attacker if context_age <= 2 else None)
            if side:
                location_sentences[side].append(sentence)

    if article_date is None and article_night and article.published is not None:
        article_date = resolve(find_date_phrases("overnight")[0], article.published)
    return _reports(article, figures, article_date, place_info, location_sentences)


def _date_key(resolved) -> tuple:
    if resolved is None:
        return ("none",)
    if resolved.start is not None:
        return ("day", resolved.start)
    return ("md", resolved.month, resolved.day)


def _reports(article: ArticleView, figures: list[Figure], article_date, place_info,
             location_sentences: dict[str, list[SentenceView]]) -> tuple[list[dict], list[dict]]:
    groups: dict[tuple, list[Figure]] = defaultdict(list)
    for fig in figures:
        resolved = fig.date_resolved or article_date
        groups[(fig.attacker, _date_key(resolved))].append(fig)
    reports: list[dict] = []
    claims: list[dict] = []
    for (attacker, date_key), members in groups.items():
        periods = {f.period for f in members if f.period}
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
            primary = location_sentences.pop(attacker, [])  # context sentences go to the side's first wave
            extra = _locations(attacker, primary, place_info)
            row["locations"] += [loc for loc in extra if loc not in row["locations"]]
            row["targets"] += [t for t in _targets(primary) if t not in row["targets"]]
            for fig in figs:
                q = fig.quantity
                claims.append(claim(
                    article.article_id, "strikes", report_key, fig.field, fig.sentence,
                    value=str(int(q.value)) if q.value is not None else q.surface,
                    value_num=q.value if not fig.subset else None,
                    qualifier=("regional subset" if fig.subset else q.qualifier),
                    low=q.low, high=q.high, claimant=fig.claimant, span=(q.start, q.end)))
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
    return [kind for kind, pattern in _TARGET_RES.items() if any(pattern.search(s.text) for s in sentences)]


def _locations(attacker: str, sentences: list[SentenceView], place_info) -> list[str]:
    """Places of the attacked country named in the sentences, minus launch sites and reference
    points ('near Kyiv'); a city listed as one of several 'regions' is its oblast."""
    target_country = OTHER_SIDE.get(attacker)
    locations: list[str] = []
    for sentence in sentences:
        regions_word = re.search(r"\b(?:regions|oblasts)\b", sentence.text, _I)
        directions = LAUNCH_DIRECTIONS.search(sentence.text)
        for mention in sentence.of_kind("place"):
            name, kind, country = place_info.get(mention.canonical_id, (mention.canonical_name, "", ""))
            if kind not in {"city", "oblast", "region"} or country != target_country:
                continue
            if directions and directions.start() < mention.start:
                continue
            if NOT_TARGET_BEFORE.search(sentence.text[max(0, mention.start - 30):mention.start]):
                continue
            if regions_word and regions_word.end() <= mention.start and kind == "city":
                oblast = f"{name} Oblast"
                if any(info[0] == oblast for info in place_info.values()):
                    name = oblast
            if name not in locations:
                locations.append(name)
    return locations
