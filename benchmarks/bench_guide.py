"""Latency of the text guide per question (this machine, one process, no ROS).

Uses the seed's training questions when ../shared/seed-data is there, else a built-in set.
Prints a table, and as its last line one JSON object with the figures.
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from hyguide_ros.guide import CampusGuide

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed-data"
BUILT_IN = ["한양플라자 어디야?", "How do I get to the library?", "근처에 카페 있어?", "백남학술정보관 몇 층이야?",
            "HIT랑 FTC 중 어디가 더 가까워?", "무학중학교 어떻게 가?", "Which exit should I use at Hanyang University Station?",
            "도서관에서 병원본관까지 얼마나 걸려?", "스타벅스 어디야?", "음악관 어디야?"]


def questions() -> list[str]:
    files = sorted(SEED.glob("train_data_*_messages.json"))
    if not files:
        return BUILT_IN * 500
    out = []
    for f in files:
        for item in json.loads(f.read_text(encoding="utf-8")):
            users = [m["content"] for m in item["messages"] if m["role"] == "user"]
            if users:
                out.append(users[-1])
    return out


def main() -> int:
    t0 = time.perf_counter()
    guide = CampusGuide()
    startup_ms = (time.perf_counter() - t0) * 1e3
    qs = questions()
    for q in qs[:200]:                      # warm-up
        guide.ask(q, "bench")
    latencies = []
    for q in qs:
        t = time.perf_counter()
        guide.ask(q, "bench")
        latencies.append((time.perf_counter() - t) * 1e3)
        guide.reset("bench")
    latencies.sort()
    figures = {"questions": len(qs), "startup_ms": round(startup_ms, 1),
               "p50_ms": round(statistics.median(latencies), 3),
               "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 3),
               "max_ms": round(latencies[-1], 3), "source": "seed" if len(qs) != len(BUILT_IN) * 500 else "built-in"}
    print(f"{figures['questions']} questions: p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms, "
          f"max {figures['max_ms']} ms; start-up {figures['startup_ms']} ms")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
