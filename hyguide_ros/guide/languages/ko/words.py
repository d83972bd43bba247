"""Korean words the understanding reads, as data: cue patterns (regular expressions, searched
case-insensitively) and word sets. Each name here has its English counterpart in ../en/words.py where
English has one; languages.cue() joins them. What people say per intent is intents.txt."""

# --- the transcript (understand/transcript.py) -----------------------------------------------------
FILLERS = {"어", "음", "으음", "어어", "음음", "아", "에", "저기", "저기요", "뭐지", "그러니까"}
# Counters a Sino-Korean number is read before: 관, 번 (건물/출구/버스/째), 층, 분, 호선, 미터, 킬로, 동.
BUILDING_COUNTERS = ("관", "호관", "동")     # a building number has three digits: "역 사관" is no number
NUMBER_COUNTER = r"(?:관|호관|번(?=\s*(?:건물|출구|버스|째|마을|$|\W))|층|분|호선|미터|킬로|동(?=\s*(?:건물|$|\W)|(?:이|은|을|에|에서|까지|으로|도|이야|이에요)(?:\s|$|\W)))"

# --- cues of the understanding (understand/understanding.py) ---------------------------------------
YES_NO = r"(?:이야|야|인가요|이에요|예요|입니까|맞아|맞나요|이니|인가|있어|있나요|있니|있습니까)\s*\??\s*$"
ASKS_WAY = r"어디|어떻게"                # "고시반 있는 기숙사 어디야?" is no yes/no question
STOP_AFTER = r"^\s*(?:'\s*)?(?:정류장|정거장|버스\s*정류장)"
NEAR_WORD = r"근처|주변|가까운|가까이|옆|쪽에|앞에\s*있는|건너편|맞은편"
HERE = r"여기|이곳|현재\s*위치|지금\s*위치"
PRONOUN = r"거기|그\s*(?:건물|곳|장소|식당|가게|데)|그곳|그쪽|거긴"
GOAL_WORDS = r"가려면|가는|까지"         # a goal besides the start: "X에서 Y 가려면"
THERE_START = r"거기\s*(?:에서|서|부터|(?:에\s*)?들렀다가|(?:에\s*)?들러서)|그\s*(?:건물|곳|장소|식당|가게|데|카페|역)\s*(?:에서|부터)"
THERE = r"거기|그곳"
SAYS_WHICH = r"\s*,?\s*(?:그|저)\s+"                      # "한양여대 그 식품영양관"
SAYS_START = r"(?:에서|부터)(?:\s|$)"                    # "there": its particle is mended like a name's ("거기 애서")
THERE_GOAL = r"거기\s*(?:까지|까진|로|으로)|그\s*(?:건물|곳|장소|식당|가게|데|카페|역)\s*(?:까지|까진|으로|로)"
# A speaker correcting the place they said ("한누리관 아니 아니 개나리관", "도서관 말고 박물관", "A 아 잠깐만 B");
# not "A 아니면 B".
REPAIR = (r"(?<![가-힣])(?:아니(?:\s*아니)*|아니고|아니다|(?<!뿐만 )아니라|말고|아니\s*그게\s*아니라|잠깐(?:만|만요)?"
          r"|미안(?:해요|합니다)?)(?![가-힣])")
# Repair words that correct only when a place follows them ("A 잠깐만 B", "A에서, 아 미안, B에서"; not "A 잠깐만요,
# 어디였더라")
REPAIR_BEFORE_PLACE = r"잠깐(?:만|만요)?|미안(?:해요|합니다)?"
NOT_THIS = {"말고", "아니고", "아니라"}         # repair words that say "not that one": what comes before is not meant
# A neighbourhood: 성수동, 행당동에서 (the stem in group "ko")
NEIGHBOURHOOD = r"(?<![가-힣])(?P<ko>[가-힣]{2,3})동(?=\s|$|에서|에|은|는|이|가|의|까지|쪽|으로|로)"
CAMPUS_START = r"(?:학교|캠퍼스)\s*(?:에서|부터)"
# A start said with its words, whatever they name: "(컨버전스 에듀케이션 빌딩)에서 ... 까지"
NAMED_START = r"((?:[0-9a-z가-힣]+\s+){0,2}[0-9a-z가-힣]+?)(?<!중)(?:에서부터|에서|으로부터|로부터|부터)(?=\s|$)"   # not "A 중에서" (among)
WING = r"[동서남북](?:관|별관|편\s*건물)|(?:제\s*\d+\s*|신\s*)?별관|신관"   # a wing or annex ("병원 북관", "제2별관")
CAMPUS_WORDS = {"학교", "캠퍼스"}
ANY_NEARBY = r"(?:근처|주변|가까운)\S*\s.*(?:있어|있나|있니|있을까|있습니까)"
FARTHER = r"더\s*멀|더\s*먼"

