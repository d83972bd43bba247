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
import launch_testing.actions  # noqa: E402, F811  (the module importorskip returned, with its submodule)
import launch_testing.asserts  # noqa: E402
import numpy as np  # noqa: E402
from ament_index_python.packages import get_package_share_directory  # noqa: E402
from diagnostic_msgs.msg import DiagnosticArray  # noqa: E402
from launch.launch_description_sources import PythonLaunchDescriptionSource  # noqa: E402
from std_msgs.msg import String  # noqa: E402

from hyguide_eval.ros_probe import RosProbe  # noqa: E402
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
        with RosProbe("default_launch_probe", "/hyguide", DOMAIN) as probe:
            replies = probe.record(GuideReply, "guide/reply", 100)
            audio = probe.record(AudioChunk, "tts/audio", 100)
            diagnostics = probe.record(DiagnosticArray, "/diagnostics", 50)
            query = probe.publisher(String, "guide/query")
            spoken: dict[str, np.ndarray] = {}
            for language, question in QUESTIONS.items():
                last = [0.0]

                def heard(language=language, question=question, last=last) -> bool:
                    if time.monotonic() - last[0] > 5:       # again until heard: the nodes may still be starting
                        query.publish(String(data=question))
                        last[0] = time.monotonic()
                    turns = {r.turn_id for r in replies if r.language == language and r.text}
                    samples = [np.asarray(c.data, dtype=np.int16) for c in audio if c.turn_id in turns]
                    if samples:
                        spoken[language] = np.concatenate(samples)
                    return bool(samples)
                probe.spin_until(heard, 90, f"{language} audio for {question!r}")
            for language, samples in spoken.items():
                self.assertGreater(samples.size, 2000, language)
                self.assertGreater(float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))), 100.0,
                                   f"{language} audio is silence")
            # the missing recogniser is said, and the graph runs on without it
            def asr() -> list:
                return [s for d in diagnostics for s in d.status if s.name.endswith("asr")]
            probe.spin_until(asr, 10, "asr diagnostics")
            self.assertIn("hyguide models fetch", asr()[-1].message)
            tts = [s for d in diagnostics for s in d.status if s.name.endswith("tts")]
            voices = {v.key: v.value for v in tts[-1].values}
            self.assertEqual((voices["voice.ko"], voices["voice.en"]), ("espeak-ng:ko", "piper:en_US-joe-medium.onnx"))


@launch_testing.post_shutdown_test()
class TestDefaultShutdown(unittest.TestCase):
    def test_every_process_ended_cleanly(self, proc_info):
        launch_testing.asserts.assertExitCodes(proc_info)
