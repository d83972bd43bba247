"""launch_testing: the whole voice graph with the DEFAULT configuration, on a machine with no model
downloaded and no model hub (a robot on a campus network).

Only what this host lacks is changed: no microphone (`input:=wav`, a second of silence) and no
speaker (`playback:=false`, the speech goes to a WAV file). HOME is an empty folder, so nothing
fetched earlier is found. Whisper "small" is not there: the asr node says so and stays up; the
English voice is the installed en_US-joe-medium package, Korean is espeak-ng. A typed Korean and
a typed English question must each come out as audio that is not silence.
"""
import os
import random
import tempfile
import time
import unittest
import wave
from pathlib import Path

import pytest

launch_testing = pytest.importorskip(
    "launch_testing", reason="launch_testing is not installed (make setup installs it from ../shared/ros2-tools)")

import launch  # noqa: E402
import launch_testing.actions  # noqa: E402
import launch_testing.asserts  # noqa: E402
import numpy as np  # noqa: E402
import rclpy  # noqa: E402
from ament_index_python.packages import get_package_share_directory  # noqa: E402
from diagnostic_msgs.msg import DiagnosticArray  # noqa: E402
from launch.launch_description_sources import PythonLaunchDescriptionSource  # noqa: E402
from std_msgs.msg import String  # noqa: E402

from hyguide_ros.msg import AudioChunk, GuideReply  # noqa: E402

DOMAIN = random.randint(60, 79)              # a private graph: nothing else on this host hears it
WORK = Path(tempfile.mkdtemp(prefix="hyguide-default-launch-"))
QUESTIONS = {"ko": "한양플라자 어디야?", "en": "Where is the Main Building?"}


def _silence(path: Path, seconds: float = 1.0) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\0\0" * int(16000 * seconds))
    return path


@pytest.mark.launch_test
def generate_test_description():
    home = WORK / "home"                      # nothing fetched before: no ~/.cache/hyguide
    home.mkdir()
    graph = launch.actions.IncludeLaunchDescription(PythonLaunchDescriptionSource(
        os.path.join(get_package_share_directory("hyguide_ros"), "launch", "guide.launch.py")),
        launch_arguments={"input": "wav", "wav_path": str(_silence(WORK / "silence.wav")),
                          "playback": "false"}.items())
    return launch.LaunchDescription([
        launch.actions.SetEnvironmentVariable("ROS_DOMAIN_ID", str(DOMAIN)),
        launch.actions.SetEnvironmentVariable("ROS_AUTOMATIC_DISCOVERY_RANGE", "LOCALHOST"),
        launch.actions.SetEnvironmentVariable("HOME", str(home)),
        launch.actions.SetEnvironmentVariable("ROS_LOG_DIR", str(WORK / "log")),
        launch.actions.SetEnvironmentVariable("HF_HUB_OFFLINE", "1"),   # as a robot without a hub sees it
        graph, launch_testing.actions.ReadyToTest()])


class TestDefaultGraphSpeaks(unittest.TestCase):
    def test_korean_and_english_replies_are_spoken(self):
        rclpy.init(domain_id=DOMAIN)
        node = rclpy.create_node("default_launch_probe", namespace="/hyguide")
        replies: list[GuideReply] = []
        audio: list[AudioChunk] = []
        diagnostics: list[DiagnosticArray] = []
        node.create_subscription(GuideReply, "guide/reply", replies.append, 100)
        node.create_subscription(AudioChunk, "tts/audio", audio.append, 100)
        node.create_subscription(DiagnosticArray, "/diagnostics", diagnostics.append, 50)
        query = node.create_publisher(String, "guide/query", 10)
        try:
            spoken: dict[str, np.ndarray] = {}
            for language, question in QUESTIONS.items():
                deadline, last = time.monotonic() + 90, 0.0
                while time.monotonic() < deadline and language not in spoken:
                    if time.monotonic() - last > 5:          # again until heard: the nodes may still be starting
                        query.publish(String(data=question))
                        last = time.monotonic()
                    rclpy.spin_once(node, timeout_sec=0.1)
                    turns = {r.turn_id for r in replies if r.language == language and r.text}
                    samples = [np.asarray(c.data, dtype=np.int16) for c in audio if c.turn_id in turns]
                    if samples:
                        spoken[language] = np.concatenate(samples)
                self.assertIn(language, spoken, f"no {language} audio within 90 s for {question!r}")
            for language, samples in spoken.items():
                self.assertGreater(samples.size, 2000, language)
                self.assertGreater(float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))), 100.0,
                                   f"{language} audio is silence")
            # the missing recogniser is said, and the graph runs on without it
            deadline = time.monotonic() + 10
            asr = []
            while time.monotonic() < deadline and not asr:
                rclpy.spin_once(node, timeout_sec=0.1)
                asr = [s for d in diagnostics for s in d.status if s.name.endswith("asr")]
            self.assertTrue(asr, "no asr diagnostics")
            self.assertIn("hyguide models fetch", asr[-1].message)
            tts = [s for d in diagnostics for s in d.status if s.name.endswith("tts")]
            voices = {v.key: v.value for v in tts[-1].values}
            self.assertEqual((voices["voice.ko"], voices["voice.en"]), ("espeak-ng:ko", "piper:en_US-joe-medium.onnx"))
        finally:
            node.destroy_node()
            rclpy.shutdown()


@launch_testing.post_shutdown_test()
class TestDefaultShutdown(unittest.TestCase):
    def test_every_process_ended_cleanly(self, proc_info):
        launch_testing.asserts.assertExitCodes(proc_info)