# Two places asked about together: "A과 B 간 거리" (A is the start), "A은 B이랑 얼마나 떨어져" (B is).
PAIR = r"(?:과|와|하고|이랑|랑)\s*$"
PAIR_AFTER = r"^\s*(?:과|와|하고|이랑|랑)(?:\s|$)"
TOPIC = r"^\s*(?:은|는)\s*$"
# A place said only to locate the next one: "왕십리역 근처에 매란방", "왕십리역 안에 있는 이마트".
LOCATOR = r"\s*(?:(?:근처|주변|안|앞|옆|쪽|역사\s*안)\s*(?:에)?\s*(?:있는)?|에\s*있는|의)?\s*"
# A place said where another is, then the other asked the way to ("행당시장 옆 탐앤탐스 어디야", "성동구청 앞에
# 있는 카페까지"; not "주변 교통 편리해?"): group 1 is the other, its particle dropped
ASKED_AFTER_PLACE = (r"\s*(?:(?:근처|주변|앞|옆|건너편|맞은편)\s*(?:에)?\s*(?:있는)?|에\s*있는)\s+([0-9a-z가-힣]+?)"
                     r"(?:(?:까지|으로|로)(?=\s|$|[?.!,])|(?:은|는|이|가|을|를|에)?\s*(?=어디|어떻게|가는|가려면|위치|찾|얼마나|몇))")

# A recogniser's vowel confusions and stray spaces inside the particles that give a place its role
# ("도서관에사", "국제관이서", "까자", "으루", "에 서") and spoken forms ("까정", "꺼정"), as (heard, meant); each the same length as what it replaces.
MISHEARD_PARTICLES = (
    (r"^(?:에사|애서|애사|이서|에수|에소|어서|에써|애써|에셔|예서|에세|애세|애소|엣서|에스|애섯|에섯|애선|에선)(?=$|[^가-힣]|부)", "에서"), (r"^[에애이어] [서사써스](?=$|[^가-힣]|부)", "에서 "), (r"^[까가카] [지찌쥐](?=$|[^가-힣])", "까지 "),
    (r"^(?:까자|까즈|까찌|까쥐|카지|가지|가찌|가치|까치|까정|꺼정|까장|꺼지|가쥐|꺼쥐|까주)(?=$|[^가-힣])", "까지"), (r"^(?:으루|어루|이로|으러|을로)(?=$|[^가-힣])", "으로"),
    (r"^(?:어로|이로|으루|어루)(?=부터)", "으로"),
    (r"^(?:부타|부텀|뿌터|부더|부테|뿌떠|부떠|보터|뽀터)(?=$|[^가-힣])", "부터"))
# 에서 heard as two words ("본관 에 서", "디자인관 에 스"): the first part (else the filler 에) and the second's
SPLIT_EOSEO = ({"에", "애"}, {"사", "써", "스"})
# A role particle written as a word of its own ("학생회관 까지", "본관 애서").
SPACED_PARTICLE = (r"^ ([에애이어] [서사써스]|에서|까지|부터|으로|에사|애서|애사|이서|에수|에소|에셔|예서|까자|까즈|까찌|까쥐|카지|가지|가찌|가치|까치|"
                   r"까정|꺼정|까장|꺼지|으루|어루|으러|부타|부텀|뿌터|부더|부테|뿌떠|부떠|보터|뽀터|에세|애세|애소|엣서|에스|가쥐|꺼쥐|애섯|에섯|애선|에선|까주)"
                   r"(?=$|[^가-힣])")
# What may follow a loanword of an English name ("빌딩까지", "스타디움에는", "홀이랑").
ENDING_AFTER_LOANWORD = (r"(?:(?:에서|까지|부터|으로|로|에)(?:는|도|은)?|은|는|이|가|을|를|의|도|이랑|랑|하고|과|와|이나|나|"
                         r"이야|야|이에요|예요|인데|만|쪽|이요|요)?")

