"""What a voice is given to say: a reply written for the screen, rewritten the way a speaker of its
language reads it aloud. Used by the `tts` node only; the topics keep the text as the guide wrote it.

Each reader is an ordered list of rules (`Rule`: a pattern, the method that says it, why); the words
they use (counters, units, floor codes, Latin words, particles, number words) are tables in
`speech_rules_ko` and `speech_rules_en`.

Korean: digits by their counter (`105번 건물` -> `백오 번 건물`, `2곳` -> `두 곳`, `성동03` -> `성동 공삼`),
ranges with 에서 (`15분~20분` -> `십오 분에서 이십 분`), clock times (`10:30` -> `열 시 삼십 분`), floor codes
(`B1` -> `지하 일 층`), Latin words as Koreans say them (`CU` -> `씨유`, `Wi-Fi` -> `와이파이`). A particle
stays on its word and takes the form its *spoken* last sound needs (`CU는` -> `씨유는`, `2F가` ->
`이 층이`). A bracket is read in place as what it names, without a pause (`학생회관(107관)은` ->
`학생회관 백칠 관은`): the particle after it belongs to the bracket's last word, which is said last.
English: numbers in words (`Building 105` -> `Building one oh five`, `15-20 minutes` -> `fifteen to twenty
minutes`, `10:30` -> `ten thirty`, `2F` -> `second floor`), Korean names by the knowledge base's English
name or a romanisation; a bracket stays an aside between commas, as English prose reads one.
`unspeakable` finds what is left that the language's voice cannot read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from . import speech_rules_en as en
from . import speech_rules_ko as ko
from .speech_rules_en import english_cardinal, english_ordinal, romanise  # noqa: F401  (the module's API)
from .speech_rules_ko import digit_reading, korean_number, native_reading  # noqa: F401


@dataclass(frozen=True)
class Rule:
    """One reading rule: text matching `pattern` is said as the reader's `method` gives it."""
    pattern: str
    method: str
    why: str
    particle: bool = False        # Korean: the particle right after it is re-chosen for the spoken word
    space_before: bool = False    # Korean: set apart from a word it was glued to (왕십리1호점 -> 왕십리 일 호점)
    space_after: bool = False     # Korean: set apart from a following word that is no particle (PC방 -> 피씨 방)


_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")           # 1,200 -> 1200
_CLOCK = r"\d{1,2}:[0-5]\d"
_QUANTITY = rf"(?<![\d.:])({_CLOCK}|\d+(?:\.\d+)?)(?![\d:]|\.\d)"
_WORD_CHAR = re.compile(r"[가-힣A-Za-z\d]")


def _clock(text: str) -> tuple[int, int] | None:
    """"10:30" -> (10, 30); None when it is no time of day."""
    hour, _, minute = text.partition(":")
    return (int(hour), int(minute)) if minute and int(hour) <= 24 else None


@lru_cache(maxsize=None)
def _compiled(rule: Rule) -> re.Pattern:
    suffix = rf"(?P<particle>{ko.PARTICLE_CHAIN})?" if rule.particle else ""
    return re.compile(f"(?:{rule.pattern}){suffix}")


def _core(m: re.Match) -> str:
    """The match without the particle after it."""
    particle = m.groupdict().get("particle")
    return m.group(0)[:len(m.group(0)) - len(particle)] if particle else m.group(0)


class _RuleReader:
    """Applies `RULES` in order; the rules' methods say one match each (None: leave it as written)."""
    RULES: list[Rule] = []

    def _read(self, text: str) -> str:
        for rule in self.RULES:
            text = _compiled(rule).sub(lambda m, rule=rule: self._say(rule, m), text)
        return text

    def _say(self, rule: Rule, m: re.Match) -> str:
        said = getattr(self, rule.method)(m)
        if said is None:
            return m.group(0)
        text, start, end = m.string, m.start(), m.end()
        particle = m.groupdict().get("particle")
        if particle:
            said = ko.attach_particle(said, particle)
        elif rule.space_after and end < len(text) and _WORD_CHAR.match(text[end]):
            said += " "
        if rule.space_before and start and _WORD_CHAR.match(text[start - 1]):
            said = " " + said
        return said


