"""Answers that state no fact: I don't know (with likely places), which one did you mean, not in my data."""
from __future__ import annotations

from .. import frames as F
from ..understand.understanding import Query
from .answer import Answer
from .campus import Campus

ASK_BACK_NAMES = 3      # a spoken list longer than this is not remembered


def unknown(campus: Campus, q: Query) -> Answer:
    if q.intent == "out_of_scope" and not q.unknown_words:
        return Answer([F.DONT_KNOW_THAT, F.ONLY_THIS_CAMPUS, F.HELP_LINE], grounded=False, abstained=True)
    suggestions = suggest(campus, q.unknown_words)
    frames = [F.DONT_KNOW_PLACE, F.DidYouMean(tuple(suggestions)) if suggestions else F.HELP_LINE]
    return Answer(frames, place_ids=suggestions, grounded=False, abstained=True)


def suggest(campus: Campus, words: list[str]) -> list[str]:
    """Up to three places whose names look like the words no place explained."""
    scored: dict[str, float] = {}
    for word in words:
        for pid, score in campus.index.similar(word, limit=3, threshold=0.34):
            scored[pid] = max(score, scored.get(pid, 0.0))
    return [pid for pid, _ in sorted(scored.items(), key=lambda kv: -kv[1])[:3]]


def ask_back(campus: Campus, q: Query) -> Answer:
    shown = tuple(q.ambiguous[:ASK_BACK_NAMES])
    if len(shown) == 1:
        # one place of ours said another way ("the west wing of the hospital"): confirm it
        frames = [F.DidYouMean(shown)]
    elif len(q.ambiguous) > len(shown):
        # Too many to list: say how many, name a few. Their walks would not help choose among the rest.
        frames = [F.ManyMatch(len(q.ambiguous), shown), F.WHICH_ONE]
    else:
        # How far each one is on foot helps the visitor choose: one span when they are about as far,
        # else each place with its own walk.
        minutes = [campus.kb.get(pid).walk_min for pid in shown]
        known = all(minutes)         # 0 is "right at the gate": no walk to tell
        alike = known and max(minutes) - min(minutes) <= 2
        frames = [F.Matches(shown, tuple(minutes) if known and not alike else ())]
        if alike:
            low, high = min(minutes), max(minutes)
            frames.append(F.AllAboutAsFar(f"{low}" if low == high else f"{low}~{high}"))
        elif known:
            frames.append(F.TheseAreWalks())
        frames.append(F.WHICH_ONE)
    return Answer(frames, place_ids=list(shown), asked_back=True)


def unsupported(q: Query) -> Answer:
    """A fact the knowledge base does not hold (opening hours, phone numbers)."""
    if q.place_ids:
        pid = q.place_ids[0]
        return Answer([F.NotInMyData(pid), F.WHAT_I_CAN_TELL], place_ids=[pid], grounded=False, abstained=True)
    return Answer([F.NotInMyData(), F.HELP_LINE], grounded=False, abstained=True)


def no_fact(pid: str) -> Answer:
    return Answer([F.NoFactAbout(pid), F.HELP_LINE], place_ids=[pid], grounded=False, abstained=True)
