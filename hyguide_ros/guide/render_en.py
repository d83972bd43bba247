"""Frames in English. The reply's namer adds the Korean name (and building number where asked) at a
place's first mention, because campus signs are in Korean."""
from __future__ import annotations

from . import frames as F
from .frames import Namer, Renderer
from .wording import RELATION_PHRASES, _a, _a_minute, _bus_en, _join_en, _with_article


class EnglishRenderer(Renderer):
    language = "en"

    def _gate(self, name: Namer) -> str:
        return self.w._origin_phrase("en", name)

    def _category(self, key: str) -> str:
        return self.kb.category_name(key, "en")

    # ------------------------------------------------------------ conversation
    def greeting(self, f: F.Greeting, name: Namer) -> str:
        return "Hello! I am the Hanyang University campus guide robot."

    def introduction(self, f: F.Introduction, name: Namer) -> str:
        return "I can tell you about Hanyang University buildings and places nearby."

    def help_line(self, f: F.HelpLine, name: Namer) -> str:
        return ("Ask me things like 'Where is Hanyang Plaza?', 'How do I get to the library?' "
                "or 'Is there a cafe nearby?'.")

    # ------------------------------------------------------------ walks and floors
    def walk_from_gate(self, f: F.WalkFromGate, name: Namer) -> str:
        gate = self._gate(name)
        return f"{name(f.place, code=f.code)} is about {_a_minute(f.minutes)} walk from {gate}."

    def walk_in_all(self, f: F.WalkInAll, name: Namer) -> str:
        if f.from_gate_said:
            return f"From {self._gate(name)}, {name(f.place)} is about {_a_minute(f.minutes)} walk in all."
        return f"{name(f.place)} is about {_a_minute(f.minutes)} walk in all."

    def its_walk(self, f: F.ItsWalk, name: Namer) -> str:
        return f"It is about {_a_minute(f.minutes)} walk from {self._gate(name)}."

    def floor_count(self, f: F.FloorCount, name: Namer) -> str:
        if f.below:
            return (f"{name(f.place, code=True)} has {f.above} floors above ground and {f.below} below: "
                    f"{f.above + f.below} floors in all.")
        return f"{name(f.place, code=True)} has {f.above} floor{'s' if f.above != 1 else ''}."

    def outdoor(self, f: F.Outdoor, name: Namer) -> str:
        return f"{name(f.place, code=True)} is an outdoor facility, so it has no floors."

    def floor_of(self, f: F.FloorOf, name: Namer) -> str:
        subject = name(f.place) if f.place else "It"
        return f"{subject} is on {self.w._floor_words(f.floor, 'en', f.top)} of {name(f.host)}."

    def floors_unknown(self, f: F.FloorsUnknown, name: Namer) -> str:
        return f"Sorry, I don't know how many floors {name(f.place)} has; it is not in my campus data."

    def same_building(self, f: F.SameBuilding, name: Namer) -> str:
        others = [name(p) for p in f.others]
        return f"{name(f.host)} also has {_join_en(others)}."

    # ------------------------------------------------------------ what a place is
    def has_features(self, f: F.HasFeatures, name: Namer) -> str:
        return f"{name(f.place, code=True)} has {_join_en([_with_article(en) for _, en in f.items])}."

    def building_use(self, f: F.BuildingUse, name: Namer) -> str:
        return f"It is {_a(self.w._categories(self.kb.get(f.place), 'en'))} building."

    def place_kind(self, f: F.PlaceKind, name: Namer) -> str:
        return f"{name(f.place)} is {_a(self.w._categories(self.kb.get(f.place), 'en'))} place."

    def category_of(self, f: F.CategoryOf, name: Namer) -> str:
        kind = "building" if f.building else "place"
        return f"{name(f.place, code=True)} is {_a(self.w._categories(self.kb.get(f.place), 'en'))} {kind}."

    def building_number(self, f: F.BuildingNumber, name: Namer) -> str:
        return f"The building number of {name(f.place)} is {f.code}."

    def no_building_number(self, f: F.NoBuildingNumber, name: Namer) -> str:
        return f"{name(f.place)} is not a campus building, so it has no building number."

    def has_category(self, f: F.HasCategory, name: Namer) -> str:
        return f"Yes, {name(f.place)} has {_a(self._category(f.category))}."

    def is_category(self, f: F.IsCategory, name: Namer) -> str:
        return f"Yes, {name(f.place)} is {_a(self._category(f.category))} facility."

    def is_not_category(self, f: F.IsNotCategory, name: Namer) -> str:
        actual = self.w._categories(self.kb.get(f.place), "en")
        return f"No, {name(f.place)} is not {_a(self._category(f.asked))} facility; it is {_a(actual)} place."

    # ------------------------------------------------------------ two places
    def two_walks(self, f: F.TwoWalks, name: Namer) -> str:
        return (f"From {self._gate(name)}, {name(f.a, code=True)} is about {_a_minute(f.a_minutes)} walk and "
                f"{name(f.b, code=True)} about {f.b_minutes} minutes.")

    def same_distance(self, f: F.SameDistance, name: Namer) -> str:
        return "Both are about the same distance."

    def closer(self, f: F.Closer, name: Namer) -> str:
        return f"So {name(f.place)} is {'farther' if f.farther else 'closer'}."

    def relation(self, f: F.Relation, name: Namer) -> str:
        return f"{name(f.a, code=True)} is {RELATION_PHRASES[f.direction][1]} {name(f.b, code=True)}."

    # ------------------------------------------------------------ transit
    def walkable_no_transit(self, f: F.WalkableNoTransit, name: Namer) -> str:
        gate = self._gate(name)
        return (f"{name(f.place, code=True)} is about {_a_minute(f.minutes)} walk from {gate}, "
                f"so you can walk there without a bus or subway.")

    def bus_boarding(self, f: F.BusBoarding, name: Namer) -> str:
        where = f"the '{f.stop}' stop in front of Exit {f.exit} of {name(f.station)}"
        if f.buses:
            return f"Bus {_join_en([_bus_en(b) for b in f.buses])} leaves from {where}."
        return f"Buses leave from {where}."

    def bus_for(self, f: F.BusFor, name: Namer) -> str:
        stops = [f"'{s}'" for s in f.alight_stops]
        return f"Take it for {_join_en([name(p) for p in f.places])}, and get off at {_join_en(stops)}."

    def subway_lines(self, f: F.SubwayLines, name: Namer) -> str:
        return f"The subway there is Line {_join_en(list(self.kb.get(f.station).lines))}."

    def ask_the_goal(self, f: F.AskTheGoal, name: Namer) -> str:
        return "Tell me where you are going and I will give you the bus and the stop to get off at."

    # ------------------------------------------------------------ kinds of place near another
    def none_of_category_near(self, f: F.NoneOfCategoryNear, name: Namer) -> str:
        return f"Sorry, I don't know of {_a(self._category(f.category))} near {name(f.place)}."

    def category_here(self, f: F.CategoryHere, name: Namer) -> str:
        return f"{name(f.place)} itself has {_a(self._category(f.category))}."

    def nearest_of_category(self, f: F.NearestOfCategory, name: Namer) -> str:
        return f"The nearest {self._category(f.category)} to {name(f.place)} is {name(f.nearest)}."

    def also_there(self, f: F.AlsoThere, name: Namer) -> str:
        walks = dict(zip(f.places, f.walks))
        names = [name(p) + (f", about {walks[p]} minutes on foot" if walks.get(p) else "") for p in f.places]
        return (f"There is also {('; ' if f.walks else ', ').join(names[:-1])}"
                f"{' and ' if len(names) > 1 else ''}{names[-1]}.")

    # ------------------------------------------------------------ abstentions and questions back
    def dont_know_that(self, f: F.DontKnowThat, name: Namer) -> str:
        return "Sorry, I don't know the answer to that."

    def only_this_campus(self, f: F.OnlyThisCampus, name: Namer) -> str:
        return "I can only help with places on and around the Hanyang University campus."

    def dont_know_place(self, f: F.DontKnowPlace, name: Namer) -> str:
        return "Sorry, I don't know that place. It is not in my campus map."

    def did_you_mean(self, f: F.DidYouMean, name: Namer) -> str:
        return f"Did you mean {_join_en([name(p) for p in f.places]).replace(' and ', ' or ')}?"

    def many_match(self, f: F.ManyMatch, name: Namer) -> str:
        return f"{f.count} places match that name, among them {_join_en([name(p, code=True) for p in f.shown])}."

    def matches(self, f: F.Matches, name: Namer) -> str:
        if f.minutes:
            listed = "; ".join(f"{name(p, code=True)}, about {m} minutes" for p, m in zip(f.places, f.minutes))
        else:
            listed = _join_en([name(p, code=True) for p in f.places])
        return f"{len(f.places)} places match that name: {listed}."

    def all_about_as_far(self, f: F.AllAboutAsFar, name: Namer) -> str:
        return f"All are about {f.span.replace('~', ' to ')} minutes' walk from {self._gate(name)}."

    def these_are_walks(self, f: F.TheseAreWalks, name: Namer) -> str:
        return f"Those are the walks from {self._gate(name)}."

    def which_one(self, f: F.WhichOne, name: Namer) -> str:
        return "Which one do you mean?"

    def not_in_my_data(self, f: F.NotInMyData, name: Namer) -> str:
        if f.place:
            return f"Sorry, I don't know that about {name(f.place)}; it is not in my campus data."
        return "Sorry, I don't know that; it is not in my campus data."

    def what_i_can_tell(self, f: F.WhatICanTell, name: Namer) -> str:
        return "I can tell you where it is, how to get there, its floors and what is nearby."

    def no_fact_about(self, f: F.NoFactAbout, name: Namer) -> str:
        return f"Sorry, I don't know that about {name(f.place)}."
