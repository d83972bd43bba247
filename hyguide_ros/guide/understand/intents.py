"""What people say, per language, as data: `intents/<language>.txt` (one file per language the guide
speaks) holds each intent's sentence patterns with slots (sentences.py) and its cues, greetings,
requests for help, facts the knowledge base does not hold, and the words for kinds of place. The
understanding reads them through `INTENT_DATA`; the training data's template questions are sampled
from the same sentence patterns.

A question may mix languages (a Korean name in an English question), so each intent's cues of all
languages form one pattern, and a question is matched against the sentences of every language.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from ..languages import LANGUAGES
from .sentences import Grammar, SentenceError, SentenceMatch

LANGUAGES_DIR = Path(__file__).parents[1] / "languages"     # languages/<language>/intents.txt


def intents_file(directory: Path, language: str) -> Path:
    """A language's sentence file in a folder of language folders."""
    return directory / language / "intents.txt"


class Intent(str, Enum):       # (StrEnum is Python 3.11+; ROS 2 Humble's Python is 3.10)
    """What a question asks; the composer has a handler for each (a str: `Intent.ROUTE == "route"`)."""
    GREETING = "greeting"
    HELP = "help"
    WHERE_IS = "where_is"
    ROUTE = "route"
    WALK_TIME = "walk_time"
    FLOORS = "floors"
    NEARBY = "nearby"
    FEATURES = "features"
    CATEGORY = "category"
    BUILDING_NUMBER = "building_number"
    CLOSER = "closer"
    RELATION = "relation"
    TRANSIT = "transit"
    YES_NO_CATEGORY = "yes_no_category"
    CATEGORY_NEAR = "category_near"
    UNSUPPORTED_FACT = "unsupported_fact"
    OUT_OF_SCOPE = "out_of_scope"

    def __str__(self) -> str:
        return self.value


# A bracketed aside may stand between a name and the cue after it: "학생회관(107)에서", "노천극장(209관)에서",
# "왕십리역(비트플렉스)에서".
ASIDE = r"\s*\)?\s*(?:\(\s*\d{3}\s*(?:번\s*)?(?:관|건물)?\s*\)\s*)?"


@dataclass(frozen=True)
class RoleCues:
    """Cues that give a place name its role in a question (start, via, near, goal, at), right after the
    name ("{place}에서") or right before it ("from {place}"); the `[roles]` sections of every language."""
    after: dict[str, re.Pattern]
    before: dict[str, re.Pattern]

    def after_name(self, role: str, text_after: str) -> re.Match | None:
        pattern = self.after.get(role)
        return pattern.match(text_after) if pattern else None

    def before_name(self, role: str, text_before: str) -> re.Match | None:
        pattern = self.before.get(role)
        return pattern.search(text_before) if pattern else None


def _role_cues(lines: list[tuple[str, Path]]) -> RoleCues:
    after: dict[str, list[str]] = {}
    before: dict[str, list[str]] = {}
    for line, path in lines:
        role, colon, cue = line.partition(":")
        cue = cue.strip()
        if not colon or not role.strip().isidentifier() or cue.count("{place}") != 1 or \
                not (cue.startswith("{place}") or cue.endswith("{place}")):
            raise ValueError(f"{path}: [roles] line {line!r} is not 'role: cue' with {{place}} at one end of the cue")
        if cue.startswith("{place}"):
            after.setdefault(role.strip(), []).append(cue[len("{place}"):])
        else:
            before.setdefault(role.strip(), []).append(cue[:-len("{place}")])
    return RoleCues(after={r: re.compile(rf"^{ASIDE}(?:{'|'.join(c)})", re.I) for r, c in after.items()},
                    before={r: re.compile(rf"(?:{'|'.join(c)})$", re.I) for r, c in before.items()})


