"""`hyguide-train dataset check`: rows that teach only what their prompt holds, in Korean people say.

Two checks, on every row of a built dataset (and on every pair before `dataset build` or `qa generate`
keeps it):
- **grounded rows**: every key fact the answer states (a place, a building number, floor, minutes, exit,
  line, bus or distance; key_facts.py finds them) must be stated in the prompt: in a fact line or in an
  earlier turn. A model fine-tuned on a row whose answer says more than its facts learns to invent.
- **grammar lint** (Korean questions and answers): the particle after a place's name or a number, and
  the copula 이에요/예요, must fit the last sound of the word before it as it is read aloud
  (`josa`: 장소예요, 한양플라자는, 105는 [백오], 101이에요 [백일]).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from tqdm import tqdm

from hyguide_ros.guide.phrase.key_facts import extract_facts
from hyguide_ros.guide.phrase.prompt import question_of
from hyguide_ros.knowledge import KnowledgeBase, PlaceIndex
from hyguide_ros.knowledge.facts import Fact
from hyguide_ros.knowledge.spoken import josa

# The prompt's fact lines sit between its facts heading and its question heading, one per "- " line.
_FACT_LINE = re.compile(r"^- (.+)$", re.M)
# Particles whose form depends on the sound before them, longest first; each with its after-consonant form.
_PARTICLES = [("이에요", "이에요"), ("예요", "이에요"), ("으로", "으로"), ("이랑", "이랑"), ("이나", "이나"),
              ("은", "은"), ("는", "은"), ("을", "을"), ("를", "을"), ("과", "과"), ("와", "과"), ("로", "으로"),
              ("이", "이"), ("가", "이")]
_PARTICLE_AFTER = re.compile("(" + "|".join(p for p, _ in _PARTICLES) + r")(?=[\s?.!,]|$)")
_NUMBER_PARTICLE = re.compile(r"(?<![\d.])(\d+)(" + "|".join(p for p, _ in _PARTICLES) + r")(?=[\s?.!,]|$)")
_COPULA = re.compile(r"([가-힣])(이에요|예요)")


@dataclass
class CheckReport:
    rows: Counter = field(default_factory=Counter)            # row type -> rows checked
    ungrounded: Counter = field(default_factory=Counter)      # row type -> rows stating a fact outside the prompt
    grammar: Counter = field(default_factory=Counter)         # row type -> rows with a grammar-lint finding
    examples: list[str] = field(default_factory=list)         # a few findings, for the reader

    @property
    def clean(self) -> bool:
        return not self.ungrounded and not self.grammar

    def add(self, row_type: str, problems: list[str], grammar: list[str], where: str) -> None:
        self.rows[row_type] += 1
        self.ungrounded[row_type] += bool(problems)
        self.grammar[row_type] += bool(grammar)
        self.ungrounded += Counter()        # drop zero counts: `clean` reads them
        self.grammar += Counter()
        if (problems or grammar) and len(self.examples) < 20:
            self.examples.append(f"{where}: {'; '.join(problems + grammar)}")

    def table(self) -> str:
        lines = ["| row type | rows | fact outside the prompt | share | grammar findings |", "|---|---:|---:|---:|---:|"]
        for row_type in sorted(self.rows):
            n, bad = self.rows[row_type], self.ungrounded[row_type]
            lines.append(f"| {row_type} | {n} | {bad} | {bad / n:.1%} | {self.grammar[row_type]} |")
        total, bad = sum(self.rows.values()), sum(self.ungrounded.values())
        lines.append(f"| all | {total} | {bad} | {bad / max(total, 1):.1%} | {sum(self.grammar.values())} |")
        return "\n".join(lines)


def facts_stated(texts: Iterable[str], index: PlaceIndex) -> set[Fact]:
    """Key facts of several texts, each read on its own (a prompt's fact line is one fact: a cue of one
    line must not colour the next)."""
    stated: set[Fact] = set()
    for text in texts:
        stated |= extract_facts(text, index)
    return stated


def not_given(answer: str, given: set[Fact], index: PlaceIndex) -> list[str]:
    """The key facts `answer` states that are not among `given` (empty: the answer holds)."""
    return [f"{f.kind} {f.value} is not in the prompt"
            for f in sorted(extract_facts(answer, index), key=lambda f: (f.kind, f.value)) if f not in given]


def ungrounded_facts(messages: list[dict], index: PlaceIndex) -> list[str]:
    """What the last (assistant) turn states that the model was not given: the fact lines of the last
    user turn and the earlier turns. Empty for a grounded row that holds."""
    given = facts_stated(_FACT_LINE.findall(messages[-2]["content"]), index) | \
        facts_stated((turn["content"] for turn in messages[:-2]), index)
    return not_given(messages[-1]["content"], given, index)


def grammar_findings(text: str, kb: KnowledgeBase) -> list[str]:
    """Particles that do not fit the sound before them, in Korean text (empty: none found)."""
    out: list[str] = []
    for m in _COPULA.finditer(text):
        right = josa(m.group(1), "이에요")[1:]
        if m.group(2) != right and m.group(1) != "이":      # "이예요" is 이 (the noun ending) + 예요
            out.append(f"'{m.group(0)}' should be '{m.group(1)}{right}'")
    for m in _NUMBER_PARTICLE.finditer(text):
        out += _particle_problem(m.group(1), m.group(2))
    for name in _korean_names(kb):
        for m in re.finditer(re.escape(name), text):
            after = _PARTICLE_AFTER.match(text, m.end())
            if after:
                out += _particle_problem(name, after.group(1))
    return list(dict.fromkeys(out))


def _particle_problem(word: str, particle: str) -> list[str]:
    base = dict(_PARTICLES)[particle]
    right = josa(word, base)[len(word):]
    return [] if right == particle else [f"'{word}{particle}' should be '{word}{right}'"]


_NAMES_CACHE: dict[int, tuple[KnowledgeBase, list[str]]] = {}     # id -> (that knowledge base, its names)


def _korean_names(kb: KnowledgeBase) -> list[str]:
    """Korean names and aliases of the knowledge base, longest first (a name inside a longer one is
    checked where the longer one is not). Kept with the knowledge base itself, so that another one made
    later at the same id is never given these names."""
    cached = _NAMES_CACHE.get(id(kb))
    if cached is None or cached[0] is not kb:
        names = {n for p in kb.places.values() for n in (p.name_ko, *p.aliases) if re.search(r"[가-힣]$", n)}
        cached = _NAMES_CACHE[id(kb)] = (kb, sorted(names, key=len, reverse=True))
    return cached[1]


def check_row(record: dict, kb: KnowledgeBase, index: PlaceIndex) -> tuple[list[str], list[str]]:
    """(facts outside the prompt, grammar findings) of one dataset row."""
    messages = record["messages"]
    meta = record.get("meta", {})
    problems = ungrounded_facts(messages, index) if meta.get("variant") == "grounded" else []
    grammar: list[str] = []
    if meta.get("language") == "ko":
        grammar = grammar_findings(question_of(messages[-2]["content"]), kb) + \
            grammar_findings(messages[-1]["content"], kb)
    return problems, grammar


def check_dataset(data_dir: Path, kb: KnowledgeBase, index: PlaceIndex, progress: bool = True) -> CheckReport:
    """Every row of DATA_DIR's train/val/test.jsonl, checked."""
    report = CheckReport()
    files = sorted(Path(data_dir).glob("*.jsonl"))
    if not files:
        raise ValueError(f"no .jsonl files in {data_dir} (a `hyguide-train dataset build` output folder)")
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(tqdm(lines, desc=f"check {path.name}", unit="row", disable=not progress), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                problems, grammar = check_row(record, kb, index)
            except (json.JSONDecodeError, KeyError, IndexError, TypeError) as exc:
                raise ValueError(f"{path}:{n}: not a dataset row ({exc})") from None
            row_type = f"{record.get('meta', {}).get('type', '?')}/{record.get('meta', {}).get('variant', '?')}"
            report.add(row_type, problems, grammar, f"{path.name}:{n}")
    return report
