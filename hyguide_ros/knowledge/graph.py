"""Walking graph of the campus, built from the neighbour relations of the knowledge base.

Edge cost is the difference of the two places' walking minutes from the origin gate (at least
one minute): the knowledge base has no measured minutes between buildings, and this keeps
every stated total equal to a known fact or a sum of such differences.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass

from .schema import KnowledgeBase

# Relations too vague to walk along ("far away", from the seed's neighbour lists).
_NOT_WALKABLE = frozenset({"far"})


@dataclass(frozen=True)
class Path:
    place_ids: tuple[str, ...]
    minutes: int


class CampusGraph:
    def __init__(self, kb: KnowledgeBase):
        self._kb = kb
        self._edges: dict[str, dict[str, int]] = {}
        for place in kb.places.values():
            for n in place.neighbors:
                if n.direction in _NOT_WALKABLE:
                    continue
                cost = self._cost(place.id, n.place_id)
                self._edges.setdefault(place.id, {})[n.place_id] = cost
                self._edges.setdefault(n.place_id, {})[place.id] = cost

    def _cost(self, a: str, b: str) -> int:
        wa, wb = self._kb.places[a].walk_min, self._kb.places[b].walk_min
        if wa is None or wb is None:
            return 1
        return max(1, abs(wa - wb))

    def __contains__(self, place_id: str) -> bool:
        return place_id in self._edges

    def minutes_from(self, start: str) -> dict[str, int]:
        """Walking minutes from `start` to every place it connects to (one Dijkstra)."""
        if start not in self._edges:
            return {}
        best = {start: 0}
        queue = [(0, start)]
        while queue:
            cost, node = heapq.heappop(queue)
            if cost > best[node]:
                continue
            for nxt, step in self._edges[node].items():
                if cost + step < best.get(nxt, 1 << 30):
                    best[nxt] = cost + step
                    heapq.heappush(queue, (cost + step, nxt))
        return best

    def shortest_path(self, start: str, goal: str) -> Path | None:
        """Dijkstra over the neighbour graph; None when the two places are not connected."""
        if start == goal:
            return Path((start,), 0)
        if start not in self._edges or goal not in self._edges:
            return None
        best = {start: 0}
        previous: dict[str, str] = {}
        queue = [(0, start)]
        while queue:
            cost, node = heapq.heappop(queue)
            if node == goal:
                break
            if cost > best[node]:
                continue
            for nxt, step in self._edges[node].items():
                if cost + step < best.get(nxt, 1 << 30):
                    best[nxt] = cost + step
                    previous[nxt] = node
                    heapq.heappush(queue, (cost + step, nxt))
        if goal not in best:
            return None
        ids = [goal]
        while ids[-1] != start:
            ids.append(previous[ids[-1]])
        return Path(tuple(reversed(ids)), best[goal])
