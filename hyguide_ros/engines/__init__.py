"""The voice pipeline's engines: plain Python behind small interfaces, no rclpy.

audio (sources and sinks), vad (silero), asr (faster-whisper), llm (llama.cpp or an
OpenAI-compatible server), tts (piper). Each fails fast with an EngineError that says what is
missing and how to get it.
"""
from .errors import EngineError, ModelNotDownloadedError, ModelNotFoundError

__all__ = ["EngineError", "ModelNotDownloadedError", "ModelNotFoundError"]
