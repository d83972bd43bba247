"""hyguide-train kb build: collected places merged into the knowledge base with provenance and a diff report."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from hyguide_ros.guide import CampusGuide, GuideConfig
from hyguide_ros.knowledge import DEFAULT_KB_PATH, load_knowledge_base
from hyguide_train.collect import CollectQuery, collect
from hyguide_train.http import CachedJSONClient
from hyguide_train.kb_build import build_kb, merge, naver_categories, read_records
from hyguide_train.naver import NaverClient, NaverKeys

sys.path.insert(0, str(Path(__file__).parent))
from naver_server import NaverTestServer  # noqa: E402


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("collected")
    queries = [CollectQuery("한양대학교 한양플라자", "b105", "campus"), CollectQuery("무학중학교", "mid_01", "mid"),
               CollectQuery("이마트 왕십리점", "near_21", "near"), CollectQuery("스타벅스 한양대점"),
               CollectQuery("왕십리역"), CollectQuery("먼 곳")]
    with NaverTestServer() as server:
        http = CachedJSONClient(out / "cache", min_interval_s=0)
        client = NaverClient(http, NaverKeys("a", "b", "c", "d"), server.url, server.url)
        collect(client, queries, out, progress=False)
    return out


def base() -> dict:
    return json.loads(DEFAULT_KB_PATH.read_text(encoding="utf-8"))


def test_merge_adds_new_places_keeps_checked_facts_and_marks_estimates(collected):
    records = read_records([collected])
    data, diff = merge(base(), records)
    places = {p["id"]: p for p in data["places"]}
    old = {p["id"]: p for p in base()["places"]}

    [added] = diff.added                                  # 스타벅스 is new; "먼 곳" is beyond 2 km
    assert added["name_ko"] == "스타벅스 한양대점" and added["category"] == ["cafe"] and added["zone"] == "near"
    assert added["walk_min_estimate"] is True and added["provenance"]["estimated"] == ["distance_m", "walk_min"]
    assert any("English name" in what for pid, what in diff.needs_review if pid == added["id"])
    assert [q for q, _ in diff.skipped] == ["먼 곳"]

    plaza = places["b105"]                                # campus building: location and provenance only
    assert plaza["location"] == {"lon": 127.0443, "lat": 37.5569}
    assert plaza["walk_min"] == old["b105"]["walk_min"] and plaza["provenance"]["estimated"] == []
    mart = places["near_21"]                              # a hand-checked walk is kept
    assert mart["walk_min"] == old["near_21"]["walk_min"] and "walk_min_estimate" not in old["near_21"]
    assert mart["provenance"]["estimated"] == ["distance_m"]      # it had no distance: the estimate fills it
    school = places["mid_01"]                             # the shipped value was an estimate: a newer one wins
    assert old["mid_01"]["walk_min_estimate"] and school["walk_min"] == next(
        r["walk_min"] for r in records if r["place_id"] == "mid_01")
    assert ("b105", "location") in {(c[0], c[1]) for c in diff.changed}
    assert places["stn_wangsimni"]["location"]["lon"] == 127.0378   # found by name without a place id
    assert "b101" in diff.not_collected and "b105" not in diff.not_collected


def test_an_estimate_replaces_an_older_estimate_but_not_a_checked_value(collected):
    records = [r for r in read_records([collected]) if r["place_id"] == "mid_01"]
    data = base()
    school = next(p for p in data["places"] if p["id"] == "mid_01")
    school["walk_min"], school["walk_min_estimate"] = 99, True
    merged, diff = merge(data, records)
    new = next(p for p in merged["places"] if p["id"] == "mid_01")
    assert new["walk_min"] == records[0]["walk_min"] != 99 and new["provenance"]["estimated"] == ["walk_min"]
    assert ("mid_01", "walk_min", 99, f"{records[0]['walk_min']} (estimate)") in diff.changed

    school["walk_min"], school["walk_min_estimate"] = 90, False     # far from the estimate: a conflict
    _, diff = merge(data, records)
    assert ("mid_01", "walk_min", 90, f"{records[0]['walk_min']} (estimate)") in diff.conflicts


def test_build_writes_a_loadable_kb_and_a_report_and_the_guide_answers_from_it(collected, tmp_path):
    out = tmp_path / "kb.json"
    diff = build_kb([collected], out)
    kb = load_knowledge_base(out)                         # the guide's own loader validates it
    assert len(kb.places) == len(load_knowledge_base().places) + 1
    report = (tmp_path / "kb.diff.md").read_text(encoding="utf-8")
    assert "스타벅스 한양대점" in report and "## Conflicts" in report and diff.summary() in report
    guide = CampusGuide(GuideConfig(knowledge_base=str(out)))
    added = diff.added[0]
    answer = guide.ask("스타벅스 한양대점 어디야?")
    assert added["id"] in answer.place_ids and f"{added['walk_min']}분" in answer.text


def test_bad_input_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="hyguide-train collect"):
        read_records([tmp_path])
    bad = tmp_path / "places.jsonl"
    bad.write_text('{"query": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="places.jsonl:1: not a collect record"):
        read_records([bad])
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match="places.jsonl:1: not a JSON line"):
        read_records([bad])


def test_naver_categories_map_to_the_kb_vocabulary():
    kb = load_knowledge_base()
    assert naver_categories("카페,디저트>카페") == ["cafe"]
    assert naver_categories("의료,건강>약국") == ["pharmacy"]
    assert naver_categories("교통,운수>지하철,전철") == []
    # Naver's 편의점 is the KB's "store" (마트·편의점), the category the guide finds for "근처에 편의점 있어?"
    assert naver_categories("생활,편의>편의점") == ["store"]
    guide = CampusGuide()
    answer = guide.ask("근처에 편의점 있어?")
    assert answer.intent == "category_near" and all("store" in guide.kb.get(p).category for p in answer.place_ids)
    from hyguide_train.kb_build import NAVER_CATEGORIES
    assert {key for _, key in NAVER_CATEGORIES} <= set(kb.categories)


def test_cli_kb_build(collected, tmp_path):
    run = subprocess.run(["hyguide-train", "kb", "build", str(collected), "--out", str(tmp_path / "kb.json")],
                         capture_output=True, text=True)
    assert run.returncode == 0 and "1 added" in run.stdout, run.stderr
    missing = subprocess.run(["hyguide-train", "kb", "build", str(tmp_path / "nothing"), "--out",
                              str(tmp_path / "kb2.json")], capture_output=True, text=True)
    assert missing.returncode == 2 and "no collected places" in missing.stderr
    assert not (tmp_path / "kb2.json").exists()
