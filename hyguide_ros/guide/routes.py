"""Route sentences: the way from the gate (or from a start on the way) on foot, by bus or by subway,
as the knowledge base's route steps and the walking graph give it."""
from __future__ import annotations

from ..knowledge import Place
from ..knowledge.schema import RouteStep
from ..knowledge.spoken import josa
from .wording import (
    _KO_THEN,
    RELATION_PHRASES,
    Wording,
    _a_minute,
    _bus_en,
    _join_en,
    _spoken_landmarks,
)


class RouteSentences(Wording):
    def _route_sentences(self, pid: str, lang: str, name, origin_id: str | None = None) -> list[str]:
        place = self.kb.get(pid)
        start = origin_id or self.robot_location
        if place.zone == "campus" and pid in self.graph and start in self.graph:
            return self._graph_route(start, pid, lang, name)
        if place.transport and place.transport.mode != "walk":
            return self._transit_from(place, start, lang, name) or [self._transit_sentence(place, lang, name)]
        if not place.route:
            return []
        rest = self._steps_from(place.route, start)
        if rest == place.route:
            return [self._steps_sentence(rest, lang, name)]
        if len(rest) == 1 and rest[0].do == "arrive":       # from the building it is in, or the last landmark
            where = self._arrive_clause(rest[0], lang, name)
            return [f"{self._ko(pid, '은')} {where}" if lang == "ko" else f"{name(pid)} {where.removeprefix('it ')}"]
        text = self._steps_sentence(rest, lang, name)
        return [f"{self._ko(start)}에서 {text}" if lang == "ko" else f"From {name(start)}, {text[0].lower()}{text[1:]}"]

    def _transit_from(self, place: Place, start: str, lang: str, name) -> list[str]:
        """The way from a start on a bus or subway place's way: its station ("상왕십리역에서"), or a place
        one gets off at the same stop or exit for ("옷을입다 행당점에서 무학중학교": both walks from there)."""
        t = place.transport
        other = self.kb.get(start).transport
        if t.mode == "subway" and start == t.to_station:
            exit_part = f"{t.exit}번 출구로 나와 " if t.exit and lang == "ko" else f"leave by Exit {t.exit} and " if t.exit else ""
            if lang == "ko":
                walk = f"걸어서 약 {t.walk_after_min}분 가면 돼요." if t.walk_after_min else "가까이에 있어요."
                return [f"{self._ko(place.id, '은')} {self._ko(start)} {exit_part}{walk}"]
            walk = f"walk about {t.walk_after_min} minute{'s' if t.walk_after_min != 1 else ''}." \
                if t.walk_after_min else "it is close by."
            return [f"From {name(start)}, {exit_part}{walk}"]
        shared = other and other.mode == t.mode and (
            (t.mode == "bus" and other.alight_stop and other.alight_stop == t.alight_stop) or
            (t.mode == "subway" and other.to_station == t.to_station and other.exit == t.exit))
        if not shared or not t.walk_after_min or not other.walk_after_min:
            return []
        where = f"'{t.alight_stop}' 정류장" if t.mode == "bus" else f"{self.kb.get(t.to_station).name_ko} {t.exit}번 출구"
        where_en = f"the '{t.alight_stop}' stop" if t.mode == "bus" else f"Exit {t.exit} of {name(t.to_station)}"
        if lang == "ko":
            return [f"{self._ko(start, '과')} {self._ko(place.id)} 모두 {where}에서 가까워요: 거기서 걸어서 "
                    f"{self._ko(start, '은')} 약 {other.walk_after_min}분, {self._ko(place.id, '은')} 약 {t.walk_after_min}분이에요."]
        return [f"{name(start)} and {name(place.id)} are both near {where_en}: from there {name(start)} is about "
                f"{_a_minute(other.walk_after_min)} walk and {name(place.id)} about {_a_minute(t.walk_after_min)} walk."]

    @staticmethod
    def _steps_from(steps: tuple[RouteStep, ...], start: str) -> tuple[RouteStep, ...]:
        """The rest of a route from a place on it: a landmark passed, the station a subway ride ends
        at, or the building the place is in ("왕십리역에서 미샤 플러스": its floor). The whole route when
        the start is not on it."""
        for i, step in enumerate(steps):
            if (step.do == "pass" and step.landmark == start) or (step.do == "subway" and step.toward == start):
                return steps[i + 1:] or steps
            if step.do == "arrive" and step.landmark == start and step.relation == "in":
                return (step,)
        return steps

    def _graph_route(self, start: str, goal: str, lang: str, name) -> list[str]:
        path = self.graph.shortest_path(start, goal)
        if path is None:
            return []
        from_gate = start == self.kb.origin
        # From the gate, the knowledge base's own route is the one people walk; elsewhere the graph's.
        middle = self._landmarks_passed(goal, 4) if from_gate else []
        middle = middle or _spoken_landmarks(list(path.place_ids[1:-1]), 4)
        direction = None if middle else self._direction_of(goal, start)
        if lang == "ko":
            start_ko = self._origin_phrase("ko", name) if from_gate else self._ko(start, code=True)
            if middle:
                via = [self.kb.get(p).name_ko for p in middle]
                via[-1] = josa(via[-1], "을")
                first = f"{start_ko}에서 출발해 {', '.join(via)} 지나면 {self._ko(goal, '이', code=True)} 나와요."
            elif direction:
                first = (f"{self._ko(goal, '은', code=True)} {josa(start_ko, '의')} {RELATION_PHRASES[direction][0]}에 "
                         f"있어서 바로 보여요.")
            else:
                first = f"{start_ko}에서 바로 {self._ko(goal, '이', code=True)} 보여요."
        else:
            start_en = self._origin_phrase("en", name) if from_gate else name(start, code=True)
            if middle:
                first = f"From {start_en}, go past {_join_en([name(p) for p in middle])} to reach {name(goal, code=True)}."
            elif direction:
                first = f"{name(goal, code=True)} is {RELATION_PHRASES[direction][1]} {start_en}, in sight."
            else:
                first = f"{name(goal, code=True)} is right by {start_en}."
        if direction and not from_gate:      # in sight of each other: no walk to measure
            return [first]
        return [first, self._walk_minutes_sentence(start, goal, lang, name)]

    def _walk_minutes_sentence(self, start: str, goal: str, lang: str, name) -> str:
        """Minutes of a walk. The knowledge base measures walks from the gate only, so a walk between
        two other places is told as the two measured walks, never as a made-up difference."""
        goal_min, start_min = self.kb.get(goal).walk_min, self.kb.get(start).walk_min
        if start == self.kb.origin:
            return f"걸어서 약 {goal_min}분 걸려요." if lang == "ko" else f"It is about {_a_minute(goal_min)} walk."
        origin = self._origin_phrase(lang, name)
        if not start_min:        # the start is at the gate (a station exit, the gate itself)
            return (f"{self._ko(goal, '은')} {origin}에서 걸어서 약 {goal_min}분 거리예요." if lang == "ko"
                    else f"{name(goal)} is about {_a_minute(goal_min)} walk from {origin}.")
        if lang == "ko":
            return (f"{origin}에서 걸어서 {self._ko(start, '은')} 약 {start_min}분, {self._ko(goal, '은')} "
                    f"약 {goal_min}분 거리예요.")
        return f"From {origin}, {name(start)} is about {_a_minute(start_min)} walk and {name(goal)} about {goal_min} minutes."

    def _steps_sentence(self, steps: tuple[RouteStep, ...], lang: str, name) -> str:
        clauses = [self._step_clause(s, lang, name) for s in steps]
        clauses = [c for c in clauses if c]
        if lang == "ko":
            if len(clauses) >= 2:
                for plain, then in _KO_THEN:
                    if clauses[-2].endswith(plain):
                        clauses[-2] = clauses[-2][: -len(plain)] + then
                        break
            return " ".join(clauses)
        text = ", then ".join(clauses)
        return text[0].upper() + text[1:]

    def _step_clause(self, s: RouteStep, lang: str, name) -> str:
        kb = self.kb
        ko = lambda pid: kb.get(pid).name_ko  # noqa: E731
        if s.do == "cross_to_exit":
            st = kb.get(s.station)
            return (f"{st.name_ko} {s.from_exit}번 출구로 나와 {s.to_exit}번 출구 방향으로 길을 건넌 뒤"
                    if lang == "ko" else
                    f"come out of Exit {s.from_exit} of {name(st.id)} and cross to the Exit {s.to_exit} side")
        if s.do == "straight":
            dist = f" 약 {s.distance_m}m" if s.distance_m else ""
            return (f"{ko(s.toward)} 방향으로{dist} 직진하고" if lang == "ko" else
                    f"walk straight{' about ' + str(s.distance_m) + ' m' if s.distance_m else ''} "
                    f"toward {name(s.toward)}")
        if s.do == "turn":
            side = {"right": ("오른쪽", "right"), "left": ("왼쪽", "left")}[s.direction or "right"]
            return (f"{ko(s.landmark)}에서 {side[0]}으로 돌아" if lang == "ko" else
                    f"turn {side[1]} at {name(s.landmark)}")
        if s.do == "pass":
            return f"{josa(ko(s.landmark), '을')} 지나" if lang == "ko" else f"go past {name(s.landmark)}"
        if s.do == "enter":
            dist = f" 약 {s.distance_m}m" if s.distance_m else ""
            return (f"{ko(s.landmark)} 안으로{dist} 들어가" if lang == "ko" else
                    f"go{' about ' + str(s.distance_m) + ' m' if s.distance_m else ''} into {name(s.landmark)}")
        if s.do == "through_campus":
            via = [ko(p) for p in s.via]
            if lang == "ko":
                via[-1] = josa(via[-1], "을")
                return f"{self._origin_phrase('ko', name)}에서 캠퍼스 안으로 들어가 {', '.join(via)} 지나"
            return f"from {self._origin_phrase('en', name)} walk through campus past {_join_en([name(p) for p in s.via])}"
        if s.do == "exit_gate":
            return f"{josa(ko(s.landmark), '으로')} 나가" if lang == "ko" else f"leave by {name(s.landmark)}"
        if s.do == "cross":
            return f"{ko(s.toward)} 쪽으로 길을 건너" if lang == "ko" else f"cross toward {name(s.toward)}"
        if s.do == "subway":
            return (f"{ko(s.station)}에서 지하철 {s.line}호선을 타고 {ko(s.toward)}에서 내려" if lang == "ko" else
                    f"take subway Line {s.line} from {name(s.station)} to {name(s.toward)}")
        if s.do == "exit":
            walk = f" 걸어서 약 {s.walk_min}분 가면" if s.walk_min else ""
            return (f"{s.exit}번 출구로 나와{walk}" if lang == "ko" else
                    f"leave by Exit {s.exit}{f' and walk about {s.walk_min} minute' + ('s' if s.walk_min != 1 else '') if s.walk_min else ''}")
        if s.do == "start":
            return ""
        return self._arrive_clause(s, lang, name)

    def _arrive_clause(self, s: RouteStep, lang: str, name) -> str:
        lm = s.landmark
        if lang == "ko":
            n = self.kb.get(lm).name_ko
            if s.relation == "in":
                return f"{n} 건물 {self._floor_words(s.floor, 'ko', s.floor_top)}에 있어요." if s.floor is not None \
                    else f"{n} 안에 있어요."
            return {"opposite": f"{n} 맞은편에 있어요.", "near": f"{n} 근처에 있어요.",
                    "uphill": f"{josa(n, '을')} 끼고 언덕을 오르면 나와요.", "left_side": f"{josa(n, '을')} 지나 왼편에 있어요.",
                    "outside": f"{n} 건물 {self._floor_words(s.floor or 1, 'ko')} 바깥쪽에 있어요."}.get(
                        s.relation or "", f"{n}에 도착해요.")
        if s.relation == "in":
            where = f"on {self._floor_words(s.floor, 'en', s.floor_top)} of {name(lm)}" if s.floor is not None \
                else f"inside {name(lm)}"
            return f"it is {where}."
        return {"opposite": f"it is opposite {name(lm)}.", "near": f"it is near {name(lm)}.",
                "uphill": f"it is up the hill by {name(lm)}.", "left_side": f"it is on the left past {name(lm)}.",
                "outside": f"it is outside {name(lm)} on {self._floor_words(s.floor or 1, 'en')}."}.get(
                    s.relation or "", f"you arrive at {name(lm)}.")

    def _transit_sentence(self, place: Place, lang: str, name) -> str:
        t = place.transport
        walk = t.walk_after_min
        if t.mode == "bus":
            exit_no = t.board_exit.exit if t.board_exit else 1
            station = self.kb.get(t.board_exit.station if t.board_exit else "stn_hanyang")
            if lang == "ko":
                buses = ", ".join(f"{b}번" for b in t.buses)
                tail = f" 걸어서 약 {walk}분 가면 돼요." if walk else " 가까이에 있어요."
                return (f"{station.name_ko} {exit_no}번 출구로 나와 '{t.board_stop}' 정류장에서 {buses} 버스를 타고 "
                        f"'{t.alight_stop}' 정류장에서 내린 뒤{tail}")
            buses = _join_en([_bus_en(b) for b in t.buses]).replace(" and ", " or ")
            tail = f" and walk about {walk} minute{'s' if walk != 1 else ''}." if walk else "; it is close by."
            return (f"Leave {name(station.id)} by Exit {exit_no}, take bus {buses} from the '{t.board_stop}' stop, "
                    f"get off at '{t.alight_stop}'{tail}")
        to = self.kb.get(t.to_station)
        frm = self.kb.get(t.from_station or "stn_hanyang")
        if lang == "ko":
            exit_part = f" {t.exit}번 출구로 나와" if t.exit else ""
            tail = f" 걸어서 약 {walk}분 가면 돼요." if walk else " 가까이에 있어요."
            return f"{frm.name_ko}에서 지하철 {t.line}호선을 타고 {to.name_ko}에서 내려{exit_part}{tail}"
        exit_part = f", leave by Exit {t.exit}" if t.exit else ""
        tail = f" and walk about {walk} minute{'s' if walk != 1 else ''}." if walk else "; it is close by."
        return f"Take subway Line {t.line} from {name(frm.id)} to {name(to.id)}{exit_part}{tail}"
