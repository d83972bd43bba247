"""Sentences about one place: where it is from the gate, its neighbours, what it has, its stop and lines."""
from __future__ import annotations

from ..knowledge import Place
from ..knowledge.spoken import josa
from .routes import RouteSentences
from .wording import (
    DIRECTION_PHRASES,
    INVERSE_DIRECTION,
    _a,
    _a_minute,
    _bus_en,
    _join_en,
    _km,
    _with_article,
)


class PlaceSentences(RouteSentences):
    def _location_sentence(self, pid: str, lang: str, name) -> str | None:
        """Where a place is, measured from the origin gate."""
        place = self.kb.get(pid)
        origin = self._origin_phrase(lang, name)
        if place.id == self.kb.origin:
            return None
        if place.walk_min == 0 and place.zone != "mid":
            return (f"{self._ko(pid, '은', code=True)} {origin} 바로 앞에 있어요." if lang == "ko"
                    else f"{name(pid, code=True)} is right at {origin}.")
        if place.walk_min is not None and place.zone != "mid":
            via = self._landmarks_passed(pid, 3) if place.zone == "campus" else []
            if lang == "ko":
                past = f" {', '.join(self.kb.get(v).name_ko for v in via[:-1])}{', ' if via[:-1] else ''}" \
                       f"{josa(self.kb.get(via[-1]).name_ko, '을')} 지나" if via else ""
                return f"{self._ko(pid, '은', code=True)} {origin}에서{past} 걸어서 약 {self._walk_span(pid)}분 거리에 있어요."
            past = f", past {_join_en([name(v) for v in via])}" if via else ""
            return f"{name(pid, code=True)} is about {_a_minute(self._walk_span(pid))} walk from {origin}{past}."
        if place.zone == "mid" and place.distance_m:
            cat = self._categories(place, lang, 1)
            if lang == "ko":
                return f"{self._ko(pid, '은')} 캠퍼스 밖의 {cat} 장소로, {self.kb.get('stn_hanyang').name_ko}에서 " \
                       f"{_km(place.distance_m, 'ko')} 떨어져 있어요."
            return f"{name(pid)} is {_a(cat)} place off campus, {_km(place.distance_m, 'en')} from " \
                   f"{name('stn_hanyang')}."
        if place.access:
            station = self.kb.get(place.access.station)
            if lang == "ko":
                when = "바로 이어져 있어요" if not place.access.walk_min else f"걸어서 약 {place.access.walk_min}분이에요"
                return f"{self._ko(pid, '은')} {station.name_ko} {place.access.exit}번 출구에서 {when}."
            when = ("connects directly to" if not place.access.walk_min
                    else f"is about {_a_minute(place.access.walk_min)} walk from")
            return f"{name(pid)} {when} Exit {place.access.exit} of {name(station.id)}."
        return None

    def _neighbors(self, pid: str, limit: int = 2, reverse: int = 2) -> list[tuple[str, str]]:
        """(place id, direction) around `pid`: its own nearest neighbours, then places that list it
        as theirs (the direction turned round), so a building is found from either side."""
        place = self.kb.get(pid)
        out = [(n.place_id, n.direction) for n in place.neighbors[:limit]]
        for other in self.kb.places.values():
            if len(out) >= limit + reverse:
                break
            seen_from_other = next((n.direction for n in other.neighbors if n.place_id == pid), None)
            if seen_from_other and other.id != pid and other.id not in {o for o, _ in out}:
                out.append((other.id, INVERSE_DIRECTION.get(seen_from_other, "nearby")))
        return out

    def _neighbors_sentence(self, pid: str, lang: str, name) -> str | None:
        parts = [(p, DIRECTION_PHRASES[d]) for p, d in self._neighbors(pid)]
        if not parts:
            return None
        # Neighbours carry their building numbers: the signs on campus show them.
        if lang == "ko":
            def short(p: str) -> str:
                code = self.kb.get(p).building_code
                return self.kb.get(p).name_ko + (f"({code}관)" if code else "")
            listed = [f"{ko} {short(p)}" for p, (ko, _) in parts]
            listed[-1] += josa(short(parts[-1][0]), "이")[len(short(parts[-1][0])):]
            return f"가까운 곳으로는 {', '.join(listed)} 있어요."
        listed = [f"{name(p, code=True)} is {en}" for p, (_, en) in parts]
        return "Nearby, " + _join_en(listed) + "."

    def _features_sentence(self, pid: str, lang: str) -> str | None:
        place = self.kb.get(pid)
        if not place.features:
            return None
        if lang == "ko":
            items = [f.ko for f in place.features]
            return f"{', '.join(items[:-1] + [josa(items[-1], '이')])} 있는 곳이에요." if place.kind == "building" \
                else items[0]
        items = [f.en for f in place.features]
        return f"It has {_join_en([_with_article(i) for i in items])}." if place.kind == "building" else items[0]

    def _describe(self, pid: str, lang: str, name, with_route: bool) -> list[str]:
        """Two or three sentences that say where a place is (shared by several intents)."""
        place = self.kb.get(pid)
        out = [s for s in (self._location_sentence(pid, lang, name),) if s]
        if place.zone == "campus":
            out += [s for s in (self._neighbors_sentence(pid, lang, name),) if s]
        elif place.zone == "near" and with_route and place.route:
            out.append(self._steps_sentence(place.route, lang, name))
        elif place.zone == "mid" and place.transport:
            out.append(self._transit_sentence(place, lang, name))
            out += self._on_foot_sentence(place, lang)
        if not out:
            feat = self._features_sentence(pid, lang)
            out += [feat] if feat else []
        return out

    @staticmethod
    def _on_foot_sentence(place: Place, lang: str) -> list[str]:
        """For a place reached by bus or subway, the other way to go: on foot all the way."""
        if place.walk_min is None:
            return []
        return [f"걸어서 가면 약 {place.walk_min}분 걸려요." if lang == "ko"
                else f"On foot it takes about {place.walk_min} minutes."]

    def _stop_sentences(self, pid: str, lang: str, name) -> list[str]:
        """A bus stop (a landmark known as one, or the stop named after a place): the bus that goes
        there and what is near it, from those places' facts (the places one gets off there for first)."""
        place = self.kb.get(pid)
        served = [p for p in self.kb.places.values() if p.transport and p.transport.alight_stop == place.name_ko]
        near = [p.id for p in served if p.id != pid and p.kind == "place"] + \
            [p.id for p in self.kb.places.values() if p.id != pid and p.kind == "place" and p not in served
             and any(pid in s.place_ids() for s in p.route)]
        near = near[:3]
        out = []
        if served:
            t = served[0].transport
            buses = sorted({b for p in served for b in p.transport.buses})
            if lang == "ko":
                out.append(f"'{place.name_ko}' 정류장은 {self.kb.get('stn_hanyang').name_ko} {t.board_exit.exit}번 출구 앞 "
                           f"'{t.board_stop}' 정류장에서 {', '.join(b + '번' for b in buses)} 버스를 타고 갈 수 있어요.")
            else:
                out.append(f"The '{place.name_ko}' stop ({place.name_en}) is reached by bus "
                           f"{_join_en([_bus_en(b) for b in buses]).replace(' and ', ' or ')} from the "
                           f"'{t.board_stop}' stop at Exit {t.board_exit.exit} of {name('stn_hanyang')}.")
        if near:
            names = [self.kb.get(p).name_ko for p in near] if lang == "ko" else [name(p) for p in near]
            out.append(f"{place.name_ko} 가까이에는 {', '.join(names)} 같은 곳이 있어요." if lang == "ko"
                       else f"Places near {name(pid)} include {_join_en(names)}.")
        return out

    def _lines_sentence(self, place: Place, lang: str, name) -> str:
        lines = [f"{ln}호선" if ln.isdigit() else ln for ln in place.lines]
        if lang == "ko":
            return f"{josa(place.name_ko, '은')} 지하철 {', '.join(lines)} 역이에요."
        en = [f"Line {ln}" if ln.isdigit() else ln for ln in place.lines]
        return f"{name(place.id)} is a subway station on {_join_en(en)}."
