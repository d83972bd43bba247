"""What the voices are given to say: numbers, acronyms and names as a speaker of the language reads them."""
from __future__ import annotations

from pathlib import Path

import pytest

from hyguide_ros.cli import _load_messages
from hyguide_ros.engines.speech_text import SpeechText, english_cardinal, native_reading, romanise, unspeakable
from hyguide_ros.knowledge import load_knowledge_base

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed-data"

KOREAN = [
    ("105번 건물", "백오 번 건물"), ("3층", "삼 층"), ("지하 2층", "지하 이 층"), ("2분", "이 분"),
    ("1번 출구", "일 번 출구"), ("2호선", "이 호선"), ("성동03", "성동 공삼"), ("650m", "육백오십 미터"),
    ("1.3km", "일 점 삼 킬로미터"), ("13~14분", "십삼에서 십사 분"), ("2~3층", "이삼 층"), ("2곳", "두 곳"),
    ("3개", "세 개"), ("CU", "씨유"), ("GS25", "지에스 이십오"), ("CGV", "씨지브이"), ("IT/BT관", "아이티 비티 관"),
    ("KB국민은행", "케이비 국민은행"), ("성동03-1번 버스", "성동 공삼 다시 일 번 버스"), ("2012번 버스", "이공일이 번 버스"),
    ("제1학생생활관", "제일학생생활관"), ("왕십리1호점", "왕십리 일 호점"), ("9개 층", "아홉 개 층"), ("1,200m", "천이백 미터"),
    ("20곳", "스무 곳"), ("분수대까지 10분", "분수대까지 십 분"), ("문화·레저·PC방", "문화 레저 피씨 방"),
    # a bracket is a pause, and the particle after it agrees with what is now said before it
    ("행원파크(707번 건물)는 예지문(한양대역 2번 출구)에서 약 5분 거리예요.",
     "행원파크, 칠백칠 번 건물은 예지문, 한양대역 이 번 출구에서 약 오 분 거리예요."),
    ("옆에 백남학술정보관(501관), 옆에 사회과학관(504관)이 있어요.",
     "옆에 백남학술정보관, 오백일 관, 옆에 사회과학관, 오백사 관이 있어요."),
]
ENGLISH = [
    ("Building 105", "Building one oh five"), ("Exit 2", "Exit two"), ("Line 2", "Line two"),
    ("It takes 13-14 minutes.", "It takes thirteen to fourteen minutes."),
    ("about 1.3 km from here", "about one point three kilometres from here"),
    ("650 m straight", "six hundred fifty metres straight"), ("the 2nd and 3rd floors", "the second and third floors"),
    ("a 9-minute walk", "a nine minute walk"), ("Law School Building II", "Law School Building two"),
    ("The building number is 109.", "The building number is one oh nine."),
    ("Take bus 2012 or Seongdong 03-1.", "Take bus two oh one two or Seongdong oh three dash one."),
    ("Yeji Gate (예지문), Exit 2 of Hanyang Univ. Station (한양대역)",
     "Yeji Gate, Exit two of Hanyang University Station"),
    ("Dormitory 7 (제7학생생활관, Building 810) is near.", "Dormitory seven, Building eight ten, is near."),
]


@pytest.fixture(scope="module")
def speech_text() -> SpeechText:
    return SpeechText.from_knowledge_base(load_knowledge_base())


@pytest.mark.parametrize("written,said", KOREAN)
def test_korean_is_said_as_a_korean_speaker_reads_it(speech_text, written, said):
    assert speech_text(written, "ko") == said
    assert not unspeakable(speech_text(written, "ko"), "ko")


@pytest.mark.parametrize("written,said", ENGLISH)
def test_english_is_said_in_words(speech_text, written, said):
    assert speech_text(written, "en") == said


def test_korean_names_in_english_are_said_by_their_english_names_or_romanised(speech_text):
    assert speech_text("Go to '한양플라자'.", "en") == "Go to Hanyang Plaza."         # the KB's English name
    assert speech_text("It is near 무지개식당.", "en") == "It is near Mujigaesikdang."     # not in the KB: romanised
    assert romanise("예지문") == "Yejimun"


def test_number_readings():
    assert [native_reading(n) for n in (1, 2, 3, 4, 10, 20, 21, 33)] == \
        ["한", "두", "세", "네", "열", "스무", "스물한", "서른세"]
    assert english_cardinal(650) == "six hundred fifty" and english_cardinal(2024) == "two thousand twenty four"


def test_unspeakable_finds_what_the_voice_cannot_read():
    assert unspeakable("백오 번 건물이에요.", "ko") == []
    assert unspeakable("105번 CU", "ko") == ["105번", "CU"]
    assert unspeakable("Hanyang Plaza (한양플라자) 2", "en") == ["(한양플라자)", "2"]


def _assert_all_speakable(speech_text, replies: dict[str, set[str]]) -> None:
    for language, texts in replies.items():
        left = {t: unspeakable(speech_text(t, language), language) for t in texts}
        left = {t: u for t, u in left.items() if u}
        assert not left, (language, len(left), list(left.items())[:5])


def test_every_reply_about_every_place_is_speakable(speech_text, guide):
    """The guide's replies to where/how-far questions about all KB places, both languages."""
    replies: dict[str, set[str]] = {"ko": set(), "en": set()}
    for place in guide.kb.places.values():
        for language, questions in (("ko", ("{} 어디야?", "{}까지 얼마나 걸려?", "{} 몇 층이야?")),
                                    ("en", ("Where is {}?", "How do I get to {}?"))):
            for question in questions:
                replies[language].add(guide.ask(question.format(place.name(language)), "speak",
                                                language=language).text)
                guide.reset("speak")
    assert len(replies["ko"]) > 300 and len(replies["en"]) > 300
    _assert_all_speakable(speech_text, replies)


@pytest.mark.skipif(not SEED.is_dir(), reason="../shared/seed-data is not beside this checkout")
def test_every_reply_to_the_seeds_questions_is_speakable(speech_text, guide):
    replies: dict[str, set[str]] = {"ko": set(), "en": set()}
    for name in ("train_data_in_messages.json", "train_data_1km_messages.json", "train_data_2km_messages.json"):
        for question, _ in _load_messages(SEED / name):          # the questions `make eval` asks
            answer = guide.ask(question, "seed-speak")
            guide.reset("seed-speak")
            replies[answer.language].add(answer.text)
    assert len(replies["ko"]) > 1000
    _assert_all_speakable(speech_text, replies)
