"""What the voices are given to say: numbers, acronyms and names as a speaker of the language reads them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from hyguide_eval.seed import _load_messages
from hyguide_ros.engines import speech_rules_ko
from hyguide_ros.engines.speech_text import SpeechText, english_cardinal, native_reading, romanise, unspeakable
from hyguide_ros.knowledge import load_knowledge_base
from hyguide_ros.knowledge.spoken import josa

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed-data"
CASES = Path(__file__).parent / "data" / "speech_text_cases.tsv"

KOREAN = [
    ("105번 건물", "백오 번 건물"), ("3층", "삼 층"), ("지하 2층", "지하 이 층"), ("2분", "이 분"),
    ("1번 출구", "일 번 출구"), ("2호선", "이호선"), ("성동03", "성동 공삼"), ("650m", "육백오십 미터"),
    ("1.3km", "일 점 삼 킬로미터"), ("13~14분", "십삼에서 십사 분"), ("2~3층", "이삼 층"), ("2곳", "두 곳"),
    ("3개", "세 개"), ("CU", "씨유"), ("GS25", "지에스 이십오"), ("CGV", "씨지브이"), ("IT/BT관", "아이티 비티 관"),
    ("KB국민은행", "케이비 국민은행"), ("성동03-1번 버스", "성동 공삼 다시 일 번 버스"), ("2012번 버스", "이공일이 번 버스"),
    ("제1학생생활관", "제일학생생활관"), ("왕십리1호점", "왕십리 일 호점"), ("9개 층", "아홉 개 층"), ("1,200m", "천이백 미터"),
    ("20곳", "스무 곳"), ("분수대까지 10분", "분수대까지 십 분"), ("문화·레저·PC방", "문화 레저 피씨 방"),
    # a bracket is said in place, without a pause, and the particle after it agrees with what is now said before it
    ("행원파크(707번 건물)는 예지문(한양대역 2번 출구)에서 약 5분 거리예요.",
     "행원파크 칠백칠 번 건물은 예지문 한양대역 이 번 출구에서 약 오 분 거리예요."),
    ("옆에 백남학술정보관(501관), 옆에 사회과학관(504관)이 있어요.",
     "옆에 백남학술정보관 오백일 관, 옆에 사회과학관 오백사 관이 있어요."),
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


def _table_rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            language, written, said = line.split("\t")
            rows.append((language, written, said))
    return rows


@pytest.mark.parametrize("language,written,said", _table_rows())
def test_speech_text_table(speech_text, language, written, said):
    """test/data/speech_text_cases.tsv: ranges, clock times, decimals, units, floors, acronyms, brackets
    and particles after Latin words and digits, in both languages, each said exactly so."""
    assert speech_text(written, language) == said
    assert unspeakable(said, language) == []


def test_the_table_covers_both_languages():
    languages = [row[0] for row in _table_rows()]
    assert languages.count("ko") >= 40 and languages.count("en") >= 40 and len(languages) >= 80


def test_unspeakable_finds_what_the_voice_cannot_read():
    assert unspeakable("백오 번 건물이에요.", "ko") == []
    assert unspeakable("105번 CU", "ko") == ["105번", "CU"]
    assert unspeakable("Hanyang Plaza (한양플라자) 2", "en") == ["(한양플라자)", "2"]


@pytest.mark.parametrize("language,text,flagged", [
    ("ko", "열 시 10:30에 만나요.", ["10:30에"]), ("ko", "열:삼십", ["열:삼십"]), ("ko", "약 1.5 킬로미터", ["1.5"]),
    ("ko", "일.오 킬로미터", ["일.오"]), ("ko", "십삼~십사 분", ["십삼~십사"]), ("ko", "오십% 할인", ["오십%"]),
    ("ko", "아이티/비티 관", ["아이티/비티"]), ("ko", "지하 B1 층", ["B1"]), ("ko", "본관(백이 관)", ["본관(백이", "관)"]),
    ("ko", "오-육 분", ["오-육"]), ("ko", "ㅋㅋ 좋아요", ["ㅋㅋ"]), ("ko", "씨유; 지에스", ["씨유;"]),
    ("en", "at 10:30", ["10:30"]), ("en", "ten:thirty", ["ten:thirty"]), ("en", "about 1.5 km", ["1.5"]),
    ("en", "one.five", ["one.five"]), ("en", "fifteen~twenty minutes", ["fifteen~twenty"]),
    ("en", "fifty% off", ["fifty%"]), ("en", "I T/B T", ["T/B"]), ("en", "Yeji Gate 예지문", ["예지문"]),
    ("en", "a - b", ["-"]), ("en", "'quoted", ["'quoted"]), ("en", "R&D", ["R&D"]), ("en", "x; y", ["x;"]),
])
def test_unspeakable_flags_every_symbol_the_voice_cannot_say(language, text, flagged):
    assert unspeakable(text, language) == flagged


@pytest.mark.parametrize("language,said", [
    ("ko", "열 시 삼십 분에 만나요, 일 점 오 킬로미터예요. 정말요? 네!"),
    ("ko", "학생회관 백칠 관은 지하 일 층에 있어요."),
    ("en", "It is ten thirty, about one point five kilometres away. Really? Yes!"),
    ("en", "Free Wi-Fi at Hanyang Women's University, a fifteen minute walk from Muhak Girls' High School."),
])
def test_unspeakable_passes_text_a_voice_can_say(language, said):
    assert unspeakable(said, language) == []


# Particles a reader could leave standing alone after a name it rewrote (CU는 -> 씨유 는).
SEPARABLE_PARTICLES = {"은", "는", "이", "가", "을", "를", "과", "와", "로", "으로", "에", "에서", "의", "도", "만", "까지"}
# "이" alone is also the number two (이 번 출구, 약 이 분, 일 점 이 킬로미터): it is one when a counter or unit
# follows. The guide never writes the determiner 이 ("이 건물"), so "이" before anything else is a particle.
_COUNTER_WORDS = tuple(word for word in {*speech_rules_ko.NATIVE_COUNTERS, *speech_rules_ko.SINO_COUNTERS,
                                          *speech_rules_ko.UNIT_WORDS.values(), speech_rules_ko.DECIMAL_POINT}
                       if re.fullmatch("[가-힣]+", word))


def separated_particles(said: str) -> list[str]:
    """The tokens of `said` that are a particle standing alone, with the word before them."""
    tokens = [t.strip(",.?!") for t in said.split()]
    found = []
    for i, token in enumerate(tokens):
        if token not in SEPARABLE_PARTICLES:
            continue
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token == "이" and following.startswith(_COUNTER_WORDS):
            continue                                    # the number two before its counter
        found.append(f"{tokens[i - 1] if i else ''} {token}")
    return found


def test_separated_particles_are_found():
    assert separated_particles("텐즈 피씨 는 이 층에 있어요.") == ["피씨 는"]
    assert separated_particles("씨유 가 있고 한양대역 이 번 출구 앞, 약 이 분이에요.") == ["씨유 가"]
    assert separated_particles("성동 공삼 이 와요.") == ["공삼 이"]


# Written names with Latin letters or digits, and the particles of every pair after them.
_NAMES = ["CU", "ATM", "PC", "Wi-Fi", "ROTC", "Tenz PC", "GS25", "성동03", "2F", "B1", "3F", "10:00", "10:30",
          "1.5km", "50%", "2호선", "학생회관(107관)", "CU(편의점)"]
_PARTICLES = ["은", "이", "을", "과", "으로", "이에요", "에", "에서", "의", "도", "만", "까지", "에서는", "까지도"]


@pytest.mark.parametrize("name", _NAMES)
def test_a_particle_stays_on_its_word_in_the_form_the_spoken_word_takes(speech_text, name):
    for particle in _PARTICLES:
        written = josa(name, particle) + " 있어요."          # the form the writer chose for the written name
        said = speech_text(written, "ko")
        assert said == josa(speech_text(name, "ko"), particle) + " 있어요.", (written, said)
        assert not separated_particles(said) and not unspeakable(said, "ko"), (written, said)


def _assert_all_speakable(speech_text, replies: dict[str, set[str]]) -> dict[str, int]:
    """Every reply said with nothing a voice cannot read, and (Korean) no particle standing alone;
    gives how many replies were checked per language."""
    for language, texts in replies.items():
        said = {t: speech_text(t, language) for t in texts}
        left = {t: u for t, u in ((t, unspeakable(s, language)) for t, s in said.items()) if u}
        assert not left, (language, len(left), list(left.items())[:5])
        if language == "ko":
            alone = {t: p for t, p in ((t, separated_particles(s)) for t, s in said.items()) if p}
            assert not alone, (len(alone), list(alone.items())[:5])
    return {language: len(texts) for language, texts in replies.items()}


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
    # at least one reply of its own per place (where and how to get there are often one reply)
    assert all(len(texts) > len(guide.kb.places) for texts in replies.values()), {k: len(v) for k, v in replies.items()}
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
    checked = _assert_all_speakable(speech_text, replies)
    assert checked["ko"] > 1000 and checked["en"] > 1000
