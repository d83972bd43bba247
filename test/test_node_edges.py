"""What a node takes from outside is checked at its edge: no message, request or parameter value can
end a node. Nodes run in this process on a private context; their real callbacks (as the executor
calls them) get generated messages, hypothesis drawing every field from its whole type."""
from __future__ import annotations

import math
import random
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
import rclpy
from builtin_interfaces.msg import Time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rclpy.parameter import Parameter
from std_msgs.msg import Bool, String

from hyguide_ros.engines.audio import read_wav
from hyguide_ros.msg import AudioChunk, GuideReply, SpeechSegment, Transcript, TurnLatency, VoiceActivity
from hyguide_ros.nodes.common import diagnostics, from_seconds
from hyguide_ros.srv import Ask

FUZZ = settings(max_examples=1000, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])

# Every field over its whole message type: NaN, infinities, huge and negative numbers, any text.
float32 = st.floats(width=32)
uint32 = st.integers(0, 2**32 - 1)
texts = st.text(max_size=40) | st.text(min_size=1990, max_size=2100) | st.sampled_from(["", "\x00", "\ufffd",
                                                                                         "한양플라자 어디야?"])
stamps = st.builds(Time, sec=st.integers(-2**31, 2**31 - 1), nanosec=uint32)
samples = st.lists(st.integers(-2**15, 2**15 - 1), max_size=2000)
MESSAGES = {
    Transcript: st.builds(Transcript, text=texts, language=st.text(max_size=12), is_final=st.booleans(),
                          turn_id=uint32, confidence=float32, speech_end_to_transcript_ms=float32, stamp=stamps),
    String: st.builds(String, data=texts),
    AudioChunk: st.builds(AudioChunk, turn_id=uint32, sequence=uint32,
                          sample_rate=st.sampled_from([0, 8000, 16000, 44100, 2**32 - 1]) | uint32,
                          channels=st.integers(0, 255), stamp=stamps, data=samples),
    Bool: st.builds(Bool, data=st.booleans()),
    SpeechSegment: st.builds(SpeechSegment, turn_id=uint32, duration_s=float32, truncated=st.booleans(),
                             start=stamps, end=stamps, sample_rate=st.sampled_from([16000, 0]) | uint32,
                             data=samples),
    VoiceActivity: st.builds(VoiceActivity, speaking=st.booleans(), probability=float32, turn_id=uint32,
                             stamp=stamps),
    GuideReply: st.builds(GuideReply, text=texts, spoken=texts, language=st.text(max_size=12), question=texts, turn_id=uint32,
                          sentence_index=uint32, is_final=st.booleans(), intent=st.text(max_size=20),
                          grounded=st.booleans(), stamp=stamps,
                          latency=st.builds(TurnLatency, turn_id=uint32, speech_end_to_transcript_ms=float32,
                                            guide_ms=float32, llm_ms=float32, llm_pieces=uint32,
                                            speech_end_to_first_audio_ms=float32,
                                            speech_end=stamps)),
}
ASK = st.builds(Ask.Request, question=texts, conversation_id=st.text(max_size=80) | st.just("c" * 1_000_000),
                language=st.text(max_size=12))


@contextmanager
def node_in_process(node_class, **params):
    """`node_class` in this process on a context of its own, with parameters as given on the command line."""
    context = rclpy.Context()
    args = ["--ros-args"] + [a for k, v in params.items() for a in ("-p", f"{k}:={v}")]
    rclpy.init(context=context, args=args, domain_id=random.randint(211, 230))
    node = node_class(context=context)
    try:
        yield node
    finally:
        close = getattr(node, "close", None)
        if close:
            close()
        node.destroy_node()
        rclpy.shutdown(context=context)


def _callbacks(node):
    return {sub.msg_type: sub.callback for sub in node.subscriptions}


def _fuzz_topics(node):
    """Each subscription's callback, as the executor calls it, with 1,000 generated messages."""
    for msg_type, callback in _callbacks(node).items():
        fed = []

        @FUZZ
        @given(msg=MESSAGES[msg_type])
        def feed(msg):
            fed.append(1)
            callback(msg)                     # must not raise, whatever the message holds
        feed()
        # Bool has two values, which hypothesis stops at; every other message type gets its thousand
        assert len(fed) >= (2 if msg_type is Bool else 1000), (msg_type.__name__, len(fed))


