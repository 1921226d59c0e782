"""Negotiation meetings (talks) from news sentences: where, when, who, held or scheduled.

How a meeting is read (rules, not article-specific phrases):
- a *tie* links a gazetteer place of kind city/venue to a meeting cue in the same clause:
  'talks in Geneva', 'met ... at <venue> in Hallandale Beach', 'Miami negotiations' (the place
  right before the meeting noun), 'a visit/trip to Paris', 'arrived in Berlin for talks',
  'Doha hosted talks'. Places described relatively ('north of Miami', 'near Kyiv'), possessive
  places ('Moscow's demands'), paired capitals ('Kyiv-Moscow talks'), places after a territorial
  or strike word between cue and place ('cede land in ...', 'a strike in ...'), phone/video
  calls, hypothetical or cancelled meetings are not ties;
- regions/states/countries tied the same way ('talks in Florida') only add dates, participants
  and parties to the one city of that region/country the article ties to a meeting;
- dates come from the tie's clause, never from a reporting verb ('said on Thursday') or a
  'since/until' phrase; weekdays and 'later in the day' resolve against the dateline day when
  the article has one, else the publication date; 'two-day talks'/'would last two days' extend
  the end date; only day precision sets start_date (week/month precision is kept as a 'period'
  claim);
- participants are the people in the tie's clause and in a following participant-list sentence
  ('Participants include ...', '... led by ...'), minus principals ('the son-in-law of X',
  "X's envoys"), reporting speakers and people who declined to attend; parties are their
  countries plus delegations named by nationality ('Ukrainian delegates', 'U.S. officials',
  'talks between Russia, the United States and Ukraine');
- all ties to the same place within one article form one report ('talk:<place_id>').
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator
from datetime import date, timedelta

import polars as pl

from transforms.article_view import ArticleView, Mention, SentenceView, claim
from transforms.casefold import ci, fold
from transforms.dates import DatePhrase, ResolvedDate, find_date_phrases, resolve

_I = re.IGNORECASE
FACT = "talks"

CITY_KINDS = {"city", "venue"}
AREA_KINDS = {"region", "oblast", "country"}
TIE_KINDS = CITY_KINDS | AREA_KINDS

# --- meeting cues ------------------------------------------------------------------------------
_NOUN_CUE = (r"talks|negotiations?|negotiating\s+round|meetings?|summit|discussions|consultations|"
             r"engagement|negotiators|delegations?|delegates|visit|trip")
_VERB_CUE = r"met|meets?|meeting|hosted|hosts|hosting|convened|negotiated|sat\s+down"
# Event and travel verbs only count when the sentence also has a meeting noun (or 'to meet').
_EVENT_CUE = (r"opened|open|began|begun|begin|started|start|resumed|resume|continued|continue|concluded|ended|"
              r"wrapped\s+up|took\s+place|taking\s+place|take\s+place|held|hold|gathered|kicked\s+off")
_TRAVEL_CUE = (r"travel(?:l?ed|l?ing|s)?|fl(?:ew|y|ies|ying)|arriv(?:ed|es|e|ing)|head(?:ed|s|ing)?|went|"
               r"visit(?:ed|s|ing)?")
CUE = re.compile(
    rf"\b(?:(?P<noun>{_NOUN_CUE})|(?P<verb>{_VERB_CUE})|(?P<event>{_EVENT_CUE})|(?P<travel>{_TRAVEL_CUE}))\b", _I)
MEETING_NOUN = re.compile(
    r"\b(?:talks|negotiations?|negotiating\s+round|meetings?|summit|discussions|consultations|engagement|"
    r"negotiators|delegations?|delegates|to\s+meet|met|meet(?:s|ing)?|face-to-face\s+contacts?)\b", _I)
CUE_LOWER, MEETING_NOUN_LOWER = ci(CUE.pattern), ci(MEETING_NOUN.pattern)
# Every noun/verb cue and every MEETING_NOUN word contains one of these (event and travel cues
# need a MEETING_NOUN word): a folded sentence with none has no cue.
CUE_STEMS = ("talks", "negotiat", "meet", "met", "summit", "discussions", "consultations", "engagement",
             "delegat", "visit", "trip", "host", "convened", "sat", "face-to-face")
_LOWER: dict[re.Pattern[str], re.Pattern[str]] = {}


def _twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The twin of an IGNORECASE pattern for folded text (casefold.ci), compiled once."""
    twin = _LOWER.get(pattern)
    if twin is None:
        assert pattern.flags & re.IGNORECASE, pattern
        twin = _LOWER[pattern] = ci(pattern.pattern)
    return twin


def _search(pattern: re.Pattern[str], lower: str) -> re.Match[str] | None:
    """What pattern.search(text) finds for an IGNORECASE pattern, found by its twin on `lower` (the
    same stretch of fold(sentence)): about 3x faster. The match's text is folded: read its spans and
    groups' presence, or compare it case-insensitively."""
    return _twin(pattern).search(lower)


def _match(pattern: re.Pattern[str], lower: str) -> re.Match[str] | None:
    """pattern.match(text), as `_search`."""
    return _twin(pattern).match(lower)


def _finditer(pattern: re.Pattern[str], lower: str, pos: int, endpos: int) -> Iterator[re.Match[str]]:
    """pattern.finditer(text, pos, endpos), as `_search` (`lower` is fold(text))."""
    return _twin(pattern).finditer(lower, pos, endpos)


TALKS_TO_PRESS = re.compile(r"\s+(?:to|about)\s+(?:reporters|journalists|the\s+press|media)", _I)
# '<place> talks', 'the Miami Talks:', "Witkoff's Moscow trip"
NOUN_AFTER_PLACE = re.compile(
    r"^(?:\s+(?:peace|trilateral|bilateral|direct|security|high-level|follow-up|fresh|new|latest|first|second|"
    r"third|final|round|of|preliminary|closed-door|emergency|two-day|three-day|one-day|[\w-]+-hour)){0,3}\s+"
    r"(?:talks|negotiations?|meetings?|summit|discussions|round|trip|visit|consultations|conference)\b", _I)
HOSTS_AFTER_PLACE = re.compile(r"^\s*,?\s*(?:has\s+|will\s+|is\s+|was\s+|to\s+|would\s+)?host(?:ed|s|ing)?\b", _I)
# 'in Berlin for talks', 'in Miami, where Umerov met ...', 'to Moscow to meet Putin'
CUE_AFTER_PLACE = re.compile(
    r"^(?:\s*,)?\s+(?:[\w'-]+\s+){0,2}?(?:for|to|where|hosting)\s+(?:[\w'-]+\s+){0,3}?"
    r"(?:talks|negotiations|meetings?|meet|summit|discussions|consultations)\b", _I)
