"""What a handler decides (an Answer: frames, in no language) and what the composer makes of it (a
Reply: sentences in the question's language, written and spoken)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..frames import Frame


@dataclass
class Answer:
    frames: list[Frame]
    place_ids: list[str] = field(default_factory=list)      # the places the answer stands on, the goal first
    grounded: bool = True       # every stated fact comes from the knowledge base
    abstained: bool = False     # the guide says it does not know
    asked_back: bool = False    # several places fit: it asks which one


@dataclass
class Reply:
    sentences: list[str]
    spoken: list[str]           # the same sentences as said aloud (frames.for_speech)
    answer: Answer              # what they say: its places and flags

    @property
    def text(self) -> str:
        return " ".join(self.sentences)
