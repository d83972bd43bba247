"""`make bench-soak`: 20,000 questions through the guide's service and topic, with bursts, while the
whole voice graph runs on a WAV question played in a loop (tiny models the benchmark makes).

The last line printed is one JSON object:
- answered: service answers + topic questions whose reply came back complete (`is_final`);
- dropped_counted: topic questions the nodes counted as rejected (`rejected_messages` in /diagnostics);
- dropped_uncounted: topic questions sent that were neither answered nor counted (lost in transport
  or in a queue nobody counts): what a listener cannot see;
- rss_growth_pct: the guide process's resident memory, end against after warm-up;
- p99_ms / p50_ms: service round trip (request sent -> response here);
- spoken_turns: replies the tts node said meanwhile (turn/latency); crashes: graph processes that exited.
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

from diagnostic_msgs.msg import DiagnosticArray
from std_msgs.msg import String

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "test"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_voice import rss_mb  # noqa: E402
from tiny_models import make_tiny_piper_voice, make_tiny_whisper, speak  # noqa: E402

from hyguide_eval.ros_probe import ProbeTimeout, RosProbe  # noqa: E402
from hyguide_ros.launcher import Graph, GraphOptions  # noqa: E402
from hyguide_ros.msg import GuideReply, TurnLatency  # noqa: E402
from hyguide_ros.srv import Ask  # noqa: E402

NS = "/hyguide_soak"
SERVICE_QUESTIONS = 10_000
TOPIC_QUESTIONS = 10_000
BURST = 50                       # topic questions published back to back, then a short pause
WARM_UP = 1_000
QUESTIONS = ["한양플라자 어디야?", "How do I get to the library?", "근처에 카페 있어?", "국제관 몇 층이야?",
             "Where is Building 305?", "왕십리역에서 CGV 어떻게 가?", "본관 건물 번호가 뭐야?", "경희대학교 어떻게 가?"]


def say(msg: str) -> None:
    print(f"[bench-soak] {msg}", file=sys.stderr, flush=True)


def main() -> None:
    domain = random.randint(60, 110)
    env = dict(os.environ, ROS_DOMAIN_ID=str(domain), ROS_AUTOMATIC_DISCOVERY_RANGE="LOCALHOST")
    with tempfile.TemporaryDirectory(prefix="hyguide-soak-") as tmp:
        root = Path(tmp)
        o = GraphOptions(namespace=NS, log_level="warn")
        o.set("audio_capture", "source", "wav").set("audio_capture", "loop", True)
        o.set("audio_capture", "wav_path", str(speak("한양플라자 어디에 있어요?", root / "q.wav", "ko")))
        o.set("audio_capture", "start_delay_s", 5.0)
        o.set("asr", "model", str(make_tiny_whisper(root / "whisper"))).set("asr", "max_new_tokens", 8)
        o.set("tts", "voices.ko", str(make_tiny_piper_voice(root / "ko.onnx", "ko")))
        o.set("tts", "voices.en", str(make_tiny_piper_voice(root / "en.onnx", "en-us"))).set("tts", "playback", False)
        graph = Graph(o, env=env, output=open(root / "graph.log", "w")).start()
        probe = RosProbe("soak_probe", NS, domain)
        finals: set[int] = set()
        voice_turns: set[int] = set()
        rejected = {}
        probe.node.create_subscription(GuideReply, "guide/reply", lambda m: m.is_final and finals.add(m.turn_id), 1000)
        probe.node.create_subscription(TurnLatency, "turn/latency", lambda m: voice_turns.add(m.turn_id), 100)
        probe.node.create_subscription(DiagnosticArray, "/diagnostics", lambda a: rejected.update(
            {s.name: int({kv.key: kv.value for kv in s.values}.get("rejected_messages", 0)) for s in a.status}), 100)
        query = probe.publisher(String, "guide/query", 1000)
        executor = probe.executor
        try:
            try:
                ask = probe.client(Ask, "guide/ask", 60)
            except ProbeTimeout:
                raise SystemExit(f"the guide did not come up: {(root / 'graph.log').read_text()[-2000:]}") from None
            guide_pid = graph.processes["guide"].pid
            latencies, answered_service, rss_warm = [], 0, None
            say(f"{SERVICE_QUESTIONS} service calls and {TOPIC_QUESTIONS} topic questions in bursts of {BURST}")
            started = time.perf_counter()
            sent_topic = 0
            for i in range(SERVICE_QUESTIONS):
                t0 = time.perf_counter()
                future = ask.call_async(Ask.Request(question=QUESTIONS[i % len(QUESTIONS)],
                                                    conversation_id=f"soak-{i % 50}"))
                executor.spin_until_future_complete(future, timeout_sec=10)
                latencies.append((time.perf_counter() - t0) * 1e3)
                answered_service += bool(future.done() and future.result().ok)
                if i % (SERVICE_QUESTIONS // (TOPIC_QUESTIONS // BURST)) == 0 and sent_topic < TOPIC_QUESTIONS:
                    for _ in range(BURST):           # a burst on the topic between service calls
                        query.publish(String(data=QUESTIONS[sent_topic % len(QUESTIONS)]))
                        sent_topic += 1
                if i == WARM_UP:
                    rss_warm = rss_mb(guide_pid)
            while sent_topic < TOPIC_QUESTIONS:
                query.publish(String(data=QUESTIONS[sent_topic % len(QUESTIONS)]))
                sent_topic += 1
            try:                                      # the last replies come in
                probe.spin_until(lambda: len(finals) >= sent_topic, 20, "the last replies")
            except ProbeTimeout:
                pass                                  # counted below as not answered
            seconds = time.perf_counter() - started
            rss_end = rss_mb(guide_pid)
            probe.spin_for(3.0)                       # the latest /diagnostics
            typed = {t for t in finals if t >= 1_000_000}
            dropped_counted = rejected.get("hyguide: guide", 0)
            latencies.sort()
            result = {"answered": answered_service + len(typed), "service_answered": answered_service,
                      "topic_sent": sent_topic, "topic_answered": len(typed), "dropped_counted": dropped_counted,
                      "dropped_uncounted": sent_topic - len(typed) - dropped_counted,
                      "rss_warm_mb": round(rss_warm or 0, 1), "rss_end_mb": round(rss_end, 1),
                      "rss_growth_pct": round((rss_end - rss_warm) / rss_warm * 100, 2) if rss_warm else None,
                      "p50_ms": round(statistics.median(latencies), 3),
                      "p99_ms": round(latencies[int(len(latencies) * 0.99)], 3),
                      "spoken_turns": len(voice_turns), "crashes": len(graph.exited()), "seconds": round(seconds, 1)}
        finally:
            probe.close()
            graph.stop()
    say(f"{result['answered']} answered, {result['dropped_uncounted']} lost without a count, "
        f"guide RSS {result['rss_warm_mb']} -> {result['rss_end_mb']} MB, service p99 {result['p99_ms']} ms")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