# --------------------------------------------------------------------------- Korean
_KO_COUNTER = "|".join(re.escape(c) for c in sorted(ko.NATIVE_COUNTERS + ko.SINO_COUNTERS, key=len, reverse=True))
# A counter only counts as one when no Hangul follows that makes it part of a longer word
# (분 in 분수대, 관 in 관리); the common particles and endings may follow.
_AFTER_COUNTER = (rf"(?=$|[^가-힣A-Za-z]|{ko.PARTICLE_CHAIN}|[은는이가을를과와으로의에도만까부쯤째씩정밖입이예인]"
                  r"|거리|걸려|떨어|정도|건물|출구)")


@dataclass
class KoreanReader(_RuleReader):
    """Korean text as said. `words` reads known Latin words as wholes (brand names said in Hangul)."""
    words: dict[str, str] = field(default_factory=dict)

    RULES = [
        Rule(r"\s*\(([^()]*)\)", "_bracket", "a bracket is said in place, as what it names (no pause)",
             particle=True, space_after=True),
        Rule(r"(?<=\w)\s*[/·]\s*(?=\w)", "_space", "IT/BT, 문화·레저: the parts said one after another"),
        Rule(rf"{_QUANTITY}(?:\s*({_KO_COUNTER}))?\s*([~〜–-])\s*{_QUANTITY}(?:\s*({_KO_COUNTER}){_AFTER_COUNTER})?",
             "_range", "15분~20분, 5-6분, 1.5~2km, 10:30~11:00: from one end to the other (에서)",
             particle=True, space_before=True),
        Rule(rf"(?<![\d.:])({_CLOCK})(?![\d:])", "_clock", "10:30: a time of day (hour native, minutes Sino)",
             particle=True, space_before=True),
        Rule(rf"(?<![\d.])(\d+\.\d+)(?![\d.])(?:\s*({_KO_COUNTER}){_AFTER_COUNTER})?", "_counted",
             "1.5km: a decimal, read with 점", particle=True, space_before=True),
        Rule(r"제(\d+)", "_ordinal_prefix", "제1학생생활관: 제 + Sino number is one word (제일)"),
        Rule(rf"(?<=동)(\d+)가(?=$|[^가-힣]|{ko.PARTICLE_CHAIN})", "_district", "성수동2가: a street division is one word (이가)",
             space_before=True),
        Rule(rf"(\d+)-(\d+)\s*({_KO_COUNTER})?", "_code", "03-1번: a hyphen inside a code is read 다시",
             particle=True, space_before=True),
        Rule(rf"(\d+)\s*({_KO_COUNTER}){_AFTER_COUNTER}", "_counted", "3층, 2곳, 50%: a number by its counter",
             particle=True, space_before=True),
        Rule(r"(?:[A-Za-z]\.){2,}|[A-Za-z]+(?:[-'][A-Za-z]+)*", "_latin",
             "CU, ATM, Wi-Fi: said in Hangul, as Koreans say them", particle=True, space_before=True, space_after=True),
        Rule(r"\d+", "_digits", "성동03, 이투스247: digits in a name; any number left", particle=True,
             space_before=True, space_after=True),
        Rule("|".join(re.escape(s) for s in ko.SYMBOL_WORDS), "_symbol", "R&D: a symbol that is a word"),
        # no space around it: 좋아~ 좋아 is a drawn-out word, not a range
        Rule(r"(?<=[가-힣])[~〜](?=[가-힣])", "_to", "오전 아홉 시~오후 여섯 시, 월~금: a range between words (에서)"),
    ]

    def __call__(self, text: str) -> str:
        text = re.sub(r"['\"‘’“”]", "", _THOUSANDS.sub("", text)).replace("…", ".")
        for pattern, written in ko.FLOOR_CODES:
            text = pattern.sub(written, text)
        return _tidy(self._read(text))

    def _bracket(self, m: re.Match) -> str:
        inner = self(m.group(1)).strip(" ,")
        return " " + inner if inner else ""

    @staticmethod
    def _space(m: re.Match) -> str:
        return " "

    @staticmethod
    def _quantity(number: str, counter: str | None) -> str:
        clock = _clock(number) if ":" in number else None
        if clock:
            return ko.clock_reading(*clock)
        return ko.counted(number, counter) if counter else korean_number(number)

    def _range(self, m: re.Match) -> str | None:
        low, low_counter, separator, high, counter = m.group(1, 2, 3, 4, 5)
        if any(":" in end and not _clock(end) for end in (low, high)):
            return None                         # 25:70 is no time of day
        if separator in "-–" and not (":" in low and ":" in high) and counter in (None, *ko.CODE_COUNTERS):
            return None                         # 03-1번 is a code, not a range
        if low_counter or ":" in low:           # 15분~20분, 10:30~11:00: both ends said in full
            return f"{self._quantity(low, low_counter)}{ko.RANGE_WORD} {self._quantity(high, counter)}"
        if counter and ":" not in high and "." not in low + high:
            pair = ko.number_pair(int(low), int(high), counter)
            if pair:                            # 두세 개, 이삼 층
                return f"{pair} {ko.UNIT_WORDS.get(counter, counter)}"
            if counter in ko.NATIVE_COUNTERS:    # 두 시간에서 네 시간: a native number does not stand alone
                return f"{ko.counted(low, counter)}{ko.RANGE_WORD} {ko.counted(high, counter)}"
        return f"{korean_number(low, counter or '')}{ko.RANGE_WORD} {self._quantity(high, counter)}"

    @staticmethod
    def _clock(m: re.Match) -> str | None:
        clock = _clock(m.group(1))
        return ko.clock_reading(*clock) if clock else None

    @staticmethod
    def _counted(m: re.Match) -> str:
        number, counter = m.group(1), m.group(2)
        return ko.counted(number, counter) if counter else korean_number(number)

    @staticmethod
    def _ordinal_prefix(m: re.Match) -> str:
        return "제" + ko.sino_reading(int(m.group(1)))

    @staticmethod
    def _district(m: re.Match) -> str:
        return ko.sino_reading(int(m.group(1))) + "가"

    @staticmethod
    def _code(m: re.Match) -> str:
        counter = m.group(3) or ""
        said = f"{digit_reading(m.group(1))} 다시 {korean_number(m.group(2), counter)}"
        return f"{said} {ko.UNIT_WORDS.get(counter, counter)}".rstrip()

    def _latin(self, m: re.Match) -> str:
        word = _core(m)
        return self.words.get(word) or self.words.get(word.lower()) or ko.latin_reading(word)

    @staticmethod
    def _symbol(m: re.Match) -> str:
        return ko.SYMBOL_WORDS[m.group(0)]

    @staticmethod
    def _to(m: re.Match) -> str:
        return ko.RANGE_WORD + " "

    @staticmethod
    def _digits(m: re.Match) -> str:
        """A number followed by a particle, or standing alone, is read as a number (25는 -> 이십오는);
        glued to a name, short ones as numbers, long ones digit by digit (이투스247 -> 이투스 이사칠)."""
        digits = _core(m)
        text, start, end = m.string, m.start(), m.start() + len(digits)
        in_name = (start and re.match(r"[가-힣]", text[start - 1])) or \
            (not m.group("particle") and end < len(text) and re.match(r"[가-힣]", text[end]))
        if in_name and not (len(digits) <= 2 and not digits.startswith("0")):
            return digit_reading(digits)
        return korean_number(digits)


