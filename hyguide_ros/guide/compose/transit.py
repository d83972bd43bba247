"""Bus and subway questions that name no place of ours: where a named bus (or any bus) is boarded, and
"I don't know" for a goal we do not know ("경복궁 가는 버스")."""
from __future__ import annotations

import re
from collections import Counter

from .. import frames as F
from ..languages import LANGUAGES, WORDS, word_set
from ..phrase.key_facts import extract_facts
from ..understand.understanding import Query
from .abstentions import unknown
from .answer import Answer
from .campus import Campus


def transit_general(campus: Campus, q: Query) -> Answer:
    """A bus or subway question that names no place: where a named bus (or any bus) is boarded."""
    named = {f.value for f in extract_facts(q.text, campus.index) if f.kind == "bus"}
    by_bus = [p for p in campus.kb.places.values() if p.transport and p.transport.mode == "bus"
              and (not named or named & set(p.transport.buses))]
    if not by_bus or (not named and _names_a_goal(q.text)):
        return unknown(campus, q)          # an unknown bus, or a place we do not know ("경복궁 가는 버스")
    boards = Counter((p.transport.board_stop, p.transport.board_exit.station if p.transport.board_exit
                      else "stn_hanyang", p.transport.board_exit.exit if p.transport.board_exit else 1)
                     for p in by_bus)
    stop, station_id, exit_no = boards.most_common(1)[0][0]
    if named:
        buses = tuple(sorted(named & {b for p in by_bus for b in p.transport.buses}))
        alights = tuple(dict.fromkeys(p.transport.alight_stop for p in by_bus if p.transport.alight_stop))[:2]
        frames = [F.BusBoarding(buses, station_id, exit_no, stop), F.BusFor(tuple(p.id for p in by_bus[:2]), alights)]
    else:
        frames = [F.BusBoarding((), station_id, exit_no, stop), F.SubwayLines(station_id), F.ASK_THE_GOAL]
    return Answer(frames, place_ids=[station_id])


# A destination said (its word in group 1), and words that name none ("버스 정류장까지", "to the bus stop"):
# languages/<language>/words.py
_GOALS = [re.compile(WORDS[lang].TRANSIT_GOAL, re.I) for lang in LANGUAGES]
_NOT_A_GOAL = word_set("NOT_A_GOAL")


def _names_a_goal(text: str) -> bool:
    """The question names a destination ("경복궁 가는 버스", "bus to Gyeongbokgung")."""
    words = [m.group(1) for goal in _GOALS for m in goal.finditer(text)]
    return any(w.lower() not in _NOT_A_GOAL and not w.isdigit() for w in words)
