"""Korean reading tables for `speech_text.KoreanReader`: counters, units, ranges, floors, Latin words
and particles, each with why it is read so. The reader's rules (in `speech_text`) only look things up here.
"""
from __future__ import annotations

import re

from ..knowledge.spoken import LETTER_NAMES, sino_reading

# --------------------------------------------------------------------------- numbers and counters
# Counters read with native numbers (두 곳, 세 개, 열 시); every other counter takes Sino-Korean (삼 층, 이 분).
NATIVE_COUNTERS = ("번째", "정거장", "시간", "가지", "곳", "개", "명", "대", "살", "잔", "시")
SINO_COUNTERS = ("호선", "호점", "호실", "번지", "킬로미터", "미터", "퍼센트", "번", "관", "분", "층", "호", "동",
                 "년", "월", "일", "초", "원", "회", "차", "km", "m", "cm", "kg", "%")
# Written units said as Korean words (1.5km -> 일 점 오 킬로미터, 50% -> 오십 퍼센트).
UNIT_WORDS = {"km": "킬로미터", "m": "미터", "cm": "센티미터", "kg": "킬로그램", "%": "퍼센트"}
# A subway line is one name (2호선 -> 이호선, as announced in the trains); other counters stand apart (이 층).
JOINED_COUNTERS = ("호선",)
# After these a hyphen joins the parts of a code (성동03-1번: 공삼 다시 일 번), not the ends of a range.
CODE_COUNTERS = ("번", "호", "호실", "번지", "관", "동", "호점", "호선")
# Adjacent floors are said as one pair of numbers (2~3층 -> 이삼 층, 5~6층 -> 오륙 층); other ranges take 에서.
PAIRED_COUNTERS = ("층",)
# Adjacent native counts have their own words (2~3개 -> 두세 개, 3~4명 -> 서너 명).
NATIVE_PAIRS = {(1, 2): "한두", (2, 3): "두세", (3, 4): "서너", (4, 5): "네다섯", (5, 6): "대여섯", (6, 7): "예닐곱",
                (7, 8): "일고여덟", (8, 9): "여덟아홉"}
# 6 after a vowel is said 륙 inside a pair (오륙); 0 in a number said digit by digit is 공, after a point 영.
_SINO_DIGIT = "공일이삼사오육칠팔구"
_NATIVE_ONES = ["", "한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉"]
_NATIVE_TENS = ["", "열", "스물", "서른", "마흔", "쉰", "예순", "일흔", "여든", "아흔"]
RANGE_WORD = "에서"                                   # 13~14분 -> 십삼에서 십사 분
DECIMAL_POINT = "점"                                  # 1.5 -> 일 점 오


def native_reading(number: int) -> str:
    """2 -> 두, 3 -> 세, 20 -> 스무, 21 -> 스물한 (1..99, as said before a counter)."""
    tens, ones = divmod(number, 10)
    if tens == 2 and ones == 0:
        return "스무"
    return _NATIVE_TENS[tens] + _NATIVE_ONES[ones]


def digit_reading(digits: str) -> str:
    """"03" -> 공삼, "2012" -> 이공일이: numbers said digit by digit."""
    return "".join(_SINO_DIGIT[int(d)] for d in digits)


def korean_number(digits: str, counter: str = "") -> str:
    """How a Korean speaker reads `digits` (or `whole.fraction`) before `counter`."""
    if "." in digits:
        whole, fraction = digits.split(".", 1)
        return f"{sino_reading(int(whole))} {DECIMAL_POINT} {digit_reading(fraction).replace('공', '영')}"
    value = int(digits)
    if counter in NATIVE_COUNTERS and 0 < value < 100:
        return native_reading(value)
    if counter == "시" and value == 0:
        return "영"                                   # 0:30 -> 영 시 삼십 분
    if digits.startswith("0") and len(digits) > 1 or (counter == "번" and len(digits) >= 4) or value > 9999:
        return digit_reading(digits)           # 03번, 2012번 (buses), long codes
    return sino_reading(value)


def counted(digits: str, counter: str) -> str:
    """A number with its counter as said: 3층 -> 삼 층, 2호선 -> 이호선, 1.5km -> 일 점 오 킬로미터."""
    gap = "" if counter in JOINED_COUNTERS else " "
    return f"{korean_number(digits, counter)}{gap}{UNIT_WORDS.get(counter, counter)}"


def number_pair(low: int, high: int, counter: str) -> str | None:
    """Adjacent counts said as one word (두세 개, 이삼 층), or None when they take 에서."""
    if high != low + 1:
        return None
    if counter in NATIVE_COUNTERS:
        return NATIVE_PAIRS.get((low, high))
    if counter in PAIRED_COUNTERS and 0 < low and high < 10:
        first = sino_reading(low)
        second = "륙" if high == 6 and not _final(first) else sino_reading(high)
        return first + second
    return None


