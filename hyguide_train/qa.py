"""Grounded QA pairs from the knowledge base: deterministic templates, checked, de-duplicated.

Questions come from `templates.py`; answers are the text guide's composed answers, so every
answer is built from knowledge-base facts. Each pair is still checked (`FactChecker`) and a pair
is rejected, with its reason counted, when the guide answered another intent or place, abstained
where it should not, or stated a number the facts do not support.
"""
from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from typing import Iterator

from hyguide_ros.guide import CampusGuide, GuideConfig
from hyguide_ros.guide.languages.en.render import a_or_an
from hyguide_ros.knowledge import Place
from hyguide_ros.knowledge.facts import facts
from hyguide_ros.knowledge.search import compact
from hyguide_ros.knowledge.spoken import josa

from . import templates as T
from .validate import FactChecker

# Intents a template type may be answered with; anything else means the guide misread the question.
TYPE_INTENTS = {
    "basic": {"where_is", "building_number", "floors", "category", "features", "yes_no_category", "walk_time"},
    "route": {"route", "walk_time", "where_is"},
    "location": {"nearby", "relation", "where_is", "route"},
    "transport": {"transit", "route", "walk_time", "where_is"},
    "complex": {"closer", "yes_no_category", "category_near"},
}
# Every fact of a place that has needles (knowledge/facts.py) is stated at least once; looked for in
# this order (a pair that states an earlier fact may state a later one too), new kinds last.
COVERAGE_ORDER = ("building", "floors", "walk", "transport", "features", "neighbours")
SPARE_PER_TYPE = 12     # valid pairs kept in reserve per type, to make up short types and cover every fact
_SLOT = re.compile(r"\{(\w)(?::(\w+))?\}")
_ARTICLE = re.compile(r"\b(a|an) (\w+)")


@dataclass
class QAPair:
    """One generated example: earlier turns (multi-turn pairs), the question and the guide's answer."""
    question: str
    answer: str
    place_id: str | None          # the place the pair is about (None: a place that does not exist)
    zone: str
    language: str
    type: str
    place_ids: list[str] = field(default_factory=list)   # places the answer is grounded on
    history: list[dict] = field(default_factory=list)
    source: str = "template"

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, record: dict) -> "QAPair":
        names = {f.name for f in fields(cls)}
        missing = {"question", "answer", "place_id", "zone", "language", "type"} - record.keys()
        if missing:
            raise ValueError(f"not a QA pair, missing {sorted(missing)}")
        return cls(**{k: v for k, v in record.items() if k in names})

    @property
    def split_key(self) -> str:
        return self.place_id or "unknown:" + compact(self.question)


@dataclass
class GenerationReport:
    rejected: Counter = field(default_factory=Counter)     # reason -> count
    examples: dict[str, str] = field(default_factory=dict)  # reason -> one rejected question

    def reject(self, reason: str, question: str) -> None:
        self.rejected[reason] += 1
        self.examples.setdefault(reason, question)


def fill(template: str, slots: dict[str, str]) -> str:
    """Fill `{n}`, `{n:은}`... in a template; a particle takes the form the word's last sound needs, and
    an English article the form the next word's sound needs ("a cafe", "an administrative"; languages/en/render.py a_or_an)."""
    def sub(m: re.Match) -> str:
        word = slots[m.group(1)]
        return josa(word, m.group(2)) if m.group(2) else word
    return _ARTICLE.sub(lambda m: a_or_an(m.group(2)), _SLOT.sub(sub, template))


def zone_group(place: Place) -> str:
    if place.kind == "building":
        return "campus"
    if place.kind == "place":
        return "off"
    return "other"


def spoken_names(place: Place, language: str) -> list[str]:
    """Names a visitor says: the official name first, then aliases in that language, then "105관" forms."""
    names = [place.name_ko if language == "ko" else place.name_en]
    names += [a for a in place.aliases if a.isascii() == (language == "en") and len(compact(a)) >= 2]
    if place.building_code:
        names.append(f"{place.building_code}관" if language == "ko" else f"Building {place.building_code}")
    return list(dict.fromkeys(names))


