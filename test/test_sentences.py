"""Sentence patterns with slots (guide/sentences.py, the [sentences] sections of guide/intents/*.txt):
the grammar itself, the guide reading every sentence the files expand to, and the training data's
template questions coming from the same patterns."""
import random
import re
from pathlib import Path

import pytest

from hyguide_ros.guide.memory import Conversation
from hyguide_ros.guide.understand.intents import INTENT_DATA, LANGUAGES_DIR, intents_file, load_intent_data
from hyguide_ros.guide.understand.sentences import SLOT_MARK, Grammar, SentenceError
from hyguide_ros.guide.understand.understanding import Understanding
from hyguide_ros.knowledge.spoken import josa

CATEGORY = re.compile("카페|cafe")


def test_alternatives_optionals_rules_and_particles():
    grammar = Grammar({"where_is": ["{place:은} <where>[요]?"], "route": ["(Take|Guide) me to {place}[, please]."]},
                      {"where": "(어디야|어디 있어)"}, CATEGORY)
    assert grammar.count(grammar.patterns["where_is"][0][1]) == 4
    assert sorted(grammar.sentences("where_is")) == ["{place:은} 어디 있어?", "{place:은} 어디 있어요?",
                                                     "{place:은} 어디야?", "{place:은} 어디야요?"]
    assert len(grammar.sentences("route", per_pattern=2)) == 2
    found = grammar.match(f"{SLOT_MARK}는 어디 있어요")
    assert found.intent == "where_is" and found.slots == ("place",)
    assert grammar.match(f"{SLOT_MARK}은어디있어") is not None           # spacing is free
    assert grammar.match(f"{SLOT_MARK}을 어디 있어") is None               # not the particle of the pattern
    assert grammar.match(f"guide me to the {SLOT_MARK} please").intent == "route"
    assert grammar.match(f"where is {SLOT_MARK}") is None                 # only whole sentences


def test_slots_say_which_place_is_which_whatever_their_order():
    grammar = Grammar({"walk_time": ["How far is {place} [from {start}]?", "From {start}, how far is {place}?"]},
                      {}, CATEGORY)
    assert grammar.match(f"how far is {SLOT_MARK} from {SLOT_MARK}").slots == ("place", "start")
    assert grammar.match(f"from {SLOT_MARK} how far is {SLOT_MARK}").slots == ("start", "place")
    assert grammar.match(f"how far is {SLOT_MARK}").slots == ("place",)


@pytest.mark.parametrize("pattern,message", [("{place} (어디야", "never closed"), ("{place} 어디야)", "closes nothing"),
                                             ("{town} 어디야", "unknown slot"), ("{place} <nowhere>", "unknown rule")])
def test_a_malformed_pattern_is_refused_with_the_reason(pattern, message):
    with pytest.raises(SentenceError, match=message):
        Grammar({"where_is": [pattern]}, {}, CATEGORY)


# Places that have every fact the intents ask about: a campus building with a number, floors and a
# neighbour (and a direction to it), and an off-campus place reached by bus.
BUILDING, NEIGHBOUR, START, BY_BUS = "b105", "b107", "b102", "mid_01"


def _places_for(intent: str) -> dict[str, str]:
    if intent == "transit":
        return {"place": BY_BUS, "start": BUILDING, "other": BUILDING}
    return {"place": BUILDING, "other": NEIGHBOUR, "start": START}


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_sentence_of_the_files_is_read_as_its_intent_with_its_places(guide, language):
    """As hassil's test sentences: each pattern's expansions, filled with places of the knowledge base,
    are understood as that pattern's intent, with the place, the start and the other place in their roles."""
    understanding = Understanding(guide.kb, guide.index)
    grammar = INTENT_DATA.grammars[language]
    wrong = []
    for intent in grammar.patterns:
        places = _places_for(intent)
        for sentence in grammar.sentences(intent, per_pattern=20):
            def fill(m: re.Match) -> str:
                if m.group(1) == "category":
                    return "카페" if language == "ko" else "cafe"
                name = guide.kb.get(places[m.group(1)]).name(language)
                return josa(name, m.group(2)) if m.group(2) else name
            question = re.sub(r"\{(\w+)(?::(\w+))?\}", fill, sentence)
            query = understanding.understand(question, Conversation(), language)
            expected = [places[s] for s in ("place", "other") if "{" + s in sentence]
            start = places["start"] if "{start" in sentence else None
            if query.intent != intent or query.place_ids[:len(expected)] != expected or query.origin_id != start:
                wrong.append((question, str(query.intent), query.place_ids, query.origin_id))
    assert not wrong, wrong[:10]