# 'In Kyiv, Zelensky met Driscoll ...'
SENTENCE_INITIAL_IN = re.compile(r"^\W*(?:In|At)\s+(?:the\s+)?$")
MEETING_AFTER_INITIAL = re.compile(
    r"^\s*,\s*(?:[\w.'’-]+\s+){0,8}?(?:met|meets|meeting|held\s+talks|hosted|hosts|sat\s+down|talks|negotiations)\b", _I)
# Calls are not meetings.
CALL_NEAR_CUE = re.compile(r"\b(?:phone|telephone|video|virtual|online|tele|zoom|call)\W+(?:\w+\W+)?$", _I)
CALL_AFTER_CUE = re.compile(r"\s+call", _I)
CALL_BETWEEN = re.compile(r"\b(?:by\s+(?:tele)?phone|phone\s+call|video\s*(?:link|call|conference)|videoconference|"
                          r"by\s+video|via\s+video|call\s+with|spoke\s+(?:by|on\s+the)\s+phone)\b", _I)

# --- what breaks a tie ------------------------------------------------------------------------
RELATIVE_BEFORE = re.compile(
    r"\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|northern|southern|eastern|"
    r"western|outside|near|nearby|outskirts|suburbs?|close|kilometers|kilometres|km|miles|away|"
    r"outskirts\s+of|direction\s+of)\s+(?:of\s+|to\s+|from\s+)?(?:the\s+)?$|\bfrom\s+$", _I)
IN_AT_BEFORE = re.compile(
    r"\b(?:in|at|inside)\s+(?:the\s+(?:(?:[\w'-]+\s+){0,2}(?:city|capital|town|resort|port|village)(?:\s+of|,)?\s+)?)?$",
    _I)
TO_BEFORE = re.compile(
    r"\b(?:(?P<noun>visit|visits|trip|journey|voyage)|(?P<verb>travel(?:l?ed|l?ing|s)?|fl(?:ew|y|ies|ying)|"
    r"head(?:ed|s|ing)?|went|go(?:es|ing)?|came|come|com(?:es|ing)|return(?:ed|s|ing)?|arriv(?:ed|es|ing|e)))"
    r"\s+(?:[\w'-]+\s+){0,2}?(?:to|in)\s+$", _I)
POSSESSIVE_PLACE = re.compile(r"^['’]s?\b")
HYPHENED_PLACE = re.compile(r"^\s*[-–]\s*\w")
VISITED_BEFORE = re.compile(r"\bvisit(?:ed|s|ing)?\s+$", _I)
PAIRED_BEFORE = re.compile(r"(?:[-–/]\s*|\b(?:and|or|between|with|to)\s+)$", _I)
STRIKE_BETWEEN = re.compile(
    r"\b(?:strik(?:e|es|ing)|struck|attack(?:s|ed|ing)?|drones?|missiles?|shell(?:s|ed|ing)|bomb\w*|killed|"
    r"killing|injur\w*|wounded|explosions?|blasts?|air\s+raid|hit|offensive|captur\w*|fighting|battles?|"
    r"assault|shot\s+down|front\s*lines?|troops|resistance|criticism|backlash|fire)\b", _I)
SUBJECT_BETWEEN = re.compile(
    r"\b(?:cede|ceding|withdraw\w*|territor\w*|land|occupied|liberat\w*|surrender\w*|annex\w*|control\s+of|"
    r"future\s+of|status\s+of|fate\s+of|regarding|concerning|invade\w*|invasion)\b", _I)
HARD_BREAK = re.compile(r";|\s[—–]\s|\s-\s|\(\s*Photo", _I)
# Another clause between the meeting word and the place: '... after the plan was criticized in Kyiv'.
SUBORDINATE = re.compile(r"\b(?:after|before|because|although|though|whereas|until|unless|since|so\s+that)\b", _I)
PASSIVE_OTHER = re.compile(
    r"\b(?:was|were|is|are|been|be|being)\s+(?:\w+ly\s+)?(?!held\b|hosted\b|convened\b|scheduled\b|planned\b|"
    r"organi[sz]ed\b|expected\b|set\b|slated\b|arranged\b|led\b|headed\b|joined\b|attended\b|chaired\b)\w+ed\b", _I)
# Metonymic venues: 'at the Kremlin' is in Moscow. The third item is a substring every match has.
VENUE_CITY = [
    (re.compile(r"\b(?:at|in|inside)\s+the\s+(?P<v>Kremlin)\b"), "Moscow", "Kremlin"),
    (re.compile(r"\b(?:at|in|inside)\s+the\s+(?P<v>White\s+House)\b"), "Washington", "White"),
    (re.compile(r"\b(?:at|in|inside)\s+the\s+(?P<v>[EÉ]lys[eé]e(?:\s+Palace)?)\b"), "Paris", "lys"),
    (re.compile(r"\b(?:at|in)\s+(?P<v>Downing\s+Street)\b"), "London", "Downing"),
]
REPORT_BETWEEN = re.compile(r"\b(?:said|says|told|according\s+to)\b", _I)
HYPOTHETICAL = re.compile(
    r"\b(?:could|might|possible|possibly|potential(?:ly)?|proposed|propose[sd]?|hypothetical|would\s+like|"
    r"hopes?\s+to|hoping\s+to|offer(?:ed|s)?\s+to|ready\s+to|willing\s+to|if|unless|no\s+plans?|not|never|"
    r"n't|cancel\w*|called\s+off|call\s+off|postpone\w*|scrapped|shelved|on\s+hold|"
    r"(?:refus|declin)\w*\s+to\s+(?:meet|hold|host|travel|visit|go|fly)|"
    r"rul(?:ed|es)\s+out|instead\s+of|rather\s+than|without)\b", _I)
NO_BEFORE = re.compile(r"\bno\s+(?:[\w-]+\s+)?$", _I)
HYPOTHETICAL_CS = re.compile(r"\bmay\b")  # lower-case only: 'May 2025' is a month
CANCELLED = re.compile(r"\b(?:cancel\w*|called\s+off|postpone\w*|scrapped|shelved|on\s+hold|fell\s+through|"
                       r"collapsed|did\s+not\s+(?:take\s+place|happen))\b", _I)
# Travel is a meeting only with a stated purpose after the place or a meeting word before the verb.
TRAVEL_PURPOSE = re.compile(
    r"^\W*(?:[\w'’-]+\W+){0,8}?(?:to\s+meet|to\s+hold\s+talks|for\s+(?:[\w-]+\s+){0,4}?(?:talks|meetings?|"
    r"negotiations|consultations|discussions|summit))\b", _I)
