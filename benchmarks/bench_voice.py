"""`make bench-voice`: the voice pipeline's cost on this machine, with models the benchmark makes.

The models are random-weight stand-ins shaped like small real ones (test/tiny_models.py): a
Whisper of tiny's size (d_model 384, 4 layers), a piper-format voice doing about the work of a
small real voice, and a small llama-architecture GGUF. What they say is noise; what is measured is
our overhead around the libraries, the transport, and memory. The last line printed is one JSON object:

- vad_us_per_chunk: silero on onnxruntime, one thread, per 512-sample chunk of speech;
- transport_p50_ms: one 32 ms AudioChunk from this process to a node in another process;
- asr/tts/llm_overhead_ratio: time through our node (question published -> answer received, in
  another process) / time of the same library call made here, same input, same run (medians);
  the LLM's direct call composes the answer and streams exactly as many pieces as the node reports
  it streamed that turn (`TurnLatency.llm_pieces`: the node stops a model early when a sentence
  fails the fact check, and so does the comparison);
- ttfa_streaming_ratio: time to first audio of a three-sentence reply, sentence streaming on / off;
- rss_mb_separate / rss_mb_composed: resident memory of the whole graph, one process per node / one process;
- ko_normalised_share: share of the guide's Korean replies to the seed's questions (../shared; without
  it, to questions about every KB place) left with no digit or Latin letter by the tts normalisation;
- tts_rtf_ko_fallback: espeak-ng (the fallback voice) saying those replies: synthesis s / speech s;
- voice_train_steps_per_s_cpu: `hyguide-train voice train` on this CPU (piper.train, batch 4, the tests'
  tiny generator), optimiser steps per second between two resumed runs (start-up excluded);
- tts_rtf_ko_trained_tiny: the voice that training exported, saying the same replies.
"""
from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from rclpy.qos import QoSProfile
from std_msgs.msg import String
from std_srvs.srv import Trigger

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "test"))
from tiny_models import (  # noqa: E402
    TINY_PIPER_TRAINING,
    make_korean_voice_corpus,
    make_tiny_gguf,
    make_tiny_piper_voice,
    make_tiny_whisper,
    speak,
)

from hyguide_eval.ros_probe import RosProbe  # noqa: E402
from hyguide_ros.engines.asr import AsrConfig, FasterWhisperRecognizer  # noqa: E402
from hyguide_ros.engines.audio import CHUNK_SAMPLES, WavSource  # noqa: E402
from hyguide_ros.engines.vad import SileroVad  # noqa: E402
from hyguide_ros.knowledge import load_knowledge_base  # noqa: E402
from hyguide_ros.knowledge.vocabulary import speech_hints  # noqa: E402
from hyguide_ros.launcher import Graph, GraphOptions  # noqa: E402
from hyguide_ros.msg import AudioChunk, GuideReply, SpeechSegment, Transcript  # noqa: E402
from hyguide_ros.nodes.common import from_seconds, samples_to_msg  # noqa: E402

NS = "/hyguide_bench"
REPEATS = 7
THREE_SENTENCES = ["한양플라자는 105번 건물이고 예지문 바로 옆에 있어요.",
                   "지상 4층 건물이고 푸드코트와 편의점, 카페가 있어요.",
                   "예지문에서 걸어서 약 1분 거리예요."]


