"""Start the hyguide graph: audio_capture -> vad -> asr -> guide -> tts (docs/architecture.md §4).

    ros2 launch hyguide_ros guide.launch.py asr_model:=small llm_model:=~/models/hyguide-q4_k_m.gguf \\
        voice_ko:=~/voices/ko_KR.onnx voice_en:=en_US-joe-medium [input:=wav wav_path:=q.wav] [composed:=true]

Every argument overrides the same parameter of config/guide.yaml (see there for what each does);
`composed:=true` runs all nodes in one process (less memory on the Orin Nano); `nodes:=guide`
starts the text guide alone. voice_graph starts the same graph on hosts without `ros2 launch`.
"""
import os
import tempfile
from pathlib import Path

import yaml
from ament_index_python.packages import get_package_share_directory
from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument, OpaqueFunction, RegisterEventHandler
from launch.event_handlers import OnProcessExit
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import Node

from hyguide_ros.launcher import NODES, GraphOptions, write_params

ARGUMENTS = [  # (name, default, description, node, parameter)
    ("input", "microphone", "microphone or wav", "audio_capture", "source"),
    ("wav_path", "", "WAV file for input:=wav", "audio_capture", "wav_path"),
    ("device", "", "input device (name part or index)", "audio_capture", "device"),
    ("asr_model", "small", "faster-whisper size name or CTranslate2 directory", "asr", "model"),
    ("asr_device", "cpu", "cpu or cuda", "asr", "device"),
    ("asr_compute_type", "int8", "int8, float16, int8_float16", "asr", "compute_type"),
    ("llm_backend", "none", "none, llama_cpp or openai", "guide", "llm.backend"),
    ("llm_model", "", "GGUF file (with llm_backend:=llama_cpp)", "guide", "llm.model_path"),
    ("llm_url", "", "OpenAI-compatible server (with llm_backend:=openai)", "guide", "llm.base_url"),
    ("llm_api_model", "", "model name on that server", "guide", "llm.api_model"),
    ("n_gpu_layers", "0", "llama.cpp layers on the GPU (-1 = all)", "guide", "llm.n_gpu_layers"),
    ("voice_ko", "", "piper voice for Korean (.onnx path or voice name; empty: espeak-ng)", "tts", "voices.ko"),
    ("voice_en", "en_US-joe-medium", "piper voice for English (.onnx path or voice name; not here: espeak-ng)",
     "tts", "voices.en"),
    ("playback", "true", "play replies on the speaker", "tts", "playback"),
    ("style", "polite", "polite or casual Korean", "guide", "style"),
    ("robot_location", "", "KB place id where the robot stands", "guide", "robot_location"),
    ("knowledge_base", "", "KB JSON path (empty: shipped)", "guide", "knowledge_base"),
]


def _typed(value: str):
    """A launch argument's text as the parameter value it stands for ("0" -> 0, "false" -> False), the
    way launch_ros reads parameter strings; an empty text stays an empty string."""
    if value == "":
        return value
    parsed = yaml.safe_load(value)
    return parsed if isinstance(parsed, (bool, int, float, str)) else value


def _nodes(context):
    wanted = [n for n in LaunchConfiguration("nodes").perform(context).split(",") if n]
    composed = LaunchConfiguration("composed").perform(context).lower() == "true"
    namespace = LaunchConfiguration("namespace").perform(context)
    # config/guide.yaml (or the `config` argument) with the launch arguments written into each node's
    # section: one parameters file whose sections keep apart the parameters that two nodes share by
    # name (`device`), in one process per node and in the composed process alike.
    options = GraphOptions(namespace=namespace, params_file=LaunchConfiguration("config").perform(context),
                           nodes=wanted, composed=composed)
    for arg, _, _, node, parameter in ARGUMENTS:
        options.set(node, parameter, _typed(LaunchConfiguration(arg).perform(context)))
    for node in ("asr", "guide"):
        options.set(node, "language", LaunchConfiguration("language").perform(context))
    for node in ("vad", "tts"):
        options.set(node, "barge_in", _typed(LaunchConfiguration("barge_in").perform(context)))
    # the tts node says the KB's English names for Korean names in English replies
    options.set("tts", "knowledge_base", _typed(LaunchConfiguration("knowledge_base").perform(context)))
    params = str(write_params(options, Path(tempfile.mkdtemp(prefix="hyguide-launch-")) / "params.yaml"))
    # A node that dies is started again (respawn:=false turns that off); one that cannot start at all
    # (exit code 2: a bad parameter, a missing model) ends the launch with a non-zero code instead.
    restart = dict(respawn=LaunchConfiguration("respawn").perform(context).lower() == "true", respawn_delay=2.0)
    if composed:      # no `name`: it would rename every node of the process to one name
        nodes = [Node(package="hyguide_ros", executable="composed_node", namespace=namespace, output="screen",
                      emulate_tty=True, additional_env={"HYGUIDE_NODES": ",".join(wanted)}, parameters=[params],
                      **restart)]
    else:
        nodes = [Node(package="hyguide_ros", executable=NODES[n], name=n, namespace=namespace, output="screen",
                      emulate_tty=True, parameters=[params], **restart) for n in wanted]
    return nodes + [RegisterEventHandler(OnProcessExit(on_exit=_fail_when_a_node_cannot_start))]


def _fail_when_a_node_cannot_start(event, context):
    if event.returncode == 2:     # the nodes' "cannot start" code (hyguide_ros.nodes.common.run)
        raise RuntimeError(f"{event.action.process_details['name']} could not start (exit code 2); "
                           "its message is above")


def generate_launch_description() -> LaunchDescription:
    default_config = os.path.join(get_package_share_directory("hyguide_ros"), "config", "guide.yaml")
    args = [
        DeclareLaunchArgument("namespace", default_value="/hyguide", description="namespace of the graph"),
        DeclareLaunchArgument("config", default_value=default_config, description="node parameters (YAML)"),
        DeclareLaunchArgument("nodes", default_value=",".join(NODES), description="nodes to start"),
        DeclareLaunchArgument("composed", default_value="false", description="all nodes in one process"),
        DeclareLaunchArgument("language", default_value="auto", description="auto, ko or en"),
        DeclareLaunchArgument("barge_in", default_value="false", description="speech during playback stops it"),
        DeclareLaunchArgument("respawn", default_value="true", description="start a node again when it dies"),
    ] + [DeclareLaunchArgument(name, default_value=default, description=text) for name, default, text, _, _ in ARGUMENTS]
    return LaunchDescription(args + [OpaqueFunction(function=_nodes)])
