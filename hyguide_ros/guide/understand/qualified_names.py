"""A name of ours said with a word that makes it another place: another branch of a brand ("스타벅스
왕십리역점", "CU 한양대후문점", "the KB Kookmin Bank Hanyang Univ branch"), another number ("제4학생생활관",
"Dormitory 9", "한양대역 6번 출구"), the same brand at another station ("the Lotte Mart at Wangsimni
Station"), or a building of another campus ("the main building of the women's university"). Such a
question is about a place we do not hold: never the place its branch word or number names."""
from __future__ import annotations

import re

from ...knowledge import KnowledgeBase, PlaceIndex
from ...knowledge.facts import fact_numbers, way_passes
from ...knowledge.scripts import romanise
from ...knowledge.search import compact, normalize
from ...knowledge.spoken import SINO_NUMBER, sino_value
from ..languages import word_set
from ..languages.en import words as en_words
from ..languages.ko import words as ko_words


class QualifiedNames:
    def __init__(self, kb: KnowledgeBase, index: PlaceIndex, explained: set[str]):
        self._kb, self._index, self._explained = kb, index, explained
        # English names that end in a number ("dormitory 5", "medical building ii"), and their last words
        self._numbered_names = {f"{' '.join(n.split()[k:-1])} {n.split()[-1]}" for p in kb.places.values()
                                for n in (normalize(p.name_en), *map(normalize, p.aliases))
                                if len(n.split()) >= 2 and re.fullmatch(r"\d+|[ivx]+", n.split()[-1])
                                for k in range(len(n.split()) - 1)}
        # each place's own words: what may stand beside its name ("the KB Kookmin Bank Wangsimni branch")
        self.place_words = {pid: {compact(w) for n in (p.name_ko, p.name_en, *p.aliases,
                                                         *(romanise(a) for a in (p.name_ko, *p.aliases)))
                                   for w in re.findall(r"[0-9a-z'가-힣]+", normalize(n))} for pid, p in kb.places.items()}
        # words that name where a branch is: our stations, gates, neighbourhood and campus ("Hanyang Univ")
        self._location_words = {compact(w) for p in kb.places.values() if p.kind in ("station", "gate", "area")
                                for n in (p.name_en, *p.aliases) for w in re.findall(r"[a-z]+", normalize(n))
                                } - en_words.NOT_A_LOCATION | _CAMPUS_NAMES
        # each station's, gate's and area's own words, in both scripts ("왕십리", "wangsimni"; "역" dropped)
        self._place_location_words = {p.id: {w for w in (compact(n).removesuffix("역").removesuffix("station")
                                                         for n in (p.name_ko, p.name_en, *p.aliases)) if len(w) >= 2}
                                      for p in kb.places.values() if p.kind in ("station", "gate", "area")}
        self._all_location_words = {w for words in self._place_location_words.values() for w in words}
        # Branch words: what stands before 점 in the KB's names ("왕십리", "왕십리역", "행당"), and the campus's
        self._branch_words = {compact(w)[:-1] for p in kb.places.values() for n in (p.name_ko, *p.aliases)
                              for w in n.split()[1:] if w.endswith("점") and len(w) > 2} | ko_words.CAMPUS_NAMES

    @property
    def location_words(self) -> set[str]:
        """Words that say where: our stations', gates' and area's names, and the branch words of our names."""
        return self._all_location_words | self._branch_words

    def find(self, norm: str, mentions: list, found: list[str]) -> str | list[str] | None:
        """The name as said ("스타벅스 왕십리역점") when it is another place than ours; the places of ours it may
        mean, said another way, to ask which ("the west wing of the hospital"); else None."""
        return self._unknown_branch(norm) or self._unknown_number(norm, mentions) or self._unknown_wing(norm, mentions) or \
            self._other_branch(norm, found) or self._of_another(norm, mentions) or self._located_elsewhere(norm, mentions)

    def _unknown_branch(self, norm: str) -> str | None:
        """"스타벅스 왕십리역점", "메가커피 한양대점", "CU 한양대후문점", "일일향 왕십리10호점": a branch no place of
        ours is, of a brand we do not hold or of one we hold elsewhere: never the place its branch word
        names, nor our branch of that brand."""
        for found in re.finditer(r"([0-9a-z가-힣]+)\s+([0-9a-z가-힣]+)점(?=$|[^0-9a-z가-힣]|[은는이가을를에의도까으로])", norm):
            brand, said = compact(found.group(1)), compact(found.group(2))
            branch = _branch_key(said)
            if not (branch in self.location_words or branch.removesuffix("역") in self.location_words
                    or self._names_whole(branch) or any(branch.startswith(w) for w in self._branch_words if len(w) >= 2)):
                continue
            ours = [] if brand in GENERIC_WORDS else self._index.containing(brand)    # a brand we hold somewhere
            if (brand in self._explained and not ours) or _ENDS_WITH_PARTICLE.search(brand):
                # "Mammoth Coffee 성동구청점": a kind before the branch, and before it a brand nothing names
                before = re.search(r"([0-9a-z가-힣'&]+)\s+$", norm[:found.start(1)])
                if brand in self._explained and before and self._names_nothing(compact(before.group(1))):
                    return f"{before.group(1)} {found.group(1)} {found.group(2)}점"
                continue
            # "10호": a number names one branch only; "왕십리": any of ours whose name holds it
            branches = {said} if re.search(r"\d", said) else {said, branch, branch.removesuffix("역"), branch + "역"}
            if any(self._holds_place_word(w, b) for pid in ours for w in self.place_words[pid] for b in branches) or \
                    self._names_whole(f"{found.group(1)} {found.group(2)}점"):
                continue          # "이니스프리 왕십리점": our 이니스프리 이마트왕십리점; "왕씹리역점": heard so
            return f"{found.group(1)} {found.group(2)}점"
        return None

    def _names_nothing(self, word: str) -> bool:
        """A word that no intent file and no name of ours explains, and no particle ends."""
        return len(word) >= 2 and not word.isdigit() and word not in self._explained and \
            not self._index.containing(word) and not _ENDS_WITH_PARTICLE.search(word)

    def _holds_place_word(self, word: str, said: str) -> bool:
        """Whether `word` of a name holds the place word `said`, and not inside another place's
        ("이마트왕십리점" holds 왕십리; "메트로상왕십리역점" holds 상왕십리, another station, not 왕십리)."""
        core = said.removesuffix("역")
        return said in word and not any(core in other and other != core and other in word
                                        for other in self._all_location_words)

    def _located_elsewhere(self, norm: str, mentions: list) -> str | None:
        """"the Lotte Mart at Wangsimni Station", "왕십리역 롯데마트", "the Innisfree at Lemon Plaza": a place of ours
        said where it is not (our Lotte Mart is at Haengdang Station): a branch we do not hold, not ours at
        another station or landmark."""
        for a, b in zip(mentions, mentions[1:]):
            between = norm[a.end:b.start]
            if _AT_EN.fullmatch(between):
                shop, where = a, b
            elif _LOCATOR_AFTER_KO.fullmatch(between):
                shop, where = b, a
            else:
                continue
            where_place = self._kb.get(where.place_id)
            if where_place.kind not in ("station", "gate", "area", "landmark") or \
                    self._kb.get(shop.place_id).kind != "place":
                continue
            own = self.place_words.get(shop.place_id, set())
            said_there = self._place_location_words.get(where.place_id) or {     # (a landmark: its names)
                compact(n) for n in (where_place.name_ko, where_place.name_en, *where_place.aliases)}
            elsewhere = [w for w in self._all_location_words if any(w in o for o in own)]
            if elsewhere and not any(w in o for w in said_there for o in own) and \
                    not way_passes(self._kb, shop.place_id, where.place_id):      # (the KB's way there passes it)
                return f"{norm[shop.start:shop.end]} {norm[where.start:where.end]}"
        return None

    def _of_another(self, norm: str, mentions: list) -> str | None:
        """"the main building of the women's university": a name of ours said of another place (a word of
        another of our names, not of this one's, nor the campus's): not our place of that name."""
        for m in mentions:
            of = re.match(r"\s+of\s+(?:the\s+)?((?:[a-z0-9'.-]+\s*){1,4})", norm[m.end:])
            if not of:
                continue
            own = self.place_words.get(m.place_id, set())
            words = [compact(w) for w in of.group(1).split()]
            if any(w not in own and w not in _CAMPUS_NAMES and w not in GENERIC_WORDS and
                   len(self._index.containing(w)) > 0 for w in words):
                return f"{norm[m.start:m.end]} of {of.group(1).strip()}"
        return None

    def _other_branch(self, norm: str, found: list[str]) -> str | None:
        """"the KB Kookmin Bank Hanyang Univ branch", "우리은행 한양대지점": a branch said of a place of ours
        whose names do not hold the branch's words: another branch, not ours."""
        words = self.place_words.get(found[0], set()) if found else set()
        for said in re.finditer(r"((?:[0-9a-z'&.-]+\s+){1,6}?)branch\b|([가-힣0-9]+)\s*지점", norm):
            branch = said.group(1) or said.group(2)
            last = compact(branch.split()[-1]) if branch.split() else ""
            if found and self._kb.get(found[0]).kind in ("station", "gate", "area") and said.group(1) and \
                    (last in words or any(last in n for n in words)):
                return said.group(0).strip()      # "the Subway Wangsimni Station branch": a station is no branch
            content = []
            for w in reversed(branch.split()):     # the words right before "branch", after the place's own
                key = compact(w)
                if key in _BRANCH_FILLER or not key or key in words or any(key in n for n in words):
                    break
                content.insert(0, key)
            if said.group(2):
                content = [] if any(compact(branch) in n for n in words) else [compact(branch)]
            if not found:         # "the Subway Hanyang University branch": a brand before a branch of ours
                if any(w in self._location_words for w in content) and \
                        not all(w in self._location_words for w in content):
                    return said.group(0).strip()
                continue
            # words of another place's name ("hanyang univ", "seongsu"): another branch; a word of no name
            # ("Future" for 미래) may be a translation of this one's
            if any(w in self._location_words for w in content):
                return said.group(0).strip()
        # "the Barmi Sushi branch in Seongsu", "the Topten in Seongsu": ours is Wangsimni's
        for said in re.finditer(r"\b(?:branch\s+(?:in|at|near|by|of)|in)\s+(?:the\s+)?([a-z'-]+)", norm) if found else ():
            key = compact(said.group(1))
            if key in self._location_words - _CAMPUS_NAMES and not any(key in n for n in words):
                return said.group(0).strip()
        return None

    def _unknown_number(self, norm: str, mentions: list) -> str | None:
        """A number the knowledge base does not hold, said with a name whose other numbers it does hold:
        "제4학생생활관" (dormitories 1, 2, 3, 5, 6, 7), "the 4th Dormitory", "Medical Building 3", "한양대역 6번
        출구", "building 811". Never rounded to the nearest one."""
        for said in self._index.unknown_codes(norm):      # "building 811, the new dorm": not the nearest dorm
            return said
        for m, start, end in ((x, s, e) for x in mentions for s, e in ((x.start, x.end), *x.again)):
            # "사회과학관 이관", "Science and Technology Building 2", "Design Hall 2": a number its names lack
            said = _NUMBER_AFTER_NAME.match(norm[end:])
            number = said and (said.group("n") or said.group("n2") or sino_value(said.group("ko")))
            if number and self._kb.get(m.place_id).kind != "station" and \
                    number not in self._numbers_in_names(m.place_id) and \
                    not self._index.containing(compact(norm[start:end]) + number):
                return f"{norm[start:end]} {said.group(0).strip()}"
        for found in re.finditer(r"(\d+)\s*번\s*출구|\bexit\s*(?:(?:no\.?|number|#)\s*)?(\d+)|(\d+)(?:st|nd|rd|th)\s+exit", norm):
            number = next(g for g in found.groups() if g)
            stations = [m for m in mentions if self._kb.get(m.place_id).kind == "station"]
            if stations:
                station = min(stations, key=lambda m: abs(m.start - found.start()))
                exits = fact_numbers(self._kb, station.place_id).get("exit", set())
                if exits and number not in exits:
                    return f"{norm[station.start:station.end]} {found.group(0)}"
        for found in re.finditer(r"(?<![\d])(?:제\s*)?(\d+)\s*([가-힣]{2,})", norm):       # "제4학생생활관", "3공학관이요"
            number, said = found.group(1), found.group(2)
            for word in (said[:cut] for cut in range(len(said), 1, -1)):
                others = [d for d in range(1, 10) if str(d) != number and self._index.containing(f"제{d}{word}")]
                if others:
                    if not self._index.containing(f"제{number}{word}"):
                        return f"제{number}{word}"
                    break
                # "제2학생회관": a number said with a whole name of ours that has none
                if norm[found.start():found.start() + 1] == "제" and self._names_whole(word) and \
                        not self._index.containing(f"{number}{word}"):
                    return f"제{number}{word}"
        for found in re.finditer(r"\b(\d+)(?:st|nd|rd|th)\s+([a-z]+(?:\s+[a-z]+)?)|"
                                 r"\b([a-z]+(?:\s+[a-z]+)?)\s+(?:no\.?\s*)?(\d+)\b", norm):
            number = found.group(1) or found.group(4)
            words = (found.group(2) or found.group(3)).split()
            for phrase in (" ".join(words), words[-1] if found.group(3) else words[0]):
                if phrase in _NOT_NUMBERED_EN or int(number) > 20:
                    continue
                said = {f"{phrase} {number}", f"{phrase} {_ROMAN.get(int(number), number)}"}
                others = {f"{phrase} {v}" for d in range(1, 10) if d != int(number) for v in (d, _ROMAN[d])}
                names = self._numbered_names
                if not said & names and others & names:
                    return f"{phrase} {number}"
        return None

    def wings(self, norm: str, mentions: list) -> list[tuple[object, str, int, int, list[str]]]:
        """Each mention said with a wing or annex its place does not have ("Hospital North Wing", "병원
        북관", "the west wing of the hospital", "사범대 별관"): (mention, the whole as said, its span, the
        places of ours whose names hold the mention's name and that wing)."""
        found = []
        for m in mentions:
            name = norm[m.start:m.end]
            after, before = _WING_AFTER.match(norm[m.end:]), _WING_BEFORE.search(norm[:m.start])
            for said, whole, span in ((after, after and f"{name} {after.group('side')}", after and (m.start, m.end + after.end())),
                                      (before, before and f"{before.group('side')} of {name}", before and (before.start(), m.end))):
                if not said:
                    continue
                wing = said.group("side")
                sides = [w.removesuffix("ern") for w in wing.split() if w not in en_words.WING_KINDS] \
                    if wing.isascii() else [compact(wing).replace("편건물", "관")]

                def has_wing(pid: str) -> bool:       # (no side said: any wing)
                    return all(any(side in w for w in self.place_words[pid]) for side in sides) if sides else \
                        bool(en_words.WING_KINDS & set(wing.split()) & self.place_words[pid])
                if not has_wing(m.place_id):
                    siblings = [pid for pid in self._index.containing(compact(name)) if has_wing(pid)]
                    found.append((m, whole, *span, siblings))
                    break
        return found

    def _unknown_wing(self, norm: str, mentions: list) -> str | list[str] | None:
        """A wing of a building of ours that the knowledge base does not hold ("Hospital North Wing", "병원
        북관"; it holds the hospital's east and west wings): not the building the wing is said of. Of
        several places that have it, which one (one is linked before: `wings`)."""
        for _, whole, _, _, siblings in self.wings(norm, mentions):
            return siblings if len(siblings) > 1 else whole
        return None

    def _numbers_in_names(self, place_id: str) -> set[str]:
        """The numbers in a place's names, in either script ("9" of 일일향 왕십리9호점), and its building number."""
        place = self._kb.get(place_id)
        return {n for name in (place.name_ko, place.name_en, *place.aliases) for n in re.findall(r"\d+", name)} | \
            ({place.building_code} if place.building_code else set())

    def _names_whole(self, word: str) -> bool:
        """Whether `word` is the whole name of a place of ours ("한양플라자", "한양대병원")."""
        mentions = self._index.find(word)
        return len(mentions) == 1 and mentions[0].end - mentions[0].start == len(word)


