"""ROS 2 node `audio_capture`: microphone or WAV file -> `audio/raw` (16 kHz mono AudioChunk, 512 samples).

    ros2 run hyguide_ros audio_capture_node --ros-args -r __ns:=/hyguide -p source:=wav -p wav_path:=q.wav
"""
from __future__ import annotations

import threading
import time

from diagnostic_msgs.msg import DiagnosticArray
from rclpy.node import Node

from hyguide_ros.engines.audio import CHUNK_SAMPLES, MicrophoneSource, WavSource
from hyguide_ros.msg import AudioChunk
from hyguide_ros.nodes.common import (
    diagnostics,
    diagnostics_timer,
    from_seconds,
    param,
    publish_from_thread,
    run,
    samples_to_msg,
)


class AudioCaptureNode(Node):
    def __init__(self, **node_options) -> None:      # node_options: rclpy Node keywords (context, ...)
        super().__init__("audio_capture", **node_options)
        source = param(self, "source", "microphone")      # microphone or wav
        device = param(self, "device", "")                # name part or index; "" = default
        wav_path = param(self, "wav_path", "")
        realtime = param(self, "realtime", True)          # pace the file like a microphone
        tail_silence_s = param(self, "tail_silence_s", 1.0)
        loop = param(self, "loop", False)
        start_delay_s = param(self, "start_delay_s", 0.0)  # let subscribers connect first
        if source == "wav":
            if not wav_path:
                raise ValueError("source is wav but wav_path is empty")
            self.source = WavSource(wav_path, realtime=realtime, tail_silence_s=tail_silence_s, loop=loop)
            what = f"{wav_path} ({self.source.source_rate} Hz, {self.source.source_channels} ch, " \
                   f"{self.source.duration_s:.1f} s)"
            if not self.source.audio_s:
                self.get_logger().warning(f"{wav_path} holds no audio: only {tail_silence_s} s of silence follow")
        elif source == "microphone":
            self.source = MicrophoneSource(device or None)
            what = f"microphone {device or '(default)'}"
        else:
            raise ValueError(f"source must be microphone or wav, not {source!r}")
        self._pub = self.create_publisher(AudioChunk, "audio/raw", 1000)   # a WAV read fast must not overrun
        self._diag_pub = self.create_publisher(DiagnosticArray, "/diagnostics", 10)
        diagnostics_timer(self, self._publish_diagnostics)
        self.sequence = 0
        self.finished = False
        self._start_delay_s = start_delay_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._capture, daemon=True)
        self._thread.start()
        self.get_logger().info(f"capturing {what}")

    def _capture(self) -> None:
        if self._stop.wait(self._start_delay_s):
            return
        for chunk in self.source:
            if self._stop.is_set():
                return
            msg = AudioChunk(sequence=self.sequence, sample_rate=self.source.sample_rate, channels=1,
                             stamp=from_seconds(time.time() - CHUNK_SAMPLES / self.source.sample_rate))
            msg.data = samples_to_msg(chunk)
            if not publish_from_thread(self, self._pub, msg):
                return
            self.sequence += 1
        self.finished = True
        self.get_logger().info(f"end of input after {self.sequence} chunks")

    def _publish_diagnostics(self) -> None:
        dropped = self.source.dropped_chunks
        empty = isinstance(self.source, WavSource) and not self.source.audio_s
        message = "the WAV file holds no audio" if empty else f"dropped {dropped} chunks" if dropped else \
            "finished" if self.finished else "capturing"
        self._diag_pub.publish(diagnostics(self, "audio_capture", not (dropped or empty), message,
                                           {"chunks": self.sequence, "dropped_chunks": dropped}))

    def close(self) -> None:
        self._stop.set()
        self.source.close()
        self._thread.join(timeout=2)     # no publish after the node is destroyed


def main(args: list[str] | None = None) -> None:
    run(AudioCaptureNode, "audio_capture_node", args)


if __name__ == "__main__":
    main()
