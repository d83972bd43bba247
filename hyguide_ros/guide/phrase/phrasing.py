"""Letting an LLM phrase a grounded answer, sentence by sentence, checked against the facts.

The guide composes its answer first (always grounded). When a chat model is configured, it gets
the same facts in the grounded prompt (prompt.py) and the recent turns, its tokens are cut into
sentences as they stream, and every sentence is checked: each number and each place it names
must be in the facts (or the composed answer), it must be in the reply language and must not
repeat an earlier sentence. The first sentence that fails stops the model: before any sentence
went out, the composed answer is said instead; after, the reply ends with the checked sentences.
Answers that are not grounded (I don't know, asking back, greetings) are never given to the model.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Protocol, runtime_checkable

from ...knowledge.search import normalize
from ..guide import CampusGuide, GuideAnswer
from ..languages import detect_language
from ..languages.ko.casual import to_casual
from .key_facts import extract_facts
from .prompt import build_messages, grounding_facts

# A sentence ends at . ? ! (and their full-width forms) or a line break, followed by a space or
# the end; not inside a number (1.5 km) or after a short abbreviation (Univ., St., No.).
_END = re.compile(r"(?<!\d\.)(?<![A-Z][a-z]\.)(?<!\b[A-Z]\.)(?<=[.?!。？！])\s+|\n+")
_ABBREVIATIONS = re.compile(r"\b(?:Univ|St|No|Dr|Mt|approx|e\.g|i\.e)\.$")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# A building number said right after a place's name: "X는 107번 건물", "X(107관)", "X is building 107".
_CODE_AFTER_NAME = re.compile(r"\s*(?:은|는|이|가|의|is)?\s*[(,]?\s*(?:building\s*(?:number\s*)?|건물\s*번호는?\s*)?"
                              r"(\d{3})(?!\d)\s*(?:번\s*건물|번|관|\)|(?![가-힣]))", re.I)


@runtime_checkable
class ChatLike(Protocol):
    """What the phraser needs of a chat model (engines/llm.py's ChatModel has it; the guide imports no engine)."""

    def stream(self, messages: list[dict]) -> Iterator[str]: ...


class SentenceSplitter:
    """Streamed text in, complete sentences out (Korean and English punctuation)."""

    def __init__(self) -> None:
        self._buffer = ""

    def feed(self, piece: str) -> list[str]:
        self._buffer += piece
        sentences: list[str] = []
        start = 0
        for m in _END.finditer(self._buffer):
            candidate = self._buffer[start:m.start()].strip()
            if _ABBREVIATIONS.search(candidate) or _NUMBER.fullmatch(candidate.split()[-1] if candidate else ""):
                continue
            if candidate:
                sentences.append(candidate)
            start = m.end()
        self._buffer = self._buffer[start:]
        return sentences

    def flush(self) -> list[str]:
        rest, self._buffer = self._buffer.strip(), ""
        return [rest] if rest else []


def split_sentences(text: str) -> list[str]:
    splitter = SentenceSplitter()
    return splitter.feed(text) + splitter.flush()


@dataclass
class PhrasedSentence:
    text: str
    source: str                     # "llm" or "composed"


@dataclass
class PhrasingReport:
    used_llm: bool = False
    fallback: str = ""              # why the composed answer (or part of it) was used; "" = none
    first_token_s: float | None = None     # from the call to the first token
    first_sentence_s: float | None = None  # from the call to the first sentence out
    pieces: int = 0                 # text pieces (about tokens) received
    stream_s: float | None = None   # from the call until the stream was closed
    rejected: list[str] = field(default_factory=list)


class GroundedPhraser:
    def __init__(self, guide: CampusGuide, model: ChatLike, max_sentences: int = 3, history_turns: int = 3):
        self.guide = guide
        self.model = model
        self.max_sentences = max_sentences
        self.history_turns = history_turns
        self.report = PhrasingReport()

    def messages(self, answer: GuideAnswer, conversation_id: str = "default") -> list[dict]:
        facts = grounding_facts(self.guide.kb, self.guide.graph, answer.place_ids, answer.language,
                                answer.text, self.guide.index)
        return build_messages(answer.question, facts, answer.language,
                              self.guide.history(conversation_id, self.history_turns))

    def unsupported(self, sentence: str, answer: GuideAnswer, allowed_text: str) -> str:
        """Why `sentence` is not supported by the facts; "" when it is."""
        if detect_language(sentence, answer.language) != answer.language:
            return "wrong language"
        allowed = extract_facts(allowed_text, self.guide.index)
        for fact in extract_facts(sentence, self.guide.index):
            if fact not in allowed:
                return f"{fact.kind} {fact.value} is not in the facts"
        numbers = set(_NUMBER.findall(allowed_text))
        for number in _NUMBER.findall(sentence):
            if number not in numbers:
                return f"number {number} is not in the facts"
        for mention in self.guide.index.find(sentence):     # "한양플라자는 107번 건물": a real number, not its own
            said = _CODE_AFTER_NAME.match(normalize(sentence)[mention.end:])
            code = self.guide.kb.get(mention.place_id).building_code
            if said and code and said.group(1) != code:
                return f"building {said.group(1)} is not {self.guide.kb.get(mention.place_id).name_en}'s number"
        return ""

    def phrase(self, answer: GuideAnswer, conversation_id: str = "default") -> Iterator[PhrasedSentence]:
        """The reply's sentences as they become ready; `self.report` says what happened."""
        self.report = report = PhrasingReport()
        composed = [PhrasedSentence(s, "composed") for s in answer.sentences]
        if not answer.grounded or answer.abstained or not answer.place_ids:
            yield from composed
            return
        messages = self.messages(answer, conversation_id)
        allowed_text = messages[-1]["content"] + "\n" + answer.text
        start = time.perf_counter()
        said: list[str] = []
        splitter = SentenceSplitter()
        report.used_llm = True
        stream = self.model.stream(messages)
        try:
            for sentence in self._sentences(stream, splitter, report, start):
                reason = self.unsupported(sentence, answer, allowed_text)
                if not reason and any(_similar(sentence, s) for s in said):
                    reason = "repeats an earlier sentence"
                if reason:
                    report.rejected.append(f"{sentence!r}: {reason}")
                    report.fallback = reason
                    break
                if answer.language == "ko" and self.guide.config.style == "casual":
                    sentence = to_casual(sentence)
                said.append(sentence)
                if report.first_sentence_s is None:
                    report.first_sentence_s = time.perf_counter() - start
                yield PhrasedSentence(sentence, "llm")
                if len(said) >= self.max_sentences:
                    break
        finally:
            close = getattr(stream, "close", None)
            if close:                  # stop generating: a rejected or capped reply needs no more tokens
                close()
            report.stream_s = time.perf_counter() - start
        if not said:
            report.fallback = report.fallback or "the model said nothing"
            yield from composed

    @staticmethod
    def _sentences(stream: Iterable[str], splitter: SentenceSplitter, report: PhrasingReport,
                   start: float) -> Iterator[str]:
        for piece in stream:
            if report.first_token_s is None:
                report.first_token_s = time.perf_counter() - start
            report.pieces += 1
            yield from splitter.feed(piece)
        yield from splitter.flush()


def _similar(a: str, b: str) -> bool:
    """Near-duplicate sentences (character trigram overlap), the repetition the seed model fell into."""
    grams = lambda s: {s[i:i + 3] for i in range(max(1, len(s) - 2))}  # noqa: E731
    ga, gb = grams(a.replace(" ", "")), grams(b.replace(" ", ""))
    return len(ga & gb) / max(1, min(len(ga), len(gb))) > 0.8
