"""Frames in English. The reply's namer adds the Korean name (and building number where asked) at a
place's first mention, because campus signs are in Korean."""
from __future__ import annotations

from ....knowledge.schema import RouteStep
from ... import frames as F
from ...frames import Namer, Renderer
from .grammar import a_minute, a_or_an, bus_name, join_and, ordinal, with_article

# Where a neighbour lies, as an adverbial phrase; where a place lies relative to another.
DIRECTIONS = {"right": "to the right", "left": "to the left", "front": "in front", "behind": "behind it",
              "uphill": "up the hill", "downhill": "down the hill", "beside": "next to it",
              "right_beside": "right next to it", "nearby": "nearby", "upper_right": "up to the right",
              "lower_right": "down to the right", "toward": "in that direction", "far": "a little farther away"}
RELATIONS = {"right": "to the right of", "left": "to the left of", "front": "in front of", "behind": "behind",
             "uphill": "up the hill from", "downhill": "down the hill from", "beside": "next to",
             "right_beside": "right next to", "nearby": "near", "upper_right": "up and to the right of",
             "lower_right": "down and to the right of", "toward": "on the way to", "far": "a little farther away from"}


class EnglishRenderer(Renderer):
    language = "en"

    CANNED = {
        "greeting": "Hello! I am the Hanyang University campus guide robot.",
        "introduction": "I can tell you about Hanyang University buildings and places nearby.",
        "help_line": ("Ask me things like 'Where is Hanyang Plaza?', 'How do I get to the library?' "
                      "or 'Is there a cafe nearby?'."),
        "same_distance": "Both are about the same distance.",
        "ask_the_goal": "Tell me where you are going and I will give you the bus and the stop to get off at.",
        "dont_know_that": "Sorry, I don't know the answer to that.",
        "only_this_campus": "I can only help with places on and around the Hanyang University campus.",
        "dont_know_place": "Sorry, I don't know that place. It is not in my campus map.",
        "which_one": "Which one do you mean?",
        "what_i_can_tell": "I can tell you where it is, how to get there, its floors and what is nearby.",
    }

    def canned(self, f: F.Canned, name: Namer) -> str:
        return self.CANNED[f.what]

    def namer(self) -> Namer:
        seen: set[str] = set()

        def name(pid: str, code: bool = False) -> str:
            place = self.kb.get(pid)
            extra = [place.name_ko] if pid not in seen and place.name_ko != place.name_en else []
            seen.add(pid)
            if code and place.building_code:
                extra.append(f"Building {place.building_code}")
            return place.name_en + (f" ({', '.join(extra)})" if extra else "")
        return name

    def _gate(self, name: Namer) -> str:
        """The gate walks are measured from, with the station exit it is."""
        origin = self.kb.origin_place
        if origin.access and not self.spoken:
            return f"{name(origin.id)}, Exit {origin.access.exit} of {name(origin.access.station)}"
        return name(origin.id)

    def _kinds(self, place, limit: int = 2) -> str:
        return " and ".join(self._category(c) for c in place.category[:limit])

    @staticmethod
    def _floor(floor: int, top: int | None = None) -> str:
        if top is not None and top != floor and floor > 0:          # a shop on two floors
            return f"the {ordinal(floor)} and {ordinal(top)} floors"
        return f"basement level {-floor}" if floor < 0 else f"the {ordinal(floor)} floor"

    @staticmethod
    def _km(meters: int) -> str:
        return f"about {f'{meters / 1000:.1f}'.rstrip('0').rstrip('.')} km"

    def _category(self, key: str) -> str:
        return self.kb.category_name(key, "en")

    # ------------------------------------------------------------ walks and floors
    def walk_from_gate(self, f: F.WalkFromGate, name: Namer) -> str:
        gate = self._gate(name)
        return f"{name(f.place, code=f.code)} is about {a_minute(f.minutes)} walk from {gate}."

    def walk_in_all(self, f: F.WalkInAll, name: Namer) -> str:
        if f.from_gate_said:
            return f"From {self._gate(name)}, {name(f.place)} is about {a_minute(f.minutes)} walk in all."
        return f"{name(f.place)} is about {a_minute(f.minutes)} walk in all."

    def its_walk(self, f: F.ItsWalk, name: Namer) -> str:
        return f"It is about {a_minute(f.minutes)} walk from {self._gate(name)}."

    def floor_count(self, f: F.FloorCount, name: Namer) -> str:
        if f.below:
            return (f"{name(f.place, code=True)} has {f.above} floors above ground and {f.below} below: "
                    f"{f.above + f.below} floors in all.")
        return f"{name(f.place, code=True)} has {f.above} floor{'s' if f.above != 1 else ''}."

    def outdoor(self, f: F.Outdoor, name: Namer) -> str:
        return f"{name(f.place, code=True)} is an outdoor facility, so it has no floors."

    def floor_of(self, f: F.FloorOf, name: Namer) -> str:
        subject = name(f.place) if f.place else "It"
        return f"{subject} is on {self._floor(f.floor, f.top)} of {name(f.host)}."

    def floors_unknown(self, f: F.FloorsUnknown, name: Namer) -> str:
        return f"Sorry, I don't know how many floors {name(f.place)} has; it is not in my campus data."

    def same_building(self, f: F.SameBuilding, name: Namer) -> str:
        others = [name(p) for p in f.others]
        return f"{name(f.host)} also has {join_and(others)}."

    # ------------------------------------------------------------ where a place is
    def at_gate(self, f: F.AtGate, name: Namer) -> str:
        gate = self._gate(name)
        return f"{name(f.place, code=True)} is right at {gate}."

    def walk_from_gate_past(self, f: F.WalkFromGatePast, name: Namer) -> str:
        gate = self._gate(name)
        past = f", past {join_and([name(v) for v in f.past])}" if f.past else ""
        return f"{name(f.place, code=True)} is about {a_minute(f.minutes)} walk from {gate}{past}."

    def off_campus(self, f: F.OffCampus, name: Namer) -> str:
        kind = self._kinds(self.kb.get(f.place), 1)
        return f"{name(f.place)} is {a_or_an(kind)} place off campus, {self._km(f.distance_m)} from {name(f.station)}."

    def station_exit(self, f: F.StationExit, name: Namer) -> str:
        when = "connects directly to" if not f.minutes else f"is about {a_minute(f.minutes)} walk from"
        return f"{name(f.place)} {when} Exit {f.exit} of {name(f.station)}."

    def neighbours(self, f: F.Neighbours, name: Namer) -> str:
        listed = [f"{name(p, code=True)} is {DIRECTIONS[d]}" for p, d in f.around]
        return "Nearby, " + join_and(listed) + "."

    def features_of(self, f: F.FeaturesOf, name: Namer) -> str:
        place = self.kb.get(f.place)
        items = [feature.en for feature in place.features]
        return f"It has {join_and([with_article(i) for i in items])}." if place.kind == "building" else items[0]

    def on_foot(self, f: F.OnFoot, name: Namer) -> str:
        return f"On foot it takes about {f.minutes} minutes."

    def stop_reached_by(self, f: F.StopReachedBy, name: Namer) -> str:
        stop = self.kb.get(f.stop)
        buses = join_and([bus_name(b) for b in f.buses]).replace(" and ", " or ")
        return (f"The '{stop.name_ko}' stop ({stop.name_en}) is reached by bus {buses} from the "
                f"'{f.board_stop}' stop at Exit {f.exit} of {name(f.station)}.")

    def places_near(self, f: F.PlacesNear, name: Namer) -> str:
        near = [name(p) for p in f.near]
        return f"Places near {name(f.place)} include {join_and(near)}."

    def station_lines(self, f: F.StationLines, name: Namer) -> str:
        lines = [f"Line {ln}" if ln.isdigit() else ln for ln in self.kb.get(f.station).lines]
        return f"{name(f.station)} is a subway station on {join_and(lines)}."

    # ------------------------------------------------------------ ways
    def route_steps(self, f: F.RouteSteps, name: Namer) -> str:
        text = ", then ".join(c for c in (self._clause(s, name) for s in f.steps) if c)
        return text[0].upper() + text[1:]

    def steps_from(self, f: F.StepsFrom, name: Namer) -> str:
        text = self.route_steps(F.RouteSteps(f.steps), name)
        return f"From {name(f.start)}, {text[0].lower()}{text[1:]}"

    def arrive_at(self, f: F.ArriveAt, name: Namer) -> str:
        where = self._arrival(f.step, name)
        return f"{name(f.place)} {where.removeprefix('it ')}"

    def _clause(self, s: RouteStep, name: Namer) -> str:
        about_m = f" about {s.distance_m} m" if s.distance_m else ""
        if s.do == "cross_to_exit":
            return f"come out of Exit {s.from_exit} of {name(s.station)} and cross to the Exit {s.to_exit} side"
        if s.do == "straight":
            return f"walk straight{about_m} toward {name(s.toward)}"
        if s.do == "turn":
            return f"turn {'left' if s.direction == 'left' else 'right'} at {name(s.landmark)}"
        if s.do == "pass":
            return f"go past {name(s.landmark)}"
        if s.do == "enter":
            return f"go{about_m} into {name(s.landmark)}"
        if s.do == "through_campus":
            return f"from {self._gate(name)} walk through campus past {join_and([name(p) for p in s.via])}"
        if s.do == "exit_gate":
            return f"leave by {name(s.landmark)}"
        if s.do == "cross":
            return f"cross toward {name(s.toward)}"
        if s.do == "subway":
            return f"take subway Line {s.line} from {name(s.station)} to {name(s.toward)}"
        if s.do == "exit":
            return f"leave by Exit {s.exit}" + (f" and walk about {s.walk_min} {self._minutes(s.walk_min)}"
                                                if s.walk_min else "")
        if s.do == "start":
            return ""
        return self._arrival(s, name)

    @staticmethod
    def _minutes(n: int) -> str:
        return "minute" if n == 1 else "minutes"

    def _arrival(self, s: RouteStep, name: Namer) -> str:
        lm = s.landmark
        if s.relation == "in":
            where = f"on {self._floor(s.floor, s.floor_top)} of {name(lm)}" if s.floor is not None \
                else f"inside {name(lm)}"
            return f"it is {where}."
        return {"opposite": f"it is opposite {name(lm)}.", "near": f"it is near {name(lm)}.",
                "uphill": f"it is up the hill by {name(lm)}.", "left_side": f"it is on the left past {name(lm)}.",
                "outside": f"it is outside {name(lm)} on {self._floor(s.floor or 1)}."}.get(
                    s.relation or "", f"you arrive at {name(lm)}.")

    def transit_ride(self, f: F.TransitRide, name: Namer) -> str:
        t = self.kb.get(f.place).transport
        walk = t.walk_after_min
        tail = f" and walk about {walk} {self._minutes(walk)}." if walk else "; it is close by."
        if t.mode == "bus":
            station = t.board_exit.station if t.board_exit else "stn_hanyang"
            buses = join_and([bus_name(b) for b in t.buses]).replace(" and ", " or ")
            return (f"Leave {name(station)} by Exit {t.board_exit.exit if t.board_exit else 1}, take bus {buses} from "
                    f"the '{t.board_stop}' stop, get off at '{t.alight_stop}'{tail}")
        exit_part = f", leave by Exit {t.exit}" if t.exit else ""
        return (f"Take subway Line {t.line} from {name(t.from_station or 'stn_hanyang')} to {name(t.to_station)}"
                f"{exit_part}{tail}")

    def subway_from_start(self, f: F.SubwayFromStart, name: Namer) -> str:
        t = self.kb.get(f.place).transport
        exit_part = f"leave by Exit {t.exit} and " if t.exit else ""
        walk = f"walk about {t.walk_after_min} {self._minutes(t.walk_after_min)}." if t.walk_after_min \
            else "it is close by."
        return f"From {name(f.start)}, {exit_part}{walk}"

    def both_near_stop(self, f: F.BothNearStop, name: Namer) -> str:
        t, other = self.kb.get(f.place).transport, self.kb.get(f.start).transport
        where = f"the '{t.alight_stop}' stop" if t.mode == "bus" else f"Exit {t.exit} of {name(t.to_station)}"
        return (f"{name(f.start)} and {name(f.place)} are both near {where}: from there {name(f.start)} is about "
                f"{a_minute(other.walk_after_min)} walk and {name(f.place)} about {a_minute(t.walk_after_min)} walk.")

    def graph_route(self, f: F.GraphRoute, name: Namer) -> str:
        start = self._gate(name) if f.from_gate else name(f.start, code=True)
        if f.middle:
            return f"From {start}, go past {join_and([name(p) for p in f.middle])} to reach {name(f.goal, code=True)}."
        if f.direction:
            return f"{name(f.goal, code=True)} is {RELATIONS[f.direction]} {start}, in sight."
        return f"{name(f.goal, code=True)} is right by {start}."

    def just_walk(self, f: F.JustWalk, name: Namer) -> str:
        return f"It is about {a_minute(f.minutes)} walk."

    def subway_between(self, f: F.SubwayBetween, name: Namer) -> str:
        line = f"Line {f.line}" if f.line.isdigit() else f.line
        return f"From {name(f.start)}, take {line} to {name(f.goal)}."

    def subway_to_gate(self, f: F.SubwayToGate, name: Namer) -> str:
        access = self.kb.origin_place.access
        line = f"Line {f.line}" if f.line.isdigit() else f.line
        return (f"From {name(f.start)}, take {line} to {name(access.station)} and leave by Exit {access.exit}, "
                f"which is {name(self.kb.origin)}.")

    def no_way_from(self, f: F.NoWayFrom, name: Namer) -> str:
        return f"I don't know the way from {name(f.start)} to {name(f.goal)}."

    def goal_walk_from_gate(self, f: F.GoalWalkFromGate, name: Namer) -> str:
        gate = self._gate(name)
        return f"{name(f.place)} is about {a_minute(f.minutes)} walk from {gate}."

    # ------------------------------------------------------------ what a place is
    def has_features(self, f: F.HasFeatures, name: Namer) -> str:
        return f"{name(f.place, code=True)} has {join_and([with_article(en) for _, en in f.items])}."

    def building_use(self, f: F.BuildingUse, name: Namer) -> str:
        return f"It is {a_or_an(self._kinds(self.kb.get(f.place)))} building."

    def place_kind(self, f: F.PlaceKind, name: Namer) -> str:
        return f"{name(f.place)} is {a_or_an(self._kinds(self.kb.get(f.place)))} place."

    def category_of(self, f: F.CategoryOf, name: Namer) -> str:
        kind = "building" if f.building else "place"
        return f"{name(f.place, code=True)} is {a_or_an(self._kinds(self.kb.get(f.place)))} {kind}."

    def building_number(self, f: F.BuildingNumber, name: Namer) -> str:
        return f"The building number of {name(f.place)} is {f.code}."

    def no_building_number(self, f: F.NoBuildingNumber, name: Namer) -> str:
        return f"{name(f.place)} is not a campus building, so it has no building number."

    def has_category(self, f: F.HasCategory, name: Namer) -> str:
        return f"Yes, {name(f.place)} has {a_or_an(self._category(f.category))}."

    def is_category(self, f: F.IsCategory, name: Namer) -> str:
        return f"Yes, {name(f.place)} is {a_or_an(self._category(f.category))} facility."

    def is_not_category(self, f: F.IsNotCategory, name: Namer) -> str:
        actual = self._kinds(self.kb.get(f.place))
        return f"No, {name(f.place)} is not {a_or_an(self._category(f.asked))} facility; it is {a_or_an(actual)} place."

    # ------------------------------------------------------------ two places
    def two_walks(self, f: F.TwoWalks, name: Namer) -> str:
        return (f"From {self._gate(name)}, {name(f.a, code=f.code)} is about {a_minute(f.a_minutes)} walk and "
                f"{name(f.b, code=f.code)} about {f.b_minutes} minutes.")

    def closer(self, f: F.Closer, name: Namer) -> str:
        return f"So {name(f.place)} is {'farther' if f.farther else 'closer'}."

    def relation(self, f: F.Relation, name: Namer) -> str:
        return f"{name(f.a, code=True)} is {RELATIONS[f.direction]} {name(f.b, code=True)}."

    # ------------------------------------------------------------ transit
    def walkable_no_transit(self, f: F.WalkableNoTransit, name: Namer) -> str:
        gate = self._gate(name)
        return (f"{name(f.place, code=True)} is about {a_minute(f.minutes)} walk from {gate}, "
                f"so you can walk there without a bus or subway.")

    def bus_boarding(self, f: F.BusBoarding, name: Namer) -> str:
        where = f"the '{f.stop}' stop in front of Exit {f.exit} of {name(f.station)}"
        if f.buses:
            return f"Bus {join_and([bus_name(b) for b in f.buses])} leaves from {where}."
        return f"Buses leave from {where}."

    def bus_for(self, f: F.BusFor, name: Namer) -> str:
        stops = [f"'{s}'" for s in f.alight_stops]
        return f"Take it for {join_and([name(p) for p in f.places])}, and get off at {join_and(stops)}."

    def subway_lines(self, f: F.SubwayLines, name: Namer) -> str:
        return f"The subway there is Line {join_and(list(self.kb.get(f.station).lines))}."

    # ------------------------------------------------------------ kinds of place near another
    def none_of_category_near(self, f: F.NoneOfCategoryNear, name: Namer) -> str:
        return f"Sorry, I don't know of {a_or_an(self._category(f.category))} near {name(f.place)}."

    def category_here(self, f: F.CategoryHere, name: Namer) -> str:
        return f"{name(f.place)} itself has {a_or_an(self._category(f.category))}."

    def nearest_of_category(self, f: F.NearestOfCategory, name: Namer) -> str:
        return f"The nearest {self._category(f.category)} to {name(f.place)} is {name(f.nearest)}."

    def also_there(self, f: F.AlsoThere, name: Namer) -> str:
        walks = dict(zip(f.places, f.walks))
        names = [name(p) + (f", about {walks[p]} minutes on foot" if walks.get(p) else "") for p in f.places]
        return (f"There is also {('; ' if f.walks else ', ').join(names[:-1])}"
                f"{' and ' if len(names) > 1 else ''}{names[-1]}.")

    # ------------------------------------------------------------ abstentions and questions back
    def did_you_mean(self, f: F.DidYouMean, name: Namer) -> str:
        return f"Did you mean {join_and([name(p) for p in f.places]).replace(' and ', ' or ')}?"

    def many_match(self, f: F.ManyMatch, name: Namer) -> str:
        return f"{f.count} places match that name, among them {join_and([name(p, code=True) for p in f.shown])}."

    def matches(self, f: F.Matches, name: Namer) -> str:
        if f.minutes:
            listed = "; ".join(f"{name(p, code=True)}, about {m} minutes" for p, m in zip(f.places, f.minutes))
        else:
            listed = join_and([name(p, code=True) for p in f.places])
        return f"{len(f.places)} places match that name: {listed}."

    def all_about_as_far(self, f: F.AllAboutAsFar, name: Namer) -> str:
        return f"All are about {f.span.replace('~', ' to ')} minutes' walk from {self._gate(name)}."

    def these_are_walks(self, f: F.TheseAreWalks, name: Namer) -> str:
        return f"Those are the walks from {self._gate(name)}."

    def not_in_my_data(self, f: F.NotInMyData, name: Namer) -> str:
        if f.place:
            return f"Sorry, I don't know that about {name(f.place)}; it is not in my campus data."
        return "Sorry, I don't know that; it is not in my campus data."

    def no_fact_about(self, f: F.NoFactAbout, name: Namer) -> str:
        return f"Sorry, I don't know that about {name(f.place)}."
