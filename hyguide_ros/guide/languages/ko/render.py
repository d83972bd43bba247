"""Frames in Korean (해요체; the guide turns it into 반말 for the casual style). Names are the Korean
names, a particle takes the form the name's last sound needs."""
from __future__ import annotations

from ....knowledge.schema import RouteStep
from ....knowledge.spoken import josa
from ... import frames as F
from ...frames import Namer, Renderer

# Where a neighbour lies, as an adverbial phrase; where a place lies relative to another (+ 에 있어요).
DIRECTIONS = {"right": "오른쪽에", "left": "왼쪽에", "front": "앞쪽에", "behind": "뒤쪽에", "uphill": "위쪽에",
              "downhill": "아래쪽에", "beside": "옆에", "right_beside": "바로 옆에", "nearby": "근처에",
              "upper_right": "오른쪽 위에", "lower_right": "오른쪽 아래에", "toward": "가는 방향에",
              "far": "조금 떨어진 곳에"}
RELATIONS = {"right": "오른쪽", "left": "왼쪽", "front": "앞쪽", "behind": "뒤쪽", "uphill": "위쪽", "downhill": "아래쪽",
             "beside": "옆", "right_beside": "바로 옆", "nearby": "근처", "upper_right": "오른쪽 위",
             "lower_right": "오른쪽 아래", "toward": "가는 방향", "far": "조금 떨어진 곳"}
# Clause endings that become "if/when" before a route's final arrival clause.
_THEN = [("직진하고", "직진하면"), ("돌아", "돌면"), ("지나", "지나면"), ("들어가", "들어가면"), ("나가", "나가면"),
         ("건너", "건너면"), ("내려", "내리면"), ("건넌 뒤", "건너면")]


