"""Start the campus guide node: ros2 launch hyguide_ros guide.launch.py [language:=en] [namespace:=/hyguide]."""
import os

from ament_index_python.packages import get_package_share_directory
from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import Node


def generate_launch_description() -> LaunchDescription:
    default_config = os.path.join(get_package_share_directory("hyguide_ros"), "config", "guide.yaml")
    args = [
        DeclareLaunchArgument("namespace", default_value="/hyguide", description="namespace of the guide graph"),
        DeclareLaunchArgument("config", default_value=default_config, description="guide parameters (YAML)"),
        DeclareLaunchArgument("language", default_value="auto", description="auto, ko or en"),
        DeclareLaunchArgument("style", default_value="polite", description="polite or casual Korean"),
        DeclareLaunchArgument("robot_location", default_value="", description="KB place id of the robot"),
        DeclareLaunchArgument("knowledge_base", default_value="", description="KB JSON path (empty: shipped)"),
    ]
    guide = Node(
        package="hyguide_ros", executable="guide_node", name="guide", namespace=LaunchConfiguration("namespace"),
        output="screen", emulate_tty=True,
        parameters=[LaunchConfiguration("config"), {
            "language": LaunchConfiguration("language"), "style": LaunchConfiguration("style"),
            "robot_location": LaunchConfiguration("robot_location"),
            "knowledge_base": LaunchConfiguration("knowledge_base")}],
    )
    return LaunchDescription(args + [guide])
