"""Understand a question: language, intent, the places it names, and context from earlier turns.

Rules, not a model: every decision can be traced to a sentence pattern, cue or list in
`intents/<language>.txt` or below, and the rules run in well under a millisecond on the robot's CPU.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...knowledge import KnowledgeBase, PlaceIndex
from ...knowledge.facts import way_passes
from ...knowledge.scripts import ScriptIndex
from ...knowledge.search import compact, normalize
from .intents import ASIDE, INTENT_DATA, Intent
from ..languages import detect_language
from ..memory import Conversation
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
_YES_NO = re.compile(r"(?:이야|야|인가요|이에요|예요|입니까|맞아|맞나요|이니|인가|있어|있나요|있니|있습니까)\s*\??\s*$|"
                     r"^(?:is|are|does|do)\b|is there|are there", re.I)
_ASKS_WAY = re.compile(r"어디|어떻게|\bwhere\b|\bhow\b", re.I)     # "고시반 있는 기숙사 어디야?" is no yes/no question
_STOP_AFTER = re.compile(r"^\s*(?:'\s*)?(?:정류장|정거장|버스\s*정류장|bus\s*stop|stop\b)", re.I)
_NEAR_WORD = re.compile(r"근처|주변|가까운|가까이|옆에|near|nearby|around|close", re.I)
_HERE = re.compile(r"여기|이곳|현재\s*위치|지금\s*위치|\bhere\b|where i am|current location", re.I)
_PRONOUN = re.compile(r"거기|그\s*(?:건물|곳|장소|식당|가게|데)|그곳|그쪽|거긴|\bthere\b|\bit\b|that (?:building|place|one)|"
                      r"the (?:building|place)", re.I)
# Words that say a question has a goal besides the place it starts from ("X에서 Y 가려면").
_GOAL_WORDS = re.compile(r"가려면|가는|까지|to (?:the |a )?\w|get to|go to|reach", re.I)
# The roles of place names (start, via, near, goal, at): cues in the intent files' [roles] sections.
# "예지문 출구에서": a start may carry a word for which side of it (group "side").
_ROLES = INTENT_DATA.roles
# Two places asked about together: "A과 B 간 거리", "A하고 B은 얼마나 떨어져" (A is the start), and
# "A은 B이랑 얼마나 떨어져" (how far A is from B: B is the start).
_PAIR_KO = re.compile(rf"^{ASIDE}(?:과|와|하고|이랑|랑)\s*$")
_PAIR_AFTER_KO = re.compile(r"^\s*(?:과|와|하고|이랑|랑)(?:\s|$)")
_TOPIC_KO = re.compile(r"^\s*(?:은|는)\s*$")
# A place said only to locate the next one: "왕십리역 근처에 매란방", "왕십리역 안에 있는 이마트", "왕십리역 포시즌휘트니스".
_LOCATOR_KO = re.compile(r"\s*(?:(?:근처|주변|안|앞|옆|쪽|역사\s*안)\s*(?:에)?\s*(?:있는)?|에\s*있는|의)?\s*")


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
        # words of the intent files ("where", "어디", "가는"): never a name in the other script
        # (a word of a name, "hanyang", stays: it is part of names said in the other script)
        self._explained_here = self._unknown_names.intent_words - self._unknown_names.kb_words

    def understand(self, text: str, conversation: Conversation, language: str | None = None) -> Query:
        norm = self._said_in_loanwords(normalize(text))
        mentions = self._index.find(norm)
        repaired = _self_repair(norm, mentions)
        if repaired != norm:            # "도서관 말고 박물관", "the Student Union, sorry, the Museum"
            norm, mentions = repaired, self._index.find(repaired)
        norm = _mend_particles(norm, mentions)
        leftover = self._index.leftover_words(norm, mentions)
        lang = language or detect_language(" ".join(leftover), default="ko")
        query = Query(text=text, language=lang, intent=Intent.OUT_OF_SCOPE)

        shared = next((m for m in mentions if m.shared_by), None)
        if shared:           # "Seongdong Library" is the name of three libraries: ask which one
            mentions = [m for m in mentions if m is not shared]
            query.ambiguous = list(shared.shared_by)
        place_ids = [m.place_id for m in mentions]
        if not place_ids and not shared:
            place_ids, query.ambiguous = self._partial_or_fuzzy(leftover)
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
        query.place_ids = place_ids
        # "박물관" names a place, not a category; nor is "학교" in "한양대학교" one (but "학교" alone is)
        # "from school", "학교에서": the campus as the start, not a kind of place asked for
        campus = _CAMPUS_WORDS if _CAMPUS_START.search(norm) else set()
        cat_match = _CATEGORY_RE.search(" ".join(w for w in leftover if compact(w) not in campus and (
            compact(w) not in _GENERIC_WORDS or _CATEGORY_RE.fullmatch(compact(w)))))
        if cat_match:
            query.categories = CATEGORY_WORDS[cat_match.group(0)]

        # Origin of a route: "A에서 B", "from A to B", or "여기서" (the robot's location).
        unnamed_goal = False      # "A에서 <a place we do not know> 가려면": not a follow-up on the last place
        at_start = None
        if len(mentions) >= 2:
            for m in mentions:
                # "Is X close to Y?": with two places named, the one said "near" is where the walk is measured from
                start = _ROLES.after_name("start", norm[m.end:])
                if start or _ROLES.before_name("start", norm[:m.start]) or _ROLES.before_name("near", norm[:m.start]):
                    query.origin_id = m.place_id
                    query.place_ids = [p for p in place_ids if p != m.place_id] + [m.place_id]
                    if start and start.group("side"):     # "예지문 출구에서" asks no exit question
                        norm = norm[:m.end] + " " * start.end("side") + norm[m.end + start.end("side"):]
                    break
        elif len(mentions) == 1 and (_ROLES.after_name("start", norm[mentions[0].end:])
                                     or _ROLES.before_name("start", norm[:mentions[0].start])
                                     or (at_start := _ROLES.before_name("at", norm[:mentions[0].start]))):
            goal, ambiguous = self._partial_or_fuzzy(leftover)
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
                rest, query.ambiguous = self._partial_or_fuzzy(leftover)
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
                query.origin_id is None and _THERE_START.search(norm):      # the goal said in part: "the Business School"
            query.origin_id, query.place_ids = last, [query.place_ids[0], last]
        if last and len(mentions) == 1 and mentions[0].place_id != last:
            if query.origin_id is None and _THERE_START.search(norm):
                query.origin_id, query.place_ids = last, [mentions[0].place_id, last]
            elif _THERE_GOAL.search(norm) and (query.origin_id == mentions[0].place_id
                                               or _ROLES.after_name("start", norm[mentions[0].end:])
                                               or _ROLES.before_name("start", norm[:mentions[0].start])):
                query.origin_id, query.place_ids = mentions[0].place_id, [last, mentions[0].place_id]
        if query.ambiguous and query.origin_id:
            # "성수역에서 지에스25 가는 출구": of the places that share the name, the one reached from that start
            reached = [pid for pid in query.ambiguous if way_passes(self._kb, pid, query.origin_id)]
            if len(reached) == 1:
                query.place_ids, query.ambiguous = reached + [query.origin_id], []

        unnamed = norm
        for m in mentions:          # the question without the place names in it
            unnamed = unnamed[:m.start] + " " * (m.end - m.start) + unnamed[m.end:]
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
        query.asks_farther = bool(re.search(r"더\s*멀|더\s*먼|farther|further", norm))
        query.asks_stop = any(_STOP_AFTER.match(norm[m.end:]) for m in mentions[:1])
        return query

    def _said_in_loanwords(self, norm: str) -> str:
        """`norm` with a place's English name said in Hangul ("메인 빌딩은", "비즈니스 스쿨까지") written as its
        Korean name ("본관은", "경영관까지"): a run of loanwords is read as the English words it spells, and
        replaced only when they are the whole of one of our names, or the start of one place's name. A run
        is read from its first word: "칼리지 오브 에듀케이션 메인 빌딩" is not our Main Building."""
        tokens = list(re.finditer(r"[가-힣]+", norm))
        words = [_loanword(t.group(0)) for t in tokens]
        out, at, i = [], 0, 0
        while i < len(tokens):
            j = i
            while j < len(tokens) and words[j] and (j == i or not norm[tokens[j - 1].end():tokens[j].start()].strip()):
                j += 1
                if words[j - 1][1]:          # a particle ends the name
                    break
            # a name of no loanword right before ("퓨전 테크놀로지 센터"): a longer name than the run spells
            glued = i > 0 and not norm[tokens[i - 1].end():tokens[i].start()].strip() and \
                self._unknown_names.names_more(tokens[i - 1].group(0))
            for end in range(j, i, -1) if not glued else ():
                place = self._english_name(" ".join(words[k][0] for k in range(i, end)))
                if place:
                    stop = tokens[end - 1].end() - len(words[end - 1][1])
                    out.append(norm[at:tokens[i].start()] + self._kb.get(place).name_ko)
                    at, i = stop, end
                    break
            else:
                i = max(j, i + 1)
        return "".join(out) + norm[at:]

    def _english_name(self, english: str) -> str | None:
        """The place whose English name (or alias) is `english`, or, two words or more, the one place whose
        name starts so ("business school": Business School Building)."""
        found = self._index.find(english)
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(english) and not found[0].shared_by:
            return found[0].place_id
        owners = self._index.starting_with(english) if len(english.split()) >= 2 else []
        return owners[0] if len(owners) == 1 else None

    @staticmethod
    def _sentence(norm: str, mentions: list) -> SentenceMatch | None:
        """The sentence pattern the question fits with its place names as slots, if one does."""
        slotted = norm
        for m in reversed(mentions):
            slotted = slotted[:m.start] + SLOT_MARK + slotted[m.end:]
        found = INTENT_DATA.match_sentence(slotted)
        return found if found is not None and len(found.slots) == len(mentions) else None

    def _narrowed(self, owners: list[str], words: list[str], said: str) -> list[str]:
        """Of several places whose names hold `said`, the one whose name also holds another word of the
        question ("the GS25 at Seoul Forest": GS25 Seoul Forest D Tower, "왕십리 스시도쿠": the Sushi Doku
        branches of the places named 왕십리...); all of them when none does."""
        if len(owners) < 2:
            return owners
        others = [compact(w) for w in words if w != said and len(compact(w)) >= 4 and compact(w) not in _GENERIC_WORDS]
        names = {pid: [compact(n) for n in (self._kb.get(pid).name_en, self._kb.get(pid).name_ko,
                                            *self._kb.get(pid).aliases)] for pid in owners}
        fitting = [pid for pid in owners if any(w in n for w in others for n in names[pid])]
        return fitting or owners

    def _partial_or_fuzzy(self, words: list[str]) -> tuple[list[str], list[str]]:
        """A word that is part of several names asks back; one typo'd name is accepted."""
        for word in words:
            key = compact(word)
            # Partial names only for Korean words: "음악관" fits three buildings, but "the" is in "theater".
            if len(key) < 3 or key in _GENERIC_WORDS or key.isascii() or _CATEGORY_RE.fullmatch(key):
                continue
            owners = self._narrowed(self._index.containing(key), words, word)
            if len(owners) == 1:
                return owners, []
            if len(owners) > 1:
                return [], owners
        content = [w for w in words if compact(w) not in _GENERIC_WORDS and not w.isdigit()]
        # a name in the other script ("Hanyangdae Byeongwon", "센트럴 라이브러리"), before the partial English
        # rules below would take its first word for another name
        crossed = self._scripts.find([w for w in words if compact(w) not in self._explained_here])
        if crossed:
            return [crossed[0]], []
        # An English name said without its last words: "Sungshin Elementary" (School).
        for a, b in zip(content, content[1:]):
            owners = self._index.starting_with(a + b) if len(a + b) >= 8 else []
            if len(owners) == 1:
                return owners, []
            if 1 < len(owners) <= 3:          # "Sushi Doku": three branches start so; ask which
                return [], owners
        for word in content:
            # An English name said by its first word alone, when only one name starts so: "Sangwangsimni"
            # (Station), not the similar-looking "CGV Wangsimni".
            if word.isascii() and len(word) >= 8:
                owners = self._index.starting_with(word)
                if len(owners) == 1:
                    return owners, []
        for word in content:
            # A letter-and-digit code said alone ("GS25") is part of names; an ordinal ("2nd") is not.
            key = compact(word)
            if key.isascii() and re.fullmatch(r"(?=.*\d)(?=.*[a-z])[a-z\d]{3,}", key) and \
                    not re.fullmatch(r"\d+(?:st|nd|rd|th)", key):
                owners = self._narrowed(self._index.containing(key), content, word)
                if len(owners) == 1:
                    return owners, []
                if len(owners) > 1:
                    return [], owners
        for word in content:
            # A thing inside a building: "연습실 있는 건물" -> 제2음악관 (Korean words; a category word is not one).
            key = compact(word)
            if len(key) >= 3 and not key.isascii() and not _CATEGORY_RE.search(key):
                owners = self._index.with_feature(key)
                if len(owners) == 1:
                    return owners, []
                if 1 < len(owners) <= 3:
                    return [], owners
        return self._index.find_fuzzy(content)[:1], []

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


