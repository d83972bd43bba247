"""hyguide-train dataset build --offline: counts, grounding, checks, splits and the card."""
import json
import re
import subprocess
from collections import Counter, defaultdict
from importlib.metadata import version

import pytest

from hyguide_ros.guide.phrase.key_facts import extract_facts
from hyguide_train.dataset import DatasetConfig, assign_splits
from hyguide_train.qa import fill
from hyguide_train.validate import FactChecker

SPLITS = ("train", "val", "test")


@pytest.fixture(scope="module")
def built(sft_dataset):
    out, result = sft_dataset
    records = {s: [json.loads(line) for line in (out / f"{s}.jsonl").open(encoding="utf-8")] for s in SPLITS}
    return out, result, records


def test_writes_the_four_files_with_the_documented_line_format(built):
    out, _, records = built
    assert (out / "card.md").is_file()
    assert not list(out.glob("*.tmp"))
    for split in SPLITS:
        assert records[split], split
        for r in records[split]:
            assert set(r) == {"messages", "meta"}
            assert set(r["meta"]) >= {"place_id", "building_code", "zone", "language", "type", "variant"}
            assert r["meta"]["zone"] in ("campus", "near", "mid") and r["meta"]["language"] in ("ko", "en")
            roles = [m["role"] for m in r["messages"]]
            assert roles[-1] == "assistant" and roles[-2] == "user"
            assert all(a != b for a, b in zip(roles, roles[1:])), roles    # user and assistant alternate


def test_counts_per_place_and_language(built, guide):
    _, _, records = built
    per = Counter((r["meta"]["place_id"], r["meta"]["language"]) for recs in records.values() for r in recs
                  if r["meta"]["variant"] == "plain" and r["meta"]["type"] != "abstain")
    for place in guide.kb.places.values():
        need = 40 if place.kind == "building" else 30 if place.kind == "place" else 1
        for language in ("ko", "en"):
            assert per[(place.id, language)] >= need, (place.id, language, per[(place.id, language)])


def test_building_numbers_and_floors_in_answers_are_the_knowledge_base_values(built, guide):
    _, _, records = built
    kb = guide.kb
    for recs in records.values():
        for r in recs:
            answer = r["messages"][-1]["content"]
            named = {f.value for f in extract_facts(answer, guide.index) if f.kind == "place"}
            named.add(r["meta"]["place_id"])
            codes = {kb.get(p).building_code for p in named if p in kb.places}
            for code in re.findall(r"(\d{3})번 건물|Building (\d{3})", answer):
                assert (code[0] or code[1]) in codes, answer
            for above in re.findall(r"지상 (\d+)층|has (\d+) floors?", answer):
                floors = {str(kb.get(p).floors.above) for p in named if p in kb.places and kb.get(p).floors}
                assert (above[0] or above[1]) in floors, answer
            if r["meta"]["building_code"]:
                assert r["meta"]["building_code"] == kb.get(r["meta"]["place_id"]).building_code


@pytest.mark.parametrize("language", ["ko", "en"])
def test_templates_cover_every_fact_of_every_place(built, guide, language):
    """Each place's building number, floors, walk, features, neighbours and buses appear in its own answers."""
    _, _, records = built
    answers = defaultdict(str)
    for recs in records.values():
        for r in recs:
            if r["meta"]["variant"] == "plain" and r["meta"]["language"] == language:
                answers[r["meta"]["place_id"]] += r["messages"][-1]["content"] + "\n"
    ko = language == "ko"
    missing = []
    for p in guide.kb.places.values():
        if p.kind not in ("building", "place"):
            continue
        text = answers[p.id]
        wanted = {"building number": p.building_code and (f"{p.building_code}번" if ko else f"Building {p.building_code}"),
                  "floors": p.floors and (f"지상 {p.floors.above}층" if ko else f"{p.floors.above} floor"),
                  "walk": p.walk_min is not None and (f"{p.walk_min}분" if ko else f"{p.walk_min}-minute"),
                  "buses": p.transport and p.transport.buses and [b if ko else b.replace("성동", "Seongdong ")
                                                                  for b in p.transport.buses],
                  "a feature": [f.ko if ko else f.en for f in p.features],
                  "a neighbour": [guide.kb.get(n.place_id).name(language) for n in p.neighbors]}
        for what, value in wanted.items():
            if value and not any(v in text for v in (value if isinstance(value, list) else [value])):
                missing.append((p.id, what))
    assert not missing, missing


def test_no_place_is_in_two_splits(built):
    _, result, records = built
    places = {s: {r["meta"]["place_id"] for r in records[s]} - {None} for s in SPLITS}
    assert not places["train"] & places["val"] and not places["train"] & places["test"]
    assert not places["val"] & places["test"]
    for zone in ("campus", "near", "mid"):      # every zone is in every split
        assert all(any(r["meta"]["zone"] == zone for r in records[s]) for s in SPLITS), zone
    unknown = {s: {r["messages"][-2]["content"] for r in records[s] if r["meta"]["place_id"] is None} for s in SPLITS}
    assert not unknown["train"] & unknown["val"] and not unknown["train"] & unknown["test"]


