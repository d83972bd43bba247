"""The languages the guide speaks, one folder each (<language>/): what people say (intents.txt), the
words the understanding reads (words.py) and the renderer (render.py). Which language a question is in."""
from __future__ import annotations

import re
from types import ModuleType

from ...knowledge import LANGUAGES
from ..frames import Renderer
from .en import words as en_words
from .en.render import EnglishRenderer
from .ko import words as ko_words
from .ko.render import KoreanRenderer

WORDS: dict[str, ModuleType] = {"ko": ko_words, "en": en_words}
RENDERERS: dict[str, type[Renderer]] = {"ko": KoreanRenderer, "en": EnglishRenderer}


def cue(name: str, flags: int = re.I) -> re.Pattern:
    """The pattern `name` of every language's words.py that has one, as one pattern."""
    return re.compile("|".join(getattr(WORDS[lang], name) for lang in LANGUAGES if hasattr(WORDS[lang], name)), flags)


def word_set(name: str) -> frozenset[str]:
    """The word set `name` of every language's words.py that has one, as one set."""
    return frozenset().union(*(getattr(WORDS[lang], name) for lang in LANGUAGES if hasattr(WORDS[lang], name)))


_EN_FUNCTION_WORDS = re.compile(en_words.FUNCTION_WORDS)


def detect_language(text: str, default: str = "ko") -> str:
    """'ko' or 'en'. Pass the question with place names removed: an English question
    that names a Korean building ("Where is 융합교육관?") is still English."""
    hangul = len(re.findall(r"[가-힣]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    if hangul == 0 and latin == 0:
        return default
    if hangul == 0:
        return "en"
    if latin == 0:
        return "ko"
    return "en" if _EN_FUNCTION_WORDS.search(text.lower()) and latin > hangul else "ko"
