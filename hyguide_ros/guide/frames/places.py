"""Frames that describe one place: canned sentences, walks and floors, where it is, what it is."""
from __future__ import annotations

from dataclasses import dataclass

from .base import Frame


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
