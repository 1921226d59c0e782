"""Numbered peace plans from news sentences: which plan, who sponsors it, what it provides, and
where each party stands.

How a plan is read (rules, not article-specific phrases):
- only numbered plans are reports: 'N-point (peace) plan/proposal/framework/...' with N in digits
  or words, or 'all N points' when the sentence or the one before speaks of a plan; 'N points'
  meaning a score ('3 percentage points', 'points ahead') never counts;
- sponsors come from cues tied to a plan mention: the words before it ("Trump's", 'the U.S.',
  'Washington-backed', 'American'), '(drafted|developed|...) by X', 'developed together with X',
  'with X support', and 'X unveiled/presented/... a N-point plan'. Bare 'Ukraine'/'Russia' before
  'peace plan' name the subject of the plan, not its author; 'in line with Moscow's demands' or
  'in consultation with the Russians' are not sponsorship. When an article names one numbered plan
  only, its definite un-numbered references ('the Washington-backed peace plan') count as well;
- a plan's scope runs from its mention to the next mention of a different numbered plan; inside
  it, a troop cap is a cap cue ('capped at', 'limited to', 'army of', 'no more than') right before
  an exact number with a forces context; current/wartime strengths and approximate figures are
  never caps. Other provisions (territory, NATO, security guarantees, the nuclear plant, sanctions,
  elections, frozen assets, economic, ceasefire) are read only from sentences that say what the plan
  contains, or from the numbered/bulleted list right after a plan mention;
- stances: a party as the subject of a stance cue in a sentence of the scope that refers to the
  plan (rejects / supports / conditional / reviewing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from transforms.article_view import ArticleView, SentenceView, claim
from transforms.casefold import Caseless
from transforms.quantities import Quantity, find_quantities

_I = re.IGNORECASE
FACT = "proposals"

# Case-insensitive patterns are casefold.Caseless: run on the sentence folded once, without
# re.IGNORECASE (about 3x faster), and skipped when it holds none of the literals every match needs.

_UNITS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
          "seventeen|eighteen|nineteen")
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_NUM = rf"(?:\d{{1,2}}|(?:{_TENS})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|{_UNITS})"
_WORD_VALUES = {w: i + 1 for i, w in enumerate(_UNITS.split("|"))}
_WORD_VALUES.update({w: 20 + 10 * i for i, w in enumerate(_TENS.split("|"))})

PLAN_NOUN = (r"(?:counter-?proposal|counter-?plan|plan|proposal|proposals|framework|deal|document|blueprint|initiative|draft|roadmap|road\s+map|"
             r"agreement|memorandum|formula|package|settlement|outline|list|version|text|peace\s+plan)")
# '28-point plan', 'twenty-point peace framework', '20-point U.S.-Ukrainian plan'
NUMBERED = Caseless(re.compile(
    rf"(?<![\w.,-])(?P<num>{_NUM})[- \u2010\u2011]point\b(?P<mid>(?:\s+[\w.'’-]+){{0,4}}?)\s+(?P<noun>{PLAN_NOUN})\b", _I))
# 'All 28 points', "the plan's 28 points", '28 points of the plan'
N_POINTS = Caseless(re.compile(rf"(?<![\w.,-])(?P<num>{_NUM})\s+points\b", _I))
NOT_PLAN_POINTS = re.compile(
    r"^\s*(?:ahead|behind|higher|lower|up|down|lead|in\s+the\s+polls?|percent|of\s+(?:the\s+)?(?:vote|index|support))",
    _I)
PLAN_CONTEXT = Caseless(re.compile(r"\b(?:plan|proposal|framework|document|draft|blueprint|initiative|deal)\b", _I))
PLAN_REF = Caseless(re.compile(r"(?<![\w-])(?:peace\s+)?(?:plan|proposal|framework|draft)\b", _I))
OTHER_PLAN = Caseless(re.compile(
    r"\b(?:counter-?proposals?|counter-?plans?|counter-?offers?|alternative\s+(?:peace\s+)?(?:plan|proposal)|"
    r"rival\s+(?:plan|proposal)|(?:its|their)\s+own\s+(?:peace\s+)?(?:plan|proposal|version))\b", _I))
PLAN_REF_BLOCK = re.compile(r"\b(?:own|counter|alternative|rival|separate|competing|another|other|its\s+own)\s+(?:[\w-]+\s+)?$",
                            _I)

# --- parties ----------------------------------------------------------------------------------
_PARTY_TERMS: list[tuple[str, str]] = [
    ("United States", r"U\.S\.A?\.?|USA|US|America|American|Americans|Washington|(?:the\s+)?United\s+States|"
                      r"White\s+House|Trump|Witkoff|Kushner|Rubio|Vance|Driscoll|Trump\s+administration"),
    ("Ukraine", r"Ukraine|Ukrainian|Ukrainians|Kyiv|Kiev|Zelensky|Zelenskyy|Zelenskiy|Umerov|Yermak|Budanov|Sybiha"),
    ("Russia", r"Russia|Russian|Russians|Moscow|Kremlin|Putin|Dmitriev|Lavrov|Peskov|Ushakov"),
    ("Europe", r"Europe|European|Europeans|EU|E3|European\s+Union|European\s+allies|Macron|Starmer|Merz"),
    ("China", r"China|Chinese|Beijing"),
]
_PARTY_ANY = "|".join(f"(?:{rx})" for _, rx in _PARTY_TERMS)
PARTY_TERM = re.compile(rf"(?<![\w.-])(?P<term>{_PARTY_ANY})(?P<poss>['’]s?)?(?![\w])")
# Country nouns used attributively name the plan's subject ('the Ukraine peace plan').
TOPIC_NOUNS = {"Ukraine", "Russia"}
SPONSOR_COMPOUND = re.compile(
    r"^[-\u2010\u2011](?:backed|drafted|brokered|authored|proposed|led|crafted|sponsored|written|developed|designed|"
    r"made|penned)\b", _I)
PAIR_COMPOUND = re.compile(rf"^[-\u2010\u2011/](?:{_PARTY_ANY})\b")
# Words that may stand between a sponsor adjective and the plan count ('the American revised 28-point').
NP_FILLER = re.compile(
    r"(?:the|a|an|its|their|this|that|original|revised|new|updated|amended|modified|controversial|latest|draft|"
    r"initial|proposed|so-called|leaked|full|first|second|final|peace|much-criticized|much-criticised|"
    r"widely-criticized|secret|earlier|current|reworked|[\w]*-(?:backed|drafted|brokered|authored|led|crafted))", _I)
PREFIX_BOUNDARY = Caseless(re.compile(
    r"[,;:()\"“”]|\b(?:to|for|from|with|against|on|about|over|that|which|of|in|at|than|toward|towards|favou?ring|"
    r"into|between|under|by|after|before|amid|as|is|was|were|are|has|have|had)\b", _I))

BY_SPONSOR = Caseless(re.compile(
    r"\b(?:drafted|developed|proposed|put\s+forward|unveiled|presented|authored|co-authored|prepared|written|"
    r"crafted|brokered|backed|sponsored|floated|submitted|tabled|designed|devised|promoted|pushed)\s+"
    r"(?:(?:primarily|mainly|largely|jointly|reportedly|originally|initially)\s+)?by\s+(?P<who>[^,;:.()]{1,80})", _I))
WITH_SPONSOR = Caseless(re.compile(
    r"\b(?:(?:developed|drafted|prepared|written|crafted|agreed|worked\s+out)\s+)?(?:together|jointly|in\s+cooperation|"
    r"in\s+coordination|in\s+partnership)\s+with\s+(?P<who>[^,;:.()]{1,60})|\bwith\s+(?P<who2>[\w.'’ -]{1,30}?)\s+"
    r"(?:support|backing)\b", _I))
WHO_STOP = re.compile(r"\b(?:in|to|that|which|who|after|before|as|and\s+then|for|on|amid|while|but|with)\b", _I)
SUBJECT_VERB = Caseless(re.compile(
    r"\b(?:unveiled|presented|proposed|put\s+forward|drafted|submitted|developed|prepared|tabled|released|"
    r"introduced|handed|sent|delivered|floated|offered|crafted|authored|circulated|drew\s+up|drawn\s+up)\b", _I))

REVISED = re.compile(
    r"\b(?:revised|updated|amended|modified|reworked|refined|redrafted|revamped|new\s+version|revision|latest|"
    r"slimmed[- ]down|pared[- ]down|streamlined)\b", _I)

# --- provisions -------------------------------------------------------------------------------
_CONTENT_VERB = (
    r"provides?|provided|includes?|included|requires?|required|specif(?:y|ies|ied)|prohibits?|prohibited|bans?|"
    r"banned|calls?\s+for|called\s+for|envisages?|envisaged|envisions?|envisioned|stipulates?|stipulated|proposes?|"
    r"contains?|contained|demands?|demanded|guarantees?|grants?|foresees?|foresaw|sets?\s+out|outlines?|outlined|"
    r"freezes?|froze|recogni[sz]es?|allows?|permits?|lets|obliges?|commits?|gives?|caps?|limits?|says|offers?|"
    r"reaffirms?|mandates?|keeps?|leaves?|sets?")
_CONTENT_ADVERB = r"(?:also|explicitly|reportedly|further|specifically|still|now|even|effectively|essentially|reportedly|only)"
# 'The plan explicitly requires ...', "Trump's proposal would ...", 'It also provides for ...'
CONTENT = Caseless(re.compile(
    rf"\b(?:(?:plan|proposal|framework|document|draft|deal|blueprint|text|point\s+\d+)['’]?s?(?:\s+{_CONTENT_ADVERB})*"
    rf"\s+(?:(?:would|will|could)\s+(?:{_CONTENT_ADVERB}\s+)?)?(?:{_CONTENT_VERB}|would|will)"
    rf"|\b[Ii]t(?:\s+{_CONTENT_ADVERB})*\s+(?:{_CONTENT_VERB}))\b", _I))
CONTENT_AFTER = Caseless(re.compile(
    r"\b(?:under|in|by|according\s+to|as\s+part\s+of)\s+(?:the\s+)?(?:[\w'’.-]+\s+){0,3}"
    r"(?:plan|proposal|framework|draft|document|deal)\b", _I))
MODAL = Caseless(re.compile(r"\b(?:would|will|shall|must)\b", _I))
LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[-•·→✔*▪●–]|\u2192)\s*")
CATEGORIES: list[tuple[str, Caseless]] = [(category, Caseless(rx)) for category, rx in [
    ("territory", re.compile(
        r"\b(?:cede|ceding|cession|recogni[sz]\w*\s+(?:[\w'’,-]+\s+){0,6}?(?:as\s+)?(?:de\s+facto\s+)?Russian|"
        r"withdraw\w*\s+(?:\w+\s+){0,4}?from|withdrawal|front\s*[- ]?lines?|line\s+of\s+contact|demilitari[sz]ed|"
        r"buffer\s+zones?|territor\w+|land\s+swaps?|Donbas|Crimea|Donetsk|Luhansk)\b", _I)),
    ("nato", re.compile(r"\bNATO\b|\bNorth\s+Atlantic\s+Alliance\b|\bthe\s+Alliance\b")),
    ("security_guarantees", re.compile(
        r"\b(?:security\s+(?:guarantees?|assurances?|arrangements?)|guarantees?|Article\s+5|reassurance\s+force)\b", _I)),
    ("nuclear_plant", re.compile(r"\b(?:Zaporizhzhia\s+(?:nuclear|NPP)|nuclear\s+(?:power\s+)?(?:plant|station)|ZNPP)\b", _I)),
    ("sanctions", re.compile(r"\bsanction", _I)),
    ("elections", re.compile(r"\b(?:elections?|referend(?:um|a))\b", _I)),
    ("frozen_assets", re.compile(r"\b(?:frozen|immobili[sz]ed)\s+(?:\w+\s+){0,2}(?:assets|funds|reserves)\b", _I)),
    ("economic", re.compile(
        r"\b(?:reconstruction|rebuild\w*|economic\s+(?:aid|cooperation|development|zones?|recovery)|trade\s+agreements?|"
        r"investment\s+fund|development\s+fund|free\s+economic)\b", _I)),
    ("ceasefire", re.compile(r"\b(?:cease-?fire|truce|non-aggression|cessation\s+of\s+hostilities)\b", _I)),
]]

CAP_BEFORE = re.compile(
    r"(?:\bcapped\s+at|\bcap(?:s|ping)?\s+(?:[\w'’,.-]+\s+){0,4}?(?:at|of|to)|\bceiling\s+of|"
    r"\blimit(?:s|ed|ing)?\s+(?:[\w'’,.-]+\s+){0,5}?(?:to|at|of)|\blimited|\blimit\s+of|"
    r"\breduc(?:e|ed|es|ing|tion)\s+(?:[\w'’,.-]+\s+){0,5}?to|\bshrink\w*\s+(?:[\w'’,.-]+\s+){0,5}?to|"
    r"\bcut\s+(?:[\w'’,.-]+\s+){0,5}?to|\b(?:army|armed\s+forces|military|force|forces|troops)\s+(?:of|at)|"
    r"\bno\s+more\s+than|\bnot\s+(?:to\s+)?exceed(?:ing)?|\bmaximum\s+(?:\w+\s+)?of|\bmaximum)"
    r"\s+(?:(?:up\s+to|some)\s+)?$", _I)
STRONG_AFTER = re.compile(r"^-strong\s+(?:[\w-]+\s+)?(?:army|military|armed\s+forces|force)\b", _I)
FORCES = Caseless(re.compile(
    r"\b(?:armed\s+forces|army|armies|troops|military|personnel|servicemen|soldiers|forces|service\s*members|"
    r"servicepeople|men\s+under\s+arms)\b", _I))
NOT_CAP_UNIT = re.compile(
    r"^\s*(?:%|percent|per\s+cent|square|sq|km|kilomet|miles|dollars|euros|\$|drones|missiles|tanks|shells|"
    r"civilians|customers|people\s+(?:killed|displaced)|refugees|km2|hectares)", _I)
LARGE_NUMBER = Caseless(re.compile(r"\d|hundred|thousand|million|dozen", _I))
CURRENT_STRENGTH = re.compile(
    r"\b(?:current(?:ly)?|existing|present|now|today|wartime|active|strength|peak|from|at\s+present|stands?\s+at|"
    r"approximately|about|around|roughly|nearly|almost|some|estimated)\b", _I)

# --- stances ----------------------------------------------------------------------------------
STANCE_CUES: list[tuple[str, Caseless]] = [(stance, Caseless(rx)) for stance, rx in [
    ("conditional", re.compile(
        r"\b(?:looks?\s+better|improv\w*\s+(?:[\w'’-]+\s+){0,4}?but|some\s+(?:[\w'’-]+\s+){0,4}?(?:(?:appear|seem|are|is)\s+)?"
        r"(?:somewhat\s+)?acceptable|somewhat\s+acceptable|partially\s+acceptable|acceptable\s+only|only\s+if|"
        r"conditional(?:ly)?|with\s+(?:some\s+)?reservations|in\s+principle|(?:as\s+)?a\s+(?:good\s+)?basis|"
        r"positive\s+elements|(?:could|can|would)\s+(?:serve\s+as|be|form)\s+(?:a|the)\s+(?:starting\s+point|basis)|"
        r"starting\s+point)\b", _I)),
    ("reviewing", re.compile(
        r"\b(?:studying|reviewing|review(?:ing)?\s+(?:the|it)|(?:response|reply|answer)\s+(?:\w+\s+){0,5}?pending|"
        r"has\s+not\s+(?:yet\s+)?been\s+confirmed|not\s+(?:yet\s+)?been\s+confirmed|(?:will|would)\s+study|examining|analy[sz]ing|"
        r"yet\s+to\s+(?:respond|reply|decide|comment)|has\s+not\s+(?:yet\s+)?(?:responded|replied|decided)|awaiting|"
        r"considering|weighing|assessing)\b", _I)),
    ("rejects", re.compile(
        r"\b(?:rejected|rejects|reject|rejecting|rejection|unacceptable|opposition|opposes|opposed|oppose|"
        r"not\s+suitable|unsuitable|refuses?|refused|refusing|will\s+not\s+(?:give\s+up|accept|agree|sign)|"
        r"(?:will|would|could|does|do|did|can)\s*(?:not|n['’]t)\s+(?:accept|agree\s+to|sign|support|back|endorse)|"
        r"won['’]t\s+(?:accept|agree|sign)|cannot\s+accept|can['’]t\s+accept|dismissed|dismisses|non-starter|"
        r"dissatisfied|denounced|denounces|slammed|condemned)\b", _I)),
    ("supports", re.compile(
        r"(?<![-\w])(?:backed|backs|welcomed|welcomes|supports|supported|agreed\s+to|agrees\s+to|accepted|accepts|"
        r"endorsed|endorses|approved|approves|praised|embraced|signed\s+off\s+on)\b", _I)),
]]
NEGATED = re.compile(r"\b(?:not|never|n['’]t|no\s+longer)\s+(?:\w+\s+)?$", _I)
STANCE_NOUNS = re.compile(r"^(?:opposition|rejection|support|backing|approval|endorsement)$", _I)
OBJECT_PREP = re.compile(
    r"\b(?:to|for|from|with|against|toward|towards|favou?ring|on|of|over|in|into|at|than|about|regarding|"
    r"concerning|by|between)\s+(?:the\s+)?$", _I)
STRICT_PLAN_REF = re.compile(
    r"\b(?:plan|plans|proposal|proposals|framework|draft|blueprint|points|deal|initiative|document|version|"
    r"\d+-point)\b", _I)

# --- patterns the helpers below apply to short spans, compiled once ---------------------------
_NUMBER_PARTS = re.compile(r"[- ]")
SCORE_BEFORE = re.compile(r"\b(?:percentage|basis)\s*$", _I)
PRO_ANTI = re.compile(r"\bpro-?$|\banti-?$", _I)
NP_WORD = re.compile(r"[\w'’.\"“”-]+")
CLAUSE_END = re.compile(r";\s|\s[—–]\s|,\s+(?:but|while|which|whereas)\b")
NOT_SPONSOR_WITH = re.compile(r"\bconsult\w*\s+with\s*$|\bin\s+line\s+with\s*$", _I)
CLAUSE_MARK = re.compile(r"[,;:]")
SUBJECT_CUT = re.compile(r"[,;:]|\b(?:that|which|when|after|before|as|and\s+then)\b", _I)
WORD = re.compile(r"[\w'’.-]+")
AGENT_PREP = re.compile(r"\b(?:by|with|to|for|from)\s+(?:the\s+)?$", _I)
NO_BEFORE = re.compile(r"\bno\s+$", _I)
BY_AFTER = re.compile(r"\s+by\b", _I)
IT_AFTER = re.compile(r"\s+(?:it|them)\b", _I)
PARTY_ADJECTIVES = re.compile(rf"((?:(?:{_PARTY_ANY})['’]?s?\s*(?:,|and|,\s*and)?\s*)+)(?:[\w-]+\s+)?$")
FROM_AFTER = re.compile(r"\s+(?:from|by)\s+(?:the\s+)?([\w.'’ ]{1,30})")
SPONSORED_AFTER = re.compile(r"^[-\u2010\u2011](?:backed|drafted|brokered|led)", _I)
ATTRIBUTIVE_AFTER = re.compile(r"^\s+(?:[\w-]+\s+)?(?:peace\s+)?(?:plan|plans|proposal|proposals|framework|draft|demands?|"
                               r"positions?|territor\w+|forces|troops|army|military)\b", _I)
COORDINATION = re.compile(r"\s*(?:,|and|,\s*and|&)\s*")
INDEFINITE_BEFORE = re.compile(r"\b(?:a|an|any|no)\s+(?:[\w-]+\s+){0,2}$", _I)
DEFINITE_BEFORE = re.compile(r"(?:\bthe|['’]s|\bthis|\bthat|^)\s*(?:[\w.'’\"“”-]+\s+){0,3}$", _I)
NUMBERED_ITEM = re.compile(r"^\s*\d{1,2}[.)]")
_PARTY_FULL = [(party, re.compile(rf"(?:{rx})")) for party, rx in _PARTY_TERMS]


@dataclass
class _Mention:
    pos: int  # sentence position in the article
    n: int
    span: tuple[int, int]
    revised: bool
    scope_start: int = -1  # first sentence of the plan's scope (the previous one for 'All N points')

    def __post_init__(self) -> None:
        if self.scope_start < 0:
            self.scope_start = self.pos


@dataclass
class _Plan:
    n: int
    mentions: list[_Mention] = field(default_factory=list)
    sponsors: dict[str, tuple[SentenceView, tuple[int, int]]] = field(default_factory=dict)


def _num_value(raw: str) -> int | None:
    raw = raw.lower().replace("\u2010", "-").replace("\u2011", "-")
    if raw.isdigit():
        return int(raw)
    parts = _NUMBER_PARTS.split(raw)
    total = 0
    for part in parts:
        if part not in _WORD_VALUES:
            return None
        total += _WORD_VALUES[part]
    return total


@lru_cache(maxsize=1024)
def _party_of(term: str) -> str | None:
    for party, rx in _PARTY_FULL:
        if rx.fullmatch(term.strip()):
            return party
    return None


def _parties_in(text: str) -> list[tuple[str, int, int]]:
    out = []
    for m in PARTY_TERM.finditer(text):
        party = _party_of(m.group("term"))
        if party:
            out.append((party, m.start(), m.end()))
    return out


def _find_mentions(sentences: tuple[SentenceView, ...]) -> list[_Mention]:
    found: list[_Mention] = []
    for pos, s in enumerate(sentences):
        text = s.text
        if "point" not in text.casefold():
            continue  # NUMBERED and N_POINTS both need the word: skip their scans
        taken: list[tuple[int, int]] = []
        for m in NUMBERED.finditer(text):
            n = _num_value(m.group("num"))
            if n is None or not 3 <= n <= 99:
                continue
            window = text[max(0, m.start() - 40):m.end()]
            found.append(_Mention(pos, n, m.span(), bool(REVISED.search(window))))
            taken.append(m.span())
        found[len(found) - len(taken):] = sorted(found[len(found) - len(taken):], key=lambda x: x.span[0])
        for m in N_POINTS.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            n = _num_value(m.group("num"))
            if n is None or not 3 <= n <= 99:
                continue
            before = text[:m.start()]
            if SCORE_BEFORE.search(before) or NOT_PLAN_POINTS.match(text[m.end():]):
                continue
            prev = sentences[pos - 1].text if pos > 0 else ""
            if not (PLAN_CONTEXT.search(text) or PLAN_CONTEXT.search(prev)):
                continue
            window = text[max(0, m.start() - 40):m.end()]
            start = pos - 1 if pos > 0 and PLAN_CONTEXT.search(prev) and not LIST_ITEM.match(prev) else pos
            found.append(_Mention(pos, n, m.span(), bool(REVISED.search(window)), start))
    return found


# --- sponsors ---------------------------------------------------------------------------------
def _prefix_sponsors(text: str, start: int) -> list[tuple[str, int, int]]:
    """Parties in the noun phrase right before a plan mention ("Trump's", 'the U.S.', 'Washington-backed')."""
    lo = max(0, start - 60)
    prefix = text[lo:start]
    cut = 0
    for b in PREFIX_BOUNDARY.finditer_in(text, lo, start):
        cut = b.end()
    out = []
    for m in PARTY_TERM.finditer(prefix, cut):
        term, poss = m.group("term"), m.group("poss")
        tail = prefix[m.end():]
        head = prefix[:m.start()]
        if PRO_ANTI.search(head):
            continue
        if tail[:1] in "-\u2010\u2011/" and not (SPONSOR_COMPOUND.match(tail) or PAIR_COMPOUND.match(tail)):
            continue
        if term in TOPIC_NOUNS and not poss and not (SPONSOR_COMPOUND.match(tail) or PAIR_COMPOUND.match(tail)):
            continue
        between = NP_WORD.findall(prefix, m.end())
        if not poss and any(not NP_FILLER.fullmatch(w.strip("\"“”'’")) for w in between if w.strip("\"“”'’")):
            continue
        if poss and len(between) > 3:
            continue
        party = _party_of(term)
        if party:
            out.append((party, lo + m.start(), lo + m.end()))
    return out


def _mid_sponsors(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Parties between the count and the plan noun ('28-point U.S. peace plan'); bare country
    nouns there name the subject ('28-point Ukraine peace plan')."""
    out = []
    for m in PARTY_TERM.finditer(text, start, end):
        term, poss = m.group("term"), m.group("poss")
        tail = text[m.end():end]
        if term in TOPIC_NOUNS and not poss and not SPONSOR_COMPOUND.match(tail):
            continue
        if tail[:1] in "-\u2010\u2011/" and not (SPONSOR_COMPOUND.match(tail) or PAIR_COMPOUND.match(tail)):
            continue
        party = _party_of(term)
        if party:
            out.append((party, m.start(), m.end()))
    return out