def test_plain_and_grounded_variants_of_each_pair(built, guide):
    _, _, records = built
    by_variant = defaultdict(list)
    for r in records["train"]:
        by_variant[r["meta"]["variant"]].append(r)
    assert len(by_variant["plain"]) == len(by_variant["grounded"])
    plain, grounded = by_variant["plain"][0], by_variant["grounded"][0]
    assert plain["messages"][-1] == grounded["messages"][-1]        # same answer
    question = plain["messages"][-2]["content"]
    user = grounded["messages"][-2]["content"]
    assert user.endswith(question) and ("사실:\n- " in user or "Facts:\n- " in user)
    place = guide.kb.get(plain["meta"]["place_id"])
    assert place.name_ko in user                                   # the facts are about the place asked


def test_abstention_and_multi_turn_pairs(built):
    _, _, records = built
    rs = [r for recs in records.values() for r in recs if r["meta"]["variant"] == "plain"]
    abstain = [r for r in rs if r["meta"]["type"] == "abstain"]
    assert len(abstain) >= 50
    assert all(re.search(r"모르|don't know|not in my", r["messages"][-1]["content"]) for r in abstain)
    multi = [r for r in rs if r["meta"]["type"] == "multi_turn"]
    assert len(multi) >= 100
    assert all(len(r["messages"]) == 4 and re.search(r"거기|there|it", r["messages"][2]["content"]) for r in multi)


def test_questions_are_not_repeated_for_a_place(built):
    _, _, records = built
    seen = Counter((r["meta"]["place_id"], r["meta"]["language"], r["messages"][-2]["content"])
                   for recs in records.values() for r in recs if r["meta"]["variant"] == "plain")
    assert max(seen.values()) == 1


def test_card_reports_counts_rejections_and_sources(built):
    out, result, _ = built
    card = (out / "card.md").read_text(encoding="utf-8")
    for heading in ("## Lines per zone", "## Lines per type", "## Lines per language", "## Rejected while generating",
                    "## Sources"):
        assert heading in card
    assert sum(result.report.rejected.values()) > 0
    top_reason, top_count = result.report.rejected.most_common(1)[0]
    assert f"| {top_reason} | {top_count} |" in card
    assert f"datasets {version('datasets')}" in card              # the versions it was made with


def test_save_to_disk_gives_a_datasetdict_that_loads_back(built, tmp_path):
    from datasets import load_from_disk

    from hyguide_train.dataset import save_to_disk
    out, _, records = built
    save_to_disk(out, tmp_path / "hf")
    loaded = load_from_disk(str(tmp_path / "hf"))
    assert {s: len(loaded[s]) for s in SPLITS} == {s: len(records[s]) for s in SPLITS}
    assert loaded["train"][0]["messages"] == records["train"][0]["messages"]


def test_fact_checker_rejects_numbers_the_knowledge_base_does_not_hold(guide):
    checker = FactChecker(guide.kb, guide.index)
    assert checker.problems("본관(102번 건물)은 지상 5층 건물이에요.", ["b102"]) == []
    assert checker.problems("본관(103번 건물)은 지상 5층 건물이에요.", ["b102"])
    assert checker.problems("Main Building (본관, Building 102) has 9 floors.", ["b102"])
    assert checker.problems("성동03번 버스를 타세요.", ["b102"])
    good = guide.ask("무학중학교 가는 버스 알려줘").text
    assert checker.problems(good, ["mid_01"]) == []
    # A walk between two buildings is no fact (only walks from the gate are), so stating one is rejected.
    assert checker.problems("본관에서 박물관까지 걸어서 약 7분 걸려요.", ["b109", "b102"])
    pair = guide.ask("본관에서 신소재공학관까지 얼마나 걸려?")
    assert checker.problems(pair.text, pair.place_ids) == [], pair.text
    assert checker.problems(guide.ask("이마트 왕십리점 몇 층이야?").text, ["near_21"]) == []     # 2~3층
    assert checker.problems(guide.ask("왕십리역까지 얼마나 걸려?").text, ["stn_wangsimni"]) == []   # 13~14분


def test_splits_are_fixed_by_the_seed():
    keys = [f"p{i}" for i in range(50)]
    zones = {k: "campus" for k in keys}
    a = assign_splits(keys, zones, DatasetConfig(out_dir=None, seed=1))
    assert a == assign_splits(keys, zones, DatasetConfig(out_dir=None, seed=1))
    assert a != assign_splits(keys, zones, DatasetConfig(out_dir=None, seed=2))
    assert Counter(a.values()) == {"train": 40, "val": 5, "test": 5}


