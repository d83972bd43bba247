"""Replies that state no fact: I don't know (with likely places), which one did you mean, help."""
from __future__ import annotations

from .understanding import Query
from .wording import Reply, Wording, _join_en

ASK_BACK_NAMES = 3      # a spoken list longer than this is not remembered


class Abstentions(Wording):
    def _help_line(self, lang: str) -> str:
        return {"ko": "'한양플라자 어디야?', '도서관 가는 길 알려줘', '근처에 카페 있어?'처럼 물어보세요.",
                "en": "Ask me things like 'Where is Hanyang Plaza?', 'How do I get to the library?' "
                      "or 'Is there a cafe nearby?'."}[lang]

    def _unknown(self, q: Query) -> Reply:
        lang = q.language
        suggestions = self._suggest(q.unknown_words)
        if q.intent == "out_of_scope" and not q.unknown_words:
            first = {"ko": "죄송하지만 그 질문은 모르겠습니다.", "en": "Sorry, I don't know the answer to that."}[lang]
            second = {"ko": "저는 한양대학교 캠퍼스와 주변 장소 안내만 할 수 있어요.",
                      "en": "I can only help with places on and around the Hanyang University campus."}[lang]
            return Reply([first, second, self._help_line(lang)], grounded=False, abstained=True)
        first = {"ko": "죄송하지만 모르겠습니다. 제가 아는 장소 중에는 그런 곳이 없어요.",
                 "en": "Sorry, I don't know that place. It is not in my campus map."}[lang]
        sentences = [first]
        if suggestions:
            name = self._names(lang)
            names = [name(pid) for pid in suggestions]
            sentences.append(f"혹시 {', '.join(names)} 중 한 곳을 찾으세요?" if lang == "ko"
                             else f"Did you mean {_join_en(names).replace(' and ', ' or ')}?")
        else:
            sentences.append(self._help_line(lang))
        return Reply(sentences, place_ids=suggestions, grounded=False, abstained=True)

    def _suggest(self, words: list[str]) -> list[str]:
        scored: dict[str, float] = {}
        for word in words:
            for pid, score in self.index.similar(word, limit=3, threshold=0.34):
                scored[pid] = max(score, scored.get(pid, 0.0))
        return [pid for pid, _ in sorted(scored.items(), key=lambda kv: -kv[1])[:3]]

    def _ask_back(self, q: Query) -> Reply:
        lang = q.language
        name = self._names(lang)
        shown = q.ambiguous[:ASK_BACK_NAMES]
        if len(q.ambiguous) > len(shown):
            # Too many to list: say how many, name a few. Their walks would not help choose among the rest.
            names = [name(pid, code=True) for pid in shown]
            first = (f"말씀하신 이름에 맞는 곳이 {len(q.ambiguous)}곳 있어요. {', '.join(names)} 등이에요." if lang == "ko"
                     else f"{len(q.ambiguous)} places match that name, among them {_join_en(names)}.")
            return Reply([first, {"ko": "어느 곳을 찾으시는지 말씀해 주세요.", "en": "Which one do you mean?"}[lang]],
                         place_ids=shown, asked_back=True)
        # How far each one is on foot helps the visitor choose: one span when they are about as far,
        # else each place with its own walk.
        minutes = [self.kb.get(pid).walk_min for pid in shown]
        known = all(minutes)         # 0 is "right at the gate": no walk to tell
        alike = known and max(minutes) - min(minutes) <= 2
        if known and not alike:
            names = [f"{name(pid, code=True)}(약 {m}분)" if lang == "ko" else f"{name(pid, code=True)}, about {m} minutes"
                     for pid, m in zip(shown, minutes)]
        else:
            names = [name(pid, code=True) for pid in shown]
        span = "" if not alike else \
            f"{min(minutes)}" if min(minutes) == max(minutes) else f"{min(minutes)}~{max(minutes)}"
        origin = self._origin_phrase(lang, name)
        if lang == "ko":
            walk = [f"모두 {origin}에서 걸어서 약 {span}분 거리예요."] if span else \
                [f"시간은 {origin}에서 걸어서 가는 시간이에요."] if known else []
            return Reply([f"말씀하신 이름에 맞는 곳이 {len(names)}곳 있어요: {', '.join(names)}.", *walk,
                          "어느 곳을 찾으시는지 말씀해 주세요."], place_ids=shown, asked_back=True)
        walk = [f"All are about {span.replace('~', ' to ')} minutes' walk from {origin}."] if span else \
            [f"Those are the walks from {origin}."] if known else []
        listed = "; ".join(names) if known and not alike else _join_en(names)
        return Reply([f"{len(names)} places match that name: {listed}.", *walk,
                      "Which one do you mean?"], place_ids=shown, asked_back=True)

    def _unsupported(self, q: Query) -> Reply:
        lang = q.language
        if q.place_ids:
            pid = q.place_ids[0]
            first = (f"죄송하지만 {self.kb.get(pid).name_ko}에 대한 그 정보는 제가 가진 자료에 없어서 모르겠습니다."
                     if lang == "ko" else
                     f"Sorry, I don't know that about {self._names(lang)(pid)}; it is not in my campus data.")
            second = {"ko": "위치, 가는 길, 층수, 주변 건물은 안내해 드릴 수 있어요.",
                      "en": "I can tell you where it is, how to get there, its floors and what is nearby."}[lang]
            return Reply([first, second], place_ids=[pid], grounded=False, abstained=True)
        return Reply([{"ko": "죄송하지만 그 정보는 제가 가진 자료에 없어서 모르겠습니다.",
                       "en": "Sorry, I don't know that; it is not in my campus data."}[lang],
                      self._help_line(lang)], grounded=False, abstained=True)

    def _no_fact(self, q: Query, pid: str) -> Reply:
        lang = q.language
        place = self.kb.get(pid)
        return Reply([f"죄송하지만 {place.name_ko}에 대한 그 정보는 모르겠습니다." if lang == "ko"
                      else f"Sorry, I don't know that about {self._names(lang)(pid)}.",
                      self._help_line(lang)], place_ids=[pid], grounded=False, abstained=True)
