"""ROS 2 node `tts`: `guide/reply` -> piper or espeak-ng -> `tts/audio` (+ the speaker, a WAV file), `tts/speaking`.

Each language has its own voice (a piper voice, else the espeak-ng fallback); a reply in a language
no voice speaks is counted and skipped, never read by another language's voice. The voices and their
languages are logged at start and reported on /diagnostics.

Sentences are synthesised as they arrive (`stream_sentences`), so the robot starts talking before
the reply is complete; without it the whole reply is synthesised at its last sentence. When the
first audio of a turn goes out, the turn's latency breakdown is published on `turn/latency`.
With `barge_in`, speech heard during playback (`vad/activity`) cuts the playback short.
"""
from __future__ import annotations

import dataclasses
import queue
import threading
import time
from collections import OrderedDict

from diagnostic_msgs.msg import DiagnosticArray
from rcl_interfaces.msg import SetParametersResult
from rclpy.node import Node
from rclpy.parameter import Parameter
from std_msgs.msg import Bool

from hyguide_ros.engines.audio import SpeakerSink, WavSink
from hyguide_ros.engines.speech_text import SpeechText
from hyguide_ros.engines.tts import NoVoiceError, SpokenLength, Synthesizer, TtsConfig
from hyguide_ros.guide.languages import LANGUAGES
from hyguide_ros.knowledge import load_knowledge_base
from hyguide_ros.msg import AudioChunk, GuideReply, TurnLatency, VoiceActivity
from hyguide_ros.nodes.checks import InputGuard, check_activity, check_reply
from hyguide_ros.nodes.common import (
    START_ERRORS,
    declare_config,
    diagnostics,
    diagnostics_timer,
    from_seconds,
    param,
    publish_from_thread,
    run,
    samples_to_msg,
    wall_ms_since,
)

PLAYBACK_QUEUE = 256        # sentences waiting for the speaker
PENDING_TURNS = 32          # whole-reply mode: replies being gathered
PENDING_SENTENCES = 64      # ... and sentences per reply


