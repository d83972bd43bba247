"""ROS 2 node `vad`: `audio/raw` -> silero VAD -> `vad/activity` (state) and `vad/segment` (utterances).

Half-duplex by default: while `tts/speaking` is true the VAD drops audio, so the robot does not
hear itself. With `barge_in` it keeps listening; the tts node stops speaking when speech starts.
Chunks that are not 16 kHz mono are dropped and counted (see /diagnostics), never guessed at.
"""
from __future__ import annotations

import dataclasses
import itertools
import time

from diagnostic_msgs.msg import DiagnosticArray
from rcl_interfaces.msg import SetParametersResult
from rclpy.node import Node
from rclpy.parameter import Parameter
from std_msgs.msg import Bool

from hyguide_ros.engines.audio import CHUNK_SAMPLES, SAMPLE_RATE, Chunker
from hyguide_ros.engines.vad import SpeechSegmenter, VadConfig
from hyguide_ros.msg import AudioChunk, SpeechSegment, VoiceActivity
from hyguide_ros.nodes.checks import InputGuard, check_audio_chunk
from hyguide_ros.nodes.common import (
    declare_config,
    diagnostics,
    diagnostics_timer,
    from_seconds,
    param,
    run,
    samples_from_msg,
    samples_to_msg,
    to_seconds,
)

_RUN_TIME = ("threshold", "neg_threshold")     # the rest of VadConfig needs a restart


class VadNode(Node):
    def __init__(self, **node_options) -> None:      # node_options: rclpy Node keywords (context, ...)
        super().__init__("vad", **node_options)
        config = declare_config(self, VadConfig, dynamic=_RUN_TIME)
        self.barge_in = param(self, "barge_in", False)
        self.segmenter = SpeechSegmenter(config)
        self.add_on_set_parameters_callback(self._on_set_parameters)
        self._chunker = Chunker(CHUNK_SAMPLES)
        self._turn_ids = itertools.count(1)
        self.turn_id = 0
        self.counts = {"chunks": 0, "rejected_chunks": 0, "empty_chunks": 0, "dropped_chunks": 0, "segments": 0}
        self._last_sequence: int | None = None
        self._last_rejection = ""
        self._speaking = False
        self._busy_s = 0.0
        self._activity_pub = self.create_publisher(VoiceActivity, "vad/activity", 10)
        self._segment_pub = self.create_publisher(SpeechSegment, "vad/segment", 10)
        self._diag_pub = self.create_publisher(DiagnosticArray, "/diagnostics", 10)
        self.guard = InputGuard(self)
        self.create_subscription(AudioChunk, "audio/raw", self.guard.topic("audio/raw", self._on_audio, check_audio_chunk),
                                 1000)
        self.create_subscription(Bool, "tts/speaking", self.guard.topic("tts/speaking", self._on_speaking), 10)
        diagnostics_timer(self, self._publish_diagnostics)
        self.get_logger().info(f"silero VAD ready ({self.segmenter.model.model_path.name}, threshold "
                               f"{config.threshold}, barge_in={self.barge_in})")

    def _on_set_parameters(self, parameters: list[Parameter]) -> SetParametersResult:
        """threshold and neg_threshold apply from the next chunk on, or are refused with the reason."""
        changes = {p.name: p.value for p in parameters if p.name in _RUN_TIME}
        if not changes:
            return SetParametersResult(successful=True)
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in changes.values()):
            return SetParametersResult(successful=False, reason=f"{', '.join(changes)} must be numbers")
        candidate = dataclasses.replace(self.segmenter.config, **{k: float(v) for k, v in changes.items()})
        try:
            candidate.validate()
        except ValueError as exc:
            return SetParametersResult(successful=False, reason=str(exc))
        self.segmenter.config = candidate
        return SetParametersResult(successful=True)

    def _on_speaking(self, msg: Bool) -> None:
        if not self.barge_in:
            self.segmenter.mute(msg.data)

    def _on_audio(self, msg: AudioChunk) -> None:
        if msg.sample_rate != SAMPLE_RATE or msg.channels != 1:
            self.counts["rejected_chunks"] += 1
            self._last_rejection = f"{msg.sample_rate} Hz x {msg.channels} ch (need {SAMPLE_RATE} Hz mono)"
            self.get_logger().warning(f"dropping audio: {self._last_rejection}", throttle_duration_sec=5.0)
            return
        if not len(msg.data):
            self.counts["empty_chunks"] += 1
            return
        if self._last_sequence is not None and msg.sequence > self._last_sequence + 1:
            self.counts["dropped_chunks"] += msg.sequence - self._last_sequence - 1
        self._last_sequence = msg.sequence
        start = time.perf_counter()
        # an unstamped chunk was captured now (a zero stamp would put the segment before 1970)
        end_of_chunk = (to_seconds(msg.stamp) or time.time()) + len(msg.data) / SAMPLE_RATE
        for chunk in self._chunker.push(samples_from_msg(msg.data)):
            self.counts["chunks"] += 1
            for event in self.segmenter.push(chunk):
                self._handle(event, end_of_chunk)
        self._busy_s += time.perf_counter() - start

    def _handle(self, event, end_of_chunk: float) -> None:
        if event.kind == "start":
            self.turn_id = next(self._turn_ids)
            self._publish_activity(True, event.probability)
            return
        speech_end = end_of_chunk - event.silence_samples / SAMPLE_RATE
        segment = SpeechSegment(turn_id=self.turn_id, duration_s=event.audio.size / SAMPLE_RATE,
                                truncated=event.truncated, sample_rate=SAMPLE_RATE,
                                start=from_seconds(end_of_chunk - event.audio.size / SAMPLE_RATE),
                                end=from_seconds(speech_end))
        segment.data = samples_to_msg(event.audio)
        self._segment_pub.publish(segment)
        self.counts["segments"] += 1
        self.get_logger().info(f"turn {self.turn_id}: utterance of {segment.duration_s:.2f} s"
                               + (" (split at the maximum length)" if event.truncated else ""))
        if not event.truncated:
            self._publish_activity(False, event.probability)

    def _publish_activity(self, speaking: bool, probability: float) -> None:
        self._speaking = speaking
        self._activity_pub.publish(VoiceActivity(speaking=speaking, probability=probability, turn_id=self.turn_id,
                                                 stamp=self.get_clock().now().to_msg()))

    def _publish_diagnostics(self) -> None:
        self._publish_activity(self._speaking, self.segmenter.last_probability)
        n = max(1, self.counts["chunks"])
        ok = not self.counts["rejected_chunks"]
        self._diag_pub.publish(diagnostics(
            self, "vad", ok, f"rejected audio: {self._last_rejection}" if not ok else
            ("muted (robot speaking)" if self.segmenter.muted else "listening"),
            {**self.counts, "us_per_chunk": self._busy_s / n * 1e6, "speaking": self._speaking,
             "probability": self.segmenter.last_probability}))


def main(args: list[str] | None = None) -> None:
    run(VadNode, "vad_node", args)


if __name__ == "__main__":
    main()
