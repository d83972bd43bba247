"""English words the understanding reads, as data: cue patterns (regular expressions, searched
case-insensitively) and word sets. Each name here has its Korean counterpart in ../ko/words.py where
Korean has one; languages.cue() joins them. What people say per intent is intents.txt."""

# --- the transcript (understand/transcript.py) -----------------------------------------------------
FILLERS = {"uh", "um", "uhm", "umm", "er", "erm", "hmm", "ah"}
# Words written short, as typed or transcribed ("Seongsu stn"): the word they stand for.
# Short forms and misspellings of words the rules read, as typed or transcribed, and the word meant.
SHORT_FORMS = {"stn": "station", "bldg": "building", "frm": "from", "frum": "from", "fron": "from", "hw": "how",
               "wher": "where", "whr": "where", "too the": "to the"}
# Words a number said in words follows or comes before ("building two eleven", "three floors").
NUMBER_KEYWORDS = r"building|bldg|hall|exit|line|gate|bus|number|no\.?"
NUMBER_UNITS = r"floors?|stor(?:e)?ys|minutes?"

JOINING = {"the", "of", "and"}        # loanwords that join words, not names (understand/mending.py)

# --- which language a question is in (languages/__init__.py) ---------------------------------------
FUNCTION_WORDS = r"\b(where|what|which|how|is|are|the|to|do|does|can|could|there|near|from|far|long|tell|me|i|it|a|an|of|get)\b"

# --- cues of the understanding (understand/understanding.py) ---------------------------------------
YES_NO = r"^(?:is|are|does|do)\b|is there|are there"
ASKS_WAY = r"\bwhere\b|\bhow\b"
STOP_AFTER = r"^\s*(?:'\s*)?(?:bus\s*stop|stop\b)"
# ("the cafe by Haengdang Market"; not "by bus", "by any chance")
NEAR_WORD = (r"near|nearby|around|close|next to|beside"
             r"|\bby\b(?!\s+(?:bus|subway|train|metro|taxi|foot|car|bike|bicycle|walking|the way|any chance))")
HERE = r"\bhere\b|where i am|current location"
PRONOUN = r"\bthere\b|\bit\b|that (?:building|place|one|station|shop|store)|the (?:building|place)"
GOAL_WORDS = r"to (?:the |a )?\w|get to|go to|reach"
THERE_START = r"\bfrom\s+there\b|\bfrom\s+(?:that|this)\s+(?:building|place|station|shop|store|one)\b"
THERE_GOAL = r"\b(?:get|go|walk)\s+there\b|\bto\s+there\b"
SAYS_WHICH = r"\s*,\s*(?:the\s+|that\s+)?|\s+(?:that|the)\s+"   # "the hospital, the east wing"
SAYS_START = r"\bfrom\b|\bstart(?:ing)?\s+(?:at|from)\b"       # a start said, its place named in part
# A speaker correcting the place they said ("the Student Union, sorry, the International Building").
SAID_NOT = r"\bnot\s+(?:the\s+)?$"       # a place said as not meant, right before it ("sorry, not the museum")
REPAIR = r"\b(?:sorry|i mean|i meant|no wait|oh wait|wait|or rather|rather|no no|actually no|scratch that|make that|correction)\b|,\s*no\s*,"
# A neighbourhood romanised: Majang-dong, Seongsudong (the stem in group "en")
NEIGHBOURHOOD = r"\b(?P<en>[a-z]{3,}?)\s*-?\s*dong\b"
CAMPUS_START = r"\bfrom\s+(?:the\s+)?(?:school|campus|university)\b"
# A start said with its words, whatever they name: "from (the Convergence Education Building) to ..."
NAMED_START = r"(?<!\bi'm )(?<!\bi am )(?<!\bwe're )(?<!\bare you )(?<!student )(?<!researcher )(?<!visitor )(?<!tourist )\b(?:from|starting at)\s+(?:the\s+)?((?:[0-9a-z'-]+\s*?){1,3}?)(?=\s*(?:$|[,?.!]|\s(?:to|and|how|on|by|if|is|in)\b))"
CAMPUS_WORDS = {"school", "campus", "university"}
ANY_NEARBY = r"\b(?:is there|are there|any)\b.*\b(?:near(?:by)?|around|close)\b"
FARTHER = r"farther|further"
# A question that opens with its start: "(um,) (from) (the) X to Y ..."
OPENS_WITH_START = r"^\W*(?:(?:so|ok|okay|and|from|the)\W+)*$"
TO_NEXT = r"\W*\s(?:to|->|→)\s+(?:the\s+)?"

# --- names we do not hold (understand/unknown_names.py) -------------------------------------------
# Words too generic to pick a place by a partial match.
GENERIC = {"building", "where", "what", "which", "there", "place", "hanyang", "university", "station", "the", "how",
           "far", "get", "long", "does", "take", "walk", "located", "is", "are", "buildings", "do", "to", "go", "can",
           "you", "me", "tell", "about", "of", "in", "it"}