# --------------------------------------------------------------------------- English
_EN_UNIT = "|".join(re.escape(u) for u in sorted(en.EN_UNITS, key=len, reverse=True))
_EN_COUNTED = "|".join(en.EN_COUNTED)


@dataclass
class EnglishReader(_RuleReader):
    """English text as said. `names` maps a Korean name to the English name the KB gives it."""
    names: dict[str, str] = field(default_factory=dict)

    RULES = [
        Rule(r"(?<![A-Za-z\d])B(\d+)F?(?![A-Za-z\d])", "_basement", "B1, B2F: a basement level"),
        Rule(r"(?<![A-Za-z\d])(\d+)F(?![A-Za-z\d])", "_floor", "2F: a floor above ground, as an ordinal"),
        Rule(r"\s*\(([^()]*)\)", "_bracket", "an aside between commas; its Korean (예지문) is for the screen"),
        Rule(r"[가-힣][가-힣\d\s]*[가-힣\d]|[가-힣]", "_hangul", "Korean names: the KB's English name, else romanised"),
        Rule(r"(?<![\w'])'(.+?)'(?![\w])", "_unquoted", "quotes are not said"),
        Rule(rf"{_QUANTITY}\s*(-|–|~|〜|\bto\b)\s*{_QUANTITY}(?:(\s*-?\s*)({_EN_UNIT}|{_EN_COUNTED})(?![A-Za-z]))?",
             "_range", "15-20 minutes, 5 to 6 minutes, 1.5-2 km, 10:30-11:00: from one end to the other"),
        Rule(rf"(?<![\d.:])({_CLOCK})(?![\d:])", "_clock", "10:30 -> ten thirty, 9:05 -> nine oh five"),
        Rule(rf"(?<![\d.])(\d+(?:\.\d+)?)\s*({_EN_UNIT})(?![A-Za-z])", "_unit",
             "1.5 km, 500 m, 50%: the unit's word, singular after one"),
        Rule(r"(?<![\d.])(\d+\.\d+)(?![\d.])", "_decimal", "1.5 -> one point five"),
        Rule(r"(?<=[A-Za-z] )(" + "|".join(en.ROMAN_NUMERALS) + r")\b", "_roman", "Building II -> Building two"),
        Rule(r"(\d+)(st|nd|rd|th)\b", "_ordinal", "2nd -> second"),
        Rule(r"\b(" + "|".join(en.NAME_NUMBER_WORDS) + r")\s+(\d+)(?:-(\d+))?", "_name_number",
             "Building 105, Exit 2: a name's number in digit groups"),
        Rule(r"(\d+)-(\d+)", "_code", "03-1: a code, its hyphen said dash"),
        Rule(r"(?<=[A-Za-z])(\d+)|(\d+)(?=[A-Za-z])", "_glued_digits", "GS25, 2X: digits in a name"),
        Rule(r"\d+", "_number", "a count before its unit in words; a lone three-digit number is a building's"),
        Rule(r"-(?=[a-z])", "_space", "9-minute -> nine minute"),
        Rule(r"\b[A-Z]{2,}(?=s?\b)", "_acronym", "KCC, ATM, ATMs: letter by letter"),
        Rule("|".join(re.escape(s) for s in en.EN_SYMBOLS), "_symbol", "R&D: a symbol that is a word"),
        Rule(r"(?<=\w)\s*[~〜]\s*(?=\w)", "_to", "nine A M~six P M: a range between words (to)"),
    ]

    def __call__(self, text: str) -> str:
        text = _THOUSANDS.sub("", text).replace("’", "'").replace("‘", "'").replace("…", ".")
        for short, long in en.EN_ABBREVIATIONS.items():
            text = re.sub(r"(?<![A-Za-z])" + re.escape(short), long, text)
        return _tidy(self._read(text))

    @staticmethod
    def _basement(m: re.Match) -> str:
        return f"{en.BASEMENT} {english_cardinal(int(m.group(1)))}"

    @staticmethod
    def _floor(m: re.Match) -> str:
        said = f"{english_ordinal(int(m.group(1)))} {en.FLOOR_WORD}"
        before = re.search(r"(\w+)\s+$", m.string[:m.start()])
        return f"the {said}" if before and before.group(1).lower() in en.FLOOR_ARTICLE_AFTER else said

    @staticmethod
    def _bracket(m: re.Match) -> str:
        parts = [p.strip() for p in m.group(1).split(",") if p.strip() and not re.search(r"[가-힣]", p)]
        return ", " + ", ".join(parts) + "," if parts else ""

    def _hangul(self, m: re.Match) -> str:
        name = m.group(0).strip()
        return self.names.get(name) or " ".join(romanise(w) for w in name.split())

    @staticmethod
    def _unquoted(m: re.Match) -> str:
        return m.group(1)

    @staticmethod
    def _quantity(number: str) -> str:
        clock = _clock(number) if ":" in number else None
        return en.english_clock(*clock) if clock else en.english_quantity(number)

    def _range(self, m: re.Match) -> str | None:
        low, separator, high, gap, unit = m.group(1, 2, 3, 4, 5)
        if any(":" in end and not _clock(end) for end in (low, high)):
            return None                         # 25:70 is no time of day
        clocks = ":" in low and ":" in high
        if separator in ("-", "–", "to") and not unit and not clocks:
            return None                         # 03-1 is a code; "Building 105 to 106" names two buildings
        said = f"{self._quantity(low)} {en.RANGE_WORD} {self._quantity(high)}"
        if not unit:
            return said
        return f"{said} {en.EN_UNITS[unit][1] if unit in en.EN_UNITS else unit}"

    @staticmethod
    def _clock(m: re.Match) -> str | None:
        clock = _clock(m.group(1))
        if not clock:
            return None
        # 9:00 AM is "nine A M": the AM/PM that follows says what o'clock would
        return en.english_clock(*clock, day_half_said=bool(re.match(r"\s*[AP]M\b", m.string[m.end():])))

    @staticmethod
    def _unit(m: re.Match) -> str:
        number, unit = m.group(1), m.group(2)
        singular, plural = en.EN_UNITS[unit]
        return f"{en.english_quantity(number)} {singular if number == '1' else plural}"

    @staticmethod
    def _decimal(m: re.Match) -> str:
        return en.english_quantity(m.group(1))

    @staticmethod
    def _roman(m: re.Match) -> str:
        return en.ROMAN_NUMERALS[m.group(1)]

    @staticmethod
    def _ordinal(m: re.Match) -> str:
        return english_ordinal(int(m.group(1)))

    @staticmethod
    def _name_number(m: re.Match) -> str:
        said = f"{m.group(1)} {en.english_digits(m.group(2))}"
        return said + (f" dash {en.english_digits(m.group(3))}" if m.group(3) else "")

    @staticmethod
    def _code(m: re.Match) -> str:
        return f"{en.english_digits(m.group(1))} dash {en.english_digits(m.group(2))}"

    @staticmethod
    def _glued_digits(m: re.Match) -> str:
        return f" {en.english_digits(m.group(0))} "

    @staticmethod
    def _number(m: re.Match) -> str:
        digits = m.group(0)
        counted = re.match(r"\s*-?\s*(" + _EN_COUNTED + ")", m.string[m.end():])
        if digits.startswith("0") or (len(digits) == 3 and not counted):
            return en.english_digits(digits)
        return english_cardinal(int(digits))

    @staticmethod
    def _space(m: re.Match) -> str:
        return " "

    @staticmethod
    def _acronym(m: re.Match) -> str:
        return " ".join(m.group(0))

    @staticmethod
    def _symbol(m: re.Match) -> str:
        return f" {en.EN_SYMBOLS[m.group(0)]} "

    @staticmethod
    def _to(m: re.Match) -> str:
        return f" {en.RANGE_WORD} "


