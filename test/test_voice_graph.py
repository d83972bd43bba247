"""The whole voice graph as separate processes (and composed in one), over Fast DDS on a private
domain, localhost only: WAV in -> segment -> transcript -> reply -> audio out; typed questions; bad input."""
from __future__ import annotations

import array
import os
import random
import time

import pytest
from diagnostic_msgs.msg import DiagnosticArray
from std_msgs.msg import Bool, String

from hyguide_eval.ros_probe import RosProbe
from hyguide_ros.engines.audio import read_wav
from hyguide_ros.launcher import Graph, GraphOptions
from hyguide_ros.msg import AudioChunk, GuideReply, SpeechSegment, Transcript, TurnLatency, VoiceActivity

NS = "/hyguide_voice_test"
TOPICS = {"vad/segment": SpeechSegment, "asr/transcript": Transcript, "guide/reply": GuideReply,
          "tts/audio": AudioChunk, "tts/speaking": Bool, "turn/latency": TurnLatency, "/diagnostics": DiagnosticArray}


class Probe(RosProbe):
    """The shared probe (hyguide_eval.ros_probe) on the graph's domain: every topic recorded, the graph's
    inputs to publish, and what a node last said in /diagnostics."""

    def __init__(self, domain: int):
        super().__init__("voice_test_probe", NS, domain)
        for topic, kind in TOPICS.items():
            self.record(kind, topic)
        self.query = self.publisher(String, "guide/query")
        self.audio = self.publisher(AudioChunk, "audio/raw", 100)

    def wait(self, condition, timeout: float, what: str, graph: Graph | None = None):
        self.spin_until(condition, timeout, what, (lambda: f"exited {graph.exited()}") if graph else None)

    def diagnostic(self, name: str, key: str) -> str | None:
        for array_msg in reversed(self.seen["/diagnostics"]):
            for status in array_msg.status:
                if status.name == f"hyguide: {name}":
                    return {kv.key: kv.value for kv in status.values}.get(key)
        return None


def graph_options(voice_models, tmp_path, **audio) -> GraphOptions:
    o = GraphOptions(namespace=NS, log_level="info")
    o.set("audio_capture", "source", "wav").set("audio_capture", "wav_path", str(audio.get("wav", voice_models.question_ko)))
    o.set("audio_capture", "realtime", True).set("audio_capture", "start_delay_s", 6.0)   # all nodes up first
    o.set("asr", "model", str(audio.get("asr_model", voice_models.whisper))).set("asr", "max_new_tokens", 8)
    o.set("guide", "llm.backend", "llama_cpp").set("guide", "llm.model_path", str(voice_models.gguf))
    o.set("guide", "llm.max_tokens", 24)
    o.set("tts", "voices.ko", str(voice_models.voice_ko)).set("tts", "voices.en", str(voice_models.voice_en))
    o.set("tts", "playback", False).set("tts", "output_wav", str(tmp_path / "said.wav"))
    o.set("*", "diagnostics_period_s", 0.5)
    return o


@pytest.fixture()
def domain():
    return random.randint(60, 110)


def run_graph(options: GraphOptions, domain: int, tmp_path):
    env = dict(os.environ, ROS_DOMAIN_ID=str(domain), ROS_AUTOMATIC_DISCOVERY_RANGE="LOCALHOST")
    log = open(tmp_path / "graph.log", "w")
    return Graph(options, env=env, output=log), log


def test_korean_speech_through_the_whole_graph(voice_models, tmp_path, domain):
    graph, log = run_graph(graph_options(voice_models, tmp_path), domain, tmp_path)
    probe = Probe(domain)
    try:
        with graph:
            # (two topics keep no order between them: the latency may arrive after the end of speaking)
            probe.wait(lambda: any(not m.data for m in probe.seen["tts/speaking"]) and probe.seen["turn/latency"], 60,
                       "no spoken reply to the WAV question", graph)
            segment = probe.seen["vad/segment"][0]
            assert 1.0 < segment.duration_s < 3.5 and not segment.truncated and segment.turn_id == 1
            finals = [t for t in probe.seen["asr/transcript"] if t.is_final]
            assert len(finals) == 1 and finals[0].text and finals[0].turn_id == 1
            assert finals[0].speech_end_to_transcript_ms > 0
            replies = [r for r in probe.seen["guide/reply"] if r.turn_id == 1]
            assert replies and replies[-1].is_final and replies[0].text and replies[0].question == finals[0].text
            audio = [c for c in probe.seen["tts/audio"] if c.turn_id == 1]
            assert audio and all(c.sample_rate == 22050 and c.channels == 1 for c in audio)
            assert [m.data for m in probe.seen["tts/speaking"]] == [True, False]
            latency = probe.seen["turn/latency"][0]
            assert latency.turn_id == 1
            assert latency.speech_end_to_transcript_ms > 0 and latency.guide_ms > 0
            assert latency.first_sentence_to_first_audio_ms >= 0
            assert latency.speech_end_to_first_audio_ms >= latency.speech_end_to_transcript_ms
            probe.wait(lambda: probe.diagnostic("asr", "transcripts") == "1" and probe.diagnostic("vad", "segments") == "1",
                       5, "no asr and vad diagnostics")
            assert probe.diagnostic("guide", "llm") == voice_models.gguf.name
        said, rate, _ = read_wav(tmp_path / "said.wav")          # written whole when the tts node stops
        assert rate == 22050
        probe.wait(lambda: said.size == sum(len(c.data) for c in probe.seen["tts/audio"] if c.turn_id == 1), 5,
                   "tts/audio does not carry what was said")
    finally:
        probe.close()
        log.close()
    assert "Traceback" not in (tmp_path / "graph.log").read_text()


