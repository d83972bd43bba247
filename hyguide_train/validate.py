"""Check a generated answer against the knowledge base: every number it states must be a fact.

A pair whose answer states a building number, floor count, minutes, exit, line, bus or distance
that the facts of the places it mentions do not support is rejected (and counted), whether a
template or an LLM wrote it. Place names are checked by the same index the guide uses, so a
name that is not in the knowledge base is not a place the answer can be credited with.
"""
from __future__ import annotations

from collections import defaultdict

from hyguide_ros.guide.phrase.key_facts import extract_facts
from hyguide_ros.knowledge import KnowledgeBase, PlaceIndex
from hyguide_ros.knowledge.facts import fact_numbers

CHECKED_KINDS = ("building", "floor", "minutes", "exit", "line", "bus", "distance")


class FactChecker:
    def __init__(self, kb: KnowledgeBase, index: PlaceIndex):
        self.kb, self.index = kb, index
        self._facts = {pid: fact_numbers(kb, pid) for pid in kb.places}

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
