"""Place names for the speech recogniser: the words it should expect, taken from the knowledge base.

Whisper is biased toward these through its prompt (faster-whisper's `hotwords`), so a place added
to the knowledge base is recognised without retraining the recogniser.
"""
from __future__ import annotations

from .schema import KnowledgeBase

# Most asked first: gates and stations, then campus buildings, then places off campus.
_KIND_ORDER = {"gate": 0, "station": 0, "building": 1}


def speech_hints(kb: KnowledgeBase, language: str = "ko", max_chars: int = 200) -> str:
    """Place names in `language`, most asked first, separated by ", ", at most `max_chars` long.

    Whisper's prompt holds about 220 tokens; Korean takes about one token per syllable, so the
    default keeps the hint well inside it.
    """
    places = sorted(kb.places.values(), key=lambda p: (_KIND_ORDER.get(p.kind, 2), p.zone != "campus",
                                                       p.building_code or "999", p.id))
    names: list[str] = []
    length = 0
    for p in places:
        name = p.name_ko if language == "ko" else p.name_en
        if not name or name in names:
            continue
        if length + len(name) + 2 > max_chars:
            break
        names.append(name)
        length += len(name) + 2
    return ", ".join(names)
