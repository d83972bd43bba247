"""Frames about one place: where it is from the gate, its neighbours, what it has, its stop and lines."""
from __future__ import annotations

from ...knowledge import Place
from .. import frames as F
from .campus import Campus


def location(campus: Campus, pid: str) -> F.Frame | None:
    """Where a place is, measured from the origin gate."""
    kb = campus.kb
    place = kb.get(pid)
    if place.id == kb.origin:
        return None
    if place.walk_min == 0 and place.zone != "mid":
        return F.AtGate(pid)
    if place.walk_min is not None and place.zone != "mid":
        past = tuple(campus.landmarks_passed(pid, 3)) if place.zone == "campus" else ()
        return F.WalkFromGatePast(pid, campus.walk_span(pid), past)
    if place.zone == "mid" and place.distance_m:
        return F.OffCampus(pid, place.distance_m, "stn_hanyang")
    if place.access:
        return F.StationExit(pid, place.access.station, place.access.exit, place.access.walk_min)
    return None


def neighbours(campus: Campus, pid: str) -> F.Frame | None:
    around = campus.kb.around(pid)
    return F.Neighbours(tuple(around)) if around else None


def features(campus: Campus, pid: str) -> F.Frame | None:
    return F.FeaturesOf(pid) if campus.kb.get(pid).features else None


def on_foot(place: Place) -> list[F.Frame]:
    """For a place reached by bus or subway, the other way to go: on foot all the way."""
    return [F.OnFoot(place.walk_min)] if place.walk_min is not None else []


def describe(campus: Campus, pid: str, with_route: bool) -> list[F.Frame]:
    """Two or three sentences that say where a place is (shared by several intents)."""
    place = campus.kb.get(pid)
    out = present(location(campus, pid))
    if place.zone == "campus":
        out += present(neighbours(campus, pid))
    elif place.zone == "near" and with_route and place.route:
        out.append(F.RouteSteps(place.route))
    elif place.zone == "mid" and place.transport:
        out.append(F.TransitRide(place.id))
        out += on_foot(place)
    return out or present(features(campus, pid))


def bus_stop(campus: Campus, pid: str) -> list[F.Frame]:
    """A bus stop (a landmark known as one, or the stop named after a place): the bus that goes
    there and what is near it, from those places' facts (the places one gets off there for first)."""
    kb = campus.kb
    place = kb.get(pid)
    served = [p for p in kb.places.values() if p.transport and p.transport.alight_stop == place.name_ko]
    near = [p.id for p in served if p.id != pid and p.kind == "place"] + \
        [p.id for p in kb.places.values() if p.id != pid and p.kind == "place" and p not in served
         and any(pid in s.place_ids() for s in p.route)]
    near = near[:3]
    frames: list[F.Frame] = []
    if served:
        t = served[0].transport
        buses = tuple(sorted({b for p in served for b in p.transport.buses}))
        frames.append(F.StopReachedBy(pid, buses, t.board_stop, "stn_hanyang", t.board_exit.exit))
    if near:
        frames.append(F.PlacesNear(pid, tuple(near)))
    return frames


def present(frame: F.Frame | None) -> list[F.Frame]:
    """A frame that may be missing, as a list of none or one."""
    return [frame] if frame is not None else []