# A number right after a name, said as one of its kind ("사회과학관 2관", "사회과학관 이관은", "Building 2 on"); not
# a floor, minutes, an exit or an ordinal
_NUMBER_AFTER_NAME = re.compile(rf"\s+(?:제\s*)?(?:(?P<n>\d+)\s*관|(?P<ko>{SINO_NUMBER})\s*관)(?=$|[^가-힣]|[은는이가을를에의도까])"
                                rf"|\s+(?:no\.?\s*|number\s+)?(?P<n2>\d+)\b(?!\s*(?:floors?|minutes?|mins?|st|nd|rd|th|f|층|분|번)\b)")
_ROMAN = {1: "i", 2: "ii", 3: "iii", 4: "iv", 5: "v", 6: "vi", 7: "vii", 8: "viii", 9: "ix"}
_NOT_NUMBERED_EN, _BRANCH_FILLER = en_words.NOT_NUMBERED, en_words.BRANCH_FILLER
_CAMPUS_NAMES, GENERIC_WORDS = word_set("CAMPUS_NAMES"), word_set("GENERIC")
_ENDS_WITH_PARTICLE = re.compile(ko_words.ENDS_WITH_PARTICLE)
_AT_EN = re.compile(en_words.AT_PLACE, re.I)
_WING_AFTER = re.compile(rf"\s*(?:the\s+)?(?P<side>{en_words.WING}|{ko_words.WING})\b")
_WING_BEFORE = re.compile(rf"(?P<side>{en_words.WING})\s+(?:of\s+)?(?:the\s+)?$")
_LOCATOR_AFTER_KO = re.compile(ko_words.LOCATOR)


def _branch_key(said: str) -> str:
    """The place a branch is named after: "왕십리10호" -> "왕십리", "한양대지" -> "한양대", "왕십리역사" -> "왕십리역"."""
    said = re.sub(r"\d+호$", "", said)
    said = re.sub(r"역사$", "역", said)
    return said[:-1] if said.endswith("지") and len(said) > 2 else said
