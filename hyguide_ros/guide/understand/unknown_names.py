"""Names of places we do not have ("경희대학교", "아산병원", "Gangnam Station", "Olympic Park"): such a name
must be answered "I don't know that place", never as the kind of place inside it, nor as the place of
ours it shares a word with."""
from __future__ import annotations

import re

from ...knowledge import KnowledgeBase, PlaceIndex
from ...knowledge.scripts import loose_key
from ...knowledge.search import compact, normalize, without_mentions
from ..languages import word_set
from ..languages.en import words as en_words
from ..languages.ko import words as ko_words
from .intents import INTENT_DATA, LANGUAGES_DIR, read_sections
from .qualified_names import QualifiedNames


class UnknownNames:
    def __init__(self, kb: KnowledgeBase, index: PlaceIndex):
        self._kb = kb
        self._index = index
        # What a word of a question can be explained by: the intent files' words and every name, alias,
        # feature and category word of the knowledge base. A word outside both beside a place name is
        # a name we do not hold (a brand, a branch, a neighbourhood), not a word to drop.
        self.intent_words, self.kb_words = _intent_file_words(), _kb_words(kb)
        self._explained = self.intent_words | self.kb_words | GENERIC_WORDS | _NOT_A_NAME_EN | _NOT_A_NAME_KO
        self._explained_not_kb = self.intent_words | GENERIC_WORDS | _NOT_A_NAME_EN | _NOT_A_NAME_KO
        self._name_words = {w for w in self.kb_words if w.isascii() and w.isalpha()}
        self._latin_runs = {run for w in self.kb_words for run in re.findall(r"[0-9a-z]+", w)}
        # a name of ours said with a word that makes it another place (another branch, number, station)
        self._qualified = QualifiedNames(kb, index, self._explained)
        self._place_words = self._qualified.place_words
        self._our_neighbourhoods = {compact(n) for p in kb.places.values() if p.kind == "area"
                                    for n in (p.name_ko, p.name_en, *p.aliases)}

    def find(self, text: str, norm: str, mentions: list, leftover: list[str], found: list[str]) -> str | list[str] | None:
        """A proper name of a kind of place ("경희대학교", "아산병원", "Gangnam Station", "Olympic Park") that is
        no place of ours: it must not be read as the kind inside it, nor as the place of ours whose name
        it shares a word with. Returns that name; or, when it is a near spelling of names of ours that
        were not found otherwise, those places (to ask back); or None."""
        place_found = bool(found)
        index = self._index
        other = self._qualified.find(norm, mentions, found) or self._other_neighbourhood(norm, mentions)
        if other:
            return other
        qualified = self._unknown_before(text, norm, mentions, place_found) or self._introduced(text, norm)
        if qualified:
            return qualified
        for word in leftover:                # 1. words no name of ours was found in: "경희대학교", "롯데아울렛"
            key = compact(word)
            suffix = next((s for s in _NAMED_SUFFIXES_KO if key.endswith(s) and len(key) > len(s)), None)
            if suffix is None or key in GENERIC_WORDS:
                continue
            head = key[: -len(suffix)]
            if head in self._qualified.location_words and not index.containing(key):
                return word               # "행당초등학교": a school of 행당 we do not hold, not our 신당초등학교
            if head in _NOT_A_NAME_KO or head.isdigit() or index.containing(key) or index.names_most_of(head):
                continue                  # "사회과학대학": our 사회과학관, said so
            near = index.near_names(key, suffix)
            if near:
                return near if not set(near) & set(found) else None
            return word
        for m in mentions:                   # 2. a name of ours inside a longer name
            said = norm[m.start:m.end]
            key = compact(said)
            glued = re.search(r"[가-힣]+$", norm[:m.start])          # "아산" + "병원", "마포" + "중앙도서관"
            if glued and any(key.endswith(s) for s in _NAMED_SUFFIXES_KO) and glued.group(0) not in _NOT_A_NAME_KO \
                    and not _ENDS_WITH_PARTICLE.search(glued.group(0)) and not index.containing(glued.group(0) + key):
                return glued.group(0) + key
            after = re.match(r"\s*([가-힣]+|[a-z]+)", norm[m.end:])        # "olympic" + "park", "올림픽" + "공원"
            kind = after and next((k for k in (*_NAMED_SUFFIXES_KO, *_NAMED_KINDS_EN) if after.group(1) == k or
                                   (k in _NAMED_SUFFIXES_KO and after.group(1).startswith(k))), None)
            if kind and not index.has_kind_in_names(m.place_id, kind) and not index.containing(said + kind):
                return f"{said}{' ' if kind.isascii() else ''}{kind}"
            # a kind of place glued after it ("노천카페", an open-air cafe: not our 노천극장)
            glued_kind = re.match(r"[가-힣]+", norm[m.end:])
            if glued_kind and (kinds := INTENT_DATA.category_words.get(glued_kind.group(0))) and \
                    not set(kinds) & set(self._kb.get(m.place_id).category) and not index.containing(key + glued_kind.group(0)):
                return said + glued_kind.group(0)
        # 3. English: capitalised words before a kind ("Gangnam Station", "Asan Hospital"), as recognisers
        #    write proper names; a name word of ours counts only where our place of that name is of the kind.
        for match in _NAMED_EN_CASED.finditer(text):
            if place_found and _LOCATOR_EN.search(text[:match.start()]) and \
                    match.group("kind").lower() not in _OTHER_CAMPUS_EN:
                continue                  # "Lotte Mart at Hangan Station": the place asked about is ours
                                          # (not "the library at Yonsei University": another campus's)
            heads, kind = match.group("head").lower().split(), match.group("kind").lower()
            owner, shared = self._owner_of_name_words(heads)
            if shared >= 2:
                if place_found:
                    continue              # "Newfine Seongdong High School": our Newfine Seongdong Academy
                return [owner]            # "Future Car Research Center": our Future Automotive one? ask
            proper = [w for w in heads if w not in _NOT_A_NAME_EN and not self._names_word_of_kind(w, kind)]
            phrase = f"{' '.join(heads)} {kind}"
            if proper and not index.containing(phrase):
                near = index.near_names(phrase, kind)
                if not near:
                    return phrase
                if not set(near) & set(found):
                    return near           # "Jeongdok Library": heard for our Seongdong Library? ask
        return None

    def wings(self, norm: str, mentions: list) -> list:
        """See QualifiedNames.wings."""
        return self._qualified.wings(norm, mentions)

    def _other_neighbourhood(self, norm: str, mentions: list) -> str | None:
        """A neighbourhood (동) we are not, said with a place: "성수동 카페거리", "행당동 주민센터", "Majang-dong
        meat market" ask about a place of that neighbourhood, not about ours whose name holds the word
        (우리은행 성수동금융센터, 사근동 주민센터). A 동 is a neighbourhood when what comes before it says
        where (a station's or branch word of ours: 성수, 행당) or names nothing of ours (마장, 망원); not a
        wing of a building (계단강의동: 강의 is a word of ours)."""
        blanked = without_mentions(norm, mentions)
        for said in _NEIGHBOURHOOD.finditer(blanked):
            word = compact(said.group(0))
            stem = said.group("ko") or said.group("en")
            if word in self.kb_words or any(distance(word, n) <= 1 for n in self._our_neighbourhoods) \
                    or self._spelled_near(stem):
                continue                  # 사근동, Seongdong, Sagun-dong: ours
            if stem in self._qualified.location_words or (stem not in self._explained and not self._index.containing(stem)):
                rest = re.match(r"\s*([0-9a-z가-힣]+)", blanked[said.end():])
                return f"{said.group(0).strip()} {rest.group(1)}" if rest else said.group(0).strip()
        return None

    def unaccounted(self, text: str, words: list[str], place_id: str) -> str | None:
        """Of a question whose place was found from part of its name or a near spelling, a word said as a
        name ("Kyobo" in "Kyobo Bookstore Wangsimni", "Anytime" in "Anytime Fitness Wangsimni") that
        neither that place's names nor the intent files explain: the question names another place."""
        own = self._place_words.get(place_id, set())

        def owns(key: str) -> bool:      # a word of the place's names, or a spelling of one ("Misia", "Chul", "Mupar")
            return key in own or any(key in n or n in key for n in own if len(n) >= 3) or \
                any(distance(key, n) <= max(1, len(key) * 2 // 5) for n in own if n.isascii() and n[:1] == key[:1])
        keys = [compact(w) for w in words]
        # a run of words that romanises one of the place's names ("Kyung young kwan" for 경영관, "Chul Chul"
        # for Chalchal: a name said in several words, spelt another way)
        own_loose = [loose_key(n) for n in own if n.isascii() and len(n) >= 4]
        covered: set[int] = set()
        for i in range(len(keys)):
            for n in range(4, 0, -1):
                joined = "".join(keys[i:i + n])
                if len(joined) >= 4 and joined.isascii() and any(loose_key(joined) in o for o in own_loose):
                    covered |= set(range(i, min(i + n, len(keys))))
                    break
        first_own = next((i for i, k in enumerate(keys) if len(k) >= 3 and
                          (owns(k) or owns(k + "".join(keys[i + 1:i + 2])) or i in covered)), len(keys))
        # English names only (a Korean word left is the part of a name or the feature the place was found by),
        # and only before the place's own words, where a brand stands ("Kyobo Bookstore Wangsimni"; not
        # "Wangcho Barbecue", BBQ said in full)
        said = text.split()
        for i, (word, key) in enumerate(zip(words[:first_own], keys)):
            if not word.isascii() or len(key) < 2 or key.isdigit() or key in self._explained_not_kb or owns(key) or \
                    i in covered:
                continue
            # said as a name: capitalised; the first word of the question only when a capitalised word follows
            # ("Kyobo Bookstore Wangsimni"; not "Could you ...")
            first = bool(said) and compact(said[0]) == key
            if not (self._said_as_name(word, text) or first and len(said) > 1 and said[1][:1].isupper()):
                continue
            return word
        return None

    def unknown_start(self, text: str, norm: str, mentions: list) -> str | None:
        """The start of a way said in words that name no place of ours ("컨버전스 에듀케이션 빌딩에서 경영관까지",
        "from the Engineering Annex to the library"): the way cannot start there, and must not start at
        the gate instead. Returns the start as said; None when every start said is explained."""
        blanked = without_mentions(norm, mentions)
        for said in _NAMED_START.finditer(blanked):
            start = next(group for group in said.groups() if group)       # (the English or the Korean pattern's)
            words = start.split()
            if words and (self._unexplained(words, text) if words[-1].isascii() else
                          self._unexplained([w for w in words if self._bare_name_ko(w)], text)
                          # English words said in Hangul that spell no name of ours ("컨버전스 센터에서")
                          or compact(words[-1]) in INTENT_DATA.loanwords):
                return start.strip()
        return None

    def _introduced(self, text: str, norm: str) -> str | None:
        """A name introduced as one ("a ramen place called Menya", "엽떡이라는 가게", "후문 쪽에 엽떡 있다던데"):
        when nothing of ours explains it, the question is about a place we do not hold."""
        for said in _INTRODUCED_EN.finditer(text):
            if self._unexplained([said.group(1).lower()], text):
                return said.group(1)
        for said in _INTRODUCED_KO.finditer(norm):
            word = said.group(1) or said.group(2)
            if self._bare_name_ko(word) and not self._index.find(word) and not self._index.containing(compact(word)) \
                    and compact(word) not in self._explained \
                    and not INTENT_DATA.category_re.search(word):
                return word
        return None

    def _owner_of_name_words(self, words: list[str]) -> tuple[str | None, int]:
        """The place of ours that has the most of `words` in its names, and how many it has."""
        counts: dict[str, int] = {}
        for word in words:
            if word not in _NOT_A_NAME_EN and self._index.is_name_word(word):
                for pid in self._index.containing(word):
                    counts[pid] = counts.get(pid, 0) + 1
        return max(counts.items(), key=lambda kv: kv[1], default=(None, 0))

    def _names_word_of_kind(self, word: str, kind: str) -> bool:
        """Whether a place of ours has `word` in its name and is of `kind` ("Nursing" + school: the
        College of Nursing; "Olympic" + park: no, the Olympic Gymnasium is no park)."""
        if not self._index.is_name_word(word):
            return False
        kinds = _KIND_SYNONYMS_EN.get(kind, (kind,))
        return any(any(k in normalize(n) for k in kinds) for pid in self._index.containing(word)
                   for n in (self._kb.get(pid).name_en, *self._kb.get(pid).aliases))

    def _unknown_before(self, text: str, norm: str, mentions: list, place_found: bool = False) -> str | None:
        """A name no place or intent of ours explains, right before a place name or a kind of place
        ("McDonald's Hanyang University Station", "the Twosome Place at Ttukseom Station", "연남동 맛집",
        "Hongdae food street"): it names a place we do not hold. English names are told by their
        capitals, as recognisers write them; Korean ones by standing bare before the kind, no particle."""
        for m in mentions:
            before = re.search(r"((?:[0-9a-z'&.-]+\s+){1,3})(?:(?:branch|store|shop)\s+)?"
                               r"(?:(?:at|in|near|inside|by)\s+)?(?:the\s+)?$", norm[:m.start])
            if before and (word := self._unexplained(before.group(1).split(), text)):
                return f"{word} {norm[m.start:m.end]}"
            # "종로 도서관", "아산 병원", "에리카 캠퍼스 체육관": a bare name right before, or before a word of ours
            bare = re.search(r"(?:^|\s)((?:[가-힣]{2,}\s+){1,2})$", norm[:m.start])
            for said in reversed(bare.group(1).split() if bare else []):
                if not self._bare_name_ko(said):
                    break
                if word := self._unexplained([said], text):
                    return f"{word} {norm[m.start:m.end]}"
            elsewhere = re.match(r"\s+(?:(?:over|right|just)\s+)?in\s+(?:the\s+)?([a-z][a-z'-]+)", norm[m.end:])
            # "the library over in Nowon": a kind said (which found ours by its short name), in a place we do not know
            if elsewhere and INTENT_DATA.category_re.fullmatch(compact(norm[m.start:m.end])) and \
                    (word := self._unexplained([elsewhere.group(1)], text)):
                return f"{norm[m.start:m.end]} in {word}"
            after = re.match(r"\s+([a-z][a-z'&.-]+)(?=\s*(?:[?.!,]|$))", norm[m.end:])     # "Hanyangdae Byeongwon?"
            if after and (word := self._unexplained([after.group(1)], text)):
                return f"{norm[m.start:m.end]} {word}"
            # "행당시장 옆 탐앤탐스": a bare name said as what is beside a place of ours, not that place
            beside = _ASKED_AFTER_PLACE_KO.match(norm[m.end:])
            if beside and not any(o.start < m.end + beside.end(1) and m.end + beside.start(1) < o.end for o in mentions) \
                    and self._bare_name_ko(beside.group(1)) and (word := self._unexplained([beside.group(1)], text)):
                return f"{norm[m.start:m.end]} {word}"
        for kind in () if mentions else INTENT_DATA.category_re.finditer(norm):   # the intent files' kinds
            after = re.match(r"\s+(?:(?:over|right|just)\s+)?(?:in|at|near|around)\s+(?:the\s+)?([a-z][a-z'-]+)",
                             norm[kind.end():])
            if after and (word := self._unexplained([after.group(1)], text)):      # "a pharmacy in Itaewon"
                return f"{kind.group(0)} in {word}"
            # (a Korean kind may end a word: "알라딘 중고서점")
            before = re.search(r"(?:^|\s)((?:[a-z'&.-]+\s+){1,2}|(?:[가-힣]+\s+){1,2}(?:[가-힣]+$)?)$", norm[:kind.start()])
            if not before:
                continue
            words = before.group(1).split()
            if not words[0].isascii():
                # a Korean name before a kind ("연남동 맛집", "여의도 은행", "익선동 한옥 카페"); not "고층 기숙사",
                # "학생회관에서 카페", "조용한 카페"
                words = [w for w in words if self._bare_name_ko(w)][:1]
            if words and (word := self._unexplained(words, text)):
                return f"{word} {kind.group(0)}"
        for m in mentions:
            # "is there a tous les jours by Haengdang Market", "the venti at X": the thing asked for in words
            # that name nothing of ours and no kind of place: a place we do not hold, not the landmark
            asked = _ASKED_NEAR_EN.search(norm[:m.start])
            # (a kind said: the words before it, "the tom n toms coffee by"; "the cafe by" asks for a kind)
            kind = asked and INTENT_DATA.category_re.search(asked.group(1))
            if asked:
                words = [w for w in asked.group(1)[:kind.start() if kind else None].split() if len(w) >= 3]
                if words and all(compact(w) not in self._explained and not self._spelled_near(compact(w))
                                 and not (len(w) >= 6 and self._index.containing(compact(w))) for w in words):  # "guesthouse"
                    return f"{asked.group(1).strip()} {asked.group(2)} {norm[m.start:m.end]}"
        return None

    def names_more(self, word: str) -> bool:
        """Whether a Korean word said right before a name may be part of it: bare (no particle, no verb
        ending) and not a word of the intent files ("퓨전" in "퓨전 테크놀로지 센터"; not "예지문에서", "그")."""
        return self._bare_name_ko(word) and compact(word) not in self._explained_not_kb

    def _bare_name_ko(self, word: str) -> bool:
        """A Korean word that may be a name: no modifier or verb ending ("조용한", "가려면") and no particle
        after it ("학생회관에서", "옆에", "길로"; but "종로" is a name, not 종 + 로, and "여의도" not 여의 + 도)."""
        if len(word) < 2 or _NOT_BARE_KO.search(word) or _ROLE_PARTICLE_END.search(word):
            return False
        return not (word.endswith("로") and word[:-1] in self._explained)

    def _unexplained(self, words: list[str], text: str) -> str | None:
        """The first of `words` that nothing explains and that is said as a name: capitalised in
        English (all of `words` then), a bare Hangul word in Korean."""
        if all(w.isascii() for w in words):
            # the name is the run of capitalised words right before the place ("the Burger King at")
            run = []
            for word in reversed(words):
                if not run and (_KIND_AFTER_NAME.fullmatch(word) or INTENT_DATA.category_re.fullmatch(word)):
                    continue              # "the IBK bank branch at": the kind after the name, said in lower case
                if not self._said_as_name(word, text):
                    break
                run.insert(0, word)
            words = run
        elif any(w.isascii() for w in words):
            return None
        for word in words:
            pieces = [compact(p) for p in re.findall(r"[0-9a-z가-힣]+", word.removesuffix("'s"))]
            # (an English piece must be a whole word of ours, or Latin letters in one of our words: "sw" of
            # 오픈소스SW센터; "cha" of "Gong Cha" is not in "Chalchal")
            if any(len(p) >= 2 and not p.isdigit() and p not in self._explained and not (
                    (self._index.is_name_word(p) or p in self._latin_runs) if p.isascii() else self._index.containing(p))
                   and not self._spelled_near(p) for p in pieces):
                return word
        return None

    @staticmethod
    def _said_as_name(word: str, text: str) -> bool:
        """Whether `word` is capitalised in `text` as recognisers write names; not the sentence's first word
        ("Isn't", "Between")."""
        inner = text.lstrip(" \"'“‘([")
        inner = inner[inner.find(" ") + 1:] if " " in inner else ""
        said = re.search(rf"(?<![A-Za-z]){re.escape(word)}", inner, re.I)
        return not word[0].isalpha() or bool(said and said.group(0)[0].isupper())

    def _spelled_near(self, word: str) -> bool:
        """A word one or two letters off a name word of ours ("Jung" for Chung, "Misia" for Missha): a
        recogniser's or a romanisation's spelling of it, explained."""
        if not word.isascii() or len(word) < 4:
            return False
        limit = 1 if len(word) <= 7 else 2          # "Sinchon" is not our Sinjeon
        # two letters off only from the same first letter: "Myeongdong" is another name than Seongdong
        return any(abs(len(w) - len(word)) <= limit and distance(word, w) <= (limit if w[0] == word[0] else 1)
                   for w in self._name_words)


# Each language's words (languages/<language>/words.py)
_ROLE_PARTICLE_END = re.compile(ko_words.ROLE_PARTICLE_END)
_ENDS_WITH_PARTICLE, _NOT_BARE_KO = re.compile(ko_words.ENDS_WITH_PARTICLE), re.compile(ko_words.NOT_BARE)
GENERIC_WORDS = word_set("GENERIC")
_NAMED_SUFFIXES_KO = sorted(ko_words.NAMED_SUFFIXES, key=len, reverse=True)
_NOT_A_NAME_KO, _NOT_A_NAME_EN = ko_words.NOT_A_NAME, en_words.NOT_A_NAME
_NAMED_KINDS_EN, _KIND_SYNONYMS_EN = en_words.NAMED_KINDS, en_words.KIND_SYNONYMS
_NAMED_EN_CASED = re.compile(rf"(?<![A-Za-z])(?P<head>(?:[A-Z][A-Za-z'.-]+\s+){{1,3}})"
                             rf"(?P<kind>(?i:{'|'.join(_NAMED_KINDS_EN)}|department store))\b")
_LOCATOR_EN = re.compile(en_words.LOCATOR_BEFORE, re.I)
_KIND_AFTER_NAME = re.compile(en_words.KIND_AFTER_NAME)
_ASKED_NEAR_EN = re.compile(en_words.ASKED_NEAR)
_ASKED_AFTER_PLACE_KO = re.compile(ko_words.ASKED_AFTER_PLACE)
_OTHER_CAMPUS_EN = en_words.OTHER_CAMPUS
_INTRODUCED_EN, _INTRODUCED_KO = re.compile(en_words.INTRODUCED_NAME), re.compile(ko_words.INTRODUCED_NAME)
_NEIGHBOURHOOD = re.compile(rf"{ko_words.NEIGHBOURHOOD}|{en_words.NEIGHBOURHOOD}")
_NAMED_START = re.compile(f"{en_words.NAMED_START}|{ko_words.NAMED_START}")


def distance(a: str, b: str) -> int:
    """Levenshtein distance (short words: a plain table)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _intent_file_words() -> set[str]:
    """Every word of the intent files; of [loanwords], the spellings only: the English words they stand
    for are words of our names, which the knowledge base explains where it holds them ("Future Car"
    is no name of ours although 퓨처 is a spelling of "future")."""
    words: set[str] = set()
    for path in LANGUAGES_DIR.glob("*/intents.txt"):
        for section, lines in read_sections(path).items():
            if section == "loanwords":
                lines = [line.split(":")[0] for line in lines]
            words |= {compact(w) for line in lines for w in re.findall(r"[0-9a-z'가-힣]+", line.lower())}
    return words


def _kb_words(kb: KnowledgeBase) -> set[str]:
    words: set[str] = set()
    for place in kb.places.values():
        texts = [place.name_ko, place.name_en, *place.aliases, *place.category,
                 *(f.ko for f in place.features), *(f.en for f in place.features)]
        for text in texts:
            words |= {compact(w) for w in re.findall(r"[0-9a-z'가-힣]+", normalize(text))}
    return words
