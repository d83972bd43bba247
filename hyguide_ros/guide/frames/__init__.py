"""Frames: what one sentence of a reply says, in no language. An intent's handler (compose.py) picks
the facts and returns frames; a renderer per language (render_ko.py, render_en.py) words them, one
method per frame type, named after it (`FloorCount` -> `floor_count`).

Place fields hold knowledge-base place ids; minutes are as the knowledge base holds them ("13" or
"13~14" for a span). Adding a sentence kind is a frame here and a method in each renderer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable

from ...knowledge.schema import RouteStep

Namer = Callable[..., str]      # name(place_id, code=False): a place's name as this reply says it


class Frame:
    """One sentence's content."""


class Renderer:
    """Frames -> sentences in one language."""
    language = ""

    def __init__(self, kb, spoken: bool = False) -> None:
        self.kb = kb
        self.spoken = spoken          # to be heard, not read (for_speech; the gate without its exit)

    def namer(self) -> Namer:
        """A namer for one reply: how a place is called, each time it is mentioned."""
        raise NotImplementedError

    def __call__(self, frame: Frame, name: Namer) -> str:
        method = getattr(self, method_name(type(frame)), None)
        if method is None:
            raise NotImplementedError(f"{type(self).__name__} cannot say {type(frame).__name__}")
        return method(frame, name)


SPOKEN_PLACES = 2      # places one spoken sentence lists; the text keeps them all


def for_speech(frame: Frame) -> Frame:
    """The frame as said aloud: a spoken reply is heard once, so a list of places is cut to two (the
    nearest neighbours; the first and the last place passed). Every fact left is still the KB's."""
    if isinstance(frame, Neighbours) and len(frame.around) > SPOKEN_PLACES:
        return replace(frame, around=frame.around[:SPOKEN_PLACES])
    for field_name in ("past", "middle"):
        places = getattr(frame, field_name, None)
        if isinstance(places, tuple) and len(places) > SPOKEN_PLACES:
            return replace(frame, **{field_name: places[:1] + places[-1:]})
    return frame


def method_name(frame_type: type) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", frame_type.__name__).lower()


# ---------------------------------------------------------------- sentences that state no fact
@dataclass(frozen=True)
class Canned(Frame):
    """A sentence that states no fact and is the same every time: a renderer's CANNED[what]."""
    what: str


GREETING, INTRODUCTION, HELP_LINE = Canned("greeting"), Canned("introduction"), Canned("help_line")
DONT_KNOW_THAT, ONLY_THIS_CAMPUS, DONT_KNOW_PLACE = Canned("dont_know_that"), Canned("only_this_campus"), \
    Canned("dont_know_place")
WHICH_ONE, WHAT_I_CAN_TELL = Canned("which_one"), Canned("what_i_can_tell")
SAME_DISTANCE, ASK_THE_GOAL = Canned("same_distance"), Canned("ask_the_goal")
CANNED = (GREETING, INTRODUCTION, HELP_LINE, DONT_KNOW_THAT, ONLY_THIS_CAMPUS, DONT_KNOW_PLACE, WHICH_ONE,
          WHAT_I_CAN_TELL, SAME_DISTANCE, ASK_THE_GOAL)
# ---------------------------------------------------------------- walks and floors
@dataclass(frozen=True)
class WalkFromGate(Frame):
    """"X까지는 <gate>에서 걸어서 약 N분 걸려요." / "X is about an N-minute walk from <gate>.\""""
    place: str
    minutes: str
    code: bool = True


@dataclass(frozen=True)
class WalkInAll(Frame):
    """After route steps: the whole walk from the gate; `from_gate_said` when the question named a start."""
    place: str
    minutes: int
    from_gate_said: bool = False


@dataclass(frozen=True)
class ItsWalk(Frame):
    """"It is about an N-minute walk from <gate>." (the place was just named)"""
    minutes: int


@dataclass(frozen=True)
class FloorCount(Frame):
    place: str
    above: int
    below: int = 0


@dataclass(frozen=True)
class Outdoor(Frame):
    place: str


@dataclass(frozen=True)
class FloorOf(Frame):
    """A shop on a floor of a building; `place` None: "It is on ...\""""
    place: str | None
    host: str
    floor: int
    top: int | None = None


@dataclass(frozen=True)
class FloorsUnknown(Frame):
    place: str


@dataclass(frozen=True)
class SameBuilding(Frame):
    """Other places inside the same building."""
    host: str
    others: tuple[str, ...]


# ---------------------------------------------------------------- where a place is
@dataclass(frozen=True)
class AtGate(Frame):
    place: str


@dataclass(frozen=True)
class WalkFromGatePast(Frame):
    """Where a place is: its walk from the gate, past a few landmarks of its route."""
    place: str
    minutes: str
    past: tuple[str, ...] = ()


@dataclass(frozen=True)
class OffCampus(Frame):
    """A place reached by bus or subway: its kind and how far it is from the station."""
    place: str
    distance_m: int
    station: str


@dataclass(frozen=True)
class StationExit(Frame):
    """A place at a station exit, `minutes` 0: connected to it."""
    place: str
    station: str
    exit: int
    minutes: int | None


@dataclass(frozen=True)
class Neighbours(Frame):
    """(place id, direction key of the renderers' DIRECTIONS) around a place, with building numbers."""
    around: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class FeaturesOf(Frame):
    place: str


@dataclass(frozen=True)
class OnFoot(Frame):
    """The other way to a place reached by bus or subway: on foot all the way."""
    minutes: int


