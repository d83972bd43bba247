"""Check a generated answer against the knowledge base: every number it states must be a fact.

A pair whose answer states a building number, floor count, minutes, exit, line, bus or distance
that the facts of the places it mentions do not support is rejected (and counted), whether a
template or an LLM wrote it. Place names are checked by the same index the guide uses, so a
name that is not in the knowledge base is not a place the answer can be credited with.
"""
from __future__ import annotations

from collections import defaultdict

from hyguide_ros.guide.scoring import extract_facts
from hyguide_ros.knowledge import KnowledgeBase, PlaceIndex

CHECKED_KINDS = ("building", "floor", "minutes", "exit", "line", "bus", "distance")


class FactChecker:
    def __init__(self, kb: KnowledgeBase, index: PlaceIndex):
        self.kb, self.index = kb, index
        self._facts = {pid: self._place_facts(pid) for pid in kb.places}

    def _place_facts(self, pid: str) -> dict[str, set[str]]:
        p = self.kb.get(pid)
        f: dict[str, set[str]] = defaultdict(set)
        if p.building_code:
            f["building"].add(p.building_code)
        if p.floors:
            f["floor"].add(str(p.floors.above))
            if p.floors.below:      # "지하 3층", and the floors in all ("9 floors in all")
                f["floor"] |= {f"B{p.floors.below}", str(p.floors.below), str(p.floors.above + p.floors.below)}
        for value in (*(self.kb.walk_span(pid) or ()), p.access.walk_min if p.access else None,
                      p.transport.walk_after_min if p.transport else None):
            if value is not None:
                f["minutes"].add(str(value))
        if p.access:
            f["exit"].add(str(p.access.exit))
        if p.distance_m:
            f["distance"].add(str(p.distance_m))
        f["line"] |= {ln for ln in p.lines}
        t = p.transport
        if t:
            f["bus"] |= set(t.buses) | {b.replace("성동", "") for b in t.buses}
            f["exit"] |= {str(x) for x in (t.exit, t.board_exit.exit if t.board_exit else None) if x is not None}
            if t.line:
                f["line"].add(t.line)
        for s in p.route:
            for floor in (s.floor, s.floor_top):
                if floor is not None:
                    f["floor"].add(f"B{-floor}" if floor < 0 else str(floor))
            f["exit"] |= {str(x) for x in (s.from_exit, s.to_exit, s.exit) if x is not None}
            if s.line:
                f["line"].add(s.line)
            if s.distance_m:
                f["distance"].add(str(s.distance_m))
            if s.walk_min is not None:
                f["minutes"].add(str(s.walk_min))
        return f

    def supported(self, place_ids: list[str]) -> dict[str, set[str]]:
        """Fact values that an answer about these places may state."""
        out: dict[str, set[str]] = defaultdict(set)
        for pid in place_ids:
            for kind, values in self._facts[pid].items():
                out[kind] |= values
        # No walk between two named places: the knowledge base measures walks from the gate only.
        return out

    def problems(self, answer: str, place_ids: list[str]) -> list[str]:
        """What the answer states that the knowledge base does not support (empty: the answer passes)."""
        facts = extract_facts(answer, self.index)
        mentioned = list(dict.fromkeys([*place_ids, *(f.value for f in facts if f.kind == "place")]))
        # A station or stop named in an answer brings its own exits and lines.
        supported = self.supported(mentioned)
        return [f"{f.kind} {f.value} is not a fact of {', '.join(mentioned) or 'any named place'}"
                for f in sorted(facts, key=lambda f: (f.kind, f.value))
                if f.kind in CHECKED_KINDS and f.value not in supported[f.kind]]
