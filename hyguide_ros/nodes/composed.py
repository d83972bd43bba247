"""The whole voice graph in one process (`composed_node`): less memory on the 8 GB Orin Nano.

One Python interpreter, one DDS participant, the libraries loaded once; each node keeps its own
name, parameters and topics, and a multi-threaded executor lets ASR, the LLM and TTS overlap.
The environment variable HYGUIDE_NODES (e.g. "vad,asr,guide,tts") picks which nodes run; all by default.
"""
from __future__ import annotations

import os
import signal
import sys

import rclpy
from rclpy.executors import ExternalShutdownException, MultiThreadedExecutor

from hyguide_ros.nodes.asr_node import AsrNode
from hyguide_ros.nodes.audio_capture_node import AudioCaptureNode
from hyguide_ros.nodes.common import START_ERRORS
from hyguide_ros.nodes.guide_node import GuideNode
from hyguide_ros.nodes.tts_node import TtsNode
from hyguide_ros.nodes.vad_node import VadNode

NODES = {"audio_capture": AudioCaptureNode, "vad": VadNode, "asr": AsrNode, "guide": GuideNode, "tts": TtsNode}


def main(args: list[str] | None = None) -> None:
    names = [n for n in os.environ.get("HYGUIDE_NODES", ",".join(NODES)).split(",") if n]
    unknown = [n for n in names if n not in NODES]
    if unknown:
        print(f"composed_node: unknown node(s) {', '.join(unknown)}; known: {', '.join(NODES)}", file=sys.stderr)
        sys.exit(2)
    rclpy.init(args=args)
    executor = MultiThreadedExecutor(num_threads=len(names) + 1)
    nodes = []
    try:
        for name in names:
            try:
                nodes.append(NODES[name]())
            except START_ERRORS as exc:      # one node that cannot start does not take the others down
                print(f"composed_node: {name}: {exc}", file=sys.stderr, flush=True)
    except KeyboardInterrupt:                # stopped while loading models
        names = []
    if not nodes or not names:
        for node in nodes:
            node.destroy_node()
        rclpy.try_shutdown()
        sys.exit(2 if names else 0)
    for node in nodes:
        executor.add_node(node)
    try:
        executor.spin()
    except (KeyboardInterrupt, ExternalShutdownException):
        pass
    except Exception:
        if rclpy.ok():                       # not the shutdown a Ctrl-C under traffic ends in (see common.run)
            raise
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)     # a second Ctrl-C must not cut the clean-up short
        for node in nodes:
            close = getattr(node, "close", None)
            if close:
                close()
            node.destroy_node()
        rclpy.try_shutdown()


if __name__ == "__main__":
    main()
