"""Sentences about one place: where it is from the gate, its neighbours, what it has, its stop and lines."""
from __future__ import annotations

from ...knowledge import Place
from .. import frames as F
from .routes import RouteSentences


class PlaceSentences(RouteSentences):
    def _location_sentence(self, pid: str, lang: str, name) -> str | None:
        """Where a place is, measured from the origin gate."""
        place = self.kb.get(pid)
        if place.id == self.kb.origin:
            return None
        if place.walk_min == 0 and place.zone != "mid":
            frame = F.AtGate(pid)
        elif place.walk_min is not None and place.zone != "mid":
            past = tuple(self._landmarks_passed(pid, 3)) if place.zone == "campus" else ()
            frame = F.WalkFromGatePast(pid, self._walk_span(pid), past)
        elif place.zone == "mid" and place.distance_m:
            frame = F.OffCampus(pid, place.distance_m, "stn_hanyang")
        elif place.access:
            frame = F.StationExit(pid, place.access.station, place.access.exit, place.access.walk_min)
        else:
            return None
        return self._say(lang, frame, name)

    def _neighbors_sentence(self, pid: str, lang: str, name) -> str | None:
        around = self.kb.around(pid)
        return self._say(lang, F.Neighbours(tuple(around)), name) if around else None

    def _features_sentence(self, pid: str, lang: str) -> str | None:
        if not self.kb.get(pid).features:
            return None
        return self._say(lang, F.FeaturesOf(pid), self._names(lang))

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

    def _on_foot_sentence(self, place: Place, lang: str) -> list[str]:
        """For a place reached by bus or subway, the other way to go: on foot all the way."""
        if place.walk_min is None:
            return []
        return [self._say(lang, F.OnFoot(place.walk_min), self._names(lang))]

    def _stop_sentences(self, pid: str, lang: str, name) -> list[str]:
        """A bus stop (a landmark known as one, or the stop named after a place): the bus that goes
        there and what is near it, from those places' facts (the places one gets off there for first)."""
        place = self.kb.get(pid)
        served = [p for p in self.kb.places.values() if p.transport and p.transport.alight_stop == place.name_ko]
        near = [p.id for p in served if p.id != pid and p.kind == "place"] + \
            [p.id for p in self.kb.places.values() if p.id != pid and p.kind == "place" and p not in served
             and any(pid in s.place_ids() for s in p.route)]
        near = near[:3]
        frames = []
        if served:
            t = served[0].transport
            buses = tuple(sorted({b for p in served for b in p.transport.buses}))
            frames.append(F.StopReachedBy(pid, buses, t.board_stop, "stn_hanyang", t.board_exit.exit))
        if near:
            frames.append(F.PlacesNear(pid, tuple(near)))
        return [self._say(lang, f, name) for f in frames]

    def _lines_sentence(self, place: Place, lang: str, name) -> str:
        return self._say(lang, F.StationLines(place.id), name)
