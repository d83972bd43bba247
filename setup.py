"""pip install for hosts without ROS: the guide, its CLI and (with extras) the offline toolchain.

ROS hosts build with colcon instead (package.xml + CMakeLists.txt), which also generates the
message modules hyguide_ros.msg / hyguide_ros.srv.
"""
from setuptools import find_packages, setup

setup(
    name="hyguide",
    version="0.1.0",
    description="Hanyang University campus guide: grounded answers from a campus knowledge base",
    python_requires=">=3.10",
    packages=find_packages(include=["hyguide_ros", "hyguide_ros.*", "hyguide_train", "hyguide_train.*", "hyguide_eval",
                                    "hyguide_eval.*"]),
    package_data={"hyguide_ros": ["data/*.json", "guide/languages/*/intents.txt"]},
    install_requires=[],   # the guide needs only the standard library
    extras_require={
        "test": ["pytest>=8"],
        "data": ["tqdm>=4.66", "openai>=1.40", "datasets>=2.20", "pyyaml>=6"],   # hyguide-train collect / kb / qa / dataset
        "llm": ["llama-cpp-python>=0.3.16"],           # the guide's LLM step on a GGUF file
        # the voice engines; silero-vad is used for its ONNX file (on Jetson: pip install --no-deps silero-vad)
        "voice": ["onnxruntime>=1.18", "silero-vad>=5.1", "faster-whisper>=1.1", "piper-tts>=1.3", "sounddevice>=0.4.7",
                  "llama-cpp-python>=0.3.16", "openai>=1.40"],
        "train": ["torch>=2.2", "transformers>=5.0", "peft>=0.13", "trl>=1.0", "bitsandbytes>=0.45", "pyyaml>=6",
                  "datasets>=2.20", "accelerate>=0.33", "openai>=1.40", "tqdm>=4.66", "gguf>=0.10", "sentencepiece>=0.2",
                  "tensorboard>=2.16", "matplotlib>=3.8", "sacrebleu>=2.4", "llama-cpp-python>=0.3.16"],
    },
    entry_points={"console_scripts": ["hyguide=hyguide_ros.cli:main", "hyguide-train=hyguide_train.cli:main"]},
)