def _who(raw: str) -> list[str]:
    stop = WHO_STOP.search(raw)
    if stop:
        raw = raw[:stop.start()]
    found = []
    for party, _, _ in _parties_in(raw):
        if party not in found:
            found.append(party)
    return found


def _sponsors_near(text: str, lo: int, hi: int) -> list[tuple[str, int, int]]:
    """Sponsor cues tied to a plan mention occupying [lo, hi)."""
    out = list(_prefix_sponsors(text, lo))
    tail_end = min(len(text), hi + 120)
    clause_end = CLAUSE_END.search(text[hi:tail_end])
    tail_hi = hi + clause_end.start() if clause_end else tail_end
    for rx in (BY_SPONSOR, WITH_SPONSOR):
        for m in rx.finditer(text, hi, tail_hi):
            if NOT_SPONSOR_WITH.search(text[:m.start() + 20][-40:]):
                continue
            who = next((text[m.start(g):m.end(g)] for g in ("who", "who2") if g in m.re.groupindex and m.start(g) >= 0),
                       "")
            for party in _who(who):
                out.append((party, m.start(), m.end()))
    # 'X unveiled a revised 20-point plan'
    head = text[max(0, lo - 80):lo]
    verb = None
    for v in SUBJECT_VERB.finditer_in(text, max(0, lo - 80), lo):
        verb = v
    obj = [w.strip("\"“”'’") for w in NP_WORD.findall(head, verb.end())] if verb else []
    if verb and len(obj) <= 4 and all(not w or NP_FILLER.fullmatch(w) or PARTY_TERM.fullmatch(w) for w in obj) \
            and not CLAUSE_MARK.search(head, verb.end()):
        base = max(0, lo - 80)
        subj_zone = head[:verb.start()]
        cut = 0
        for b in SUBJECT_CUT.finditer(subj_zone):
            cut = b.end()
        subj = subj_zone[cut:]
        if len(WORD.findall(subj)) <= 6:
            for party, a, b in _parties_in(subj):
                if AGENT_PREP.search(subj[:a]):
                    continue
                out.append((party, base + cut + a, base + cut + b))
    return out