NEGOTIATING_SUBJECT = re.compile(r"\b(?:delegations?|delegates|negotiators|envoys?|negotiating\s+team)\b", _I)
CLAUSE_START = re.compile(r"[,;:]|\s[—–]\s|\b(?:and|but|then|after|before|while)\b", _I)
PLANT_VENUE = re.compile(r"\b(?:plant|station|NPP|refinery|depot|port|terminal|airport|airfield|base)\b", _I)

SCHEDULED = re.compile(
    r"\b(?:will|'ll|shall|is\s+set\s+to|are\s+set\s+to|set\s+to|scheduled|planned|plans?\s+to|expected\s+to|"
    r"due\s+to|to\s+be\s+held|upcoming|ahead\s+of|next\s+(?:week|month|round|meeting)|would\s+(?:meet|hold|travel|"
    r"visit|host|fly|go)|(?:is|are)\s+to\s+(?:meet|hold|travel|visit)|to\s+continue|preparing\s+for|"
    r"(?:is|are)\s+(?:travel|fly|head)ing\s+to)\b", _I)
HELD = re.compile(
    r"\b(?:recent(?:ly)?|previous|past|earlier\s+(?:talks|meetings?|negotiations|round)|last\s+(?:week|month|round)|"
    r"concluded|wrapped\s+up|took\s+place|(?:was|were)\s+held|held\s+(?:talks|in|at)|met|opened|began|started|"
    r"(?:is|are)\s+meeting|ended)\b", _I)

# --- dates ------------------------------------------------------------------------------------
REPORTING_BEFORE_DATE = re.compile(
    r"\b(?:said|says|told\s+(?:\w+\s+){0,2}|announced|stated|reported|wrote|posted|added|noted|confirmed|"
    r"statement|according\s+to\s+\w+)\s+(?:\w+\s+){0,3}$", _I)
NON_EVENT_BEFORE_DATE = re.compile(r"\b(?:since|until|till|by|before|through|as\s+of)\s+$", _I)
LATER_IN_DAY = re.compile(r"\b(?:later|earlier)\s+(?:in\s+the|that|the\s+same)\s+day\b|\btonight\b|\bthat\s+evening\b", _I)
_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_ORD = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}
DURATION = re.compile(
    r"\b(?:(?:last|lasting|run|running|span|spanning|over|for|continue\s+for|take)\s+(?P<n1>two|three|four|five|[2-7])\s+days"
    r"|(?P<n2>two|three|four|five|[2-7])[- ]day\b"
    r"|(?P<n3>two|three|four|five|[2-7])\s+days\s+of\s+(?:\w+\s+)?(?:talks|negotiations|discussions|meetings|consultations))",
    _I)
NTH_DAY = re.compile(
    r"\b(?P<ord>second|third|fourth|fifth|2nd|3rd|4th|5th)\s+day\s+of\s+(?:\w+\s+)?"
    r"(?:talks|negotiations|discussions|meetings|consultations)\b", _I)
DEFINITE_MEETING = re.compile(
    r"\b(?:the|these|those|their|both)\s+(?:[\w-]+\s+){0,2}(?:talks|meeting|negotiations|discussions|summit|round|"
    r"consultations|delegations)\b", _I)

# --- participants -----------------------------------------------------------------------------
BACK_BOUNDARY = re.compile(
    r"[;:]|\s[—–]\s|\b(?:said|says|told|noted|added|stated|announced|reported|according\s+to|following|after|"
    r"before|ahead\s+of|amid|while|when|since|received|briefed|during\s+which)\b|,\s+as\b", _I)
REPORTING_AFTER_PERSON = re.compile(
    r"^\s*(?:,\s*)?(?:\w+\s+)?(?:said|says|told|noted|added|stated|announced|described|reported|wrote|confirmed|"
    r"argued|insisted|expressed|stressed|warned|claimed|posted)\b", _I)
SPEAKING = re.compile(r"said|says|told|noted|added|stated", _I)
OWN_MEETING = re.compile(r"\b(?:his|her|their)\s+(?:[\w-]+\s+){0,2}(?:meeting|talks|trip|visit|negotiations|discussions)\b", _I)
FWD_BOUNDARY = re.compile(
    r";|\s[—–]\s|,\s+(?:which|who|while|but|as|after|before|and\s+then)\b|"
    r"\b(?:said|says|told|noted|added|stated|announced|reported|according)\b", _I)
RELATION_BEFORE_PERSON = re.compile(
    r"\b(?:son-in-law|daughter|wife|husband|son|father|brother|chief\s+of\s+staff|envoys?|aides?|advis[eo]rs?|"
    r"spokes(?:man|woman|person)|representatives?|emissary|press\s+secretary|administration|government|office|"
    r"team|ally|allies|friend|counterpart\s+to)\s+(?:of|to|for)\s+(?:the\s+)?(?:[\w.'-]+\s+){0,3}$", _I)
POSSESSIVE_AFTER = re.compile(r"^['’]s?\s+(?:[\w-]+\s+){0,2}?(?P<noun>[\w-]+)", _I)
OWN_EVENT_NOUN = re.compile(r"^(?:meeting|meetings|talks|trip|visit|negotiations|discussions|summit|delegation)$", _I)
POSSESSIVE_OWN_EVENT = re.compile(r"^['’]s?\s+[\w-]+\s+(?:[\w-]+\s+)?(?:meeting|talks|trip|visit|negotiations)", _I)
ABSENT_AFTER_PERSON = re.compile(
    r"^\s*(?:,\s*)?(?:\w+\s+)?(?:declined|refused|did\s+not|didn't|will\s+not|won't|was\s+not|skipped|"
    r"stayed\s+away|was\s+absent|did\s+not\s+attend)\b", _I)
ACCORDING_BEFORE = re.compile(r"\baccording\s+to\s+(?:[\w.'-]+\s+){0,4}$", _I)
INTRO_CLAUSE = re.compile(
    r"^\W*(?:After|Following|Before|Ahead\s+of|While|Having|Upon|Since|Fresh\s+from|As|Even\s+as|When|Amid|During)\b", _I)
PARTICIPANT_LIST = re.compile(
    r"\b(?:participants?\s+(?:also\s+)?(?:include|included|including|were|are|will\s+be)|(?:led|headed)\s+by|attended\s+by|"
    r"(?:is|are|was|were)\s+meeting\s+with|joined\s+by|accompanied\s+by|in\s+attendance|"
    r"among\s+(?:them|those|the\s+participants)|delegations?\s+(?:includes|included|comprises|comprised|consists)|"
    r"(?:also\s+)?(?:attending|present)\s+(?:were|was|are|is)|(?:attended|joined)\s+the\s+(?:talks|meeting))\b", _I)

