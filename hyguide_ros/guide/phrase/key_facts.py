"""Key facts of a sentence: numbers with their unit (105번 건물, 4층, 2분, 650m, 2호선, 2번 출구, 성동03 버스)
and place names (any name or alias of a knowledge-base place, so "Main Building" and "본관" are one fact).

The guide checks the LLM's phrasing with them (a sentence may state only the facts it was given), and
the evaluation (hyguide_eval) scores answers against references with them. A number of minutes is a
walk or a ride / trip ("버스를 타면 약 10분", "a 10-minute ride", "총 20분"): the knowledge base measures
walks only, so the two are different kinds.
"""
from __future__ import annotations

import re

from ...knowledge import LANGUAGES, PlaceIndex
from ...knowledge.facts import Fact
from ...knowledge.search import normalize

# What a number of minutes measures: the nearest cue before it in its sentence, else one just after.
_WALK_CUE = re.compile(r"걸어|도보|걷|walk|on foot|by foot")
_TRIP_CUE = re.compile(r"버스|지하철|전철|택시|타면|타고|타서|승차|차로|자동차|총|전체|모두|\b(?:rides?|bus(?:es)?|subway|metro|trains?|"
                       r"taxi|cab|drive|driving|by car|in total|total|door[ -]to[ -]door)\b")
_SENTENCE_END = re.compile(r"[.!?\n]\s")
_RANGE = re.compile(r"(\d+)\s*(?:[~\-–]|to)\s*(\d+)\s*(분|minutes?|층|km|m\b)")
_TWO_FLOORS = re.compile(r"(\d+)(?:st|nd|rd|th)\s+(?:and|&)\s+(\d+)(?:st|nd|rd|th)\s+floors")
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("exit", re.compile(r"(\d+)\s*번\s*출구|exit\s*#?\s*(\d+)|(\d+)(?:st|nd|rd|th)\s+exit|출구\s*(\d+)")),
    ("line", re.compile(r"(\d)\s*호선|line\s*(\d)\b")),
    ("bus", re.compile(r"성동\s*(\d{2}(?:-\d)?)|seongdong\s*(\d{2}(?:-\d)?)|(?<!\d)(\d{3,4})\s*번?\s*(?:버스|bus)|"
                       r"bus\s*(?:number\s*|no\.?\s*|#\s*)?(\d{3,4})(?!\d)|(?<!\d)(\d{3,4})번(?:을|이)?\s*타")),
    ("building", re.compile(r"(?<!\d)(\d{3})\s*번\s*(?:건물|관)|(?<!\d)(\d{3})\s*관|건물\s*(?:번호|코드)\w*\s*(\d{3})|"
                            r"building\s*(?:number\s*|code\s*|no\.?\s*|#\s*)?(\d{3})(?!\d)|코드\w*\s*(\d{3})(?!\d)")),
    ("floor", re.compile(r"(지하\s*)?(\d+)\s*층|(\d+)\s*(?:floors|stor(?:e)?ys|levels)|(\d+)(?:st|nd|rd|th)\s*floor|"
                         r"basement\s*(?:level\s*)?(\d+)")),
    ("minutes", re.compile(r"(\d+)\s*분|(\d+)[\s\-]*minutes?|(\d+)[\s\-]*mins?\b")),
    ("distance", re.compile(r"(\d+(?:\.\d+)?)\s*(km|킬로미터|kilometers?|m|미터|meters?)(?![a-z])")),
]


def extract_facts(text: str, index: PlaceIndex) -> set[Fact]:
    """Key facts stated in `text`."""
    norm = normalize(text)
    norm = _RANGE.sub(lambda m: f"{m.group(1)}{m.group(3)} {m.group(2)}{m.group(3)}", norm)
    norm = _TWO_FLOORS.sub(lambda m: f"{m.group(1)}th floor {m.group(2)}th floor", norm)   # "the 2nd and 3rd floors"
    facts: set[Fact] = set()
    mentions = index.find(norm)
    # A cue word inside a name (정몽구 미래자동차연구센터, Business School) is not a cue: names blanked.
    cue_text = norm
    said = {norm[m.start:m.end] for m in mentions} | {normalize(index.kb.get(m.place_id).name(language))
                                                     for m in mentions for language in LANGUAGES}
    for name in sorted(said, key=len, reverse=True):     # every time it is said, in either language
        cue_text = cue_text.replace(name, " " * len(name))
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(norm):
            groups = [g for g in m.groups() if g]
            if not groups:
                continue
            if kind == "distance":
                number, unit = float(m.group(1)), m.group(2)
                meters = number * 1000 if unit.startswith(("k", "킬")) else number
                facts.add(Fact(kind, str(int(round(meters)))))
            elif kind == "floor":
                below = bool(m.group(1)) or bool(m.group(5))
                digits = [g for g in groups if g.isdigit()][-1]
                facts.add(Fact(kind, ("B" if below else "") + digits))
            elif kind == "bus":
                facts.add(Fact(kind, ("성동" + groups[0]) if m.group(1) or m.group(2) else groups[0]))
            elif kind == "minutes":
                facts.add(Fact(_minutes_kind(cue_text, m.start(), m.end()), groups[0]))
            else:
                facts.add(Fact(kind, groups[0]))
    for mention in mentions:
        facts.add(Fact("place", mention.place_id))
    return facts


def _minutes_kind(norm: str, start: int, end: int) -> str:
    """"minutes" (a walk) or "trip_minutes" (a ride, or a door-to-door total) for the number at start:end."""
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(norm, 0, start)), default=0)
    before = norm[sentence_start:start]
    cues = [(m.end(), "minutes") for m in _WALK_CUE.finditer(before)] + \
           [(m.end(), "trip_minutes") for m in _TRIP_CUE.finditer(before)]
    if cues:
        return max(cues)[1]
    after = norm[end:end + 20]
    after = after[:m.start()] if (m := _SENTENCE_END.search(after)) else after
    return "trip_minutes" if _TRIP_CUE.search(after) and not _WALK_CUE.search(after) else "minutes"
