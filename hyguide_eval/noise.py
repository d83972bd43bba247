"""What a speech recogniser could write instead of a typed question, one kind of noise at a time,
for `hyguide eval --noise` (the noisy-question benchmark, `make eval-noisy`).

Each kind changes a question the way recognisers do; a kind that does not apply to a question
(no number in it, no name with ㅐ/ㅔ ...) returns None, so each kind is scored on the questions it
changes. Deterministic for a given seed.
"""
from __future__ import annotations

import random
import re

from hyguide_ros.knowledge import PlaceIndex
from hyguide_ros.knowledge.spoken import LETTER_NAMES, english_reading, sino_reading

NOISE_KINDS = ("spacing", "vowels", "numerals", "loanwords", "fillers", "plain", "particles", "english_hangul")

# A role particle after a name, as a recogniser mishears it: a vowel confused, a space inside it.
_PARTICLE_NOISE = {"에서": ("애서", "에사", "이서", "에 서"), "까지": ("까자", "까즈", "까찌"), "으로": ("으루", "어루"),
                   "부터": ("부타",)}
# English words of names as a Korean recogniser writes them when the visitor says them in English.
_HANGUL_ENGLISH = {"building": "빌딩", "hall": "홀", "center": "센터", "centre": "센터", "library": "라이브러리",
                   "plaza": "플라자", "main": "메인", "student": "스튜던트", "union": "유니언", "gate": "게이트",
                   "station": "스테이션", "stadium": "스타디움", "museum": "뮤지엄", "school": "스쿨",
                   "business": "비즈니스", "international": "인터내셔널", "gym": "짐", "gymnasium": "짐네지엄",
                   "olympic": "올림픽", "hospital": "호스피털", "science": "사이언스", "engineering": "엔지니어링",
                   "music": "뮤직", "law": "로", "medical": "메디컬", "guest": "게스트", "house": "하우스",
                   "back": "백", "hanyang": "한양", "history": "히스토리", "design": "디자인", "alumni": "알럼나이",
                   "technology": "테크놀로지", "education": "에듀케이션", "research": "리서치", "institute": "인스티튜트",
                   "concert": "콘서트", "theater": "시어터", "plant": "플랜트", "social": "소셜", "sciences": "사이언스",
                   "humanities": "휴머니티스", "natural": "내추럴", "college": "칼리지", "fusion": "퓨전",
                   "information": "인포메이션", "culture": "컬처", "and": "앤드", "of": "오브", "the": "더"}

_KO_COUNTED = re.compile(r"(\d+)(\s*)(번\s*(?:건물|출구|버스)|관|층|분|호선)")
_EN_COUNTED = re.compile(r"\b(building|bldg\.?|exit|line|gate)\s+(\d+)\b|\b(\d+)\s+(floors?|minutes?)\b", re.I)
# Confusions inside names, as (written, heard) syllable-part rules on decomposed Hangul.
_VOWEL_SWAPS = {1: 5, 5: 1, 3: 7, 7: 3, 11: 10, 10: 15, 15: 11}     # ㅐ<->ㅔ, ㅒ<->ㅖ, ㅚ->ㅙ->ㅞ->ㅚ
_INITIAL_SWAPS = {10: 9, 9: 10, 1: 15}                              # ㅆ<->ㅅ, ㄲ->ㅋ