class TemplateGenerator:
    def __init__(self, guide: CampusGuide | None = None, seed: int = 13,
                 counts: dict[str, dict[str, int]] | None = None):
        self.guide = guide or CampusGuide(GuideConfig())
        self.kb = self.guide.kb
        self.checker = FactChecker(self.kb, self.guide.index)
        self.seed = seed
        self.counts = counts or T.DEFAULT_COUNTS
        self.report = GenerationReport()

    # ------------------------------------------------------------------ per place
    def pairs_for(self, place: Place, language: str) -> list[QAPair]:
        rng = random.Random(f"{self.seed}:{place.id}:{language}")
        group = zone_group(place)
        wanted = self.counts[group]
        kept: list[QAPair] = []
        seen: list[set[str]] = []
        spare: list[QAPair] = []
        untried: list[tuple[str, list[str], str]] = []
        for qa_type, count in wanted.items():
            tpl_group = "off" if group == "other" else group
            candidates = list(self._questions(place, tpl_group, qa_type, language, rng))
            rng.shuffle(candidates)
            got = 0
            for i, (question, slots_places) in enumerate(candidates):
                pair = self._answer(place, question, qa_type, language, slots_places)
                if pair is None or near_duplicate(question, seen, self.report):
                    continue
                seen.append(trigrams(question))
                (kept if got < count else spare).append(pair)
                got += 1
                if got >= count + SPARE_PER_TYPE:
                    untried += [(q, sp, qa_type) for q, sp in candidates[i + 1:]]
                    break
        total = sum(wanted.values())
        kept += [spare.pop(0) for _ in range(min(len(spare), max(0, total - len(kept))))]  # short types made up
        for needles in self._fact_strings(place, language):     # every fact of the place is said at least once
            if not any(n in p.answer for p in kept for n in needles):
                extra = next((p for p in spare if any(n in p.answer for n in needles)), None) \
                    or self._first_covering(place, language, untried, needles, seen)
                if extra is not None:
                    kept.append(extra)
                    if extra in spare:
                        spare.remove(extra)
        return kept

    def _first_covering(self, place: Place, language: str, untried: list[tuple[str, list[str], str]],
                        needles: list[str], seen: list[set[str]]) -> QAPair | None:
        for question, slot_places, qa_type in untried:
            pair = self._answer(place, question, qa_type, language, slot_places)
            if pair is not None and any(n in pair.answer for n in needles) \
                    and not near_duplicate(question, seen, self.report):
                seen.append(trigrams(question))
                return pair
        return None

    def _fact_strings(self, place: Place, language: str) -> list[list[str]]:
        """Per fact of the place that an answer can be seen to state, the strings that show it."""
        shown = [f for f in facts(self.kb, place.id) if f.needles.get(language)]
        shown.sort(key=lambda f: COVERAGE_ORDER.index(f.kind) if f.kind in COVERAGE_ORDER else len(COVERAGE_ORDER))
        return [list(f.needles[language]) for f in shown]

    def _questions(self, place: Place, group: str, qa_type: str, language: str,
                   rng: random.Random) -> Iterator[tuple[str, list[str]]]:
        # a name several places share is asked back, so it makes no pair about one of them
        names = [n for n in spoken_names(place, language) if not self.guide.index.is_shared(n)]
        others = self._second_places(place, qa_type, rng)
        cats = [T.CATEGORY_WORDS[c][language] for c in place.category if c in T.CATEGORY_WORDS]
        wrong = [w[language] for c, w in T.CATEGORY_WORDS.items() if c not in place.category]
        for template in T.TEMPLATES[(group, qa_type)][language]:
            for name in names:
                needs_m = "{m" in template
                for other in (others if needs_m else [None]):
                    slots = {"n": name, "c": rng.choice(cats + wrong[:len(cats) or 1]) if cats or wrong else ""}
                    if other:
                        slots["m"] = self.kb.get(other).name(language)
                    yield fill(template, slots), [place.id] + ([other] if other else [])

    def _second_places(self, place: Place, qa_type: str, rng: random.Random) -> list[str]:
        """Places for `{m}`: neighbours for location questions; other places of the same zone for the rest."""
        if qa_type == "location":
            return [n.place_id for n in place.neighbors if n.place_id in self.kb.places][:3]
        same = [p.id for p in self.kb.places.values() if p.zone == place.zone and p.kind == place.kind
                and p.id != place.id and p.walk_min is not None]
        return rng.sample(same, min(3, len(same)))

    def _answer(self, place: Place, question: str, qa_type: str, language: str,
                slot_places: list[str]) -> QAPair | None:
        conv = f"gen:{place.id}:{language}"
        answer = self.guide.ask(question, conversation_id=conv, language=language)
        self.guide.reset(conv)
        if answer.abstained:
            self.report.reject("guide abstained", question)
            return None
        if answer.intent not in TYPE_INTENTS[qa_type]:
            self.report.reject(f"answered as {answer.intent}", question)
            return None
        if place.id not in answer.place_ids:
            self.report.reject("answered about another place", question)
            return None
        grounded_on = list(dict.fromkeys(answer.place_ids + slot_places))
        problems = self.checker.problems(answer.text, grounded_on)
        if problems:
            self.report.reject("unsupported fact: " + problems[0].split(" is ")[0].split()[0], question)
            return None
        return QAPair(question, answer.text, place.id, place.zone, language, qa_type, answer.place_ids)

    # ------------------------------------------------------------------ special pairs
    def multi_turn_pairs(self, place: Place, language: str, count: int = 2) -> list[QAPair]:
        """"X 어디야?" then a follow-up with "거기"/"there", answered from the conversation's memory."""
        rng = random.Random(f"{self.seed}:multi:{place.id}:{language}")
        follow = (T.FOLLOW_UPS if place.kind == "building" else T.OFF_FOLLOW_UPS)[language]
        out = []
        for follow_up in rng.sample(follow, min(count, len(follow))):
            conv = f"multi:{place.id}:{language}"
            first_q = fill(rng.choice(T.TEMPLATES[("campus", "basic")][language][:4]), {"n": place.name(language)})
            first = self.guide.ask(first_q, conversation_id=conv, language=language)
            second = self.guide.ask(follow_up, conversation_id=conv, language=language)
            self.guide.reset(conv)
            if first.abstained or second.abstained or place.id not in second.place_ids:
                self.report.reject("multi-turn follow-up not answered", follow_up)
                continue
            if self.checker.problems(second.text, second.place_ids) or self.checker.problems(first.text, first.place_ids):
                self.report.reject("unsupported fact: multi-turn", follow_up)
                continue
            history = [{"role": "user", "content": first_q}, {"role": "assistant", "content": first.text}]
            out.append(QAPair(follow_up, second.text, place.id, place.zone, language, "multi_turn",
                              second.place_ids, history))
        return out

    def abstention_pairs(self, language: str) -> list[QAPair]:
        """Questions about places or facts the knowledge base does not hold: the answer says "I don't know"."""
        out = []
        rng = random.Random(f"{self.seed}:abstain:{language}")
        for name in T.UNKNOWN_PLACES[language]:
            for template in T.UNKNOWN_PLACE_QUESTIONS[language]:
                question = fill(template, {"n": name})
                answer = self.guide.ask(question, conversation_id="abstain", language=language)
                self.guide.reset("abstain")
                if not answer.abstained:
                    self.report.reject("unknown place was answered", question)
                    continue
                out.append(QAPair(question, answer.text, None, "campus", language, "abstain"))
        buildings = [p for p in self.kb.places.values() if p.kind in ("building", "place")]
        for place in rng.sample(buildings, min(60, len(buildings))):
            question = fill(rng.choice(T.UNSUPPORTED_FACT_QUESTIONS[language]), {"n": place.name(language)})
            answer = self.guide.ask(question, conversation_id="abstain", language=language)
            self.guide.reset("abstain")
            if not answer.abstained:
                self.report.reject("unsupported fact was answered", question)
                continue
            out.append(QAPair(question, answer.text, place.id, place.zone, language, "abstain", answer.place_ids))
        return out


def trigrams(text: str) -> set[str]:
    key = compact(text)
    return {key[i:i + 3] for i in range(max(1, len(key) - 2))}


def near_duplicate(question: str, seen: list[set[str]], report: GenerationReport, threshold: float = 0.9) -> bool:
    grams = trigrams(question)
    for other in seen:
        if len(grams & other) / max(1, len(grams | other)) >= threshold:
            report.reject("near-duplicate question", question)
            return True
    return False
