"""A recogniser's transcript made into what the guide reads: fillers and repeated words dropped, and
numbers said as words written as digits where a counter or a keyword says they are numbers
("이백칠 관" -> "207관", "이 번 출구" -> "2번 출구", "두 번째" -> "2번째", "building two eleven" ->
"building 211", "exit two" -> "exit 2"). Words that merely sound like numbers are left alone: 이 in
"이 건물" stays, "which one" stays.
"""
from __future__ import annotations

import re

from ...knowledge.spoken import EN_NUMBER_WORDS, NATIVE_VALUE, SINO_NUMBER, english_number, sino_value
from ..languages import word_set
from ..languages.en import words as en_words
from ..languages.ko import words as ko_words

FILLERS = word_set("FILLERS")
# Sino-Korean numbers before a counter (languages/ko/words.py NUMBER_COUNTER).
_KO_COUNTER = ko_words.NUMBER_COUNTER
_SINO_COUNTED = re.compile(rf"(?<![가-힣])(?P<number>{SINO_NUMBER})\s*(?P<counter>{_KO_COUNTER})")
# A bus route read digit by digit after its district: "성동 공삼 번 버스" -> "성동03번 버스".
_ROUTE_DIGITS = re.compile(r"(?P<district>[가-힣]{2})\s*(?P<number>[영공][일이삼사오육칠팔구]|[영공일이삼사오육칠팔구]{2}(?=\s*-))"
                           r"\s*(?=번?\s*(?:버스|마을버스|-))")
_NATIVE_COUNTED = re.compile(
    rf"(?<![가-힣])(?P<number>{'|'.join(sorted(NATIVE_VALUE, key=len, reverse=True))})\s*(?P<counter>번째|번\s*째|개|곳)")
# English number words right after a keyword that takes a number, or before "floor(s)"/"minutes".
_EN_RUN = r"(?:(?:{w})\b[\s-]*)+".format(w="|".join(sorted(EN_NUMBER_WORDS, key=len, reverse=True)))
_SHORT = re.compile(rf"\b({'|'.join(en_words.SHORT_FORMS)})\b\.?", re.I)
_EN_KEYWORD = re.compile(rf"\b(?P<key>{en_words.NUMBER_KEYWORDS})\s+(?P<number>{_EN_RUN})", re.I)
# A building number said in groups with no keyword: "where is six fourteen" (two or more number words).
_EN_GROUPS = re.compile(rf"\b(?P<number>(?:(?:{'|'.join(sorted(EN_NUMBER_WORDS - {'oh', 'o'}, key=len, reverse=True))})"
                        rf"[\s-]+)(?:{_EN_RUN}))", re.I)
_EN_BEFORE_UNIT = re.compile(rf"\b(?P<number>{_EN_RUN})(?P<unit>{en_words.NUMBER_UNITS})\b", re.I)


def _sino(match: re.Match) -> str:
    value, counter = sino_value(match.group("number")), match.group("counter").replace(" ", "")
    if value is None or int(value) == 0:
        return match.group(0)
    # Building numbers have three digits: "사관", "영관" in "역 사관", "경 영관" are parts of names.
    if counter in ko_words.BUILDING_COUNTERS and int(value) < 100:
        return match.group(0)
    return f"{value}{counter}"


def _english(match: re.Match, before: str, after: str) -> str:
    words = match.group("number").lower().replace("-", " ").split()
    if words and words[0] in ("oh", "o"):        # "oh" alone is no number
        return match.group(0)
    value = english_number(words)
    if value is None:
        return match.group(0)
    return f"{match.group(before) + ' ' if before else ''}{value}{' ' + match.group(after) if after else ' '}"


def clean_transcript(text: str, doubled_in_names: frozenset[str] = frozenset(),
                     name_words: frozenset[str] = frozenset()) -> str:
    """`text` with fillers, repeats and spoken numbers made plain; the rest as it was.
    A word in `doubled_in_names` ("chul" of "Chul Chul Bori") may stand twice: the name says it so. A
    capitalised word said twice stays (a name we do not know may double it), unless it is one of
    `name_words`, the words of our names, none of which doubles it ("Education Education Building")."""
    words = text.split()
    kept: list[str] = []
    for i, word in enumerate(words):
        bare = word.strip(",.?!…").lower()
        # "본관 에 서", "디자인관 에 스" (에서 heard apart): a particle, not the filler 에
        after = words[i + 1].strip(",.?!…") if i + 1 < len(words) else ""
        split_particle = bare in ko_words.SPLIT_EOSEO[0] and (after.startswith("서") or after in ko_words.SPLIT_EOSEO[1])
        if bare in FILLERS and not split_particle:
            continue
        # "where where is", "도서관 도서관"; not a capitalised name we do not know ("Chul Chul Bori"), nor one the KB doubles
        # the later copy stays: it is said with what follows ("Dormitory, Dormitory 9")
        if kept and bare and bare == kept[-1].strip(",.?!…").lower() and bare not in doubled_in_names \
                and (not word[:1].isupper() or bare in name_words):
            kept[-1] = word
            continue
        kept.append(word)
    text = _SHORT.sub(lambda m: en_words.SHORT_FORMS[m.group(1).lower()], " ".join(kept))
    text = _ROUTE_DIGITS.sub(lambda m: m.group("district") + sino_value(m.group("number")), text)
    text = _SINO_COUNTED.sub(_sino, text)
    text = _NATIVE_COUNTED.sub(lambda m: f"{NATIVE_VALUE[m.group('number')]}{m.group('counter').replace(' ', '')}",
                               text)
    text = _EN_KEYWORD.sub(lambda m: _english(m, "key", ""), text)
    text = _EN_BEFORE_UNIT.sub(lambda m: _english(m, "", "unit"), text)
    text = _EN_GROUPS.sub(lambda m: (v + " ") if (v := english_number(m.group("number").lower().replace("-", " ")
                                                                      .split())) and len(v) == 3 else m.group(0), text)
    return re.sub(r"\s+([?.!,])", r"\1", re.sub(r"\s+", " ", text)).strip()
