"""Key-fact scoring of answers against reference answers (used by `hyguide eval` and hyguide_train).

Key facts are numbers with their unit (105번 건물, 4층, 2분, 650m, 2호선, 2번 출구, 성동03 버스) and
place names (any name or alias of a knowledge-base place, so "Main Building" and "본관" are one fact).
- recall: facts of the reference that our answer also states (summed over all questions);
- contradiction: we state a building number, floor count or minutes, the reference states one of the
  same kind, and none of ours is the reference's value;
- abstain: we said we do not know.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..knowledge import PlaceIndex
from ..knowledge.search import normalize

CONTRADICTION_KINDS = ("building", "floor", "minutes")
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


_UNKNOWN = re.compile(r"모르겠|모릅니다|알\s*수\s*없|정보가\s*없|자료에\s*없|\bi\s*(?:don't|do not)\s*know\b|"
                      r"\bnot\s*(?:sure|in my (?:campus )?(?:data|map))\b", re.IGNORECASE)


def says_unknown(text: str) -> bool:
    """An answer that says it does not know (the abstain rule for free text, e.g. an LLM's answers)."""
    return bool(_UNKNOWN.search(text))


@dataclass(frozen=True)
class Fact:
    kind: str
    value: str


def extract_facts(text: str, index: PlaceIndex) -> set[Fact]:
    """Key facts stated in `text`."""
    norm = normalize(text)
    norm = _RANGE.sub(lambda m: f"{m.group(1)}{m.group(3)} {m.group(2)}{m.group(3)}", norm)
    norm = _TWO_FLOORS.sub(lambda m: f"{m.group(1)}th floor {m.group(2)}th floor", norm)   # "the 2nd and 3rd floors"
    facts: set[Fact] = set()
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
            else:
                facts.add(Fact(kind, groups[0]))
    for mention in index.find(norm):
        facts.add(Fact("place", mention.place_id))
    return facts


@dataclass
class Score:
    reference_facts: int = 0
    matched_facts: int = 0
    questions: int = 0
    contradictions: int = 0
    abstentions: int = 0

    def add(self, reference: set[Fact], ours: set[Fact], abstained: bool) -> bool:
        """Count one question; returns True when our answer contradicts the reference."""
        self.questions += 1
        self.reference_facts += len(reference)
        self.matched_facts += len(reference & ours)
        self.abstentions += int(abstained)
        contradicts = any(
            {f.value for f in reference if f.kind == kind} and {f.value for f in ours if f.kind == kind}
            and not ({f.value for f in reference if f.kind == kind} & {f.value for f in ours if f.kind == kind})
            for kind in CONTRADICTION_KINDS)
        self.contradictions += int(contradicts)
        return contradicts

    @property
    def recall(self) -> float:
        return self.matched_facts / self.reference_facts if self.reference_facts else 0.0

    @property
    def contradiction_rate(self) -> float:
        return self.contradictions / self.questions if self.questions else 0.0

    @property
    def abstain_rate(self) -> float:
        return self.abstentions / self.questions if self.questions else 0.0
