"""Find the places a question talks about.

Names match with or without spaces and with Korean particles attached (한양플라자는, 한양 플라자),
by alias (학생복지관, FTC), by building number (105관, 105번 건물, Building 105), by English name,
and with small typos (bigram similarity). ASCII names need word boundaries so that "HIT" does not
match inside "white"; Korean names do not, because particles attach directly.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache

from .schema import KnowledgeBase
from .spoken import canonical_hangul, short_forms, spoken_forms

# Endings stripped from a Korean word before a fuzzy comparison (longest first).
_KO_PARTICLES = sorted(
    ["은", "는", "이", "가", "을", "를", "에", "에서", "으로", "로", "의", "까지", "도", "랑", "이랑", "하고",
     "이야", "야", "이에요", "예요", "인가요", "이니", "는데", "에는", "에서는", "으로는", "부터", "과", "와"],
    key=len, reverse=True)
_CODE_PATTERNS = [
    re.compile(r"(?<!\d)(\d{3})\s*(?:번\s*(?:건물|관)|호관|관|동(?!\s*\d))"),
    re.compile(r"건물\s*(?:번호\s*)?(?<!\d)(\d{3})(?!\d)"),
    re.compile(r"(?:building|bldg\.?|hall)\s*(?:number\s*|no\.?\s*|#\s*)?(\d{3})(?!\d)"),
    re.compile(r"(?<!\d)(\d{3})(?!\d)(?!\s*(?:번\s*(?:버스|출구)|m\b|km|분|층|호선|bus|minute|meter|floor))"),
]
_NEAR_BUS = re.compile(r"(?:버스|bus|성동|seongdong)\s*$")


def normalize(text: str) -> str:
    """NFKC, lower case, curly quotes straightened, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip()


def compact(text: str) -> str:
    """Letters and digits only, normalized."""
    return re.sub(r"[^0-9a-z가-힣]", "", normalize(text))


def name_key(text: str) -> str:
    """The form names are compared in: compact, with confusable Hangul spellings made one (국재관 = 국제관)."""
    return canonical_hangul(compact(text))


def _bigrams(word: str) -> set[str]:
    return {word[i:i + 2] for i in range(len(word) - 1)} or {word}


def _compact_with_positions(norm: str) -> tuple[str, list[int]]:
    """The letters and digits of `norm`, and where each one stands in `norm`."""
    positions = [i for i, c in enumerate(norm) if c.isascii() and c.isalnum() or "가" <= c <= "힣"]
    return "".join(norm[i] for i in positions), positions


@dataclass(frozen=True)
class PlaceMention:
    place_id: str
    start: int          # span in the normalized text
    end: int
    how: str            # "name", "code" or "fuzzy"
    shared_by: tuple[str, ...] = ()     # a name several places share ("Seongdong Library"): ask which
    again: tuple[tuple[int, int], ...] = ()     # spans where the same place is said again ("노천 노천극장")


def without_mentions(norm: str, mentions: list[PlaceMention]) -> str:
    """`norm` with each mention's span blanked, the same length (the question's other words, in place)."""
    for m in mentions:
        for start, end in ((m.start, m.end), *m.again):
            norm = norm[:start] + " " * (end - start) + norm[end:]
    return norm


