"""What a voice is given to say: a reply written for the screen, rewritten the way a speaker of its
language reads it aloud. Used by the `tts` node only; the topics keep the text as the guide wrote it.

Korean: digits are read by their counter (`105번 건물` -> `백오 번 건물`, `2곳` -> `두 곳`, `성동03` ->
`성동 공삼`, `13~14분` -> `십삼에서 십사 분`), Latin acronyms as Koreans say them (`CU` -> `씨유`), brackets
and slashes become pauses. English: numbers in words (`Building 105` -> `Building one oh five`),
Korean names by the knowledge base's English name or a romanisation the English voice can say.
`unspeakable` finds what is left that the language's voice cannot read (digits, the other script).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..knowledge.spoken import LETTER_NAMES, english_reading, josa, sino_reading

# --------------------------------------------------------------------------- Korean tables
# Counters read with native numbers (두 곳, 세 개); every other counter takes Sino-Korean (삼 층, 이 분).
NATIVE_COUNTERS = ("번째", "정거장", "시간", "가지", "곳", "개", "명", "대", "살", "잔")
SINO_COUNTERS = ("호선", "호점", "호실", "번지", "킬로미터", "미터", "퍼센트", "번", "관", "분", "층", "호", "동",
                 "년", "월", "일", "초", "원", "회", "차", "km", "m", "%")
UNIT_WORDS = {"km": "킬로미터", "m": "미터", "%": "퍼센트"}
_NATIVE_ONES = ["", "한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉"]
_NATIVE_TENS = ["", "열", "스물", "서른", "마흔", "쉰", "예순", "일흔", "여든", "아흔"]
_SINO_DIGIT = "공일이삼사오육칠팔구"            # digit by digit, 0 as 공 (bus and phone numbers)
# After a bracket the particle was chosen for the word before it; it is chosen again (base forms).
_PARTICLE_BASE = {"은": "은", "는": "은", "이": "이", "가": "이", "을": "을", "를": "을", "과": "과", "와": "과",
                  "으로": "으로", "로": "으로", "이에요": "이에요", "예요": "이에요", "이고": "이고", "고": "이고",
                  "이나": "이나", "나": "이나"}
_PARTICLE = "|".join(sorted(_PARTICLE_BASE, key=len, reverse=True))
_SAME_AFTER_ANY = "에서|에게|에|까지|부터|의|도|만"          # particles with one form

_COUNTER = "|".join(re.escape(c) for c in sorted(NATIVE_COUNTERS + SINO_COUNTERS, key=len, reverse=True))
# A counter only counts as one when no Hangul follows that makes it part of a longer word
# (분 in 분수대, 관 in 관리); the common particles and endings may follow.
_AFTER_COUNTER = r"(?=$|[^가-힣A-Za-z]|[은는이가을를과와로의에도만까부쯤째씩정밖입이예]|거리|걸려|떨어|정도|건물|출구)"


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
    """How a Korean speaker reads `digits` before `counter`."""
    value = int(digits)
    if counter in NATIVE_COUNTERS and 0 < value < 100:
        return native_reading(value)
    if digits.startswith("0") and len(digits) > 1 or (counter == "번" and len(digits) >= 4) or value > 9999:
        return digit_reading(digits)           # 03번, 2012번 (buses), long codes
    return sino_reading(value)


def _spaced(m: re.Match, said: str) -> str:
    """`said` for the match, set apart from a name it was glued to (왕십리1호점 -> 왕십리 일 호점)."""
    return (" " if m.start() and re.match(r"[가-힣A-Za-z]", m.string[m.start() - 1]) else "") + said


def _letters_ko(word: str) -> str:
    return "".join(LETTER_NAMES[c] for c in word.lower() if c in LETTER_NAMES)


@dataclass
class KoreanReader:
    """Korean text as said. `words` reads known Latin words as wholes (brand names said in Hangul)."""
    words: dict[str, str] = field(default_factory=dict)

    def __call__(self, text: str) -> str:
        text = re.sub(r"['\"‘’“”]", "", _THOUSANDS.sub("", text))
        text = re.sub(r"\s*\(([^()]*)\)\s*(" + _SAME_AFTER_ANY + "|" + _PARTICLE + ")?", self._bracket, text)
        text = re.sub(r"(?<=[\w])\s*[/·]\s*(?=[\w])", " ", text)
        text = re.sub(r"(\d+)\s*~\s*(\d+)\s*(" + _COUNTER + ")" + _AFTER_COUNTER, self._range, text)
        text = re.sub(r"(\d+)\.(\d+)\s*(" + _COUNTER + ")?" + _AFTER_COUNTER, self._decimal, text)
        text = re.sub(r"제(\d+)", lambda m: "제" + sino_reading(int(m.group(1))), text)
        text = re.sub(r"(\d+)-(\d+)\s*(" + _COUNTER + ")?", self._code, text)
        text = re.sub(r"(\d+)\s*(" + _COUNTER + ")" + _AFTER_COUNTER, self._counted, text)
        text = re.sub(r"[A-Za-z]+", self._latin, text)
        text = re.sub(r"(?<=[가-힣])(\d+)|(\d+)(?=[가-힣])", self._in_name, text)
        text = re.sub(r"\d+", lambda m: korean_number(m.group(0)), text)
        return _tidy(text)

    def _bracket(self, m: re.Match) -> str:
        inner, particle = m.group(1).strip(), m.group(2) or ""
        if not inner:
            return particle
        if particle in _PARTICLE_BASE:
            return ", " + josa(self(inner), _PARTICLE_BASE[particle])
        if particle:
            return ", " + inner + particle
        return ", " + inner + ","

    @staticmethod
    def _range(m: re.Match) -> str:
        low, high, counter = m.group(1), m.group(2), m.group(3)
        unit = UNIT_WORDS.get(counter, counter)
        if len(low) == len(high) == 1 and int(high) == int(low) + 1 and counter not in NATIVE_COUNTERS:
            return f"{sino_reading(int(low))}{sino_reading(int(high))} {unit}"       # 2~3층: 이삼 층
        return f"{korean_number(low, counter)}에서 {korean_number(high, counter)} {unit}"

    @staticmethod
    def _decimal(m: re.Match) -> str:
        whole, fraction, counter = m.group(1), m.group(2), m.group(3) or ""
        said = f"{sino_reading(int(whole))} 점 {digit_reading(fraction).replace('공', '영')}"
        return f"{said} {UNIT_WORDS.get(counter, counter)}".rstrip()

    @staticmethod
    def _code(m: re.Match) -> str:
        """03-1번: 공삼 다시 일 번 (a hyphen inside a number is read 다시)."""
        counter = m.group(3) or ""
        said = f"{digit_reading(m.group(1))} 다시 {korean_number(m.group(2), counter)} {UNIT_WORDS.get(counter, counter)}"
        return _spaced(m, said.rstrip())

    @staticmethod
    def _counted(m: re.Match) -> str:
        digits, counter = m.group(1), m.group(2)
        return _spaced(m, f"{korean_number(digits, counter)} {UNIT_WORDS.get(counter, counter)}")

    def _latin(self, m: re.Match) -> str:
        word = m.group(0)
        said = self.words.get(word) or self.words.get(word.lower()) or _letters_ko(word)
        start, end = m.start(), m.end()
        text = m.string
        before = " " if start and re.match(r"[가-힣\d]", text[start - 1]) else ""
        after = " " if end < len(text) and re.match(r"[가-힣\d]", text[end]) else ""
        return before + said + after

    @staticmethod
    def _in_name(m: re.Match) -> str:
        digits = m.group(1) or m.group(2)
        said = sino_reading(int(digits)) if len(digits) <= 2 and not digits.startswith("0") else digit_reading(digits)
        return f" {said} " if m.group(1) else f"{said} "


# --------------------------------------------------------------------------- English
_EN_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
             "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_ORDINAL = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
               "nine": "ninth", "twelve": "twelfth"}
EN_UNITS = {"km": "kilometres", "m": "metres", "%": "percent", "min": "minutes"}
ROMAN_NUMERALS = {"VIII": "eight", "VII": "seven", "III": "three", "IV": "four", "VI": "six", "IX": "nine",
                  "II": "two"}               # Law School Building II; a lone I or V stays a letter
EN_ABBREVIATIONS = {"Univ.": "University", "St.": "Street", "Bldg.": "Building", "No.": "number"}
_EN_COUNTED = r"metres|kilometres|minutes?|floors?|places?|percent|stops?|hours?|times|steps"
# Words before which a number is a name said in digit groups (Building one oh five, Exit two).
_NAME_NUMBER_WORDS = r"Building|Bldg|Exit|Line|Bus|bus|Gate|Dormitory|Hall|No\.|number"
# Revised Romanisation of Korean, syllable by syllable.
_RR_INITIAL = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_RR_VOWEL = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
             "yu", "eu", "ui", "i"]
_RR_FINAL = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
             "ng", "t", "t", "k", "t", "p", "t"]


def english_cardinal(number: int) -> str:
    """650 -> six hundred fifty, 14 -> fourteen, 2024 -> two thousand twenty four."""
    if number < 20:
        return _EN_SMALL[number]
    if number < 100:
        return _EN_TENS[number // 10] + (f" {_EN_SMALL[number % 10]}" if number % 10 else "")
    if number < 1000:
        rest = number % 100
        return f"{_EN_SMALL[number // 100]} hundred" + (f" {english_cardinal(rest)}" if rest else "")
    if number < 1_000_000:
        rest = number % 1000
        return f"{english_cardinal(number // 1000)} thousand" + (f" {english_cardinal(rest)}" if rest else "")
    return " ".join(_EN_SMALL[int(d)] for d in str(number))


def english_ordinal(number: int) -> str:
    """2 -> second, 21 -> twenty first."""
    words = english_cardinal(number).split()
    last = words[-1]
    words[-1] = _EN_ORDINAL.get(last) or (last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return " ".join(words)


def romanise(hangul: str) -> str:
    """예지문 -> Yejimun (Revised Romanisation, syllable by syllable, no sound changes)."""
    out = []
    for ch in hangul:
        if "가" <= ch <= "힣":
            code = ord(ch) - 0xAC00
            out.append(_RR_INITIAL[code // 588] + _RR_VOWEL[(code % 588) // 28] + _RR_FINAL[code % 28])
        else:
            out.append(ch)
    word = "".join(out)
    return word[:1].upper() + word[1:]


@dataclass
class EnglishReader:
    """English text as said. `names` maps a Korean name to the English name the KB gives it."""
    names: dict[str, str] = field(default_factory=dict)

    def __call__(self, text: str) -> str:
        text = _THOUSANDS.sub("", text)
        for short, long in EN_ABBREVIATIONS.items():
            text = text.replace(short, long)
        text = re.sub(r"\s*\(([^()]*)\)", self._bracket, text)
        text = re.sub(r"[가-힣][가-힣\d\s]*[가-힣\d]|[가-힣]", self._hangul, text)
        text = re.sub(r"['‘’]([^'‘’]+)['‘’]", r"\1", text)
        text = re.sub(r"(\d+)\s*[-–~]\s*(\d+)(?=\s*(?:minutes?|floors?|km|m\b))",
                      lambda m: f"{english_cardinal(int(m.group(1)))} to {english_cardinal(int(m.group(2)))}", text)
        text = re.sub(r"(?<=\d)\s*(km|m|%)(?=[\s,.;:)?!]|$)", lambda m: " " + EN_UNITS[m.group(1)], text)
        text = re.sub(r"(\d+)\.(\d+)", lambda m: f"{english_cardinal(int(m.group(1)))} point "
                      + " ".join(_EN_SMALL[int(d)] for d in m.group(2)), text)
        text = re.sub(r"(?<=[A-Za-z] )(" + "|".join(ROMAN_NUMERALS) + r")\b",
                      lambda m: ROMAN_NUMERALS[m.group(1)], text)
        text = re.sub(r"(\d+)(st|nd|rd|th)\b", lambda m: english_ordinal(int(m.group(1))), text)
        text = re.sub(r"\b(" + _NAME_NUMBER_WORDS + r")\s+(\d+)(?:-(\d+))?", self._name_number, text)
        text = re.sub(r"(\d+)-(\d+)", lambda m: f"{self._digits(m.group(1))} dash {self._digits(m.group(2))}", text)
        text = re.sub(r"(?<=[A-Za-z])(\d+)|(\d+)(?=[A-Za-z])",
                      lambda m: f" {self._digits(m.group(0))} ", text)
        text = re.sub(r"\d+", self._number, text)
        text = re.sub(r"-(?=[a-z])", " ", text)                        # 9-minute -> nine minute
        text = re.sub(r"\b[A-Z]{2,}\b(?![a-z])", lambda m: " ".join(m.group(0)), text)    # KCC -> K C C
        return _tidy(text)

    @staticmethod
    def _bracket(m: re.Match) -> str:
        # "Yeji Gate (예지문)": the Korean name of what was just said is for the screen, not the ear.
        parts = [p.strip() for p in m.group(1).split(",") if p.strip() and not re.search(r"[가-힣]", p)]
        return ", " + ", ".join(parts) + "," if parts else ""

    def _hangul(self, m: re.Match) -> str:
        name = m.group(0).strip()
        return self.names.get(name) or " ".join(romanise(w) for w in name.split())

    @staticmethod
    def _digits(digits: str) -> str:
        return english_reading(digits) if not digits.startswith("0") else " ".join(
            "oh" if d == "0" else _EN_SMALL[int(d)] for d in digits)

    def _number(self, m: re.Match) -> str:
        """A count before its unit (650 metres, 14 minutes) in words; a lone three-digit number is a
        building's (is one oh nine)."""
        digits = m.group(0)
        counted = re.match(r"\s*-?\s*(" + _EN_COUNTED + ")", m.string[m.end():])
        if digits.startswith("0") or (len(digits) == 3 and not counted):
            return self._digits(digits)
        return english_cardinal(int(digits))

    def _name_number(self, m: re.Match) -> str:
        said = f"{m.group(1)} {self._digits(m.group(2))}"
        return said + (f" dash {self._digits(m.group(3))}" if m.group(3) else "")


