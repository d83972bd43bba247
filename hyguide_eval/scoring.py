"""Key-fact scoring of answers against reference answers (used by `make eval` and hyguide_train).

Key facts are those of hyguide_ros.guide.phrase.key_facts (numbers with their unit, place names).
- recall: facts of the reference that our answer also states (summed over all questions), ride / trip
  minutes apart (`trip_recall`): the knowledge base holds walks only, so no answer of ours states one;
- contradiction: we state a building number, floor count or minutes, the reference states one of the
  same kind, and none of ours is the reference's value. Walking minutes and ride / trip minutes are
  different kinds: a ride time is never a contradiction of a walk;
- abstain: we said we do not know.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from hyguide_ros.knowledge.facts import Fact

CONTRADICTION_KINDS = ("building", "floor", "minutes", "trip_minutes")


_UNKNOWN = re.compile(r"모르겠|모릅니다|알\s*수\s*없|정보가\s*없|자료에\s*없|\bi\s*(?:don't|do not)\s*know\b|"
                      r"\bnot\s*(?:sure|in my (?:campus )?(?:data|map))\b", re.IGNORECASE)


def says_unknown(text: str) -> bool:
    """An answer that says it does not know (the abstain rule for free text, e.g. an LLM's answers)."""
    return bool(_UNKNOWN.search(text))


@dataclass
class Score:
    reference_facts: int = 0
    matched_facts: int = 0
    questions: int = 0
    contradictions: int = 0
    abstentions: int = 0
    trip_reference_facts: int = 0
    trip_matched_facts: int = 0

    def add(self, reference: set[Fact], ours: set[Fact], abstained: bool) -> bool:
        """Count one question; returns True when our answer contradicts the reference."""
        self.questions += 1
        trips = {f for f in reference if f.kind == "trip_minutes"}
        self.reference_facts += len(reference - trips)
        self.matched_facts += len((reference - trips) & ours)
        self.trip_reference_facts += len(trips)
        self.trip_matched_facts += len(trips & ours)
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
    def trip_recall(self) -> float:
        return self.trip_matched_facts / self.trip_reference_facts if self.trip_reference_facts else 0.0

    @property
    def contradiction_rate(self) -> float:
        return self.contradictions / self.questions if self.questions else 0.0

    @property
    def abstain_rate(self) -> float:
        return self.abstentions / self.questions if self.questions else 0.0
