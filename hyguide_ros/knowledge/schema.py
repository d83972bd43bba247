"""Typed view of the knowledge base file (hyguide_ros/data/campus_kb.json) and its validation.

The JSON file is the source of truth. `parse_knowledge_base` turns it into frozen dataclasses
and refuses a file with a clear message naming the bad entry, so a broken edit is caught at
load time rather than as a wrong spoken answer.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Mapping

# The languages of the knowledge base's names, and so the guide's: Korean and English.
LANGUAGES = ("ko", "en")

KINDS = ("building", "gate", "station", "landmark", "area", "place")
ZONES = ("campus", "near", "mid")
TRANSPORT_MODES = ("walk", "bus", "subway")
ROUTE_ACTIONS = ("start", "pass", "arrive", "cross_to_exit", "straight", "turn", "cross",
                 "enter", "through_campus", "exit_gate", "subway", "exit")
RELATIONS = ("at", "in", "opposite", "near", "uphill", "left_side", "outside")


class KnowledgeBaseError(ValueError):
    """The knowledge base file is malformed; the message names the entry and the field."""


@dataclass(frozen=True)
class Text:
    """A phrase in both languages."""
    ko: str
    en: str


@dataclass(frozen=True)
class Neighbor:
    """Another place next to this one; `direction` is where it lies, seen from this place."""
    place_id: str
    direction: str


@dataclass(frozen=True)
class Floors:
    above: int
    below: int = 0


@dataclass(frozen=True)
class Access:
    """How a gate or stop is reached from a subway exit."""
    station: str
    exit: int
    walk_min: int


@dataclass(frozen=True)
class RouteStep:
    """One step of a route. Every place it names is a knowledge-base id."""
    do: str
    landmark: str | None = None
    relation: str | None = None
    direction: str | None = None
    floor: int | None = None
    floor_top: int | None = None        # the highest floor, for a place on several floors (이마트: 2~3층)
    distance_m: int | None = None
    toward: str | None = None
    station: str | None = None
    from_exit: int | None = None
    to_exit: int | None = None
    exit: int | None = None
    line: str | None = None
    via: tuple[str, ...] = ()
    walk_min: int | None = None

    def place_ids(self) -> tuple[str, ...]:
        ids = [self.landmark, self.toward, self.station]
        return tuple(i for i in ids if i) + self.via


@dataclass(frozen=True)
class Transport:
    """How to reach an off-campus place from Hanyang Univ. Station."""
    mode: str
    buses: tuple[str, ...] = ()
    board_stop: str | None = None       # bus stop name, as on the sign
    board_exit: Access | None = None    # station exit to walk out of for the bus stop
    alight_stop: str | None = None
    line: str | None = None
    from_station: str | None = None
    to_station: str | None = None
    exit: int | None = None
    walk_after_min: int | None = None   # walk from the stop or exit to the place


@dataclass(frozen=True)
class Provenance:
    """Where a place's facts came from: `hyguide-train kb build` writes this for places it touched."""
    source: str                          # e.g. "naver local search + ncp directions"
    retrieved: str                       # date, YYYY-MM-DD
    estimated: tuple[str, ...] = ()      # fields whose values are estimates, not measurements


@dataclass(frozen=True)
class Place:
    id: str
    kind: str
    zone: str
    name_ko: str
    name_en: str
    aliases: tuple[str, ...] = ()
    building_code: str | None = None
    category: tuple[str, ...] = ()
    floors: Floors | None = None
    floors_note: str | None = None
    walk_min: int | None = None          # walking minutes from the origin gate (예지문)
    walk_min_estimate: bool = False       # True when walk_min is an estimate, not a measured route
    distance_m: int | None = None
    neighbors: tuple[Neighbor, ...] = ()
    route: tuple[RouteStep, ...] = ()
    features: tuple[Text, ...] = ()
    transport: Transport | None = None
    lines: tuple[str, ...] = ()
    access: Access | None = None
    location: tuple[float, float] | None = None     # (lon, lat), WGS84
    provenance: Provenance | None = None

    @property
    def is_campus_building(self) -> bool:
        return self.kind == "building"

    def name(self, language: str) -> str:
        return self.name_ko if language == "ko" else self.name_en