@dataclass(frozen=True)
class IntentData:
    rules: list[tuple[Intent, re.Pattern]]         # intent -> its cues, in priority order
    greeting: re.Pattern
    help: re.Pattern
    unsupported: re.Pattern
    category_words: dict[str, tuple[str, ...]]     # a word for a kind of place -> category keys
    category_re: re.Pattern                        # any of those words, the longest first
    grammars: dict[str, Grammar]                   # language -> its sentence patterns and rules
    roles: RoleCues
    loanwords: dict[str, str]                      # a word as another script writes it -> the word ("빌딩": building)

    def match_sentence(self, slotted: str) -> SentenceMatch | None:
        """The sentence pattern (of any language) the whole question fits; place names as SLOT_MARKs."""
        return next((m for g in self.grammars.values() if (m := g.match(slotted))), None)


def read_sections(path: Path) -> dict[str, list[str]]:
    """`[section]` -> its lines (comments and blank lines skipped), in file order."""
    sections: dict[str, list[str]] = {}
    current = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1].strip(), [])
        elif current is None:
            raise ValueError(f"{path}:{number}: a line before the first [section]")
        else:
            current.append(line)
    return sections


def load_intent_data(directory: Path = LANGUAGES_DIR, languages: tuple[str, ...] = LANGUAGES) -> IntentData:
    files = {language: read_sections(intents_file(directory, language)) for language in languages}
    order = list(files[languages[0]])
    for language, sections in files.items():
        if list(sections) != order:
            raise ValueError(f"{intents_file(directory, language)}: sections {list(sections)} differ from "
                             f"{languages[0]}'s {order} (the same sections, in the same order, in every language)")

    def pattern(section: str) -> re.Pattern:
        return re.compile("|".join(cue for sections in files.values() for cue in sections[section]), re.I)

    words: dict[str, tuple[str, ...]] = {}
    for sections in files.values():
        for line in sections["categories"]:
            word, _, keys = line.partition(":")
            words[word.strip()] = tuple(keys.split())
    unknown = [s for s in order if s.startswith(("intent ", "sentences "))
               and s.split(" ", 1)[1] not in Intent.__members__.values()]
    if unknown:
        raise ValueError(f"{directory}: sections for intents the guide does not know: {unknown} (intents.Intent)")
    loanwords: dict[str, str] = {}
    for language, sections in files.items():
        for line in sections.get("loanwords", []):
            spellings, colon, meant = line.rpartition(":")
            if not colon or not meant.strip():
                raise ValueError(f"{intents_file(directory, language)}: [loanwords] line {line!r} is not 'word | word: meaning'")
            loanwords.update({w.strip(): meant.strip() for w in spellings.split("|") if w.strip()})
    # an English word from its first letter ("eat", "eating", not the "eat" of "theater" or "features"), a
    # Korean one anywhere in a word ("중고서점")
    category_re = re.compile("|".join(rf"(?<![a-z]){re.escape(w)}" if w.isascii() else re.escape(w)
                                      for w in sorted(words, key=len, reverse=True)))
    grammars = {}
    for language, sections in files.items():
        rules = dict(_rule(line, intents_file(directory, language)) for line in sections.get("rules", []))
        sentences = {s.split(" ", 1)[1]: lines for s, lines in sections.items() if s.startswith("sentences ")}
        try:
            grammars[language] = Grammar(sentences, rules, category_re)
        except SentenceError as error:
            raise ValueError(f"{intents_file(directory, language)}: {error}") from None
    return IntentData(rules=[(Intent(s.split(" ", 1)[1]), pattern(s)) for s in order if s.startswith("intent ")],
                      greeting=pattern("greeting"), help=pattern("help"), unsupported=pattern("unsupported"),
                      category_words=words, category_re=category_re, grammars=grammars, loanwords=loanwords,
                      roles=_role_cues([(line, intents_file(directory, language)) for language, sections in files.items()
                                        for line in sections.get("roles", [])]))


def _rule(line: str, path: Path) -> tuple[str, str]:
    name, equals, body = line.partition("=")
    if not equals or not name.strip().isidentifier():
        raise ValueError(f"{path}: [rules] line {line!r} is not 'name = pattern'")
    return name.strip(), body.strip()


INTENT_DATA = load_intent_data()