@pytest.fixture(scope="module")
def guide_node():
    from hyguide_ros.nodes.guide_node import GuideNode
    with node_in_process(GuideNode) as node:
        yield node


def _ask(node, question, conversation_id="", language=""):
    service = next(s for s in node.services if s.srv_type is Ask)
    return service.callback(Ask.Request(question=question, conversation_id=conversation_id, language=language),
                            Ask.Response())


def test_guide_callbacks_survive_any_message(guide_node):
    _fuzz_topics(guide_node)

    asked = []

    @FUZZ
    @given(request=ASK)
    def ask(request):
        asked.append(1)
        response = _ask(guide_node, request.question, request.conversation_id, request.language)
        assert response.ok or response.error
    ask()
    assert len(asked) >= 1000
    assert _ask(guide_node, "한양플라자 어디야?").ok                 # still answers
    assert len(guide_node.guide._memory._conversations) <= 1000       # bounded, however many ids came


def test_an_infinite_latency_is_rejected_and_counted(guide_node):
    before = guide_node.guard.rejected["asr/transcript"]
    _callbacks(guide_node)[Transcript](Transcript(text="Where is Building 105?", language="en", is_final=True,
                                                  turn_id=1, speech_end_to_transcript_ms=math.inf))
    assert guide_node.guard.rejected["asr/transcript"] == before + 1
    before = guide_node.guard.rejected["guide/query"]
    _callbacks(guide_node)[String](String(data="도서관\ufffd 어디야"))        # what invalid UTF-8 decodes to
    assert guide_node.guard.rejected["guide/query"] == before + 1
    status = diagnostics(guide_node, "guide", True, "ready", {}).status[0]
    assert {kv.key: kv.value for kv in status.values}["level"] == "OK"


def test_stamps_that_no_time_can_hold_are_errors():
    for seconds in (math.inf, -math.inf, math.nan, 1e16, -1.0):
        with pytest.raises(ValueError, match="no time a stamp can hold"):
            from_seconds(seconds)
    assert from_seconds(1.5) == Time(sec=1, nanosec=500_000_000)


@pytest.mark.parametrize("request_fields, reason", [
    ({"question": "a\x07b"}, "control characters"),
    ({"question": "한양플라자 어디야?", "conversation_id": "c" * 65}, "conversation_id is 65 characters"),
    ({"question": "x" * 3000}, "question is 3000 characters"),
    ({"question": "Where is Building 105?", "language": "fr"}, "unknown language"),
])
def test_bad_requests_get_the_reason(guide_node, request_fields, reason):
    response = _ask(guide_node, **request_fields)
    assert not response.ok and reason in response.error


def test_run_time_parameters_change_what_the_guide_does(guide_node):
    assert _ask(guide_node, "한양플라자 어디야?", "p1").answer.endswith("요.")
    assert guide_node.set_parameters([Parameter("style", value="casual")])[0].successful
    assert not _ask(guide_node, "한양플라자 어디야?", "p2").answer.endswith("요.")            # 반말 now
    assert guide_node.set_parameters([Parameter("language", value="en")])[0].successful
    assert "Hanyang Plaza" in _ask(guide_node, "한양플라자 어디야?", "p3").answer
    assert "nearest cafe to Paiknam Library" not in _ask(guide_node, "Is there a cafe nearby?", "p4").answer
    assert guide_node.set_parameters([Parameter("robot_location", value="b501")])[0].successful
    assert "nearest cafe to Paiknam Library" in _ask(guide_node, "Is there a cafe nearby?", "p5").answer
    assert guide_node.set_parameters([Parameter("memory_turns", value=2)])[0].successful
    for question in ("본관 어디야?", "국제관 어디야?", "도서관 어디야?"):
        _ask(guide_node, question, "p6")
    assert len(guide_node.guide._memory.get("p6").turns) == 2
    assert guide_node.set_parameters([Parameter("conversation_id", value="robot-2")])[0].successful
    assert guide_node._conversation == "robot-2"
    assert guide_node.set_parameters([Parameter("diagnostics_period_s", value=0.25)])[0].successful
    assert any(t.timer_period_ns == 250_000_000 for t in guide_node.timers)
    for name, value in [("style", "casual"), ("language", "auto"), ("robot_location", ""), ("style", "polite"),
                        ("memory_turns", 10), ("conversation_id", "default"), ("diagnostics_period_s", 1.0)]:
        assert guide_node.set_parameters([Parameter(name, value=value)])[0].successful


