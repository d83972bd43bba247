"""One handler per intent about a place: it picks the knowledge base's facts for the query's place
(q.place_ids[0], a second place for closer/relation, q.origin_id for a start) and returns them as
frames. `HANDLERS` is the table the composer looks an intent up in."""
from __future__ import annotations

from typing import Callable

from .. import frames as F
from ..understand.intents import Intent
from ..understand.understanding import Query
from .abstentions import no_fact
from .answer import Answer
from .campus import Campus
from .places import bus_stop, describe, features, location, neighbours, on_foot, present
from .routes import graph_route, steps_from, transit_from, walk_minutes, way_to

Handler = Callable[[Campus, Query], Answer]


def where_is(campus: Campus, q: Query) -> Answer:
    pid = q.place_ids[0]
    if q.asks_stop and (stop := bus_stop(campus, pid)):
        return Answer(stop, place_ids=[pid])
    frames = describe(campus, pid, with_route=True)
    feat = features(campus, pid)
    if feat and feat not in frames and len(frames) < 3:
        frames.append(feat)
    place = campus.kb.get(pid)
    if place.kind == "station" and place.lines:
        frames.insert(0, F.StationLines(pid))
    frames = frames or bus_stop(campus, pid)
    return Answer(frames, place_ids=[pid]) if frames else no_fact(pid)


def route(campus: Campus, q: Query) -> Answer:
    pid = q.place_ids[0]
    place = campus.kb.get(pid)
    if place.kind == "landmark":
        return where_is(campus, q)
    frames = way_to(campus, pid, q.origin_id)
    if not frames:
        return where_is(campus, q)
    start = q.origin_id or campus.kb.origin
    if place.zone != "campus" and start != campus.kb.origin and place.route \
            and steps_from(place.route, start) != place.route:     # the rest of the way from a place on it
        if place.walk_min is not None:
            frames.append(walk_minutes(campus, start, pid))
    elif place.zone == "near" and place.walk_min is not None:     # the steps end with "it": say where to
        frames.append(F.WalkInAll(pid, place.walk_min, bool(q.origin_id)))
    elif place.zone == "campus":
        frames += present(neighbours(campus, pid))
    elif place.zone == "mid" and not (place.transport and transit_from(campus, place, start)):
        frames = present(location(campus, pid)) + frames + on_foot(place)
    # a named start the way starts from is part of what the answer stands on (its walk, its exits); one it
    # does not start from is left to the composer (the way from there, or that it is not known)
    kb = campus.kb
    uses_start = q.origin_id and q.origin_id != pid and (q.origin_id in (kb.origin, kb.origin_station) or
                                                         way_to(campus, pid, q.origin_id) != way_to(campus, pid, kb.origin))
    return Answer(frames, place_ids=[pid] + ([q.origin_id] if uses_start else []))


def walk_time(campus: Campus, q: Query) -> Answer:
    pid, graph = q.place_ids[0], campus.graph
    place = campus.kb.get(pid)
    if place.kind == "landmark":
        return where_is(campus, q)
    if q.origin_id and q.origin_id != campus.kb.origin and pid in graph and q.origin_id in graph:
        return Answer(graph_route(campus, q.origin_id, pid), place_ids=[pid, q.origin_id])
    if q.origin_id and ((place.route and steps_from(place.route, q.origin_id) != place.route) or
                        (place.transport and transit_from(campus, place, q.origin_id))):
        return route(campus, q)
    if not place.walk_min:        # unknown, or 0: right at the gate
        return where_is(campus, q)
    frames: list[F.Frame] = [F.WalkFromGate(pid, campus.walk_span(pid))]
    if place.zone == "mid" and place.transport:
        frames.append(F.TransitRide(pid))
    elif place.zone == "near" and place.route:
        frames.append(F.RouteSteps(place.route))
    else:
        frames += way_to(campus, pid)[:1]
    return Answer(frames, place_ids=[pid])


