"""The grounded prompt: the facts the guide retrieved, written as lines, and the chat messages an LLM gets.

One format for two users: the LLM step on the robot (it phrases these facts) and the grounded
variant of the training data in hyguide_train (the model learns to phrase exactly this input).
Gemma's chat template has no system role, so the instructions open the user turn.
"""
from __future__ import annotations

from ..knowledge import CampusGraph, KnowledgeBase

INSTRUCTIONS = {
    "ko": "당신은 한양대학교 캠퍼스 안내 로봇입니다. 아래 사실만 사용해 두세 문장으로 답하세요. "
          "사실에 없는 건물 번호, 층수, 시간, 경로는 말하지 말고, 모르면 모른다고 말하세요.",
    "en": "You are the Hanyang University campus guide robot. Answer in two or three sentences using only "
          "the facts below. Do not state a building number, floor count, time or route that is not in the "
          "facts; if they do not answer the question, say you do not know. Give Korean names in parentheses.",
}
_HEADINGS = {"ko": ("사실", "질문"), "en": ("Facts", "Question")}


def place_facts(kb: KnowledgeBase, place_id: str, language: str) -> list[str]:
    """Fact lines about one place, in the knowledge base's words and numbers."""
    p = kb.get(place_id)
    ko = language == "ko"
    name = lambda pid: kb.get(pid).name_ko if ko else f"{kb.get(pid).name_en} ({kb.get(pid).name_ko})"  # noqa: E731
    origin = name(kb.origin)
    head = name(place_id) + (f", {'건물 번호' if ko else 'building number'} {p.building_code}" if p.building_code else "")
    lines = [head]
    if p.category:
        cats = [kb.categories[c].ko if ko else kb.categories[c].en for c in p.category if c in kb.categories]
        lines.append(("분류: " if ko else "category: ") + ", ".join(cats))
    if p.floors:
        below = (f", 지하 {p.floors.below}층" if ko else f", {p.floors.below} below ground") if p.floors.below else ""
        lines.append(f"지상 {p.floors.above}층{below}" if ko else f"{p.floors.above} floors above ground{below}")
    if p.walk_min is not None:
        lines.append(f"{origin}에서 걸어서 약 {p.walk_min}분" if ko else f"about {p.walk_min} minutes' walk from {origin}")
    if p.distance_m:
        lines.append(f"한양대역에서 약 {p.distance_m}m" if ko else f"about {p.distance_m} m from Hanyang Univ. Station")
    for n in p.neighbors:
        d = kb.directions.get(n.direction)
        where = (d.ko if ko else d.en) if d else n.direction
        lines.append(f"이웃: {name(n.place_id)} ({where})" if ko else f"neighbour: {name(n.place_id)} ({where})")
    passed = [s.landmark for s in p.route if s.do == "pass" and s.landmark]
    if passed:
        lines.append(("예지문에서 가는 길에 지나는 곳: " if ko else "passed on the way from the gate: ")
                     + ", ".join(name(pid) for pid in passed))
    if p.features:
        lines.append(("특징: " if ko else "features: ") + ", ".join(f.ko if ko else f.en for f in p.features))
    t = p.transport
    if t and t.mode == "bus":
        lines.append((f"버스 {', '.join(t.buses)}번: {t.board_stop} 정류장에서 타서 {t.alight_stop}에서 내림"
                      if ko else f"bus {', '.join(t.buses)}: board at {t.board_stop}, get off at {t.alight_stop}")
                     + (f", {'하차 후 도보' if ko else 'then walk'} {t.walk_after_min}{'분' if ko else ' min'}"
                        if t.walk_after_min else ""))
    if t and t.mode == "subway":
        lines.append(f"지하철 {t.line}호선 {name(t.from_station)} -> {name(t.to_station)}, {t.exit}번 출구" if ko else
                     f"subway Line {t.line} {name(t.from_station)} -> {name(t.to_station)}, exit {t.exit}")
    if p.lines:
        lines.append(("노선: " if ko else "lines: ") + ", ".join(p.lines))
    if p.access:
        lines.append(f"{name(p.access.station)} {p.access.exit}번 출구" if ko
                     else f"exit {p.access.exit} of {name(p.access.station)}")
    return lines


def grounding_facts(kb: KnowledgeBase, graph: CampusGraph, place_ids: list[str], language: str) -> list[str]:
    """The facts for an answer about `place_ids`: each place's lines, then the walk between the first two."""
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
