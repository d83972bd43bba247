"""The campus guide: understand -> retrieve facts -> compose a grounded answer."""
from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass, field

from ..knowledge import CampusGraph, KnowledgeBaseError, PlaceIndex, load_knowledge_base
from .compose.composer import Composer
from .languages import LANGUAGES
from .languages.ko.casual import to_casual
from .memory import ConversationStore, Turn
from .understand.transcript import clean_transcript
from .understand.understanding import Understanding

MAX_QUESTION_CHARS = 500
STYLES = ("polite", "casual")


class GuideInputError(ValueError):
    """A question the guide refuses to read (empty, too long, not text, unknown language)."""


@dataclass
class GuideConfig:
    knowledge_base: str = ""          # path to a KB JSON file; "" = the shipped campus KB
    language: str = "auto"            # "auto" (reply in the question's language), "ko" or "en"
    style: str = "polite"             # Korean speech style: "polite" (해요체) or "casual" (반말)
    robot_location: str = ""          # KB place id where the robot stands; "" = the origin gate
    memory_turns: int = 10            # turns remembered per conversation

    def validate(self) -> None:
        if self.language not in ("auto", *LANGUAGES):
            raise ValueError(f"language must be auto, ko or en, not {self.language!r}")
        if self.style not in STYLES:
            raise ValueError(f"style must be polite or casual, not {self.style!r}")
        if not 1 <= self.memory_turns <= 1000:
            raise ValueError(f"memory_turns must be within 1..1000, not {self.memory_turns}")


@dataclass
class GuideAnswer:
    question: str
    text: str
    sentences: list[str]
    language: str
    intent: str
    place_ids: list[str] = field(default_factory=list)
    grounded: bool = True
    abstained: bool = False
    asked_back: bool = False     # several places fit: the answer asks which one
    latency_ms: float = 0.0
    # each sentence as the robot says it (the same facts, lists cut to two: frames.for_speech)
    spoken: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"question": self.question, "answer": self.text, "language": self.language,
                "intent": self.intent, "place_ids": self.place_ids, "grounded": self.grounded,
                "abstained": self.abstained, "asked_back": self.asked_back, "latency_ms": round(self.latency_ms, 3)}


class CampusGuide:
    def __init__(self, config: GuideConfig | None = None):
        self.config = config or GuideConfig()
        self.config.validate()
        self.kb = load_knowledge_base(self.config.knowledge_base)
        robot = self.config.robot_location or None
        if robot and robot not in self.kb.places:
            raise KnowledgeBaseError(f"robot_location {robot!r} is not a place id in the knowledge base")
        self.index = PlaceIndex(self.kb)
        self._doubled = frozenset(self.index.repeated_words())
        self._name_words = frozenset(self.index.name_words())
        self.graph = CampusGraph(self.kb)
        self._understanding = Understanding(self.kb, self.index, robot)
        self._composer = Composer(self.kb, self.graph, self.index, robot)
        self._memory = ConversationStore(max_turns=self.config.memory_turns)

    def ask(self, question: str, conversation_id: str = "default", language: str | None = None) -> GuideAnswer:
        """Answer one question; raises GuideInputError for input it cannot read."""
        start = time.perf_counter()
        text = self._check(question, language)
        forced = language or (self.config.language if self.config.language != "auto" else None)
        conversation = self._memory.get(conversation_id)
        # what a recogniser writes ("어 이백칠 관 어디야") read as the question meant ("207관 어디야")
        query = self._understanding.understand(clean_transcript(text, self._doubled, self._name_words), conversation, forced)
        reply = self._composer.compose(query)
        sentences, spoken, facts = reply.sentences, reply.spoken, reply.answer
        if len(spoken) != len(sentences):      # a sentence each: otherwise the written ones are said
            spoken = list(sentences)
        if query.language == "ko" and self.config.style == "casual":
            sentences = [to_casual(s) for s in sentences]
            spoken = [to_casual(s) for s in spoken]
        answer = GuideAnswer(question=text, text=" ".join(sentences), sentences=sentences, spoken=spoken,
                             language=query.language, intent=query.intent, place_ids=facts.place_ids,
                             grounded=facts.grounded, abstained=facts.abstained, asked_back=facts.asked_back)
        # a place we do not hold, or several asked back: "there" in the next turn is none of the places named
        unknown = bool(query.unknown_place) or (facts.abstained and not query.place_ids) or facts.asked_back
        conversation.turns.append(Turn(text, answer.text, query.intent, () if unknown else tuple(facts.place_ids),
                                       about_unknown=unknown))
        answer.latency_ms = (time.perf_counter() - start) * 1e3
        return answer

    def history(self, conversation_id: str = "default", turns: int = 3) -> list[dict]:
        """Earlier turns as chat messages (user question, assistant answer), the newest turn excluded."""
        earlier = list(self._memory.get(conversation_id).turns)[:-1][-turns:] if turns > 0 else []
        return [m for t in earlier for m in ({"role": "user", "content": t.question},
                                             {"role": "assistant", "content": t.answer})]

    def reset(self, conversation_id: str | None = None) -> None:
        """Forget a conversation (all of them when None)."""
        self._memory.reset(conversation_id)

    @staticmethod
    def _check(question: object, language: str | None) -> str:
        if isinstance(question, bytes):
            try:
                question = question.decode("utf-8")
            except UnicodeDecodeError:
                raise GuideInputError("the question is not UTF-8 text") from None
        if not isinstance(question, str):
            raise GuideInputError(f"the question must be text, not {type(question).__name__}")
        if language not in (None, "", *LANGUAGES):
            raise GuideInputError(f"unknown language {language!r}: use ko, en or leave it empty")
        if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in question):
            raise GuideInputError("the question has control characters")
        text = "".join(ch for ch in question if unicodedata.category(ch) != "Cf").strip()   # invisible: BOM, ZWSP
        if not text:
            raise GuideInputError("the question is empty")
        if len(text) > MAX_QUESTION_CHARS:
            raise GuideInputError(f"the question is {len(text)} characters long; "
                                  f"the guide reads at most {MAX_QUESTION_CHARS}")
        return text
