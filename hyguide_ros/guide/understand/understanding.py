"""Understand a question: language, intent, the places it names, and context from earlier turns.

Rules, not a model: every decision can be traced to a sentence pattern, cue or list in
`intents/<language>.txt` or below, and the rules run in well under a millisecond on the robot's CPU.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ...knowledge import KnowledgeBase, PlaceIndex
from ...knowledge.facts import way_passes
from ...knowledge.scripts import ScriptIndex
from ...knowledge.search import PlaceMention, compact, normalize, without_mentions
from ..languages import cue, detect_language, word_set
from ..languages.en import words as en_words
from ..languages.ko import words as ko_words
from ..memory import Conversation
from .intents import ASIDE, INTENT_DATA, Intent
from .mending import LoanwordNames, mend_particles, self_repair
from .partial_names import PartialNames
from .sentences import SLOT_MARK, SentenceMatch
from .unknown_names import GENERIC_WORDS as _GENERIC_WORDS
from .unknown_names import UnknownNames

# What people say per intent, greetings, help, unsupported facts and category words: intents/<language>.txt.
CATEGORY_WORDS = INTENT_DATA.category_words
_CATEGORY_RE = INTENT_DATA.category_re
_UNSUPPORTED = INTENT_DATA.unsupported
_RULES = INTENT_DATA.rules
_DISTANCE = next(p for i, p in _RULES if i == "walk_time")
_CLOSER = next(p for i, p in _RULES if i == "closer")
_GREETING, _HELP = INTENT_DATA.greeting, INTENT_DATA.help
# Cues of each language (languages/<language>/words.py), joined
_YES_NO, _ASKS_WAY, _STOP_AFTER, _NEAR_WORD, _HERE, _PRONOUN, _GOAL_WORDS = (
    cue(n) for n in ("YES_NO", "ASKS_WAY", "STOP_AFTER", "NEAR_WORD", "HERE", "PRONOUN", "GOAL_WORDS"))
_THERE_START, _THERE_GOAL, _CAMPUS_START, _ANY_NEARBY = (
    cue(n) for n in ("THERE_START", "THERE_GOAL", "CAMPUS_START", "ANY_NEARBY"))
_CAMPUS_WORDS, _FARTHER = word_set("CAMPUS_WORDS"), cue("FARTHER")
# The roles of place names (start, via, near, goal, at): cues in the intent files' [roles] sections.
# "예지문 출구에서": a start may carry a word for which side of it (group "side").
_ROLES = INTENT_DATA.roles
_CAMPUS_NAMES = word_set("CAMPUS_NAMES")
_SAYS_WHICH = cue("SAYS_WHICH")
# Two places asked about together: "A과 B 간 거리", "A하고 B은 얼마나 떨어져" (A is the start), and
# "A은 B이랑 얼마나 떨어져" (how far A is from B: B is the start).
_PAIR_KO = re.compile(rf"^{ASIDE}{ko_words.PAIR}")
_PAIR_AFTER_KO = re.compile(ko_words.PAIR_AFTER)
_TOPIC_KO = re.compile(ko_words.TOPIC)
# A place said only to locate the next one: "왕십리역 근처에 매란방", "왕십리역 안에 있는 이마트", "왕십리역 포시즌휘트니스".
_LOCATOR_KO = re.compile(ko_words.LOCATOR)
_AT_PLACE_EN = re.compile(en_words.AT_PLACE, re.I)


@dataclass
class Query:
    """What the guide understood of one question."""
    text: str
    language: str
    intent: Intent
    place_ids: list[str] = field(default_factory=list)
    origin_id: str | None = None          # route/closer start when the question names one
    categories: tuple[str, ...] = ()      # for category_near / yes_no_category
    ambiguous: list[str] = field(default_factory=list)   # ask back: these places all fit
    unknown_words: list[str] = field(default_factory=list)  # words that look like an unknown place
    from_memory: bool = False
    asks_farther: bool = False
    asks_stop: bool = False               # "무학중학교 정류장": the bus stop named after the place
    unknown_place: str | None = None      # a named place that is not in the knowledge base ("경희대학교")


class Understanding:
    def __init__(self, kb: KnowledgeBase, index: PlaceIndex, robot_location: str | None = None):
        self._kb = kb
        self._index = index
        self._robot_location = robot_location
        self._unknown_names = UnknownNames(kb, index)
        self._scripts = ScriptIndex(kb)
        # our stations said without 역/"station" ("from Wangsimni", "뚝섬까지"), not the campus ("한양대")
        bare = {re.sub(r"(?:역|\s+station)$", "", normalize(n)): p.id for p in kb.places.values()
                if p.kind == "station" for n in (p.name_ko, p.name_en, *p.aliases)}
        bare = {name: pid for name, pid in bare.items() if name.isalpha() and compact(name) not in _CAMPUS_NAMES}
        korean = "|".join(sorted((re.escape(n) for n in bare if not n.isascii()), key=len, reverse=True))
        english = "|".join(sorted((re.escape(n) for n in bare if n.isascii()), key=len, reverse=True))
        self._bare_stations = bare
        self._bare_station_re = re.compile(
            rf"(?:^|(?<=\s))(?P<ko>{korean})(?=(?:에서|까지|부터|으로|로)(?:\s|$|[?.!,]))"
            rf"|\b(?:from|to)\s+(?P<en>{english})\b|^(?:where\s+is|where's)\s+(?P<alone>{english})\s*[?.!]?$")
        self._loanword_names = LoanwordNames(kb, index, self._unknown_names.names_more)
        # words of the intent files ("where", "어디", "가는"): never a name in the other script
        # (a word of a name, "hanyang", stays: it is part of names said in the other script)
        self._explained_here = self._unknown_names.intent_words - self._unknown_names.kb_words
        self._partial_names = PartialNames(kb, index, self._scripts, self._explained_here)

    def understand(self, text: str, conversation: Conversation, language: str | None = None) -> Query:
        norm = self._loanword_names(normalize(text))
        mentions = self._with_bare_stations(norm, self._index.find(norm))
        repaired = normalize(self_repair(norm, mentions, self._index))    # (find's positions are in normalised text)
        if repaired != norm:            # "도서관 말고 박물관", "the Student Union, sorry, the Museum"
            norm, mentions = repaired, self._with_bare_stations(repaired, self._index.find(repaired))
        # the particles after a place name, and after "거기" (the place of the last turn), read as meant
        norm = mend_particles(norm, mentions + [_Span(t.start(), t.end()) for t in _THERE.finditer(norm)])
        mentions = self._most_specific(norm, self._with_wings(norm, mentions))
        leftover = self._index.leftover_words(norm, mentions)
        lang = language or detect_language(" ".join(leftover), default="ko")
        query = Query(text=text, language=lang, intent=Intent.OUT_OF_SCOPE)

        shared = next((m for m in mentions if m.shared_by), None)
        # "Seongdong Library" is the name of three libraries: ask which one, unless another word of the
        # question is in one's name alone ("the CU at Hyundai Terrace Tower")
        owners = self._partial_names.narrowed_where_said(norm, shared) if shared else []
        if len(owners) == 1:
            mentions = [PlaceMention(owners[0], m.start, m.end, "name") if m is shared else m for m in mentions]
            shared = None
        elif shared:
            mentions = [m for m in mentions if m is not shared]
            query.ambiguous = owners
        place_ids = [m.place_id for m in mentions]
        if not place_ids and not shared:
            place_ids, query.ambiguous = self._partial_names(leftover)
            # a place found from part of a name: every other word said as a name must be its too
            other = place_ids and self._unknown_names.unaccounted(text, leftover, place_ids[0])
            if other:
                query.intent, query.unknown_words, query.unknown_place = "where_is", [other], other
                return query
            # "Is there a convenience store nearby?" asks for any place of the kind, not for the one
            # whose name holds the kind's words
            if place_ids and _ANY_NEARBY.search(norm) and _CATEGORY_RE.search(norm):
                place_ids = []
        # "경희대학교", "아산병원", "Gangnam Station": a name we do not know, not the category inside it
        unknown_place = self._unknown_names.find(text, norm, mentions, leftover, place_ids)
        if isinstance(unknown_place, list):       # a near spelling of names of ours: ask which one
            place_ids, query.ambiguous = [], unknown_place
        elif unknown_place and not query.ambiguous:
            # the whole name may be one of ours in the other script ("Hanyangdae Byeongwon": 한양대병원,
            # not Hanyang Univ. Station and an unknown word)
            named = {compact(w) for m in mentions for w in norm[m.start:m.end].split()}   # words of our names said
            crossed = self._scripts.find([w for w in unknown_place.split() if compact(w) not in self._explained_here
                                          and compact(w) not in named]) if unknown_place.isascii() else None
            if crossed is None:
                query.intent, query.unknown_words, query.unknown_place = "where_is", [unknown_place], unknown_place
                query.place_ids = []
                return query
            place_ids, mentions = [crossed[0]], []
        # "the Lotte Mart at Haengdang Station" (a shop of ours there): one place said, the station no place asked
        for a, b in zip(mentions, mentions[1:]):
            if _AT_PLACE_EN.fullmatch(norm[a.end:b.start]) and self._kb.get(a.place_id).kind == "place" and \
                    self._kb.get(b.place_id).kind in ("station", "area", "landmark", "gate"):
                mentions = [PlaceMention(a.place_id, a.start, b.end, "name") if m is a else m for m in mentions if m is not b]
                place_ids = [p for p in place_ids if p != b.place_id]
                break
        query.place_ids = place_ids
        # "박물관" names a place, not a category; nor is "학교" in "한양대학교" one (but "학교" alone is)
        # "from school", "학교에서": the campus as the start, not a kind of place asked for
        campus = _CAMPUS_WORDS if _CAMPUS_START.search(norm) else set()

        def kind_said(excluded: set[str]) -> re.Match | None:
            return _CATEGORY_RE.search(" ".join(w for w in leftover if compact(w) not in excluded and (
                compact(w) not in _GENERIC_WORDS or _CATEGORY_RE.fullmatch(compact(w)))))
        cat_match = kind_said(campus)
        if cat_match and compact(cat_match.group(0)) in _CAMPUS_WORDS:
            # "학교 식당", "학교 근처 카페", "the campus cafe": another kind said, the campus is where, not a school
            cat_match = kind_said(_CAMPUS_WORDS) or cat_match
        if cat_match:
            query.categories = CATEGORY_WORDS[cat_match.group(0)]

        # Origin of a route: "A에서 B", "from A to B", or "여기서" (the robot's location).
        unnamed_goal = False      # "A에서 <a place we do not know> 가려면": not a follow-up on the last place
        at_start = None
        if len(mentions) >= 2:
            for m in mentions:
                # "Is X close to Y?": with two places named, the one said "near" is where the walk is measured from
                start = _ROLES.after_name("start", norm[m.end:])
                said_again = any(_ROLES.after_name("start", norm[end:]) for _, end in m.again)   # "X, Y, I'm leaving it"
                if start or said_again or _ROLES.before_name("start", norm[:m.start]) or _ROLES.before_name("near", norm[:m.start]):
                    query.origin_id = m.place_id
                    query.place_ids = [p for p in place_ids if p != m.place_id] + [m.place_id]
                    if start and start.group("side"):     # "예지문 출구에서" asks no exit question
                        norm = norm[:m.end] + " " * start.end("side") + norm[m.end + start.end("side"):]
                    break
        elif len(mentions) == 1 and not mentions[0].again and (self._is_start(norm, mentions[0])
                                     or (at_start := _ROLES.before_name("at", norm[:mentions[0].start]))):
            goal, ambiguous = self._partial_names(leftover)
            # "예지문에서 고시반 있는 기숙사 어떻게 가?" names its goal by what is inside; "예지문에서 약국까지"
            # only a kind of place (the nearest one from the start), and "예지문에서 가까운 카페" none; "I got
            # off at X, where do I go?" asks about X.
            if goal or ambiguous or (_GOAL_WORDS.search(norm) and not at_start):
                query.ambiguous = ambiguous
                query.origin_id = mentions[0].place_id
                query.place_ids = goal + [mentions[0].place_id] if goal else []
                unnamed_goal = not goal and not query.ambiguous and not cat_match
        # "왕십리역 지나서 동해루", "왕십리역 가는 길에 지안약국": a place passed on the way
        via = next((m for m in mentions if _ROLES.after_name("via", norm[m.end:])), None)
        if via is not None and query.origin_id is None:
            rest = [p for p in place_ids if p != via.place_id]
            if not rest and len(mentions) == 1:
                rest, query.ambiguous = self._partial_names(leftover)
            query.place_ids = rest or query.place_ids
        elif len(mentions) >= 2 and query.origin_id is None:
            for m, nxt in zip(mentions, mentions[1:]):
                if _ROLES.before_name("at", norm[:m.start]):      # "I'm near Hanyang Univ. Station. ... to X?"
                    query.origin_id = m.place_id
                    query.place_ids = [p for p in place_ids if p != m.place_id] + [m.place_id]
                    break
                if _ROLES.before_name("goal", norm[:nxt.start]) and self._kb.get(m.place_id).kind == "station":
                    query.place_ids = [p for p in place_ids if p != m.place_id]
                    break
                between = norm[m.end:nxt.start]
                # a bare space only after a station ("왕십리역 포시즌휘트니스"; "의대 본관" is one name)
                if m.place_id != nxt.place_id and _LOCATOR_KO.fullmatch(between) and \
                        (between.strip() or self._kb.get(m.place_id).kind == "station"):
                    query.place_ids = [p for p in place_ids if p != m.place_id]
                    break
        if len(mentions) >= 2 and query.origin_id is None and _OPENS_WITH_START.search(norm[:mentions[0].start]) \
                and _TO_NEXT.fullmatch(norm[mentions[0].end:mentions[1].start]):
            # "Hanyang Univ Station to the Women's University, how long?": the first place said, then "to"
            query.origin_id = mentions[0].place_id
            query.place_ids = [mentions[1].place_id, mentions[0].place_id]
        if len(mentions) == 2 and query.origin_id is None and _DISTANCE.search(norm) and not _CLOSER.search(norm):
            first, second = mentions
            if _PAIR_KO.match(norm[first.end:second.start]):
                query.origin_id, query.place_ids = first.place_id, [second.place_id, first.place_id]
            elif _TOPIC_KO.match(norm[first.end:second.start]) and _PAIR_AFTER_KO.match(norm[second.end:]):
                query.origin_id, query.place_ids = second.place_id, [first.place_id, second.place_id]
        if query.origin_id is None and _HERE.search(norm) and self._robot_location:
            query.origin_id = self._robot_location
        # "거기서 본관까지", "from there to the library": the start is the place of the last turn; "왕십리역에서
        # 거기까지", "get there from X": the goal is.
        last = conversation.last_place_id
        if last and not mentions and len(query.place_ids) == 1 and query.place_ids[0] != last and \
                query.origin_id is None:           # the other place said in part: "the Business School"
            if _THERE_START.search(norm):
                query.origin_id, query.place_ids = last, [query.place_ids[0], last]
            elif _THERE_GOAL.search(norm) and _SAYS_START.search(norm):    # "get there from the Business School"
                query.origin_id, query.place_ids = query.place_ids[0], [last, query.place_ids[0]]
        if last and len(mentions) == 1 and mentions[0].place_id != last:
            if query.origin_id is None and _THERE_START.search(norm):
                query.origin_id, query.place_ids = last, [mentions[0].place_id, last]
            elif _THERE_GOAL.search(norm) and (query.origin_id == mentions[0].place_id or self._is_start(norm, mentions[0])
                                               or _ROLES.before_name("at", norm[:mentions[0].start])):
                query.origin_id, query.place_ids = mentions[0].place_id, [last, mentions[0].place_id]
        # "there" with no place for it: none said before, or one we do not hold ("Is there a Pizza School near
        # the back gate?" / "How do I get there from the library?"), and, for a goal, none in this question
        # but its start: neither the gate nor dropped
        there_start = _THERE_START.search(norm)
        there = there_start or _THERE_GOAL.search(norm)
        if there and not last and (there_start or not query.ambiguous and (
                all(self._is_start(norm, m) for m in mentions) if mentions else not query.place_ids)):
            query.intent, query.unknown_place, query.place_ids = "where_is", there.group(0), []
            return query
        if there_start and last and not mentions and not query.place_ids and not query.ambiguous and \
                _GOAL_WORDS.search(norm.replace(there_start.group(0), " ")):
            # "거기서 나와서 한플까지": a way from the last turn's place to a goal we cannot place, not that place
            query.intent, query.unknown_place = "where_is", there_start.group(0)
            return query
        if query.origin_id is None and (start := self._unknown_names.unknown_start(text, norm, mentions)):
            # a start we cannot place: not the gate instead ("컨버전스 에듀케이션 빌딩에서 경영관까지")
            query.intent, query.unknown_words, query.unknown_place, query.place_ids = "where_is", [start], start, []
            return query
        if query.ambiguous and query.origin_id:
            # "성수역에서 지에스25 가는 출구": of the places that share the name, the one reached from that start
            reached = [pid for pid in query.ambiguous if way_passes(self._kb, pid, query.origin_id)]
            if len(reached) == 1:
                query.place_ids, query.ambiguous = reached + [query.origin_id], []

        unnamed = without_mentions(norm, mentions)          # the question without the place names in it
        sentence = self._sentence(norm, mentions)
        if sentence is not None:         # a whole sentence of the intent files says the intent and the roles
            query.intent = Intent(sentence.intent)
            roles = {slot: m.place_id for slot, m in zip(sentence.slots, mentions)}
            if "start" in roles:
                query.origin_id = roles["start"]
                query.place_ids = [roles["place"], roles["start"]] if "place" in roles else [roles["start"]]
            else:
                if query.origin_id in roles.values():     # "A은 B에서 어느 쪽": B is a place to relate to, no start
                    query.origin_id = None
                if "other" in roles:
                    query.place_ids = [roles["place"], roles["other"]]
        else:
            query.intent = self._intent(norm, query, unnamed)
        if query.intent == Intent.WHERE_IS and query.origin_id and len(query.place_ids) >= 2:
            query.intent = Intent.ROUTE           # a start and a goal: "X에서 Y까지 어떻게 와요?", "the way from X to Y"
        needs_place = query.intent not in ("greeting", "help", "unsupported_fact", "out_of_scope", "category_near")
        if needs_place and not query.place_ids and not query.ambiguous:
            last = conversation.last_place_id
            if last and (_PRONOUN.search(norm) or (query.intent != "where_is" and not unnamed_goal) or not leftover):
                query.place_ids = [last]
                query.from_memory = True
        if (not query.place_ids and not query.ambiguous and query.intent not in
                ("greeting", "help", "category_near", "out_of_scope")):
            query.unknown_words = [w for w in leftover if len(compact(w)) >= 2 and not w.isdigit()
                                   and compact(w) not in _GENERIC_WORDS and compact(w) not in campus]
        query.asks_farther = bool(_FARTHER.search(norm))
        query.asks_stop = any(_STOP_AFTER.match(norm[m.end:]) for m in mentions[:1])
        return query

    @staticmethod
    def _is_start(norm: str, mention) -> bool:
        """Whether a place is said as where the way starts ("도서관에서", "from the library")."""
        return any(_ROLES.after_name("start", norm[end:]) or _ROLES.before_name("start", norm[:start])
                   for start, end in ((mention.start, mention.end), *mention.again))

    def _with_bare_stations(self, norm: str, mentions: list) -> list:
        """Our stations said by their place's name alone, as the start or the end of a way ("from Wangsimni
        to Haengdang", "뚝섬까지", "Where is Wangsimni?"): the stations, not a shop named after the
        neighbourhood. Not a name said bare ("행당 초등학교" is a school of 행당, "왕십리 맛집" its
        restaurants, "GS25 Seongsu" a shop) nor where a place is ("Dunkin' in Wangsimni")."""
        found = []
        for said in self._bare_station_re.finditer(norm):
            group = next(g for g in ("ko", "en", "alone") if said.group(g))
            start, end = said.span(group)
            after = re.match(r"\s+([a-z]+)", norm[end:])
            if group == "en" and after and compact(after.group(1)) not in self._unknown_names.intent_words:
                continue            # "to Wangsimni Lotte Mart": a place of Wangsimni, not the station
            if any(m.start < end and start < m.end for m in mentions):
                continue
            found.append(PlaceMention(self._bare_stations[said.group(group)], start, end, "name"))
        return sorted(mentions + found, key=lambda m: m.start) if found else mentions

    def _with_wings(self, norm: str, mentions: list) -> list:
        """A name said with the wing or annex of one place of ours ("사범대 별관", "the west wing of the
        hospital"): that place, over the whole span."""
        for m, _, start, end, siblings in self._unknown_names.wings(norm, mentions):
            if len(siblings) == 1:
                mentions = [PlaceMention(siblings[0], start, end, "name") if x is m else x for x in mentions
                            if x is m or not (x.start < end and start < x.end)]
        return mentions

    def _most_specific(self, norm: str, mentions: list) -> list:
        """"the hospital, the east wing", "한양여대 그 식품영양관": a place said, then (after a comma or a "that")
        a place whose name holds it (병원동관 for 병원): the second says which one, the first is not a place
        of its own. So too a place said bare before a start ("병원 응급실에서")."""
        dropped = set()
        for a, b in zip(mentions, mentions[1:]) if len(mentions) == 2 else ():    # (not in a list of places)
            said, place = compact(norm[a.start:a.end]), self._kb.get(b.place_id)
            if _SAYS_WHICH.fullmatch(norm[a.end:b.start]) and a.place_id != b.place_id and \
                    any(said in compact(n) for n in (place.name_ko, place.name_en, *place.aliases)):
                dropped.add(id(a))
        for a, b in zip(mentions, mentions[1:]):
            if not norm[a.end:b.start].strip() and a.place_id != b.place_id and not self._is_start(norm, a) \
                    and _ROLES.after_name("start", norm[b.end:]):      # "병원 응급실 나와서": where the start is
                dropped.add(id(a))
        # a place said again by a word for its kind ("Is 백남학술정보관 a library?"): the kind is asked about
        return [replace(m, again=tuple((s, e) for s, e in m.again if not _CATEGORY_RE.fullmatch(compact(norm[s:e]))))
                for m in mentions if id(m) not in dropped]

    @staticmethod
    def _sentence(norm: str, mentions: list) -> SentenceMatch | None:
        """The sentence pattern the question fits with its place names as slots, if one does."""
        slotted = norm
        for m in reversed(mentions):
            slotted = slotted[:m.start] + SLOT_MARK + slotted[m.end:]
        found = INTENT_DATA.match_sentence(slotted)
        return found if found is not None and len(found.slots) == len(mentions) else None

    def _intent(self, norm: str, query: Query, unnamed: str) -> Intent:
        has_place = bool(query.place_ids or query.ambiguous)
        if _UNSUPPORTED.search(unnamed):      # not in names: "Open-Air Theater" asks no opening hours
            return Intent.UNSUPPORTED_FACT
        if not has_place and _GREETING.search(norm):
            return Intent.GREETING
        if not has_place and _HELP.search(norm):
            return Intent.HELP
        if query.categories and _NEAR_WORD.search(norm) and not _RULES[0][1].search(norm):
            category_is_the_place = any(set(query.categories) & set(self._kb.get(p).category)
                                        for p in query.place_ids[:1])
            if not category_is_the_place:
                return Intent.CATEGORY_NEAR
        if query.categories and query.place_ids and _YES_NO.search(norm) and not _ASKS_WAY.search(norm):
            return Intent.YES_NO_CATEGORY
        # "한양대에서 약국까지 가는 방법": no place named, only a kind of place: the nearest one of that kind.
        if query.categories and not has_place and any(p.search(unnamed) for i, p in _RULES
                                                      if i in ("route", "walk_time", "where_is", "transit")):
            return Intent.CATEGORY_NEAR
        for intent, pattern in _RULES:
            if pattern.search(unnamed):       # names blanked: "한양대역 2번 출구" asks no exit question
                if intent in ("closer", "relation") and len(query.place_ids) < 2:
                    continue
                if intent == "where_is" and len(query.place_ids) >= 2 and query.origin_id is None:
                    return Intent.RELATION      # "건축관은 신소재공학관 어디에 있어?"
                return intent
        if has_place or _PRONOUN.search(norm):
            return Intent.WHERE_IS
        return Intent.OUT_OF_SCOPE


@dataclass
class _Span:
    start: int
    end: int


_THERE = re.compile(ko_words.THERE)
_SAYS_START = cue("SAYS_START")
# A question that opens with its start: "(um,) (from) (the) X to Y ..."
_OPENS_WITH_START, _TO_NEXT = cue("OPENS_WITH_START"), cue("TO_NEXT")



