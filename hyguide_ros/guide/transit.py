"""Bus and subway questions that name no place of ours: where a named bus (or any bus) is boarded, and
"I don't know" for a goal we do not know ("경복궁 가는 버스")."""
from __future__ import annotations

import re
from collections import Counter

from .scoring import extract_facts
from .understanding import Query
from .wording import Reply, Wording, _bus_en, _join_en


class TransitAnswers(Wording):
    def _transit_general(self, q: Query) -> Reply:
        """A bus or subway question that names no place: where a named bus (or any bus) is boarded."""
        lang = q.language
        name = self._names(lang)
        named = {f.value for f in extract_facts(q.text, self.index) if f.kind == "bus"}
        by_bus = [p for p in self.kb.places.values() if p.transport and p.transport.mode == "bus"
                  and (not named or named & set(p.transport.buses))]
        if not by_bus or (not named and _names_a_goal(q.text)):
            return self._unknown(q)          # an unknown bus, or a place we do not know ("경복궁 가는 버스")
        boards = Counter((p.transport.board_stop, p.transport.board_exit.station if p.transport.board_exit
                          else "stn_hanyang", p.transport.board_exit.exit if p.transport.board_exit else 1)
                         for p in by_bus)
        stop, station_id, exit_no = boards.most_common(1)[0][0]
        station = self.kb.get(station_id)
        if named:
            buses = sorted(named & {b for p in by_bus for b in p.transport.buses})
            alights = list(dict.fromkeys(f"'{p.transport.alight_stop}'" for p in by_bus if p.transport.alight_stop))[:2]
            places = [name(p.id) for p in by_bus[:2]]
            if lang == "ko":
                first = (f"{', '.join(b + '번' for b in buses)} 버스는 {station.name_ko} {exit_no}번 출구 앞 "
                         f"'{stop}' 정류장에서 타요.")
                second = f"{', '.join(places)}에 갈 때 타고, {', '.join(alights)} 정류장에서 내리면 돼요."
            else:
                first = (f"Bus {_join_en([_bus_en(b) for b in buses])} leaves from the '{stop}' stop in front of "
                         f"Exit {exit_no} of {name(station.id)}.")
                second = f"Take it for {_join_en(places)}, and get off at {_join_en(alights)}."
            return Reply([first, second], place_ids=[station.id])
        if lang == "ko":
            sentences = [f"버스는 {station.name_ko} {exit_no}번 출구 앞 '{stop}' 정류장에서 타요.",
                         f"지하철은 {station.name_ko}에서 {', '.join(station.lines)}호선을 탈 수 있어요.",
                         "가시려는 곳을 말씀해 주시면 버스 번호와 내릴 정류장을 알려 드릴게요."]
        else:
            sentences = [f"Buses leave from the '{stop}' stop in front of Exit {exit_no} of {name(station.id)}.",
                         f"The subway there is Line {_join_en(list(station.lines))}.",
                         "Tell me where you are going and I will give you the bus and the stop to get off at."]
        return Reply(sentences, place_ids=[station.id])


_GOAL_KO = re.compile(r"([가-힣A-Za-z0-9]+?)\s*(?:까지|에\s*가|으?로\s*가|\s가는|\s가려면|\s가려고|\s갈\s*때)")
_GOAL_EN = re.compile(r"\b(?:to|for|reach|toward|towards)\s+(?:the\s+|a\s+)?([A-Za-z가-힣][\w'-]*)", re.I)
# Words that name no destination: "버스 정류장까지", "to get to the bus stop", "to campus".
_NOT_A_GOAL = {"get", "go", "take", "catch", "use", "ride", "bus", "buses", "stop", "subway", "station", "exit",
               "campus", "school", "university", "hanyang", "there", "here", "it", "walk", "transfer", "change",
               "정류장", "버스", "지하철", "역", "출구", "거기", "여기", "그곳", "학교", "캠퍼스", "한양대", "환승",
               "걸어서", "걸어", "도보로", "그냥"}


def _names_a_goal(text: str) -> bool:
    """The question names a destination ("경복궁 가는 버스", "bus to Gyeongbokgung")."""
    words = [m.group(1) for m in _GOAL_KO.finditer(text)] + [m.group(1) for m in _GOAL_EN.finditer(text)]
    return any(w.lower() not in _NOT_A_GOAL and not w.isdigit() for w in words)
