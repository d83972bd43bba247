"""Question templates per zone, QA type and language (the offline, deterministic generator's input).

The questions are sampled from the guide's own sentence patterns (`hyguide_ros/guide/intents/`), so
the generator asks what the guide's understanding reads. `{n}` is the place's name, `{m}` a second
place (a neighbour, another building, the start of a route), `{c}` a category word the guide
understands. A particle after a colon is attached with the right form for the word's last sound:
`{n:은}` -> "본관은", "한양플라자는". The seed's types are kept: campus basic/route/location/complex,
off campus basic/route/transport/complex.
"""
from __future__ import annotations

import re

from hyguide_ros.guide.languages import LANGUAGES
from hyguide_ros.guide.understand.intents import INTENT_DATA

# (zone group, type) -> the intents whose sentence patterns make its questions. Building numbers and
# floors are asked of campus buildings only.
TYPE_SENTENCES: dict[tuple[str, str], tuple[str, ...]] = {
    ("campus", "basic"): ("where_is", "building_number", "floors", "category", "features"),
    ("campus", "route"): ("route", "walk_time"),
    ("campus", "location"): ("nearby", "relation"),
    ("campus", "complex"): ("closer", "yes_no_category", "category_near"),
    ("off", "basic"): ("where_is", "category", "yes_no_category"),
    ("off", "route"): ("route", "walk_time"),
    ("off", "transport"): ("transit",),
    ("off", "complex"): ("closer", "category_near"),
}
SENTENCES_PER_PATTERN = 6      # samples of a pattern with many expansions (all of a smaller one)
# The sentence files' slots -> this generator's: the place asked about, a second place, a category word.
_SLOT_LETTERS = {"place": "n", "other": "m", "start": "m", "category": "c"}
_SLOT = re.compile(r"\{(place|other|start|category)(:\w+)?\}")


def sentence_templates(group: str, qa_type: str, language: str) -> list[str]:
    """The questions of one type, sampled from the guide's own sentence patterns (guide/intents/<language>.txt),
    with `{n}` for the place, `{m}` for a second place and `{c}` for a category word."""
    grammar = INTENT_DATA.grammars[language]
    out = []
    for intent in TYPE_SENTENCES[(group, qa_type)]:
        for sentence in grammar.sentences(intent, per_pattern=SENTENCES_PER_PATTERN):
            if "{place" in sentence:        # a question about no place makes no pair about this one
                out.append(_SLOT.sub(lambda m: "{" + _SLOT_LETTERS[m.group(1)] + (m.group(2) or "") + "}", sentence))
    return out


TEMPLATES: dict[tuple[str, str], dict[str, list[str]]] = {
    key: {language: sentence_templates(*key, language) for language in LANGUAGES} for key in TYPE_SENTENCES}

# Default counts per place and language (the seed's: 40 per building in four types; off campus 30).
DEFAULT_COUNTS: dict[str, dict[str, int]] = {
    "campus": {"basic": 10, "route": 12, "location": 10, "complex": 8},
    "off": {"basic": 8, "route": 8, "transport": 8, "complex": 6},
    "other": {"basic": 6, "route": 4},      # gates, stations, landmarks: fewer, still both languages
}

# Follow-up questions that use "there": the second turn of a multi-turn pair.
FOLLOW_UPS = {
    "ko": ["거기 몇 층이야?", "거기까지 얼마나 걸려?", "거기 근처에 뭐 있어?", "거기 건물 번호가 뭐야?", "거기 어떻게 가?"],
    "en": ["How many floors does it have?", "How long does it take to get there?", "What is near there?",
           "What is the building number there?", "How do I get there?"],
}
OFF_FOLLOW_UPS = {
    "ko": ["거기 어떻게 가?", "거기까지 얼마나 걸려?", "거기 가는 버스 있어?"],
    "en": ["How do I get there?", "How long does it take to get there?", "Is there a bus to there?"],
}

# Abstention questions: places that are not in the knowledge base, and facts it does not hold.
UNKNOWN_PLACES = {
    "ko": ["우주과학관", "해양연구소", "천문대", "제9공학관", "실내수영장", "한양타워", "미술관 별관", "국제기숙사 C동",
           "스카이라운지", "로봇연구동", "왕십리 수족관", "성동 천문과학관", "한양 골프연습장", "제4학생회관",
           "음향연구동", "드론센터"],
    "en": ["Space Science Hall", "Ocean Research Institute", "Observatory Tower", "Engineering Building Nine",
           "Indoor Swimming Pool", "Hanyang Tower", "Art Museum Annex", "Sky Lounge", "Robot Research Wing",
           "Wangsimni Aquarium", "Golf Practice Range", "Fourth Student Union", "Drone Center", "Acoustics Lab Wing",
           "Planetarium Hall", "Ice Rink"],
}
UNKNOWN_PLACE_QUESTIONS = {
    "ko": ["{n} 어디야?", "{n} 어떻게 가?", "{n}까지 얼마나 걸려?"],
    "en": ["Where is the {n}?", "How do I get to the {n}?", "How long does it take to walk to the {n}?"],
}
UNSUPPORTED_FACT_QUESTIONS = {
    "ko": ["{n} 운영시간이 어떻게 돼?", "{n} 전화번호 알려줘.", "{n} 와이파이 비밀번호 뭐야?", "{n} 화장실 어디야?",
           "{n} 몇 시에 문 닫아?", "{n} 메뉴 가격이 얼마야?"],
    "en": ["What are the opening hours of {n}?", "What is the phone number of {n}?", "Is there wifi in {n}?",
           "Where is the restroom in {n}?", "What time does {n} close?", "How much is the menu at {n}?"],
}

# Category words for yes/no questions, per knowledge-base category key (words the guide understands).
CATEGORY_WORDS = {
    "medical": {"ko": "의료", "en": "medical"}, "education": {"ko": "교육", "en": "teaching"},
    "dormitory": {"ko": "기숙사", "en": "dormitory"}, "research": {"ko": "연구", "en": "research"},
    "administration": {"ko": "행정", "en": "administrative"}, "culture": {"ko": "문화", "en": "museum"},
    "sports": {"ko": "체육", "en": "sports"}, "restaurant": {"ko": "식당", "en": "restaurant"},
    "cafe": {"ko": "카페", "en": "cafe"}, "school": {"ko": "학교", "en": "school"},
    "store": {"ko": "편의점", "en": "convenience store"}, "pharmacy": {"ko": "약국", "en": "pharmacy"},
    "bank": {"ko": "은행", "en": "bank"}, "clinic": {"ko": "의원", "en": "clinic"},
    "cinema": {"ko": "영화관", "en": "cinema"}, "fitness": {"ko": "헬스", "en": "fitness"},
    "shopping": {"ko": "쇼핑", "en": "shopping"}, "library": {"ko": "도서관", "en": "library"},
}