@dataclass(frozen=True)
class StopReachedBy(Frame):
    stop: str                       # the place the stop is named after
    buses: tuple[str, ...]
    board_stop: str
    station: str
    exit: int


@dataclass(frozen=True)
class PlacesNear(Frame):
    place: str
    near: tuple[str, ...]


@dataclass(frozen=True)
class StationLines(Frame):
    station: str


# ---------------------------------------------------------------- ways
@dataclass(frozen=True)
class RouteSteps(Frame):
    steps: tuple[RouteStep, ...]


@dataclass(frozen=True)
class StepsFrom(Frame):
    """The rest of a route from a place on it."""
    start: str
    steps: tuple[RouteStep, ...]


@dataclass(frozen=True)
class ArriveAt(Frame):
    """Only the last step is left: where the place is, seen from the building it is in."""
    place: str
    step: RouteStep


@dataclass(frozen=True)
class TransitRide(Frame):
    """The bus or subway way to a place (its transport facts)."""
    place: str


@dataclass(frozen=True)
class SubwayFromStart(Frame):
    """From the station a subway ride ends at: its exit and the walk."""
    place: str
    start: str


@dataclass(frozen=True)
class SubwayToGate(Frame):
    """From a station on a line of the gate's station: ride to it and leave by the gate's exit."""
    start: str
    line: str


@dataclass(frozen=True)
class NoWayFrom(Frame):
    """The knowledge base holds no way from `start` to `goal` (what it holds of the goal follows)."""
    start: str
    goal: str


@dataclass(frozen=True)
class BothNearStop(Frame):
    """Two places one gets off at the same stop or exit for: both walks from there."""
    start: str
    place: str


@dataclass(frozen=True)
class GraphRoute(Frame):
    """A walk on the campus graph: the landmarks passed (`middle`), or, with none, the direction."""
    start: str
    goal: str
    middle: tuple[str, ...]
    direction: str | None
    from_gate: bool


@dataclass(frozen=True)
class JustWalk(Frame):
    minutes: int


@dataclass(frozen=True)
class GoalWalkFromGate(Frame):
    place: str
    minutes: int


# ---------------------------------------------------------------- what a place is
@dataclass(frozen=True)
class HasFeatures(Frame):
    place: str
    items: tuple[tuple[str, str], ...]      # (Korean, English) of each feature


@dataclass(frozen=True)
class BuildingUse(Frame):
    """"A <category> building." (the building was just named)"""
    place: str


@dataclass(frozen=True)
class PlaceKind(Frame):
    place: str


@dataclass(frozen=True)
class CategoryOf(Frame):
    place: str
    building: bool


@dataclass(frozen=True)
class BuildingNumber(Frame):
    place: str
    code: str


@dataclass(frozen=True)
class NoBuildingNumber(Frame):
    place: str


@dataclass(frozen=True)
class HasCategory(Frame):
    """Yes: a building that has a place of the category inside."""
    place: str
    category: str


@dataclass(frozen=True)
class IsCategory(Frame):
    place: str
    category: str


@dataclass(frozen=True)
class IsNotCategory(Frame):
    place: str
    asked: str


# ---------------------------------------------------------------- two places
@dataclass(frozen=True)
class TwoWalks(Frame):
    """Both walks from the gate (the knowledge base measures walks from there only)."""
    a: str
    a_minutes: int
    b: str
    b_minutes: int
    code: bool = True


@dataclass(frozen=True)
class Closer(Frame):
    place: str
    farther: bool = False


@dataclass(frozen=True)
class Relation(Frame):
    """Where `a` lies seen from `b` (a key of the renderers' RELATIONS)."""
    a: str
    b: str
    direction: str


# ---------------------------------------------------------------- transit
@dataclass(frozen=True)
class WalkableNoTransit(Frame):
    place: str
    minutes: int


@dataclass(frozen=True)
class BusBoarding(Frame):
    """Where buses leave; `buses` empty: any bus."""
    buses: tuple[str, ...]
    station: str
    exit: int
    stop: str


@dataclass(frozen=True)
class BusFor(Frame):
    places: tuple[str, ...]
    alight_stops: tuple[str, ...]


@dataclass(frozen=True)
class SubwayLines(Frame):
    station: str


# ---------------------------------------------------------------- kinds of place near another
@dataclass(frozen=True)
class NoneOfCategoryNear(Frame):
    place: str
    category: str


@dataclass(frozen=True)
class CategoryHere(Frame):
    place: str
    category: str


@dataclass(frozen=True)
class NearestOfCategory(Frame):
    place: str
    category: str
    nearest: str


@dataclass(frozen=True)
class AlsoThere(Frame):
    """More places of the kind; with their walks from the gate when those are known (`walks`)."""
    places: tuple[str, ...]
    walks: tuple[int | None, ...] = ()


# ---------------------------------------------------------------- abstentions and questions back
@dataclass(frozen=True)
class DidYouMean(Frame):
    places: tuple[str, ...]


@dataclass(frozen=True)
class ManyMatch(Frame):
    count: int
    shown: tuple[str, ...]


@dataclass(frozen=True)
class Matches(Frame):
    """The places that fit a name, each with its walk (`minutes`) when they differ."""
    places: tuple[str, ...]
    minutes: tuple[int, ...] = ()


@dataclass(frozen=True)
class AllAboutAsFar(Frame):
    span: str


@dataclass(frozen=True)
class TheseAreWalks(Frame):
    pass


@dataclass(frozen=True)
class NotInMyData(Frame):
    """A fact the knowledge base does not hold; about `place` when one was named."""
    place: str | None = None


@dataclass(frozen=True)
class NoFactAbout(Frame):
    place: str
