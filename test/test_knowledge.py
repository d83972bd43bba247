import copy
import json

import pytest

from hyguide_ros.knowledge import DEFAULT_KB_PATH, CampusGraph, KnowledgeBaseError, PlaceIndex, load_knowledge_base
from hyguide_ros.knowledge.schema import parse_knowledge_base


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


@pytest.fixture(scope="module")
def raw():
    return json.loads(DEFAULT_KB_PATH.read_text(encoding="utf-8"))


def test_shipped_kb_has_every_zone(kb):
    zones = [p.zone for p in kb.places.values() if p.kind in ("building", "place")]
    assert zones.count("campus") == 71
    assert zones.count("near") == 36
    assert zones.count("mid") == 62
    assert len(kb.by_code) == 71


def test_gates_and_stations_people_ask_about(kb):
    index = PlaceIndex(kb)
    for name, pid in [("예지문", "gate_yeji"), ("애지문", "gate_yeji"), ("한양대역 2번 출구", "gate_yeji"),
                      ("정문", "gate_main_stop"), ("후문", "gate_back"), ("한양대역", "stn_hanyang"),
                      ("왕십리역", "stn_wangsimni")]:
        assert [m.place_id for m in index.find(name)] == [pid], name


def test_buildings_have_the_facts_the_guide_speaks(kb):
    for place in kb.places.values():
        if place.kind != "building":
            continue
        assert place.walk_min is not None and place.neighbors and place.features, place.id
        assert place.route[0].landmark == kb.origin and place.route[-1].landmark == place.id, place.id
        assert place.floors is not None or place.floors_note is not None or place.zone == "campus"


def test_every_building_is_reachable_on_foot(kb):
    graph = CampusGraph(kb)
    for place in kb.places.values():
        if place.kind == "building":
            path = graph.shortest_path(kb.origin, place.id)
            assert path is not None and path.place_ids[-1] == place.id, place.id


def test_off_campus_places_say_how_to_get_there(kb):
    for place in kb.places.values():
        if place.kind == "place":
            assert place.transport is not None and place.walk_min is not None, place.id
            if place.zone == "mid":
                t = place.transport
                assert (t.mode == "bus" and t.buses and t.alight_stop) or (t.mode == "subway" and t.to_station), place.id


def _broken(raw, mutate):
    data = copy.deepcopy(raw)
    mutate(data)
    with pytest.raises(KnowledgeBaseError) as info:
        parse_knowledge_base(data)
    return str(info.value)


def test_validation_names_the_bad_entry(raw):
    assert "duplicate id 'b101'" in _broken(raw, lambda d: d["places"].append(copy.deepcopy(d["places"][0])))
    msg = _broken(raw, lambda d: d["places"][1]["neighbors"].append({"id": "nowhere", "direction": "left"}))
    assert "'b102'" in msg and "unknown place id 'nowhere'" in msg
    msg = _broken(raw, lambda d: d["places"][2]["route"].append({"do": "pass", "landmark": "ghost"}))
    assert "'b105'" in msg and "route step" in msg and "'ghost'" in msg
    msg = _broken(raw, lambda d: d["places"][0].update(floors={"above": "three"}))
    assert "'b101'" in msg and "floors.above" in msg
    msg = _broken(raw, lambda d: d["places"][0].update(colour="red"))
    assert "unknown field(s) ['colour']" in msg
    assert "building_code 101 is also used" in _broken(raw, lambda d: d["places"][1].update(building_code="101"))
    assert "unknown category" in _broken(raw, lambda d: d["places"][0].update(category=["spaceport"]))


def test_loader_reports_missing_and_malformed_files(tmp_path):
    with pytest.raises(KnowledgeBaseError, match="not found"):
        load_knowledge_base(tmp_path / "absent.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="not valid UTF-8 JSON"):
        load_knowledge_base(bad)


def test_search_handles_particles_spacing_aliases_codes_and_typos(kb):
    index = PlaceIndex(kb)
    cases = {"한양플라자는 어디야": "b105", "한양 플라자": "b105", "학생복지관": "b105", "FTC": "b208",
             "105관": "b105", "105번 건물": "b105", "Building 105": "b105", "the library": "b501",
             "Hanyang Plaza": "b105", "IT/BT관": "b305"}
    for text, pid in cases.items():
        assert [m.place_id for m in index.find(text)][:1] == [pid], text
    assert index.find("white house") == []            # HIT must not match inside "white"
    assert index.find("241번 버스") == []               # a bus number is not a building number
    assert index.find_fuzzy(index.leftover_words("한양플라저", [])) == ["b105"]
    assert index.find_fuzzy(index.leftover_words("white house", [])) == []


def test_every_direction_and_category_can_be_spoken(kb):
    from hyguide_ros.guide.languages.en import render as render_en
    from hyguide_ros.guide.languages.ko import render as render_ko
    for renderer in (render_ko, render_en):
        assert set(kb.directions) <= set(renderer.DIRECTIONS) and set(renderer.DIRECTIONS) == set(renderer.RELATIONS)
    assert all(c.ko and c.en for c in kb.categories.values())


def test_one_list_of_facts_feeds_the_prompt_the_fact_check_and_qa_coverage(kb, monkeypatch):
    """A new fact of a place, added in knowledge/facts.py alone, reaches all three readers."""
    from hyguide_ros.guide.phrase.prompt import place_facts
    from hyguide_ros.knowledge import facts as facts_module
    from hyguide_train import qa
    from hyguide_train.validate import FactChecker
    plaza = next(p for p in kb.places.values() if p.name_ko == "한양플라자")
    before = facts_module.facts(kb, plaza.id)
    assert [f.kind for f in before][:2] == ["building", "category"]
    assert ("building", plaza.building_code) in before[0].numbers
    parking = facts_module.PlaceFact("parking", {"ko": ("주차: 지하 7층까지",), "en": ("parking: down to B7",)},
                                (("floor", "B7"),), {"ko": ("주차",), "en": ("parking",)})

    original = facts_module.facts

    def with_parking(kb_, place_id):
        return original(kb_, place_id) + ([parking] if place_id == plaza.id else [])
    monkeypatch.setattr(facts_module, "facts", with_parking)
    monkeypatch.setattr(qa, "facts", with_parking)
    assert place_facts(kb, plaza.id, "ko")[-1] == "주차: 지하 7층까지"
    checker = FactChecker(kb, PlaceIndex(kb))
    assert "B7" in checker.supported([plaza.id])["floor"]
    assert not checker.problems("한양플라자 주차장은 지하 7층까지 있어요.", [plaza.id])
    generator = qa.TemplateGenerator()
    assert generator._fact_strings(plaza, "en")[-1] == ["parking"]


def test_a_stations_exits_named_anywhere_in_the_kb_are_its_facts(kb):
    """"한양대역 1번 출구" (the bus stop's exit) and 2번 (the gate's) are facts of the station, so the
    training-data check accepts the guide's own answer about it."""
    from hyguide_ros.knowledge.facts import fact_numbers
    from hyguide_train.validate import FactChecker
    assert fact_numbers(kb, "stn_hanyang")["exit"] == {"1", "2"}
    checker = FactChecker(kb, PlaceIndex(kb))
    assert not checker.problems("한양대역 2번 출구는 예지문으로 이어지고, 1번 출구 앞에는 버스 정류장이 있어요.",
                                ["stn_hanyang"])
    assert checker.problems("한양대역 7번 출구로 나오세요.", ["stn_hanyang"])
