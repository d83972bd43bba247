"""Compose an answer: a handler per intent picks the knowledge base's facts and returns frames
(guide/frames), which the language's renderer words (guide/languages/<language>/render.py)."""
from .composer import Composer
from .wording import Reply

__all__ = ["Composer", "Reply"]
