"""What every handler reads, in no language: the knowledge base, its walking graph and name index,
where the robot stands, and the facts several handlers derive from them (a walk's minutes as said,
the floor a shop is on, where a neighbour lies, the landmarks a route passes)."""
from __future__ import annotations

from dataclasses import dataclass

from ...knowledge import CampusGraph, KnowledgeBase, Place, PlaceIndex
from ...knowledge.schema import INVERSE_DIRECTION, RouteStep


def spoken_landmarks(landmarks: list[str], limit: int) -> list[str]:
    """A spoken route names a few landmarks: how it starts and how it ends."""
    if len(landmarks) <= limit:
        return landmarks
    head = (limit + 1) // 2
    return landmarks[:head] + landmarks[len(landmarks) - (limit - head):]


@dataclass(frozen=True)
class Campus:
    kb: KnowledgeBase
    graph: CampusGraph
    index: PlaceIndex
    robot_location: str           # where "here" is: a place id (the gate unless the robot stands elsewhere)

    def walk_span(self, pid: str) -> str:
        """Walking minutes from the gate as said: "13", or "13~14" for a building whose shops are
        reached in different times."""
        low, high = self.kb.walk_span(pid)
        return f"{low}" if low == high else f"{low}~{high}"

    @staticmethod
    def floor_in_building(place: Place) -> RouteStep | None:
        """The arrival step that puts a place on a floor of a building."""
        return next((s for s in place.route if s.do == "arrive" and s.floor is not None and s.landmark), None)

    def direction_of(self, a: str, b: str) -> str | None:
        """Where `a` lies seen from `b`, from either place's neighbour list."""
        direction = next((n.direction for n in self.kb.get(b).neighbors if n.place_id == a), None)
        if direction is None:
            seen_from_a = next((n.direction for n in self.kb.get(a).neighbors if n.place_id == b), None)
            direction = INVERSE_DIRECTION.get(seen_from_a or "")
        return direction

    def landmarks_passed(self, pid: str, limit: int) -> list[str]:
        """Landmarks passed on the knowledge base's route from the gate to `pid`."""
        return spoken_landmarks([s.landmark for s in self.kb.get(pid).route if s.do == "pass" and s.landmark], limit)
