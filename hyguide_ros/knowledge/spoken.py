"""How names and numbers sound, for matching what a speech recogniser writes.

- `canonical_hangul`: one spelling for sounds Korean speakers (and recognisers) confuse: ㅐ/ㅔ, ㅒ/ㅖ,
  ㅙ/ㅞ/ㅚ, ㅆ/ㅅ, ㄲ/ㅋ, a final ㄹ before an initial ㄹ (플라자/프라자), and loanword spellings
  (센타/센터). Syllable for syllable, so positions in a text stay where they were.
- `spoken_forms`: how a name with Latin letters or digits is written when it is heard (CU -> 씨유,
  GS25 -> 지에스25 / 지에스이십오, IT/BT관 -> 아이티비티관).
- `sino_value`, `native_value`, `english_number`: spoken numbers as values (이백칠 -> 207, 두 -> 2,
  "two eleven" -> "211").
- `josa`: the form of a Korean particle that fits the last sound of a word (행원파크는, 건물은).
"""
from __future__ import annotations

import re

# --------------------------------------------------------------------------- Hangul spellings
_VOWEL = {1: 5, 3: 7, 10: 15, 11: 15}          # ㅐ->ㅔ, ㅒ->ㅖ, ㅙ->ㅞ, ㅚ->ㅞ
_INITIAL = {10: 9, 1: 15}                       # ㅆ->ㅅ, ㄲ->ㅋ
_FINAL = {20: 19}                               # final ㅆ->ㅅ
_RIEUL_INITIAL, _RIEUL_FINAL = 5, 8
# Loanword spellings heard for the same word (same length: positions stay).
LOANWORD_SPELLINGS = {"센타": "센터", "스퀘아": "스퀘어", "타와": "타워"}    # in canonical spelling


def _syllable(initial: int, vowel: int, final: int) -> str:
    return chr(0xAC00 + (initial * 21 + vowel) * 28 + final)


def canonical_hangul(text: str) -> str:
    """`text` with confusable Hangul spellings made one; other characters unchanged, same length."""
    out = []
    for i, ch in enumerate(text):
        if not "가" <= ch <= "힣":
            out.append(ch)
            continue
        code = ord(ch) - 0xAC00
        initial, vowel, final = code // 588, (code % 588) // 28, code % 28
        initial, vowel, final = _INITIAL.get(initial, initial), _VOWEL.get(vowel, vowel), _FINAL.get(final, final)
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if final == _RIEUL_FINAL and "가" <= nxt <= "힣" and (ord(nxt) - 0xAC00) // 588 == _RIEUL_INITIAL:
            final = 0                           # 플라자 / 프라자: one ㄹ heard
        out.append(_syllable(initial, vowel, final))
    text = "".join(out)
    for heard, written in LOANWORD_SPELLINGS.items():
        text = text.replace(heard, written)
    return text


# --------------------------------------------------------------------------- Latin letters and digits
LETTER_NAMES = {"a": "에이", "b": "비", "c": "씨", "d": "디", "e": "이", "f": "에프", "g": "지", "h": "에이치",
                "i": "아이", "j": "제이", "k": "케이", "l": "엘", "m": "엠", "n": "엔", "o": "오", "p": "피",
                "q": "큐", "r": "알", "s": "에스", "t": "티", "u": "유", "v": "브이", "w": "더블유", "x": "엑스",
                "y": "와이", "z": "지"}
_SINO_DIGITS = "영일이삼사오육칠팔구"
_ACRONYM = re.compile(r"(?<![A-Za-z])([A-Z]{2,5})(?![a-z])")


def sino_reading(number: int) -> str:
    """207 -> 이백칠, 25 -> 이십오, 10 -> 십 (0..9999)."""
    if number == 0:
        return "영"
    out = []
    for unit, name in ((1000, "천"), (100, "백"), (10, "십"), (1, "")):
        digit, number = divmod(number, unit)
        if digit:
            out.append(("" if digit == 1 and name else _SINO_DIGITS[digit]) + name)
    return "".join(out)


# How a school's name is said short ("신당초" for 신당초등학교, "무학여고" for 무학여자고등학교), longest ending first
SCHOOL_SHORT_FORMS = (("여자고등학교", "여고"), ("여자중학교", "여중"), ("초등학교", "초"), ("고등학교", "고"), ("중학교", "중"))


def short_forms(name: str) -> list[str]:
    """A Korean school's name as students say it: 신당초등학교 -> 신당초, 무학여자고등학교 -> 무학여고."""
    stem, short = next(((name[:-len(end)], said) for end, said in SCHOOL_SHORT_FORMS
                        if name.endswith(end) and len(name) > len(end) + 1), ("", ""))
    return [stem + short] if stem else []


def spoken_forms(name: str) -> list[str]:
    """Ways `name` is written when heard: acronyms spelled in Hangul, digits as digits or read out."""
    if not _ACRONYM.search(name) and not re.search(r"[가-힣]\d|\d[가-힣]", name):
        return []
    spelled = _ACRONYM.sub(lambda m: "".join(LETTER_NAMES[c] for c in m.group(1).lower()), name)
    spelled = spelled.replace("/", "")
    forms = {spelled, re.sub(r"\d+", lambda m: sino_reading(int(m.group(0))) if len(m.group(0)) <= 4 else m.group(0),
                             spelled)}
    forms.discard(name)
    return sorted(f for f in forms if re.search(r"[가-힣]", f))


