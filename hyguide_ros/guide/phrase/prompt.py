"""The grounded prompt: the facts the guide retrieved, written as lines, and the chat messages an LLM gets.

One format for two users: the LLM step on the robot (it phrases these facts) and the grounded
variant of the training data in hyguide_train (the model learns to phrase exactly this input).
Gemma's chat template has no system role, so the instructions open the user turn.
"""
from __future__ import annotations

from ...knowledge import CampusGraph, KnowledgeBase, PlaceIndex
from ...knowledge.facts import fact_lines
from ...knowledge.facts import facts as place_fact_list
from ...knowledge.search import normalize
from .. import frames as F
from ..languages import LANGUAGES, RENDERERS, WORDS

# What the model is told, per language (languages/<language>/words.py)
INSTRUCTIONS = {lang: WORDS[lang].PROMPT_INSTRUCTIONS for lang in LANGUAGES}
_HEADINGS = {lang: WORDS[lang].PROMPT_HEADINGS for lang in LANGUAGES}


def place_facts(kb: KnowledgeBase, place_id: str, language: str) -> list[str]:
    """Fact lines about one place, in the knowledge base's words and numbers (knowledge/facts.py),
    and a way with more than landmarks (crossings, exits, metres) in the words the guide says it."""
    lines = fact_lines(kb, place_id, language)
    route = kb.get(place_id).route
    if any(step.do != "pass" for step in route if step.do not in ("start", "arrive")):
        renderer = RENDERERS[language](kb)
        steps = renderer(F.RouteSteps(route), renderer.namer())
        lines.append(("가는 길: " if language == "ko" else "the way: ") + steps)
    return lines


def grounding_facts(kb: KnowledgeBase, graph: CampusGraph, place_ids: list[str], language: str,
                    answer: str = "", index: PlaceIndex | None = None) -> list[str]:
    """The facts for an answer about `place_ids`: each place's lines, then the walk between the first two.

    Given the composed `answer` (and the index that finds names in it), every other place the answer
    names gets its name, building number and transport too: the prompt then holds every fact the answer states,
    which is what a model trained on the pair (hyguide_train) may learn to say.
    """
    facts: list[str] = []
    for pid in dict.fromkeys(place_ids):
        facts += place_facts(kb, pid, language)
    if len(place_ids) >= 2 and place_ids[0] in graph and place_ids[1] in graph:
        # The way between them, along neighbours; its minutes are not measured, so none is given.
        path = graph.shortest_path(place_ids[1], place_ids[0])
        if path is not None and len(path.place_ids) > 2:
            names = [kb.get(p).name_ko if language == "ko" else kb.get(p).name_en for p in path.place_ids]
            facts.append(f"{names[0]}에서 {names[-1]}까지 가는 길: {', '.join(names[1:-1])}을(를) 지나요" if language == "ko"
                         else f"the way from {names[0]} to {names[-1]} passes {', '.join(names[1:-1])}")
    if answer and index is not None:
        for pid in dict.fromkeys(m.place_id for m in index.find(normalize(answer))):
            if pid not in place_ids:      # its name and number, its station exit, the bus or subway to it
                facts += [line for fact in place_fact_list(kb, pid) if fact.kind in ("building", "access", "transport")
                          for line in fact.lines.get(language, ())]
    return facts


def build_messages(question: str, facts: list[str], language: str,
                   history: list[dict] | None = None) -> list[dict]:
    """Chat messages (what `tokenizer.apply_chat_template` takes) for one grounded question.

    `history` is earlier turns as {"role", "content"} dicts; the facts go with the last question only.
    """
    facts_heading, question_heading = _HEADINGS[language]
    body = "\n".join(f"- {f}" for f in facts) if facts else ("- (없음)" if language == "ko" else "- (none)")
    user = f"{INSTRUCTIONS[language]}\n\n{facts_heading}:\n{body}\n\n{question_heading}: {question}"
    return [*(history or []), {"role": "user", "content": user}]


def question_of(user_content: str) -> str:
    """The visitor's question inside a `build_messages` user turn (the text itself for a plain turn)."""
    for _, question_heading in _HEADINGS.values():
        head, sep, question = user_content.rpartition(f"\n\n{question_heading}: ")
        if sep and head:
            return question
    return user_content
