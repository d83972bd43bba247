"""Compose spoken answers from knowledge-base facts (templates, always available).

Every number and place name in a composed answer comes from the knowledge base; when no fact
supports an answer, the reply says so (모르겠습니다 / I don't know) and offers likely places.
English replies add the Korean name at the first mention of a place, because campus signs are
in Korean.
"""
from __future__ import annotations


from ..knowledge.spoken import josa
from .abstentions import Abstentions
from .place_sentences import PlaceSentences
from .transit import TransitAnswers
from .understanding import Query
from .wording import (
    RELATION_PHRASES,
    Reply,
    _a,
    _a_minute,
    _join_en,
    _with_article,
)


class Composer(PlaceSentences, TransitAnswers, Abstentions):
    """Query -> Reply: one handler per intent, built from the sentence builders it inherits
    (wording.py, routes.py, place_sentences.py, abstentions.py)."""

    # ------------------------------------------------------------------ entry point
    def compose(self, q: Query) -> Reply:
        lang = q.language
        if q.intent == "greeting":
            return Reply([{"ko": "안녕하세요! 한양대학교 캠퍼스 안내 로봇이에요.",
                           "en": "Hello! I am the Hanyang University campus guide robot."}[lang],
                          self._help_line(lang)], grounded=False)
        if q.intent == "help":
            return Reply([{"ko": "저는 한양대학교 건물과 주변 장소를 안내해요.",
                           "en": "I can tell you about Hanyang University buildings and places nearby."}[lang],
                          self._help_line(lang)], grounded=False)
        if q.intent == "unsupported_fact":
            return self._unsupported(q)
        if q.ambiguous:
            return self._ask_back(q)
        if q.intent == "category_near":
            return self._category_near(q)
        if q.intent == "transit" and not q.place_ids:
            return self._transit_general(q)
        if not q.place_ids:
            return self._unknown(q)
        handler = getattr(self, "_" + q.intent, None)
        if handler is None:
            return self._unknown(q)
        return handler(q)

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
            sentences.append(f"{self._ko(pid)}까지는 {self._origin_phrase('ko', name)}에서 걸어서 약 {place.walk_min}분 "
                             f"걸려요." if lang == "ko" else
                             (f"{name(pid)} is about {_a_minute(place.walk_min)} walk in all." if not q.origin_id
                              else f"From {self._origin_phrase(lang, name)}, {name(pid)} is about "
                                   f"{_a_minute(place.walk_min)} walk in all."))
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
        origin = self._origin_phrase(lang, name)
        if lang == "ko":
            first = f"{self._ko(pid, code=True)}까지는 {origin}에서 걸어서 약 {self._walk_span(pid)}분 걸려요."
        else:
            first = f"{name(pid, code=True)} is about {_a_minute(self._walk_span(pid))} walk from {origin}."
        sentences = [first]
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
            f = place.floors
            if lang == "ko":
                below = f", 지하 {f.below}층으로 모두 {f.above + f.below}개 층인" if f.below else ""
                first = f"{self._ko(pid, '은', code=True)} 지상 {f.above}층{below} 건물이에요."
            elif f.below:
                first = (f"{name(pid, code=True)} has {f.above} floors above ground and {f.below} below: "
                         f"{f.above + f.below} floors in all.")
            else:
                first = f"{name(pid, code=True)} has {f.above} floor{'s' if f.above != 1 else ''}."
            walk = f"{self._origin_phrase(lang, name)}에서 걸어서 약 {place.walk_min}분 거리에 있어요." if lang == "ko" \
                else f"It is about {_a_minute(place.walk_min)} walk from {self._origin_phrase(lang, name)}."
            return Reply([first, walk] if place.walk_min is not None else [first], place_ids=[pid])
        if place.floors_note == "outdoor":
            first = (f"{self._ko(pid, '은', code=True)} 야외 시설이라 층이 없어요." if lang == "ko"
                     else f"{name(pid, code=True)} is an outdoor facility, so it has no floors.")
            return Reply([first] + ([loc] if loc else []), place_ids=[pid])
        inside = self._floor_in_building(place)
        if inside:
            floor, host = self._floor_words(inside.floor, lang, inside.floor_top), inside.landmark
            first = (f"{self._ko(pid, '은')} {self.kb.get(host).name_ko} 건물 {floor}에 있어요." if lang == "ko"
                     else f"{name(pid)} is on {floor} of {name(host)}.")
            return Reply([first] + ([loc] if loc else []), place_ids=[pid])
        first = (f"죄송하지만 {place.name_ko}의 층수는 제가 가진 자료에 없어서 모르겠습니다." if lang == "ko"
                 else f"Sorry, I don't know how many floors {name(pid)} has; it is not in my campus data.")
        return Reply([first] + ([loc] if loc else []), place_ids=[pid], abstained=True)

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
                    names = [self.kb.get(r).name_ko for r in same] if lang == "ko" else [name(r) for r in same]
                    sentences.append(f"같은 {self.kb.get(host).name_ko} 건물에는 {', '.join(names)}도 있어요."
                                     if lang == "ko" else f"{name(host)} also has {_join_en(names)}.")
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
        cat = self._categories(place, lang)
        sentences = []
        if place.features and place.kind == "building":
            items = [f.ko for f in place.features] if lang == "ko" else [f.en for f in place.features]
            sentences.append(f"{self._ko(pid, code=True)}에는 {', '.join(items[:-1] + [josa(items[-1], '이')])} "
                             f"있어요." if lang == "ko" else
                             f"{name(pid, code=True)} has {_join_en([_with_article(i) for i in items])}.")
            sentences.append(f"{cat} 용도의 건물이에요." if lang == "ko" else f"It is {_a(cat)} building.")
        else:
            sentences.append(f"{self._ko(pid, '은')} {cat} 장소예요." if lang == "ko" else f"{name(pid)} is {_a(cat)} place.")
            inside = self._floor_in_building(place)
            if inside:
                sentences.append(f"{self.kb.get(inside.landmark).name_ko} 건물 "
                                 f"{self._floor_words(inside.floor, 'ko', inside.floor_top)}에 있어요." if lang == "ko" else
                                 f"It is on {self._floor_words(inside.floor, 'en', inside.floor_top)} of {name(inside.landmark)}.")
        loc = self._location_sentence(pid, lang, name)
        if loc:
            sentences.append(loc)
        return Reply(sentences[:3], place_ids=[pid])

    def _category(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        name = self._names(lang)
        place = self.kb.get(pid)
        cat = self._categories(place, lang)
        first = (f"{self._ko(pid, '은', code=True)} {cat} 용도의 {'건물' if place.kind == 'building' else '장소'}이에요."
                 if lang == "ko" else f"{name(pid, code=True)} is {_a(cat)} {'building' if place.kind == 'building' else 'place'}.")
        sentences = [first]
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
        place = self.kb.get(pid)
        if place.building_code:
            first = (f"{self._ko(pid, '의')} 건물 번호는 {place.building_code}번이에요." if lang == "ko"
                     else f"The building number of {name(pid)} is {place.building_code}.")
        else:
            first = (f"{self._ko(pid, '은')} 캠퍼스 건물이 아니라서 건물 번호가 없어요." if lang == "ko"
                     else f"{name(pid)} is not a campus building, so it has no building number.")
        return Reply([first] + self._describe(pid, lang, name, with_route=False)[:2], place_ids=[pid])

    def _closer(self, q: Query) -> Reply:
        a, b = q.place_ids[:2]
        lang = q.language
        name = self._names(lang)
        pa, pb = self.kb.get(a), self.kb.get(b)
        if pa.walk_min is None or pb.walk_min is None:
            return self._no_fact(q, a if pa.walk_min is None else b)
        origin = self._origin_phrase(lang, name)
        if lang == "ko":
            first = (f"{origin}에서 걸어서 {self._ko(a, '은', code=True)} 약 {pa.walk_min}분, "
                     f"{self._ko(b, '은', code=True)} 약 {pb.walk_min}분 거리예요.")
        else:
            first = (f"From {origin}, {name(a, code=True)} is about {_a_minute(pa.walk_min)} walk and "
                     f"{name(b, code=True)} about {pb.walk_min} minutes.")
        if pa.walk_min == pb.walk_min:
            verdict = ("두 곳 모두 비슷한 거리예요." if lang == "ko" else "Both are about the same distance.")
        else:
            near, far = (a, b) if pa.walk_min < pb.walk_min else (b, a)
            pick = far if q.asks_farther else near
            verdict = (f"그래서 {self._ko(pick, '이')} 더 {'멀어요' if q.asks_farther else '가까워요'}." if lang == "ko"
                       else f"So {name(pick)} is {'farther' if q.asks_farther else 'closer'}.")
        return Reply([first, verdict], place_ids=[a, b])

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
        ko, en = RELATION_PHRASES[direction]
        first = (f"{self._ko(a, '은', code=True)} {self._ko(b, '의', code=True)} {ko}에 있어요." if lang == "ko"
                 else f"{name(a, code=True)} is {en} {name(b, code=True)}.")
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
        origin = self._origin_phrase(lang, name)
        if place.walk_min is not None:
            first = (f"{self._ko(pid, '은', code=True)} {origin}에서 걸어서 약 {place.walk_min}분 거리라서 "
                     f"버스나 지하철 없이 걸어가면 돼요." if lang == "ko" else
                     f"{name(pid, code=True)} is about {_a_minute(place.walk_min)} walk from {origin}, "
                     f"so you can walk there without a bus or subway.")
            return Reply([first] + self._route_sentences(pid, lang, name, q.origin_id)[:1], place_ids=[pid])
        return self._where_is(q)

    def _yes_no_category(self, q: Query) -> Reply:
        pid, lang = q.place_ids[0], q.language
        name = self._names(lang)
        place = self.kb.get(pid)
        asked = q.categories[0]
        asked_name = self.kb.category_name(asked, lang)
        has = [c for c in q.categories if c in place.category]
        if has and place.kind == "building" and place.category.index(has[0]) > 0:
            first = (f"네, {self._ko(pid)}에는 {josa(self.kb.category_name(has[0], 'ko'), '이')} 있어요."
                     if lang == "ko" else f"Yes, {name(pid)} has {_a(self.kb.category_name(has[0], 'en'))}.")
        elif has:
            first = (f"네, {self._ko(pid, '은')} {self.kb.category_name(has[0], 'ko')} 시설이에요." if lang == "ko"
                     else f"Yes, {name(pid)} is {_a(self.kb.category_name(has[0], 'en'))} facility.")
        else:
            actual = self._categories(place, lang)
            first = (f"아니요, {self._ko(pid, '은')} {asked_name} 시설이 아니라 {actual} 용도의 장소예요." if lang == "ko"
                     else f"No, {name(pid)} is not {_a(asked_name)} facility; it is {_a(actual)} place.")
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
        cat = self.kb.category_name(q.categories[0], lang)
        if not ranked:
            return Reply([f"죄송하지만 {self.kb.get(ref).name_ko} 근처의 {cat} 정보는 모르겠습니다." if lang == "ko"
                          else f"Sorry, I don't know of {_a(cat)} near {name(ref)}.", self._help_line(lang)],
                         place_ids=[ref], grounded=False, abstained=True)
        best = ranked[0][1]
        if lang == "ko":
            first = (f"{self._ko(ref)}에 바로 {josa(cat, '이')} 있어요." if best == ref else
                     f"{self.kb.get(ref).name_ko} 근처의 {josa(cat, '으로')}는 {self._ko(best, '이')} 가장 가까워요.")
        else:
            first = (f"{name(ref)} itself has {_a(cat)}." if best == ref else
                     f"The nearest {cat} to {name(ref)} is {name(best)}.")
        sentences = [first]
        if best != ref:
            sentences += self._describe(best, lang, name, with_route=False)[:1]
        others = [pid for _, pid in ranked[1:]]
        if others:
            # From the gate the walks are measured facts, so each one comes with its minutes.
            walks = {o: self.kb.get(o).walk_min for o in others} if ref == self.kb.origin else {}
            if lang == "ko":
                names = [self.kb.get(o).name_ko + (f"(걸어서 약 {walks[o]}분)" if walks.get(o) else "") for o in others]
                sentences.append(f"그 밖에 {', '.join(names)}도 있어요.")
            else:
                names = [name(o) + (f", about {walks[o]} minutes on foot" if walks.get(o) else "") for o in others]
                sentences.append(f"There is also {('; ' if walks else ', ').join(names[:-1])}"
                                 f"{' and ' if len(names) > 1 else ''}{names[-1]}.")
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