def clock_reading(hour: int, minute: int) -> str:
    """10:30 -> 열 시 삼십 분, 9:05 -> 아홉 시 오 분, 12:00 -> 열두 시 (hours native, minutes Sino-Korean)."""
    said = f"{korean_number(str(hour), '시')} 시"
    return f"{said} {sino_reading(minute)} 분" if minute else said


# --------------------------------------------------------------------------- floors
# Floor codes on signs and maps, rewritten to the Korean the counter rule then reads
# (B1층, B1F, B1 -> 지하 1층 -> 지하 일 층; 2F -> 2층 -> 이 층).
FLOOR_CODES = [
    (re.compile(r"(?<![A-Za-z\d])B(\d+)(?:F|\s*층)?(?![A-Za-z\d])"), r"지하 \1층"),
    (re.compile(r"(?<![A-Za-z\d])(\d+)F(?:\s*층)?(?![A-Za-z\d])"), r"\1층"),
]

# --------------------------------------------------------------------------- Latin words
# Latin words Koreans say as words rather than letter by letter (everything else: 에이티엠, 씨유, 피씨).
LATIN_WORDS = {"wi-fi": "와이파이", "wifi": "와이파이", "sw": "소프트웨어", "tenz": "텐즈", "cafe": "카페",
               "app": "앱", "ok": "오케이"}


def latin_reading(word: str) -> str:
    """ATM -> 에이티엠, Wi-Fi -> 와이파이, Tenz -> 텐즈: a known word, else its letters' names."""
    known = LATIN_WORDS.get(word.lower())
    if known:
        return known
    if "." in word:                             # a.m., U.S.: initials, said as one word
        return "".join(LETTER_NAMES[c] for c in word.lower() if c in LETTER_NAMES)
    return " ".join("".join(LETTER_NAMES[c] for c in part.lower() if c in LETTER_NAMES)
                    for part in re.split(r"[-']", word) if part)


# Symbols that are words when read, joined to the letters around them (R&D -> 알앤디, A+ -> 에이플러스).
SYMBOL_WORDS = {"&": "앤", "+": "플러스"}


# --------------------------------------------------------------------------- particles
# Particles (and copula endings) whose form follows the last sound of the word before them:
# written form -> (after a consonant, after a vowel). After a number or a Latin word the writer chose
# by the written form; the voice needs the form for the *spoken* word (10:00는 -> 열 시는, 2F는 -> 이 층은).
PARTICLE_PAIRS = {}
for _pair in (("은", "는"), ("이", "가"), ("을", "를"), ("과", "와"), ("으로", "로"), ("이에요", "예요"),
              ("이야", "야"), ("이고", "고"), ("이면", "면"), ("이나", "나"), ("이랑", "랑"), ("이라서", "라서"),
              ("이라고", "라고"), ("이지만", "지만"), ("이었어요", "였어요")):
    PARTICLE_PAIRS[_pair[0]] = PARTICLE_PAIRS[_pair[1]] = _pair
# The same after any sound (CU에서, 2층까지, CU입니다).
INVARIANT_PARTICLES = ("에서", "에게", "에", "까지", "부터", "의", "도", "만", "보다", "처럼", "쯤", "마다", "한테",
                       "입니다", "인데", "인가요")
# A second particle after the first (에서는, 까지도, 으로는); its form is fixed by the first.
PARTICLE_TAILS = ("는", "도", "의", "만", "요")
_HEADS = "|".join(sorted((*PARTICLE_PAIRS, *INVARIANT_PARTICLES), key=len, reverse=True))
# A particle counts only when it is the whole Hangul run after the word (PC는, not PC방; KB는, not KB국민은행).
PARTICLE_CHAIN = rf"(?:{_HEADS})(?:{'|'.join(PARTICLE_TAILS)})?(?![가-힣])"
_RIEUL = 8


def _final(syllable_word: str) -> int:
    """The final consonant index (0: none, 8: ㄹ) of the last Hangul syllable."""
    last = syllable_word.rstrip()[-1:]
    return (ord(last) - 0xAC00) % 28 if "가" <= last <= "힣" else 0


def attach_particle(said: str, particle: str) -> str:
    """`said` with `particle` (a chain as written: 는, 에서는, 이에요) in the form its last sound takes."""
    for head in sorted(PARTICLE_PAIRS, key=len, reverse=True):
        if particle.startswith(head):
            after_consonant, after_vowel = PARTICLE_PAIRS[head]
            final = _final(said)
            if after_consonant == "으로" and final == _RIEUL:      # ㄹ takes 로: 일 층으로 but 칠로
                form = after_vowel
            else:
                form = after_consonant if final else after_vowel
            return said + form + particle[len(head):]
    return said + particle
