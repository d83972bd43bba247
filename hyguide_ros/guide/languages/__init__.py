"""Which language a question is in: Korean or English."""
from __future__ import annotations

import re

LANGUAGES = ("ko", "en")
_EN_FUNCTION_WORDS = re.compile(
    r"\b(where|what|which|how|is|are|the|to|do|does|can|could|there|near|from|far|long|tell|me|i|it|a|an|of|get)\b")


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
