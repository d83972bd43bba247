"""Korean particles that depend on the last sound of a word, and speech style."""
from __future__ import annotations

# Last digit as read in Sino-Korean: does it end in a consonant (batchim), and is it ㄹ?
_DIGIT_BATCHIM = {"0": True, "1": True, "2": False, "3": True, "4": False, "5": False,
                  "6": True, "7": True, "8": True, "9": False}
_DIGIT_RIEUL = {"1", "7", "8"}
# Latin letters whose English name ends in a consonant sound Koreans write as batchim.
_LATIN_BATCHIM = set("lmnr")
_PAIRS = {"은": ("은", "는"), "이": ("이", "가"), "을": ("을", "를"), "과": ("과", "와"),
          "으로": ("으로", "로"), "이에요": ("이에요", "예요"), "이고": ("이고", "고"), "이나": ("이나", "나")}


def _batchim(word: str) -> tuple[bool, bool]:
    """(has a final consonant, that consonant is ㄹ) for the last pronounced character."""
    word = word.rstrip(" )'\".")
    if not word:
        return False, False
    last = word[-1]
    if "가" <= last <= "힣":
        final = (ord(last) - 0xAC00) % 28
        return final != 0, final == 8
    if last.isdigit():
        return _DIGIT_BATCHIM[last], last in _DIGIT_RIEUL
    return last.lower() in _LATIN_BATCHIM, last.lower() == "l"


def josa(word: str, particle: str) -> str:
    """`word` with the right form of `particle` (given in its after-consonant form: 은, 이, 을, 과, 으로...)."""
    if particle not in _PAIRS:        # 의, 에, 에서, 까지, 도: the same after any sound
        return word + particle
    with_final, without_final = _PAIRS[particle]
    has_final, is_rieul = _batchim(word)
    if particle == "으로" and is_rieul:
        return word + "로"
    return word + (with_final if has_final else without_final)


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
