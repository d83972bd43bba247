"""Frames: what one sentence of a reply says, in no language. An intent's handler (compose/) picks
the facts and returns frames; a renderer per language (languages/<language>/render.py) words them, one
method per frame type, named after it (`FloorCount` -> `floor_count`).

Place fields hold knowledge-base place ids; minutes are as the knowledge base holds them ("13" or
"13~14" for a span). Adding a sentence kind is a frame here and a method in each renderer.
"""
from dataclasses import replace

from .base import (  # noqa: F401
    Namer, Frame, Renderer, method_name)
from .places import (  # noqa: F401
    Canned, GREETING, INTRODUCTION, HELP_LINE, DONT_KNOW_THAT, ONLY_THIS_CAMPUS, DONT_KNOW_PLACE, WHICH_ONE,
    WHAT_I_CAN_TELL, SAME_DISTANCE, ASK_THE_GOAL, CANNED, WalkFromGate, WalkInAll, ItsWalk, FloorCount, Outdoor,
    FloorOf, FloorsUnknown, SameBuilding, AtGate, WalkFromGatePast, OffCampus, StationExit, Neighbours,
    FeaturesOf, OnFoot, StopReachedBy, PlacesNear, StationLines, HasFeatures, BuildingUse, PlaceKind, CategoryOf,
    BuildingNumber, NoBuildingNumber, HasCategory, IsCategory, IsNotCategory)
from .answers import (  # noqa: F401
    RouteSteps, StepsFrom, ArriveAt, TransitRide, SubwayFromStart, SubwayBetween, SubwayToGate, NoWayFrom, BothNearStop,
    GraphRoute, JustWalk, GoalWalkFromGate, TwoWalks, Closer, Relation, WalkableNoTransit, BusBoarding, BusFor,
    SubwayLines, NoneOfCategoryNear, CategoryHere, NearestOfCategory, AlsoThere, DidYouMean, ManyMatch, Matches,
    AllAboutAsFar, TheseAreWalks, NotInMyData, NoFactAbout)


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