# Where `a` lies seen from `b`, turned round: the direction of `b` seen from `a`.
INVERSE_DIRECTION = {"right": "left", "left": "right", "front": "behind", "behind": "front", "uphill": "downhill",
                     "downhill": "uphill", "beside": "beside", "right_beside": "right_beside", "nearby": "nearby",
                     # down to the left has no word of its own: "down the hill" is what is sure of it
                     "upper_right": "downhill", "lower_right": "uphill"}


@dataclass(frozen=True)
class KnowledgeBase:
    name: str
    origin: str
    categories: Mapping[str, Text]
    directions: Mapping[str, Text]
    places: Mapping[str, Place]
    by_code: Mapping[str, Place] = field(default_factory=dict)

    def get(self, place_id: str) -> Place:
        return self.places[place_id]

    @property
    def origin_place(self) -> Place:
        return self.places[self.origin]

    @property
    def origin_station(self) -> str | None:
        """The station whose exit the origin gate is (한양대역 for 예지문), if it is one."""
        access = self.origin_place.access
        return access.station if access else None

    def around(self, place_id: str, own: int = 2, listed_by: int = 2) -> list[tuple[str, str]]:
        """(place id, direction) around a place: its own nearest neighbours, then places that list it
        as theirs (the direction turned round), so a building is found from either side."""
        place = self.places[place_id]
        out = [(n.place_id, n.direction) for n in place.neighbors[:own]]
        for other, seen_from_other in self._listed_by.get(place_id, ()):
            if len(out) >= own + listed_by:
                break
            if other != place_id and other not in {o for o, _ in out}:
                out.append((other, INVERSE_DIRECTION.get(seen_from_other, "nearby")))
        return out

    @cached_property
    def _listed_by(self) -> dict[str, list[tuple[str, str]]]:
        """place id -> (the places that list it as a neighbour, in KB order; the direction they give)."""
        out: dict[str, list[tuple[str, str]]] = {}
        for other in self.places.values():
            for n in other.neighbors:
                if all(o != other.id for o, _ in out.get(n.place_id, ())):
                    out.setdefault(n.place_id, []).append((other.id, n.direction))
        return out

    @cached_property
    def _walks_inside(self) -> dict[str, list[int]]:
        """building id -> the walking minutes of the places inside it (a route that arrives "in" it)."""
        out: dict[str, list[int]] = {}
        for p in self.places.values():
            inside = {s.landmark for s in p.route if s.do == "arrive" and s.relation == "in" and s.landmark}
            for building in inside if p.walk_min is not None else ():
                out.setdefault(building, []).append(p.walk_min)
        return out

    def walk_span(self, place_id: str) -> tuple[int, int] | None:
        """Fewest and most walking minutes from the gate to a place, counting the places inside it:
        왕십리역 is 13 minutes away, the shops in its building 13 and 14."""
        place = self.places[place_id]
        inside = self._walks_inside.get(place_id, [])
        minutes = ([place.walk_min] if place.walk_min is not None else []) + inside
        return (min(minutes), max(minutes)) if minutes else None

    def category_name(self, key: str, language: str) -> str:
        text = self.categories[key]
        return text.ko if language == "ko" else text.en

    def direction_name(self, key: str, language: str) -> str:
        text = self.directions[key]
        return text.ko if language == "ko" else text.en


# ---------------------------------------------------------------------------- parsing

def _fail(where: str, message: str) -> KnowledgeBaseError:
    return KnowledgeBaseError(f"knowledge base: {where}: {message}")


def _check_keys(obj: Any, where: str, required: set[str], optional: set[str]) -> None:
    if not isinstance(obj, dict):
        raise _fail(where, f"expected an object, got {type(obj).__name__}")
    missing = required - obj.keys()
    if missing:
        raise _fail(where, f"missing field(s) {sorted(missing)}")
    unknown = obj.keys() - required - optional
    if unknown:
        raise _fail(where, f"unknown field(s) {sorted(unknown)}")