@pytest.mark.parametrize("composed", [False, True], ids=["separate", "composed"])
def test_a_typed_question_gets_the_grounded_answer_and_audio(voice_models, tmp_path, domain, composed):
    options = graph_options(voice_models, tmp_path)
    options.composed = composed
    options.set("audio_capture", "wav_path", str(voice_models.question_en)).set("audio_capture", "start_delay_s", 600.0)
    graph, log = run_graph(options, domain, tmp_path)
    probe = Probe(domain)
    try:
        with graph:
            last = [0.0]

            def answered():
                # ask again every 2 s until it is said: the tts node may still be loading or discovering
                if not probe.seen["tts/audio"] and time.monotonic() - last[0] > 2.0:
                    probe.query.publish(String(data="한양플라자 건물 번호가 뭐야?"))
                    last[0] = time.monotonic()
                # (the turn's latency comes after the last audio: wait for it too, as the spoken test does)
                return any(not m.data for m in probe.seen["tts/speaking"]) and bool(probe.seen["turn/latency"])
            probe.wait(answered, 60, "no spoken reply to the typed question", graph)
            turn = probe.seen["tts/audio"][0].turn_id
            replies = [r for r in probe.seen["guide/reply"] if r.turn_id == turn]
            text = " ".join(r.text for r in replies)
            assert "105" in text and replies[0].grounded and replies[0].place_ids == ["b105"]
            assert probe.seen["turn/latency"][0].speech_end_to_first_audio_ms == -1.0   # typed: no speech end
            assert (len(graph.processes), set(graph.exited())) == ((1 if composed else 5), set())
    finally:
        probe.close()
        log.close()


def test_bad_audio_is_dropped_and_a_missing_model_stops_only_its_node(voice_models, tmp_path, domain):
    options = graph_options(voice_models, tmp_path, asr_model=tmp_path / "no-such-whisper")
    options.nodes = ["vad", "asr", "guide", "tts"]
    graph, log = run_graph(options, domain, tmp_path)
    probe = Probe(domain)
    try:
        with graph:
            probe.wait(lambda: "asr" in graph.exited(), 30, "asr did not exit", graph)
            assert graph.exited() == {"asr": 2}
            probe.wait(lambda: probe.diagnostic("vad", "chunks") is not None, 20, "no vad diagnostics", graph)

            def chunk(rate: int, channels: int, n: int, seq: int) -> AudioChunk:
                msg = AudioChunk(sequence=seq, sample_rate=rate, channels=channels)
                msg.data = array.array("h", [3000, -3000] * (n // 2))
                return msg
            sent = [0]

            def counted() -> bool:
                # send bad chunks until the vad has counted enough (the first may precede discovery)
                if sent[0] < 400:
                    for _ in range(10):
                        probe.audio.publish(chunk(44100, 1, 1024, sent[0]))       # wrong rate
                        probe.audio.publish(chunk(16000, 2, 1024, sent[0]))       # wrong channel count
                        probe.audio.publish(chunk(16000, 1, 0, sent[0]))          # empty
                        sent[0] += 1
                return int(probe.diagnostic("vad", "rejected_chunks") or 0) >= 40 \
                    and int(probe.diagnostic("vad", "empty_chunks") or 0) >= 20
            probe.wait(counted, 30, "bad chunks not counted", graph)
            assert probe.seen["vad/segment"] == []
            probe.wait(lambda: probe.query.publish(String(data="Where is the library?")) or probe.seen["guide/reply"],
                       30, "the guide stopped answering", graph)
            assert set(graph.exited()) == {"asr"}                     # the others keep running
    finally:
        probe.close()
        log.close()
    out = (tmp_path / "graph.log").read_text()
    assert "asr_node: Whisper model directory not found" in out or "asr_node: cannot load Whisper" in out, out


def test_barge_in_cuts_the_rest_of_the_reply(voice_models, tmp_path, domain):
    options = graph_options(voice_models, tmp_path)
    options.nodes = ["tts"]
    options.set("tts", "barge_in", True)
    graph, log = run_graph(options, domain, tmp_path)
    probe = Probe(domain)
    replies = probe.node.create_publisher(GuideReply, "guide/reply", 10)
    activity = probe.node.create_publisher(VoiceActivity, "vad/activity", 10)
    try:
        with graph:
            probe.wait(lambda: replies.get_subscription_count() and activity.get_subscription_count(), 30,
                       "tts did not subscribe", graph)
            time.sleep(1.0)                         # discovery settles in both directions
            replies.publish(GuideReply(text="네.", language="ko", turn_id=1, is_final=True))
            probe.wait(lambda: any(not m.data for m in probe.seen["tts/speaking"]), 30, "tts did not speak", graph)
            probe.seen.clear()
            replies.publish(GuideReply(text="한양플라자는 105번 건물이에요.", language="ko", turn_id=2, sentence_index=0))
            probe.wait(lambda: probe.seen["tts/audio"], 10, "no audio for the first sentence")
            activity.publish(VoiceActivity(speaking=True, probability=0.9, turn_id=3))    # the visitor speaks
            probe.wait(lambda: probe.diagnostic("tts", "interrupted") == "1", 10, "no barge-in", graph)
            replies.publish(GuideReply(text="예지문 바로 옆에 있어요.", language="ko", turn_id=2, sentence_index=1,
                                       is_final=True))
            probe.wait(lambda: any(not m.data for m in probe.seen["tts/speaking"]), 10, "speaking did not end")
            assert {c.turn_id for c in probe.seen["tts/audio"]} == {2}
            first_sentence = sum(len(c.data) for c in probe.seen["tts/audio"])
            time.sleep(1.0)
            probe.wait(lambda: True, 1, "")
            assert sum(len(c.data) for c in probe.seen["tts/audio"]) == first_sentence   # the rest is not said
    finally:
        probe.close()
        log.close()
