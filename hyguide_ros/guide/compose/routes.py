"""Route frames: the way from the gate (or from a start on the way) on foot, by bus or by subway, as
the knowledge base's route steps and the walking graph give it."""
from __future__ import annotations

from ...knowledge import Place
from ...knowledge.schema import RouteStep
from .. import frames as F
from .campus import Campus, spoken_landmarks


def way_to(campus: Campus, pid: str, origin_id: str | None = None) -> list[F.Frame]:
    """The way to a place from `origin_id` (where the robot stands when none is said)."""
    place = campus.kb.get(pid)
    start = origin_id or campus.robot_location
    if place.zone == "campus" and pid in campus.graph and start in campus.graph:
        return graph_route(campus, start, pid)
    if place.transport and place.transport.mode != "walk":
        return transit_from(campus, place, start) or [F.TransitRide(place.id)]
    if not place.route:
        return []
    rest = steps_from(place.route, start)
    if rest == place.route:
        return [F.RouteSteps(rest)]
    if len(rest) == 1 and rest[0].do == "arrive":       # from the building it is in, or the last landmark
        return [F.ArriveAt(pid, rest[0])]
    return [F.StepsFrom(start, rest)]


def transit_from(campus: Campus, place: Place, start: str) -> list[F.Frame]:
    """The way from a start on a bus or subway place's way: its station ("상왕십리역에서"), or a place
    one gets off at the same stop or exit for ("옷을입다 행당점에서 무학중학교": both walks from there)."""
    t = place.transport
    other = campus.kb.get(start).transport
    if t.mode == "subway" and start == t.to_station:
        return [F.SubwayFromStart(place.id, start)]
    shared = other and other.mode == t.mode and (
        (t.mode == "bus" and other.alight_stop and other.alight_stop == t.alight_stop) or
        (t.mode == "subway" and other.to_station == t.to_station and other.exit == t.exit))
    if not shared or not t.walk_after_min or not other.walk_after_min:
        return []
    return [F.BothNearStop(start, place.id)]


def steps_from(steps: tuple[RouteStep, ...], start: str) -> tuple[RouteStep, ...]:
    """The rest of a route from a place on it: a landmark passed or turned at, a gate gone out of, the
    station a subway ride ends at, or the building the place is in ("왕십리역에서 미샤 플러스": its floor). The whole route when
    the start is not on it."""
    for i, step in enumerate(steps):
        # (a turn made at the start is left out: which way it turns depends on where one comes from)
        if (step.do in ("pass", "exit_gate", "turn") and step.landmark == start) or \
                (step.do == "subway" and step.toward == start):
            return steps[i + 1:] or steps
        if step.do == "arrive" and step.landmark == start and step.relation == "in":
            return (step,)
    return steps


def graph_route(campus: Campus, start: str, goal: str) -> list[F.Frame]:
    """The walk between two places on the campus graph, and its minutes where the KB measures them."""
    path = campus.graph.shortest_path(start, goal)
    if path is None:
        return []
    from_gate = start == campus.kb.origin
    # From the gate, the knowledge base's own route is the one people walk; elsewhere the graph's.
    middle = campus.landmarks_passed(goal, 4) if from_gate else []
    middle = middle or spoken_landmarks(list(path.place_ids[1:-1]), 4)
    direction = None if middle else campus.direction_of(goal, start)
    first = F.GraphRoute(start, goal, tuple(middle), direction, from_gate)
    if direction and not from_gate or campus.kb.get(goal).walk_min is None:
        return [first]          # in sight of each other, or a walk the knowledge base does not measure
    return [first, walk_minutes(campus, start, goal)]


def walk_minutes(campus: Campus, start: str, goal: str) -> F.Frame:
    """Minutes of a walk. The knowledge base measures walks from the gate only, so a walk between
    two other places is told as the two measured walks, never as a made-up difference."""
    kb = campus.kb
    goal_min, start_min = kb.get(goal).walk_min, kb.get(start).walk_min
    if start == kb.origin:
        return F.JustWalk(goal_min)
    if not start_min:        # the start is at the gate (a station exit, the gate itself)
        return F.GoalWalkFromGate(goal, goal_min)
    return F.TwoWalks(start, start_min, goal, goal_min, code=False)
