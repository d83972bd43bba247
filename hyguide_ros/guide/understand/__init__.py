"""Understand a question: the transcript made plain, the places named and linked (or found to be no
place of ours), their roles, and the intent."""
from .transcript import clean_transcript
from .understanding import Query, Understanding

__all__ = ["Query", "Understanding", "clean_transcript"]