def say(msg: str) -> None:
    print(f"[bench-voice] {msg}", file=sys.stderr, flush=True)


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (a node may be a wrapper around the real interpreter)."""
    total = 0.0
    pids = [pid]
    while pids:
        p = pids.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
            pids += [int(c) for c in children]
        except FileNotFoundError:
            pass
    return total


def make_models(root: Path) -> dict:
    say("making the benchmark models (about a minute)")
    return {"whisper": make_tiny_whisper(root / "whisper", d_model=384, layers=4, heads=6, ffn=1536),
            "voice": make_tiny_piper_voice(root / "ko.onnx", "ko", hidden=1536, layers=16),
            "gguf": make_tiny_gguf(root / "llm.gguf", hidden=512, layers=8, heads=8, ffn=1024),
            "speech": speak("한양플라자 어디에 있어요?", root / "question.wav", "ko")}


def options(models: dict, nodes: list[str], composed: bool = False, **sets) -> GraphOptions:
    o = GraphOptions(namespace=NS, nodes=nodes, composed=composed, log_level="warn")
    o.set("audio_capture", "source", "wav").set("audio_capture", "wav_path", str(models["speech"]))
    o.set("audio_capture", "start_delay_s", 3600.0)        # loaded, not speaking: memory is measured idle
    o.set("asr", "model", str(models["whisper"])).set("asr", "language", "ko").set("asr", "max_new_tokens", 32)
    o.set("asr", "cpu_threads", 2).set("asr", "publish_partials", False)
    o.set("guide", "llm.backend", "llama_cpp").set("guide", "llm.model_path", str(models["gguf"]))
    o.set("guide", "llm.max_tokens", 48).set("guide", "llm.n_threads", 2)
    o.set("tts", "voices.ko", str(models["voice"])).set("tts", "voices.en", "").set("tts", "playback", False)
    for key, value in sets.items():
        node, _, name = key.partition("__")
        o.set(node, name, value)
    return o


def vad_us_per_chunk(speech: np.ndarray) -> float:
    vad = SileroVad(threads=1)
    chunks = [speech[i:i + CHUNK_SAMPLES] for i in range(0, speech.size - CHUNK_SAMPLES + 1, CHUNK_SAMPLES)]
    for c in chunks:
        vad.probability(c)
    runs = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        for c in chunks:
            vad.probability(c)
        runs.append((time.perf_counter() - start) / len(chunks) * 1e6)
    return statistics.median(runs)


def transport_p50_ms(probe: RosProbe, env: dict) -> float:
    """A 32 ms AudioChunk published here, received by the vad node in another process (its receipt times)."""
    import subprocess
    code = ("import rclpy,sys,time,json\nfrom rclpy.node import Node\nfrom hyguide_ros.msg import AudioChunk\n"
            "rclpy.init(); n=Node('transport_sink', namespace='%s'); lat=[]\n"
            "n.create_subscription(AudioChunk,'bench/audio',lambda m: lat.append(time.time()-m.stamp.sec-m.stamp.nanosec*1e-9),1000)\n"
            "end=time.time()+float(sys.argv[1])\nwhile time.time()<end and len(lat)<300: rclpy.spin_once(n,timeout_sec=0.05)\n"
            "print(json.dumps(lat))\n") % NS
    sink = subprocess.Popen([sys.executable, "-c", code, "40"], env=env, stdout=subprocess.PIPE, text=True,
                            cwd=tempfile.gettempdir())     # not the source tree: it would shadow the install space
    pub = probe.node.create_publisher(AudioChunk, "bench/audio", QoSProfile(depth=1000))
    probe.spin_until(lambda: pub.get_subscription_count() > 0, 30, "transport sink")
    time.sleep(1.0)
    chunk = samples_to_msg(np.zeros(CHUNK_SAMPLES, np.int16))
    for i in range(320):
        msg = AudioChunk(sequence=i, sample_rate=16000, channels=1)
        msg.data = chunk
        msg.stamp = from_seconds(time.time())
        pub.publish(msg)
        time.sleep(0.01)
    latencies = json.loads(sink.communicate(timeout=60)[0])[20:]      # the first ones still meet discovery
    return statistics.median(latencies) * 1e3


def asr_ratio(probe: RosProbe, models: dict, speech: np.ndarray) -> tuple[float, float, float]:
    kb = load_knowledge_base("")
    recognizer = FasterWhisperRecognizer(AsrConfig(model=str(models["whisper"]), language="ko", max_new_tokens=32,
                                                   cpu_threads=2), hotwords=speech_hints(kb, "ko", 200))
    finals: list[Transcript] = []
    probe.node.create_subscription(Transcript, "asr/transcript", lambda m: finals.append(m) if m.is_final else None, 10)
    pub = probe.node.create_publisher(SpeechSegment, "vad/segment", 10)
    probe.spin_until(lambda: pub.get_subscription_count() > 0, 60, "asr node")
    node_s, direct_s = [], []

    def segment_msg(turn: int) -> SpeechSegment:
        segment = SpeechSegment(turn_id=turn, duration_s=speech.size / 16000, sample_rate=16000,
                                end=from_seconds(time.time()))
        segment.data = samples_to_msg(speech)
        return segment
    probe.warm_up(lambda: pub.publish(segment_msg(10_000)), lambda: finals, "transcript")
    finals.clear()
    for i in range(REPEATS + 1):
        segment = SpeechSegment(turn_id=i + 1, duration_s=speech.size / 16000, sample_rate=16000,
                                end=from_seconds(time.time()))
        segment.data = samples_to_msg(speech)
        start = time.perf_counter()
        pub.publish(segment)
        probe.spin_until(lambda: any(t.turn_id == i + 1 for t in finals), 60, "transcript")
        node_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        segments, _ = recognizer.model.transcribe(speech.astype(np.float32) / 32768.0, language="ko",
                                                  **recognizer.options())
        list(segments)
        direct_s.append(time.perf_counter() - start)
    node, direct = statistics.median(node_s[1:]), statistics.median(direct_s[1:])
    return node / direct, node, direct


def tts_ratio(probe: RosProbe, models: dict) -> tuple[float, float, float]:
    from piper import PiperVoice, SynthesisConfig

    from hyguide_ros.engines.speech_text import SpeechText
    voice = PiperVoice.load(models["voice"])
    text = THREE_SENTENCES[0]
    said = SpeechText()(text, "ko")             # the node says numbers in words; so does the direct call
    expected = sum(c.audio_int16_array.size for c in voice.synthesize(said, syn_config=SynthesisConfig()))
    audio: list[AudioChunk] = []
    probe.node.create_subscription(AudioChunk, "tts/audio", audio.append, 1000)
    pub = probe.node.create_publisher(GuideReply, "guide/reply", 10)
    probe.spin_until(lambda: pub.get_subscription_count() > 0, 60, "tts node")
    node_s, direct_s = [], []
    probe.warm_up(lambda: pub.publish(GuideReply(text=text, language="ko", turn_id=10_000, is_final=True)),
                  lambda: audio, "tts audio")
    audio.clear()
    for i in range(REPEATS + 1):
        msg = GuideReply(text=text, language="ko", turn_id=i + 1, sentence_index=0, is_final=True)
        start = time.perf_counter()
        pub.publish(msg)
        probe.spin_until(lambda: sum(len(c.data) for c in audio if c.turn_id == i + 1) >= expected, 60, "tts audio")
        node_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        for chunk in voice.synthesize(said, syn_config=SynthesisConfig()):
            _ = chunk.audio_int16_array      # the samples, as the node makes them
        direct_s.append(time.perf_counter() - start)
    node, direct = statistics.median(node_s[1:]), statistics.median(direct_s[1:])
    return node / direct, node, direct


def time_to_first_audio(probe: RosProbe, turn_base: int) -> float:
    audio: list[AudioChunk] = []
    probe.node.create_subscription(AudioChunk, "tts/audio", audio.append, 1000)
    pub = probe.node.create_publisher(GuideReply, "guide/reply", 10)
    probe.spin_until(lambda: pub.get_subscription_count() > 0, 60, "tts node")
    times = []
    probe.warm_up(lambda: pub.publish(GuideReply(text="네.", language="ko", turn_id=turn_base - 1, is_final=True)),
                  lambda: audio, "tts audio")
    audio.clear()
    for r in range(REPEATS + 1):
        turn = turn_base + r
        start = time.perf_counter()
        for i, sentence in enumerate(THREE_SENTENCES):
            pub.publish(GuideReply(text=sentence, language="ko", turn_id=turn, sentence_index=i,
                                   is_final=i == len(THREE_SENTENCES) - 1))
        probe.spin_until(lambda: any(c.turn_id == turn for c in audio), 60, "first audio")
        times.append(time.perf_counter() - start)
        probe.spin_for(1.5)                        # let the reply finish before the next one
    return statistics.median(times[1:])


def llm_ratio(probe: RosProbe, models: dict) -> tuple[float, float, float]:
    """The node's whole turn (question published -> final reply here) against the same work done here:
    the composed answer, then the same prompt streamed for exactly as many pieces as the node says it
    streamed that turn (`latency.llm_pieces` of its final reply) and closed, as the node closes it."""
    from hyguide_ros.engines.llm import LlamaCppChat, LlmConfig
    from hyguide_ros.guide import CampusGuide
    from hyguide_ros.guide.phrase.phrasing import GroundedPhraser
    config = LlmConfig(backend="llama_cpp", model_path=str(models["gguf"]), max_tokens=48, n_threads=2)
    chat = LlamaCppChat(config)
    guide = CampusGuide()
    phraser = GroundedPhraser(guide, chat)
    replies: list[GuideReply] = []
    probe.node.create_subscription(GuideReply, "guide/reply", replies.append, 100)
    pub = probe.node.create_publisher(String, "guide/query", 10)
    probe.spin_until(lambda: pub.get_subscription_count() > 0, 60, "guide node")
    question = "한양플라자 건물 번호가 뭐야?"
    node_s, direct_s, pieces_seen = [], [], []
    reset = probe.node.create_client(Trigger, "guide/reset")
    probe.warm_up(lambda: pub.publish(String(data="안녕")), lambda: replies, "guide reply")
    for _ in range(REPEATS + 1):
        done = reset.call_async(Trigger.Request())         # same prompt as here: no earlier turns
        probe.spin_until(done.done, 10, "guide reset")
        before = len(replies)
        start = time.perf_counter()
        pub.publish(String(data=question))
        probe.spin_until(lambda: any(r.is_final for r in replies[before:]), 60, "guide reply")
        node_s.append(time.perf_counter() - start)
        pieces = next(r for r in replies[before:] if r.is_final).latency.llm_pieces
        pieces_seen.append(pieces)
        guide.reset()
        start = time.perf_counter()
        answer = guide.ask(question)
        stream = chat.llm.create_chat_completion(stream=True, **chat.request(phraser.messages(answer)))
        streamed = 0
        for chunk in stream:
            if chunk["choices"][0]["delta"].get("content"):
                streamed += 1
                if streamed >= pieces:
                    break
        stream.close()
        direct_s.append(time.perf_counter() - start)
    chat.close()
    say(f"llm: the node streamed {sorted(set(pieces_seen))} pieces a turn; the direct call the same")
    node, direct = statistics.median(node_s[1:]), statistics.median(direct_s[1:])
    return node / direct, node, direct


def graph_rss(models: dict, env: dict, composed: bool, probe: RosProbe) -> float:
    nodes = ["audio_capture", "vad", "asr", "guide", "tts"]
    graph = Graph(options(models, nodes, composed), env=env, output=open(os.devnull, "w")).start()
    try:
        seen: set[str] = set()
        from diagnostic_msgs.msg import DiagnosticArray
        sub = probe.node.create_subscription(
            DiagnosticArray, "/diagnostics", lambda a: seen.update(s.hardware_id for s in a.status), 100)
        probe.spin_until(lambda: seen >= set(nodes), 120, "all nodes loaded")
        probe.node.destroy_subscription(sub)
        time.sleep(2.0)
        return sum(rss_mb(p.pid) for p in graph.processes.values())
    finally:
        graph.stop()


def korean_replies() -> tuple[list[str], str]:
    """The guide's Korean replies to the seed's questions, or (no ../shared) to questions about every place."""
    from hyguide_eval.seed import _load_messages
    from hyguide_ros.guide import CampusGuide
    from hyguide_train.voice.evaluate import QUESTIONS
    guide, seed = CampusGuide(), ROOT.parent / "shared" / "seed-data"
    if seed.is_dir():
        questions = [q for name in ("train_data_in_messages.json", "train_data_1km_messages.json",
                                    "train_data_2km_messages.json") for q, _ in _load_messages(seed / name)]
        source = "seed questions"
    else:
        questions = [q.format(name=p.name_ko) for p in guide.kb.places.values() for q in QUESTIONS["ko"]]
        source = "questions about every KB place (no ../shared)"
    replies = set()
    for question in questions:
        answer = guide.ask(question, "bench")
        guide.reset("bench")
        if answer.language == "ko":
            replies.add(answer.text)
    return sorted(replies), source


def rtf(voice, texts: list[str]) -> float:
    """Synthesis seconds per second of speech over `texts` (already normalised)."""
    start, samples = time.perf_counter(), 0
    for text in texts:
        samples += voice.speak(text).size
    return (time.perf_counter() - start) / (samples / voice.sample_rate)


def korean_voice(root: Path) -> dict:
    """Normalisation coverage, the espeak-ng fallback, and a voice trained here with piper.train."""
    from hyguide_ros.engines.speech_text import SpeechText, unspeakable
    from hyguide_ros.engines.tts import EspeakVoice, PiperVoiceFile, TtsConfig
    from hyguide_train.cli import main as train_cli
    speech_text, out = SpeechText(), {}
    replies, source = korean_replies()
    said = [speech_text(r, "ko") for r in replies]
    out["ko_normalised_share"] = round(sum(not unspeakable(s, "ko") for s in said) / len(said), 4)
    out["ko_replies"], out["ko_replies_source"] = len(said), source
    sample = said[:: max(1, len(said) // 30)][:30]
    out["tts_rtf_ko_fallback"] = round(rtf(EspeakVoice("ko", "ko", TtsConfig()), sample), 4)
    say("voice train on the CPU: prepare, 2 steps, resume to 4, resume to 14, export")
    corpus = make_korean_voice_corpus(root / "corpus", 40)
    common = ["voice", "train", str(root / "data"), "--out", str(root / "run"), "--accelerator", "cpu",
              "--batch-size", "4", "--workers", "0"]
    assert train_cli(["voice", "prepare", str(corpus), "--out", str(root / "data"), "--quiet"]) == 0
    runs = []
    for steps in (2, 4, 14):
        assert train_cli(common + ["--max-steps", str(steps), "--", *TINY_PIPER_TRAINING]) == 0
        runs.append(json.loads((root / "run" / "train-summary.json").read_text()))
    steps = runs[2]["steps_after"] - runs[2]["steps_before"] - (runs[1]["steps_after"] - runs[1]["steps_before"])
    out["voice_train_steps_per_s_cpu"] = round(steps / (runs[2]["seconds"] - runs[1]["seconds"]), 4)
    voice_path = root / "voice" / "ko_KR-tiny.onnx"
    assert train_cli(["voice", "export", str(root / "run"), "--out", str(voice_path), "--force"]) == 0   # a 14-step voice is off centre
    out["tts_rtf_ko_trained_tiny"] = round(rtf(PiperVoiceFile(str(voice_path), "ko", TtsConfig()), sample), 4)
    return out


def part(name: str, models: dict, root: Path) -> dict:
    """One measurement, run in a child process of its own (see main)."""
    domain = random.randint(150, 230)
    env = dict(os.environ, ROS_DOMAIN_ID=str(domain), ROS_AUTOMATIC_DISCOVERY_RANGE="LOCALHOST")
    os.environ.update(ROS_DOMAIN_ID=str(domain), ROS_AUTOMATIC_DISCOVERY_RANGE="LOCALHOST")
    if name == "vad":
        speech = WavSource(models["speech"], realtime=False, tail_silence_s=0.3).samples
        return {"vad_us_per_chunk": round(vad_us_per_chunk(speech), 1)}
    if name == "korean_voice":
        return korean_voice(root)
    result: dict = {}
    probe = RosProbe("bench_probe", NS, domain)
    try:
        if name == "transport":
            result["transport_p50_ms"] = round(transport_p50_ms(probe, env), 3)
        elif name in ("asr", "tts", "llm"):
            speech = WavSource(models["speech"], realtime=False, tail_silence_s=0.3).samples
            fn = {"asr": lambda: asr_ratio(probe, models, speech), "tts": lambda: tts_ratio(probe, models),
                  "llm": lambda: llm_ratio(probe, models)}[name]
            node_name = {"asr": "asr", "tts": "tts", "llm": "guide"}[name]
            with Graph(options(models, [node_name]), env=env, output=open(os.devnull, "w")):
                ratio, node, direct = fn()
            result[f"{name}_overhead_ratio"] = round(ratio, 3)
            result[f"{name}_node_ms"], result[f"{name}_direct_ms"] = round(node * 1e3, 1), round(direct * 1e3, 1)
            say(f"{name}: {result[f'{name}_overhead_ratio']} ({result[f'{name}_node_ms']} ms / "
                f"{result[f'{name}_direct_ms']} ms)")
        elif name == "ttfa":
            ttfa = {}
            for streaming in (True, False):
                with Graph(options(models, ["tts"], tts__stream_sentences=streaming), env=env,
                           output=open(os.devnull, "w")):
                    ttfa[streaming] = time_to_first_audio(probe, 1000 if streaming else 2000)
            result["ttfa_streaming_ms"], result["ttfa_whole_ms"] = round(ttfa[True] * 1e3, 1), round(ttfa[False] * 1e3, 1)
            result["ttfa_streaming_ratio"] = round(ttfa[True] / ttfa[False], 3)
        elif name == "memory":
            result["rss_mb_separate"] = round(graph_rss(models, env, False, probe), 1)
            result["rss_mb_composed"] = round(graph_rss(models, env, True, probe), 1)
        else:
            raise ValueError(f"unknown part {name!r}")
    finally:
        probe.close()
    return result


PARTS = {"vad": "silero VAD", "transport": "transport", "asr": "asr: through the node vs. the library",
         "tts": "tts: through the node vs. the library", "llm": "llm: through the node vs. the library",
         "ttfa": "time to first audio, streaming on and off", "memory": "memory of the whole graph",
         "korean_voice": "the Korean voice: normalisation, espeak-ng fallback, piper.train on this CPU"}


def crash_report(returncode: int, stderr: str) -> dict:
    """What a child that died natively left: the signal and the frames faulthandler printed."""
    lines = stderr.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("Fatal Python error")), None)
    frames = [line.strip() for line in lines[start:] if line.strip().startswith("File ")] if start is not None else []
    how = f"signal {-returncode}" if returncode < 0 else f"exit code {returncode}"
    return {"how": how, "fatal": lines[start] if start is not None else "", "frames": frames[:8],
            "tail": lines[-5:] if start is None else []}


def main() -> None:
    """Each part runs in a child process with faulthandler on: a native crash (a segmentation fault in a
    library) is reported with the frames it happened in and the other parts still run; the last line
    is the JSON of every figure, with `crashes` naming any part that died."""
    import subprocess
    if len(sys.argv) == 4 and sys.argv[1] == "--part":
        models = json.loads(Path(sys.argv[3]).read_text())
        work = Path(sys.argv[3]).parent / sys.argv[2]
        work.mkdir(exist_ok=True)
        figures = part(sys.argv[2], {k: Path(v) for k, v in models.items()}, work)
        print(json.dumps(figures, ensure_ascii=False))
        return
    result: dict = {}
    crashes: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="hyguide-bench-") as tmp:
        models = make_models(Path(tmp))
        manifest = Path(tmp) / "models.json"
        manifest.write_text(json.dumps({k: str(v) for k, v in models.items()}))
        for name, what in PARTS.items():
            say(what)
            done = subprocess.run([sys.executable, "-X", "faulthandler", __file__, "--part", name, str(manifest)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            sys.stderr.write(done.stderr)
            lines = done.stdout.strip().splitlines()
            if done.returncode == 0 and lines:
                result.update(json.loads(lines[-1]))
            else:
                crashes[name] = crash_report(done.returncode, done.stderr)
                say(f"{name} died ({crashes[name]['how']}): {crashes[name]['fatal']} {crashes[name]['frames'][:2]}")
    result["crashes"] = crashes
    print(json.dumps(result, ensure_ascii=False))
    sys.exit(1 if crashes else 0)


if __name__ == "__main__":
    main()
