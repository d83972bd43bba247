"""Every message a node receives is checked at its edge, before any engine sees it.

A check returns None for a message the node can use, else the reason it cannot; `InputGuard` turns
a failed check, or an exception the callback raises anyway, into a counted, logged rejection, so
that no message can end a node (a `Transcript` with an infinite latency once did).
"""
from __future__ import annotations

import math
from collections import Counter
from typing import Any, Callable

from rclpy.node import Node

MAX_TEXT_CHARS = 2000            # a transcript, a typed question or a reply sentence
MAX_ID_CHARS = 64                # conversation ids, language codes
MAX_LATENCY_MS = 3_600_000.0     # an hour: anything longer is no latency
SAMPLE_RATES = (8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000, 96000)
MAX_AUDIO_S = 60.0               # per AudioChunk / SpeechSegment
MAX_STAMP_SEC = 2**31 - 1        # builtin_interfaces/Time.sec is int32


def _latency(name: str, value: float) -> str | None:
    """Latencies are -1 (unknown) or a finite number of milliseconds within an hour."""
    if not math.isfinite(value) or not (value == -1.0 or 0.0 <= value <= MAX_LATENCY_MS):
        return f"{name} {value!r} is no latency (-1, or 0..{MAX_LATENCY_MS:.0f} ms)"
    return None


def _text(name: str, value: str, limit: int = MAX_TEXT_CHARS) -> str | None:
    if len(value) > limit:
        return f"{name} is {len(value)} characters long (at most {limit})"
    if "\ufffd" in value:
        return f"{name} is not valid UTF-8"
    return None


def _stamp(name: str, stamp: Any) -> str | None:
    if not 0 <= stamp.sec <= MAX_STAMP_SEC or not 0 <= stamp.nanosec < 1_000_000_000:
        return f"{name} {stamp.sec}.{stamp.nanosec:09d} is no time"
    return None


def _audio(rate: int, channels: int, samples: int) -> str | None:
    if rate not in SAMPLE_RATES:
        return f"sample rate {rate} Hz is not one of {', '.join(map(str, SAMPLE_RATES))}"
    if not 1 <= channels <= 8 or samples % channels:
        return f"{samples} samples in {channels} channel(s) is no audio"
    if samples > MAX_AUDIO_S * rate * channels:
        return f"{samples / rate / channels:.0f} s of audio in one message (at most {MAX_AUDIO_S:.0f} s)"
    return None


def first_problem(*problems: str | None) -> str | None:
    return next((p for p in problems if p), None)


def check_transcript(msg: Any) -> str | None:
    return first_problem(_text("text", msg.text), _text("language", msg.language, MAX_ID_CHARS),
                         _latency("speech_end_to_transcript_ms", msg.speech_end_to_transcript_ms),
                         None if math.isfinite(msg.confidence) else f"confidence {msg.confidence!r} is no number",
                         _stamp("stamp", msg.stamp))


def check_query(msg: Any) -> str | None:
    return _text("data", msg.data)


def check_audio_chunk(msg: Any) -> str | None:
    return first_problem(_audio(msg.sample_rate, msg.channels, len(msg.data)), _stamp("stamp", msg.stamp))


def check_segment(msg: Any) -> str | None:
    return first_problem(_audio(msg.sample_rate, 1, len(msg.data)),
                         None if math.isfinite(msg.duration_s) and 0 <= msg.duration_s <= MAX_AUDIO_S
                         else f"duration {msg.duration_s!r} s is no duration",
                         _stamp("start", msg.start), _stamp("end", msg.end))


def check_activity(msg: Any) -> str | None:
    ok = math.isfinite(msg.probability) and 0.0 <= msg.probability <= 1.0
    return first_problem(None if ok else f"probability {msg.probability!r} is not within 0..1",
                         _stamp("stamp", msg.stamp))


def check_reply(msg: Any) -> str | None:
    lat = msg.latency
    return first_problem(_text("text", msg.text), _text("spoken", msg.spoken),
                         _text("language", msg.language, MAX_ID_CHARS),
                         _text("question", msg.question), _stamp("stamp", msg.stamp),
                         _stamp("latency.speech_end", lat.speech_end),
                         *(_latency(f"latency.{name}", getattr(lat, name)) for name in
                           ("speech_end_to_transcript_ms", "transcript_to_first_token_ms",
                            "first_token_to_first_sentence_ms", "first_sentence_to_first_audio_ms", "guide_ms",
                            "llm_ms", "speech_end_to_first_audio_ms")))


def check_ask(request: Any) -> str | None:
    return first_problem(_text("question", request.question),
                         _text("conversation_id", request.conversation_id, MAX_ID_CHARS),
                         _text("language", request.language, MAX_ID_CHARS))


class InputGuard:
    """Wraps a node's callbacks: the message is checked, the callback's exceptions are caught, and
    every rejection is counted (per topic, for /diagnostics) and logged (at most every 5 s a topic)."""

    def __init__(self, node: Node):
        self.node = node
        self.rejected: Counter[str] = Counter()

    def _reject(self, topic: str, reason: str) -> None:
        self.rejected[topic] += 1
        self.node.get_logger().warning(f"{topic}: message rejected ({self.rejected[topic]} so far): {reason}",
                                       throttle_duration_sec=5.0)

    def topic(self, topic: str, callback: Callable[[Any], None],
              check: Callable[[Any], str | None] | None = None) -> Callable[[Any], None]:
        def guarded(msg: Any) -> None:
            try:
                problem = check(msg) if check else None
                if problem is None:
                    callback(msg)
                    return
            except Exception as exc:           # noqa: BLE001 - a message must never end the node
                problem = f"{type(exc).__name__}: {exc}"
            self._reject(topic, problem)
        return guarded

    def service(self, name: str, callback: Callable[[Any, Any], Any],
                check: Callable[[Any], str | None] | None = None) -> Callable[[Any, Any], Any]:
        """For services whose response has `ok` and `error`: a rejected request gets ok=false and the reason."""
        def guarded(request: Any, response: Any) -> Any:
            try:
                problem = check(request) if check else None
                if problem is None:
                    return callback(request, response)
            except Exception as exc:           # noqa: BLE001
                problem = f"{type(exc).__name__}: {exc}"
            self._reject(name, problem)
            response.ok, response.error = False, problem
            return response
        return guarded

    @property
    def total(self) -> int:
        return sum(self.rejected.values())
