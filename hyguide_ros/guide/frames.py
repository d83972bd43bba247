"""Frames: what one sentence of a reply says, in no language. An intent's handler (compose.py) picks
the facts and returns frames; a renderer per language (render_ko.py, render_en.py) words them, one
method per frame type, named after it (`FloorCount` -> `floor_count`).

Place fields hold knowledge-base place ids; minutes are as the knowledge base holds them ("13" or
"13~14" for a span). Adding a sentence kind is a frame here and a method in each renderer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

Namer = Callable[..., str]      # name(place_id, code=False): a place's name as this reply says it


class Frame:
    """One sentence's content."""


class Renderer:
    """Frames -> sentences in one language."""
    language = ""

    def __init__(self, wording) -> None:
        self.w = wording          # the knowledge base and the naming helpers (wording.Wording)
        self.kb = wording.kb

    def __call__(self, frame: Frame, name: Namer) -> str:
        method = getattr(self, method_name(type(frame)), None)
        if method is None:
            raise NotImplementedError(f"{type(self).__name__} cannot say {type(frame).__name__}")
        return method(frame, name)


def method_name(frame_type: type) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", frame_type.__name__).lower()


# ---------------------------------------------------------------- conversation
@dataclass(frozen=True)
class Greeting(Frame):
    pass


@dataclass(frozen=True)
class Introduction(Frame):
    pass


@dataclass(frozen=True)
class HelpLine(Frame):
    """Examples of what to ask."""


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
    a: str
    a_minutes: int
    b: str
    b_minutes: int


@dataclass(frozen=True)
class SameDistance(Frame):
    pass


@dataclass(frozen=True)
class Closer(Frame):
    place: str
    farther: bool = False


@dataclass(frozen=True)
class Relation(Frame):
    """Where `a` lies seen from `b` (a key of wording.RELATION_PHRASES)."""
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


@dataclass(frozen=True)
class AskTheGoal(Frame):
    pass


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
class DontKnowThat(Frame):
    pass


@dataclass(frozen=True)
class OnlyThisCampus(Frame):
    pass


@dataclass(frozen=True)
class DontKnowPlace(Frame):
    pass


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
class WhichOne(Frame):
    pass


@dataclass(frozen=True)
class NotInMyData(Frame):
    """A fact the knowledge base does not hold; about `place` when one was named."""
    place: str | None = None


@dataclass(frozen=True)
class WhatICanTell(Frame):
    pass


@dataclass(frozen=True)
class NoFactAbout(Frame):
    place: str