# --- parties ----------------------------------------------------------------------------------
_PARTY_TERMS = [
    (r"Ukrainian|Ukraine['’]s|Ukraine|Kyiv['’]s|Kyiv|Kiev", "Ukraine"),
    (r"U\.S\.|US|USA|American|America['’]s|Washington['’]s|Washington|(?:the\s+)?United\s+States['’]?", "United States"),
    (r"Russian|Russia['’]s|Russia|Moscow['’]s|Moscow|Kremlin", "Russia"),
    (r"European|Europe['’]s|Europe|EU", "Europe"),
]
_PARTY_ANY = "|".join(f"(?:{p})" for p, _ in _PARTY_TERMS)
DELEGATION = re.compile(
    rf"(?<![\w-])(?P<list>(?:{_PARTY_ANY})(?:\s*(?:,|and|,\s*and)\s*(?:{_PARTY_ANY}))*)\s+(?:[\w-]+\s+)?"
    r"(?:delegation|delegations|delegates|officials|negotiators|negotiating\s+team|team|side|representatives|"
    r"envoys?|diplomats|counterparts|leaders)\b")
HYPHEN_PARTIES = re.compile(
    rf"(?<![\w-])(?P<list>(?:{_PARTY_ANY})(?:\s*[-–]\s*(?:{_PARTY_ANY}))+)\s+(?:[\w-]+\s+)?"
    r"(?:talks|negotiations|negotiators|meeting|discussions|summit|delegations|engagement)\b")
BETWEEN_PARTIES = re.compile(
    rf"\b(?:between|involving|among)\s+(?P<list>(?:the\s+)?(?:{_PARTY_ANY})(?:\s*(?:,|and|,\s*and)\s*(?:the\s+)?(?:{_PARTY_ANY}))+)")


_PARTY_FULL = [(re.compile(pattern), party) for pattern, party in _PARTY_TERMS]
PARTY_ANY = re.compile(_PARTY_ANY)


def _party_of(term: str) -> str | None:
    for pattern, party in _PARTY_FULL:
        if pattern.fullmatch(term.strip()):
            return party
    return None


def _parties_in_list(text: str) -> list[str]:
    found: list[str] = []
    for m in PARTY_ANY.finditer(text):
        party = _party_of(m.group(0))
        if party and party not in found:
            found.append(party)
    return found


TOKEN = re.compile(r"[\w'’.-]+")


def _ntok(text: str) -> int:
    return len(TOKEN.findall(text))


