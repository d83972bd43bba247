"""Names across scripts: a Korean name written in Latin letters ("Haksaeng Hoegwan" for 학생회관) and an
English name written in Hangul ("센트럴 라이브러리" for Central Library), as a recogniser set to the other
language writes them.

Both are compared in Latin letters: Hangul is romanised (Revised Romanisation, syllable by syllable), and
an English name and a Korean loanword are reduced to a consonant skeleton in which the sounds Korean
merges are one letter (l/r, p/f, b/v, k/c/q, s/c before e and i, j/z), an r before a consonant is
dropped (Korean writes none: 센트럴 for central, but 스타 for star) and vowels are left out (Korean adds
them: 스 for s, 트 for t). The score is difflib's ratio of the two keys, the same 0..1 as a typo match.
"""
from __future__ import annotations

import difflib
import functools
import re

_RR_INITIAL = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_RR_VOWEL = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
             "yu", "eu", "ui", "i"]
_RR_FINAL = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
             "ng", "t", "t", "k", "t", "p", "t"]

# English spellings -> the sound a Korean loanword writes for them, in order (digraphs first).
_SOUNDS = [(r"ph", "p"), (r"ck", "k"), (r"c(?=[eiy])", "s"), (r"c", "k"), (r"g(?=[eiy])", "j"), (r"q", "k"), (r"x", "ks"),
           (r"th", "t"), (r"sh", "s"), (r"tch", "ch"), (r"f", "p"), (r"v", "b"), (r"z", "j"), (r"l", "r"),
           (r"gh", "g"), (r"wh", "w"), (r"dg", "j")]
_VOWELS = "aeiouwy"
# Korean verb and particle endings: a word ending so is Korean, not an English name in Hangul ("보면", "가야").
_KOREAN_ENDING = re.compile(r"[다면서야나요까고지는은을를에의해며데게죠네러]$")      # (러: "받으러", "보러")