def floors(campus: Campus, q: Query) -> Answer:
    pid = q.place_ids[0]
    place = campus.kb.get(pid)
    if place.floors:
        count = F.FloorCount(pid, place.floors.above, place.floors.below)
        walk = [F.ItsWalk(place.walk_min)] if place.walk_min is not None else []
        return Answer([count] + walk, place_ids=[pid])
    inside = campus.floor_in_building(place)
    if place.floors_note == "outdoor":
        frame = F.Outdoor(pid)
    elif inside:
        frame = F.FloorOf(pid, inside.landmark, inside.floor, inside.floor_top)
    else:
        frame = F.FloorsUnknown(pid)
    return Answer([frame] + present(location(campus, pid)), place_ids=[pid],
                  abstained=isinstance(frame, F.FloorsUnknown))


def nearby(campus: Campus, q: Query) -> Answer:
    pid = q.place_ids[0]
    place = campus.kb.get(pid)
    frames = present(neighbours(campus, pid))
    inside = campus.floor_in_building(place)
    if inside or (place.zone != "campus" and place.route):
        host = inside.landmark if inside else next((s.landmark for s in reversed(place.route) if s.landmark), None)
        if host:
            same = [p.id for p in campus.kb.places.values() if p.id != pid and campus.floor_in_building(p)
                    and campus.floor_in_building(p).landmark == host][:3]
            if same:
                frames.append(F.SameBuilding(host, tuple(same)))
    frames += present(location(campus, pid))
    return Answer(frames[:3], place_ids=[pid]) if frames else no_fact(pid)


def building_features(campus: Campus, q: Query) -> Answer:
    pid = q.place_ids[0]
    place = campus.kb.get(pid)
    if place.features and place.kind == "building":
        items = tuple((f.ko, f.en) for f in place.features)
        frames = [F.HasFeatures(pid, items), F.BuildingUse(pid)]
    else:
        inside = campus.floor_in_building(place)
        frames = [F.PlaceKind(pid)] + ([F.FloorOf(None, inside.landmark, inside.floor, inside.floor_top)]
                                       if inside else [])
    return Answer((frames + present(location(campus, pid)))[:3], place_ids=[pid])


def category(campus: Campus, q: Query) -> Answer:
    pid = q.place_ids[0]
    building = campus.kb.get(pid).kind == "building"
    frames = [F.CategoryOf(pid, building)] + (present(features(campus, pid)) if building else [])
    return Answer((frames + present(location(campus, pid)))[:3], place_ids=[pid])


def building_number(campus: Campus, q: Query) -> Answer:
    pid = q.place_ids[0]
    code = campus.kb.get(pid).building_code
    first = F.BuildingNumber(pid, code) if code else F.NoBuildingNumber(pid)
    return Answer([first] + describe(campus, pid, with_route=False)[:2], place_ids=[pid])


def closer(campus: Campus, q: Query) -> Answer:
    a, b = q.place_ids[:2]
    pa, pb = campus.kb.get(a), campus.kb.get(b)
    if pa.walk_min is None or pb.walk_min is None:
        return no_fact(a if pa.walk_min is None else b)
    if pa.walk_min == pb.walk_min:
        verdict = F.SAME_DISTANCE
    else:
        near, far = (a, b) if pa.walk_min < pb.walk_min else (b, a)
        verdict = F.Closer(far if q.asks_farther else near, q.asks_farther)
    return Answer([F.TwoWalks(a, pa.walk_min, b, pb.walk_min), verdict], place_ids=[a, b])


def relation(campus: Campus, q: Query) -> Answer:
    """Where A is relative to B ("건축관은 신소재공학관 어느 쪽이야?"): the neighbour relation when
    the knowledge base has one, else the walk from B to A."""
    a, b = q.place_ids[:2]
    direction = campus.direction_of(a, b)
    if direction is None:
        way = graph_route(campus, b, a) if a in campus.graph and b in campus.graph else []
        return Answer(way, place_ids=[a, b]) if way else where_is(campus, q)
    return Answer([F.Relation(a, b, direction)] + present(location(campus, a)), place_ids=[a, b])


