"""Frames: what one sentence of a reply says, in no language. An intent's handler (compose/) picks
the facts and returns frames; a renderer per language (languages/<language>/render.py) words them, one
method per frame type, declared by the type of its frame argument (`f: F.FloorCount`).

Place fields hold knowledge-base place ids; minutes are as the knowledge base holds them ("13" or
"13~14" for a span). Adding a sentence kind is a frame here and a method taking it in each renderer.
"""
from dataclasses import replace

from .answers import (  # noqa: F401
    AllAboutAsFar,
    AlsoThere,
    ArriveAt,
    BothNearStop,
    BusBoarding,
    BusFor,
    CategoryHere,
    Closer,
    DidYouMean,
    GoalWalkFromGate,
    GraphRoute,
    JustWalk,
    ManyMatch,
    Matches,
    NearestOfCategory,
    NoFactAbout,
    NoneOfCategoryNear,
    NotInMyData,
    NoWayFrom,
    Relation,
    RouteSteps,
    StepsFrom,
    SubwayBetween,
    SubwayFromStart,
    SubwayLines,
    SubwayToGate,
    TheseAreWalks,
    TransitRide,
    TwoWalks,
    WalkableNoTransit,
)
from .base import Frame, Namer, Renderer  # noqa: F401
from .places import (  # noqa: F401
    ASK_THE_GOAL,
    CANNED,
    DONT_KNOW_PLACE,
    DONT_KNOW_THAT,
    GREETING,
    HELP_LINE,
    INTRODUCTION,
    ONLY_THIS_CAMPUS,
    SAME_DISTANCE,
    WHAT_I_CAN_TELL,
    WHICH_ONE,
    AtGate,
    BuildingNumber,
    BuildingUse,
    Canned,
    CategoryOf,
    FeaturesOf,
    FloorCount,
    FloorOf,
    FloorsUnknown,
    HasCategory,
    HasFeatures,
    IsCategory,
    IsNotCategory,
    ItsWalk,
    Neighbours,
    NoBuildingNumber,
    OffCampus,
    OnFoot,
    Outdoor,
    PlaceKind,
    PlacesNear,
    SameBuilding,
    StationExit,
    StationLines,
    StopReachedBy,
    WalkFromGate,
    WalkFromGatePast,
    WalkInAll,
)

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
