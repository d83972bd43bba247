"""Compose an answer: a handler per intent (handlers.py) picks the knowledge base's facts and returns
frames (guide/frames); the composer words them with the renderer of the question's language
(guide/languages/<language>/render.py)."""
from .answer import Answer, Reply
from .composer import Composer

__all__ = ["Answer", "Composer", "Reply"]
