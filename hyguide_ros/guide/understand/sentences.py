"""Sentence patterns with slots, in the style of Home Assistant's hassil: the grammar of the
`[sentences INTENT]` and `[rules]` sections of `intents/<language>.txt`.

    {place} (어디야|어딨어)              alternatives: (a|b)
    {place:은} 몇 층[짜리 건물]이야?      optional words: [a] or [a|b]
    {start}에서 {place}까지 <how_long>    slots {place} {other} {start} {category}; a rule <name> from [rules]

`{place:은}` is the slot with a particle after it, in its after-consonant form: it matches 은 or 는
and is generated with the form the name's last sound takes.

One pattern both recognises and generates. Recognising: the question, with each place name found in
it replaced by a slot mark and punctuation dropped, is matched against every pattern compiled to a
regular expression (spacing is free, as recognisers space at will); the slots say which place is the
goal, the start or the other one. Generating: the training data's template questions are sampled from
the same patterns (`hyguide_train/templates.py`), so the two cannot drift apart.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from math import prod

from ...knowledge.spoken import particle_forms

PLACE_SLOTS = ("place", "other", "start")    # slots filled by a place name; {category} by a kind of place
SLOT_MARK = "\ue000"                          # stands for a place name in the question matched
_PUNCTUATION = re.compile(rf"[^\w\s{SLOT_MARK}]")


class SentenceError(ValueError):
    """A pattern that cannot be read: unbalanced brackets, an unknown slot or rule."""


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Slot:
    name: str
    particle: str = ""


@dataclass(frozen=True)
class RuleRef:
    name: str


@dataclass(frozen=True)
class Alternatives:
    options: tuple[tuple, ...]      # each option a sequence of nodes; () is the empty option of [optional]


def parse(pattern: str) -> Alternatives:
    """The tree of one pattern; SentenceError says where it is malformed."""
    tree, end = _parse(pattern, 0, "")
    if end != len(pattern):
        raise SentenceError(f"{pattern!r}: unexpected {pattern[end]!r} at {end}")
    return tree


def _parse(pattern: str, pos: int, closer: str) -> tuple[Alternatives, int]:
    options: list[tuple] = []
    items: list = []
    text: list[str] = []

    def flush() -> None:
        if text:
            items.append(Text("".join(text)))
            text.clear()

    while pos < len(pattern) and pattern[pos] != closer:
        char = pattern[pos]
        if char == "|":
            flush()
            options.append(tuple(items))
            items = []
            pos += 1
        elif char in "([":
            flush()
            close = ")" if char == "(" else "]"
            inner, pos = _parse(pattern, pos + 1, close)
            if pos >= len(pattern):
                raise SentenceError(f"{pattern!r}: {char} is never closed")
            items.append(inner if char == "(" else Alternatives(inner.options + ((),)))
            pos += 1
        elif char in "{<":
            flush()
            close = "}" if char == "{" else ">"
            end = pattern.find(close, pos)
            if end < 0:
                raise SentenceError(f"{pattern!r}: {char} is never closed")
            inside = pattern[pos + 1:end]
            if char == "{":
                name, _, particle = inside.partition(":")
                if name not in (*PLACE_SLOTS, "category"):
                    raise SentenceError(f"{pattern!r}: unknown slot {{{name}}} (slots: {', '.join(PLACE_SLOTS)}, category)")
                items.append(Slot(name, particle))
            else:
                items.append(RuleRef(inside))
            pos = end + 1
        elif char in ")]}>":
            raise SentenceError(f"{pattern!r}: {char} at {pos} closes nothing")
        else:
            text.append(char)
            pos += 1
    flush()
    options.append(tuple(items))
    return Alternatives(tuple(options)), pos


@dataclass(frozen=True)
class SentenceMatch:
    intent: str
    slots: tuple[str, ...]       # the place slots in the order their names stand in the question
    pattern: str


class Grammar:
    """The sentence patterns of every intent, with their shared rules, for one or more languages."""

    def __init__(self, sentences: dict[str, list[str]], rules: dict[str, str], category_re: re.Pattern):
        self.rules = {name: parse(body) for name, body in rules.items()}
        self.patterns = {intent: [(p, parse(p)) for p in patterns] for intent, patterns in sentences.items()}
        self._category = category_re.pattern
        self._compiled: list[tuple[str, str, re.Pattern, dict[str, str]]] = []
        for intent, patterns in self.patterns.items():
            for text, tree in patterns:
                groups: dict[str, str] = {}
                regex = self._regex(tree, groups, set())
                self._compiled.append((intent, text, re.compile(rf"\s*{regex}\s*", re.I), groups))

    # ------------------------------------------------------------------ recognising
    def match(self, slotted: str) -> SentenceMatch | None:
        """The first pattern (in file order) the whole question fits, with its place names as SLOT_MARKs."""
        question = re.sub(r"\s+", " ", _PUNCTUATION.sub(" ", slotted)).strip()
        for intent, text, regex, groups in self._compiled:
            found = regex.fullmatch(question)
            if found:
                filled = sorted((found.start(g), slot) for g, slot in groups.items() if found.group(g) is not None)
                return SentenceMatch(intent, tuple(slot for _, slot in filled), text)
        return None

    def _regex(self, node, groups: dict[str, str], seen_rules: set[str]) -> str:
        if isinstance(node, Alternatives):
            return "(?:" + "|".join("".join(self._regex(n, groups, seen_rules) for n in option)
                                    for option in node.options) + ")"
        if isinstance(node, Text):
            words = _PUNCTUATION.sub(" ", node.text.lower()).split()
            edge = r"\s*"
            return edge + r"\s*".join(re.escape(w) for w in words) + edge if words else edge
        if isinstance(node, RuleRef):
            if node.name not in self.rules:
                raise SentenceError(f"unknown rule <{node.name}> (rules: {', '.join(self.rules)})")
            if node.name in seen_rules:
                raise SentenceError(f"rule <{node.name}> refers to itself")
            return self._regex(self.rules[node.name], groups, seen_rules | {node.name})
        particle = "(?:" + "|".join(particle_forms(node.particle)) + ")" if node.particle else ""
        if node.name == "category":
            return rf"(?:{self._category}){particle}"
        group = f"s{len(groups)}"
        groups[group] = node.name
        return rf"(?:the\s+)?(?P<{group}>{SLOT_MARK})\s*{particle}"

    # ------------------------------------------------------------------ generating
    def count(self, node) -> int:
        """How many sentences a pattern (or rule) expands to."""
        if isinstance(node, Alternatives):
            return sum(prod(self.count(n) for n in option) for option in node.options)
        if isinstance(node, RuleRef):
            return self.count(self.rules[node.name])
        return 1

    def sample(self, node, rng: random.Random) -> str:
        """One sentence of a pattern, its slots left as `{place}`, `{place:은}`..."""
        if isinstance(node, Alternatives):
            return "".join(self.sample(n, rng) for n in rng.choice(node.options))
        if isinstance(node, RuleRef):
            return self.sample(self.rules[node.name], rng)
        if isinstance(node, Slot):
            return "{" + node.name + (":" + node.particle if node.particle else "") + "}"
        return node.text

    def sentences(self, intent: str, per_pattern: int = 8, seed: int = 0) -> list[str]:
        """Sentences of an intent's patterns: every expansion of a small pattern, `per_pattern` distinct
        samples of a larger one; spaces tidied ("어디 있어 ?" -> "어디 있어?")."""
        rng = random.Random(f"{seed}:{intent}")
        out: list[str] = []
        for _, tree in self.patterns.get(intent, []):
            wanted = min(per_pattern, self.count(tree))
            got: list[str] = []
            for _ in range(wanted * 20):
                sentence = tidy(self.sample(tree, rng))
                if sentence not in got:
                    got.append(sentence)
                if len(got) >= wanted:
                    break
            out += got
        return list(dict.fromkeys(out))


def tidy(sentence: str) -> str:
    sentence = re.sub(r"\s+", " ", sentence).strip()
    return re.sub(r"\s+([?.!,:])", r"\1", sentence)
