"""Route sentences: the way from the gate (or from a start on the way) on foot, by bus or by subway,
as the knowledge base's route steps and the walking graph give it. The builders pick the steps and
places (frames.py); the renderers word them."""
from __future__ import annotations

from ...knowledge import Place
from ...knowledge.schema import RouteStep
from .. import frames as F
from .wording import Wording, _spoken_landmarks


class RouteSentences(Wording):
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
            return [self._say(lang, F.ArriveAt(pid, rest[0]), name)]
        return [self._say(lang, F.StepsFrom(start, rest), name)]

    def _transit_from(self, place: Place, start: str, lang: str, name) -> list[str]:
        """The way from a start on a bus or subway place's way: its station ("상왕십리역에서"), or a place
        one gets off at the same stop or exit for ("옷을입다 행당점에서 무학중학교": both walks from there)."""
        t = place.transport
        other = self.kb.get(start).transport
        if t.mode == "subway" and start == t.to_station:
            return [self._say(lang, F.SubwayFromStart(place.id, start), name)]
        shared = other and other.mode == t.mode and (
            (t.mode == "bus" and other.alight_stop and other.alight_stop == t.alight_stop) or
            (t.mode == "subway" and other.to_station == t.to_station and other.exit == t.exit))
        if not shared or not t.walk_after_min or not other.walk_after_min:
            return []
        return [self._say(lang, F.BothNearStop(start, place.id), name)]

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
        first = self._say(lang, F.GraphRoute(start, goal, tuple(middle), direction, from_gate), name)
        if direction and not from_gate or self.kb.get(goal).walk_min is None:
            return [first]          # in sight of each other, or a walk the knowledge base does not measure
        return [first, self._walk_minutes_sentence(start, goal, lang, name)]

    def _walk_minutes_sentence(self, start: str, goal: str, lang: str, name) -> str:
        """Minutes of a walk. The knowledge base measures walks from the gate only, so a walk between
        two other places is told as the two measured walks, never as a made-up difference."""
        goal_min, start_min = self.kb.get(goal).walk_min, self.kb.get(start).walk_min
        if start == self.kb.origin:
            frame = F.JustWalk(goal_min)
        elif not start_min:        # the start is at the gate (a station exit, the gate itself)
            frame = F.GoalWalkFromGate(goal, goal_min)
        else:
            frame = F.TwoWalks(start, start_min, goal, goal_min, code=False)
        return self._say(lang, frame, name)

    def _steps_sentence(self, steps: tuple[RouteStep, ...], lang: str, name) -> str:
        return self._say(lang, F.RouteSteps(steps), name)

    def _transit_sentence(self, place: Place, lang: str, name) -> str:
        return self._say(lang, F.TransitRide(place.id), name)