# --- provisions and stances -------------------------------------------------------------------
GROUPED_NUMBER = re.compile(r"(?<![\w.,-])\d{1,3}(?:,\d{3})+(?![\w]|[.,]\d)")


def _cap_candidates(text: str) -> list[Quantity]:
    """Numbers in the sentence. The range reader keeps only the first figure of a decreasing pair
    ('from its current 880,000 to 600,000'); the second is added back as an exact figure. Figures
    inside a real range ('50,000-60,000') stay folded into it."""
    found = find_quantities(text)
    for m in GROUPED_NUMBER.finditer(text):
        if all(m.start() >= q.end or m.end() <= q.start for q in found):
            value = float(m.group(0).replace(",", ""))
            found.append(Quantity(m.group(0), value, value, value, "exact", m.start(), m.end(), m.start()))
    return found


def _troop_caps(text: str) -> list[tuple[float, tuple[int, int], str]]:
    # A cap is 10,000 or more: written with digits or a scale word (number words alone stop at
    # 'ninety-nine' or a four-digit pair such as 'nineteen ninety'; 'dozens' stays below 100).
    if not FORCES.search(text) or not LARGE_NUMBER.search(text):
        return []
    out = []
    for q in _cap_candidates(text):
        before = text[:q.start]
        window = text[max(0, q.number_start - 90):q.number_start]
        cue = CAP_BEFORE.search(window)
        if not cue:
            # 'the plan lets Ukraine keep an 800,000-strong army'
            if not (STRONG_AFTER.match(text[q.end:]) and CONTENT.search(text)
                    and not CURRENT_STRENGTH.search(" ".join(WORD.findall(window)[-3:]))):
                continue
        elif (CURRENT_STRENGTH.search(" ".join(WORD.findall(window, 0, cue.start())[-3:]))
              or CURRENT_STRENGTH.search(cue.group(0).split()[0])):
            continue
        qual = q.qualifier
        if qual == "exact":
            value = q.value
        elif qual == "up to":
            value = q.high
        elif qual == "more than" and NO_BEFORE.search(before):
            value = q.low
        else:
            continue  # approximate figures are never caps
        if value is None or not 10_000 <= value <= 5_000_000:
            continue
        if NOT_CAP_UNIT.match(text[q.end:]):
            continue
        out.append((value, (q.start, q.end), q.qualifier))
    return out


