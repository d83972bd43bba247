"""How a reply is worded: the Reply, place names as said in each language, and the phrases for
directions, articles and distances that every part of the composer shares.

English replies add the Korean name at the first mention of a place, because campus signs are in Korean.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..knowledge import CampusGraph, KnowledgeBase, Place, PlaceIndex
from ..knowledge.schema import RouteStep
from ..knowledge.spoken import josa

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



def _spoken_landmarks(landmarks: list[str], limit: int) -> list[str]:
    """A spoken route names a few landmarks: how it starts and how it ends."""
    if len(landmarks) <= limit:
        return landmarks
    head = (limit + 1) // 2
    return landmarks[:head] + landmarks[len(landmarks) - (limit - head):]


def _bus_en(bus: str) -> str:
    return bus.replace("성동", "Seongdong ")


class Wording:
    """The knowledge base and how its places are named in a reply; the sentence builders extend it."""

    def __init__(self, kb: KnowledgeBase, graph: CampusGraph, index: PlaceIndex, robot_location: str | None = None):
        self.kb = kb
        self.graph = graph
        self.index = index
        self.robot_location = robot_location or kb.origin
        # Imported here: the renderers use this module's helpers.
        from .render_en import EnglishRenderer
        from .render_ko import KoreanRenderer
        self.renderers = {"ko": KoreanRenderer(self), "en": EnglishRenderer(self)}

    def _say(self, lang: str, frame, name) -> str:
        """One frame (frames.py) as a sentence in `lang`, with this reply's namer."""
        return self.renderers[lang](frame, name)

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

    def _walk_span(self, pid: str) -> str:
        """Walking minutes from the gate as said: "13", or "13~14" for a building whose shops are
        reached in different times."""
        low, high = self.kb.walk_span(pid)
        return f"{low}" if low == high else f"{low}~{high}"

    def _floor_in_building(self, place: Place) -> RouteStep | None:
        """The arrival step that puts a place on a floor of a building."""
        return next((s for s in place.route if s.do == "arrive" and s.floor is not None and s.landmark), None)

    def _floor_words(self, floor: int, lang: str, top: int | None = None) -> str:
        if top is not None and top != floor and floor > 0:          # a shop on two floors
            return f"{floor}~{top}층" if lang == "ko" else f"the {_ordinal(floor)} and {_ordinal(top)} floors"
        if lang == "ko":
            return f"지하 {-floor}층" if floor < 0 else f"{floor}층"
        return f"basement level {-floor}" if floor < 0 else f"the {_ordinal(floor)} floor"

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
