"""Start the hyguide node graph without `ros2 launch` (hosts with the PyPI ROS 2 wheels lack it).

    voice_graph --input wav:question.wav --asr-model ~/models/whisper-small-ct2 \\
                --voice-ko ~/voices/ko.onnx --voice-en en_US-lessac-medium [--composed]

Same nodes, parameters and topics as launch/guide.launch.py: one process per node (or one composed
process), the shipped config/guide.yaml with the options written over it into a temporary
parameters file. A node that exits (say, a missing model file) is reported; the others keep running.
Ctrl-C stops them all.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .knowledge import LANGUAGES

NODES = {"audio_capture": "audio_capture_node", "vad": "vad_node", "asr": "asr_node", "guide": "guide_node",
         "tts": "tts_node"}
SOURCE_DIR = Path(__file__).resolve().parent.parent


def default_params_file() -> Path:
    try:
        from ament_index_python.packages import get_package_share_directory
        return Path(get_package_share_directory("hyguide_ros")) / "config" / "guide.yaml"
    except Exception:          # not installed: the source tree's copy
        return SOURCE_DIR / "config" / "guide.yaml"


def executable_dir() -> Path:
    try:
        from ament_index_python.packages import get_package_prefix
        return Path(get_package_prefix("hyguide_ros")) / "lib" / "hyguide_ros"
    except Exception:
        return SOURCE_DIR / "scripts"


@dataclass
class GraphOptions:
    namespace: str = "/hyguide"
    params_file: Path = field(default_factory=default_params_file)
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)   # node -> {"llm.backend": ..., ...}
    nodes: list[str] = field(default_factory=lambda: list(NODES))
    composed: bool = False
    log_level: str = "info"

    def set(self, node: str, name: str, value: Any) -> "GraphOptions":
        if node not in NODES and node != "*":
            raise ValueError(f"unknown node {node!r}; nodes: {', '.join(NODES)}")
        self.overrides.setdefault(node, {})[name] = value
        return self


def write_params(options: GraphOptions, path: Path) -> Path:
    """config/guide.yaml with the overrides written into each node's section."""
    data = yaml.safe_load(Path(options.params_file).read_text(encoding="utf-8")) or {}
    for node, values in options.overrides.items():
        section = data.setdefault("/**" if node == "*" else f"/**/{node}", {}).setdefault("ros__parameters", {})
        for name, value in values.items():
            target = section
            *parents, leaf = name.split(".")
            for part in parents:
                target = target.setdefault(part, {})
            target[leaf] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def node_commands(options: GraphOptions, params_path: Path) -> dict[str, list[str]]:
    ros_args = ["--ros-args", "-r", f"__ns:={options.namespace}", "--params-file", str(params_path),
                "--log-level", options.log_level]
    bin_dir = executable_dir()
    if options.composed:
        return {"composed": [sys.executable, str(bin_dir / "composed_node"), *ros_args]}
    return {name: [sys.executable, str(bin_dir / NODES[name]), *ros_args] for name in options.nodes}


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Graph:
    """The running node processes. Use as a context manager, or start() / stop()."""

    def __init__(self, options: GraphOptions, env: dict[str, str] | None = None, output=None):
        self.options = options
        self.env = dict(env or os.environ)
        if options.composed:
            self.env["HYGUIDE_NODES"] = ",".join(options.nodes)
        self.output = output
        self.processes: dict[str, subprocess.Popen] = {}
        self._tmp = tempfile.TemporaryDirectory(prefix="hyguide-graph-")
        self.params_path = write_params(options, Path(self._tmp.name) / "params.yaml")

    def start(self) -> "Graph":
        for name, argv in node_commands(self.options, self.params_path).items():
            # SIGINT at its default in the node: started from a shell's background job it would be
            # ignored, and stop() could not end the node cleanly
            self.processes[name] = subprocess.Popen(argv, env=self.env, stdout=self.output, stderr=subprocess.STDOUT
                                                    if self.output is not None else None, text=True,
                                                    preexec_fn=_default_sigint)
        return self

    def exited(self) -> dict[str, int]:
        return {name: p.returncode for name, p in self.processes.items() if p.poll() is not None}

    def stop(self, timeout: float = 10.0) -> None:
        for p in self.processes.values():
            if p.poll() is None:
                p.send_signal(signal.SIGINT)
        deadline = time.monotonic() + timeout
        for p in self.processes.values():
            try:
                p.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self._tmp.cleanup()

    def __enter__(self) -> "Graph":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def parse_args(argv: list[str] | None = None) -> GraphOptions:
    ap = argparse.ArgumentParser(prog="voice_graph", description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", default="mic", help="mic, mic:DEVICE (name part or index) or wav:PATH")
    ap.add_argument("--fast", action="store_true", help="read a WAV input as fast as possible, not in real time")
    ap.add_argument("--asr-model", help="faster-whisper size name or CTranslate2 directory")
    ap.add_argument("--asr-device", help="cpu or cuda")
    ap.add_argument("--llm-model", help="GGUF file for the LLM step (llama.cpp)")
    ap.add_argument("--llm-url", help="OpenAI-compatible server instead (with --llm-api-model)")
    ap.add_argument("--llm-api-model", help="model name on that server")
    ap.add_argument("--gpu-layers", type=int, help="llama.cpp layers on the GPU (-1 = all)")
    ap.add_argument("--voice-ko", help="piper voice for Korean (.onnx path or name)")
    ap.add_argument("--voice-en", help="piper voice for English (.onnx path or name)")
    ap.add_argument("--language", choices=["auto", *LANGUAGES], help="recognition and reply language")
    ap.add_argument("--no-playback", action="store_true", help="do not play replies on the speaker")
    ap.add_argument("--output-wav", help="also write the spoken replies to this WAV file")
    ap.add_argument("--barge-in", action="store_true", help="listen while speaking; speech stops playback")
    ap.add_argument("--namespace", default="/hyguide")
    ap.add_argument("--params-file", type=Path, default=None, help="parameters YAML (default: config/guide.yaml)")
    ap.add_argument("--nodes", default=",".join(NODES), help="nodes to start, comma-separated")
    ap.add_argument("--composed", action="store_true", help="all nodes in one process (less memory)")
    ap.add_argument("--set", action="append", default=[], metavar="NODE.PARAM=VALUE",
                    help="any parameter, e.g. vad.threshold=0.6 or guide.llm.n_ctx=4096 (YAML value)")
    ap.add_argument("--log-level", default="info")
    a = ap.parse_args(argv)
    o = GraphOptions(namespace=a.namespace, nodes=[n for n in a.nodes.split(",") if n], composed=a.composed,
                     log_level=a.log_level)
    if a.params_file:
        o.params_file = a.params_file
    for n in o.nodes:
        if n not in NODES:
            ap.error(f"unknown node {n!r}; nodes: {', '.join(NODES)}")
    kind, _, value = a.input.partition(":")
    if kind == "wav":
        o.set("audio_capture", "source", "wav").set("audio_capture", "wav_path", str(Path(value).expanduser()))
        o.set("audio_capture", "realtime", not a.fast)
    elif kind == "mic":
        o.set("audio_capture", "source", "microphone").set("audio_capture", "device", value)
    else:
        ap.error("--input is mic, mic:DEVICE or wav:PATH")
    if a.asr_model:
        o.set("asr", "model", a.asr_model)
    if a.asr_device:
        o.set("asr", "device", a.asr_device)
        o.set("asr", "compute_type", "float16" if a.asr_device == "cuda" else "int8")
    if a.llm_model:
        o.set("guide", "llm.backend", "llama_cpp").set("guide", "llm.model_path", a.llm_model)
    if a.llm_url:
        o.set("guide", "llm.backend", "openai").set("guide", "llm.base_url", a.llm_url)
        o.set("guide", "llm.api_model", a.llm_api_model or "")
    if a.gpu_layers is not None:
        o.set("guide", "llm.n_gpu_layers", a.gpu_layers)
    if a.voice_ko is not None:
        o.set("tts", "voices.ko", a.voice_ko)
    if a.voice_en is not None:
        o.set("tts", "voices.en", a.voice_en)
    if a.language:
        o.set("asr", "language", a.language).set("guide", "language", a.language)
    if a.no_playback:
        o.set("tts", "playback", False)
    if a.output_wav:
        o.set("tts", "output_wav", a.output_wav)
    if a.barge_in:
        o.set("vad", "barge_in", True).set("tts", "barge_in", True)
    for item in a.set:
        key, eq, value = item.partition("=")
        node, _, name = key.partition(".")
        if not eq or not name:
            ap.error(f"--set takes NODE.PARAM=VALUE, not {item!r}")
        o.set(node, name, yaml.safe_load(value))
    return o


def main(argv: list[str] | None = None) -> None:
    options = parse_args(argv)
    graph = Graph(options).start()
    print(f"voice_graph: started {', '.join(graph.processes)} in {options.namespace} (Ctrl-C stops)", flush=True)
    reported: set[str] = set()
    try:
        while len(reported) < len(graph.processes):
            for name, code in graph.exited().items():
                if name not in reported:
                    reported.add(name)
                    print(f"voice_graph: {name} exited with status {code}"
                          + ("; the other nodes keep running" if len(reported) < len(graph.processes) else ""),
                          file=sys.stderr, flush=True)
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        graph.stop()


if __name__ == "__main__":
    main()