# --------------------------------------------------------------------------- spoken numbers
_SINO_VALUE = {"영": 0, "공": 0, "일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "륙": 6, "칠": 7, "팔": 8,
               "구": 9}
_SINO_UNIT = {"십": 10, "백": 100, "천": 1000}
SINO_NUMBER = "[영공일이삼사오육륙칠팔구십백천]+"
NATIVE_VALUE = {"한": 1, "하나": 1, "첫": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "네": 4, "넷": 4, "다섯": 5,
                "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}


def sino_value(word: str) -> str | None:
    """이백칠 -> "207", 이공일 -> "201" (digit by digit), 공삼 -> "03"; None if it is no number."""
    if not word or any(c not in _SINO_VALUE and c not in _SINO_UNIT for c in word):
        return None
    if not any(c in _SINO_UNIT for c in word):
        return "".join(str(_SINO_VALUE[c]) for c in word)
    total, digit = 0, None
    for c in word:
        if c in _SINO_UNIT:
            total += (1 if digit is None else digit) * _SINO_UNIT[c]
            digit = None
        elif digit is not None:
            return None                        # two digits in a row inside a positional number
        else:
            digit = _SINO_VALUE[c]
    return str(total + (digit or 0))


_EN_ONES = {"zero": 0, "oh": 0, "o": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9}
_EN_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
             "seventeen": 17, "eighteen": 18, "nineteen": 19}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
            "ninety": 90}
EN_NUMBER_WORDS = set(_EN_ONES) | set(_EN_TEENS) | set(_EN_TENS) | {"hundred", "thousand"}


def english_number(words: list[str]) -> str | None:
    """["two", "eleven"] -> "211", ["two", "oh", "one"] -> "201", ["one", "hundred", "five"] -> "105",
    ["twenty", "one"] -> "21"; None if the words are not one number."""
    if not words or any(w not in EN_NUMBER_WORDS for w in words):
        return None
    if "hundred" in words or "thousand" in words:
        total, current = 0, 0
        for w in words:
            if w == "hundred":
                current = (current or 1) * 100
            elif w == "thousand":
                total, current = total + (current or 1) * 1000, 0
            else:
                current += _EN_ONES.get(w, 0) + _EN_TEENS.get(w, 0) + _EN_TENS.get(w, 0)
        return str(total + current)
    groups: list[str] = []                      # said in groups: "six fourteen" = 6|14
    i = 0
    while i < len(words):
        w = words[i]
        if w in _EN_TENS and i + 1 < len(words) and words[i + 1] in _EN_ONES and _EN_ONES[words[i + 1]]:
            groups.append(str(_EN_TENS[w] + _EN_ONES[words[i + 1]]))
            i += 2
            continue
        groups.append(str(_EN_ONES.get(w, _EN_TEENS.get(w, _EN_TENS.get(w)))))
        i += 1
    return "".join(groups)


_EN_DIGIT_NAMES = ["oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_EN_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
             "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_EN_TENS_NAMES = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def english_reading(number: str) -> str:
    """How a number is said in English: building numbers digit-group-wise ("105" -> "one oh five",
    "614" -> "six fourteen"), others as counted ("2" -> "two", "14" -> "fourteen", "25" -> "twenty five")."""
    def below_100(n: int) -> str:
        if n < 20:
            return _EN_SMALL[n]
        return _EN_TENS_NAMES[n // 10] + (f" {_EN_SMALL[n % 10]}" if n % 10 else "")
    n = int(number)
    if len(number) == 3 and n >= 100:
        head, rest = number[0], int(number[1:])
        tail = f"oh {_EN_DIGIT_NAMES[rest]}" if number[1] == "0" and rest else below_100(rest) if rest else "hundred"
        return f"{_EN_SMALL[int(head)]} {tail}"
    return below_100(n) if n < 100 else " ".join(_EN_DIGIT_NAMES[int(d)] if d != "0" else "oh" for d in number)


# --------------------------------------------------------------------------- particles by sound
# Last digit as read in Sino-Korean: does it end in a consonant (batchim), and is it ㄹ?
_DIGIT_BATCHIM = {"0": True, "1": True, "2": False, "3": True, "4": False, "5": False,
                  "6": True, "7": True, "8": True, "9": False}
_DIGIT_RIEUL = {"1", "7", "8"}
# Latin letters whose English name ends in a consonant sound Koreans write as batchim.
_LATIN_BATCHIM = set("lmnr")
_PAIRS = {"은": ("은", "는"), "이": ("이", "가"), "을": ("을", "를"), "과": ("과", "와"),
          "으로": ("으로", "로"), "이에요": ("이에요", "예요"), "이고": ("이고", "고"), "이나": ("이나", "나"),
          "이랑": ("이랑", "랑")}


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


def particle_forms(particle: str) -> tuple[str, ...]:
    """Every written form of `particle` (은 -> 은, 는; 에서 -> 에서): what a recogniser may write after any name."""
    return _PAIRS.get(particle, (particle,))


def josa(word: str, particle: str) -> str:
    """`word` with the right form of `particle` (given in its after-consonant form: 은, 이, 을, 과, 으로...)."""
    if particle not in _PAIRS:        # 의, 에, 에서, 까지, 도: the same after any sound
        return word + particle
    with_final, without_final = _PAIRS[particle]
    has_final, is_rieul = _batchim(word)
    if particle == "으로" and is_rieul:
        return word + "로"
    return word + (with_final if has_final else without_final)