_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")           # 1,200 -> 1200


def _tidy(text: str) -> str:
    """Symbols no voice should read become pauses or nothing; one space, one comma at a time."""
    text = re.sub(r"[~/·*#_\\|<>\[\]{}]", " ", text)
    text = re.sub(r"\s*,(\s*,)+", ",", text)
    text = re.sub(r"\s+([,.?!;])", r"\1", text)
    text = re.sub(r",([.?!])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------- entry points
@dataclass
class SpeechText:
    """One reader per language: `speech_text(text, language)` gives what the voice should say."""
    english_names: dict[str, str] = field(default_factory=dict)     # 예지문 -> Yeji Gate
    korean_words: dict[str, str] = field(default_factory=dict)      # Latin words said as wholes

    def __post_init__(self) -> None:
        self._readers = {"ko": KoreanReader(self.korean_words), "en": EnglishReader(self.english_names)}

    def __call__(self, text: str, language: str) -> str:
        reader = self._readers.get(language)
        return reader(text) if reader else text

    @classmethod
    def from_knowledge_base(cls, kb) -> "SpeechText":
        """English names of the KB's places, longest first so a name wins over a name inside it."""
        pairs = sorted(((p.name_ko, p.name_en) for p in kb.places.values() if p.name_en and p.name_ko),
                       key=lambda pair: -len(pair[0]))
        return cls(english_names=dict(pairs))


def unspeakable(text: str, language: str) -> list[str]:
    """What the `language` voice cannot read in `text`: digits, and Latin letters (Korean) or Hangul (English)."""
    other = r"[A-Za-z]" if language == "ko" else r"[가-힣ㄱ-ㅎㅏ-ㅣ]"
    return re.findall(r"\S*(?:\d|" + other + r")\S*", text)