def _typed(value: Any, kind: type | tuple[type, ...], where: str) -> Any:
    if value is not None and (not isinstance(value, kind) or isinstance(value, bool) and kind is int):
        raise _fail(where, f"expected {getattr(kind, '__name__', kind)}, got {value!r}")
    return value


def _text(obj: Any, where: str) -> Text:
    _check_keys(obj, where, set(LANGUAGES), set())
    return Text(_typed(obj["ko"], str, where + ".ko"), _typed(obj["en"], str, where + ".en"))


def _access(obj: Any, where: str) -> Access:
    _check_keys(obj, where, {"station", "exit"}, {"walk_min"})
    return Access(obj["station"], _typed(obj["exit"], int, where + ".exit"),
                  _typed(obj.get("walk_min", 0), int, where + ".walk_min"))


_STEP_FIELDS = {f for f in RouteStep.__dataclass_fields__} - {"do"}


def _step(obj: Any, where: str) -> RouteStep:
    _check_keys(obj, where, {"do"}, _STEP_FIELDS)
    if obj["do"] not in ROUTE_ACTIONS:
        raise _fail(where, f"unknown route action {obj['do']!r} (one of {', '.join(ROUTE_ACTIONS)})")
    if obj.get("relation") not in (None, *RELATIONS):
        raise _fail(where, f"unknown relation {obj['relation']!r}")
    values = dict(obj)
    values["via"] = tuple(values.get("via", ()))
    return RouteStep(**values)


def _transport(obj: Any, where: str) -> Transport:
    optional = set(Transport.__dataclass_fields__) - {"mode"}
    _check_keys(obj, where, {"mode"}, optional)
    if obj["mode"] not in TRANSPORT_MODES:
        raise _fail(where, f"unknown transport mode {obj['mode']!r}")
    values = dict(obj)
    values["buses"] = tuple(values.get("buses", ()))
    if "board_exit" in values:
        values["board_exit"] = _access(values["board_exit"], where + ".board_exit")
    return Transport(**values)


_PLACE_REQUIRED = {"id", "kind", "zone", "name_ko", "name_en"}
_PLACE_OPTIONAL = set(Place.__dataclass_fields__) - _PLACE_REQUIRED


def _place(obj: Any, index: int) -> Place:
    where = f"places[{index}]"
    if isinstance(obj, dict) and isinstance(obj.get("id"), str):
        where += f" (id {obj['id']!r})"
    _check_keys(obj, where, _PLACE_REQUIRED, _PLACE_OPTIONAL)
    for key in ("id", "name_ko", "name_en"):
        if not isinstance(obj[key], str) or not obj[key].strip():
            raise _fail(where, f"{key} must be a non-empty string")
    if obj["kind"] not in KINDS:
        raise _fail(where, f"unknown kind {obj['kind']!r} (one of {', '.join(KINDS)})")
    if obj["zone"] not in ZONES:
        raise _fail(where, f"unknown zone {obj['zone']!r} (one of {', '.join(ZONES)})")
    floors = obj.get("floors")
    if floors is not None:
        _check_keys(floors, where + ".floors", {"above"}, {"below"})
        floors = Floors(_typed(floors["above"], int, where + ".floors.above"),
                        _typed(floors.get("below", 0), int, where + ".floors.below"))
    return Place(
        id=obj["id"], kind=obj["kind"], zone=obj["zone"], name_ko=obj["name_ko"], name_en=obj["name_en"],
        aliases=tuple(_typed(a, str, where + ".aliases") for a in obj.get("aliases", ())),
        building_code=_typed(obj.get("building_code"), str, where + ".building_code"),
        category=tuple(obj.get("category", ())),
        floors=floors, floors_note=obj.get("floors_note"),
        walk_min=_typed(obj.get("walk_min"), int, where + ".walk_min"),
        walk_min_estimate=bool(obj.get("walk_min_estimate", False)),
        distance_m=_typed(obj.get("distance_m"), int, where + ".distance_m"),
        neighbors=tuple(Neighbor(n["id"], n["direction"]) for n in _neighbors(obj, where)),
        route=tuple(_step(s, f"{where}.route[{i}]") for i, s in enumerate(obj.get("route", ()))),
        features=tuple(_text(f, f"{where}.features[{i}]") for i, f in enumerate(obj.get("features", ()))),
        transport=_transport(obj["transport"], where + ".transport") if "transport" in obj else None,
        lines=tuple(obj.get("lines", ())),
        access=_access(obj["access"], where + ".access") if "access" in obj else None,
        location=_location(obj["location"], where + ".location") if "location" in obj else None,
        provenance=_provenance(obj["provenance"], where + ".provenance") if "provenance" in obj else None,
    )