# A question that opens with its start: "(um,) (from) (the) X to Y ..."
_OPENS_WITH_START = re.compile(r"^\W*(?:(?:so|ok|okay|and|from|the)\W+)*$", re.I)
_TO_NEXT = re.compile(r"\W*\s(?:to|->|→)\s+(?:the\s+)?", re.I)
_LOANWORDS = {w: meant for w, meant in INTENT_DATA.loanwords.items() if re.fullmatch(r"[가-힣]+", w)}
_ENDING_AFTER = re.compile(r"(?:(?:에서|까지|부터|으로|로|에)(?:는|도|은)?|은|는|이|가|을|를|의|도|이랑|랑|하고|과|와|이나|나|이야|야|"
                           r"이에요|예요|인데|만|쪽|이요|요)?")


def _loanword(token: str) -> tuple[str, str] | None:
    """(the English word, the particle after it) of a Hangul token that is a loanword with or without a
    particle ("빌딩까지" -> ("building", "까지")); None for any other word."""
    if token in _LOANWORDS:
        return _LOANWORDS[token], ""
    for cut in range(len(token) - 1, 0, -1):
        if token[:cut] in _LOANWORDS and _ENDING_AFTER.fullmatch(token[cut:]):
            return _LOANWORDS[token[:cut]], token[cut:]
    return None