CAMPUS_NAMES = {"hanyang", "hanyangdae", "univ", "university"}    # a branch named after the campus
NOT_A_LOCATION = {"station", "gate", "exit", "dong", "no", "the"}   # words of our stations' names no branch is named by
# Words a number follows that are no numbered name ("line 2", "building 105", "floor 3", "bus 2016").
NOT_NUMBERED = {"line", "building", "floor", "floors", "bus", "exit", "minutes", "minute", "number", "gate",
                "room", "station", "stop", "level", "is", "the", "to", "at", "of", "in", "on", "and", "about"}
# Words around a branch that are not its name ("the", "at", "of").
BRANCH_FILLER = {"main", "the", "a", "an", "at", "of", "in", "near", "where", "is", "s", "to", "how", "do", "i", "get",
                 "go", "branch", "store", "shop", "what", "about", "far", "which", "there", "it", "that", "this"}
# Kinds of place that end proper names ("Gangnam Station", "Asan Hospital"), and what else they are called.
NAMED_KINDS = ("university", "univ", "hospital", "station", "school", "library", "park", "market", "mall", "tower",
               "church", "hotel", "land", "museum", "stadium", "temple", "palace", "cathedral", "airport",
               "center", "terminal")
KIND_SYNONYMS = {"school": ("school", "college", "faculty", "department", "institute"),
                 "university": ("university", "college", "univ"), "univ": ("university", "college", "univ"),
                 "center": ("center", "centre", "hall", "building"), "hospital": ("hospital", "medical", "clinic"),
                 "museum": ("museum", "gallery"), "library": ("library", "archive")}
# Words after a brand that say what it is, not which ("the IBK bank branch", "the Paris Baguette store").
KIND_AFTER_NAME = r"branch|store|shop|outlet|bank|cafe|café|coffee|restaurant|bakery|mart"
# The thing asked for, near a place said next ("is there a (tous les jours) by"): group 1 the thing, 2 the locator.
ASKED_NEAR = (r"\b(?:is there|where(?:'s| is)?|find|get to|go to|way to|directions to|take me to|walk to)\s+(?:a|an|the)\s+"
              r"((?:[a-z'&-]+\s+){1,4}?)(by|near|at|in|around|inside|next to)\s+(?:the\s+)?$")
# Kinds that end another campus's name: what is "at" one is not ours ("the library at Yonsei University").
OTHER_CAMPUS = {"university", "univ", "college"}
# A name introduced as one ("a place called Menya"); group 1 is the name, as said.
INTRODUCED_NAME = r"\b(?:called|named)\s+([A-Z][\w'&-]*)"
# A part of a building said as its wing or annex ("the Hospital North Wing", "the new annex of Dormitory 1").
WING = (r"(?:north|south|east|west)(?:ern)?\s+(?:wing|building|hall|annex|tower|block)"
        r"|(?:(?:new|old|second|2nd|third|3rd)\s+)?annex|wing")       # ("the hospital wing": which one?)
WING_KINDS = {"wing", "building", "hall", "tower", "block"}      # what a wing is called, not which one
# Between a place and where it is ("the Lotte Mart at Wangsimni Station").
AT_PLACE = r"\s+(?:(?:over|right|just)\s+)?(?:at|in|near|by|inside|next to)\s+(?:the\s+)?"
# A place said to locate another, right before it ("Lotte Mart at Hangan Station").
LOCATOR_BEFORE = r"\b(?:at|near|in|by|next to|beside|inside|around)\s+(?:the\s+)?$"
# Words before a kind that do not make a name ("the nearest hospital").
NOT_A_NAME = {"the", "nearest", "closest", "nearby", "near", "any", "some", "good", "campus", "our", "this", "that",
              "subway", "metro", "train", "bus", "public", "main", "local", "big", "large", "small", "new", "old",
              "medical", "dental", "high", "middle", "elementary", "girls'", "girls", "women's", "hanyang",
              "university", "uni", "another", "other", "which", "what", "what's", "a", "an", "nice", "best", "cheap",
              "next", "first", "second", "closer", "there", "is", "are", "from", "to", "at", "by", "of", "in",
              "your", "my", "their", "children's", "theme", "amusement",
              "shopping", "coffee", "study", "walk", "far", "much", "many", "long", "private", "state",
              "historical", "history", "art", "arts", "science", "music", "sports", "student", "students",
              "central", "kids", "university's", "school's", "veterinary", "univ.", "univ", "where", "how",
              "do", "get", "i", "can"}

# --- the LLM's prompt (phrase/prompt.py) ------------------------------------------------------------
PROMPT_INSTRUCTIONS = ("You are the Hanyang University campus guide robot. Answer in two or three sentences using only "
                       "the facts below. Do not state a building number, floor count, time or route that is not in the "
                       "facts; if they do not answer the question, say you do not know. Give Korean names in parentheses.")
PROMPT_HEADINGS = ("Facts", "Question")

# --- transit questions (compose/transit.py) ----------------------------------------------------------
TRANSIT_GOAL = r"\b(?:to|for|reach|toward|towards)\s+(?:the\s+|a\s+)?([A-Za-z가-힣][\w'-]*)"
NOT_A_GOAL = {"get", "go", "take", "catch", "use", "ride", "bus", "buses", "stop", "subway", "station", "exit",
              "campus", "school", "university", "hanyang", "there", "here", "it", "walk", "transfer", "change"}
