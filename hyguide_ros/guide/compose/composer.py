"""Compose spoken answers from knowledge-base facts (templates, always available).

A handler per intent (handlers.py) picks the facts and returns them as frames; `Composer.compose` is
the one place frames become words, through the renderer of the question's language, once as written
and once as said aloud. Every number and place name in an answer comes from the knowledge base; when
no fact supports an answer, the reply says so (모르겠습니다 / I don't know) and offers likely places.
"""
from __future__ import annotations

from ...knowledge import CampusGraph, KnowledgeBase, PlaceIndex
from ...knowledge.facts import way_passes
from .. import frames as F
from ..languages import RENDERERS
from ..understand.understanding import Query
from .abstentions import ask_back, unknown, unsupported
from .answer import Answer, Reply
from .campus import Campus
from .handlers import HANDLERS, category_near
from .routes import graph_route, way_to
from .transit import transit_general


class Composer:
    """Query -> Reply."""

    def __init__(self, kb: KnowledgeBase, graph: CampusGraph, index: PlaceIndex, robot_location: str | None = None):
        self.campus = Campus(kb, graph, index, robot_location or kb.origin)
        self.renderers = {lang: renderer(kb) for lang, renderer in RENDERERS.items()}
        self.speakers = {lang: renderer(kb, spoken=True) for lang, renderer in RENDERERS.items()}

    def compose(self, q: Query) -> Reply:
        answer = self.answer(q)
        lang = q.language
        return Reply(self.words(answer.frames, self.renderers[lang]),
                     self.words([F.for_speech(f) for f in answer.frames], self.speakers[lang]), answer)

    @staticmethod
    def words(frames: list[F.Frame], renderer: F.Renderer) -> list[str]:
        """Frames as sentences, with one namer for the whole reply (English gives a place's Korean
        name at its first mention only)."""
        name = renderer.namer()
        return [renderer(frame, name) for frame in frames]

    def answer(self, q: Query) -> Answer:
        """The frames that answer `q`, in no language."""
        campus = self.campus
        if q.intent in ("greeting", "help"):
            return Answer([F.GREETING if q.intent == "greeting" else F.INTRODUCTION, F.HELP_LINE], grounded=False)
        if q.intent == "unsupported_fact":
            return unsupported(q)
        if q.ambiguous:
            return ask_back(campus, q)
        if q.intent == "category_near":
            return category_near(campus, q)
        if q.intent == "transit" and not q.place_ids:
            return transit_general(campus, q)
        handler = HANDLERS.get(q.intent) if q.place_ids else None
        if handler is None:
            return unknown(campus, q)
        answer = handler(campus, q)
        kb, start, goal = campus.kb, q.origin_id, q.place_ids[0]
        # ("how do I walk to X from there", "I'm at X, which way is Y"; "성수역에서 한양대역까지 지하철로": a transit question with a start, to a
        # place on campus or from a station to the gate's, is the way from that start; the transit answer
        # starts at the gate)
        transit_on_campus = q.intent == "transit" and start is not None and (kb.get(goal).zone == "campus" or (
            kb.get(goal).kind == "station" and kb.get(start).kind == "station"))
        if start and start != kb.origin and not answer.abstained and not answer.asked_back and \
                (q.intent in ("route", "walk_time", "relation") and not self._on_the_way(goal, start) or transit_on_campus) and \
                (start not in answer.place_ids[1:] or (kb.get(goal).zone == "campus" and start not in campus.graph)):
            return self._from_named_start(start, goal, answer)   # a start said is a start honoured, or said to be unknown
        return answer

    def _from_named_start(self, start: str, goal: str, from_gate_answer: Answer) -> Answer:
        """The way from a start the visitor named that the goal's own route does not pass: the campus
        graph when both are on it; from a station on the gate station's line, the ride to the gate and
        the goal's walk from it; else both walks from the gate; else that the way is not known (and, for
        a goal off campus, the way from the gate, `from_gate_answer`, all the KB holds)."""
        campus, kb = self.campus, self.campus.kb
        ids = [goal, start]
        if start in campus.graph and goal in campus.graph and (way := graph_route(campus, start, goal)):
            return Answer(way, place_ids=ids)
        start_place, goal_place = kb.get(start), kb.get(goal)
        gate_station = kb.origin_station
        shared = [ln for ln in start_place.lines if gate_station and ln in kb.get(gate_station).lines] \
            if start_place.kind == "station" and start != gate_station else []
        # the goal's way from the gate, where the way from the start joins it: only for a goal on campus
        # (off campus, a start near the goal is not reached through the gate)
        from_gate = way_to(campus, goal)[:1] if goal_place.zone == "campus" else []
        lines = [ln for ln in start_place.lines if ln in goal_place.lines]
        if start_place.kind == goal_place.kind == "station" and lines and goal != gate_station:
            return Answer([F.SubwayBetween(start, goal, lines[0])], place_ids=ids)
        if shared and (from_gate or goal == gate_station):     # "성수역에서 한양대역까지": the ride is the way
            return Answer([F.SubwayToGate(start, shared[0])] + from_gate, place_ids=ids)
        if start_place.walk_min and goal_place.walk_min:
            return Answer([F.TwoWalks(start, start_place.walk_min, goal, goal_place.walk_min, code=False)] + from_gate,
                          place_ids=ids)
        rest = from_gate or (from_gate_answer.frames if goal_place.zone != "campus" else [])
        return Answer([F.NoWayFrom(start, goal)] + rest, place_ids=ids, abstained=not rest)

    def _on_the_way(self, place_id: str, start: str) -> bool:
        """Whether the goal's own answer starts at `start` already: its way passes it, or its bus stop
        is named after it (stops go by their sign)."""
        kb = self.campus.kb
        t = kb.get(place_id).transport
        name = kb.get(start).name_ko
        stops = [stop for stop in (t.alight_stop, t.board_stop) if stop] if t else []
        return way_passes(kb, place_id, start) or any(name in stop or stop in name for stop in stops)