def _content_sentence(text: str) -> bool:
    return bool(CONTENT.search(text) or CONTENT_AFTER.search(text))


def _stance(text: str) -> list[tuple[str, str, tuple[int, int]]]:
    """(party, stance, cue span) for the parties that are subjects of a stance cue."""
    hits: list[tuple[str, re.Match[str]]] = []
    for stance, rx in STANCE_CUES:
        for m in rx.finditer(text):
            if stance in ("supports", "rejects") and NEGATED.search(text[:m.start()]):
                continue  # 'has not rejected', 'did not back': no stance stated
            if stance == "supports" and BY_AFTER.match(text, m.end()):
                continue  # 'backed by X' is sponsorship
            hits.append((stance, m))
    if not hits:
        return []
    by_party: dict[str, tuple[str, tuple[int, int]]] = {}
    order = {"conditional": 0, "reviewing": 1, "rejects": 2, "supports": 3}
    for stance, m in hits:
        if stance in ("rejects", "supports"):
            obj = text[m.end():m.end() + 90]
            if not (STRICT_PLAN_REF.search(obj) or IT_AFTER.match(obj)
                    or STANCE_NOUNS.match(m.group(0)) and STRICT_PLAN_REF.search(text)
                    or STRICT_PLAN_REF.search(text[max(0, m.start() - 60):m.start()])):
                continue
        elif not STRICT_PLAN_REF.search(text):
            continue
        for party in _stance_subjects(text, m):
            prev = by_party.get(party)
            if prev is None:
                by_party[party] = (stance, m.span())
            elif prev[0] != stance:
                pair = {prev[0], stance}
                if pair == {"rejects", "supports"}:
                    by_party[party] = ("conditional", prev[1])
                elif order[stance] < order[prev[0]]:
                    by_party[party] = (stance, m.span())
    return [(party, stance, span) for party, (stance, span) in by_party.items()]