class PlaceIndex:
    def __init__(self, kb: KnowledgeBase):
        self._kb = kb
        self._order = {pid: i for i, pid in enumerate(kb.places)}
        self._names: dict[str, str] = {}            # compact name -> place id (its first owner)
        self._shared: dict[str, tuple[str, ...]] = {}   # compact name -> every place that has it
        # (the names never change, and the understanding asks for the same words often)
        self._containing = lru_cache(maxsize=8192)(self._scan_containing)
        for place in kb.places.values():
            for name in (place.name_ko, place.name_en, *place.aliases, *self._heard_forms(place)):
                key = name_key(name)
                if len(key) >= 2:
                    owner = self._names.setdefault(key, place.id)
                    if owner != place.id and place.id not in self._shared.get(key, ()):
                        self._shared[key] = self._shared.get(key, (owner,)) + (place.id,)
        # Names by their first two characters, longest first: a scan tries few names per position.
        self._by_prefix: dict[str, list[str]] = defaultdict(list)
        for key in sorted(self._names, key=len, reverse=True):
            self._by_prefix[key[:2]].append(key)
        # What is inside each campus building ("연습실", "오픈소스SW센터"), for "X 있는 건물 어디야?".
        self._features = [(place.id, name_key(f.ko) + " " + compact(f.en)) for place in kb.places.values()
                          if place.kind == "building" for f in place.features]
        # Single words of the names ("minja", "nursing", "chul"), for telling a known name's part from a new name.
        self._name_words = {w for place in kb.places.values() for name in (place.name_en, *place.aliases)
                            for w in re.findall(r"[0-9a-z]+", normalize(name))}
        self._by_bigram: dict[str, set[str]] = defaultdict(set)
        for key in self._names:
            for bg in _bigrams(key):
                self._by_bigram[bg].add(key)

    @staticmethod
    def _heard_forms(place) -> list[str]:
        """Names as a recogniser writes them when heard: 씨유 for CU, 지에스이십오 for GS25; and schools as said
        short (신당초)."""
        return [form for name in (place.name_ko, *place.aliases) for form in (*spoken_forms(name), *short_forms(name))]

    @property
    def kb(self) -> KnowledgeBase:
        return self._kb

    # ------------------------------------------------------------------ exact mentions
    def find(self, text: str) -> list[PlaceMention]:
        """Places named in `text`, in order of appearance, without repeats."""
        norm = normalize(text)
        found: list[PlaceMention] = []
        taken: list[tuple[int, int]] = []
        letters, positions = _compact_with_positions(norm)
        letters = canonical_hangul(letters)          # same length: positions still hold
        i = 0
        while i < len(letters) - 1:
            for key in self._by_prefix.get(letters[i:i + 2], ()):
                if letters.startswith(key, i) and self._at_word_edges(norm, key, positions[i],
                                                                       positions[i + len(key) - 1] + 1):
                    start, end = positions[i], positions[i + len(key) - 1] + 1
                    found.append(PlaceMention(self._names[key], start, end, "name", self._shared.get(key, ())))
                    taken.append((start, end))
                    i += len(key) - 1
                    break
            i += 1
        for pattern in _CODE_PATTERNS:
            for m in pattern.finditer(norm):
                place = self._kb.by_code.get(m.group(1))
                if place is None or _NEAR_BUS.search(norm[:m.start()]):
                    continue
                if any(s <= m.start(1) < e for s, e in taken):
                    continue
                # the span takes the number's words too ("604관", "Building 802"): what is left around it
                # is the particle or "from"
                found.append(PlaceMention(place.id, m.start(), m.end(), "code"))
                taken.append((m.start(), m.end()))
        found.sort(key=lambda x: x.start)
        found = self._join_qualified(norm, found)
        unique: dict[str, PlaceMention] = {}
        for mention in found:
            first = unique.get(mention.place_id)
            unique[mention.place_id] = replace(first, again=(*first.again, (mention.start, mention.end))) \
                if first else mention
        return list(unique.values())

    def unknown_codes(self, text: str) -> list[str]:
        """Building numbers said as such ("811동", "building 811") that no place of ours has, as said."""
        norm = normalize(text)
        return [m.group(0) for pattern in _CODE_PATTERNS[:3] for m in pattern.finditer(norm)
                if m.group(1) not in self._kb.by_code and not _NEAR_BUS.search(norm[:m.start()])]

    def is_shared(self, name: str) -> bool:
        """Whether several places have this name (asking by it gets a question back)."""
        return name_key(name) in self._shared

    def _join_qualified(self, norm: str, found: list[PlaceMention]) -> list[PlaceMention]:
        """"한양여대 정보문화관", "Hanyang Women's University Information and Culture Hall": a name that
        begins another place's full name, said just before that place, is part of it, not a place."""
        out: list[PlaceMention] = []
        for mention in found:
            if out and out[-1].place_id != mention.place_id and not norm[out[-1].end:mention.start].strip():
                head = name_key(norm[out[-1].start:out[-1].end])
                place = self._kb.places[mention.place_id]
                if any(name_key(n).startswith(head) for n in (place.name_ko, place.name_en, *place.aliases)):
                    out[-1] = PlaceMention(mention.place_id, out[-1].start, mention.end, mention.how)
                    continue
            out.append(mention)
        return out

    @staticmethod
    def _at_word_edges(norm: str, key: str, start: int, end: int) -> bool:
        """ASCII ends of a name must not touch other ASCII letters or digits."""
        if key[0].isascii() and start > 0 and norm[start - 1].isascii() and norm[start - 1].isalnum():
            return False
        if key[-1].isascii() and end < len(norm) and norm[end].isascii() and norm[end].isalnum():
            return False
        return True

    # ------------------------------------------------------------------ typos and suggestions
    def leftover_words(self, text: str, mentions: list[PlaceMention]) -> list[str]:
        """Words of `text` outside the found mentions, with Korean particles stripped."""
        norm = normalize(text)
        for start, end in sorted(((s, e) for m in mentions for s, e in ((m.start, m.end), *m.again)), reverse=True):
            norm = norm[:start] + " " + norm[end:]
        words = []
        for raw in re.findall(r"[0-9a-z가-힣]+", norm):
            for particle in _KO_PARTICLES:
                if raw.endswith(particle) and len(raw) - len(particle) >= 2:
                    raw = raw[: -len(particle)]
                    break
            words.append(raw)
        return words

    def english_name(self, place_id: str) -> str:
        return self._kb.get(place_id).name_en

    def is_name_word(self, word: str) -> bool:
        """Whether `word` is a whole word of some place's English name or alias."""
        return normalize(word) in self._name_words

    def name_words(self) -> set[str]:
        """The single words of the places' English names and aliases, lower case."""
        return set(self._name_words)

    def repeated_words(self) -> set[str]:
        """Words said twice in a row inside a name ("Chul Chul Bori"): not a recogniser's stutter."""
        return {w for place in self._kb.places.values() for name in (place.name_ko, place.name_en, *place.aliases)
                for w, nxt in zip(normalize(name).split(), normalize(name).split()[1:]) if w == nxt}

    def has_kind_in_names(self, place_id: str, kind: str) -> bool:
        """Whether one of the place's names has the kind word in it ("Olympic Gymnasium" has no "park")."""
        place = self._kb.places[place_id]
        return any(name_key(kind) in name_key(n) for n in (place.name_ko, place.name_en, *place.aliases))

    def near_names(self, word: str, suffix: str) -> list[str]:
        """Places with a near spelling of `word`, a name ending in the kind `suffix` ("이화여자대학교"), best
        first. Names of the same kind are compared without the kind, so that "이화여자대학교" is not taken
        for "한양여자대학교" for the "여자대학교" they share."""
        key, kind = name_key(word), name_key(suffix)
        grams = _bigrams(key)
        scored: dict[str, float] = {}
        for name, owner in self._names.items():
            if name == kind:
                continue                  # a place called just "Hospital" is no spelling of "Asan Hospital"
            if name.endswith(kind):       # the same kind: the names apart from it must be alike
                a, b, bound = _bigrams(key[: -len(kind)]), _bigrams(name[: -len(kind)]), 0.7
            else:                         # another kind of name: alike as a whole, the kind misheard too
                a, b, bound = grams, _bigrams(name), 0.75
            score = 2 * len(a & b) / (len(a) + len(b))
            if score >= bound:
                for pid in self._shared.get(name, (owner,)):
                    scored[pid] = max(score, scored.get(pid, 0.0))
        return sorted(scored, key=lambda pid: -scored[pid])

    def names_most_of(self, fragment: str, share: float = 0.6) -> bool:
        """Whether `fragment` is most of one of our names ("사회과학" of "사회과학관"; not "롯데" of "롯데마트 왕십리점")."""
        key = name_key(fragment)
        return len(key) >= 2 and any(key in name and len(key) >= share * len(name) for name in self._names)

    def containing(self, fragment: str) -> list[str]:
        """Place ids one of whose names contains `fragment` (compact form), in KB order."""
        return list(self._containing(name_key(fragment)))

    def _scan_containing(self, key: str) -> tuple[str, ...]:
        owners = {self._names[name] for name in self._names if key in name}
        return tuple(pid for pid in self._kb.places if pid in owners)

    def with_feature(self, word: str) -> list[str]:
        """Campus place ids with a feature that contains `word` (compact form), in KB order."""
        key = name_key(word)
        owners = {pid for pid, text in self._features if key in text}
        return [pid for pid in self._kb.places if pid in owners]

    def starting_with(self, prefix: str) -> list[str]:
        """Place ids one of whose names starts with `prefix` (compact form)."""
        key = name_key(prefix)
        return sorted({self._names[name] for name in self._names if name.startswith(key)})

    def similar(self, word: str, limit: int = 3, threshold: float = 0.3,
                max_length_gap: int | None = None) -> list[tuple[str, float]]:
        """Place ids whose names look like `word` (Dice similarity of character bigrams)."""
        key = name_key(word)
        if len(key) < 2:
            return []
        grams = _bigrams(key)
        candidates = set().union(*(self._by_bigram.get(g, set()) for g in grams))
        scored: dict[str, float] = {}
        for cand in candidates:
            if max_length_gap is not None and (len(cand) < 4 or abs(len(cand) - len(key)) > max_length_gap
                                               or key in cand):
                continue    # a typo, not a piece of a longer name ("정류장" is no typo of "정문정류장")
            other = _bigrams(cand)
            score = 2 * len(grams & other) / (len(grams) + len(other))
            pid = self._names[cand]
            if score >= threshold and score > scored.get(pid, 0.0):
                scored[pid] = score
        # ties in KB order: the candidates come from a set, whose order changes with the process's hash seed
        return sorted(scored.items(), key=lambda kv: (-kv[1], self._order[kv[0]]))[:limit]

    def find_fuzzy(self, words: list[str], threshold: float = 0.66,
                   never_alone: frozenset[str] = frozenset()) -> list[str]:
        """Place ids matched by single words or adjacent word pairs with small typos.

        A word in `never_alone` is a real word of its own ("center"), never a typo of a name ("Entersix").
        """
        phrases = words + [a + b for a, b in zip(words, words[1:])] + [
            a + b + c for a, b, c in zip(words, words[1:], words[2:])]
        hits: list[tuple[float, str]] = []
        for phrase in phrases:
            if len(compact(phrase)) < 3 or compact(phrase) in never_alone:
                continue
            best = self.similar(phrase, limit=2, threshold=threshold, max_length_gap=2)
            if best and (len(best) == 1 or best[1][1] < best[0][1]):     # a tie is no clear winner
                hits.append((best[0][1], best[0][0]))
        hits.sort(reverse=True)
        return list(dict.fromkeys(pid for _, pid in hits))
