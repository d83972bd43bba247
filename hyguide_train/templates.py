"""Question templates per zone, QA type and language (the offline, deterministic generator's input).

`{n}` is the place's name, `{m}` a second place (a neighbour, another building, the start of a
route), `{c}` a category word the guide understands. A particle after a colon is attached with
the right form for the word's last sound: `{n:은}` -> "본관은", "한양플라자는".
The seed's types are kept: campus basic/route/location/complex, off campus basic/route/transport/complex.
"""
from __future__ import annotations

# (zone group, type) -> language -> templates. "campus" covers campus buildings; "off" the near/mid places.
TEMPLATES: dict[tuple[str, str], dict[str, list[str]]] = {
    ("campus", "basic"): {
        "ko": ["{n} 어디야?", "{n} 어디 있어?", "{n:은} 어디에 있어요?", "{n} 위치 알려줘.", "{n} 어딨어?",
               "{n} 건물 번호가 뭐야?", "{n:은} 몇 번 건물이야?", "{n} 건물 번호 알려줘.", "{n:은} 몇 층이야?",
               "{n:은} 몇 층짜리 건물이에요?", "{n} 층수 알려줘.", "{n:은} 어떤 건물이야?", "{n:은} 무슨 용도의 건물이에요?",
               "{n}에는 뭐가 있어?", "{n} 특징이 뭐야?", "{n}에 어떤 시설이 있어요?", "{n:은} 어떤 곳이야?",
               "{n} 위치가 어디예요?", "{n:을} 찾고 있어요. 어디에 있나요?"],
        "en": ["Where is {n}?", "Where can I find {n}?", "Where is {n} located?", "Can you tell me where {n} is?",
               "What is the building number of {n}?", "Which building number is {n}?", "What number is {n}?",
               "How many floors does {n} have?", "How many stories is {n}?", "What kind of building is {n}?",
               "What type of building is {n}?", "What can I find in {n}?", "What facilities does {n} have?",
               "What are the features of {n}?", "I'm looking for {n}. Where is it?", "Where's {n}?"],
    },
    ("campus", "route"): {
        "ko": ["{n} 어떻게 가?", "{n} 가는 길 알려줘.", "예지문에서 {n}까지 어떻게 가요?", "{n}까지 얼마나 걸려?",
               "{n}까지 걸어서 몇 분이야?", "{m}에서 {n}까지 어떻게 가?", "{m}에서 {n} 가는 길 알려줘.",
               "{m}에서 {n}까지 얼마나 걸려요?", "{n} 가려면 어떻게 해야 해?", "{n} 찾아가는 방법 알려줘.",
               "{n}까지 가는 경로 알려줘.", "예지문에서 {n}까지 몇 분 걸려?", "{n}까지 길 좀 알려줄래?",
               "{m}에서 {n} 가려면 몇 분 걸려?", "{n}에 가고 싶어요. 어떻게 가요?"],
        "en": ["How do I get to {n}?", "How can I get to {n}?", "Can you give me directions to {n}?",
               "How long does it take to walk to {n}?", "How many minutes is it to {n}?",
               "How do I get from {m} to {n}?", "What is the way from {m} to {n}?",
               "How long does it take from {m} to {n}?", "What's the route to {n}?", "Take me to {n}.",
               "How far is {n} from Yeji Gate?", "How do I go to {n} from Yeji Gate?", "Guide me to {n}, please.",
               "How long is the walk from {m} to {n}?", "I want to go to {n}. How do I get there?"],
    },
    ("campus", "location"): {
        "ko": ["{n} 근처에 뭐 있어?", "{n} 주변에 어떤 건물 있어?", "{n} 옆에 뭐가 있어?", "{n:은} {m} 어느 쪽이야?",
               "{n:은} {m} 어느 방향에 있어?", "{n} 주변 건물 알려줘.", "{n} 근처 건물이 뭐야?", "{n} 주변에 뭐가 있어요?",
               "{n:은} {m}에서 어느 쪽에 있어요?", "{n} 옆 건물이 뭐예요?", "{n} 근처에 어떤 건물이 있나요?",
               "{n:은} {m} 어디쯤이야?"],
        "en": ["What is near {n}?", "What buildings are near {n}?", "What is next to {n}?",
               "Which direction is {n} from {m}?", "Where is {n} in relation to {m}?", "What's around {n}?",
               "Which buildings are close to {n}?", "What buildings are around {n}?",
               "Which way is {n} from {m}?", "Where is {n} relative to {m}?", "What is close to {n}?",
               "Which side of {m} is {n} on?"],
    },
    ("campus", "complex"): {
        "ko": ["{n:과} {m} 중에 어디가 더 가까워?", "{n:이} {m}보다 더 멀어?", "{n:과} {m} 중 어느 곳이 더 가까워요?",
               "{n:은} {c} 건물이야?", "{n:은} {c} 시설이에요?", "{n} 근처에 카페 있어?", "{n} 근처에 식당 있어?",
               "{n:이랑} {m} 중에 더 먼 곳은?", "{n} 주변에 편의점 있어?", "{m:이랑} {n} 중에 어디가 더 가까워?"],
        "en": ["Which is closer, {n} or {m}?", "Is {n} farther than {m}?", "Which is nearer: {n} or {m}?",
               "Is {n} a {c} building?", "Is {n} a {c} facility?", "Is there a cafe near {n}?",
               "Is there a restaurant near {n}?", "Which is farther, {n} or {m}?",
               "Is there a convenience store near {n}?", "Which one is closer, {m} or {n}?"],
    },
    ("off", "basic"): {
        "ko": ["{n} 어디야?", "{n} 어디 있어?", "{n:은} 어디에 있어요?", "{n} 위치 알려줘.", "{n:은} 어떤 곳이야?",
               "{n:은} 뭐 하는 곳이에요?", "{n:은} {c} 장소야?", "{n:은} 학교에서 멀어?", "{n} 어딨어?",
               "{n:을} 찾고 있어요. 어디에 있나요?"],
        "en": ["Where is {n}?", "Where can I find {n}?", "Where is {n} located?", "What kind of place is {n}?",
               "What is {n}?", "Is {n} a {c} place?", "Is {n} far from campus?", "Can you tell me where {n} is?",
               "I'm looking for {n}. Where is it?", "Where's {n}?"],
    },
    ("off", "route"): {
        "ko": ["{n} 어떻게 가?", "{n} 가는 길 알려줘.", "{n}까지 얼마나 걸려?", "{n}까지 걸어서 몇 분이야?",
               "예지문에서 {n}까지 어떻게 가요?", "{n} 가려면 어떻게 해야 해?", "{n}까지 가는 경로 알려줘.",
               "{n} 찾아가는 방법 알려줘.", "{n}까지 걸어갈 수 있어?", "{n}에 가고 싶어요. 어떻게 가요?"],
        "en": ["How do I get to {n}?", "How can I get to {n}?", "How long does it take to get to {n}?",
               "How far is {n}?", "Can you give me directions to {n}?", "What's the route to {n}?",
               "Can I walk to {n}?", "How many minutes is it to {n}?", "Take me to {n}.",
               "I want to go to {n}. How do I get there?"],
    },
    ("off", "transport"): {
        "ko": ["{n} 가는 버스 있어?", "{n} 버스로 어떻게 가?", "{n}까지 대중교통으로 어떻게 가요?", "{n} 몇 번 버스 타?",
               "{n} 지하철로 갈 수 있어?", "{n} 가려면 어디서 버스 타?", "{n}까지 버스 타고 가는 방법 알려줘.",
               "{n} 가는 교통편 알려줘.", "{n} 가려면 몇 번 출구로 나가?", "{n}까지 지하철 타고 가도 돼?"],
        "en": ["Is there a bus to {n}?", "Which bus goes to {n}?", "How do I get to {n} by public transport?",
               "Can I take the subway to {n}?", "Where do I catch the bus to {n}?", "How do I get to {n} by bus?",
               "What transit goes to {n}?", "Which exit should I take for {n}?", "Can I get to {n} by subway?",
               "What bus number goes to {n}?"],
    },
    ("off", "complex"): {
        "ko": ["{n:과} {m} 중에 어디가 더 가까워?", "{n:이} {m}보다 더 멀어?", "{n} 근처에 카페 있어?",
               "{n} 근처에 식당 있어?", "{n:은} {c} 장소 맞아?", "{m:이랑} {n} 중에 어디가 더 가까워?",
               "{n} 근처에 편의점 있어?", "{n:과} {m} 중 더 먼 곳은?"],
        "en": ["Which is closer, {n} or {m}?", "Is {n} farther than {m}?", "Is there a cafe near {n}?",
               "Is there a restaurant near {n}?", "Is {n} a {c} place?", "Which one is closer, {m} or {n}?",
               "Is there a convenience store near {n}?", "Which is farther, {n} or {m}?"],
    },
}

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
