"""Replies that state no fact: I don't know (with likely places), which one did you mean, help."""
from __future__ import annotations

from .. import frames as F
from ..understand.understanding import Query
from .wording import Reply, Wording

ASK_BACK_NAMES = 3      # a spoken list longer than this is not remembered


class Abstentions(Wording):
    def _help_line(self, lang: str) -> str:
        return self._say(lang, F.HELP_LINE, self._names(lang))

    def _unknown(self, q: Query) -> Reply:
        lang = q.language
        name = self._names(lang)
        if q.intent == "out_of_scope" and not q.unknown_words:
            frames = [F.DONT_KNOW_THAT, F.ONLY_THIS_CAMPUS, F.HELP_LINE]
            return Reply([self._say(lang, f, name) for f in frames], grounded=False, abstained=True)
        suggestions = self._suggest(q.unknown_words)
        frames = [F.DONT_KNOW_PLACE, F.DidYouMean(tuple(suggestions)) if suggestions else F.HELP_LINE]
        return Reply([self._say(lang, f, name) for f in frames], place_ids=suggestions, grounded=False,
                     abstained=True)

    def _suggest(self, words: list[str]) -> list[str]:
        scored: dict[str, float] = {}
        for word in words:
            for pid, score in self.index.similar(word, limit=3, threshold=0.34):
                scored[pid] = max(score, scored.get(pid, 0.0))
        return [pid for pid, _ in sorted(scored.items(), key=lambda kv: -kv[1])[:3]]

    def _ask_back(self, q: Query) -> Reply:
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
            minutes = [self.kb.get(pid).walk_min for pid in shown]
            known = all(minutes)         # 0 is "right at the gate": no walk to tell
            alike = known and max(minutes) - min(minutes) <= 2
            frames = [F.Matches(shown, tuple(minutes) if known and not alike else ())]
            if alike:
                low, high = min(minutes), max(minutes)
                frames.append(F.AllAboutAsFar(f"{low}" if low == high else f"{low}~{high}"))
            elif known:
                frames.append(F.TheseAreWalks())
            frames.append(F.WHICH_ONE)
        name = self._names(q.language)
        return Reply([self._say(q.language, f, name) for f in frames], place_ids=list(shown), asked_back=True)

    def _unsupported(self, q: Query) -> Reply:
        lang = q.language
        name = self._names(lang)
        if q.place_ids:
            pid = q.place_ids[0]
            frames = [F.NotInMyData(pid), F.WHAT_I_CAN_TELL]
            return Reply([self._say(lang, f, name) for f in frames], place_ids=[pid], grounded=False, abstained=True)
        return Reply([self._say(lang, f, name) for f in (F.NotInMyData(), F.HELP_LINE)], grounded=False,
                     abstained=True)

    def _no_fact(self, q: Query, pid: str) -> Reply:
        lang = q.language
        name = self._names(lang)
        return Reply([self._say(lang, F.NoFactAbout(pid), name), self._help_line(lang)], place_ids=[pid],
                     grounded=False, abstained=True)