@lru_cache(maxsize=256)
def _tokens(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the word tokens of a sentence. A token is a run of token characters, so
    the tokens of text[:pos] start where the sentence's tokens that start before pos start, and
    those of text[pos:] end where the sentence's tokens that end after pos end."""
    spans = [m.span() for m in TOKEN.finditer(text)]
    return [a for a, _ in spans], [b for _, b in spans]


def _tok_back(text: str, pos: int, n: int) -> int:
    """Offset n word-tokens before pos (the n-th token start of text[:pos] from its end)."""
    starts = _tokens(text)[0]
    before = bisect_left(starts, pos)  # tokens starting before pos
    return starts[before - n] if before >= n else 0


def _tok_fwd(text: str, pos: int, n: int) -> int:
    """Offset n word-tokens after pos (the n-th token end of text[pos:])."""
    ends = _tokens(text)[1]
    after = bisect_right(ends, pos)  # first token ending after pos
    return ends[after + n - 1] if len(ends) - after >= n else len(text)


# --- data -------------------------------------------------------------------------------------
@dataclass
class _Tie:
    sentence: SentenceView
    place: Mention
    place_id: str
    kind: str  # city | area
    cue_start: int
    cue_end: int
    lo: int  # participant/date window
    hi: int
    status: str  # held | scheduled


@dataclass
class _DateCand:
    start: date | None
    end: date | None
    precision: str
    is_range: bool
    sentence: SentenceView
    span: tuple[int, int]
    surface: str


@dataclass
class _Talk:
    place_id: str
    name: str
    country: str | None
    admin1: str | None
    ties: list[_Tie] = field(default_factory=list)
    dates: list[_DateCand] = field(default_factory=list)
    durations: list[tuple[int, SentenceView, tuple[int, int]]] = field(default_factory=list)
    participants: dict[str, tuple[SentenceView, tuple[int, int], str | None]] = field(default_factory=dict)
    parties: dict[str, tuple[SentenceView, tuple[int, int]]] = field(default_factory=dict)
    statuses: list[str] = field(default_factory=list)


# --- tie detection ----------------------------------------------------------------------------
def _cues(text: str, lower: str | None = None) -> list[re.Match[str]]:
    """Meeting cues. Pass `lower` = fold(text) to match on it, faster (same offsets; the matches' text
    is then folded, which nothing reads but their spans, which group matched and whether it folds
    to 'talks'); without it the IGNORECASE patterns run on `text`, with the same result."""
    if lower is not None:
        for stem in CUE_STEMS:
            if stem in lower:
                break
        else:
            return []
    subject, cue, meeting_noun = (text, CUE, MEETING_NOUN) if lower is None else (lower, CUE_LOWER, MEETING_NOUN_LOWER)
    has_noun = None
    out = []
    for m in cue.finditer(subject):
        if m.group("event") or m.group("travel"):
            if has_noun is None:
                has_noun = bool(meeting_noun.search(subject))
            if not has_noun:
                continue
        if m.group("noun") and fold(m.group(0)) == "talks" and TALKS_TO_PRESS.match(subject, m.end()):
            continue
        out.append(m)
    return out


def _own_admin(place: dict) -> bool:
    """Cities that are their own first-level unit (capitals such as Kyiv, Moscow) host diplomacy;
    other cities of the warring countries need the meeting word right next to them."""
    return place["admin1"] == place["name"]


def _blocked_between(lower: str) -> bool:
    """`lower`: the text between, folded (a stretch of fold(sentence))."""
    return any(_search(rx, lower) for rx in (HARD_BREAK, STRIKE_BETWEEN, SUBJECT_BETWEEN, REPORT_BETWEEN,
                                             CALL_BETWEEN, SUBORDINATE, PASSIVE_OTHER))


def _hypothetical(text: str, lo: int, hi: int) -> bool:
    lower = fold(text)
    if _search(NO_BEFORE, lower[:lo]):
        return True  # 'no meeting in Budapest'
    back = _tok_back(text, lo, 4)
    span = text[back:hi]
    if _search(HYPOTHETICAL, lower[back:hi]) or HYPOTHETICAL_CS.search(span):
        return True
    fwd = _tok_fwd(text, hi, 6)
    return bool(_search(CANCELLED, lower[back:fwd]))


def _travel_ok(text: str, verb_start: int, place_end: int) -> bool:
    """'flew to Moscow to meet Putin', 'the delegation travelled to Geneva'."""
    if TRAVEL_PURPOSE.match(text[place_end:]):
        return True
    clause_lo = 0
    for b in CLAUSE_START.finditer(text, 0, verb_start):
        clause_lo = b.end()
    return bool(NEGOTIATING_SUBJECT.search(text[clause_lo:verb_start]))


def _find_tie(sentence: SentenceView, m: Mention, place: dict, cues: list[re.Match[str]]) -> tuple[int, int] | None:
    """(cue_start, cue_end) of the meeting cue the place is the venue of, or None."""
    text = sentence.text
    before, after = text[:m.start], text[m.end:]
    lower = fold(text)
    l_before, l_after = lower[:m.start], lower[m.end:]
    if _search(RELATIVE_BEFORE, l_before) or POSSESSIVE_PLACE.match(after) or HYPHENED_PLACE.match(after):
        return None
    provincial = place["country"] in ("Ukraine", "Russia") and place["kind"] == "city" and not _own_admin(place)
    max_gap = 4 if provincial else 40
    if INTRO_CLAUSE.search(text):
        comma = text.find(",")
    else:
        comma = -1

    def same_side(a: int, b: int) -> bool:  # both inside, or both outside, an intro clause
        return comma < 0 or (a < comma) == (b < comma)

    # (b) '<place> talks' / "Witkoff's Moscow trip"
    nb = _match(NOUN_AFTER_PLACE, l_after)
    if nb and not _search(PAIRED_BEFORE, l_before):
        cue_end = m.end + nb.end()
        noun = re.search(r"\w+$", nb.group(0))
        assert noun is not None
        if noun.group(0).lower() not in ("visit", "trip") or not provincial:
            return (m.end + noun.start(), cue_end)
    # (d) '<place> hosted talks'
    if _match(HOSTS_AFTER_PLACE, l_after) and MEETING_NOUN.search(text) and \
            not _search(PAIRED_BEFORE, l_before):
        hm = HOSTS_AFTER_PLACE.match(after)
        assert hm is not None
        return (m.end, m.end + hm.end())
    # (c) 'a visit to Paris', 'flew to Moscow to meet'
    tb = _search(TO_BEFORE, l_before) if not provincial else None
    if tb:
        if tb.group("noun") and re.search(r"\b(?:visit|trip|journey)", tb.group(0), _I):
            return (tb.start(), tb.end())
        if tb.group("verb") and not re.match(r"return", tb.group("verb"), _I) and _travel_ok(text, tb.start(), m.end):
            return (tb.start(), tb.end())
    if not provincial and _search(VISITED_BEFORE, l_before):
        vb = VISITED_BEFORE.search(before)
        assert vb is not None
        return (vb.start(), vb.end())
    # (e) 'In Kyiv, Zelensky met ...'
    if SENTENCE_INITIAL_IN.search(before):
        mi = _match(MEETING_AFTER_INITIAL, l_after)
        if mi and not _blocked_between(l_after[:mi.end()]) and not provincial:
            return (m.end, m.end + mi.end())
    # (a) '<cue> ... in/at <place>'
    if _search(IN_AT_BEFORE, l_before):
        for cue in sorted((c for c in cues if c.end() <= m.start), key=lambda c: -c.end()):
            if provincial and not cue.group("noun"):
                continue  # 'met fierce resistance in Pokrovsk': front-line towns need a meeting noun
            between = text[cue.end():m.start]
            if _ntok(between) > max_gap:
                break
            if not same_side(cue.start(), m.start):
                continue
            if _blocked_between(lower[cue.end():m.start]):
                break
            if _search(CALL_NEAR_CUE, lower[:cue.start()]) or \
                    _match(CALL_AFTER_CUE, lower[cue.end():]):
                break
            if cue.group("travel") and not _travel_ok(text, cue.start(), m.end):
                continue
            return (cue.start(), cue.end())
        # (a') 'in Berlin for talks', 'in Miami, where ... met'
        ca = _match(CUE_AFTER_PLACE, l_after)
        if ca and not _blocked_between(l_after[:ca.end()]):
            return (m.end, m.end + ca.end())
    return None


def _places_with_venues(sentence: SentenceView, city_by_name: dict[str, str]) -> list[Mention]:
    """Place mentions, plus the city of a metonymic venue ('met Putin at the Kremlin') when the
    sentence does not name that city itself."""
    places = sentence.of_kind("place")
    venues = [venue for venue in VENUE_CITY if venue[2] in sentence.text]
    if not venues:
        return sorted(places, key=lambda m: m.start)
    # A dateline ('PARIS, Jan. 6 (AFP) -') names where the story was filed, not the venue.
    named = {m.canonical_id for m in places if not (m.surface.isupper() and len(m.surface) > 3)}
    for rx, city, _ in venues:
        pid = city_by_name.get(city)
        if pid is None or pid in named:
            continue
        for vm in rx.finditer(sentence.text):
            if any(m.start < vm.end("v") and vm.start("v") < m.end for m in places):
                continue
            places.append(Mention("place", vm.group("v"), pid, city, vm.start("v"), vm.end("v")))
            break
    return sorted(places, key=lambda m: m.start)


RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who)\b")