# Symbols no voice reads: pauses or nothing. A colon or semicolon left after the clock rules is
# punctuation (있어요: ...), said as a comma; a hyphen only joins letters (Wi-Fi, Open-Air).
_PAUSES = re.compile(r"[:;—–]")
_SILENT = re.compile(r"[~〜/·*#_\\|<>\[\]{}()\"“”]|(?<![A-Za-z])-|-(?![A-Za-z])|(?<![A-Za-z])'")


def _tidy(text: str) -> str:
    """Symbols no voice should read become pauses or nothing; one space, one comma at a time."""
    text = _SILENT.sub(" ", _PAUSES.sub(", ", text))
    text = re.sub(r"\s*,(\s*,)+", ",", text)
    text = re.sub(r"\s+([,.?!])", r"\1", text)
    text = re.sub(r",([.?!])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip(" ,")


# --------------------------------------------------------------------------- entry points
@dataclass
class SpeechText:
    """One reader per language: `speech_text(text, language)` gives what the voice should say."""
    english_names: dict[str, str] = field(default_factory=dict)     # 예지문 -> Yeji Gate
    korean_words: dict[str, str] = field(default_factory=dict)      # Latin words said as wholes

    def __post_init__(self) -> None:
        self._readers: dict[str, Callable[[str], str]] = {
            "ko": KoreanReader(self.korean_words), "en": EnglishReader(self.english_names)}

    def __call__(self, text: str, language: str) -> str:
        reader = self._readers.get(language)
        return reader(text) if reader else text

    @classmethod
    def from_knowledge_base(cls, kb) -> "SpeechText":
        """English names of the KB's places, longest first so a name wins over a name inside it."""
        pairs = sorted(((p.name_ko, p.name_en) for p in kb.places.values() if p.name_en and p.name_ko),
                       key=lambda pair: -len(pair[0]))
        return cls(english_names=dict(pairs))


# What each voice can say in a word: its script, and . , ? ! as pauses. Anything else (a digit, the
# other script, : ~ % / ( ) and so on) is left for the voice to guess.
_UNSPEAKABLE = {
    "ko": re.compile(r"[^가-힣.,?!]"),
    "en": re.compile(r"[^A-Za-zÀ-ÖØ-öø-ÿ.,?!'\-]|^'|(?<![A-Za-z])-|-(?![A-Za-z])"),
}
_POINT_INSIDE = re.compile(r"\.(?=[^\s.,?!])")           # 1.5, a.m: a point that is no full stop


def unspeakable(text: str, language: str) -> list[str]:
    """The words of `text` with something the `language` voice cannot read: digits, the other script,
    symbols other than . , ? ! (for English also ' and - inside words), a point inside a word."""
    other = _UNSPEAKABLE.get(language)
    if other is None:
        return []
    return [word for word in text.split() if other.search(word) or _POINT_INSIDE.search(word)]