# --- names we do not hold (understand/unknown_names.py) -------------------------------------------
# Words too generic to pick a place by a partial match.
GENERIC = {"건물", "어디", "어디야", "어디에", "위치", "학교", "대학", "대학교", "한양", "한양대", "한양대학", "한양대학교",
           "근처", "가는", "길", "알려줘", "알려", "있어", "있나요", "해줘", "어떻게", "얼마나", "걸려",
           "정류장", "정거장", "출구", "입구", "이름", "버스", "마을버스"}
CAMPUS_NAMES = {"한양대", "한양대학교"}            # a branch named after the campus ("한양대점")
# Kinds of place that end proper names ("경희대학교", "아산병원", "잠실역", "에버랜드"): such a word is the
# name of one place, not a question about the kind.
NAMED_SUFFIXES = ["대학교", "대학", "학교", "초등학교", "중학교", "고등학교", "병원", "의원", "역", "도서관", "공원", "시장",
                  "백화점", "호텔", "랜드", "타워", "성당", "교회", "박물관", "미술관", "경기장", "터미널", "아울렛", "몰", "궁"]
# Words before such a kind that do not make a name ("근처 병원", "가까운 역", "지하철역").
NOT_A_NAME = {"근처", "주변", "가까운", "제일", "가장", "우리", "이", "그", "저", "큰", "작은", "동네", "지하철", "전철",
              "기차", "버스", "대", "종합", "동물", "어느", "무슨", "어떤", "아무", "여기", "거기", "한양", "한양대",
              "캠퍼스", "서울캠퍼스", "서울", "학", "대학", "다른", "쇼핑", "대형", "사립", "공립", "국립",
              # adverbs said before a place: not names
              "다시", "지금", "혹시", "좀", "바로", "먼저", "그냥", "빨리", "더", "꼭", "같이", "혼자", "잠깐", "잠깐만",
              "잠깐만요", "아무튼", "하여튼", "맞다", "맞아", "아참", "참",        # "아 맞다 X": remembering, not a name
              "오늘", "내일", "이따", "얼른", "일단", "우선", "아까", "방금", "근데", "그럼", "그러면", "그리고", "또"}
# Particles: those that give a role; those that end a word glued to a name.
ROLE_PARTICLE_END = r"(?:에서|에게|까지|부터|으로|은|는|이|가|을|를|에|의|과|와|랑)$"
ENDS_WITH_PARTICLE = r"(?:에서|에|의|은|는|을|를|과|와|랑)$"
# Endings of a word that is no name: modifiers ("조용한", "맛있는", "가까운", "공부할"), verbs ("가려면"),
# directions ("왕십리쪽").
# (not 로지/리지: "테크놀로지", "칼리지" are loanwords, not a verb's 지)
NOT_BARE = (r"(?:는|한|운|은|인|던|된|긴|싼|큰|쁜|린|른|진|을|할|갈|볼|쉴|놀|려면|면|서|고|요|야|데|게|(?<![로리])지|나|"
            r"해|러|서|니|며|라|쪽|방면|방향)$")

# --- the LLM's prompt (phrase/prompt.py) ------------------------------------------------------------
PROMPT_INSTRUCTIONS = ("당신은 한양대학교 캠퍼스 안내 로봇입니다. 아래 사실만 사용해 두세 문장으로 답하세요. "
                       "사실에 없는 건물 번호, 층수, 시간, 경로는 말하지 말고, 모르면 모른다고 말하세요.")
PROMPT_HEADINGS = ("사실", "질문")

# --- transit questions (compose/transit.py) ----------------------------------------------------------
TRANSIT_GOAL = r"([가-힣A-Za-z0-9]+?)\s*(?:까지|에\s*가|으?로\s*가|\s가는|\s가려면|\s가려고|\s갈\s*때)"
NOT_A_GOAL = {"정류장", "버스", "지하철", "역", "출구", "거기", "여기", "그곳", "학교", "캠퍼스", "한양대", "환승",
              "걸어서", "걸어", "도보로", "그냥"}
# A name introduced as one ("엽떡이라는 가게") or said to be near a place ("후문 쪽에 엽떡 있다던데"); the name is
# group 1 or 2.
INTRODUCED_NAME = (r"([가-힣A-Za-z0-9]+?)(?:이)?라는\s*(?:곳|가게|식당|카페|데|집|건물)|"
                   r"(?:쪽|근처|앞|옆|주변)에\s+([가-힣A-Za-z0-9]+?)(?:이|가)?\s*있")
