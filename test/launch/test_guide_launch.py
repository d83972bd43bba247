"""launch_testing: the text guide alone, started by launch/guide.launch.py (`nodes:=guide`).

Run by `make test` (pytest) and by `colcon test` / `launch_test test/launch/test_guide_launch.py` on ROS
hosts; skipped where launch_testing is not installed (the set-up installs it from ../shared/ros2-tools).
"""
import os
import random
import unittest

import pytest

launch_testing = pytest.importorskip(
    "launch_testing", reason="launch_testing is not installed (make setup installs it from ../shared/ros2-tools)")

import launch  # noqa: E402
import launch_testing.actions  # noqa: E402, F811  (the module importorskip returned, with its submodule)
import launch_testing.asserts  # noqa: E402
from ament_index_python.packages import get_package_share_directory  # noqa: E402
from launch.launch_description_sources import PythonLaunchDescriptionSource  # noqa: E402

from hyguide_eval.ros_probe import RosProbe  # noqa: E402
from hyguide_ros.srv import Ask  # noqa: E402

DOMAIN = random.randint(20, 39)              # a private graph: nothing else on this host hears it


@pytest.mark.launch_test
def generate_test_description():
    guide = launch.actions.IncludeLaunchDescription(PythonLaunchDescriptionSource(
        os.path.join(get_package_share_directory("hyguide_ros"), "launch", "guide.launch.py")),
        launch_arguments={"nodes": "guide"}.items())      # the text guide alone: no microphone or models needed
    return launch.LaunchDescription([
        launch.actions.SetEnvironmentVariable("ROS_DOMAIN_ID", str(DOMAIN)),
        launch.actions.SetEnvironmentVariable("ROS_AUTOMATIC_DISCOVERY_RANGE", "LOCALHOST"),
        guide, launch_testing.actions.ReadyToTest()])


class TestGuideLaunch(unittest.TestCase):
    def test_ask_over_the_launched_graph(self):
        with RosProbe("launch_test_client", "/hyguide", DOMAIN) as probe:
            answer = probe.call(probe.client(Ask, "guide/ask", 30), Ask.Request(question="한양플라자 어디야?"))
            self.assertTrue(answer.ok)
            self.assertIn("105", answer.answer)


@launch_testing.post_shutdown_test()
class TestGuideShutdown(unittest.TestCase):
    def test_the_guide_ended_cleanly(self, proc_info):
        launch_testing.asserts.assertExitCodes(proc_info)
