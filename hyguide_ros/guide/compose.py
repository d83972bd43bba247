"""Compose spoken answers from knowledge-base facts (templates, always available).

Every number and place name in a composed answer comes from the knowledge base; when no fact
supports an answer, the reply says so (모르겠습니다 / I don't know) and offers likely places.
English replies add the Korean name at the first mention of a place, because campus signs are
in Korean.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..knowledge import CampusGraph, KnowledgeBase, Place, PlaceIndex
from ..knowledge.schema import RouteStep
from ..knowledge.spoken import josa
from .scoring import extract_facts
from .understanding import Query

ABSTAIN = {"ko": "모르겠습니다", "en": "I don't know"}

# Where a neighbour lies, as an adverbial phrase.
DIRECTION_PHRASES = {
    "right": ("오른쪽에", "to the right"), "left": ("왼쪽에", "to the left"), "front": ("앞쪽에", "in front"),
    "behind": ("뒤쪽에", "behind it"), "uphill": ("위쪽에", "up the hill"), "downhill": ("아래쪽에", "down the hill"),
    "beside": ("옆에", "next to it"), "right_beside": ("바로 옆에", "right next to it"), "nearby": ("근처에", "nearby"),
    "upper_right": ("오른쪽 위에", "up to the right"), "lower_right": ("오른쪽 아래에", "down to the right"),
    "toward": ("가는 방향에", "in that direction"), "far": ("조금 떨어진 곳에", "a little farther away"),
}


@dataclass
class Reply:
    sentences: list[str]
    place_ids: list[str] = field(default_factory=list)
    grounded: bool = True       # every stated fact comes from the knowledge base
    abstained: bool = False     # the guide said it does not know
    asked_back: bool = False    # several places fit: it asks which one

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


# "A is <phrase> B": where a place lies relative to another, and the same relation seen from B.
RELATION_PHRASES = {
    "right": ("오른쪽", "to the right of"), "left": ("왼쪽", "to the left of"), "front": ("앞쪽", "in front of"),
    "behind": ("뒤쪽", "behind"), "uphill": ("위쪽", "up the hill from"), "downhill": ("아래쪽", "down the hill from"),
    "beside": ("옆", "next to"), "right_beside": ("바로 옆", "right next to"), "nearby": ("근처", "near"),
    "upper_right": ("오른쪽 위", "up and to the right of"), "lower_right": ("오른쪽 아래", "down and to the right of"),
    "toward": ("가는 방향", "on the way to"), "far": ("조금 떨어진 곳", "a little farther away from"),
}
INVERSE_DIRECTION = {"right": "left", "left": "right", "front": "behind", "behind": "front", "uphill": "downhill",
                     "downhill": "uphill", "beside": "beside", "right_beside": "right_beside", "nearby": "nearby",
                     # down to the left has no word of its own: "down the hill" is what is sure of it
                     "upper_right": "downhill", "lower_right": "uphill"}


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _join_en(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _a(phrase: str) -> str:
    """English indefinite article for a common-noun phrase."""
    return ("an " if phrase[:1].lower() in "aeiou" else "a ") + phrase


def _a_minute(minutes: int | str) -> str:
    """'a 5-minute', 'an 8-minute', 'an 11-minute', 'a 13- to 14-minute' (the article follows the sound
    of the number)."""
    low, _, high = str(minutes).partition("~")
    spoken_vowel = low.startswith("8") or low in ("11", "18")
    return f"{'an' if spoken_vowel else 'a'} {low}-{f' to {high}-' if high else ''}minute"


def _with_article(item: str) -> str:
    """'food court' -> 'a food court'; plurals and proper names stay bare."""
    return item if item.endswith("s") or item[:1].isupper() else _a(item)


# Korean clause endings that become "if/when" before the final arrival clause.
_KO_THEN = [("직진하고", "직진하면"), ("돌아", "돌면"), ("지나", "지나면"), ("들어가", "들어가면"), ("나가", "나가면"),
            ("건너", "건너면"), ("내려", "내리면"), ("건넌 뒤", "건너면")]


def _km(meters: int, lang: str) -> str:
    value = f"{meters / 1000:.1f}".rstrip("0").rstrip(".")
    return f"약 {value}km" if lang == "ko" else f"about {value} km"


class Composer:
    def __init__(self, kb: KnowledgeBase, graph: CampusGraph, index: PlaceIndex, robot_location: str | None = None):
        self.kb = kb
        self.graph = graph
        self.index = index
        self.robot_location = robot_location or kb.origin

    # ------------------------------------------------------------------ naming
    def _names(self, lang: str):
        """A namer for one reply: English adds the Korean name at first mention."""
        seen: set[str] = set()

        def name(pid: str, code: bool = False) -> str:
            place = self.kb.get(pid)
            if lang == "ko":
                return place.name_ko + (f"({place.building_code}번 건물)" if code and place.building_code else "")
            first = pid not in seen
            seen.add(pid)
            extra = [place.name_ko] if first and place.name_ko != place.name_en else []
            if code and place.building_code:
                extra.append(f"Building {place.building_code}")
            return place.name_en + (f" ({', '.join(extra)})" if extra else "")
        return name

    def _ko(self, pid: str, particle: str = "", code: bool = False) -> str:
        """Korean name + particle chosen by the name itself, the building number in brackets."""
        place = self.kb.get(pid)
        tail = josa(place.name_ko, particle)[len(place.name_ko):] if particle else ""
        if code and place.building_code:
            return f"{place.name_ko}({place.building_code}번 건물){tail}"
        return place.name_ko + tail

    def _origin_phrase(self, lang: str, name) -> str:
        origin = self.kb.origin_place
        if origin.access:
            station = self.kb.get(origin.access.station)
            if lang == "ko":
                return f"{origin.name_ko}({station.name_ko} {origin.access.exit}번 출구)"
            return f"{name(origin.id)}, Exit {origin.access.exit} of {name(station.id)}"
        return name(origin.id)

    def _categories(self, place: Place, lang: str, limit: int = 2) -> str:
        names = [self.kb.category_name(c, lang) for c in place.category[:limit]]
        return "·".join(names) if lang == "ko" else " and ".join(names)

    # ------------------------------------------------------------------ entry point
    def compose(self, q: Query) -> Reply:
        lang = q.language
        if q.intent == "greeting":
            return Reply([{"ko": "안녕하세요! 한양대학교 캠퍼스 안내 로봇이에요.",
                           "en": "Hello! I am the Hanyang University campus guide robot."}[lang],
                          self._help_line(lang)], grounded=False)
        if q.intent == "help":
            return Reply([{"ko": "저는 한양대학교 건물과 주변 장소를 안내해요.",
                           "en": "I can tell you about Hanyang University buildings and places nearby."}[lang],
                          self._help_line(lang)], grounded=False)
        if q.intent == "unsupported_fact":
            return self._unsupported(q)
        if q.ambiguous:
            return self._ask_back(q)
        if q.intent == "category_near":
            return self._category_near(q)
        if q.intent == "transit" and not q.place_ids:
            return self._transit_general(q)
        if not q.place_ids:
            return self._unknown(q)
        handler = getattr(self, "_" + q.intent, None)
        if handler is None:
            return self._unknown(q)
        return handler(q)

    def _help_line(self, lang: str) -> str:
        return {"ko": "'한양플라자 어디야?', '도서관 가는 길 알려줘', '근처에 카페 있어?'처럼 물어보세요.",
                "en": "Ask me things like 'Where is Hanyang Plaza?', 'How do I get to the library?' "
                      "or 'Is there a cafe nearby?'."}[lang]

    # ------------------------------------------------------------------ abstentions
    def _unknown(self, q: Query) -> Reply:
        lang = q.language
        suggestions = self._suggest(q.unknown_words)
        if q.intent == "out_of_scope" and not q.unknown_words:
            first = {"ko": "죄송하지만 그 질문은 모르겠습니다.", "en": "Sorry, I don't know the answer to that."}[lang]
            second = {"ko": "저는 한양대학교 캠퍼스와 주변 장소 안내만 할 수 있어요.",
                      "en": "I can only help with places on and around the Hanyang University campus."}[lang]
            return Reply([first, second, self._help_line(lang)], grounded=False, abstained=True)
        first = {"ko": "죄송하지만 모르겠습니다. 제가 아는 장소 중에는 그런 곳이 없어요.",
                 "en": "Sorry, I don't know that place. It is not in my campus map."}[lang]
        sentences = [first]
        if suggestions:
            name = self._names(lang)
            names = [name(pid) for pid in suggestions]
            sentences.append(f"혹시 {', '.join(names)} 중 한 곳을 찾으세요?" if lang == "ko"
                             else f"Did you mean {_join_en(names).replace(' and ', ' or ')}?")
        else:
            sentences.append(self._help_line(lang))
        return Reply(sentences, place_ids=suggestions, grounded=False, abstained=True)

    def _suggest(self, words: list[str]) -> list[str]:
        scored: dict[str, float] = {}
        for word in words:
            for pid, score in self.index.similar(word, limit=3, threshold=0.34):
                scored[pid] = max(score, scored.get(pid, 0.0))
        return [pid for pid, _ in sorted(scored.items(), key=lambda kv: -kv[1])[:3]]

    def _ask_back(self, q: Query) -> Reply:
        lang = q.language
        name = self._names(lang)
        # How far each one is on foot helps the visitor choose: one span when they are about as far,
        # else each place with its own walk.
        minutes = [self.kb.get(pid).walk_min for pid in q.ambiguous]
        known = all(minutes)         # 0 is "right at the gate": no walk to tell
        alike = known and max(minutes) - min(minutes) <= 2
        if known and not alike:
            names = [f"{name(pid, code=True)}(약 {m}분)" if lang == "ko" else f"{name(pid, code=True)}, about {m} minutes"
                     for pid, m in zip(q.ambiguous, minutes)]
        else:
            names = [name(pid, code=True) for pid in q.ambiguous]
        span = "" if not alike else \
            f"{min(minutes)}" if min(minutes) == max(minutes) else f"{min(minutes)}~{max(minutes)}"
        origin = self._origin_phrase(lang, name)
        if lang == "ko":
            walk = [f"모두 {origin}에서 걸어서 약 {span}분 거리예요."] if span else \
                [f"시간은 {origin}에서 걸어서 가는 시간이에요."] if known else []
            return Reply([f"말씀하신 이름에 맞는 곳이 {len(names)}곳 있어요: {', '.join(names)}.", *walk,
                          "어느 곳을 찾으시는지 말씀해 주세요."], place_ids=list(q.ambiguous), asked_back=True)
        walk = [f"All are about {span.replace('~', ' to ')} minutes' walk from {origin}."] if span else \
            [f"Those are the walks from {origin}."] if known else []
        listed = "; ".join(names) if known and not alike else _join_en(names)
        return Reply([f"{len(names)} places match that name: {listed}.", *walk,
                      "Which one do you mean?"], place_ids=list(q.ambiguous), asked_back=True)

    def _unsupported(self, q: Query) -> Reply:
        lang = q.language
        if q.place_ids:
            pid = q.place_ids[0]
            first = (f"죄송하지만 {self.kb.get(pid).name_ko}에 대한 그 정보는 제가 가진 자료에 없어서 모르겠습니다."
                     if lang == "ko" else
                     f"Sorry, I don't know that about {self._names(lang)(pid)}; it is not in my campus data.")
            second = {"ko": "위치, 가는 길, 층수, 주변 건물은 안내해 드릴 수 있어요.",
                      "en": "I can tell you where it is, how to get there, its floors and what is nearby."}[lang]
            return Reply([first, second], place_ids=[pid], grounded=False, abstained=True)
        return Reply([{"ko": "죄송하지만 그 정보는 제가 가진 자료에 없어서 모르겠습니다.",
                       "en": "Sorry, I don't know that; it is not in my campus data."}[lang],
                      self._help_line(lang)], grounded=False, abstained=True)

    # ------------------------------------------------------------------ fact sentences
    def _location_sentence(self, pid: str, lang: str, name) -> str | None:
        """Where a place is, measured from the origin gate."""
        place = self.kb.get(pid)
        origin = self._origin_phrase(lang, name)
        if place.id == self.kb.origin:
            return None
        if place.walk_min == 0 and place.zone != "mid":
            return (f"{self._ko(pid, '은', code=True)} {origin} 바로 앞에 있어요." if lang == "ko"
                    else f"{name(pid, code=True)} is right at {origin}.")
        if place.walk_min is not None and place.zone != "mid":
            via = self._landmarks_passed(pid, 3) if place.zone == "campus" else []
            if lang == "ko":
                past = f" {', '.join(self.kb.get(v).name_ko for v in via[:-1])}{', ' if via[:-1] else ''}" \
                       f"{josa(self.kb.get(via[-1]).name_ko, '을')} 지나" if via else ""
                return f"{self._ko(pid, '은', code=True)} {origin}에서{past} 걸어서 약 {self._walk_span(pid)}분 거리에 있어요."
            past = f", past {_join_en([name(v) for v in via])}" if via else ""
            return f"{name(pid, code=True)} is about {_a_minute(self._walk_span(pid))} walk from {origin}{past}."
        if place.zone == "mid" and place.distance_m:
            cat = self._categories(place, lang, 1)
            if lang == "ko":
                return f"{self._ko(pid, '은')} 캠퍼스 밖의 {cat} 장소로, {self.kb.get('stn_hanyang').name_ko}에서 " \
                       f"{_km(place.distance_m, 'ko')} 떨어져 있어요."
            return f"{name(pid)} is {_a(cat)} place off campus, {_km(place.distance_m, 'en')} from " \
                   f"{name('stn_hanyang')}."
        if place.access:
            station = self.kb.get(place.access.station)
            if lang == "ko":
                when = "바로 이어져 있어요" if not place.access.walk_min else f"걸어서 약 {place.access.walk_min}분이에요"
                return f"{self._ko(pid, '은')} {station.name_ko} {place.access.exit}번 출구에서 {when}."
            when = ("connects directly to" if not place.access.walk_min
                    else f"is about {_a_minute(place.access.walk_min)} walk from")
            return f"{name(pid)} {when} Exit {place.access.exit} of {name(station.id)}."
        return None

    def _walk_span(self, pid: str) -> str:
        """Walking minutes from the gate as said: "13", or "13~14" for a building whose shops are
        reached in different times."""
        low, high = self.kb.walk_span(pid)
        return f"{low}" if low == high else f"{low}~{high}"

    def _neighbors(self, pid: str, limit: int = 2, reverse: int = 2) -> list[tuple[str, str]]:
        """(place id, direction) around `pid`: its own nearest neighbours, then places that list it
        as theirs (the direction turned round), so a building is found from either side."""
        place = self.kb.get(pid)
        out = [(n.place_id, n.direction) for n in place.neighbors[:limit]]
        for other in self.kb.places.values():
            if len(out) >= limit + reverse:
                break
            seen_from_other = next((n.direction for n in other.neighbors if n.place_id == pid), None)
            if seen_from_other and other.id != pid and other.id not in {o for o, _ in out}:
                out.append((other.id, INVERSE_DIRECTION.get(seen_from_other, "nearby")))
        return out

    def _neighbors_sentence(self, pid: str, lang: str, name) -> str | None:
        parts = [(p, DIRECTION_PHRASES[d]) for p, d in self._neighbors(pid)]
        if not parts:
            return None
        # Neighbours carry their building numbers: the signs on campus show them.
        if lang == "ko":
            def short(p: str) -> str:
                code = self.kb.get(p).building_code
                return self.kb.get(p).name_ko + (f"({code}관)" if code else "")
            listed = [f"{ko} {short(p)}" for p, (ko, _) in parts]
            listed[-1] += josa(short(parts[-1][0]), "이")[len(short(parts[-1][0])):]
            return f"가까운 곳으로는 {', '.join(listed)} 있어요."
        listed = [f"{name(p, code=True)} is {en}" for p, (_, en) in parts]
        return "Nearby, " + _join_en(listed) + "."

    def _features_sentence(self, pid: str, lang: str) -> str | None:
        place = self.kb.get(pid)
        if not place.features:
            return None
        if lang == "ko":
            items = [f.ko for f in place.features]
            return f"{', '.join(items[:-1] + [josa(items[-1], '이')])} 있는 곳이에요." if place.kind == "building" \
                else items[0]
        items = [f.en for f in place.features]
        return f"It has {_join_en([_with_article(i) for i in items])}." if place.kind == "building" else items[0]

    def _floor_in_building(self, place: Place) -> RouteStep | None:
        """The arrival step that puts a place on a floor of a building."""
        return next((s for s in place.route if s.do == "arrive" and s.floor is not None and s.landmark), None)

    def _floor_words(self, floor: int, lang: str, top: int | None = None) -> str:
        if top is not None and top != floor and floor > 0:          # a shop on two floors
            return f"{floor}~{top}층" if lang == "ko" else f"the {_ordinal(floor)} and {_ordinal(top)} floors"
        if lang == "ko":
            return f"지하 {-floor}층" if floor < 0 else f"{floor}층"
        return f"basement level {-floor}" if floor < 0 else f"the {_ordinal(floor)} floor"

    # ------------------------------------------------------------------ routes
    def _route_sentences(self, pid: str, lang: str, name, origin_id: str | None = None) -> list[str]:
        place = self.kb.get(pid)
        start = origin_id or self.robot_location
        if place.zone == "campus" and pid in self.graph and start in self.graph:
            return self._graph_route(start, pid, lang, name)
        if place.transport and place.transport.mode != "walk":
            return self._transit_from(place, start, lang, name) or [self._transit_sentence(place, lang, name)]
        if not place.route:
            return []
        rest = self._steps_from(place.route, start)
        if rest == place.route:
            return [self._steps_sentence(rest, lang, name)]
        if len(rest) == 1 and rest[0].do == "arrive":       # from the building it is in, or the last landmark
            where = self._arrive_clause(rest[0], lang, name)
            return [f"{self._ko(pid, '은')} {where}" if lang == "ko" else f"{name(pid)} {where.removeprefix('it ')}"]
        text = self._steps_sentence(rest, lang, name)
        return [f"{self._ko(start)}에서 {text}" if lang == "ko" else f"From {name(start)}, {text[0].lower()}{text[1:]}"]

    def _transit_from(self, place: Place, start: str, lang: str, name) -> list[str]:
        """The way from a start on a bus or subway place's way: its station ("상왕십리역에서"), or a place
        one gets off at the same stop or exit for ("옷을입다 행당점에서 무학중학교": both walks from there)."""
        t = place.transport
        other = self.kb.get(start).transport
        if t.mode == "subway" and start == t.to_station:
            exit_part = f"{t.exit}번 출구로 나와 " if t.exit and lang == "ko" else f"leave by Exit {t.exit} and " if t.exit else ""
            if lang == "ko":
                walk = f"걸어서 약 {t.walk_after_min}분 가면 돼요." if t.walk_after_min else "가까이에 있어요."
                return [f"{self._ko(place.id, '은')} {self._ko(start)} {exit_part}{walk}"]
            walk = f"walk about {t.walk_after_min} minute{'s' if t.walk_after_min != 1 else ''}." \
                if t.walk_after_min else "it is close by."
            return [f"From {name(start)}, {exit_part}{walk}"]
        shared = other and other.mode == t.mode and (
            (t.mode == "bus" and other.alight_stop and other.alight_stop == t.alight_stop) or
            (t.mode == "subway" and other.to_station == t.to_station and other.exit == t.exit))
        if not shared or not t.walk_after_min or not other.walk_after_min:
            return []
        where = f"'{t.alight_stop}' 정류장" if t.mode == "bus" else f"{self.kb.get(t.to_station).name_ko} {t.exit}번 출구"
        where_en = f"the '{t.alight_stop}' stop" if t.mode == "bus" else f"Exit {t.exit} of {name(t.to_station)}"
        if lang == "ko":
            return [f"{self._ko(start, '과')} {self._ko(place.id)} 모두 {where}에서 가까워요: 거기서 걸어서 "
                    f"{self._ko(start, '은')} 약 {other.walk_after_min}분, {self._ko(place.id, '은')} 약 {t.walk_after_min}분이에요."]
        return [f"{name(start)} and {name(place.id)} are both near {where_en}: from there {name(start)} is about "
                f"{_a_minute(other.walk_after_min)} walk and {name(place.id)} about {_a_minute(t.walk_after_min)} walk."]

    @staticmethod
    def _steps_from(steps: tuple[RouteStep, ...], start: str) -> tuple[RouteStep, ...]:
        """The rest of a route from a place on it: a landmark passed, the station a subway ride ends
        at, or the building the place is in ("왕십리역에서 미샤 플러스": its floor). The whole route when
        the start is not on it."""
        for i, step in enumerate(steps):
            if (step.do == "pass" and step.landmark == start) or (step.do == "subway" and step.toward == start):
                return steps[i + 1:] or steps
            if step.do == "arrive" and step.landmark == start and step.relation == "in":
                return (step,)
        return steps

    def _graph_route(self, start: str, goal: str, lang: str, name) -> list[str]:
        path = self.graph.shortest_path(start, goal)
        if path is None:
            return []
        from_gate = start == self.kb.origin
        # From the gate, the knowledge base's own route is the one people walk; elsewhere the graph's.
        middle = self._landmarks_passed(goal, 4) if from_gate else []
        middle = middle or _spoken_landmarks(list(path.place_ids[1:-1]), 4)
        direction = None if middle else self._direction_of(goal, start)
        if lang == "ko":
            start_ko = self._origin_phrase("ko", name) if from_gate else self._ko(start, code=True)
            if middle:
                via = [self.kb.get(p).name_ko for p in middle]
                via[-1] = josa(via[-1], "을")
                first = f"{start_ko}에서 출발해 {', '.join(via)} 지나면 {self._ko(goal, '이', code=True)} 나와요."
            elif direction:
                first = (f"{self._ko(goal, '은', code=True)} {josa(start_ko, '의')} {RELATION_PHRASES[direction][0]}에 "
                         f"있어서 바로 보여요.")
            else:
                first = f"{start_ko}에서 바로 {self._ko(goal, '이', code=True)} 보여요."
        else:
            start_en = self._origin_phrase("en", name) if from_gate else name(start, code=True)
            if middle:
                first = f"From {start_en}, go past {_join_en([name(p) for p in middle])} to reach {name(goal, code=True)}."
            elif direction:
                first = f"{name(goal, code=True)} is {RELATION_PHRASES[direction][1]} {start_en}, in sight."
            else:
                first = f"{name(goal, code=True)} is right by {start_en}."
        if direction and not from_gate:      # in sight of each other: no walk to measure
            return [first]
        return [first, self._walk_minutes_sentence(start, goal, lang, name)]

    def _walk_minutes_sentence(self, start: str, goal: str, lang: str, name) -> str:
        """Minutes of a walk. The knowledge base measures walks from the gate only, so a walk between
        two other places is told as the two measured walks, never as a made-up difference."""
        goal_min, start_min = self.kb.get(goal).walk_min, self.kb.get(start).walk_min
        if start == self.kb.origin:
            return f"걸어서 약 {goal_min}분 걸려요." if lang == "ko" else f"It is about {_a_minute(goal_min)} walk."
        origin = self._origin_phrase(lang, name)
        if not start_min:        # the start is at the gate (a station exit, the gate itself)
            return (f"{self._ko(goal, '은')} {origin}에서 걸어서 약 {goal_min}분 거리예요." if lang == "ko"
                    else f"{name(goal)} is about {_a_minute(goal_min)} walk from {origin}.")
        if lang == "ko":
            return (f"{origin}에서 걸어서 {self._ko(start, '은')} 약 {start_min}분, {self._ko(goal, '은')} "
                    f"약 {goal_min}분 거리예요.")
        return f"From {origin}, {name(start)} is about {_a_minute(start_min)} walk and {name(goal)} about {goal_min} minutes."

    def _direction_of(self, a: str, b: str) -> str | None:
        """Where `a` lies seen from `b`, from either place's neighbour list."""
        direction = next((n.direction for n in self.kb.get(b).neighbors if n.place_id == a), None)
        if direction is None:
            seen_from_a = next((n.direction for n in self.kb.get(a).neighbors if n.place_id == b), None)
            direction = INVERSE_DIRECTION.get(seen_from_a or "")
        return direction

    def _landmarks_passed(self, pid: str, limit: int) -> list[str]:
        """Landmarks passed on the knowledge base's route from the gate to `pid`."""
        return _spoken_landmarks([s.landmark for s in self.kb.get(pid).route if s.do == "pass" and s.landmark], limit)

    def _steps_sentence(self, steps: tuple[RouteStep, ...], lang: str, name) -> str:
        clauses = [self._step_clause(s, lang, name) for s in steps]
        clauses = [c for c in clauses if c]
        if lang == "ko":
            if len(clauses) >= 2:
                for plain, then in _KO_THEN:
                    if clauses[-2].endswith(plain):
                        clauses[-2] = clauses[-2][: -len(plain)] + then
                        break
            return " ".join(clauses)
        text = ", then ".join(clauses)
        return text[0].upper() + text[1:]

    def _step_clause(self, s: RouteStep, lang: str, name) -> str:
        kb = self.kb
        ko = lambda pid: kb.get(pid).name_ko  # noqa: E731
        if s.do == "cross_to_exit":
            st = kb.get(s.station)
            return (f"{st.name_ko} {s.from_exit}번 출구로 나와 {s.to_exit}번 출구 방향으로 길을 건넌 뒤"
                    if lang == "ko" else
                    f"come out of Exit {s.from_exit} of {name(st.id)} and cross to the Exit {s.to_exit} side")
        if s.do == "straight":
            dist = f" 약 {s.distance_m}m" if s.distance_m else ""
            return (f"{ko(s.toward)} 방향으로{dist} 직진하고" if lang == "ko" else
                    f"walk straight{' about ' + str(s.distance_m) + ' m' if s.distance_m else ''} "
                    f"toward {name(s.toward)}")
        if s.do == "turn":
            side = {"right": ("오른쪽", "right"), "left": ("왼쪽", "left")}[s.direction or "right"]
            return (f"{ko(s.landmark)}에서 {side[0]}으로 돌아" if lang == "ko" else
                    f"turn {side[1]} at {name(s.landmark)}")
        if s.do == "pass":
            return f"{josa(ko(s.landmark), '을')} 지나" if lang == "ko" else f"go past {name(s.landmark)}"
        if s.do == "enter":
            dist = f" 약 {s.distance_m}m" if s.distance_m else ""
            return (f"{ko(s.landmark)} 안으로{dist} 들어가" if lang == "ko" else
                    f"go{' about ' + str(s.distance_m) + ' m' if s.distance_m else ''} into {name(s.landmark)}")
        if s.do == "through_campus":
            via = [ko(p) for p in s.via]
            if lang == "ko":
                via[-1] = josa(via[-1], "을")
                return f"{self._origin_phrase('ko', name)}에서 캠퍼스 안으로 들어가 {', '.join(via)} 지나"
            return f"from {self._origin_phrase('en', name)} walk through campus past {_join_en([name(p) for p in s.via])}"
        if s.do == "exit_gate":
            return f"{josa(ko(s.landmark), '으로')} 나가" if lang == "ko" else f"leave by {name(s.landmark)}"
        if s.do == "cross":
            return f"{ko(s.toward)} 쪽으로 길을 건너" if lang == "ko" else f"cross toward {name(s.toward)}"
        if s.do == "subway":
            return (f"{ko(s.station)}에서 지하철 {s.line}호선을 타고 {ko(s.toward)}에서 내려" if lang == "ko" else
                    f"take subway Line {s.line} from {name(s.station)} to {name(s.toward)}")
        if s.do == "exit":
            walk = f" 걸어서 약 {s.walk_min}분 가면" if s.walk_min else ""
            return (f"{s.exit}번 출구로 나와{walk}" if lang == "ko" else
                    f"leave by Exit {s.exit}{f' and walk about {s.walk_min} minute' + ('s' if s.walk_min != 1 else '') if s.walk_min else ''}")
        if s.do == "start":
            return ""
        return self._arrive_clause(s, lang, name)

    def _arrive_clause(self, s: RouteStep, lang: str, name) -> str:
        lm = s.landmark
        if lang == "ko":
            n = self.kb.get(lm).name_ko
            if s.relation == "in":
                return f"{n} 건물 {self._floor_words(s.floor, 'ko', s.floor_top)}에 있어요." if s.floor is not None \
                    else f"{n} 안에 있어요."
            return {"opposite": f"{n} 맞은편에 있어요.", "near": f"{n} 근처에 있어요.",
                    "uphill": f"{josa(n, '을')} 끼고 언덕을 오르면 나와요.", "left_side": f"{josa(n, '을')} 지나 왼편에 있어요.",
                    "outside": f"{n} 건물 {self._floor_words(s.floor or 1, 'ko')} 바깥쪽에 있어요."}.get(
                        s.relation or "", f"{n}에 도착해요.")
        if s.relation == "in":
            where = f"on {self._floor_words(s.floor, 'en', s.floor_top)} of {name(lm)}" if s.floor is not None \
                else f"inside {name(lm)}"
            return f"it is {where}."
        return {"opposite": f"it is opposite {name(lm)}.", "near": f"it is near {name(lm)}.",
                "uphill": f"it is up the hill by {name(lm)}.", "left_side": f"it is on the left past {name(lm)}.",
                "outside": f"it is outside {name(lm)} on {self._floor_words(s.floor or 1, 'en')}."}.get(
                    s.relation or "", f"you arrive at {name(lm)}.")

    def _transit_sentence(self, place: Place, lang: str, name) -> str:
        t = place.transport
        walk = t.walk_after_min
        if t.mode == "bus":
            exit_no = t.board_exit.exit if t.board_exit else 1
            station = self.kb.get(t.board_exit.station if t.board_exit else "stn_hanyang")
            if lang == "ko":
                buses = ", ".join(f"{b}번" for b in t.buses)
                tail = f" 걸어서 약 {walk}분 가면 돼요." if walk else " 가까이에 있어요."
                return (f"{station.name_ko} {exit_no}번 출구로 나와 '{t.board_stop}' 정류장에서 {buses} 버스를 타고 "
                        f"'{t.alight_stop}' 정류장에서 내린 뒤{tail}")
            buses = _join_en([_bus_en(b) for b in t.buses]).replace(" and ", " or ")
            tail = f" and walk about {walk} minute{'s' if walk != 1 else ''}." if walk else "; it is close by."
            return (f"Leave {name(station.id)} by Exit {exit_no}, take bus {buses} from the '{t.board_stop}' stop, "
                    f"get off at '{t.alight_stop}'{tail}")
        to = self.kb.get(t.to_station)
        frm = self.kb.get(t.from_station or "stn_hanyang")
        if lang == "ko":
            exit_part = f" {t.exit}번 출구로 나와" if t.exit else ""
            tail = f" 걸어서 약 {walk}분 가면 돼요." if walk else " 가까이에 있어요."
            return f"{frm.name_ko}에서 지하철 {t.line}호선을 타고 {to.name_ko}에서 내려{exit_part}{tail}"
        exit_part = f", leave by Exit {t.exit}" if t.exit else ""
        tail = f" and walk about {walk} minute{'s' if walk != 1 else ''}." if walk else "; it is close by."
        return f"Take subway Line {t.line} from {name(frm.id)} to {name(to.id)}{exit_part}{tail}"

    # ------------------------------------------------------------------ intents
    def _describe(self, pid: str, lang: str, name, with_route: bool) -> list[str]:
        """Two or three sentences that say where a place is (shared by several intents)."""
        place = self.kb.get(pid)
        out = [s for s in (self._location_sentence(pid, lang, name),) if s]
        if place.zone == "campus":
            out += [s for s in (self._neighbors_sentence(pid, lang, name),) if s]
        elif place.zone == "near" and with_route and place.route:
            out.append(self._steps_sentence(place.route, lang, name))
        elif place.zone == "mid" and place.transport:
            out.append(self._transit_sentence(place, lang, name))
            out += self._on_foot_sentence(place, lang)
        if not out:
            feat = self._features_sentence(pid, lang)
            out += [feat] if feat else []
        return out

    def _where_is(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        name = self._names(lang)
        if q.asks_stop and (stop := self._stop_sentences(pid, lang, name)):
            return Reply(stop, place_ids=[pid])
        sentences = self._describe(pid, lang, name, with_route=True)
        feat = self._features_sentence(pid, lang)
        if feat and feat not in sentences and len(sentences) < 3:
            sentences.append(feat)
        place = self.kb.get(pid)
        if place.kind == "station" and place.lines:
            sentences.insert(0, self._lines_sentence(place, lang, name))
        if not sentences:
            sentences = self._stop_sentences(pid, lang, name)
        if not sentences:
            return self._no_fact(q, pid)
        return Reply(sentences, place_ids=[pid])

    @staticmethod
    def _on_foot_sentence(place: Place, lang: str) -> list[str]:
        """For a place reached by bus or subway, the other way to go: on foot all the way."""
        if place.walk_min is None:
            return []
        return [f"걸어서 가면 약 {place.walk_min}분 걸려요." if lang == "ko"
                else f"On foot it takes about {place.walk_min} minutes."]

    def _stop_sentences(self, pid: str, lang: str, name) -> list[str]:
        """A bus stop (a landmark known as one, or the stop named after a place): the bus that goes
        there and what is near it, from those places' facts (the places one gets off there for first)."""
        place = self.kb.get(pid)
        served = [p for p in self.kb.places.values() if p.transport and p.transport.alight_stop == place.name_ko]
        near = [p.id for p in served if p.id != pid and p.kind == "place"] + \
            [p.id for p in self.kb.places.values() if p.id != pid and p.kind == "place" and p not in served
             and any(pid in s.place_ids() for s in p.route)]
        near = near[:3]
        out = []
        if served:
            t = served[0].transport
            buses = sorted({b for p in served for b in p.transport.buses})
            if lang == "ko":
                out.append(f"'{place.name_ko}' 정류장은 {self.kb.get('stn_hanyang').name_ko} {t.board_exit.exit}번 출구 앞 "
                           f"'{t.board_stop}' 정류장에서 {', '.join(b + '번' for b in buses)} 버스를 타고 갈 수 있어요.")
            else:
                out.append(f"The '{place.name_ko}' stop ({place.name_en}) is reached by bus "
                           f"{_join_en([_bus_en(b) for b in buses]).replace(' and ', ' or ')} from the "
                           f"'{t.board_stop}' stop at Exit {t.board_exit.exit} of {name('stn_hanyang')}.")
        if near:
            names = [self.kb.get(p).name_ko for p in near] if lang == "ko" else [name(p) for p in near]
            out.append(f"{place.name_ko} 가까이에는 {', '.join(names)} 같은 곳이 있어요." if lang == "ko"
                       else f"Places near {name(pid)} include {_join_en(names)}.")
        return out

    def _lines_sentence(self, place: Place, lang: str, name) -> str:
        lines = [f"{ln}호선" if ln.isdigit() else ln for ln in place.lines]
        if lang == "ko":
            return f"{josa(place.name_ko, '은')} 지하철 {', '.join(lines)} 역이에요."
        en = [f"Line {ln}" if ln.isdigit() else ln for ln in place.lines]
        return f"{name(place.id)} is a subway station on {_join_en(en)}."

    def _no_fact(self, q: Query, pid: str) -> Reply:
        lang = q.language
        place = self.kb.get(pid)
        return Reply([f"죄송하지만 {place.name_ko}에 대한 그 정보는 모르겠습니다." if lang == "ko"
                      else f"Sorry, I don't know that about {self._names(lang)(pid)}.",
                      self._help_line(lang)], place_ids=[pid], grounded=False, abstained=True)

    def _route(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        if self.kb.get(pid).kind == "landmark":
            return self._where_is(q)
        name = self._names(lang)
        sentences = self._route_sentences(pid, lang, name, q.origin_id)
        if not sentences:
            return self._where_is(q)
        place = self.kb.get(pid)
        start = q.origin_id or self.kb.origin
        if place.zone != "campus" and start != self.kb.origin and place.route \
                and self._steps_from(place.route, start) != place.route:     # the rest of the way from a place on it
            if place.walk_min is not None:
                sentences.append(self._walk_minutes_sentence(start, pid, lang, name))
        elif place.zone == "near" and place.walk_min is not None:     # the steps end with "it": say where to
            sentences.append(f"{self._ko(pid)}까지는 {self._origin_phrase('ko', name)}에서 걸어서 약 {place.walk_min}분 "
                             f"걸려요." if lang == "ko" else
                             (f"{name(pid)} is about {_a_minute(place.walk_min)} walk in all." if not q.origin_id
                              else f"From {self._origin_phrase(lang, name)}, {name(pid)} is about "
                                   f"{_a_minute(place.walk_min)} walk in all."))
        elif place.zone == "campus":
            nb = self._neighbors_sentence(pid, lang, name)
            if nb:
                sentences.append(nb)
        elif place.zone == "mid" and not (place.transport and self._transit_from(place, start, lang, name)):
            loc = self._location_sentence(pid, lang, name)
            sentences = ([loc] if loc else []) + sentences + self._on_foot_sentence(place, lang)
        # a named start is part of what the answer stands on (its walk, its exits)
        return Reply(sentences, place_ids=[pid] + ([q.origin_id] if q.origin_id and q.origin_id != pid else []))

    def _walk_time(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        name = self._names(lang)
        place = self.kb.get(pid)
        if place.kind == "landmark":
            return self._where_is(q)
        if q.origin_id and q.origin_id != self.kb.origin and pid in self.graph and q.origin_id in self.graph:
            return Reply(self._graph_route(q.origin_id, pid, lang, name), place_ids=[pid, q.origin_id])
        if q.origin_id and ((place.route and self._steps_from(place.route, q.origin_id) != place.route) or
                            (place.transport and self._transit_from(place, q.origin_id, lang, name))):
            return self._route(q)
        if not place.walk_min:        # unknown, or 0: right at the gate
            return self._where_is(q)
        origin = self._origin_phrase(lang, name)
        if lang == "ko":
            first = f"{self._ko(pid, code=True)}까지는 {origin}에서 걸어서 약 {self._walk_span(pid)}분 걸려요."
        else:
            first = f"{name(pid, code=True)} is about {_a_minute(self._walk_span(pid))} walk from {origin}."
        sentences = [first]
        if place.zone == "mid" and place.transport:
            sentences.append(self._transit_sentence(place, lang, name))
        elif place.zone == "near" and place.route:
            sentences.append(self._steps_sentence(place.route, lang, name))
        else:
            route = self._route_sentences(pid, lang, name)
            sentences += route[:1]
        return Reply(sentences, place_ids=[pid])

    def _floors(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        name = self._names(lang)
        place = self.kb.get(pid)
        loc = self._location_sentence(pid, lang, name)
        if place.floors:
            f = place.floors
            if lang == "ko":
                below = f", 지하 {f.below}층으로 모두 {f.above + f.below}개 층인" if f.below else ""
                first = f"{self._ko(pid, '은', code=True)} 지상 {f.above}층{below} 건물이에요."
            elif f.below:
                first = (f"{name(pid, code=True)} has {f.above} floors above ground and {f.below} below: "
                         f"{f.above + f.below} floors in all.")
            else:
                first = f"{name(pid, code=True)} has {f.above} floor{'s' if f.above != 1 else ''}."
            walk = f"{self._origin_phrase(lang, name)}에서 걸어서 약 {place.walk_min}분 거리에 있어요." if lang == "ko" \
                else f"It is about {_a_minute(place.walk_min)} walk from {self._origin_phrase(lang, name)}."
            return Reply([first, walk] if place.walk_min is not None else [first], place_ids=[pid])
        if place.floors_note == "outdoor":
            first = (f"{self._ko(pid, '은', code=True)} 야외 시설이라 층이 없어요." if lang == "ko"
                     else f"{name(pid, code=True)} is an outdoor facility, so it has no floors.")
            return Reply([first] + ([loc] if loc else []), place_ids=[pid])
        inside = self._floor_in_building(place)
        if inside:
            floor, host = self._floor_words(inside.floor, lang, inside.floor_top), inside.landmark
            first = (f"{self._ko(pid, '은')} {self.kb.get(host).name_ko} 건물 {floor}에 있어요." if lang == "ko"
                     else f"{name(pid)} is on {floor} of {name(host)}.")
            return Reply([first] + ([loc] if loc else []), place_ids=[pid])
        first = (f"죄송하지만 {place.name_ko}의 층수는 제가 가진 자료에 없어서 모르겠습니다." if lang == "ko"
                 else f"Sorry, I don't know how many floors {name(pid)} has; it is not in my campus data.")
        return Reply([first] + ([loc] if loc else []), place_ids=[pid], abstained=True)

    def _nearby(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        name = self._names(lang)
        place = self.kb.get(pid)
        sentences = [s for s in (self._neighbors_sentence(pid, lang, name),) if s]
        inside = self._floor_in_building(place)
        if inside or (place.zone != "campus" and place.route):
            host = inside.landmark if inside else next((s.landmark for s in reversed(place.route) if s.landmark), None)
            if host:
                same = [p.id for p in self.kb.places.values() if p.id != pid and self._floor_in_building(p)
                        and self._floor_in_building(p).landmark == host][:3]
                if same:
                    names = [self.kb.get(r).name_ko for r in same] if lang == "ko" else [name(r) for r in same]
                    sentences.append(f"같은 {self.kb.get(host).name_ko} 건물에는 {', '.join(names)}도 있어요."
                                     if lang == "ko" else f"{name(host)} also has {_join_en(names)}.")
        loc = self._location_sentence(pid, lang, name)
        if loc:
            sentences.append(loc)
        if not sentences:
            return self._no_fact(q, pid)
        return Reply(sentences[:3], place_ids=[pid])

    def _features(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        name = self._names(lang)
        place = self.kb.get(pid)
        cat = self._categories(place, lang)
        sentences = []
        if place.features and place.kind == "building":
            items = [f.ko for f in place.features] if lang == "ko" else [f.en for f in place.features]
            sentences.append(f"{self._ko(pid, code=True)}에는 {', '.join(items[:-1] + [josa(items[-1], '이')])} "
                             f"있어요." if lang == "ko" else
                             f"{name(pid, code=True)} has {_join_en([_with_article(i) for i in items])}.")
            sentences.append(f"{cat} 용도의 건물이에요." if lang == "ko" else f"It is {_a(cat)} building.")
        else:
            sentences.append(f"{self._ko(pid, '은')} {cat} 장소예요." if lang == "ko" else f"{name(pid)} is {_a(cat)} place.")
            inside = self._floor_in_building(place)
            if inside:
                sentences.append(f"{self.kb.get(inside.landmark).name_ko} 건물 "
                                 f"{self._floor_words(inside.floor, 'ko', inside.floor_top)}에 있어요." if lang == "ko" else
                                 f"It is on {self._floor_words(inside.floor, 'en', inside.floor_top)} of {name(inside.landmark)}.")
        loc = self._location_sentence(pid, lang, name)
        if loc:
            sentences.append(loc)
        return Reply(sentences[:3], place_ids=[pid])

    def _category(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        name = self._names(lang)
        place = self.kb.get(pid)
        cat = self._categories(place, lang)
        first = (f"{self._ko(pid, '은', code=True)} {cat} 용도의 {'건물' if place.kind == 'building' else '장소'}이에요."
                 if lang == "ko" else f"{name(pid, code=True)} is {_a(cat)} {'building' if place.kind == 'building' else 'place'}.")
        sentences = [first]
        feat = self._features_sentence(pid, lang)
        if feat and place.kind == "building":
            sentences.append(feat)
        loc = self._location_sentence(pid, lang, name)
        if loc:
            sentences.append(loc)
        return Reply(sentences[:3], place_ids=[pid])

    def _building_number(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        name = self._names(lang)
        place = self.kb.get(pid)
        if place.building_code:
            first = (f"{self._ko(pid, '의')} 건물 번호는 {place.building_code}번이에요." if lang == "ko"
                     else f"The building number of {name(pid)} is {place.building_code}.")
        else:
            first = (f"{self._ko(pid, '은')} 캠퍼스 건물이 아니라서 건물 번호가 없어요." if lang == "ko"
                     else f"{name(pid)} is not a campus building, so it has no building number.")
        return Reply([first] + self._describe(pid, lang, name, with_route=False)[:2], place_ids=[pid])

    def _closer(self, q: Query) -> Reply:
        a, b = q.place_ids[:2]
        lang = q.language
        name = self._names(lang)
        pa, pb = self.kb.get(a), self.kb.get(b)
        if pa.walk_min is None or pb.walk_min is None:
            return self._no_fact(q, a if pa.walk_min is None else b)
        origin = self._origin_phrase(lang, name)
        if lang == "ko":
            first = (f"{origin}에서 걸어서 {self._ko(a, '은', code=True)} 약 {pa.walk_min}분, "
                     f"{self._ko(b, '은', code=True)} 약 {pb.walk_min}분 거리예요.")
        else:
            first = (f"From {origin}, {name(a, code=True)} is about {_a_minute(pa.walk_min)} walk and "
                     f"{name(b, code=True)} about {pb.walk_min} minutes.")
        if pa.walk_min == pb.walk_min:
            verdict = ("두 곳 모두 비슷한 거리예요." if lang == "ko" else "Both are about the same distance.")
        else:
            near, far = (a, b) if pa.walk_min < pb.walk_min else (b, a)
            pick = far if q.asks_farther else near
            verdict = (f"그래서 {self._ko(pick, '이')} 더 {'멀어요' if q.asks_farther else '가까워요'}." if lang == "ko"
                       else f"So {name(pick)} is {'farther' if q.asks_farther else 'closer'}.")
        return Reply([first, verdict], place_ids=[a, b])

    def _relation(self, q: Query) -> Reply:
        """Where A is relative to B ("건축관은 신소재공학관 어느 쪽이야?"): the neighbour relation when
        the knowledge base has one, else the walk from B to A."""
        a, b = q.place_ids[:2]
        lang = q.language
        name = self._names(lang)
        direction = self._direction_of(a, b)
        if direction is None:
            route = self._graph_route(b, a, lang, name) if a in self.graph and b in self.graph else []
            return Reply(route, place_ids=[a, b]) if route else self._where_is(q)
        ko, en = RELATION_PHRASES[direction]
        first = (f"{self._ko(a, '은', code=True)} {self._ko(b, '의', code=True)} {ko}에 있어요." if lang == "ko"
                 else f"{name(a, code=True)} is {en} {name(b, code=True)}.")
        rest = [s for s in (self._location_sentence(a, lang, name),) if s]
        return Reply([first] + rest, place_ids=[a, b])

    def _transit(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        name = self._names(lang)
        place = self.kb.get(pid)
        if q.asks_stop and (stop := self._stop_sentences(pid, lang, name)):
            return Reply(stop, place_ids=[pid])
        if place.kind == "station":
            sentences = [self._lines_sentence(place, lang, name)] if place.lines else []
            walk = self._location_sentence(pid, lang, name) if place.walk_min else None
            feat = self._features_sentence(pid, lang)
            extra = [x for x in (walk, feat) if x]
            return Reply(sentences + extra, place_ids=[pid]) if sentences else self._where_is(q)
        if place.transport and place.transport.mode != "walk":
            sentences = [self._transit_sentence(place, lang, name)]
            loc = self._location_sentence(pid, lang, name)
            if loc:
                sentences.insert(0, loc)
            sentences += self._on_foot_sentence(place, lang)
            return Reply(sentences, place_ids=[pid])
        origin = self._origin_phrase(lang, name)
        if place.walk_min is not None:
            first = (f"{self._ko(pid, '은', code=True)} {origin}에서 걸어서 약 {place.walk_min}분 거리라서 "
                     f"버스나 지하철 없이 걸어가면 돼요." if lang == "ko" else
                     f"{name(pid, code=True)} is about {_a_minute(place.walk_min)} walk from {origin}, "
                     f"so you can walk there without a bus or subway.")
            return Reply([first] + self._route_sentences(pid, lang, name, q.origin_id)[:1], place_ids=[pid])
        return self._where_is(q)

    def _transit_general(self, q: Query) -> Reply:
        """A bus or subway question that names no place: where a named bus (or any bus) is boarded."""
        lang = q.language
        name = self._names(lang)
        named = {f.value for f in extract_facts(q.text, self.index) if f.kind == "bus"}
        by_bus = [p for p in self.kb.places.values() if p.transport and p.transport.mode == "bus"
                  and (not named or named & set(p.transport.buses))]
        if not by_bus or (not named and _names_a_goal(q.text)):
            return self._unknown(q)          # an unknown bus, or a place we do not know ("경복궁 가는 버스")
        boards = Counter((p.transport.board_stop, p.transport.board_exit.station if p.transport.board_exit
                          else "stn_hanyang", p.transport.board_exit.exit if p.transport.board_exit else 1)
                         for p in by_bus)
        stop, station_id, exit_no = boards.most_common(1)[0][0]
        station = self.kb.get(station_id)
        if named:
            buses = sorted(named & {b for p in by_bus for b in p.transport.buses})
            alights = list(dict.fromkeys(f"'{p.transport.alight_stop}'" for p in by_bus if p.transport.alight_stop))[:2]
            places = [name(p.id) for p in by_bus[:2]]
            if lang == "ko":
                first = (f"{', '.join(b + '번' for b in buses)} 버스는 {station.name_ko} {exit_no}번 출구 앞 "
                         f"'{stop}' 정류장에서 타요.")
                second = f"{', '.join(places)}에 갈 때 타고, {', '.join(alights)} 정류장에서 내리면 돼요."
            else:
                first = (f"Bus {_join_en([_bus_en(b) for b in buses])} leaves from the '{stop}' stop in front of "
                         f"Exit {exit_no} of {name(station.id)}.")
                second = f"Take it for {_join_en(places)}, and get off at {_join_en(alights)}."
            return Reply([first, second], place_ids=[station.id])
        if lang == "ko":
            sentences = [f"버스는 {station.name_ko} {exit_no}번 출구 앞 '{stop}' 정류장에서 타요.",
                         f"지하철은 {station.name_ko}에서 {', '.join(station.lines)}호선을 탈 수 있어요.",
                         "가시려는 곳을 말씀해 주시면 버스 번호와 내릴 정류장을 알려 드릴게요."]
        else:
            sentences = [f"Buses leave from the '{stop}' stop in front of Exit {exit_no} of {name(station.id)}.",
                         f"The subway there is Line {_join_en(list(station.lines))}.",
                         "Tell me where you are going and I will give you the bus and the stop to get off at."]
        return Reply(sentences, place_ids=[station.id])

    def _yes_no_category(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        name = self._names(lang)
        place = self.kb.get(pid)
        asked = q.categories[0]
        asked_name = self.kb.category_name(asked, lang)
        has = [c for c in q.categories if c in place.category]
        if has and place.kind == "building" and place.category.index(has[0]) > 0:
            first = (f"네, {self._ko(pid)}에는 {josa(self.kb.category_name(has[0], 'ko'), '이')} 있어요."
                     if lang == "ko" else f"Yes, {name(pid)} has {_a(self.kb.category_name(has[0], 'en'))}.")
        elif has:
            first = (f"네, {self._ko(pid, '은')} {self.kb.category_name(has[0], 'ko')} 시설이에요." if lang == "ko"
                     else f"Yes, {name(pid)} is {_a(self.kb.category_name(has[0], 'en'))} facility.")
        else:
            actual = self._categories(place, lang)
            first = (f"아니요, {self._ko(pid, '은')} {asked_name} 시설이 아니라 {actual} 용도의 장소예요." if lang == "ko"
                     else f"No, {name(pid)} is not {_a(asked_name)} facility; it is {_a(actual)} place.")
        loc = self._location_sentence(pid, lang, name)
        return Reply([first] + ([loc] if loc else []), place_ids=[pid])

    def _category_near(self, q: Query) -> Reply:
        lang = q.language
        name = self._names(lang)
        ref = q.place_ids[0] if q.place_ids else (q.origin_id or self.robot_location)
        graph_minutes = self.graph.minutes_from(ref)
        ranked = sorted(((self._distance(ref, p.id, graph_minutes), p.id) for p in self.kb.places.values()
                         if set(q.categories) & set(p.category)), key=lambda x: (x[0] is None, x[0] or 0))
        ranked = [(d, pid) for d, pid in ranked if d is not None][:3]
        cat = self.kb.category_name(q.categories[0], lang)
        if not ranked:
            return Reply([f"죄송하지만 {self.kb.get(ref).name_ko} 근처의 {cat} 정보는 모르겠습니다." if lang == "ko"
                          else f"Sorry, I don't know of {_a(cat)} near {name(ref)}.", self._help_line(lang)],
                         place_ids=[ref], grounded=False, abstained=True)
        best = ranked[0][1]
        if lang == "ko":
            first = (f"{self._ko(ref)}에 바로 {josa(cat, '이')} 있어요." if best == ref else
                     f"{self.kb.get(ref).name_ko} 근처의 {josa(cat, '으로')}는 {self._ko(best, '이')} 가장 가까워요.")
        else:
            first = (f"{name(ref)} itself has {_a(cat)}." if best == ref else
                     f"The nearest {cat} to {name(ref)} is {name(best)}.")
        sentences = [first]
        if best != ref:
            sentences += self._describe(best, lang, name, with_route=False)[:1]
        others = [pid for _, pid in ranked[1:]]
        if others:
            # From the gate the walks are measured facts, so each one comes with its minutes.
            walks = {o: self.kb.get(o).walk_min for o in others} if ref == self.kb.origin else {}
            if lang == "ko":
                names = [self.kb.get(o).name_ko + (f"(걸어서 약 {walks[o]}분)" if walks.get(o) else "") for o in others]
                sentences.append(f"그 밖에 {', '.join(names)}도 있어요.")
            else:
                names = [name(o) + (f", about {walks[o]} minutes on foot" if walks.get(o) else "") for o in others]
                sentences.append(f"There is also {('; ' if walks else ', ').join(names[:-1])}"
                                 f"{' and ' if len(names) > 1 else ''}{names[-1]}.")
        return Reply(sentences, place_ids=[pid for _, pid in ranked])

    def _distance(self, a: str, b: str, graph_minutes: dict[str, int]) -> int | None:
        """Walking minutes from `a` used only to rank candidates, never stated."""
        if a == b:
            return 0
        if b in graph_minutes:
            return graph_minutes[b]
        pa, pb = self.kb.get(a), self.kb.get(b)
        if pa.walk_min is None or pb.walk_min is None:
            return None
        return pa.walk_min + pb.walk_min if pa.zone == "campus" and a != self.kb.origin else pb.walk_min


def _spoken_landmarks(landmarks: list[str], limit: int) -> list[str]:
    """A spoken route names a few landmarks: how it starts and how it ends."""
    if len(landmarks) <= limit:
        return landmarks
    head = (limit + 1) // 2
    return landmarks[:head] + landmarks[len(landmarks) - (limit - head):]


_GOAL_KO = re.compile(r"([가-힣A-Za-z0-9]+?)\s*(?:까지|에\s*가|으?로\s*가|\s가는|\s가려면|\s가려고|\s갈\s*때)")
_GOAL_EN = re.compile(r"\b(?:to|for|reach|toward|towards)\s+(?:the\s+|a\s+)?([A-Za-z가-힣][\w'-]*)", re.I)
# Words that name no destination: "버스 정류장까지", "to get to the bus stop", "to campus".
_NOT_A_GOAL = {"get", "go", "take", "catch", "use", "ride", "bus", "buses", "stop", "subway", "station", "exit",
               "campus", "school", "university", "hanyang", "there", "here", "it", "walk", "transfer", "change",
               "정류장", "버스", "지하철", "역", "출구", "거기", "여기", "그곳", "학교", "캠퍼스", "한양대", "환승",
               "걸어서", "걸어", "도보로", "그냥"}


def _names_a_goal(text: str) -> bool:
    """The question names a destination ("경복궁 가는 버스", "bus to Gyeongbokgung")."""
    words = [m.group(1) for m in _GOAL_KO.finditer(text)] + [m.group(1) for m in _GOAL_EN.finditer(text)]
    return any(w.lower() not in _NOT_A_GOAL and not w.isdigit() for w in words)


def _bus_en(bus: str) -> str:
    return bus.replace("성동", "Seongdong ")
