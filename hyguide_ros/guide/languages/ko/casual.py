"""Korean speech style (polite 해요체 / casual 반말). Particles by sound: `knowledge.spoken.josa`."""
from __future__ import annotations

# Polite (해요체) endings used by the templates, and their casual (반말) forms.
_CASUAL = [("이에요.", "이야."), ("예요.", "야."), ("있어요.", "있어."), ("없어요.", "없어."), ("걸려요.", "걸려."),
           ("돼요.", "돼."), ("해요.", "해."), ("나와요.", "나와."), ("가까워요.", "가까워."), ("멀어요.", "멀어."),
           ("아니에요.", "아니야."), ("도착해요.", "도착해."), ("보세요.", "봐."), ("주세요.", "줘."),
           ("모르겠습니다.", "모르겠어."), ("있나요?", "있어?"), ("건가요?", "거야?"), ("할게요.", "할게."),
           ("타세요.", "타."), ("내리세요.", "내려."), ("좋아요.", "좋아."), ("갈 수 있어요.", "갈 수 있어."),
           ("세요.", "."), ("요.", ".")]


def to_casual(sentence: str) -> str:
    """Turn one polite template sentence into casual speech."""
    for polite, casual in _CASUAL:
        if sentence.endswith(polite):
            return sentence[: -len(polite)] + casual
    return sentence