def _stance_subjects(text: str, cue: re.Match[str]) -> list[str]:
    word = cue.group(0)
    if STANCE_NOUNS.match(word):
        # 'fierce Ukrainian and European opposition', 'opposition from Kyiv'
        adj = PARTY_ADJECTIVES.search(text[:cue.start()])
        found = []
        if adj:
            found = [p for p, _, _ in _parties_in(adj.group(1))]
        after = FROM_AFTER.match(text[cue.end():])
        if after:
            found += _who(after.group(1))
        if found:
            return list(dict.fromkeys(found))
    # nearest party term before the cue that is not an object or a plan's adjective
    before = text[:cue.start()]
    lo = 0
    tokens = list(WORD.finditer(before))
    if len(tokens) > 14:
        lo = tokens[-14].start()
    candidates: list[tuple[str, int, int]] = []
    for m in PARTY_TERM.finditer(before, lo):
        tail = before[m.end():]
        if OBJECT_PREP.search(before[:m.start()]):
            continue
        if SPONSORED_AFTER.match(tail):
            continue
        if ATTRIBUTIVE_AFTER.match(tail) and not m.group("poss"):
            continue
        party = _party_of(m.group("term"))
        if party:
            candidates.append((party, m.start(), m.end()))
    if not candidates:
        return []
    # coordinated subjects ('Ukraine and European allies remain dissatisfied ...')
    chosen = [candidates[-1][0]]
    for (p_prev, _, e_prev), (_, s_next, _) in zip(reversed(candidates[:-1]), reversed(candidates[1:]), strict=True):
        if COORDINATION.fullmatch(before, e_prev, s_next):
            chosen.insert(0, p_prev)
        else:
            break
    return list(dict.fromkeys(chosen))


