"""Load the knowledge base from JSON (the shipped file by default)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .schema import KnowledgeBase, KnowledgeBaseError, parse_knowledge_base

DEFAULT_KB_PATH = Path(__file__).resolve().parent.parent / "data" / "campus_kb.json"


def load_knowledge_base(path: str | Path | None = None) -> KnowledgeBase:
    """Read and validate a knowledge base file; `None` or "" loads the shipped campus KB."""
    if not path:
        return _default_knowledge_base()
    return _read(Path(path))


@lru_cache(maxsize=1)
def _default_knowledge_base() -> KnowledgeBase:
    return _read(DEFAULT_KB_PATH)


def _read(path: Path) -> KnowledgeBase:
    if path.is_dir():
        raise KnowledgeBaseError(f"knowledge base {path} is a directory; give the path of its JSON file")
    if not path.is_file():
        raise KnowledgeBaseError(f"knowledge base file not found: {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KnowledgeBaseError(f"knowledge base {path} is not valid UTF-8 JSON: {exc}") from exc
    try:
        return parse_knowledge_base(data)
    except KnowledgeBaseError as exc:
        raise KnowledgeBaseError(f"{path}: {exc}") from None