# A start or goal said as "there" (the place of the last turn).
_THERE_START = re.compile(r"거기\s*(?:에서|서|부터)|그\s*(?:건물|곳)\s*(?:에서|부터)|\bfrom\s+there\b|"
                          r"\bfrom\s+(?:that|this)\s+(?:building|place)\b", re.I)
_THERE_GOAL = re.compile(r"거기\s*(?:까지|로|으로)|그\s*(?:건물|곳)\s*(?:까지|으로|로)|\b(?:get|go|walk)\s+there\b|"
                         r"\bto\s+there\b", re.I)
# A recogniser's vowel confusions and stray spaces inside the particles that give a place its role
# ("도서관에사", "국제관이서", "까자", "으루", "에 서"): read as the particle meant, only right after a place
# name, each the same length as what it replaces (the mentions' positions hold).
_MISHEARD_PARTICLES = [(re.compile(pattern), meant) for pattern, meant in (
    (r"^(?:에사|애서|애사|이서|에수|에소)(?=$|[^가-힣]|부)", "에서"), (r"^에 서(?=$|[^가-힣]|부)", "에서 "),
    (r"^(?:까자|까즈|까찌|까쥐|카지)(?=$|[^가-힣])", "까지"), (r"^(?:으루|어루|이로|으러)(?=$|[^가-힣])", "으로"),
    (r"^(?:부타|부텀|뿌터)(?=$|[^가-힣])", "부터"))]


