"""launch_testing: the whole voice graph started by launch/guide.launch.py, with the tests' tiny models.

A question WAV goes in (`input:=wav`); a final GuideReply, a turn latency and a TTS WAV come out; every
process ends cleanly on shutdown. Run twice: one process per node, and `composed:=true`.
Run by `make test` (pytest) and `colcon test` / `launch_test` on ROS hosts; skipped where launch_testing
is not installed (the set-up installs it from ../shared/ros2-tools).
"""
import os
import random
import sys
import tempfile
import unittest
from pathlib import Path

import pytest

launch_testing = pytest.importorskip(
    "launch_testing", reason="launch_testing is not installed (make setup installs it from ../shared/ros2-tools)")

import launch  # noqa: E402
import launch_testing.actions  # noqa: E402, F811  (the module importorskip returned, with its submodule)
import launch_testing.asserts  # noqa: E402
from ament_index_python.packages import get_package_share_directory  # noqa: E402
from launch.launch_description_sources import PythonLaunchDescriptionSource  # noqa: E402

from hyguide_eval.ros_probe import RosProbe  # noqa: E402
from hyguide_ros.engines.audio import read_wav  # noqa: E402
from hyguide_ros.launcher import GraphOptions, write_params  # noqa: E402
from hyguide_ros.msg import GuideReply, TurnLatency  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))     # the tests' helpers
from tiny_models import make_tiny_gguf, make_tiny_piper_voice, make_tiny_whisper, speak  # noqa: E402

NS = "/hyguide_launch_test"
DOMAIN = random.randint(40, 59)              # a private graph: nothing else on this host hears it
WORK = Path(tempfile.mkdtemp(prefix="hyguide-voice-launch-"))


def _models() -> dict:
    """The tiny models and the spoken question, made once per test file."""
    return {"whisper": make_tiny_whisper(WORK / "whisper-ct2"), "voice_ko": make_tiny_piper_voice(WORK / "ko.onnx", "ko"),
            "voice_en": make_tiny_piper_voice(WORK / "en.onnx", "en-us"), "gguf": make_tiny_gguf(WORK / "tiny.gguf"),
            "question": speak("한양플라자 어디에 있어요?", WORK / "question_ko.wav", "ko")}


MODELS = _models()


def _config(said: Path) -> Path:
    """config/guide.yaml with what the launch arguments do not cover: the WAV paced and started late
    enough for every node to be up, a short ASR decode, the spoken reply written to a file."""
    o = GraphOptions(params_file=Path(get_package_share_directory("hyguide_ros")) / "config" / "guide.yaml")
    o.set("audio_capture", "realtime", True).set("audio_capture", "start_delay_s", 8.0)
    o.set("asr", "max_new_tokens", 8).set("guide", "llm.max_tokens", 24)
    o.set("tts", "output_wav", str(said)).set("*", "diagnostics_period_s", 0.5)
    return write_params(o, said.with_suffix(".yaml"))


@pytest.mark.launch_test
@launch_testing.parametrize("composed", ["false", "true"])
def generate_test_description(composed):
    said = WORK / f"said-{'composed' if composed == 'true' else 'separate'}.wav"
    said.unlink(missing_ok=True)
    arguments = {"namespace": NS, "config": str(_config(said)), "composed": composed, "input": "wav",
                 "wav_path": str(MODELS["question"]), "asr_model": str(MODELS["whisper"]),
                 "llm_backend": "llama_cpp", "llm_model": str(MODELS["gguf"]), "voice_ko": str(MODELS["voice_ko"]),
                 "voice_en": str(MODELS["voice_en"]), "playback": "false"}
    graph = launch.actions.IncludeLaunchDescription(
        PythonLaunchDescriptionSource(os.path.join(get_package_share_directory("hyguide_ros"), "launch",
                                                   "guide.launch.py")),
        launch_arguments=arguments.items())
    return launch.LaunchDescription([
        launch.actions.SetEnvironmentVariable("ROS_DOMAIN_ID", str(DOMAIN)),
        launch.actions.SetEnvironmentVariable("ROS_AUTOMATIC_DISCOVERY_RANGE", "LOCALHOST"),
        graph, launch_testing.actions.ReadyToTest()]), {"said": said}


class TestSpokenQuestion(unittest.TestCase):
    def test_wav_question_gets_a_final_reply_and_a_latency(self):
        with RosProbe("voice_launch_probe", NS, DOMAIN) as probe:
            replies = probe.record(GuideReply, "guide/reply", 50)
            latencies = probe.record(TurnLatency, "turn/latency", 10)
            # the reply streams by sentence; the latency follows the first audio
            probe.spin_until(lambda: latencies and any(r.is_final for r in replies), 90, "turn/latency and a final reply")
            turn = [r for r in replies if r.turn_id == latencies[0].turn_id]
            self.assertTrue(turn and turn[-1].is_final and turn[0].text, turn)
            self.assertGreater(latencies[0].speech_end_to_transcript_ms, 0)
            self.assertGreaterEqual(latencies[0].speech_end_to_first_audio_ms,
                                    latencies[0].speech_end_to_transcript_ms)


@launch_testing.post_shutdown_test()
class TestShutdown(unittest.TestCase):
    def test_every_process_ended_cleanly(self, proc_info):
        launch_testing.asserts.assertExitCodes(proc_info)     # exit 0 after the launch's SIGINT

    def test_the_reply_was_spoken_to_a_wav(self, said):
        samples, rate, _ = read_wav(said)                    # written whole when the tts node stops
        self.assertEqual(rate, 22050)
        self.assertGreater(samples.size, rate // 10)
        self.assertGreater(int(abs(samples).max()), 0)
