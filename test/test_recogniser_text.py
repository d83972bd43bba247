"""Questions as a speech recogniser writes them: spoken numbers, confused spellings, Hangul acronyms,
fillers and repeats, names we do not know; and the noisy-question benchmark that measures them."""
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from hyguide_eval.noise import NOISE_KINDS, add_noise
from hyguide_ros.guide.phrase.key_facts import extract_facts
from hyguide_ros.guide.understand.transcript import clean_transcript
from hyguide_ros.knowledge.facts import Fact
from hyguide_ros.knowledge.spoken import (
    canonical_hangul,
    english_number,
    english_reading,
    sino_reading,
    sino_value,
    spoken_forms,
)

UNKNOWN_PLACES = Path(__file__).parent / "data" / "unknown_places.txt"


@pytest.mark.parametrize("heard, meant", [
    ("이백칠 관 어디야", "207관 어디야"), ("이백십이 관", "212관"), ("백오 번 건물", "105번 건물"),
    ("이 번 출구로 나가", "2번 출구로 나가"), ("삼 층이야?", "3층이야?"), ("오 분 걸려", "5분 걸려"),
    ("두 번째 기숙사", "2번째 기숙사"), ("성동 공삼 번 버스", "성동03번 버스"),
    ("where is building two oh one", "where is building 201"), ("building two eleven", "building 211"),
    ("where is six fourteen?", "where is 614?"), ("exit two", "exit 2"), ("line two", "line 2"),
    ("it has three floors", "it has 3 floors"),
    ("어 저기 한양플라자 어디야", "한양플라자 어디야"), ("uh um where where is the library", "where is the library"),
])
def test_spoken_numbers_fillers_and_repeats_are_made_plain(heard, meant):
    assert clean_transcript(heard) == meant


@pytest.mark.parametrize("said", ["이 건물 몇 층이야?", "이번에 갈게", "which one is closer", "one of the two buildings",
                                  "경 영관은 몇 층이야?", "역 사관 어디야", "Chul Chul Bori Bakery"])
def test_words_that_only_sound_like_numbers_or_repeats_stay(said):
    assert clean_transcript(said) == said


def test_a_name_that_doubles_a_word_keeps_it():
    assert clean_transcript("chul chul bori", frozenset({"chul"})) == "chul chul bori"


def test_numbers_read_and_parsed_both_ways():
    assert [sino_reading(n) for n in (207, 105, 25, 10, 1000)] == ["이백칠", "백오", "이십오", "십", "천"]
    assert [sino_value(w) for w in ("이백칠", "백오", "이공일", "공삼", "십")] == ["207", "105", "201", "03", "10"]
    assert sino_value("사과") is None
    assert [english_number(w.split()) for w in ("two eleven", "two oh one", "one hundred five", "twenty one")] == \
        ["211", "201", "105", "21"]
    assert [english_reading(n) for n in ("105", "614", "211", "2", "25")] == \
        ["one oh five", "six fourteen", "two eleven", "two", "twenty five"]


def test_confusable_spellings_are_one_and_acronyms_are_heard():
    assert canonical_hangul("국재관") == canonical_hangul("국제관")
    assert canonical_hangul("한양프라자") == canonical_hangul("한양플라자")
    assert canonical_hangul("쎈타") == canonical_hangul("센터")
    assert len(canonical_hangul("한양플라자 어디야")) == len("한양플라자 어디야")       # positions hold
    assert spoken_forms("GS25 왕십리점") == ["지에스25 왕십리점", "지에스이십오 왕십리점"]
    assert spoken_forms("IT/BT관") == ["아이티비티관"] and spoken_forms("본관") == []


@pytest.mark.parametrize("heard, place", [
    ("한양 프라자 어디야", "b105"), ("국재관 몇 층이야?", "b108"), ("이백칠 관 어디야", "b207"),
    ("where is building two oh one", "b201"), ("where is six fourteen", "b614"), ("아이티비티관 어디야", "b305"),
    ("씨유 현대테라스타워점 어디야", "mid_34"), ("어 음 도서관 몇 층이야", "b501"),
])
def test_recogniser_text_finds_the_place(guide, heard, place):
    answer = guide.ask(heard, "asr-" + heard)
    assert answer.place_ids[:1] == [place] and not answer.abstained, answer.text


def test_a_name_two_places_share_when_heard_asks_back(guide):
    answer = guide.ask("지에스 이십오 어디야", "asr-gs25")
    assert answer.asked_back and len(answer.place_ids) == 2


def test_places_we_do_not_know_are_never_answered_with_another(guide):
    questions = [q.strip() for q in UNKNOWN_PLACES.read_text(encoding="utf-8").splitlines()
                 if q.strip() and not q.startswith("#")]
    assert len(questions) == 100
    answered = []
    for question in questions:
        answer = guide.ask(question, "unknown-place")
        guide.reset("unknown-place")
        if not (answer.abstained or answer.asked_back):
            answered.append((question, answer.place_ids, answer.text[:60]))
    assert answered == []


