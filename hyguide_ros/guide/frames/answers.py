"""Frames of ways and comparisons: routes, two places, transit, kinds of place near another, and
abstentions and questions back."""
from __future__ import annotations

from dataclasses import dataclass

from ...knowledge.schema import RouteStep
from .base import Frame


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
class SubwayBetween(Frame):
    """Two stations on one line: ride from the one to the other (the KB holds no ride times)."""
    start: str
    goal: str
    line: str


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
