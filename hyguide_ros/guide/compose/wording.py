"""What every part of the composer shares, in no language: the Reply, the knowledge base and its
walking graph, where a neighbour lies, and which landmarks a spoken route names. Words are the
renderers' (render_ko.py, render_en.py)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ...knowledge import CampusGraph, KnowledgeBase, Place, PlaceIndex
from ...knowledge.schema import INVERSE_DIRECTION, RouteStep
from ..frames import Frame, Namer, for_speech
from ..languages.en.render import EnglishRenderer
from ..languages.ko.render import KoreanRenderer


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


def _spoken_landmarks(landmarks: list[str], limit: int) -> list[str]:
    """A spoken route names a few landmarks: how it starts and how it ends."""
    if len(landmarks) <= limit:
        return landmarks
    head = (limit + 1) // 2
    return landmarks[:head] + landmarks[len(landmarks) - (limit - head):]


class Wording:
    """The knowledge base, the renderer of each language, and the facts the sentence builders share."""

    def __init__(self, kb: KnowledgeBase, graph: CampusGraph, index: PlaceIndex, robot_location: str | None = None,
                 spoken: bool = False):
        self.kb = kb
        self.graph = graph
        self.index = index
        self.robot_location = robot_location or kb.origin
        self.spoken = spoken          # word the reply to be heard: shorter lists, the gate by its name alone
        self.renderers = {"ko": KoreanRenderer(kb, spoken), "en": EnglishRenderer(kb, spoken)}

    def _say(self, lang: str, frame: Frame, name: Namer) -> str:
        """One frame (frames.py) as a sentence in `lang`, with this reply's namer."""
        return self.renderers[lang](for_speech(frame) if self.spoken else frame, name)

    def _names(self, lang: str) -> Namer:
        """A namer for one reply (English adds the Korean name at first mention)."""
        return self.renderers[lang].namer()

    def _walk_span(self, pid: str) -> str:
        """Walking minutes from the gate as said: "13", or "13~14" for a building whose shops are
        reached in different times."""
        low, high = self.kb.walk_span(pid)
        return f"{low}" if low == high else f"{low}~{high}"

    def _floor_in_building(self, place: Place) -> RouteStep | None:
        """The arrival step that puts a place on a floor of a building."""
        return next((s for s in place.route if s.do == "arrive" and s.floor is not None and s.landmark), None)

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
