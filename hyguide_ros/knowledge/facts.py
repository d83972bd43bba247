"""The facts of a place: one list, read by everything that states, checks or covers facts.

`facts(kb, place_id)` gives each fact of a place once (a `PlaceFact`), with
- `lines`: how the LLM prompt states it, per language (guide/prompt.py; a fact may take several lines);
- `numbers`: the key facts (`Fact`: kind, value) a sentence stating it may contain, in the scorer's kinds
  (building, floor, minutes, exit, line, bus, distance): the training-data fact check accepts exactly
  these (hyguide_train/validate.py);
- `needles`: per language, strings any one of which shows that an answer states it: the QA generator
  makes sure each such fact is said at least once (hyguide_train/qa.py).
A new place attribute is a new fact here; its readers pick it up without change.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from .schema import LANGUAGES, KnowledgeBase


class Fact(NamedTuple):
    """One key fact, as sentences state it and checks compare it: a number with its kind ("building",
    "105"; "floor", "B3"; "minutes", "6"; "exit", "2"; "line", "2"; "bus", "성동03"; "distance", "650"),
    or a place ("place", "b105"). guide/phrase/key_facts.py finds them in text."""
    kind: str
    value: str


@dataclass(frozen=True)
class PlaceFact:
    """One fact of a place, as the prompt states it (`lines`), as sentences may contain it (`numbers`) and
    as an answer shows it was said (`needles`)."""
    kind: str                                          # building, floors, walk, distance, neighbours, ...
    lines: dict[str, tuple[str, ...]] = field(default_factory=dict)
    numbers: tuple[Fact, ...] = ()
    needles: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _both(ko: str, en: str) -> dict[str, tuple[str, ...]]:
    return {"ko": (ko,), "en": (en,)}


def facts(kb: KnowledgeBase, place_id: str) -> list[PlaceFact]:
    """Every fact of one place, in the order the prompt states them."""
    p = kb.get(place_id)

    def name(pid: str, language: str) -> str:
        other = kb.get(pid)
        return other.name_ko if language == "ko" else f"{other.name_en} ({other.name_ko})"

    out: list[PlaceFact] = []
    code = p.building_code
    out.append(PlaceFact("building", {"ko": (name(place_id, "ko") + (f", 건물 번호 {code}" if code else ""),),
                                 "en": (name(place_id, "en") + (f", building number {code}" if code else ""),)},
                    (("building", code),) if code else (),
                    {"ko": (f"{code}번",), "en": (f"Building {code}",)} if code else {}))
    cats = [c for c in p.category if c in kb.categories]
    if p.category:
        out.append(PlaceFact("category", _both("분류: " + ", ".join(kb.categories[c].ko for c in cats),
                                          "category: " + ", ".join(kb.categories[c].en for c in cats))))
    if p.floors:
        above, below = p.floors.above, p.floors.below
        numbers = [("floor", str(above))]
        if below:            # "지하 3층", and the floors in all ("9 floors in all")
            numbers += [("floor", f"B{below}"), ("floor", str(below)), ("floor", str(above + below))]
        out.append(PlaceFact("floors", _both(f"지상 {above}층" + (f", 지하 {below}층 (모두 {above + below}층)" if below else ""),
                                        f"{above} floors above ground" +
                                        (f", {below} below ground ({above + below} floors in all)" if below else "")),
                        tuple(numbers), {"ko": (f"지상 {above}층",), "en": (f"{above} floor",)}))
    span = kb.walk_span(place_id)
    if p.walk_min is not None or span:
        # The gate as the composer says it: 예지문(한양대역 2번 출구)
        gate = kb.origin_place.access
        origin = {"ko": name(kb.origin, "ko") + (f"({name(gate.station, 'ko')} {gate.exit}번 출구)" if gate else ""),
                  "en": name(kb.origin, "en") + (f", exit {gate.exit} of {name(gate.station, 'en')}" if gate else "")}
        # 왕십리역 13~14분: the shops inside it are reached later than its doors
        said = f"{span[0]}~{span[1]}" if span and span[0] != span[1] else f"{p.walk_min}"
        out.append(PlaceFact("walk", _both(f"{origin['ko']}에서 걸어서 약 {said}분",
                                      f"about {said.replace('~', '-')} minutes' walk from {origin['en']}")
                        if p.walk_min is not None else {},
                        tuple(("minutes", str(m)) for m in span or ()) + ((("exit", str(gate.exit)),) if gate else ()),
                        {"ko": (f"{p.walk_min}분",), "en": (f"{p.walk_min}-minute", f"{p.walk_min} min")}
                        if p.walk_min is not None else {}))
    if p.distance_m:
        out.append(PlaceFact("distance", _both(f"한양대역에서 약 {p.distance_m}m",
                                          f"about {p.distance_m} m from Hanyang Univ. Station"),
                        (("distance", str(p.distance_m)),)))
    around = kb.around(place_id)        # the neighbours the composer names, from either side
    if around:
        def neighbour(pid: str, direction: str, language: str) -> str:
            d = kb.directions.get(direction)
            where = (d.ko if language == "ko" else d.en) if d else direction
            code = kb.get(pid).building_code
            if language == "ko":
                return f"이웃: {name(pid, 'ko')} ({f'건물 번호 {code}, ' if code else ''}{where})"
            return f"neighbour: {name(pid, 'en')} ({f'building number {code}, ' if code else ''}{where})"
        out.append(PlaceFact("neighbours",
                        {language: tuple(neighbour(pid, d, language) for pid, d in around) for language in LANGUAGES},
                        needles={language: tuple(kb.get(pid).name(language) for pid, _ in around)
                                 for language in LANGUAGES}))
    out.append(_route(kb, place_id, name))
    if p.features:
        out.append(PlaceFact("features", _both("특징: " + ", ".join(f.ko for f in p.features),
                                          "features: " + ", ".join(f.en for f in p.features)),
                        needles={"ko": tuple(f.ko for f in p.features), "en": tuple(f.en for f in p.features)}))
    if p.transport:
        out.append(_transport(p.transport, name))
    if p.lines:
        out.append(PlaceFact("lines", _both("노선: " + ", ".join(f"{x}호선" if x.isdigit() else x for x in p.lines),
                                       "lines: " + ", ".join(f"Line {x}" if x.isdigit() else x for x in p.lines)),
                        tuple(("line", line) for line in p.lines)))
    if p.access:
        a = p.access
        numbers = (("exit", str(a.exit)),) + ((("minutes", str(a.walk_min)),) if a.walk_min is not None else ())
        out.append(PlaceFact("access", _both(f"{name(a.station, 'ko')} {a.exit}번 출구",
                                        f"exit {a.exit} of {name(a.station, 'en')}"), numbers))
    if p.kind == "station":
        out.append(_station_exits(kb, place_id))
    return [PlaceFact(f.kind, f.lines, tuple(Fact(*n) for n in f.numbers), f.needles)
            for f in out if f.lines or f.numbers or f.needles]


def _station_exits(kb: KnowledgeBase, station: str) -> PlaceFact:
    """The exits of a station that the knowledge base names anywhere (a gate's access, a bus stop's
    exit, a subway ride's exit, a route's crossing): "한양대역 1번 출구" is a fact about the station."""
    exits: set[int] = set()
    for other in kb.places.values():
        if other.access and other.access.station == station:
            exits.add(other.access.exit)
        t = other.transport
        if t and t.board_exit and t.board_exit.station == station:
            exits.add(t.board_exit.exit)
        if t and t.mode == "subway" and t.to_station == station and t.exit is not None:
            exits.add(t.exit)
        for s in other.route:
            if s.do == "cross_to_exit" and s.station == station:
                exits |= {x for x in (s.from_exit, s.to_exit) if x is not None}
    return PlaceFact("exits", numbers=tuple(("exit", str(x)) for x in sorted(exits)))


def _route(kb: KnowledgeBase, place_id: str, name) -> PlaceFact:
    """The way from the gate: the places passed (a prompt line) and every number its steps hold."""
    route = kb.get(place_id).route
    passed = [s.landmark for s in route if s.do == "pass" and s.landmark]
    numbers: list[tuple[str, str]] = []
    for s in route:
        numbers += [("floor", f"B{-f}" if f < 0 else str(f)) for f in (s.floor, s.floor_top) if f is not None]
        numbers += [("exit", str(x)) for x in (s.from_exit, s.to_exit, s.exit) if x is not None]
        numbers += [("line", s.line)] if s.line else []
        numbers += [("distance", str(s.distance_m))] if s.distance_m else []
        numbers += [("minutes", str(s.walk_min))] if s.walk_min is not None else []
    lines = _both("예지문에서 가는 길에 지나는 곳: " + ", ".join(name(pid, "ko") for pid in passed),
                  "passed on the way from the gate: " + ", ".join(name(pid, "en") for pid in passed)) if passed else {}
    return PlaceFact("route", lines, tuple(numbers))


def _transport(t, name) -> PlaceFact:
    """The bus or subway to a place off campus."""
    numbers = [("bus", b) for b in t.buses] + [("bus", b.replace("성동", "")) for b in t.buses]
    numbers += [("exit", str(x)) for x in (t.exit, t.board_exit.exit if t.board_exit else None) if x is not None]
    numbers += [("line", t.line)] if t.line else []
    numbers += [("minutes", str(t.walk_after_min))] if t.walk_after_min is not None else []
    lines: dict[str, tuple[str, ...]] = {}
    walk = {"ko": f", 하차 후 도보 {t.walk_after_min}분", "en": f", then walk {t.walk_after_min} min"} \
        if t.walk_after_min else {"ko": "", "en": ""}
    if t.mode == "bus":
        # each bus with its own word, so that every number reads as a bus ("241번 버스", "bus 241")
        exit_ko = f"{name(t.board_exit.station, 'ko')} {t.board_exit.exit}번 출구 쪽 " if t.board_exit else ""
        exit_en = f" (exit {t.board_exit.exit} of {name(t.board_exit.station, 'en')})" if t.board_exit else ""
        lines = _both(", ".join(f"{b}번 버스" for b in t.buses) + f": {exit_ko}{t.board_stop} 정류장에서 타서 "
                      f"{t.alight_stop}에서 내림" + walk["ko"],
                      " or ".join(f"bus {b}" for b in t.buses) + f": board at {t.board_stop}{exit_en}, "
                      f"get off at {t.alight_stop}" + walk["en"])
    elif t.mode == "subway":
        lines = _both(f"지하철 {t.line}호선 {name(t.from_station, 'ko')} -> {name(t.to_station, 'ko')}, {t.exit}번 출구"
                      + walk["ko"],
                      f"subway Line {t.line} {name(t.from_station, 'en')} -> {name(t.to_station, 'en')}, exit {t.exit}"
                      + walk["en"])
    # English answers say "Seongdong 03" for 성동03
    needles = {"ko": tuple(t.buses), "en": tuple(b.replace("성동", "Seongdong ") for b in t.buses)} if t.buses else {}
    return PlaceFact("transport", lines, tuple(numbers), needles)


def fact_lines(kb: KnowledgeBase, place_id: str, language: str) -> list[str]:
    """The prompt's lines about one place."""
    return [line for fact in facts(kb, place_id) for line in fact.lines.get(language, ())]


def fact_numbers(kb: KnowledgeBase, place_id: str) -> dict[str, set[str]]:
    """Per scorer kind, the values a sentence about this place may state."""
    out: dict[str, set[str]] = {}
    for fact in facts(kb, place_id):
        for kind, value in fact.numbers:
            out.setdefault(kind, set()).add(value)
    return out


def way_passes(kb: KnowledgeBase, place_id: str, start: str) -> bool:
    """Whether the knowledge base's way to `place_id` goes through `start`: its subway station, the
    station it is reached from, or a landmark, station or direction of its route."""
    place = kb.get(place_id)
    t = place.transport
    if t and start in (t.to_station, t.from_station):
        return True
    if place.access and place.access.station == start:
        return True
    return any(start in (s.landmark, s.station, s.toward) for s in place.route)
