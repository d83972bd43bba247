"""Compose spoken answers from knowledge-base facts (templates, always available).

Every number and place name in a composed answer comes from the knowledge base; when no fact
supports an answer, the reply says so (모르겠습니다 / I don't know) and offers likely places.
English replies add the Korean name at the first mention of a place, because campus signs are
in Korean.
"""
from __future__ import annotations

from functools import cached_property
from typing import Callable

from ...knowledge.facts import way_passes
from .. import frames as F
from ..understand.intents import Intent
from ..understand.understanding import Query
from .abstentions import Abstentions
from .place_sentences import PlaceSentences
from .transit import TransitAnswers
from .wording import Reply


class Composer(PlaceSentences, TransitAnswers, Abstentions):
    """Query -> Reply: one handler per intent, built from the sentence builders it inherits
    (wording.py, routes.py, place_sentences.py, abstentions.py)."""

    # ------------------------------------------------------------------ entry point
    def compose(self, q: Query) -> Reply:
        lang = q.language
        if q.intent in ("greeting", "help"):
            name = self._names(lang)
            first = F.GREETING if q.intent == "greeting" else F.INTRODUCTION
            return Reply([self._say(lang, first, name), self._help_line(lang)], grounded=False)
        if q.intent == "unsupported_fact":
            return self._unsupported(q)
        if q.ambiguous:
            return self._ask_back(q)
        if q.intent == "category_near":
            return self._category_near(q)
        if q.intent == "transit" and not q.place_ids:
            return self._transit_general(q)
        handler = self._handlers.get(q.intent) if q.place_ids else None
        if handler is None:
            return self._unknown(q)
        reply = handler(q)
        start, goal = q.origin_id, q.place_ids[0]
        # ("how do I walk to X from there", "성수역에서 한양대역까지 지하철로": a transit question with a start, to a
        # place on campus or from a station to the gate's, is the way from that start; the transit answer
        # starts at the gate)
        transit_on_campus = q.intent == "transit" and start is not None and (self.kb.get(goal).zone == "campus" or (
            self.kb.get(goal).kind == "station" and self.kb.get(start).kind == "station"))
        if start and start != self.kb.origin and not reply.abstained and not reply.asked_back and \
                (q.intent in ("route", "walk_time") and not self._on_the_way(goal, start) or transit_on_campus) and \
                (start not in reply.place_ids[1:] or (self.kb.get(goal).zone == "campus" and start not in self.graph)):
            return self._from_named_start(q)      # a start said is a start honoured, or said to be unknown
        return reply

    @cached_property
    def _handlers(self) -> dict[Intent, Callable[[Query], Reply]]:
        """The handler of each intent about a place (the others are answered in `compose` before it)."""
        return {Intent.WHERE_IS: self._where_is, Intent.ROUTE: self._route, Intent.WALK_TIME: self._walk_time,
                Intent.FLOORS: self._floors, Intent.NEARBY: self._nearby, Intent.FEATURES: self._features,
                Intent.CATEGORY: self._category, Intent.BUILDING_NUMBER: self._building_number,
                Intent.CLOSER: self._closer, Intent.RELATION: self._relation, Intent.TRANSIT: self._transit,
                Intent.YES_NO_CATEGORY: self._yes_no_category}

    def _from_named_start(self, q: Query) -> Reply:
        """The way from a start the visitor named that the goal's own route does not pass: the campus
        graph when both are on it; from a station on the gate station's line, the ride to the gate and
        the goal's walk from it; else both walks from the gate; else that the way is not known."""
        start, goal, lang = q.origin_id, q.place_ids[0], q.language
        name = self._names(lang)
        ids = [goal, start]
        if start in self.graph and goal in self.graph and (way := self._graph_route(start, goal, lang, name)):
            return Reply(way, place_ids=ids)
        start_place, goal_place = self.kb.get(start), self.kb.get(goal)
        gate_station = self.kb.origin_station
        shared = [ln for ln in start_place.lines if gate_station and ln in self.kb.get(gate_station).lines] \
            if start_place.kind == "station" and start != gate_station else []
        # the goal's way from the gate, where the way from the start joins it: only for a goal on campus
        # (off campus, a start near the goal is not reached through the gate)
        from_gate = self._route_sentences(goal, lang, name)[:1] if goal_place.zone == "campus" else []
        lines = [ln for ln in start_place.lines if ln in goal_place.lines]
        if start_place.kind == goal_place.kind == "station" and lines and goal != gate_station:
            return Reply([self._say(lang, F.SubwayBetween(start, goal, lines[0]), name)], place_ids=ids)
        if shared and (from_gate or goal == gate_station):     # "성수역에서 한양대역까지": the ride is the way
            return Reply([self._say(lang, F.SubwayToGate(start, shared[0]), name)] + from_gate, place_ids=ids)
        if start_place.walk_min and goal_place.walk_min:
            return Reply([self._say(lang, F.TwoWalks(start, start_place.walk_min, goal, goal_place.walk_min,
                                                     code=False), name)] + from_gate, place_ids=ids)
        return Reply([self._say(lang, F.NoWayFrom(start, goal), name)] + from_gate, place_ids=ids,
                     abstained=not from_gate)

    def _on_the_way(self, place_id: str, start: str) -> bool:
        """Whether the goal's own answer starts at `start` already: its way passes it, or its bus stop
        is named after it (stops go by their sign)."""
        t = self.kb.get(place_id).transport
        name = self.kb.get(start).name_ko
        stops = [stop for stop in (t.alight_stop, t.board_stop) if stop] if t else []
        return way_passes(self.kb, place_id, start) or any(name in stop or stop in name for stop in stops)

    # ------------------------------------------------------------------ intents
    def _where_is(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        name = self._names(lang)
        if q.asks_stop and (stop := self._stop_sentences(pid, lang, name)):
            return Reply(stop, place_ids=[pid])
        sentences = self._describe(pid, lang, name, with_route=True)
        feat = self._features_sentence(pid, lang)
        if feat and feat not in sentences and len(sentences) < 3:
            sentences.append(feat)
        place = self.kb.get(pid)
        if place.kind == "station" and place.lines:
            sentences.insert(0, self._lines_sentence(place, lang, name))
        if not sentences:
            sentences = self._stop_sentences(pid, lang, name)
        if not sentences:
            return self._no_fact(q, pid)
        return Reply(sentences, place_ids=[pid])

    def _route(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        if self.kb.get(pid).kind == "landmark":
            return self._where_is(q)
        name = self._names(lang)
        sentences = self._route_sentences(pid, lang, name, q.origin_id)
        if not sentences:
            return self._where_is(q)
        place = self.kb.get(pid)
        start = q.origin_id or self.kb.origin
        if place.zone != "campus" and start != self.kb.origin and place.route \
                and self._steps_from(place.route, start) != place.route:     # the rest of the way from a place on it
            if place.walk_min is not None:
                sentences.append(self._walk_minutes_sentence(start, pid, lang, name))
        elif place.zone == "near" and place.walk_min is not None:     # the steps end with "it": say where to
            sentences.append(self._say(lang, F.WalkInAll(pid, place.walk_min, bool(q.origin_id)), name))
        elif place.zone == "campus":
            nb = self._neighbors_sentence(pid, lang, name)
            if nb:
                sentences.append(nb)
        elif place.zone == "mid" and not (place.transport and self._transit_from(place, start, lang, name)):
            loc = self._location_sentence(pid, lang, name)
            sentences = ([loc] if loc else []) + sentences + self._on_foot_sentence(place, lang)
        # a named start is part of what the answer stands on (its walk, its exits)
        return Reply(sentences, place_ids=[pid] + ([q.origin_id] if q.origin_id and q.origin_id != pid else []))

    def _walk_time(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        name = self._names(lang)
        place = self.kb.get(pid)
        if place.kind == "landmark":
            return self._where_is(q)
        if q.origin_id and q.origin_id != self.kb.origin and pid in self.graph and q.origin_id in self.graph:
            return Reply(self._graph_route(q.origin_id, pid, lang, name), place_ids=[pid, q.origin_id])
        if q.origin_id and ((place.route and self._steps_from(place.route, q.origin_id) != place.route) or
                            (place.transport and self._transit_from(place, q.origin_id, lang, name))):
            return self._route(q)
        if not place.walk_min:        # unknown, or 0: right at the gate
            return self._where_is(q)
        sentences = [self._say(lang, F.WalkFromGate(pid, self._walk_span(pid)), name)]
        if place.zone == "mid" and place.transport:
            sentences.append(self._transit_sentence(place, lang, name))
        elif place.zone == "near" and place.route:
            sentences.append(self._steps_sentence(place.route, lang, name))
        else:
            route = self._route_sentences(pid, lang, name)
            sentences += route[:1]
        return Reply(sentences, place_ids=[pid])

    def _floors(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        name = self._names(lang)
        place = self.kb.get(pid)
        loc = self._location_sentence(pid, lang, name)
        if place.floors:
            first = self._say(lang, F.FloorCount(pid, place.floors.above, place.floors.below), name)
            if place.walk_min is None:
                return Reply([first], place_ids=[pid])
            return Reply([first, self._say(lang, F.ItsWalk(place.walk_min), name)], place_ids=[pid])
        inside = self._floor_in_building(place)
        if place.floors_note == "outdoor":
            frame = F.Outdoor(pid)
        elif inside:
            frame = F.FloorOf(pid, inside.landmark, inside.floor, inside.floor_top)
        else:
            frame = F.FloorsUnknown(pid)
        return Reply([self._say(lang, frame, name)] + ([loc] if loc else []), place_ids=[pid],
                     abstained=isinstance(frame, F.FloorsUnknown))

    def _nearby(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        name = self._names(lang)
        place = self.kb.get(pid)
        sentences = [s for s in (self._neighbors_sentence(pid, lang, name),) if s]
        inside = self._floor_in_building(place)
        if inside or (place.zone != "campus" and place.route):
            host = inside.landmark if inside else next((s.landmark for s in reversed(place.route) if s.landmark), None)
            if host:
                same = [p.id for p in self.kb.places.values() if p.id != pid and self._floor_in_building(p)
                        and self._floor_in_building(p).landmark == host][:3]
                if same:
                    sentences.append(self._say(lang, F.SameBuilding(host, tuple(same)), name))
        loc = self._location_sentence(pid, lang, name)
        if loc:
            sentences.append(loc)
        if not sentences:
            return self._no_fact(q, pid)
        return Reply(sentences[:3], place_ids=[pid])

    def _features(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        name = self._names(lang)
        place = self.kb.get(pid)
        if place.features and place.kind == "building":
            items = tuple((f.ko, f.en) for f in place.features)
            frames = [F.HasFeatures(pid, items), F.BuildingUse(pid)]
        else:
            inside = self._floor_in_building(place)
            frames = [F.PlaceKind(pid)] + ([F.FloorOf(None, inside.landmark, inside.floor, inside.floor_top)]
                                           if inside else [])
        sentences = [self._say(lang, frame, name) for frame in frames]
        loc = self._location_sentence(pid, lang, name)
        if loc:
            sentences.append(loc)
        return Reply(sentences[:3], place_ids=[pid])

    def _category(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        name = self._names(lang)
        place = self.kb.get(pid)
        sentences = [self._say(lang, F.CategoryOf(pid, place.kind == "building"), name)]
        feat = self._features_sentence(pid, lang)
        if feat and place.kind == "building":
            sentences.append(feat)
        loc = self._location_sentence(pid, lang, name)
        if loc:
            sentences.append(loc)
        return Reply(sentences[:3], place_ids=[pid])

    def _building_number(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        name = self._names(lang)
        code = self.kb.get(pid).building_code
        first = self._say(lang, F.BuildingNumber(pid, code) if code else F.NoBuildingNumber(pid), name)
        return Reply([first] + self._describe(pid, lang, name, with_route=False)[:2], place_ids=[pid])

    def _closer(self, q: Query) -> Reply:
        a, b = q.place_ids[:2]
        lang = q.language
        name = self._names(lang)
        pa, pb = self.kb.get(a), self.kb.get(b)
        if pa.walk_min is None or pb.walk_min is None:
            return self._no_fact(q, a if pa.walk_min is None else b)
        if pa.walk_min == pb.walk_min:
            verdict = F.SAME_DISTANCE
        else:
            near, far = (a, b) if pa.walk_min < pb.walk_min else (b, a)
            verdict = F.Closer(far if q.asks_farther else near, q.asks_farther)
        frames = [F.TwoWalks(a, pa.walk_min, b, pb.walk_min), verdict]
        return Reply([self._say(lang, frame, name) for frame in frames], place_ids=[a, b])

    def _relation(self, q: Query) -> Reply:
        """Where A is relative to B ("건축관은 신소재공학관 어느 쪽이야?"): the neighbour relation when
        the knowledge base has one, else the walk from B to A."""
        a, b = q.place_ids[:2]
        lang = q.language
        name = self._names(lang)
        direction = self._direction_of(a, b)
        if direction is None:
            route = self._graph_route(b, a, lang, name) if a in self.graph and b in self.graph else []
            return Reply(route, place_ids=[a, b]) if route else self._where_is(q)
        first = self._say(lang, F.Relation(a, b, direction), name)
        rest = [s for s in (self._location_sentence(a, lang, name),) if s]
        return Reply([first] + rest, place_ids=[a, b])

    def _transit(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        name = self._names(lang)
        place = self.kb.get(pid)
        if q.asks_stop and (stop := self._stop_sentences(pid, lang, name)):
            return Reply(stop, place_ids=[pid])
        if place.kind == "station":
            sentences = [self._lines_sentence(place, lang, name)] if place.lines else []
            walk = self._location_sentence(pid, lang, name) if place.walk_min else None
            feat = self._features_sentence(pid, lang)
            extra = [x for x in (walk, feat) if x]
            return Reply(sentences + extra, place_ids=[pid]) if sentences else self._where_is(q)
        if place.transport and place.transport.mode != "walk":
            sentences = [self._transit_sentence(place, lang, name)]
            loc = self._location_sentence(pid, lang, name)
            if loc:
                sentences.insert(0, loc)
            sentences += self._on_foot_sentence(place, lang)
            return Reply(sentences, place_ids=[pid])
        if place.walk_min is not None:
            first = self._say(lang, F.WalkableNoTransit(pid, place.walk_min), name)
            return Reply([first] + self._route_sentences(pid, lang, name, q.origin_id)[:1], place_ids=[pid])
        return self._where_is(q)

    def _yes_no_category(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        name = self._names(lang)
        place = self.kb.get(pid)
        has = [c for c in q.categories if c in place.category]
        if has and place.kind == "building" and place.category.index(has[0]) > 0:
            frame = F.HasCategory(pid, has[0])
        elif has:
            frame = F.IsCategory(pid, has[0])
        else:
            frame = F.IsNotCategory(pid, q.categories[0])
        first = self._say(lang, frame, name)
        loc = self._location_sentence(pid, lang, name)
        return Reply([first] + ([loc] if loc else []), place_ids=[pid])

    def _category_near(self, q: Query) -> Reply:
        lang = q.language
        name = self._names(lang)
        ref = q.place_ids[0] if q.place_ids else (q.origin_id or self.robot_location)
        graph_minutes = self.graph.minutes_from(ref)
        ranked = sorted(((self._distance(ref, p.id, graph_minutes), p.id) for p in self.kb.places.values()
                         if set(q.categories) & set(p.category)), key=lambda x: (x[0] is None, x[0] or 0))
        ranked = [(d, pid) for d, pid in ranked if d is not None][:3]
        category = q.categories[0]
        if not ranked:
            return Reply([self._say(lang, F.NoneOfCategoryNear(ref, category), name), self._help_line(lang)],
                         place_ids=[ref], grounded=False, abstained=True)
        best = ranked[0][1]
        here = best == ref
        sentences = [self._say(lang, F.CategoryHere(ref, category) if here else
                               F.NearestOfCategory(ref, category, best), name)]
        if not here:
            sentences += self._describe(best, lang, name, with_route=False)[:1]
        others = tuple(pid for _, pid in ranked[1:])
        if others:
            # From the gate the walks are measured facts, so each one comes with its minutes.
            walks = tuple(self.kb.get(o).walk_min for o in others) if ref == self.kb.origin else ()
            sentences.append(self._say(lang, F.AlsoThere(others, walks), name))
        return Reply(sentences, place_ids=[pid for _, pid in ranked])

    def _distance(self, a: str, b: str, graph_minutes: dict[str, int]) -> int | None:
        """Walking minutes from `a` used only to rank candidates, never stated."""
        if a == b:
            return 0
        if b in graph_minutes:
            return graph_minutes[b]
        pa, pb = self.kb.get(a), self.kb.get(b)
        if pa.walk_min is None or pb.walk_min is None:
            return None
        return pa.walk_min + pb.walk_min if pa.zone == "campus" and a != self.kb.origin else pb.walk_min