def test_a_name_we_do_not_know_is_not_its_category(guide):
    answer = guide.ask("경희대학교 어떻게 가?", "kyunghee")
    assert answer.abstained and "무학" not in answer.text            # not "the nearest school"
    assert guide.ask("근처에 편의점 있어?", "store").intent == "category_near"   # a category alone still is one


@pytest.mark.parametrize("question", ["Is there a convenience store nearby?", "Is there a pharmacy near here?",
                                      "근처에 편의점 있어?"])
def test_any_place_of_a_kind_nearby_is_the_kind_not_one_name(guide, question):
    answer = guide.ask(question, "any-nearby")
    assert answer.intent == "category_near" and len(answer.place_ids) > 1


def test_ride_minutes_are_a_kind_of_their_own(guide):
    facts = extract_facts("버스를 타면 약 10분 걸려요. 정류장에서 내려서 걸어서 약 2분이에요.", guide.index)
    assert {Fact("trip_minutes", "10"), Fact("minutes", "2")} <= facts
    assert Fact("trip_minutes", "10") in extract_facts("It is about a 10-minute ride.", guide.index)
    assert Fact("minutes", "8") in extract_facts("It is an 8-minute walk.", guide.index)


def test_every_noise_kind_changes_a_question_it_applies_to_and_is_repeatable(guide):
    samples = {"spacing": "한양플라자 어디야?", "vowels": "국제관 몇 층이야?", "numerals": "105번 건물 어디야?",
               "loanwords": "IT/BT관은 몇 층이야?", "fillers": "Where is the library?", "plain": "Where is the library?",
               "particles": "본관에서 인문관까지 어떻게 가?", "english_hangul": "본관 어디야?"}
    assert set(samples) == set(NOISE_KINDS)
    for kind, question in samples.items():
        first = add_noise(kind, question, guide.index, random.Random(1))
        assert first and first != question, kind
        assert add_noise(kind, question, guide.index, random.Random(1)) == first
    assert add_noise("numerals", "Where is the library?", guide.index, random.Random(1)) is None
    assert add_noise("vowels", "Where is the library?", guide.index, random.Random(1)) is None
    assert add_noise("particles", "본관 어디야?", guide.index, random.Random(1)) is None
    assert add_noise("english_hangul", "본관 어디야?", guide.index, random.Random(1)) == "메인 빌딩 어디야?"
    with pytest.raises(ValueError, match="unknown noise kind"):
        add_noise("echo", "한양플라자 어디야?", guide.index, random.Random(1))


def test_eval_noise_reports_each_kind_next_to_the_clean_questions(tmp_path):
    qa = tmp_path / "qa.json"
    qa.write_text(json.dumps([
        {"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a}]} for q, a in [
            ("국제관 몇 층이야?", "국제관(108번 건물)은 6층 건물이에요."),
            ("105번 건물 어디야?", "한양플라자(105번 건물)는 예지문에서 걸어서 약 1분이에요."),
            ("How many floors does Building 108 have?", "The International Building (Building 108) has 6 floors.")]],
        ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "noisy.json"
    done = subprocess.run([sys.executable, "-m", "hyguide_eval.seed", f"tiny={qa}", "--noise", "all",
                           "--json-out", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = json.loads(out.read_text(encoding="utf-8"))["tiny"]
    assert set(rows) == set(NOISE_KINDS)
    assert rows["numerals"]["questions"] == 2 and rows["vowels"]["questions"] == 1
    for row in rows.values():
        assert row["questions"] == 0 or row["key_fact_recall"] >= row["clean_recall"] - 0.03
        assert row["new_wrong_place_rate"] == 0.0
    bad = subprocess.run([sys.executable, "-m", "hyguide_eval.seed", f"tiny={qa}", "--noise", "echo"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "unknown noise kind(s) echo" in bad.stderr


def test_a_stutter_on_a_word_of_our_names_is_dropped_even_capitalised(guide):
    """Whisper capitalises names: "Education Education Building" is a stutter (no name of ours doubles
    "Education"); "Chul Chul Bori Bakery" (no name of ours) keeps its doubled word."""
    cleaned = clean_transcript("Is the Early Childhood Education Education Building far from Aeji Aeji Gate?",
                               frozenset(), frozenset({"education", "aeji"}))
    assert cleaned == "Is the Early Childhood Education Building far from Aeji Gate?"
    assert clean_transcript("Chul Chul Bori Bakery", frozenset(), frozenset({"education"})) == "Chul Chul Bori Bakery"
    answer = guide.ask("uh um How do I get to the Early Childhood Education Education Building from Aeji Gate?", "st")
    guide.reset("st")
    assert answer.place_ids[0] == "b909"
