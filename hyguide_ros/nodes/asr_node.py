"""ROS 2 node `asr`: `vad/segment` -> faster-whisper -> `asr/transcript` (partials, then the final text).

Recognition is biased toward the knowledge base's place names. Transcripts of non-speech are
dropped (logged, counted in /diagnostics), so a cough does not become a question.

A Whisper model named by size that is not on this machine (the default "small" before
`hyguide models fetch`) does not stop the graph: the node says once what is missing and how to get
it, stays up deaf (segments are counted as `unheard`, /diagnostics is ERROR), and typed questions on
`guide/query` are still answered and spoken.
"""
from __future__ import annotations

import time

from diagnostic_msgs.msg import DiagnosticArray
from rclpy.node import Node

from hyguide_ros.engines.asr import AsrConfig, FasterWhisperRecognizer
from hyguide_ros.engines.errors import ModelNotDownloadedError
from hyguide_ros.knowledge import LANGUAGES, load_knowledge_base
from hyguide_ros.knowledge.vocabulary import speech_hints
from hyguide_ros.msg import SpeechSegment, Transcript
from hyguide_ros.nodes.checks import InputGuard, check_segment
from hyguide_ros.nodes.common import (
    declare_config,
    diagnostics,
    diagnostics_timer,
    param,
    run,
    samples_from_msg,
    to_seconds,
)


class AsrNode(Node):
    def __init__(self, **node_options) -> None:      # node_options: rclpy Node keywords (context, ...)
        super().__init__("asr", **node_options)
        config = declare_config(self, AsrConfig)
        kb_path = param(self, "knowledge_base", "")
        self.publish_partials = param(self, "publish_partials", True)
        hints = ""
        if config.hints:
            kb = load_knowledge_base(kb_path)
            languages = list(LANGUAGES) if config.language == "auto" else [config.language]
            hints = ", ".join(speech_hints(kb, lang, config.hints_max_chars // len(languages)) for lang in languages)
        started = time.perf_counter()
        self.missing = ""                     # why there is no recogniser ("" = there is one)
        try:
            self.recognizer: FasterWhisperRecognizer | None = FasterWhisperRecognizer(config, hotwords=hints)
        except ModelNotDownloadedError as exc:
            self.recognizer, self.missing = None, str(exc)
        self.config = config
        self.load_s = time.perf_counter() - started
        self.counts = {"segments": 0, "transcripts": 0, "dropped": 0, "unheard": 0}
        self.last_rtf = 0.0
        self.last_latency_ms = 0.0
        self._pub = self.create_publisher(Transcript, "asr/transcript", 10)
        self._diag_pub = self.create_publisher(DiagnosticArray, "/diagnostics", 10)
        self.guard = InputGuard(self)
        self.create_subscription(SpeechSegment, "vad/segment", self.guard.topic("vad/segment", self._on_segment,
                                                                                 check_segment), 10)
        diagnostics_timer(self, self._publish_diagnostics)
        if self.recognizer is None:
            self.get_logger().error(f"no recogniser: {self.missing}. Spoken questions are not heard until then; "
                                    f"typed questions (guide/query) are answered.")
            return
        self.get_logger().info(f"faster-whisper ready: {config.model} on {config.device}/{config.compute_type}, "
                               f"language {config.language}, loaded in {self.load_s:.1f} s")

    def _on_segment(self, segment: SpeechSegment) -> None:
        self.counts["segments"] += 1
        if self.recognizer is None:
            self.counts["unheard"] += 1
            return
        speech_end = to_seconds(segment.end)

        def publish(text: str, final: bool, language: str, confidence: float) -> None:
            msg = Transcript(text=text, language=language, is_final=final, turn_id=segment.turn_id,
                             confidence=float(confidence), stamp=self.get_clock().now().to_msg())
            msg.speech_end_to_transcript_ms = float((to_seconds(msg.stamp) - speech_end) * 1e3) if speech_end else -1.0
            self._pub.publish(msg)

        partial = (lambda text: publish(text, False, "", 0.0)) if self.publish_partials else None
        result = self.recognizer.transcribe(samples_from_msg(segment.data), on_partial=partial)
        self.last_rtf = result.real_time_factor
        if result.dropped:
            self.counts["dropped"] += 1
            self.get_logger().info(f"turn {segment.turn_id}: dropped ({result.dropped})")
            return
        publish(result.text, True, result.language, result.confidence)
        self.counts["transcripts"] += 1
        self.last_latency_ms = (time.time() - speech_end) * 1e3
        self.get_logger().info(f"turn {segment.turn_id} [{result.language}] {result.text!r} "
                               f"(rtf {result.real_time_factor:.2f})")

    def _publish_diagnostics(self) -> None:
        self._diag_pub.publish(diagnostics(self, "asr", self.recognizer is not None,
                                           f"no recogniser: {self.missing}" if self.missing else "model loaded",
                                           {**self.counts, "model": self.config.model,
                                            "load_s": self.load_s, "real_time_factor": self.last_rtf,
                                            "speech_end_to_transcript_ms": self.last_latency_ms}))


def main(args: list[str] | None = None) -> None:
    run(AsrNode, "asr_node", args)


if __name__ == "__main__":
    main()