class KoreanRenderer(Renderer):
    language = "ko"

    def namer(self) -> Namer:
        def name(pid: str, code: bool = False) -> str:
            place = self.kb.get(pid)
            return place.name_ko + (f"({place.building_code}번 건물)" if code and place.building_code else "")
        return name

    def _ko(self, pid: str, particle: str = "", code: bool = False) -> str:
        """The Korean name with a particle chosen by the name itself, the building number in brackets."""
        place = self.kb.get(pid)
        tail = josa(place.name_ko, particle)[len(place.name_ko):] if particle else ""
        if code and place.building_code:
            return f"{place.name_ko}({place.building_code}번 건물){tail}"
        return place.name_ko + tail

    def _name(self, pid: str) -> str:
        return self.kb.get(pid).name_ko

    CANNED = {
        "greeting": "안녕하세요! 한양대학교 캠퍼스 안내 로봇이에요.",
        "introduction": "저는 한양대학교 건물과 주변 장소를 안내해요.",
        "help_line": "'한양플라자 어디야?', '도서관 가는 길 알려줘', '근처에 카페 있어?'처럼 물어보세요.",
        "same_distance": "두 곳 모두 비슷한 거리예요.",
        "ask_the_goal": "가시려는 곳을 말씀해 주시면 버스 번호와 내릴 정류장을 알려 드릴게요.",
        "dont_know_that": "죄송하지만 그 질문은 모르겠습니다.",
        "only_this_campus": "저는 한양대학교 캠퍼스와 주변 장소 안내만 할 수 있어요.",
        "dont_know_place": "죄송하지만 모르겠습니다. 제가 아는 장소 중에는 그런 곳이 없어요.",
        "which_one": "어느 곳을 찾으시는지 말씀해 주세요.",
        "what_i_can_tell": "위치, 가는 길, 층수, 주변 건물은 안내해 드릴 수 있어요.",
    }

    def canned(self, f: F.Canned, name: Namer) -> str:
        return self.CANNED[f.what]

    def _gate(self, name: Namer) -> str:
        """The gate walks are measured from, with the station exit it is."""
        origin = self.kb.origin_place
        if origin.access and not self.spoken:
            return f"{origin.name_ko}({self._name(origin.access.station)} {origin.access.exit}번 출구)"
        return name(origin.id)

    def _kinds(self, place, limit: int = 2) -> str:
        return "·".join(self._category(c) for c in place.category[:limit])

    @staticmethod
    def _floor(floor: int, top: int | None = None) -> str:
        if top is not None and top != floor and floor > 0:          # a shop on two floors
            return f"{floor}~{top}층"
        return f"지하 {-floor}층" if floor < 0 else f"{floor}층"

    @staticmethod
    def _km(meters: int) -> str:
        return f"약 {f'{meters / 1000:.1f}'.rstrip('0').rstrip('.')}km"

    def _category(self, key: str) -> str:
        return self.kb.category_name(key, "ko")

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
        return f"{subject}{self._name(f.host)} 건물 {self._floor(f.floor, f.top)}에 있어요."

    def floors_unknown(self, f: F.FloorsUnknown, name: Namer) -> str:
        return f"죄송하지만 {self._name(f.place)}의 층수는 제가 가진 자료에 없어서 모르겠습니다."

    def same_building(self, f: F.SameBuilding, name: Namer) -> str:
        return f"같은 {self._name(f.host)} 건물에는 {', '.join(self._name(p) for p in f.others)}도 있어요."

    # ------------------------------------------------------------ where a place is
    def at_gate(self, f: F.AtGate, name: Namer) -> str:
        return f"{self._ko(f.place, '은', code=True)} {self._gate(name)} 바로 앞에 있어요."

    def walk_from_gate_past(self, f: F.WalkFromGatePast, name: Namer) -> str:
        via = [self._name(v) for v in f.past]
        past = f" {', '.join(via[:-1])}{', ' if via[:-1] else ''}{josa(via[-1], '을')} 지나" if via else ""
        return f"{self._ko(f.place, '은', code=True)} {self._gate(name)}에서{past} 걸어서 약 {f.minutes}분 거리에 있어요."

    def off_campus(self, f: F.OffCampus, name: Namer) -> str:
        kind = self._kinds(self.kb.get(f.place), 1)
        return (f"{self._ko(f.place, '은')} 캠퍼스 밖의 {kind} 장소로, {self._name(f.station)}에서 "
                f"{self._km(f.distance_m)} 떨어져 있어요.")

    def station_exit(self, f: F.StationExit, name: Namer) -> str:
        when = "바로 이어져 있어요" if not f.minutes else f"걸어서 약 {f.minutes}분이에요"
        return f"{self._ko(f.place, '은')} {self._name(f.station)} {f.exit}번 출구에서 {when}."

    def neighbours(self, f: F.Neighbours, name: Namer) -> str:
        # Neighbours carry their building numbers: the signs on campus show them.
        def short(p: str) -> str:
            code = self.kb.get(p).building_code
            return self._name(p) + (f"({code}관)" if code else "")
        listed = [f"{DIRECTIONS[d]} {short(p)}" for p, d in f.around]
        last = short(f.around[-1][0])
        listed[-1] += josa(last, "이")[len(last):]
        return f"가까운 곳으로는 {', '.join(listed)} 있어요."

    def features_of(self, f: F.FeaturesOf, name: Namer) -> str:
        place = self.kb.get(f.place)
        items = [feature.ko for feature in place.features]
        if place.kind != "building":
            return items[0]
        return f"{', '.join(items[:-1] + [josa(items[-1], '이')])} 있는 곳이에요."

    def on_foot(self, f: F.OnFoot, name: Namer) -> str:
        return f"걸어서 가면 약 {f.minutes}분 걸려요."

    def stop_reached_by(self, f: F.StopReachedBy, name: Namer) -> str:
        return (f"'{self._name(f.stop)}' 정류장은 {self._name(f.station)} {f.exit}번 출구 앞 '{f.board_stop}' 정류장에서 "
                f"{', '.join(b + '번' for b in f.buses)} 버스를 타고 갈 수 있어요.")

    def places_near(self, f: F.PlacesNear, name: Namer) -> str:
        return f"{self._name(f.place)} 가까이에는 {', '.join(self._name(p) for p in f.near)} 같은 곳이 있어요."

    def station_lines(self, f: F.StationLines, name: Namer) -> str:
        station = self.kb.get(f.station)
        lines = [f"{ln}호선" if ln.isdigit() else ln for ln in station.lines]
        return f"{josa(station.name_ko, '은')} 지하철 {', '.join(lines)} 역이에요."

    # ------------------------------------------------------------ ways
    def route_steps(self, f: F.RouteSteps, name: Namer) -> str:
        clauses = [c for c in (self._clause(s, name) for s in f.steps) if c]
        if len(clauses) >= 2:       # the clause before the arrival becomes "if/when"
            for plain, then in _THEN:
                if clauses[-2].endswith(plain):
                    clauses[-2] = clauses[-2][: -len(plain)] + then
                    break
        return " ".join(clauses)

    def steps_from(self, f: F.StepsFrom, name: Namer) -> str:
        # ("A에서 출발해 B에서 왼쪽으로 돌면": two 에서 in a row read as one place)
        lead = "에서 출발해" if f.steps[0].do == "turn" else "에서"
        return f"{self._ko(f.start)}{lead} {self.route_steps(F.RouteSteps(f.steps), name)}"

    def arrive_at(self, f: F.ArriveAt, name: Namer) -> str:
        return f"{self._ko(f.place, '은')} {self._arrival(f.step)}"

    def _clause(self, s: RouteStep, name: Namer) -> str:
        if s.do == "cross_to_exit":
            return f"{self._name(s.station)} {s.from_exit}번 출구로 나와 {s.to_exit}번 출구 방향으로 길을 건넌 뒤"
        if s.do == "straight":
            dist = f" 약 {s.distance_m}m" if s.distance_m else ""
            return f"{self._name(s.toward)} 방향으로{dist} 직진하고"
        if s.do == "turn":
            return f"{self._name(s.landmark)}에서 {'왼쪽' if s.direction == 'left' else '오른쪽'}으로 돌아"
        if s.do == "pass":
            return f"{josa(self._name(s.landmark), '을')} 지나"
        if s.do == "enter":
            dist = f" 약 {s.distance_m}m" if s.distance_m else ""
            return f"{self._name(s.landmark)} 안으로{dist} 들어가"
        if s.do == "through_campus":
            via = [self._name(p) for p in s.via]
            via[-1] = josa(via[-1], "을")
            return f"{self._gate(name)}에서 캠퍼스 안으로 들어가 {', '.join(via)} 지나"
        if s.do == "exit_gate":
            return f"{josa(self._name(s.landmark), '으로')} 나가"
        if s.do == "cross":
            return f"{self._name(s.toward)} 쪽으로 길을 건너"
        if s.do == "subway":
            return f"{self._name(s.station)}에서 지하철 {s.line}호선을 타고 {self._name(s.toward)}에서 내려"
        if s.do == "exit":
            return f"{s.exit}번 출구로 나와" + (f" 걸어서 약 {s.walk_min}분 가면" if s.walk_min else "")
        if s.do == "start":
            return ""
        return self._arrival(s)

    def _arrival(self, s: RouteStep) -> str:
        n = self._name(s.landmark)
        if s.relation == "in":
            return f"{n} 건물 {self._floor(s.floor, s.floor_top)}에 있어요." if s.floor is not None \
                else f"{n} 안에 있어요."
        return {"opposite": f"{n} 맞은편에 있어요.", "near": f"{n} 근처에 있어요.",
                "uphill": f"{josa(n, '을')} 끼고 언덕을 오르면 나와요.", "left_side": f"{josa(n, '을')} 지나 왼편에 있어요.",
                "outside": f"{n} 건물 {self._floor(s.floor or 1)} 바깥쪽에 있어요."}.get(
                    s.relation or "", f"{n}에 도착해요.")

    def transit_ride(self, f: F.TransitRide, name: Namer) -> str:
        t = self.kb.get(f.place).transport
        tail = f" 걸어서 약 {t.walk_after_min}분 가면 돼요." if t.walk_after_min else " 가까이에 있어요."
        if t.mode == "bus":
            station = self._name(t.board_exit.station if t.board_exit else "stn_hanyang")
            buses = ", ".join(f"{b}번" for b in t.buses)
            return (f"{station} {t.board_exit.exit if t.board_exit else 1}번 출구로 나와 '{t.board_stop}' 정류장에서 "
                    f"{buses} 버스를 타고 '{t.alight_stop}' 정류장에서 내린 뒤{tail}")
        exit_part = f" {t.exit}번 출구로 나와" if t.exit else ""
        return (f"{self._name(t.from_station or 'stn_hanyang')}에서 지하철 {t.line}호선을 타고 "
                f"{self._name(t.to_station)}에서 내려{exit_part}{tail}")

    def subway_from_start(self, f: F.SubwayFromStart, name: Namer) -> str:
        t = self.kb.get(f.place).transport
        exit_part = f"{t.exit}번 출구로 나와 " if t.exit else ""
        walk = f"걸어서 약 {t.walk_after_min}분 가면 돼요." if t.walk_after_min else "가까이에 있어요."
        return f"{self._ko(f.place, '은')} {self._ko(f.start)} {exit_part}{walk}"

    def both_near_stop(self, f: F.BothNearStop, name: Namer) -> str:
        t, other = self.kb.get(f.place).transport, self.kb.get(f.start).transport
        where = f"'{t.alight_stop}' 정류장" if t.mode == "bus" else f"{self._name(t.to_station)} {t.exit}번 출구"
        return (f"{self._ko(f.start, '과')} {self._ko(f.place)} 모두 {where}에서 가까워요: 거기서 걸어서 "
                f"{self._ko(f.start, '은')} 약 {other.walk_after_min}분, {self._ko(f.place, '은')} 약 {t.walk_after_min}분이에요.")

    def graph_route(self, f: F.GraphRoute, name: Namer) -> str:
        start = self._gate(name) if f.from_gate else self._ko(f.start, code=True)
        if f.middle:
            via = [self._name(p) for p in f.middle]
            via[-1] = josa(via[-1], "을")
            return f"{start}에서 출발해 {', '.join(via)} 지나면 {self._ko(f.goal, '이', code=True)} 나와요."
        if f.direction:
            return (f"{self._ko(f.goal, '은', code=True)} {josa(start, '의')} {RELATIONS[f.direction]}에 "
                    f"있어서 바로 보여요.")
        return f"{start}에서 바로 {self._ko(f.goal, '이', code=True)} 보여요."

    def just_walk(self, f: F.JustWalk, name: Namer) -> str:
        return f"걸어서 약 {f.minutes}분 걸려요."

    def subway_between(self, f: F.SubwayBetween, name: Namer) -> str:
        line = f"{f.line}호선" if f.line.isdigit() else f.line
        return f"{self._name(f.start)}에서 지하철 {josa(line, '을')} 타고 {self._name(f.goal)}에서 내리면 돼요."

    def subway_to_gate(self, f: F.SubwayToGate, name: Namer) -> str:
        access = self.kb.origin_place.access
        line = f"{f.line}호선" if f.line.isdigit() else f.line
        return (f"{self._name(f.start)}에서 지하철 {josa(line, '을')} 타고 {self._name(access.station)}에서 내려 "
                f"{access.exit}번 출구로 나오면 {josa(self.kb.origin_place.name_ko, '이에요')}.")

    def no_way_from(self, f: F.NoWayFrom, name: Namer) -> str:
        return f"{self._name(f.start)}에서 {self._name(f.goal)}까지 가는 길은 모르겠어요."

    def goal_walk_from_gate(self, f: F.GoalWalkFromGate, name: Namer) -> str:
        return f"{self._ko(f.place, '은')} {self._gate(name)}에서 걸어서 약 {f.minutes}분 거리예요."

    # ------------------------------------------------------------ what a place is
    def has_features(self, f: F.HasFeatures, name: Namer) -> str:
        items = [ko for ko, _ in f.items]
        return f"{self._ko(f.place, code=True)}에는 {', '.join(items[:-1] + [josa(items[-1], '이')])} 있어요."

    def building_use(self, f: F.BuildingUse, name: Namer) -> str:
        return f"{self._kinds(self.kb.get(f.place))} 용도의 건물이에요."

    def place_kind(self, f: F.PlaceKind, name: Namer) -> str:
        return f"{self._ko(f.place, '은')} {self._kinds(self.kb.get(f.place))} 장소예요."

    def category_of(self, f: F.CategoryOf, name: Namer) -> str:
        return (f"{self._ko(f.place, '은', code=True)} {self._kinds(self.kb.get(f.place))} 용도의 "
                f"{'건물이에요' if f.building else '장소예요'}.")

    def building_number(self, f: F.BuildingNumber, name: Namer) -> str:
        return f"{self._ko(f.place, '의')} 건물 번호는 {f.code}번이에요."

    def no_building_number(self, f: F.NoBuildingNumber, name: Namer) -> str:
        return f"{self._ko(f.place, '은')} 캠퍼스 건물이 아니라서 건물 번호가 없어요."

    def has_category(self, f: F.HasCategory, name: Namer) -> str:
        return f"네, {self._ko(f.place)}에는 {josa(self._category(f.category), '이')} 있어요."

    def is_category(self, f: F.IsCategory, name: Namer) -> str:
        return f"네, {self._ko(f.place, '은')} {self._category(f.category)} 시설이에요."

    def is_not_category(self, f: F.IsNotCategory, name: Namer) -> str:
        actual = self._kinds(self.kb.get(f.place))
        return f"아니요, {self._ko(f.place, '은')} {self._category(f.asked)} 시설이 아니라 {actual} 용도의 장소예요."

    # ------------------------------------------------------------ two places
    def two_walks(self, f: F.TwoWalks, name: Namer) -> str:
        return (f"{self._gate(name)}에서 걸어서 {self._ko(f.a, '은', code=f.code)} 약 {f.a_minutes}분, "
                f"{self._ko(f.b, '은', code=f.code)} 약 {f.b_minutes}분 거리예요.")

    def closer(self, f: F.Closer, name: Namer) -> str:
        return f"그래서 {self._ko(f.place, '이')} 더 {'멀어요' if f.farther else '가까워요'}."

    def relation(self, f: F.Relation, name: Namer) -> str:
        return f"{self._ko(f.a, '은', code=True)} {self._ko(f.b, '의', code=True)} {RELATIONS[f.direction]}에 있어요."

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
    def did_you_mean(self, f: F.DidYouMean, name: Namer) -> str:
        if len(f.places) == 1:
            return f"혹시 {josa(name(f.places[0]), '을')} 찾으세요?"
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

    def not_in_my_data(self, f: F.NotInMyData, name: Namer) -> str:
        about = f"{self._name(f.place)}에 대한 " if f.place else ""
        return f"죄송하지만 {about}그 정보는 제가 가진 자료에 없어서 모르겠습니다."

    def no_fact_about(self, f: F.NoFactAbout, name: Namer) -> str:
        return f"죄송하지만 {self._name(f.place)}에 대한 그 정보는 모르겠습니다."