def _write(path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_sentence_added_to_a_file_is_understood(tmp_path):
    for language in ("ko", "en"):
        text = intents_file(LANGUAGES_DIR, language).read_text(encoding="utf-8")
        added = "{place} 몇 플로어(야|예요)?\n" if language == "ko" else "On which level is {place}?\n"
        _write(intents_file(tmp_path, language), text.replace("[sentences floors]\n", "[sentences floors]\n" + added))
    data = load_intent_data(tmp_path)
    assert data.match_sentence(f"{SLOT_MARK} 몇 플로어예요?").intent == "floors"
    assert data.match_sentence(f"On which level is {SLOT_MARK}?").intent == "floors"
    assert INTENT_DATA.match_sentence(f"{SLOT_MARK} 몇 플로어예요?") is None
    _write(intents_file(tmp_path, "ko"), text.replace("[rules]\n", "[rules]\nnot a rule\n"))
    with pytest.raises(ValueError, match="not 'name = pattern'"):
        load_intent_data(tmp_path)


def test_the_training_questions_are_sampled_from_the_same_sentences(guide):
    """The template generator cannot drift from the understanding: each of its questions fits a sentence
    pattern of an intent its QA type stands for."""
    from hyguide_train import templates as T
    rng = random.Random(3)
    for (group, qa_type), by_language in T.TEMPLATES.items():
        intents = set(T.TYPE_SENTENCES[(group, qa_type)])
        for language, templates in by_language.items():
            assert templates, (group, qa_type, language)
            for template in rng.sample(templates, min(8, len(templates))):
                slotted = re.sub(r"\{[nm](?::(\w+))?\}", lambda m: SLOT_MARK + (m.group(1) or ""), template)
                slotted = slotted.replace("{c}", "카페" if language == "ko" else "cafe")
                found = INTENT_DATA.match_sentence(slotted)
                assert found is not None and found.intent in intents, (template, found)


def test_role_cues_are_data_and_a_malformed_one_is_refused(tmp_path):
    roles = INTENT_DATA.roles
    assert roles.after_name("start", "(107)에서 본관") and roles.after_name("via", " 지나서 동해루")
    assert roles.before_name("start", "how do i get there from the ") and roles.before_name("goal", "exit to ")
    assert not roles.after_name("start", "까지 어떻게 가")
    for language in ("ko", "en"):
        text = intents_file(LANGUAGES_DIR, language).read_text(encoding="utf-8")
        _write(intents_file(tmp_path, language),
               text.replace("[roles]\n", "[roles]\nvia: {place}\\s*찍고\n" if language == "ko" else "[roles]\n"))
    assert load_intent_data(tmp_path).roles.after_name("via", " 찍고 동해루")
    _write(intents_file(tmp_path, "en"), text.replace("[roles]\n", "[roles]\nstart: from\n"))
    with pytest.raises(ValueError, match="with {place} at one end"):
        load_intent_data(tmp_path)


def _sentence_cases() -> list:
    import yaml
    cases = []
    for path in sorted((Path(__file__).parent / "data" / "sentences").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for row in data["tests"]:
            cases += [pytest.param(data["language"], sentence, row["intent"], id=f"{path.stem}:{sentence}")
                      for sentence in row["sentences"]]
    return cases


@pytest.mark.parametrize("language,sentence,expected", _sentence_cases())
def test_the_sentence_cases_of_each_language(guide, language, sentence, expected):
    """test/data/sentences/<language>.yaml: each sentence read as its intent, with its places in their slots."""
    query = guide._understanding.understand(sentence, Conversation())
    slots = expected.get("slots", {})
    assert query.language == language and query.intent == expected["name"], (sentence, query)
    if "place" in slots:
        assert query.place_ids[:1] == [slots["place"]], (sentence, query.place_ids)
    assert query.origin_id == slots.get("start"), (sentence, query.origin_id)
    if "category" in slots:
        assert slots["category"] in query.categories, (sentence, query.categories)