def romanise(hangul: str) -> str:
    """예지문 -> Yejimun, 왕십리 -> Wangsimni, 종로 -> Jongno (Revised Romanisation, with the sound changes
    between syllables that it writes: nasals before ㄴ/ㅁ/ㄹ, ㄹ after ㄴ or ㄹ)."""
    syllables: list[list[int] | str] = []
    for ch in hangul:
        if "가" <= ch <= "힣":
            code = ord(ch) - 0xAC00
            syllables.append([code // 588, (code % 588) // 28, code % 28])
        else:
            syllables.append(ch)
    for left, right in zip(syllables, syllables[1:]):
        if isinstance(left, list) and isinstance(right, list):
            left[2], right[0] = _SOUND_CHANGES.get((left[2], right[0]), (left[2], right[0]))
    word = "".join(_RR_INITIAL[s[0]] + _RR_VOWEL[s[1]] + _RR_FINAL[s[2]] if isinstance(s, list) else s
                   for s in syllables).replace("lr", "ll")      # ㄹ after ㄹ is written l: Silla
    return word[:1].upper() + word[1:]


# (final, next initial) -> as said: 십리 -> 심니, 국립 -> 궁닙, 신라 -> 실라, 종로 -> 종노, 학문 -> 항문, 설날 -> 설랄
# (jamo indices: finals ㄱ1 ㄴ4 ㄷ7 ㄹ8 ㅁ16 ㅂ17 ㅅ19 ㅇ21; initials ㄴ2 ㄹ5 ㅁ6)
_SOUND_CHANGES = {(17, 5): (16, 2), (1, 5): (21, 2), (16, 5): (16, 2), (21, 5): (21, 2), (4, 5): (8, 5),
                  (8, 2): (8, 5), (1, 2): (21, 2), (1, 6): (21, 6), (17, 2): (16, 2), (17, 6): (16, 6),
                  (7, 2): (4, 2), (7, 6): (4, 6), (19, 2): (4, 2), (19, 6): (4, 6)}


def latin_key(text: str) -> str:
    """Romanised Korean as one lower-case run of letters: "Haksaeng Hoegwan" -> "haksaenghoegwan"."""
    return re.sub(r"[^a-z]", "", text.lower())


# Romanisations of one Korean sound, made one (Revised Romanisation, McCune-Reischauer and how people
# write it: 경영관 = gyeongyeonggwan = kyung-young-kwan, 회관 = hoegwan = hwe-kwan, 역사 = yeoksa = yuksa).
_LOOSE = [(r"eo|eu", "o"), (r"u", "o"), (r"oe|wae|we", "we"), (r"ae", "e"), (r"kk|gg|g", "k"), (r"tt|dd|d", "t"),
          (r"pp|bb|b", "p"), (r"ch|tch|j", "j"), (r"ss|sh", "s"), (r"r", "l"), (r"(.)\1+", r"\1")]


@functools.lru_cache(maxsize=4096)
def loose_key(text: str) -> str:
    """latin_key with the spellings of one Korean sound made one: "Kyung-young-kwan" and "Gyeongyeonggwan"
    have one loose key."""
    key = latin_key(text)
    for pattern, sound in _LOOSE:
        key = re.sub(pattern, sound, key)
    return key


def skeleton(text: str) -> str:
    """The consonants a Korean ear keeps of a Latin-letter word ("central" -> "sntrr", "library" -> "rbrr")."""
    word = latin_key(text)
    for pattern, sound in _SOUNDS:
        word = re.sub(pattern, sound, word)
    word = re.sub(r"r(?=[^aeiouwy]|$)", "", word) if not word.startswith("r") else word[0] + re.sub(
        r"r(?=[^aeiouwy]|$)", "", word[1:])
    word = word.replace("ng", "n")              # 빌딩 / building: both end in n after this
    consonants = [c for c in word if c not in _VOWELS]
    return re.sub(r"(.)\1+", r"\1", "".join(consonants))


def hangul_skeleton(hangul: str) -> str:
    """A Hangul loanword's skeleton: 센트럴 -> "sntrr", like skeleton("central")."""
    return skeleton(romanise(hangul).lower().replace("eu", ""))


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio() if a and b else 0.0


class ScriptIndex:
    """The places' names in the other script: English names as Hangul loanword skeletons, Korean names
    romanised. `find` takes a question's words (no place found in them otherwise) and returns the one
    place a run of one to three of them names, with its score, or None."""

    THRESHOLD = 0.85        # below it, two names are not said to be one (the typo match's own bar is 0.66)
    COVERAGE = 0.8          # letters of the longer of the two keys that the other must match
    MARGIN = 0.08           # the best must beat the next place by this much: no guessing between two

    def __init__(self, kb) -> None:
        # (key length, first letter) -> [(key, place id)]: a question's key is only compared with keys of about
        # its length that start with its letter
        self._english: dict[tuple[int, str], list[tuple[str, str]]] = {}     # skeletons of the English names
        self._korean: dict[tuple[int, str], list[tuple[str, str]]] = {}      # the Korean names romanised
        self._korean_loose: dict[tuple[int, str], list[tuple[str, str]]] = {}   # and their other spellings made one
        for place in kb.places.values():
            for name in (place.name_en, place.name_ko, *place.aliases):
                if re.search(r"[가-힣]", name):
                    key, table = latin_key(romanise(name.replace(" ", ""))), self._korean
                    loose = loose_key(key)
                    self._korean_loose.setdefault((len(loose), loose[:1]), []).append((loose, place.id))
                elif name.isascii():
                    key, table = skeleton(name), self._english
                else:
                    continue
                table.setdefault((len(key), key[:1]), []).append((key, place.id))

    def _score(self, key: str, table: dict[tuple[int, str], list[tuple[str, str]]], best: dict[str, float]) -> None:
        """The best score of each place whose key in `table` is near `key`, into `best`."""
        # a skeleton keeps few letters: four ("nbst" for 유니버시티 and Yongbi Shelter) name nothing
        if len(key) < (5 if table is self._english else 4):
            return
        matcher = difflib.SequenceMatcher(None, "", key, autojunk=False)   # b (cached) is the question's key
        gap = len(key) // 3 + 1
        # names of about the key's length that start as it does (a recogniser keeps a name's first sound)
        for name_key, pid in (e for n in range(len(key) - gap, len(key) + gap + 1) for e in table.get((n, key[:1]), ())):
            # ratio's cheap upper bounds first: most names are far off in their letters
            matcher.set_seq1(name_key)
            if matcher.real_quick_ratio() < self.THRESHOLD or matcher.quick_ratio() < self.THRESHOLD:
                continue
            score = matcher.ratio()
            if len(key) <= 4 and score < 1.0:
                continue
            # the whole name said, not a word of it: "wangsimni" is not "CGV Wangsimni"
            if score * (len(key) + len(name_key)) / 2 < self.COVERAGE * max(len(key), len(name_key)):
                continue
            best[pid] = max(best.get(pid, 0.0), score)

    def find(self, words: list[str]) -> tuple[str, float] | None:
        """The place the longest run of `words` names with confidence: "Sabumdae byulgwan" is 사범대학 별관,
        though "Sabumdae" alone is 사범대학."""
        for size in (4, 3, 2, 1):          # ("Hak saeng hwe kwan": a name said syllable by syllable)
            best: dict[str, float] = {}
            for i in range(len(words) - size + 1):
                run = words[i:i + size]
                if all(re.fullmatch(r"[가-힣]+", w) and not _KOREAN_ENDING.search(w) for w in run):
                    self._score(hangul_skeleton("".join(run)), self._english, best)
                elif all(re.fullmatch(r"[a-z]+", w) for w in run):
                    self._score(latin_key("".join(run)), self._korean, best)
                    # another romanisation of one of our names ("byul" for 별, "bum" for 범): the loose keys,
                    # of long names said in whole words only (the loose key of "to seoul" is near 이투스)
                    loose = loose_key("".join(run))
                    if len(loose) >= 6 and all(len(w) >= 3 for w in run) and (size >= 2 and len(loose) >= 10):
                        self._score(loose, self._korean_loose, best)
                    elif len(loose) >= 6 and any(k == loose for k, _ in self._korean_loose.get((len(loose), loose[:1]), ())):
                        best.update({pid: 1.0 for k, pid in self._korean_loose[(len(loose), loose[:1])] if k == loose})
            ranked = sorted(best.items(), key=lambda kv: -kv[1])
            if not ranked or ranked[0][1] < self.THRESHOLD:
                continue
            if len(ranked) > 1 and ranked[1][1] > ranked[0][1] - self.MARGIN:
                return None                 # two places fit this run as well: no guessing between them
            return ranked[0]
        return None