def transit(campus: Campus, q: Query) -> Answer:
    pid = q.place_ids[0]
    place = campus.kb.get(pid)
    if q.asks_stop and (stop := bus_stop(campus, pid)):
        return Answer(stop, place_ids=[pid])
    if place.kind == "station":
        if not place.lines:
            return where_is(campus, q)
        walk = present(location(campus, pid)) if place.walk_min else []
        return Answer([F.StationLines(pid)] + walk + present(features(campus, pid)), place_ids=[pid])
    if place.transport and place.transport.mode != "walk":
        frames = present(location(campus, pid)) + [F.TransitRide(pid)] + on_foot(place)
        return Answer(frames, place_ids=[pid])
    if place.walk_min is not None:
        return Answer([F.WalkableNoTransit(pid, place.walk_min)] + way_to(campus, pid, q.origin_id)[:1],
                      place_ids=[pid])
    return where_is(campus, q)


def yes_no_category(campus: Campus, q: Query) -> Answer:
    pid = q.place_ids[0]
    place = campus.kb.get(pid)
    has = [c for c in q.categories if c in place.category]
    if has and place.kind == "building" and place.category.index(has[0]) > 0:
        frame = F.HasCategory(pid, has[0])
    elif has:
        frame = F.IsCategory(pid, has[0])
    else:
        frame = F.IsNotCategory(pid, q.categories[0])
    return Answer([frame] + present(location(campus, pid)), place_ids=[pid])


def category_near(campus: Campus, q: Query) -> Answer:
    """The nearest places of a kind to the place named (or the start said, or where the robot stands)."""
    ref = q.place_ids[0] if q.place_ids else (q.origin_id or campus.robot_location)
    graph_minutes = campus.graph.minutes_from(ref)
    ranked = sorted(((_distance(campus, ref, p.id, graph_minutes), p.id) for p in campus.kb.places.values()
                     if set(q.categories) & set(p.category)), key=lambda x: (x[0] is None, x[0] or 0))
    ranked = [(d, pid) for d, pid in ranked if d is not None][:3]
    kind = q.categories[0]
    if not ranked:
        return Answer([F.NoneOfCategoryNear(ref, kind), F.HELP_LINE], place_ids=[ref], grounded=False,
                      abstained=True)
    best = ranked[0][1]
    if best == ref:
        frames: list[F.Frame] = [F.CategoryHere(ref, kind)]
    else:
        frames = [F.NearestOfCategory(ref, kind, best)] + describe(campus, best, with_route=False)[:1]
    others = tuple(pid for _, pid in ranked[1:])
    if others:
        # From the gate the walks are measured facts, so each one comes with its minutes.
        walks = tuple(campus.kb.get(o).walk_min for o in others) if ref == campus.kb.origin else ()
        frames.append(F.AlsoThere(others, walks))
    return Answer(frames, place_ids=[pid for _, pid in ranked])


def _distance(campus: Campus, a: str, b: str, graph_minutes: dict[str, int]) -> int | None:
    """Walking minutes from `a` used only to rank candidates, never stated."""
    if a == b:
        return 0
    if b in graph_minutes:
        return graph_minutes[b]
    pa, pb = campus.kb.get(a), campus.kb.get(b)
    if pa.walk_min is None or pb.walk_min is None:
        return None
    return pa.walk_min + pb.walk_min if pa.zone == "campus" and a != campus.kb.origin else pb.walk_min


HANDLERS: dict[Intent, Handler] = {
    Intent.WHERE_IS: where_is, Intent.ROUTE: route, Intent.WALK_TIME: walk_time, Intent.FLOORS: floors,
    Intent.NEARBY: nearby, Intent.FEATURES: building_features, Intent.CATEGORY: category,
    Intent.BUILDING_NUMBER: building_number, Intent.CLOSER: closer, Intent.RELATION: relation,
    Intent.TRANSIT: transit, Intent.YES_NO_CATEGORY: yes_no_category,
}