def _location(obj: Any, where: str) -> tuple[float, float]:
    _check_keys(obj, where, {"lon", "lat"}, set())
    lon, lat = (_typed(obj[k], (int, float), f"{where}.{k}") for k in ("lon", "lat"))
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise _fail(where, f"({lon}, {lat}) is not a longitude/latitude pair")
    return (float(lon), float(lat))


def _provenance(obj: Any, where: str) -> Provenance:
    _check_keys(obj, where, {"source", "retrieved"}, {"estimated"})
    estimated = tuple(_typed(f, str, where + ".estimated") for f in obj.get("estimated", ()))
    return Provenance(_typed(obj["source"], str, where + ".source"), _typed(obj["retrieved"], str, where + ".retrieved"),
                      estimated)


def _neighbors(obj: dict, where: str) -> list[dict]:
    items = obj.get("neighbors", [])
    for i, n in enumerate(items):
        _check_keys(n, f"{where}.neighbors[{i}]", {"id", "direction"}, set())
    return items


def parse_knowledge_base(data: Any) -> KnowledgeBase:
    """Validate the decoded JSON and build the typed knowledge base."""
    _check_keys(data, "top level", {"schema_version", "name", "origin", "categories", "directions", "places"}, set())
    if data["schema_version"] != 1:
        raise _fail("schema_version", f"unsupported version {data['schema_version']!r} (this code reads 1)")
    categories = {k: _text(v, f"categories.{k}") for k, v in data["categories"].items()}
    directions = {k: _text(v, f"directions.{k}") for k, v in data["directions"].items()}
    places: dict[str, Place] = {}
    by_code: dict[str, Place] = {}
    for index, raw in enumerate(data["places"]):
        place = _place(raw, index)
        if place.id in places:
            raise _fail(f"places[{index}]", f"duplicate id {place.id!r}")
        places[place.id] = place
        if place.building_code:
            if place.building_code in by_code:
                raise _fail(f"place {place.id!r}", f"building_code {place.building_code} is also "
                            f"used by {by_code[place.building_code].id!r}")
            by_code[place.building_code] = place
    _check_references(places, categories, directions)
    if data["origin"] not in places:
        raise _fail("origin", f"{data['origin']!r} is not a place id")
    return KnowledgeBase(name=data["name"], origin=data["origin"], categories=categories,
                         directions=directions, places=places, by_code=by_code)


def _check_references(places: Mapping[str, Place], categories: Mapping[str, Text],
                      directions: Mapping[str, Text]) -> None:
    def resolve(place: Place, what: str, ref: str | None) -> None:
        if ref is not None and ref not in places:
            raise _fail(f"place {place.id!r}", f"{what} refers to unknown place id {ref!r}")

    for place in places.values():
        for key in place.category:
            if key not in categories:
                raise _fail(f"place {place.id!r}", f"unknown category {key!r}")
        for n in place.neighbors:
            resolve(place, "neighbour", n.place_id)
            if n.direction not in directions:
                raise _fail(f"place {place.id!r}", f"unknown direction {n.direction!r} for neighbour {n.place_id!r}")
        for i, step in enumerate(place.route):
            for ref in step.place_ids():
                resolve(place, f"route step {i} ({step.do})", ref)
        if place.transport:
            t = place.transport
            for ref in (t.from_station, t.to_station, t.board_exit.station if t.board_exit else None):
                resolve(place, "transport", ref)
        if place.access:
            resolve(place, "access", place.access.station)