def _foreign_reference(text: str, sponsors: set[str]) -> bool:
    """'The European proposal would ...' inside the scope of a plan Europe did not sponsor: the
    sentence is about another plan."""
    for ref in PLAN_REF.finditer(text):
        named = {p for p, _, _ in _prefix_sponsors(text, ref.start())}
        if named and not named <= sponsors:
            return True
    return False


# --- main -------------------------------------------------------------------------------------
def extract_proposals(article: ArticleView) -> tuple[list[dict], list[dict]]:
    """Proposal reports (parsed.proposal_reports rows) and their claims (fact_table 'proposals')."""
    sentences = article.sentences
    mentions = _find_mentions(sentences)
    if not mentions:
        return [], []
    plans: dict[int, _Plan] = {}
    for m in mentions:
        plans.setdefault(m.n, _Plan(m.n)).mentions.append(m)
    claims: list[dict] = []

    def key(n: int) -> str:
        return f"proposal:{n}"

    mentions_at: dict[int, set[int]] = {}
    for m in mentions:
        mentions_at.setdefault(m.pos, set()).add(m.n)
    scope_starts: dict[int, set[int]] = {}
    for m in mentions:
        scope_starts.setdefault(m.scope_start, set()).add(m.n)

    # sponsors tied to each numbered mention
    for m in mentions:
        s = sentences[m.pos]
        text = s.text
        num_match = NUMBERED.match(text, m.span[0])
        spons = _sponsors_near(text, m.span[0], m.span[1])
        if num_match:
            spons += _mid_sponsors(text, num_match.start("mid"), num_match.end("mid"))
        if not num_match and m.pos > 0 and not PLAN_CONTEXT.search(text):
            prev = sentences[m.pos - 1]
            for ref in PLAN_REF.finditer(prev.text):
                for party, a, b in _sponsors_near(prev.text, ref.start(), ref.end()):
                    plans[m.n].sponsors.setdefault(party, (prev, (a, b)))
        elif not num_match:
            for ref in PLAN_REF.finditer(text):
                spons += _sponsors_near(text, ref.start(), ref.end())
        for party, a, b in spons:
            plans[m.n].sponsors.setdefault(party, (s, (a, b)))

    # one numbered plan only: its definite un-numbered references count too
    other_plan = [OTHER_PLAN.search(s.text) is not None for s in sentences]
    if len(plans) == 1 and not any(other_plan):
        (plan,) = plans.values()
        for s in sentences:
            for ref in PLAN_REF.finditer(s.text):
                head = s.text[max(0, ref.start() - 50):ref.start()]
                if PLAN_REF_BLOCK.search(head) or INDEFINITE_BEFORE.search(head):
                    continue
                if not DEFINITE_BEFORE.search(head):
                    continue
                for party, a, b in _sponsors_near(s.text, ref.start(), ref.end()):
                    plan.sponsors.setdefault(party, (s, (a, b)))

    # scopes: from a mention to the next mention of a different plan
    scope_of: dict[int, int | None] = {}
    current: int | None = None
    for pos in range(len(sentences)):
        here = mentions_at.get(pos) or scope_starts.get(pos)
        if here and len(here) > 1:
            # the sentence itself is ambiguous; what follows is about the newer plan when one is marked
            newer = [m.n for m in mentions if m.pos == pos and m.revised]
            scope_of[pos] = None
            current = newer[0] if len(set(newer)) == 1 else next(m.n for m in mentions if m.pos == pos)
            continue
        if here:
            current = next(iter(here))
        elif other_plan[pos] or (
                current is not None and _foreign_reference(sentences[pos].text, set(plans[current].sponsors))):
            current = None  # a different, un-numbered plan takes over
        scope_of[pos] = current

    provisions: dict[int, list[tuple[str, SentenceView, float | None, tuple[int, int], str | None]]] = {}
    stances: dict[int, list[tuple[str, str, SentenceView, tuple[int, int]]]] = {}
    in_list_of: dict[int, int] = _list_items(sentences, mentions_at, scope_of)
    prev_content = False
    for pos, s in enumerate(sentences):
        n = scope_of.get(pos)
        if n is None:
            prev_content = False
            continue
        text = s.text
        for value, span, qual in _troop_caps(text):
            provisions.setdefault(n, []).append(("troop_cap", s, value, span, qual))
        content = _content_sentence(text) or pos in in_list_of or (prev_content and MODAL.search(text) is not None)
        if content:
            for category, rx in CATEGORIES:
                cm = rx.search(text)
                if cm:
                    provisions.setdefault(n, []).append((category, s, None, cm.span(), None))
        prev_content = bool(content) and pos not in in_list_of
        for party, stance, span in _stance(text):
            stances.setdefault(n, []).append((party, stance, s, span))

    rows: list[dict] = []
    for n, plan in plans.items():
        first = plan.mentions[0]
        s0 = sentences[first.pos]
        claims.append(claim(article.article_id, FACT, key(n), "point_count", s0, value=str(n), value_num=float(n),
                            span=first.span))
        sponsors = list(plan.sponsors)
        for party, (s, span) in plan.sponsors.items():
            claims.append(claim(article.article_id, FACT, key(n), "sponsor", s, value=party, span=span))
        revised = any(m.revised for m in plan.mentions)
        seen: set[tuple] = set()
        for category, s, value, span, qual in provisions.get(n, []):
            k = (category, s.idx, value)
            if k in seen:
                continue
            seen.add(k)
            claims.append(claim(article.article_id, FACT, key(n), f"provision:{category}", s,
                                value=category if value is None else str(int(value)), value_num=value,
                                qualifier=qual, span=span))
        for party, stance, s, span in stances.get(n, []):
            k = ("stance", party, stance, s.idx)
            if k in seen:
                continue
            seen.add(k)
            claims.append(claim(article.article_id, FACT, key(n), f"stance:{party}", s, value=stance,
                                claimant=party, span=span))
        rows.append({
            "article_id": article.article_id, "report_key": key(n), "name": f"{n}-point plan", "point_count": n,
            "sponsors": sponsors, "status": "revised" if revised else "proposed", "reported_on": article.published,
        })
    return rows, claims