# A role particle a recogniser wrote as a word of its own ("학생회관 까지", "본관 애서"): glued back.
_SPACED_PARTICLE = re.compile(r"^ (에서|까지|부터|으로|에사|애서|애사|이서|에수|에소|까자|까즈|까찌|까쥐|카지|으루|어루|으러|부타|부텀|뿌터)"
                              r"(?=$|[^가-힣])")


def _mend_particles(norm: str, mentions: list) -> str:
    """`norm` with a misheard role particle after each place name read as meant."""
    for m in mentions:
        spaced = _SPACED_PARTICLE.match(norm[m.end:])
        if spaced:           # the same length: the space moves after the particle
            norm = norm[:m.end] + spaced.group(1) + " " + norm[m.end + spaced.end():]
        for pattern, meant in _MISHEARD_PARTICLES:
            rest = norm[m.end:]
            for skip in (0, 2):         # right after the name, or after 에서 in "에서부타"
                if skip and not rest.startswith("에서"):
                    continue
                found = pattern.match(rest[skip:])
                if found:
                    at = m.end + skip
                    norm = norm[:at] + meant + norm[at + len(found.group(0)):]
    return norm


# A speaker correcting the place they said: "한누리관 아니 아니 개나리관", "도서관 말고 박물관", "the Student
# Union, sorry, the International Building", "Museum, I mean the Library". Not "A 아니면 B" (A or B).
_REPAIR = re.compile(r"(?<![가-힣])(?:아니(?:\s*아니)*|아니고|말고|아니\s*그게\s*아니라)(?![가-힣])|"
                     r"\b(?:sorry|i mean|no wait|or rather|rather|no no|actually no)\b", re.I)


def _self_repair(norm: str, mentions: list) -> str:
    """`norm` with a corrected place and its repair word blanked (the same length, so that positions
    hold): a place said, a repair word, then another place said."""
    for marker in _REPAIR.finditer(norm):
        before = [m for m in mentions if m.end <= marker.start()]
        if before and any(m.start >= marker.end() for m in mentions):
            start = before[-1].start
            norm = norm[:start] + " " * (marker.end() - start) + norm[marker.end():]
    return norm


_CAMPUS_START = re.compile(r"\bfrom\s+(?:the\s+)?(?:school|campus|university)\b|(?:학교|캠퍼스)\s*(?:에서|부터)", re.I)
_CAMPUS_WORDS = {"school", "campus", "university", "학교", "캠퍼스"}
_ANY_NEARBY = re.compile(r"\b(?:is there|are there|any)\b.*\b(?:near(?:by)?|around|close)\b|"
                         r"(?:근처|주변|가까운)\S*\s.*(?:있어|있나|있니|있을까|있습니까)", re.I)