def _syllables(text: str) -> list[tuple[int, int, int, int]]:
    """(position, initial, vowel, final) of each Hangul syllable."""
    out = []
    for i, ch in enumerate(text):
        if "가" <= ch <= "힣":
            code = ord(ch) - 0xAC00
            out.append((i, code // 588, (code % 588) // 28, code % 28))
    return out


def _korean_reading(digits: str) -> str:
    """How a number is said in Korean: 105 -> 백오; a route code with a leading zero digit by digit (03 -> 공삼)."""
    if digits.startswith("0"):
        return "".join("공일이삼사오육칠팔구"[int(d)] for d in digits)
    return sino_reading(int(digits)) if len(digits) <= 4 else digits


def _name_spans(question: str, index: PlaceIndex) -> list[tuple[int, int]]:
    return [(m.start, m.end) for m in index.find(question) if m.how == "name"]


def add_noise(kind: str, question: str, index: PlaceIndex, rng: random.Random) -> str | None:
    """`question` as a recogniser could write it, with noise of one `kind`; None if the kind does not apply.
    Name spans are found in the lower-cased question, which has the same length once its spaces are
    single."""
    question = re.sub(r"\s+", " ", question).strip()
    if kind == "spacing":
        spans = [s for s in _name_spans(question.lower(), index) if " " not in question[s[0]:s[1]]
                 and s[1] - s[0] >= 3 and re.match(r"[가-힣]", question[s[0]])]
        if spans:                         # a space inside a name: "한양 플라자"
            start, end = rng.choice(spans)
            cut = rng.randint(start + 1, end - 1)
            return question[:cut] + " " + question[cut:]
        if re.search(r"[가-힣] [가-힣]", question):
            return re.sub(r"(?<=[가-힣]) (?=[가-힣])", "", question, count=1)   # two words run together
        return None
    if kind == "vowels":                  # one confusable sound inside a name: 국제관 -> 국재관, 플라자 -> 프라자
        changes = []
        for start, end in _name_spans(question.lower(), index):
            for pos, ini, vow, fin in _syllables(question[start:end]):
                at, nxt = start + pos, question[start + pos + 1] if start + pos + 1 < end else ""
                if fin == 8 and "가" <= nxt <= "힣" and (ord(nxt) - 0xAC00) // 588 == 5:
                    changes.append((at, chr(0xAC00 + (ini * 21 + vow) * 28)))
                elif vow in _VOWEL_SWAPS:
                    changes.append((at, chr(0xAC00 + (ini * 21 + _VOWEL_SWAPS[vow]) * 28 + fin)))
                elif ini in _INITIAL_SWAPS:
                    changes.append((at, chr(0xAC00 + (_INITIAL_SWAPS[ini] * 21 + vow) * 28 + fin)))
        if not changes:
            return None
        at, new = rng.choice(changes)
        return question[:at] + new + question[at + 1:]
    if kind == "numerals":
        if re.search(r"[가-힣]", question):
            new = _KO_COUNTED.sub(lambda m: f"{_korean_reading(m.group(1))} {m.group(3)}", question)
        else:
            new = _EN_COUNTED.sub(lambda m: f"{m.group(1)} {english_reading(m.group(2))}" if m.group(1)
                                  else f"{english_reading(m.group(3))} {m.group(4)}", question)
        return new if new != question else None
    if kind == "loanwords":
        new = re.sub(r"\b([A-Z]{2,5})(?=[\s가-힣0-9/]|$)",
                     lambda m: "".join(LETTER_NAMES[c] for c in m.group(1).lower()), question)
        return new.replace("/", "") if new != question and re.search(r"[가-힣]", question) else None
    if kind == "fillers":
        words = question.split()
        korean = bool(re.search(r"[가-힣]", question))
        filler = rng.choice(["어", "음", "저기", "어 저기"] if korean else ["uh", "um", "uh um"])
        i = rng.randrange(len(words))
        words.insert(i, words[i])         # a repeated word, as a speaker restarts
        return f"{filler} {' '.join(words)}"
    if kind == "plain":
        new = re.sub(r"[?!.,~]", "", question).lower().strip()
        return new if new != question else None
    if kind == "particles":               # a misheard role particle after a name: 도서관에서 -> 도서관애서, 까지 -> 까자
        changes = [(end, particle) for _, end in _name_spans(question.lower(), index)
                   for particle in _PARTICLE_NOISE if question.startswith(particle, end)]
        if not changes:
            return None
        end, particle = rng.choice(changes)
        return question[:end] + rng.choice(_PARTICLE_NOISE[particle]) + question[end + len(particle):]
    if kind == "english_hangul":          # a name said in English, written in Hangul: 본관 -> 메인 빌딩
        changes = []
        for m in index.find(question.lower()):
            english = index.english_name(m.place_id)
            words = re.findall(r"[a-z]+", english.lower())
            if m.how == "name" and re.match(r"[가-힣]", question[m.start]) and words and \
                    all(w in _HANGUL_ENGLISH for w in words):
                changes.append((m.start, m.end, " ".join(_HANGUL_ENGLISH[w] for w in words)))
        if not changes:
            return None
        start, end, said = rng.choice(changes)
        return question[:start] + said + question[end:]
    raise ValueError(f"unknown noise kind {kind!r}; kinds: {', '.join(NOISE_KINDS)}")