def _window(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Clause around a tie: back to a reporting/temporal boundary (max 20 tokens), forward to the
    next clause boundary (max 25 tokens)."""
    lower = fold(text)
    back_limit = _tok_back(text, lo, 20)
    start = back_limit
    for b in _finditer(BACK_BOUNDARY, lower, back_limit, lo):
        start = b.end()
    if INTRO_CLAUSE.search(text):
        comma = text.find(",")
        if 0 <= comma < lo:
            start = max(start, comma + 1)
    fwd_limit = _tok_fwd(text, hi, 25)
    end = fwd_limit
    for rx in (FWD_BOUNDARY, STRIKE_BETWEEN):
        for fb in _finditer(rx, lower, hi, end):
            # 'the Riyadh talks, which resumed on Tuesday': a relative clause on the meeting itself
            if RELATIVE_CLAUSE.match(text[fb.start():fb.end()]) and not text[hi:fb.start()].strip():
                continue
            end = fb.start()
            break
    return start, end


def _status(text: str, lo: int, hi: int) -> str:
    lower = fold(text)
    back = _tok_back(text, lo, 2)
    if _search(HELD, lower[back:hi]):
        return "held"
    fwd = text[hi:_tok_fwd(text, hi, 3)]
    fwd_end = hi + len(CLAUSE_PUNCT.split(fwd)[0])  # up to the first ',' or ';'
    back = _tok_back(text, lo, 8)
    return "scheduled" if _search(SCHEDULED, lower[back:fwd_end]) else "held"


CLAUSE_PUNCT = re.compile(r"[,;]")


# --- dates ------------------------------------------------------------------------------------
def _anchor(article: ArticleView) -> date | None:
    """The day relative phrases count from: the dateline day when there is one, else publication."""
    if article.dateline:
        month, day = article.dateline
        base = article.published
        year = None
        if base is not None:
            best = None
            for y in (base.year - 1, base.year, base.year + 1):
                try:
                    cand = date(y, month, day)
                except ValueError:
                    continue
                if best is None or abs((cand - base).days) < abs((best - base).days):
                    best = cand
            return best
        year = article.reference_year
        if year is not None:
            try:
                return date(year, month, day)
            except ValueError:
                return None
    return article.published


def _resolve(phrase: DatePhrase, article: ArticleView, anchor: date | None, future: bool) -> ResolvedDate:
    relative = phrase.kind in {"weekday", "overnight", "today", "yesterday", "this_week"}
    if relative:
        if anchor is None:
            return ResolvedDate(None, None, "unknown", None, None, phrase.surface)
        if phrase.kind == "weekday" and future and phrase.weekday is not None:
            day = anchor + timedelta(days=(phrase.weekday - anchor.weekday()) % 7)
            return ResolvedDate(day, day, "day", day.month, day.day, phrase.surface)
        return resolve(phrase, anchor, article.reference_year)
    return resolve(phrase, article.published, article.reference_year)


def _dates_in(sentence: SentenceView, lo: int, hi: int, focus: int, article: ArticleView,
              anchor: date | None, future: bool) -> list[_DateCand]:
    """Date candidates inside [lo, hi), nearest to `focus` first; reporting-verb dates excluded."""
    text = sentence.text
    lower = fold(text)
    cands: list[tuple[int, _DateCand]] = []
    for ph in find_date_phrases(text):
        if ph.start < lo or ph.end > hi or ph.kind == "overnight":
            continue
        near = max(0, ph.start - 60)
        if _search(REPORTING_BEFORE_DATE, lower[near:ph.start]) or \
                _search(NON_EVENT_BEFORE_DATE, lower[:ph.start]):
            continue
        r = _resolve(ph, article, anchor, future)
        cands.append((abs(ph.start - focus), _DateCand(
            r.start if r.precision == "day" else None, r.end if r.precision == "day" else None, r.precision,
            ph.kind in {"month_day_range", "day_range_month"}, sentence, (ph.start, ph.end), ph.surface)))
    for lm in _finditer(LATER_IN_DAY, lower, lo, hi):
        if anchor is not None:
            cands.append((abs(lm.start() - focus), _DateCand(anchor, anchor, "day", False, sentence,
                                                             (lm.start(), lm.end()), text[lm.start():lm.end()])))
    cands.sort(key=lambda c: c[0])
    return [c for _, c in cands]


def _duration(text: str, lo: int = 0, hi: int | None = None) -> tuple[int, tuple[int, int]] | None:
    # the first match of finditer is search's
    m = next(_finditer(DURATION, fold(text), lo, len(text) if hi is None else hi), None)
    if not m:
        return None
    raw = (m.group("n1") or m.group("n2") or m.group("n3")).lower()
    n = int(raw) if raw.isdigit() else _NUM.get(raw)
    return (n, m.span()) if n else None


# --- participants and parties -----------------------------------------------------------------
def _person_excluded(text: str, p: Mention) -> bool:
    lower = fold(text)
    l_before, l_after = lower[:p.start], lower[p.end:]
    if _search(RELATION_BEFORE_PERSON, l_before) or _search(ACCORDING_BEFORE, l_before):
        return True
    # (IGNORECASE patterns on a folded match's text answer as on the original)
    pos = _match(POSSESSIVE_AFTER, l_after)
    if pos and not OWN_EVENT_NOUN.match(pos.group("noun")) and not _match(POSSESSIVE_OWN_EVENT, l_after):
        return True
    if _match(ABSENT_AFTER_PERSON, l_after):
        return True
    return False


def _participants(sentence: SentenceView, lo: int, hi: int, tie_lo: int) -> list[tuple[str, Mention]]:
    text = sentence.text
    lower = fold(text)
    out: list[tuple[str, Mention]] = []
    persons = [m for m in sentence.mentions if m.kind == "person"]
    for p in persons:
        if p.start < lo or p.end > hi or _person_excluded(text, p):
            continue
        if _match(REPORTING_AFTER_PERSON, lower[p.end:]) and \
                not _search(OWN_MEETING, lower[p.end:tie_lo + 40]):
            continue
        out.append((p.canonical_id, p))
    # 'X said ... his meeting with Y in Z': the speaker met too.
    boundary = None
    for b in _finditer(BACK_BOUNDARY, lower, 0, tie_lo):
        boundary = b
    if boundary and SPEAKING.match(text[boundary.start():boundary.end()]) and \
            _search(OWN_MEETING, lower[boundary.end():tie_lo + 40]):
        speakers = [p for p in persons if p.end <= boundary.start() and _ntok(text[p.end:boundary.start()]) <= 4]
        for p in speakers[-1:]:
            if not _person_excluded(text, p):
                out.append((p.canonical_id, p))
    # 'After meeting X in Paris, Y noted ...': the main-clause subject met too.
    if INTRO_CLAUSE.search(text):
        comma = text.find(",")
        if comma > 0 and tie_lo < comma:
            subj = [p for p in persons if p.start > comma and _ntok(text[comma:p.start]) <= 6]
            for p in subj[:1]:
                if not _person_excluded(text, p):
                    out.append((p.canonical_id, p))
    seen, uniq = set(), []
    for pid, p in out:
        if pid not in seen:
            seen.add(pid)
            uniq.append((pid, p))
    return uniq


def _parties(text: str, lo: int, hi: int) -> list[tuple[str, tuple[int, int]]]:
    span = text[lo:hi]
    out: list[tuple[str, tuple[int, int]]] = []
    for rx in (DELEGATION, HYPHEN_PARTIES, BETWEEN_PARTIES):
        for m in rx.finditer(span):
            for party in _parties_in_list(m.group("list")):
                out.append((party, (lo + m.start(), lo + m.end())))
    return out


# --- main -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TalkLookups:
    """Gazetteer lookups the talks extractor needs, built once per batch (not per article)."""

    place_rows: dict
    person_rows: dict
    city_by_name: dict


def talk_lookups(places: pl.DataFrame, people: pl.DataFrame) -> TalkLookups:
    place_rows = {r["place_id"]: r for r in places.select("place_id", "name", "kind", "admin1", "country").iter_rows(named=True)}
    person_rows = {r["person_id"]: (r["canonical_name"], r["country"])
                   for r in people.select("person_id", "canonical_name", "country").iter_rows(named=True)}
    city_by_name = {r["name"]: pid for pid, r in place_rows.items() if r["kind"] == "city"}
    return TalkLookups(place_rows, person_rows, city_by_name)


def extract_talks(article: ArticleView, places: pl.DataFrame, people: pl.DataFrame,
                  lookups: TalkLookups | None = None) -> tuple[list[dict], list[dict]]:
    """Talk reports (parsed.talk_reports rows) and their claims (fact_table 'talks').
    Pass `lookups` (from `talk_lookups`) when extracting many articles."""
    lookups = lookups or talk_lookups(places, people)
    place_rows, person_rows, city_by_name = lookups.place_rows, lookups.person_rows, lookups.city_by_name
    anchor = _anchor(article)

    ties_by_sentence: dict[int, list[_Tie]] = {}
    for pos, sentence in enumerate(article.sentences):
        text = sentence.text
        cues = _cues(text, fold(text))
        if not cues:
            continue
        for m in _places_with_venues(sentence, city_by_name):
            place = place_rows.get(m.canonical_id)
            if place is None or place["kind"] not in TIE_KINDS:
                continue
            if place["kind"] == "venue" and PLANT_VENUE.search(place["name"]):
                continue
            cue = _find_tie(sentence, m, place, cues)
            if cue is None:
                continue
            lo, hi = min(cue[0], m.start), max(cue[1], m.end)
            if _hypothetical(text, lo, hi):
                continue
            w_lo, w_hi = _window(text, lo, hi)
            kind = "city" if place["kind"] in CITY_KINDS else "area"
            ties_by_sentence.setdefault(pos, []).append(
                _Tie(sentence, m, m.canonical_id, kind, cue[0], cue[1], w_lo, w_hi, _status(text, lo, hi)))

    talks: dict[str, _Talk] = {}
    for pos in sorted(ties_by_sentence):
        for tie in ties_by_sentence[pos]:
            if tie.kind == "city" and tie.place_id not in talks:
                p = place_rows[tie.place_id]
                talks[tie.place_id] = _Talk(tie.place_id, p["name"], p["country"], p["admin1"])

    def target_of(tie: _Tie) -> _Talk | None:
        if tie.kind == "city":
            return talks.get(tie.place_id)
        area = place_rows[tie.place_id]
        key = "country" if area["kind"] == "country" else "admin1"
        matches = [t for t in talks.values() if (t.country if key == "country" else t.admin1) == area["name"]]
        return matches[0] if len(matches) == 1 else None

    for pos in sorted(ties_by_sentence):
        sentence_ties = ties_by_sentence[pos]
        # a venue and its city in one sentence are one meeting: keep the city
        cities = {t.place_id for t in sentence_ties if t.kind == "city" and place_rows[t.place_id]["kind"] == "city"}
        for tie in sentence_ties:
            talk = target_of(tie)
            if talk is None:
                continue
            if place_rows[tie.place_id]["kind"] == "venue" and cities:
                continue
            rivals = [t.place.start for t in sentence_ties if t.place_id != tie.place_id
                      and target_of(t) is not talk]
            _absorb_tie(talk, tie, article, anchor, person_rows, rivals)
        # following sentences: participant lists, durations, parties of 'the talks'
        targets = [t for t in (target_of(x) for x in sentence_ties) if t is not None]
        if len({t.place_id for t in targets}) != 1:
            continue
        talk = targets[0]
        for nxt in range(pos + 1, min(pos + 6, len(article.sentences))):
            if nxt in ties_by_sentence:
                break
            s = article.sentences[nxt]
            other_places = [m for m in s.of_kind("place") if m.canonical_id != talk.place_id
                            and place_rows.get(m.canonical_id, {}).get("kind") in CITY_KINDS]
            if other_places:
                break
            _absorb_followup(talk, s, person_rows, nxt - pos)

    _absorb_anaphoric_participants(article, ties_by_sentence, target_of, person_rows)

    rows: list[dict] = []
    claims: list[dict] = []
    for talk in talks.values():
        if not talk.ties or not _about_negotiations(talk):
            continue
        row, talk_claims = _finalise(article, talk, anchor)
        rows.append(row)
        claims.extend(talk_claims)
    return rows, claims


# 'The negotiations, which include X, ...' speaks of the talks discussed just before, whatever
# other meeting the rest of the sentence mentions.
ANAPHORIC_PARTICIPANTS = re.compile(
    r"^\W*(?:the|these|those)\s+(?:negotiations|talks|meetings?|discussions|consultations)\s*,?\s*"
    r"(?:which|that)\s+(?:(?:also|now)\s+)?(?:include[sd]?|involve[sd]?|(?:were|was|are|is)\s+(?:also\s+)?(?:joined|attended)\s+by)\b"
    r"(?P<clause>[^;.]*?)(?=,\s+\w+|$)", _I)


def _absorb_anaphoric_participants(article: ArticleView, ties_by_sentence: dict, target_of,
                                   person_rows: dict[str, tuple[str, str | None]]) -> None:
    for pos, sentence in enumerate(article.sentences):
        match = ANAPHORIC_PARTICIPANTS.match(sentence.text)
        if not match:
            continue
        earlier = [t for p in sorted(ties_by_sentence) if p < pos for t in ties_by_sentence[p]]
        talk = next((target_of(t) for t in reversed(earlier) if target_of(t) is not None), None)
        if talk is None:
            continue
        lo, hi = match.span("clause")
        for m in sentence.of_kind("person"):
            if lo <= m.start < hi and not _person_excluded(sentence.text, m):
                name, country = person_rows.get(m.canonical_id, (m.canonical_name, None))
                talk.participants.setdefault(name, (sentence, (m.start, m.end), country))


NEGOTIATION_CONTEXT = re.compile(
    r"\b(?:talks|negotiat\w+|peace|ceasefire|truce|plan|deal|war|envoys?|delegations?|delegates|diplomat\w*|"
    r"mediat\w+|security\s+advis[eo]rs?)\b", _I)
WARRING_PARTIES = {"Ukraine", "Russia", "United States"}


def _about_negotiations(talk: _Talk) -> bool:
    """A meeting of this domain: someone from the gazetteer took part, a warring party or the US
    was represented, or the meeting is described as talks/negotiations ('an EU summit in Brussels
    discussed assets' is none of these)."""
    if talk.participants or WARRING_PARTIES & set(talk.parties):
        return True
    return any(NEGOTIATION_CONTEXT.search(t.sentence.text) for t in talk.ties)


def _absorb_tie(talk: _Talk, tie: _Tie, article: ArticleView, anchor: date | None,
                person_rows: dict[str, tuple[str, str | None]], rivals: list[int]) -> None:
    """Add one tie's dates, duration, participants and parties. `rivals` are the positions of the
    other places tied in the same sentence: a date nearer to one of them is theirs."""
    text = tie.sentence.text
    talk.ties.append(tie)
    talk.statuses.append(tie.status)
    focus = tie.place.start
    dates = [d for d in _dates_in(tie.sentence, tie.lo, tie.hi, focus, article, anchor, tie.status == "scheduled")
             if all(abs(d.span[0] - focus) <= abs(d.span[0] - r) for r in rivals)]
    nth = NTH_DAY.search(text, tie.lo, tie.hi)
    if dates and dates[0].precision == "day" and dates[0].start is not None:
        best = dates[0]
        if nth and not best.is_range and best.start is not None:
            n = _ORD[nth.group("ord").lower()]
            best = _DateCand(best.start - timedelta(days=n - 1), best.start, "day", True, best.sentence,
                             best.span, best.surface)
        talk.dates.append(best)
    elif dates:
        talk.dates.append(dates[0])
    dur = _duration(text, tie.lo, tie.hi)
    if dur:
        talk.durations.append((dur[0], tie.sentence, dur[1]))
    for pid, m in _participants(tie.sentence, tie.lo, tie.hi, min(tie.cue_start, tie.place.start)):
        name, country = person_rows.get(pid, (m.canonical_name, None))
        talk.participants.setdefault(name, (tie.sentence, (m.start, m.end), country))
    for party, span in _parties(text, tie.lo, tie.hi):
        talk.parties.setdefault(party, (tie.sentence, span))


def _absorb_followup(talk: _Talk, s: SentenceView, person_rows: dict[str, tuple[str, str | None]], distance: int) -> None:
    text = s.text
    lower = fold(text)
    definite = _search(DEFINITE_MEETING, lower)
    listing = _search(PARTICIPANT_LIST, lower)
    if listing:
        for m in s.of_kind("person"):
            if _person_excluded(text, m) or REPORTING_AFTER_PERSON.match(text[m.end:]):
                continue
            name, country = person_rows.get(m.canonical_id, (m.canonical_name, None))
            talk.participants.setdefault(name, (s, (m.start, m.end), country))
    if definite and distance <= 3:
        dur = _duration(text)
        if dur:
            talk.durations.append((dur[0], s, dur[1]))
    if definite or listing:
        for party, span in _parties(text, 0, len(text)):
            talk.parties.setdefault(party, (s, span))


def _choose_dates(talk: _Talk) -> tuple[_DateCand | None, list[_DateCand]]:
    """The report's date and the candidates consistent with it."""
    day = [d for d in talk.dates if d.precision == "day" and d.start is not None]
    if day:
        ranges = [d for d in day if d.is_range and d.end != d.start]
        if ranges:
            best = ranges[0]
        else:
            counts: dict[date, int] = {}
            for d in day:
                assert d.start is not None
                counts[d.start] = counts.get(d.start, 0) + 1
            top = max(counts.values())
            best = next(d for d in day if counts[d.start] == top)  # type: ignore[index]
        assert best.start is not None and best.end is not None
        consistent = [d for d in day if d.start is not None and best.start <= d.start <= best.end]
        return best, consistent
    return None, []


def _finalise(article: ArticleView, talk: _Talk, anchor: date | None) -> tuple[dict, list[dict]]:
    key = f"talk:{talk.place_id}"
    claims: list[dict] = []

    def add(field_name: str, sentence: SentenceView, value: str, span: tuple[int, int]) -> None:
        claims.append(claim(article.article_id, FACT, key, field_name, sentence, value=value, span=span))

    seen_sentences: set[int] = set()
    for tie in talk.ties:
        if tie.place_id != talk.place_id or tie.sentence.idx in seen_sentences:
            continue
        seen_sentences.add(tie.sentence.idx)
        add("location", tie.sentence, talk.name, (tie.place.start, tie.place.end))

    best, consistent = _choose_dates(talk)
    start = end = None
    precision = "unknown"
    if best is not None:
        start, end, precision = best.start, best.end, "day"
        if not best.is_range and talk.durations and start is not None:
            n, s, span = max(talk.durations, key=lambda d: d[0])
            end = start + timedelta(days=n - 1)
            add("end_date", s, end.isoformat(), span)
        for d in consistent:
            assert d.start is not None
            add("start_date", d.sentence, (best.start or d.start).isoformat() if d is best else d.start.isoformat(), d.span)
        if best.is_range and best.end is not None:
            add("end_date", best.sentence, best.end.isoformat(), best.span)
    else:
        coarse = [d for d in talk.dates if d.precision in ("week", "month", "unknown")]
        order = {"week": 0, "month": 1, "unknown": 2}
        if coarse:
            precision = min(coarse, key=lambda d: order[d.precision]).precision
        for d in coarse:
            add("period", d.sentence, d.surface, d.span)

    participants = list(talk.participants)
    for name, (s, span, _) in talk.participants.items():
        add("participant", s, name, span)
    parties: list[str] = []
    party_evidence = [(country, (s, span)) for _, (s, span, country) in talk.participants.items() if country]
    for name, (s, span) in party_evidence + list(talk.parties.items()):
        if name not in parties:
            parties.append(name)
            add("party", s, name, span)

    statuses = talk.statuses
    status = "held" if "held" in statuses else "scheduled"
    if start is not None and anchor is not None:
        status = "scheduled" if start > anchor else ("held" if "held" in statuses or start < anchor else status)
    row = {
        "article_id": article.article_id, "report_key": key, "location": talk.name, "country": talk.country,
        "start_date": start, "end_date": end, "date_precision": precision,
        "participants": participants, "parties": parties, "status": status,
    }
    return row, claims
