"""What a recogniser wrote, read as it was meant, once the place names in it are found: a role
particle misheard or spaced ("도서관애사", "학생회관 까지"), a place the speaker corrected ("한누리관 아니 아니
개나리관", "the Museum, sorry, the Library"), and a place's English name said in Hangul ("메인 빌딩").
Each keeps the text's length where the mentions' positions must hold."""
from __future__ import annotations

import re
from typing import Callable

from ...knowledge import KnowledgeBase, PlaceIndex
from ..languages import cue
from ..languages.en import words as en_words
from ..languages.ko import words as ko_words
from .intents import INTENT_DATA


class LoanwordNames:
    """Places' English names said in Hangul, as their Korean names (the [loanwords] of intents.txt)."""

    def __init__(self, kb: KnowledgeBase, index: PlaceIndex, names_more: Callable[[str], bool]):
        self._kb, self._index = kb, index
        self._names_more = names_more      # a word said before a run may be part of a longer name

    def __call__(self, norm: str) -> str:
        """`norm` with a place's English name said in Hangul ("메인 빌딩은", "비즈니스 스쿨까지") written as its
        Korean name ("본관은", "경영관까지"): a run of loanwords is read as the English words it spells, and
        replaced only when they are the whole of one of our names, or the start of one place's name. A run
        is read from its first word: "칼리지 오브 에듀케이션 메인 빌딩" is not our Main Building."""
        tokens = list(re.finditer(r"[가-힣]+", norm))
        words = [_loanword(t.group(0)) for t in tokens]
        out, at, i = [], 0, 0
        while i < len(tokens):
            j = i
            while j < len(tokens) and words[j] and (j == i or not norm[tokens[j - 1].end():tokens[j].start()].strip()):
                j += 1
                if words[j - 1][1]:          # a particle ends the name
                    break
            # a name of no loanword right before ("퓨전 테크놀로지 센터"): a longer name than the run spells
            glued = i > 0 and not norm[tokens[i - 1].end():tokens[i].start()].strip() and \
                self._names_more(tokens[i - 1].group(0))
            replaced = False
            for end in range(j, i, -1) if not glued else ():
                if any(words[k][0] not in _JOINING_EN for k in range(end, j)):
                    break               # "로 스쿨 빌딩 파이브": a name longer than ours (Law School Building 5)
                place = self._english_name(" ".join(words[k][0] for k in range(i, end)))
                if place:
                    stop = tokens[end - 1].end() - len(words[end - 1][1])
                    out.append(norm[at:tokens[i].start()] + self._kb.get(place).name_ko)
                    at, i, replaced = stop, end, True
                    break
            if not replaced:
                i = max(j, i + 1)
        return "".join(out) + norm[at:]

    def _english_name(self, english: str) -> str | None:
        """The place whose English name (or alias) is `english`, or, two words or more, the one place whose
        name starts so ("business school": Business School Building)."""
        found = self._index.find(english)
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(english) and not found[0].shared_by:
            return found[0].place_id
        owners = self._index.starting_with(english) if len(english.split()) >= 2 else []
        return owners[0] if len(owners) == 1 else None


_LOANWORDS = {w: meant for w, meant in INTENT_DATA.loanwords.items() if re.fullmatch(r"[가-힣]+", w)}
_ENDING_AFTER = re.compile(ko_words.ENDING_AFTER_LOANWORD)
_NOT_THIS = ko_words.NOT_THIS          # repair words that say "not the one before" ("말고")
_JOINING_EN = en_words.JOINING          # words a name may be followed by in a run ("the", "of", "and")


def _loanword(token: str) -> tuple[str, str] | None:
    """(the English word, the particle after it) of a Hangul token that is a loanword with or without a
    particle ("빌딩까지" -> ("building", "까지")); None for any other word."""
    if token in _LOANWORDS:
        return _LOANWORDS[token], ""
    for cut in range(len(token) - 1, 0, -1):
        if token[:cut] in _LOANWORDS and _ENDING_AFTER.fullmatch(token[cut:]):
            return _LOANWORDS[token[:cut]], token[cut:]
    return None
# A recogniser's vowel confusions and stray spaces inside the particles that give a place its role
# ("도서관에사", "국제관이서", "까자", "으루", "에 서"): read as the particle meant, only right after a place
# name, each the same length as what it replaces (the mentions' positions hold).
_MISHEARD_PARTICLES = [(re.compile(pattern), meant) for pattern, meant in ko_words.MISHEARD_PARTICLES]


# A role particle a recogniser wrote as a word of its own ("학생회관 까지", "본관 애서"): glued back.
_SPACED_PARTICLE = re.compile(ko_words.SPACED_PARTICLE)