class TtsNode(Node):
    def __init__(self, **node_options) -> None:      # node_options: rclpy Node keywords (context, ...)
        super().__init__("tts", **node_options)
        config = declare_config(self, TtsConfig, dynamic=("voices", "fallback_voices", "length_scale", "volume"))
        # Korean names in English replies are said by the knowledge base's English names.
        kb_path = param(self, "knowledge_base", "", description="KB whose English place names the English voice "
                        "says for Korean names (\"\" = the shipped campus KB)")
        self.speech_text = SpeechText.from_knowledge_base(load_knowledge_base(kb_path))
        self.stream_sentences = param(self, "stream_sentences", True)
        playback = param(self, "playback", True)
        device = param(self, "output_device", "")
        output_wav = param(self, "output_wav", "")      # also write what is said here
        self.chunk_samples = param(self, "chunk_samples", 16384)   # 0.74 s at 22.05 kHz: few messages per sentence
        self.barge_in = param(self, "barge_in", False)
        # A spoken reply stays short: the answer and the first step; the whole reply is on guide/reply.
        self.spoken_length = SpokenLength(
            param(self, "max_spoken_sentences", 2, description="sentences of a reply that are said (the rest "
                  "stays on guide/reply); 0 = all"),
            param(self, "max_spoken_s", 12.0, description="a reply's sentences are said while they fit in this "
                  "many seconds (the first always is); 0 = no limit"))
        started = time.perf_counter()
        self.synth = Synthesizer(config, self.speech_text)
        self.load_s = time.perf_counter() - started
        self.add_on_set_parameters_callback(self._on_set_parameters)
        self.sinks = ([SpeakerSink(device or None)] if playback else []) + ([WavSink(output_wav)] if output_wav else [])
        self._audio_pub = self.create_publisher(AudioChunk, "tts/audio", 50)
        self._speaking_pub = self.create_publisher(Bool, "tts/speaking", 10)
        self._latency_pub = self.create_publisher(TurnLatency, "turn/latency", 10)
        self._diag_pub = self.create_publisher(DiagnosticArray, "/diagnostics", 10)
        self.guard = InputGuard(self)
        self.create_subscription(GuideReply, "guide/reply", self.guard.topic("guide/reply", self._on_reply, check_reply),
                                 1000)
        if self.barge_in:
            self.create_subscription(VoiceActivity, "vad/activity",
                                     self.guard.topic("vad/activity", self._on_activity, check_activity), 10)
        diagnostics_timer(self, self._publish_diagnostics)
        # Bounded: a playback that falls behind, or replies whose end never comes, drop (counted) the oldest.
        self._playback: queue.Queue[tuple | None] = queue.Queue(PLAYBACK_QUEUE)   # (samples, rate, turn, is_final)
        self._pending: OrderedDict[int, list[GuideReply]] = OrderedDict()       # whole-reply mode: sentences so far
        self._interrupted_turn = -1
        self._talking = threading.Event()          # between the first audio of a turn and its end
        self._turn_with_audio = -1
        self._said = (-1, 0, 0.0, False)           # the current turn: sentences and seconds said, and whether
                                                    # a sentence was left unsaid (the rest of the turn is too)
        self.sequence = 0
        self.counts = {"sentences": 0, "turns": 0, "interrupted": 0, "dropped_replies": 0, "dropped_audio": 0,
                       "no_voice": 0, "unspoken_sentences": 0}
        self.last_rtf = 0.0
        self._worker = threading.Thread(target=self._play, daemon=True)
        self._worker.start()
        for warning in self.synth.warnings:       # a named voice not on this machine: espeak-ng says it
            self.get_logger().warning(warning)
        self.get_logger().info(f"voices ready: {self._voice_list()}, loaded in {self.load_s:.1f} s, "
                               f"stream_sentences={self.stream_sentences}")
        self._warn_unvoiced()

    def _warn_unvoiced(self) -> None:
        for language in LANGUAGES:
            if language not in self.synth.describe():
                self.get_logger().warning(f"no voice speaks {language!r}: its replies will not be said "
                                          f"(set voices.{language} or fallback_voices.{language})")

    def _voice_list(self) -> str:
        return ", ".join(f"{language}={name}" for language, name in self.synth.describe().items())

    def _on_set_parameters(self, parameters: list[Parameter]) -> SetParametersResult:
        """voices.<language>, fallback_voices.<language>, length_scale and volume at run time: the voices
        are loaded anew and used from the next sentence on, or the change is refused with the reason (a
        voice that does not load, or one that does not speak that language)."""
        config = self.synth.config
        tables = {"voices": dict(config.voices), "fallback_voices": dict(config.fallback_voices)}
        scalars = {}
        for p in parameters:
            table = p.name.split(".", 1)[0]
            if table in tables and "." in p.name:
                if not isinstance(p.value, str):
                    return SetParametersResult(successful=False, reason=f"{p.name} must be a voice name or path")
                tables[table][p.name.split(".", 1)[1]] = p.value
            elif p.name in ("length_scale", "volume"):
                if isinstance(p.value, bool) or not isinstance(p.value, (int, float)) or not 0.1 <= p.value <= 10:
                    return SetParametersResult(successful=False, reason=f"{p.name} must be a number within 0.1..10")
                scalars[p.name] = float(p.value)
        if tables == {"voices": config.voices, "fallback_voices": config.fallback_voices} and not scalars:
            return SetParametersResult(successful=True)
        try:
            synth = Synthesizer(dataclasses.replace(config, **tables, **scalars), self.speech_text, strict=True)
        except START_ERRORS as exc:
            return SetParametersResult(successful=False, reason=str(exc))
        self.synth = synth
        self.get_logger().info(f"voices now: {self._voice_list()}")
        self._warn_unvoiced()
        return SetParametersResult(successful=True)

    # Synthesis and publishing happen in the callback (no thread hand-off before the first audio);
    # playback, which takes as long as the speech, happens in the worker.
    def _on_reply(self, msg: GuideReply) -> None:
        if not self.stream_sentences:
            parts = self._pending.setdefault(msg.turn_id, [])
            if len(parts) < PENDING_SENTENCES:
                parts.append(msg)
            while len(self._pending) > PENDING_TURNS:          # replies whose end never came
                self._pending.popitem(last=False)
                self.counts["dropped_replies"] += 1
            if not msg.is_final:
                return
            whole = self._pending.pop(msg.turn_id)
            limit = self.spoken_length.max_sentences
            kept = whole[:limit] if limit > 0 else whole
            self.counts["unspoken_sentences"] += len(whole) - len(kept)
            msg = whole[0]
            msg.spoken = " ".join(m.spoken or m.text for m in kept if m.text)
            msg.is_final = True
        if msg.text and msg.turn_id != self._interrupted_turn:
            self._say(msg)
        if msg.is_final:
            self.counts["turns"] += 1
            self._queue_playback((None, 0, msg.turn_id, True))

    def _on_activity(self, msg: VoiceActivity) -> None:
        if msg.speaking and self._talking.is_set():
            self._interrupted_turn = self._turn_with_audio
            self.counts["interrupted"] += 1
            for sink in self.sinks:
                sink.stop()

    def _say(self, msg: GuideReply) -> None:
        turn, said, seconds, closed = self._said if self._said[0] == msg.turn_id else (msg.turn_id, 0, 0.0, False)
        if closed or not self.spoken_length.keeps(said, seconds):
            self.counts["unspoken_sentences"] += 1
            return
        try:
            speech = self.synth.synthesize(msg.spoken or msg.text, msg.language)   # the form meant to be heard
        except NoVoiceError as exc:
            self.counts["no_voice"] += 1
            self.get_logger().error(str(exc), throttle_duration_sec=10.0)
            return
        if not self.spoken_length.keeps(said, seconds, speech.duration_s):
            self.counts["unspoken_sentences"] += 1
            self._said = (turn, said, seconds, True)
            return
        self._said = (turn, said + 1, seconds + speech.duration_s, False)
        self.counts["sentences"] += 1
        self.last_rtf = speech.seconds / speech.duration_s if speech.duration_s else 0.0
        if not speech.samples.size:
            return
        first = self._turn_with_audio != msg.turn_id
        if first:
            self._turn_with_audio = msg.turn_id
            self._talking.set()
            self._speaking_pub.publish(Bool(data=True))
        start = time.time()
        for i in range(0, speech.samples.size, self.chunk_samples):
            chunk = AudioChunk(turn_id=msg.turn_id, sequence=self.sequence, sample_rate=speech.sample_rate,
                               channels=1, stamp=from_seconds(start + i / speech.sample_rate))
            chunk.data = samples_to_msg(speech.samples[i:i + self.chunk_samples])
            self._audio_pub.publish(chunk)
            self.sequence += 1
            if i == 0 and first:
                self._publish_latency(msg)
        self._queue_playback((speech.samples, speech.sample_rate, msg.turn_id, False))

    def _queue_playback(self, item: tuple) -> None:
        try:
            self._playback.put(item, timeout=1.0)
        except queue.Full:
            self.counts["dropped_audio"] += 1

    def _play(self) -> None:
        while (item := self._playback.get()) is not None:
            samples, rate, turn, is_final = item
            if samples is not None and turn != self._interrupted_turn:
                for sink in self.sinks:
                    sink.write(samples, rate)
            if is_final and self._turn_with_audio == turn and self._talking.is_set():
                self._talking.clear()
                publish_from_thread(self, self._speaking_pub, Bool(data=False))

    def _publish_latency(self, first: GuideReply) -> None:
        lat = first.latency
        lat.turn_id = first.turn_id
        lat.first_sentence_to_first_audio_ms = float(wall_ms_since(first.stamp))
        lat.speech_end_to_first_audio_ms = float(wall_ms_since(lat.speech_end))
        self._latency_pub.publish(lat)
        self.get_logger().info(
            f"turn {lat.turn_id}: speech end -> transcript {lat.speech_end_to_transcript_ms:.0f} ms, -> first token "
            f"{lat.transcript_to_first_token_ms:.0f} ms, -> first sentence {lat.first_token_to_first_sentence_ms:.0f} "
            f"ms, -> first audio {lat.first_sentence_to_first_audio_ms:.0f} ms; total {lat.speech_end_to_first_audio_ms:.0f} ms")

    def _publish_diagnostics(self) -> None:
        dropped = self.counts["dropped_replies"] + self.counts["dropped_audio"]
        problem = (f"dropping: {dropped} replies or sentences" if dropped else
                   f"no voice for {self.counts['no_voice']} sentences" if self.counts["no_voice"] else "")
        self._diag_pub.publish(diagnostics(self, "tts", not problem, problem or "voices loaded",
                                           {**self.counts, "voices": self._voice_list(),
                                            **{f"voice.{k}": v for k, v in self.synth.describe().items()},
                                            "load_s": self.load_s, "real_time_factor": self.last_rtf,
                                            "queued_for_playback": self._playback.qsize()}))

    def close(self) -> None:
        try:
            self._playback.put(None, timeout=5)
        except queue.Full:
            pass                                 # the worker is a daemon thread: it ends with the process
        self._worker.join(timeout=5)
        for sink in self.sinks:
            sink.close()


def main(args: list[str] | None = None) -> None:
    run(TtsNode, "tts_node", args)


if __name__ == "__main__":
    main()
