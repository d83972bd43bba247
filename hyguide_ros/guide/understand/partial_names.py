"""Names said in part or misheard: the last way a question's leftover words are read as a place of ours.

Called when the words of a question name no place whole ("음악관", "Sungshin Elementary", "GS25",
"연습실 있는 건물", a typo); each rule below either finds one place, finds a few to ask between, or
passes to the next.
"""
from __future__ import annotations

import re
import unicodedata

from ...knowledge import KnowledgeBase, PlaceIndex
from ...knowledge.scripts import ScriptIndex
from ...knowledge.search import compact, normalize
from ..languages.en import words as en_words
from ..languages.ko import words as ko_words
from .intents import INTENT_DATA
from .unknown_names import GENERIC_WORDS as _GENERIC_WORDS
from .unknown_names import distance

_CATEGORY_RE = INTENT_DATA.category_re
# Words that say what kind a place is: said alone they are themselves, not a misheard name.
_KIND_WORDS = frozenset(compact(w) for w in (*en_words.NAMED_KINDS, *en_words.KIND_AFTER_NAME.split("|"),
                                             *ko_words.NAMED_SUFFIXES))


class PartialNames:
    """Words -> a place said in part, in the other script, by a code, by a thing inside it, or with a typo."""

    def __init__(self, kb: KnowledgeBase, index: PlaceIndex, scripts: ScriptIndex, explained: set[str]):
        self._kb, self._index, self._scripts = kb, index, scripts
        self._explained = explained        # words of the intent files: never a name in the other script
        # Korean names of four syllables or more by their length, for names heard one letter (jamo) off: one
        # letter more or less cannot add or drop a syllable, so only names as long as the word said can be it
        self._korean_names: dict[int, list[tuple[str, str]]] = {}
        for p in kb.places.values():
            for n in (compact(n) for n in (p.name_ko, *p.aliases) if re.fullmatch(r"[가-힣]{4,}", compact(n))):
                self._korean_names.setdefault(len(n), []).append((n, p.id))

    def narrowed(self, owners: list[str], words: list[str], said: str) -> list[str]:
        """Of several places whose names hold `said`, the one whose name also holds another word of the
        question ("the GS25 at Seoul Forest": GS25 Seoul Forest D Tower, "왕십리 스시도쿠": the Sushi Doku
        branches of the places named 왕십리...); all of them when none does."""
        if len(owners) < 2:
            return owners
        others = [compact(w) for w in words if w != said and len(compact(w)) >= 4 and compact(w) not in _GENERIC_WORDS]
        names = {pid: [compact(n) for n in (self._kb.get(pid).name_en, self._kb.get(pid).name_ko,
                                            *self._kb.get(pid).aliases)] for pid in owners}
        fitting = [pid for pid in owners if any(w in n for w in others for n in names[pid])]
        return fitting or owners

    def narrowed_where_said(self, norm: str, shared) -> list[str]:
        """Of the places that share a name said, the one whose name also holds a word said right beside it
        ("the CU at Hyundai Terrace Tower"); all of them when none does."""
        beside = norm[:shared.start].split()[-2:] + \
            re.sub(r"^\W*(?:(?:at|in|near|by)\s+)?(?:the\s+)?", "", norm[shared.end:]).split()[:3]
        return self.narrowed(list(shared.shared_by), beside, norm[shared.start:shared.end])

    def __call__(self, words: list[str]) -> tuple[list[str], list[str]]:
        """(the place, the places to ask between) for `words` that name no place whole: a word that is part
        of several names asks back; one typo'd name is accepted."""
        for word in words:
            key = compact(word)
            # Partial names only for Korean words: "음악관" fits three buildings, but "the" is in "theater".
            if len(key) < 3 or key in _GENERIC_WORDS or key.isascii() or _CATEGORY_RE.fullmatch(key):
                continue
            owners = self.narrowed(self._index.containing(key), words, word)
            if key in INTENT_DATA.loanwords:      # "스포츠" is a word of its own, not the end of "이스포츠PC방"
                owners = [pid for pid in owners if any(re.search(rf"(?<![가-힣]){key}", normalize(n)) for n in
                                                       (self._kb.get(pid).name_ko, *self._kb.get(pid).aliases))]
            if len(owners) == 1:
                return owners, []
            if len(owners) > 1:
                return [], owners
        for a, b in zip(words, words[1:]):
            # two Korean words said apart that are one word of a name ("재수 학원": 독학재수학원)
            joined = compact(a + b)
            if len(joined) >= 4 and re.fullmatch(r"[가-힣]+", joined):
                owners = self._index.containing(joined)
                if len(owners) == 1:
                    return owners, []
        content = [w for w in words if compact(w) not in _GENERIC_WORDS and not w.isdigit()]
        # a name in the other script ("Hanyangdae Byeongwon", "센트럴 라이브러리"), before the partial English
        # rules below would take its first word for another name
        crossed = self._scripts.find([w for w in words if compact(w) not in self._explained])
        if crossed:
            return [crossed[0]], []
        # An English name said without its last words: "Sungshin Elementary" (School); or with another word
        # for its kind: "the Nursing School" (our Nursing College).
        for a, b in zip(content, content[1:]):
            kin = {o for kind in en_words.KIND_SYNONYMS.get(b, ()) if kind != b and a.isascii() and len(a) >= 4
                   for o in self._index.starting_with(a + kind)}
            if len(kin) == 1:
                return list(kin), []
            owners = self._index.starting_with(a + b) if len(a + b) >= 8 else []
            if len(owners) == 1:
                return owners, []
            if 1 < len(owners) <= 3:          # "Sushi Doku": three branches start so; ask which
                return [], owners
        for a, b, c in zip(content, content[1:], content[2:]):
            # three English words of one name only, wherever in it ("Hyundai Terrace Tower": CU Hyundai Terrace Tower)
            inside = self._index.containing(a + b + c) if (a + b + c).isascii() and len(a + b + c) >= 12 else []
            if len(inside) == 1:
                return inside, []
        for word in content:
            # An English name said by its first word alone, when only one name starts so: "Sangwangsimni"
            # (Station), not the similar-looking "CGV Wangsimni".
            if word.isascii() and len(word) >= 8:
                owners = self._index.starting_with(word)
                if len(owners) == 1:
                    return owners, []
        for word in content:
            # A letter-and-digit code said alone ("GS25") is part of names; an ordinal ("2nd") is not.
            key = compact(word)
            if key.isascii() and re.fullmatch(r"(?=.*\d)(?=.*[a-z])[a-z\d]{3,}", key) and \
                    not re.fullmatch(r"\d+(?:st|nd|rd|th)", key):
                owners = self.narrowed(self._index.containing(key), content, word)
                if len(owners) == 1:
                    return owners, []
                if len(owners) > 1:
                    return [], owners
        for word in content:
            # A thing inside a building: "연습실 있는 건물" -> 제2음악관 (Korean words; a category word is not one).
            key = compact(word)
            if len(key) >= 3 and not key.isascii() and not _CATEGORY_RE.search(key):
                owners = self._index.with_feature(key)
                if len(owners) == 1:
                    return owners, []
                if 1 < len(owners) <= 3:
                    return [], owners
        for word in content:
            # a Korean name one letter (jamo) off, as a recogniser hears it: "텐지힐아파트" for 텐즈힐아파트
            key = compact(word)
            if len(key) >= 4 and re.fullmatch(r"[가-힣]+", key):
                near = {pid for name, pid in self._korean_names.get(len(key), ()) if _one_letter_off(key, name)}
                if len(near) == 1:
                    return list(near), []
        return self._index.find_fuzzy(content, never_alone=_KIND_WORDS)[:1], []


def _one_letter_off(said: str, name: str) -> bool:
    """Two Hangul words of one length that differ in one syllable, and there by one letter (초성, 중성 or
    종성: "텐지힐" for 텐즈힐)."""
    differ = [(a, b) for a, b in zip(said, name) if a != b]
    return len(differ) == 1 and distance(*(unicodedata.normalize("NFD", s) for s in differ[0])) <= 1
