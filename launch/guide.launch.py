"""Start the hyguide graph: audio_capture -> vad -> asr -> guide -> tts (DESIGN.md §4).

    ros2 launch hyguide_ros guide.launch.py asr_model:=small llm_model:=~/models/hyguide-q4_k_m.gguf \\
        voice_ko:=~/voices/ko_KR.onnx voice_en:=en_US-lessac-medium [input:=wav wav_path:=q.wav] [composed:=true]

Every argument overrides the same parameter of config/guide.yaml (see there for what each does);
`composed:=true` runs all nodes in one process (less memory on the Orin Nano); `nodes:=guide`
starts the text guide alone. voice_graph starts the same graph on hosts without `ros2 launch`.
"""
import os

from ament_index_python.packages import get_package_share_directory
from launch import LaunchDescription
from launch.actions import DeclareLaunchArgument, OpaqueFunction
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import Node

NODES = {"audio_capture": "audio_capture_node", "vad": "vad_node", "asr": "asr_node", "guide": "guide_node",
         "tts": "tts_node"}
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
    ("voice_ko", "", "piper voice for Korean (.onnx path or voice name)", "tts", "voices.ko"),
    ("voice_en", "en_US-lessac-medium", "piper voice for English", "tts", "voices.en"),
    ("playback", "true", "play replies on the speaker", "tts", "playback"),
    ("style", "polite", "polite or casual Korean", "guide", "style"),
    ("robot_location", "", "KB place id where the robot stands", "guide", "robot_location"),
    ("knowledge_base", "", "KB JSON path (empty: shipped)", "guide", "knowledge_base"),
]


def _nodes(context):
    config = LaunchConfiguration("config").perform(context)
    namespace = LaunchConfiguration("namespace").perform(context)
    overrides = {name: {} for name in NODES}
    for arg, _, _, node, parameter in ARGUMENTS:
        overrides[node][parameter] = LaunchConfiguration(arg)
    language = LaunchConfiguration("language")
    overrides["asr"]["language"] = overrides["guide"]["language"] = language
    barge_in = LaunchConfiguration("barge_in")
    overrides["vad"]["barge_in"] = overrides["tts"]["barge_in"] = barge_in
    wanted = [n for n in LaunchConfiguration("nodes").perform(context).split(",") if n]
    if LaunchConfiguration("composed").perform(context).lower() == "true":
        return [Node(package="hyguide_ros", executable="composed_node", name="hyguide", namespace=namespace,
                     output="screen", emulate_tty=True, additional_env={"HYGUIDE_NODES": ",".join(wanted)},
                     parameters=[config] + [overrides[n] for n in wanted])]
    return [Node(package="hyguide_ros", executable=NODES[n], name=n, namespace=namespace, output="screen",
                 emulate_tty=True, parameters=[config, overrides[n]]) for n in wanted]


def generate_launch_description() -> LaunchDescription:
    default_config = os.path.join(get_package_share_directory("hyguide_ros"), "config", "guide.yaml")
    args = [
        DeclareLaunchArgument("namespace", default_value="/hyguide", description="namespace of the graph"),
        DeclareLaunchArgument("config", default_value=default_config, description="node parameters (YAML)"),
        DeclareLaunchArgument("nodes", default_value=",".join(NODES), description="nodes to start"),
        DeclareLaunchArgument("composed", default_value="false", description="all nodes in one process"),
        DeclareLaunchArgument("language", default_value="auto", description="auto, ko or en"),
        DeclareLaunchArgument("barge_in", default_value="false", description="speech during playback stops it"),
    ] + [DeclareLaunchArgument(name, default_value=default, description=text) for name, default, text, _, _ in ARGUMENTS]
    return LaunchDescription(args + [OpaqueFunction(function=_nodes)])