def _list_items(sentences: tuple[SentenceView, ...], mentions_at: dict[int, set[int]],
                scope_of: dict[int, int | None]) -> dict[int, int]:
    """Sentences that are items of a numbered/bulleted list introduced by a plan: the line before
    the list (skipping one short heading) mentions a numbered plan, or names the plan and ends with
    ':' or is itself a short heading ('Full plan', 'This plan includes:')."""
    items: dict[int, int] = {}
    pos = 0
    while pos < len(sentences):
        if not LIST_ITEM.match(sentences[pos].text) or scope_of.get(pos) is None:
            pos += 1
            continue
        intro = False
        for back in (1, 2):
            j = pos - back
            if j < 0:
                break
            t = sentences[j].text.strip()
            short = len(t.split()) <= 5
            if LIST_ITEM.match(t):
                break
            if j in mentions_at or (PLAN_CONTEXT.search(t) and (t.endswith(":") or short)):
                intro = True
                break
            if not short:
                break
        if not intro:
            pos += 1
            continue
        n = scope_of[pos]
        numbered = bool(NUMBERED_ITEM.match(sentences[pos].text))
        while pos < len(sentences) and scope_of.get(pos) == n:
            if LIST_ITEM.match(sentences[pos].text):
                items[pos] = n  # type: ignore[assignment]
                pos += 1
                continue
            # a numbered item may run over several sentences: keep those sandwiched between items
            nxt = [k for k in (pos + 1, pos + 2) if k < len(sentences) and LIST_ITEM.match(sentences[k].text)]
            if numbered and nxt and all(not LIST_ITEM.match(sentences[k].text) for k in range(pos, nxt[0])):
                for k in range(pos, nxt[0]):
                    items[k] = n  # type: ignore[assignment]
                pos = nxt[0]
                continue
            break
    return items
