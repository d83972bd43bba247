"""launch_testing test for ROS hosts: `colcon test` or `launch_test test/launch/test_guide_launch.py`.
Hosts without launch_testing (the PyPI-wheel setup) skip it; test_guide_node.py covers the same graph."""
import os
import unittest

import pytest

launch_testing = pytest.importorskip("launch_testing")
launch = pytest.importorskip("launch")
launch_ros = pytest.importorskip("launch_ros")

import launch_testing.actions  # noqa: E402
import rclpy  # noqa: E402
from ament_index_python.packages import get_package_share_directory  # noqa: E402
from launch.launch_description_sources import PythonLaunchDescriptionSource  # noqa: E402

from hyguide_ros.srv import Ask  # noqa: E402


@pytest.mark.launch_test
def generate_test_description():
    guide = launch.actions.IncludeLaunchDescription(PythonLaunchDescriptionSource(
        os.path.join(get_package_share_directory("hyguide_ros"), "launch", "guide.launch.py")),
        launch_arguments={"nodes": "guide"}.items())      # the text guide alone: no microphone or models needed
    return launch.LaunchDescription([guide, launch_testing.actions.ReadyToTest()])


class TestGuideLaunch(unittest.TestCase):
    def test_ask_over_the_launched_graph(self):
        rclpy.init()
        node = rclpy.create_node("launch_test_client", namespace="/hyguide")
        try:
            client = node.create_client(Ask, "guide/ask")
            self.assertTrue(client.wait_for_service(timeout_sec=30))
            future = client.call_async(Ask.Request(question="한양플라자 어디야?"))
            rclpy.spin_until_future_complete(node, future, timeout_sec=10)
            self.assertTrue(future.result().ok)
            self.assertIn("105", future.result().answer)
        finally:
            node.destroy_node()
            rclpy.shutdown()
