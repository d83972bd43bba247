"""Frames in Korean (해요체; the guide turns it into 반말 for the casual style). Names are the Korean
names, a particle takes the form the name's last sound needs."""
from __future__ import annotations

from ..knowledge.spoken import josa
from . import frames as F
from .frames import Namer, Renderer
from .wording import RELATION_PHRASES


class KoreanRenderer(Renderer):
    language = "ko"

    def _ko(self, pid: str, particle: str = "", code: bool = False) -> str:
        return self.w._ko(pid, particle, code)

    def _name(self, pid: str) -> str:
        return self.kb.get(pid).name_ko

    def _gate(self, name: Namer) -> str:
        return self.w._origin_phrase("ko", name)

    def _category(self, key: str) -> str:
        return self.kb.category_name(key, "ko")

    # ------------------------------------------------------------ conversation
    def greeting(self, f: F.Greeting, name: Namer) -> str:
        return "안녕하세요! 한양대학교 캠퍼스 안내 로봇이에요."

    def introduction(self, f: F.Introduction, name: Namer) -> str:
        return "저는 한양대학교 건물과 주변 장소를 안내해요."

    def help_line(self, f: F.HelpLine, name: Namer) -> str:
        return "'한양플라자 어디야?', '도서관 가는 길 알려줘', '근처에 카페 있어?'처럼 물어보세요."

    # ------------------------------------------------------------ walks and floors
    def walk_from_gate(self, f: F.WalkFromGate, name: Namer) -> str:
        return f"{self._ko(f.place, code=f.code)}까지는 {self._gate(name)}에서 걸어서 약 {f.minutes}분 걸려요."

    def walk_in_all(self, f: F.WalkInAll, name: Namer) -> str:
        return f"{self._ko(f.place)}까지는 {self._gate(name)}에서 걸어서 약 {f.minutes}분 걸려요."

    def its_walk(self, f: F.ItsWalk, name: Namer) -> str:
        return f"{self._gate(name)}에서 걸어서 약 {f.minutes}분 거리에 있어요."

    def floor_count(self, f: F.FloorCount, name: Namer) -> str:
        below = f", 지하 {f.below}층으로 모두 {f.above + f.below}개 층인" if f.below else ""
        return f"{self._ko(f.place, '은', code=True)} 지상 {f.above}층{below} 건물이에요."

    def outdoor(self, f: F.Outdoor, name: Namer) -> str:
        return f"{self._ko(f.place, '은', code=True)} 야외 시설이라 층이 없어요."

    def floor_of(self, f: F.FloorOf, name: Namer) -> str:
        subject = f"{self._ko(f.place, '은')} " if f.place else ""
        return f"{subject}{self._name(f.host)} 건물 {self.w._floor_words(f.floor, 'ko', f.top)}에 있어요."

    def floors_unknown(self, f: F.FloorsUnknown, name: Namer) -> str:
        return f"죄송하지만 {self._name(f.place)}의 층수는 제가 가진 자료에 없어서 모르겠습니다."

    def same_building(self, f: F.SameBuilding, name: Namer) -> str:
        return f"같은 {self._name(f.host)} 건물에는 {', '.join(self._name(p) for p in f.others)}도 있어요."

    # ------------------------------------------------------------ what a place is
    def has_features(self, f: F.HasFeatures, name: Namer) -> str:
        items = [ko for ko, _ in f.items]
        return f"{self._ko(f.place, code=True)}에는 {', '.join(items[:-1] + [josa(items[-1], '이')])} 있어요."

    def building_use(self, f: F.BuildingUse, name: Namer) -> str:
        return f"{self.w._categories(self.kb.get(f.place), 'ko')} 용도의 건물이에요."

    def place_kind(self, f: F.PlaceKind, name: Namer) -> str:
        return f"{self._ko(f.place, '은')} {self.w._categories(self.kb.get(f.place), 'ko')} 장소예요."

    def category_of(self, f: F.CategoryOf, name: Namer) -> str:
        return (f"{self._ko(f.place, '은', code=True)} {self.w._categories(self.kb.get(f.place), 'ko')} 용도의 "
                f"{'건물' if f.building else '장소'}이에요.")

    def building_number(self, f: F.BuildingNumber, name: Namer) -> str:
        return f"{self._ko(f.place, '의')} 건물 번호는 {f.code}번이에요."

    def no_building_number(self, f: F.NoBuildingNumber, name: Namer) -> str:
        return f"{self._ko(f.place, '은')} 캠퍼스 건물이 아니라서 건물 번호가 없어요."

    def has_category(self, f: F.HasCategory, name: Namer) -> str:
        return f"네, {self._ko(f.place)}에는 {josa(self._category(f.category), '이')} 있어요."

    def is_category(self, f: F.IsCategory, name: Namer) -> str:
        return f"네, {self._ko(f.place, '은')} {self._category(f.category)} 시설이에요."

    def is_not_category(self, f: F.IsNotCategory, name: Namer) -> str:
        actual = self.w._categories(self.kb.get(f.place), "ko")
        return f"아니요, {self._ko(f.place, '은')} {self._category(f.asked)} 시설이 아니라 {actual} 용도의 장소예요."

    # ------------------------------------------------------------ two places
    def two_walks(self, f: F.TwoWalks, name: Namer) -> str:
        return (f"{self._gate(name)}에서 걸어서 {self._ko(f.a, '은', code=True)} 약 {f.a_minutes}분, "
                f"{self._ko(f.b, '은', code=True)} 약 {f.b_minutes}분 거리예요.")

    def same_distance(self, f: F.SameDistance, name: Namer) -> str:
        return "두 곳 모두 비슷한 거리예요."

    def closer(self, f: F.Closer, name: Namer) -> str:
        return f"그래서 {self._ko(f.place, '이')} 더 {'멀어요' if f.farther else '가까워요'}."

    def relation(self, f: F.Relation, name: Namer) -> str:
        return f"{self._ko(f.a, '은', code=True)} {self._ko(f.b, '의', code=True)} {RELATION_PHRASES[f.direction][0]}에 있어요."

    # ------------------------------------------------------------ transit
    def walkable_no_transit(self, f: F.WalkableNoTransit, name: Namer) -> str:
        gate = self._gate(name)
        return (f"{self._ko(f.place, '은', code=True)} {gate}에서 걸어서 약 {f.minutes}분 거리라서 "
                f"버스나 지하철 없이 걸어가면 돼요.")

    def bus_boarding(self, f: F.BusBoarding, name: Namer) -> str:
        buses = f"{', '.join(b + '번' for b in f.buses)} 버스는" if f.buses else "버스는"
        return f"{buses} {self._name(f.station)} {f.exit}번 출구 앞 '{f.stop}' 정류장에서 타요."

    def bus_for(self, f: F.BusFor, name: Namer) -> str:
        stops = ", ".join(f"'{s}'" for s in f.alight_stops)
        return f"{', '.join(self._name(p) for p in f.places)}에 갈 때 타고, {stops} 정류장에서 내리면 돼요."

    def subway_lines(self, f: F.SubwayLines, name: Namer) -> str:
        station = self.kb.get(f.station)
        return f"지하철은 {station.name_ko}에서 {', '.join(station.lines)}호선을 탈 수 있어요."

    def ask_the_goal(self, f: F.AskTheGoal, name: Namer) -> str:
        return "가시려는 곳을 말씀해 주시면 버스 번호와 내릴 정류장을 알려 드릴게요."

    # ------------------------------------------------------------ kinds of place near another
    def none_of_category_near(self, f: F.NoneOfCategoryNear, name: Namer) -> str:
        return f"죄송하지만 {self._name(f.place)} 근처의 {self._category(f.category)} 정보는 모르겠습니다."

    def category_here(self, f: F.CategoryHere, name: Namer) -> str:
        return f"{self._ko(f.place)}에 바로 {josa(self._category(f.category), '이')} 있어요."

    def nearest_of_category(self, f: F.NearestOfCategory, name: Namer) -> str:
        return (f"{self._name(f.place)} 근처의 {josa(self._category(f.category), '으로')}는 "
                f"{self._ko(f.nearest, '이')} 가장 가까워요.")

    def also_there(self, f: F.AlsoThere, name: Namer) -> str:
        walks = dict(zip(f.places, f.walks))
        names = [self._name(p) + (f"(걸어서 약 {walks[p]}분)" if walks.get(p) else "") for p in f.places]
        return f"그 밖에 {', '.join(names)}도 있어요."

    # ------------------------------------------------------------ abstentions and questions back
    def dont_know_that(self, f: F.DontKnowThat, name: Namer) -> str:
        return "죄송하지만 그 질문은 모르겠습니다."

    def only_this_campus(self, f: F.OnlyThisCampus, name: Namer) -> str:
        return "저는 한양대학교 캠퍼스와 주변 장소 안내만 할 수 있어요."

    def dont_know_place(self, f: F.DontKnowPlace, name: Namer) -> str:
        return "죄송하지만 모르겠습니다. 제가 아는 장소 중에는 그런 곳이 없어요."

    def did_you_mean(self, f: F.DidYouMean, name: Namer) -> str:
        return f"혹시 {', '.join(name(p) for p in f.places)} 중 한 곳을 찾으세요?"

    def many_match(self, f: F.ManyMatch, name: Namer) -> str:
        return f"말씀하신 이름에 맞는 곳이 {f.count}곳 있어요. {', '.join(name(p, code=True) for p in f.shown)} 등이에요."

    def matches(self, f: F.Matches, name: Namer) -> str:
        names = [name(p, code=True) + (f"(약 {m}분)" if f.minutes else "")
                 for p, m in zip(f.places, f.minutes or f.places)]
        return f"말씀하신 이름에 맞는 곳이 {len(names)}곳 있어요: {', '.join(names)}."

    def all_about_as_far(self, f: F.AllAboutAsFar, name: Namer) -> str:
        return f"모두 {self._gate(name)}에서 걸어서 약 {f.span}분 거리예요."

    def these_are_walks(self, f: F.TheseAreWalks, name: Namer) -> str:
        return f"시간은 {self._gate(name)}에서 걸어서 가는 시간이에요."

    def which_one(self, f: F.WhichOne, name: Namer) -> str:
        return "어느 곳을 찾으시는지 말씀해 주세요."

    def not_in_my_data(self, f: F.NotInMyData, name: Namer) -> str:
        about = f"{self._name(f.place)}에 대한 " if f.place else ""
        return f"죄송하지만 {about}그 정보는 제가 가진 자료에 없어서 모르겠습니다."

    def what_i_can_tell(self, f: F.WhatICanTell, name: Namer) -> str:
        return "위치, 가는 길, 층수, 주변 건물은 안내해 드릴 수 있어요."

    def no_fact_about(self, f: F.NoFactAbout, name: Namer) -> str:
        return f"죄송하지만 {self._name(f.place)}에 대한 그 정보는 모르겠습니다."