def test_template_particles_follow_the_word():
    assert fill("{n:은} 어디야?", {"n": "본관"}) == "본관은 어디야?"
    assert fill("{n:은} 어디야?", {"n": "한양플라자"}) == "한양플라자는 어디야?"
    assert fill("{n:과} {m}", {"n": "학생회관", "m": "본관"}) == "학생회관과 본관"


@pytest.mark.parametrize("args,message", [
    (["dataset", "build", "--out", "x", "--no-templates"], "nothing to build"),
    (["dataset", "build", "--out", "x", "--pairs", "missing.jsonl"], "missing.jsonl"),
    (["dataset", "build", "--offline", "--out", "x", "--variants", "fancy"], "variants"),
    (["dataset", "build", "--offline", "--out", "x", "--val", "0.6", "--test", "0.5"], "fractions"),
])
def test_cli_refuses_bad_arguments_with_a_clear_message(tmp_path, args, message):
    run = subprocess.run(["hyguide-train", *args], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 2 and message in run.stderr, run.stderr
    assert not (tmp_path / "x" / "train.jsonl").exists()


# ---------------------------------------------------------------- dataset check (grounded rows, grammar lint)
def _grounded_row(guide, question: str, place_ids: list[str], answer: str, language: str = "ko") -> dict:
    from hyguide_ros.guide.phrase.prompt import build_messages, grounding_facts
    facts = grounding_facts(guide.kb, guide.graph, place_ids, language)
    messages = build_messages(question, facts, language) + [{"role": "assistant", "content": answer}]
    return {"messages": messages, "meta": {"type": "basic", "variant": "grounded", "language": language}}


def test_the_built_dataset_passes_the_check_and_its_card_says_so(built, guide):
    from hyguide_train.dataset_check import check_dataset
    out, result, _ = built
    report = check_dataset(out, guide.kb, guide.index, progress=False)
    assert report.clean, report.examples
    assert sum(report.rows.values()) == sum(result.counts.values())
    assert "## Checked" in (out / "card.md").read_text(encoding="utf-8")


def test_check_refuses_an_invented_number_a_missing_neighbour_and_a_wrong_copula(guide, tmp_path):
    from hyguide_train.dataset_check import check_dataset, check_row
    plaza = "한양플라자는 105번 건물이에요."
    good = _grounded_row(guide, "한양플라자 어디야?", ["b105"], plaza)
    invented = _grounded_row(guide, "한양플라자 어디야?", ["b105"], "한양플라자는 106번 건물이에요.")
    # 백남학술정보관 is a true place of the KB, but not in this prompt: a model must not learn to add it
    neighbour = _grounded_row(guide, "한양플라자 어디야?", ["b105"], plaza + " 옆에 백남학술정보관(501번 건물)이 있어요.")
    copula = _grounded_row(guide, "한양플라자는 편의 장소이에요?", ["b105"], plaza)
    assert check_row(good, guide.kb, guide.index) == ([], [])
    assert "building 106 is not in the prompt" in check_row(invented, guide.kb, guide.index)[0]
    problems, _ = check_row(neighbour, guide.kb, guide.index)
    assert "place b501 is not in the prompt" in problems and "building 501 is not in the prompt" in problems
    assert check_row(copula, guide.kb, guide.index)[1] == ["'소이에요' should be '소예요'"]
    # A number takes the particle of how it is read: 105 (백오) -> 는, 101 (백일) -> 은
    assert check_row(_grounded_row(guide, "105은 어디야?", ["b105"], plaza), guide.kb, guide.index)[1] == \
        ["'105은' should be '105는'"]
    data = tmp_path / "data"
    data.mkdir()
    (data / "train.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False)
                                                for r in (good, invented, neighbour, copula)) + "\n", encoding="utf-8")
    report = check_dataset(data, guide.kb, guide.index, progress=False)
    assert not report.clean and report.rows["basic/grounded"] == 4
    assert report.ungrounded["basic/grounded"] == 2 and report.grammar["basic/grounded"] == 1
    run = subprocess.run(["hyguide-train", "dataset", "check", str(data), "--quiet"], capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    assert "| basic/grounded | 4 | 2 | 50.0% | 1 |" in run.stdout and "2 rows state a fact outside" in run.stdout


def test_the_prompt_holds_what_the_composed_answer_says(guide):
    """The gate's exit, a neighbour's number, a bus's stop exit, a walk's span: in the prompt's lines."""
    from hyguide_ros.guide.phrase.prompt import grounding_facts
    from hyguide_train.dataset_check import facts_stated, not_given
    for question in ("한양플라자 어디야?", "Where is Paiknam Library?", "왕십리역 어디야?", "소울스터디카페 어디야?",
                     "How many floors does Paiknam Library have?", "설약국 어떻게 가?"):
        answer = guide.ask(question, conversation_id=question)
        assert answer.grounded and not answer.abstained, question
        lines = grounding_facts(guide.kb, guide.graph, answer.place_ids, answer.language, answer.text, guide.index)
        assert not_given(answer.text, facts_stated(lines, guide.index), guide.index) == [], (question, lines)