def mend_particles(norm: str, mentions: list) -> str:
    """`norm` with a misheard role particle after each place name read as meant."""
    for m in mentions:
        spaced = _SPACED_PARTICLE.match(norm[m.end:])
        if spaced:           # the same length: the space moves after the particle
            norm = norm[:m.end] + spaced.group(1) + " " + norm[m.end + spaced.end():]
        # glued to the next name ("학군단애소백남음악관"): the particle is what lies between the two
        nxt = min((n.start for n in mentions if n.start > m.end), default=None)
        glued = nxt is not None and nxt - m.end <= 3 and " " not in norm[m.end:nxt]
        for pattern, meant in _MISHEARD_PARTICLES:
            rest = norm[m.end:nxt] + " " if glued else norm[m.end:]
            for skip in (0, 2):         # right after the name, or after 에서 in "에서부타"
                if skip and not rest.startswith("에서"):
                    continue
                found = pattern.match(rest[skip:])
                if found:
                    at = m.end + skip
                    norm = norm[:at] + meant + norm[at + len(found.group(0)):]
    return norm


# A speaker correcting the place they said: "한누리관 아니 아니 개나리관", "도서관 말고 박물관", "the Student
# Union, sorry, the International Building", "Museum, I mean the Library". Not "A 아니면 B" (A or B).
_REPAIR = cue("REPAIR")
_REPAIR_BEFORE_PLACE = cue("REPAIR_BEFORE_PLACE")
_SAID_NOT = cue("SAID_NOT")


def self_repair(norm: str, mentions: list, index: PlaceIndex) -> str:
    """`norm` with a corrected place and its repair word blanked (the same length where a place follows,
    so that positions hold): a place said, a repair word, then another place said. When a word, not a
    place, follows ("사대 본관 말고 별관"), it replaces the corrected place's last word if that names one of
    ours ("사대 별관"); else the corrected place is dropped, and the rest decides."""
    meant: list[tuple[int, int, str]] = []         # earlier mentions of a corrected place, and what was meant
    for marker in _REPAIR.finditer(norm):
        before = [m for m in mentions if m.end <= marker.start()]
        if not before:
            said_not = re.search(r"(?:^|,)([^,]*?)\s*$", norm[:marker.start()])
            if marker.group(0).strip() in _NOT_THIS and said_not and norm[marker.end():].strip():
                # "Business School 말고 Y": what is said not to be meant, though no name of ours in full
                norm = norm[:said_not.start(1)] + " " * (marker.end() - said_not.start(1)) + norm[marker.end():]
            continue
        start = before[-1].start
        said_after = {m.place_id for m in mentions for at, _ in ((m.start, m.end), *m.again) if at >= marker.end()
                      and not _SAID_NOT.search(norm[:at])}       # (not "sorry, not the museum, the library")
        if len(said_after) >= 2 and {m.place_id for m in before} <= said_after:
            # the whole question said again ("from A to B, wait, I got it backwards, I'm at B going to A"):
            # what comes after is the question
            norm = " " * marker.end() + norm[marker.end():]
            continue
        if any(m.start >= marker.end() for m in mentions):
            instead = next(m for m in mentions if m.start >= marker.end())
            last_word = re.search(r"(\S+)\s*$", norm[:marker.start()])
            again = index.find(last_word.group(1)) if last_word and last_word.start() >= before[-1].end else []
            said_before = [m for m in before if again and m.place_id == again[0].place_id]
            if said_before:
                # "A에서 B 가려는데 아 A가 아니라 C" (find names A once): A is corrected, there and where said before
                meant += [(m.start, m.end, norm[instead.start:instead.end]) for m in said_before]
                start = last_word.start()
            # what lies between the corrected place and the one meant goes too ("I'm at A, sorry, not the
            # square, B": "I'm at B")
            end = instead.start if not said_before else marker.end()
            norm = norm[:start] + " " * (end - start) + norm[end:]
            continue
        if _REPAIR_BEFORE_PLACE.fullmatch(marker.group(0).strip()):
            continue
        said = re.match(r"[\s,.!]*([가-힣]+|[a-z]+)", norm[marker.end():])     # "emart, no wait, homeplus"
        if said:
            corrected = norm[start:before[-1].end].split()
            instead = " ".join(corrected[:-1] + [said.group(1)])
            found = index.find(instead)
            if len(corrected) > 1 and len(found) == 1 and found[0].end - found[0].start == len(instead):
                return norm[:start] + instead + norm[marker.end() + said.end():]
            return norm[:start] + norm[marker.end():].lstrip()
    for start, end, instead in sorted(meant, reverse=True):
        norm = norm[:start] + instead + norm[end:]
    return norm