@pytest.mark.parametrize("name, value, reason", [
    ("style", "loud", "style must be polite or casual"),
    ("robot_location", "not_a_place", "not a place id"),
    ("memory_turns", 0, "memory_turns must be within 1..1000"),
    ("memory_turns", "ten", "memory_turns must be an integer"),
    ("knowledge_base", "/no/such/kb.json", "not found"),
    ("conversation_id", "c" * 100, "conversation_id must be 1..64"),
    ("diagnostics_period_s", 0.0, "within 0.1..3600"),
    ("diagnostics_period_s", -1.0, "within 0.1..3600"),
    ("llm.backend", "openai", "read-only"),
])
def test_invalid_parameter_values_are_refused_with_a_reason(guide_node, name, value, reason):
    result = guide_node.set_parameters([Parameter(name, value=value)])[0]
    assert not result.successful and reason in result.reason
    assert guide_node.guide.config.style == "polite"                  # nothing changed


def test_a_bad_start_parameter_stops_the_node_with_one_line(tmp_path):
    for params, says in [(["-p", "diagnostics_period_s:=0.0"], "diagnostics_period_s must be a number of seconds"),
                         (["-p", f"knowledge_base:={tmp_path}"], "is a directory")]:
        done = subprocess.run([sys.executable, shutil.which("guide_node"), "--ros-args", *params],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and says in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_vad_callbacks_survive_any_message():
    from hyguide_ros.nodes.vad_node import VadNode
    with node_in_process(VadNode) as node:
        _fuzz_topics(node)
        assert node.guard.total > 0                 # the impossible ones were counted, not raised


def test_asr_callbacks_survive_any_message(voice_models):
    from hyguide_ros.nodes.asr_node import AsrNode
    with node_in_process(AsrNode, model=str(voice_models.whisper), max_new_tokens=2) as node:
        _fuzz_topics(node)
        assert node.guard.total > 0


def test_tts_callbacks_survive_any_message(voice_models):
    from hyguide_ros.nodes.tts_node import TtsNode
    with node_in_process(TtsNode, **{"voices.ko": str(voice_models.voice_ko), "voices.en": str(voice_models.voice_en),
                                     "playback": "false", "barge_in": "true"}) as node:
        _fuzz_topics(node)
        assert node.guard.total > 0


def test_vad_thresholds_apply_at_run_time_or_are_refused():
    from hyguide_ros.nodes.vad_node import VadNode
    with node_in_process(VadNode) as node:
        assert node.set_parameters([Parameter("threshold", value=0.7)])[0].successful
        assert node.segmenter.config.threshold == 0.7 and node.segmenter.config.end_threshold == pytest.approx(0.55)
        for name, value, reason in [("threshold", 1.5, "threshold must be between 0 and 1"),
                                    ("neg_threshold", 0.9, "must be below threshold"),
                                    ("threshold", "high", "must be numbers"),
                                    ("min_speech_ms", 100, "read-only")]:
            result = node.set_parameters([Parameter(name, value=value)])[0]
            assert not result.successful and reason in result.reason, (name, result.reason)
        assert node.segmenter.config.threshold == 0.7


def test_tts_state_is_bounded_when_replies_never_end(voice_models):
    from hyguide_ros.nodes.tts_node import PENDING_TURNS, TtsNode
    with node_in_process(TtsNode, **{"voices.ko": str(voice_models.voice_ko), "voices.en": str(voice_models.voice_en),
                                     "playback": "false", "stream_sentences": "false"}) as node:
        on_reply = _callbacks(node)[GuideReply]
        for turn in range(1000):                  # first sentences of replies whose last never comes
            on_reply(GuideReply(text="네.", language="ko", turn_id=turn, is_final=False))
        assert len(node._pending) == PENDING_TURNS
        assert node.counts["dropped_replies"] == 1000 - PENDING_TURNS
        published = []
        node._diag_pub = type("Capture", (), {"publish": lambda self, msg: published.append(msg)})()
        node._publish_diagnostics()
        status = published[0].status[0]
        values = {kv.key: kv.value for kv in status.values}
        assert values["level"] == "WARN" and values["dropped_replies"] == str(1000 - PENDING_TURNS)
        assert status.message.startswith("dropping")


def test_tts_voices_change_at_run_time_or_are_refused(voice_models, tmp_path):
    from hyguide_ros.nodes.tts_node import TtsNode
    with node_in_process(TtsNode, **{"voices.ko": str(voice_models.voice_ko), "voices.en": str(voice_models.voice_en),
                                     "playback": "false"}) as node:
        before = node.synth
        other_ko = tmp_path / "other-ko.onnx"
        other_ko.write_bytes(voice_models.voice_ko.read_bytes())
        Path(f"{other_ko}.json").write_text(Path(f"{voice_models.voice_ko}.json").read_text())
        assert node.set_parameters([Parameter("voices.ko", value=str(other_ko))])[0].successful
        assert node.synth is not before and node.synth.describe()["ko"] == "piper:other-ko.onnx"
        loud = abs(node.synth.synthesize("네.", "ko").samples.astype(int)).max()
        assert node.set_parameters([Parameter("volume", value=0.5)])[0].successful
        assert abs(node.synth.synthesize("네.", "ko").samples.astype(int)).max() < 0.6 * loud     # said softer
        assert node.set_parameters([Parameter("length_scale", value=1.5)])[0].successful
        assert node.synth.config.length_scale == 1.5       # (the tests' voice has no durations to stretch)
        for name, value, reason in [("voices.ko", str(tmp_path / "missing.onnx"), "missing.onnx"),
                                    ("voices.ko", str(voice_models.voice_en), "cannot read 'ko'"),
                                    ("volume", 0.0, "within 0.1..10"), ("chunk_samples", 100, "read-only")]:
            result = node.set_parameters([Parameter(name, value=value)])[0]
            assert not result.successful and reason in result.reason, (name, result.reason)
        assert node.synth.config.voices["ko"] == str(other_ko)          # the refused changes did nothing
        assert node.set_parameters([Parameter("voices.ko", value="")])[0].successful       # -> the espeak-ng fallback
        assert node.synth.describe()["ko"] == "espeak-ng:ko"


def test_an_empty_wav_is_said_to_be_empty(tmp_path):
    import wave

    from hyguide_ros.nodes.audio_capture_node import AudioCaptureNode
    empty = tmp_path / "empty.wav"
    with wave.open(str(empty), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
    with node_in_process(AudioCaptureNode, source="wav", wav_path=str(empty), start_delay_s=600.0) as node:
        published = []
        node._diag_pub = type("Capture", (), {"publish": lambda self, msg: published.append(msg)})()
        node._publish_diagnostics()
        status = published[0].status[0]
        assert status.message == "the WAV file holds no audio"
        assert {kv.key: kv.value for kv in status.values}["level"] == "WARN"


def test_run_time_knowledge_base_and_vad_threshold_change_behaviour(guide_node, voice_models, tmp_path):
    import json

    from hyguide_ros.engines.audio import WavSource
    from hyguide_ros.knowledge import DEFAULT_KB_PATH
    from hyguide_ros.nodes.vad_node import VadNode

    kb = json.loads(DEFAULT_KB_PATH.read_text(encoding="utf-8"))
    next(p for p in kb["places"] if p["id"] == "b105")["aliases"].append("누리별마당")
    edited = tmp_path / "kb.json"
    edited.write_text(json.dumps(kb, ensure_ascii=False), encoding="utf-8")
    assert "105" not in _ask(guide_node, "누리별마당 어디야?", "kb1").answer
    assert guide_node.set_parameters([Parameter("knowledge_base", value=str(edited))])[0].successful
    assert "105" in _ask(guide_node, "누리별마당 어디야?", "kb2").answer            # the new KB answers
    assert guide_node.set_parameters([Parameter("knowledge_base", value="")])[0].successful

    def segments_heard(threshold: float, neg_threshold: float = -1.0) -> int:
        with node_in_process(VadNode) as vad:
            assert vad.set_parameters([Parameter("threshold", value=threshold),
                                       Parameter("neg_threshold", value=neg_threshold)])[0].successful
            on_audio = _callbacks(vad)[AudioChunk]
            for i, chunk in enumerate(WavSource(voice_models.question_ko, realtime=False, tail_silence_s=1.0)):
                on_audio(AudioChunk(sequence=i, sample_rate=16000, channels=1, data=chunk.tolist()))
            return vad.counts["segments"]
    assert segments_heard(0.5) == 1 and segments_heard(0.99999) == 0        # the same speech, heard or not
    assert segments_heard(0.5, neg_threshold=1e-9) == 0                       # ... or never ending


def test_tts_gives_korean_to_espeak_ng_when_no_korean_piper_voice_is_set(voice_models, tmp_path):
    from hyguide_ros.msg import GuideReply
    from hyguide_ros.nodes.tts_node import TtsNode
    said = tmp_path / "said.wav"
    with node_in_process(TtsNode, **{"voices.ko": '""', "voices.en": str(voice_models.voice_en), "playback": "false",
                                     "output_wav": str(said)}) as node:
        node._on_reply(GuideReply(text="한양플라자는 105번 건물이에요.", language="ko", turn_id=1, is_final=True))
        published = []
        node._diag_pub = type("Diagnostics", (), {"publish": lambda self, msg: published.append(msg)})()
        node._publish_diagnostics()
    values = {kv.key: kv.value for kv in published[0].status[0].values}
    assert values["voice.ko"] == "espeak-ng:ko" and values["voice.en"] == "piper:en.onnx"
    assert values["sentences"] == "1" and values["no_voice"] == "0"
    samples, rate, _ = read_wav(said)
    assert rate == 22050 and samples.size > rate and abs(samples.astype(int)).max() > 1000


def test_tts_never_gives_korean_to_another_languages_voice(voice_models, tmp_path):
    from hyguide_ros.msg import GuideReply
    from hyguide_ros.nodes.tts_node import TtsNode
    said = tmp_path / "said.wav"
    with node_in_process(TtsNode, **{"voices.ko": '""', "fallback_voices.ko": '""', "playback": "false",
                                     "voices.en": str(voice_models.voice_en), "output_wav": str(said)}) as node:
        node._on_reply(GuideReply(text="안녕하세요.", language="ko", turn_id=1, is_final=True))
        published = []
        node._diag_pub = type("Diagnostics", (), {"publish": lambda self, msg: published.append(msg)})()
        node._publish_diagnostics()
    status = published[0].status[0]
    values = {kv.key: kv.value for kv in status.values}
    assert "voice.ko" not in values and values["no_voice"] == "1" and values["level"] == "WARN"
    assert status.message == "no voice for 1 sentences"
    assert not said.exists() or read_wav(said)[0].size == 0           # nothing was said


def test_a_second_ctrl_c_while_waiting_for_the_shutdown_is_that_shutdown(monkeypatch):
    """A Ctrl-C inside a message's conversion comes out as an error; the node then waits for rclpy to
    shut the context down, and the second SIGINT that launch forwards may land in that wait (it ended
    the guide with a traceback under load): it is the shutdown asked for, not an error."""
    from hyguide_ros.nodes import common

    class Running:
        def ok(self) -> bool:
            return True

    def interrupted(_seconds: float) -> None:
        raise KeyboardInterrupt
    monkeypatch.setattr(common.time, "sleep", interrupted)
    assert common._context_shuts_down(Running()) is True
    monkeypatch.setattr(common.time, "sleep", lambda _s: None)
    assert common._context_shuts_down(Running(), within_s=0.01) is False      # an error that is no shutdown
