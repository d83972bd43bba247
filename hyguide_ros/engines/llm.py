"""Chat models that stream text: llama.cpp on a GGUF file (llama-cpp-python), or an
OpenAI-compatible server (a llama.cpp server or vLLM on a campus GPU machine) through `openai`.

Both take chat messages and yield text pieces as they are generated. The chat template is the one
inside the GGUF (or the server's). Repetition penalty and a token cap keep a small model from
looping. `load_chat_model` returns None for backend "none": the guide's composed answers are used.
"""
from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Protocol, runtime_checkable

from .errors import EngineError, ModelNotFoundError

BACKENDS = ("none", "llama_cpp", "openai")


@dataclass
class LlmConfig:
    backend: str = "none"             # none (composed answers only), llama_cpp or openai
    model_path: str = ""              # llama_cpp: a GGUF file ...
    repo_id: str = ""                 # ... or downloaded once from this Hugging Face repo
    filename: str = ""                #     (file name or glob, e.g. "*Q4_K_M.gguf")
    n_ctx: int = 2048
    n_gpu_layers: int = 0             # -1 = all layers on the GPU (Jetson: all fit for a 2B Q4)
    n_threads: int = 0                # 0 = llama.cpp's choice
    max_tokens: int = 160             # cap per reply: two or three sentences
    temperature: float = 0.2
    top_p: float = 0.9
    repeat_penalty: float = 1.15      # llama_cpp; the seed model repeated itself
    frequency_penalty: float = 0.3    # openai's counterpart
    base_url: str = ""                # openai: e.g. http://gpu-host:8000/v1
    api_model: str = ""               # openai: the served model's name
    api_key_env: str = "OPENAI_API_KEY"   # the key is read from this variable, never from a file
    timeout_s: float = 10.0
    seed: int = 0
    extra_buffer_types: str = "auto"  # llama_cpp: repacked/AMX CPU weight layouts: auto (env, else on), on, off

    def validate(self) -> None:
        if self.backend not in BACKENDS:
            raise ValueError(f"llm backend must be one of {', '.join(BACKENDS)}, not {self.backend!r}")
        if self.max_tokens < 1 or self.n_ctx < 256:
            raise ValueError("max_tokens must be at least 1 and n_ctx at least 256")
        if self.extra_buffer_types not in EXTRA_BUFFER_CHOICES:
            raise ValueError(f"llm extra_buffer_types must be one of {', '.join(EXTRA_BUFFER_CHOICES)}, "
                             f"not {self.extra_buffer_types!r}")


EXTRA_BUFFER_CHOICES = ("auto", "on", "off")
EXTRA_BUFFERS_ENV = "HYGUIDE_LLAMA_EXTRA_BUFTS"     # 1/0: the default of every llama.cpp load in this process
_defaults_lock = threading.Lock()


def extra_buffers_wanted(choice: str = "auto") -> bool:
    """llama.cpp's "extra buffer types" put quantized weights into repacked (and, on AMX builds, AMX)
    layouts for faster CPU kernels; off keeps the plain layout. `auto` reads HYGUIDE_LLAMA_EXTRA_BUFTS."""
    if choice == "auto":
        choice = {"0": "off", "false": "off", "off": "off"}.get(os.environ.get(EXTRA_BUFFERS_ENV, "").lower(), "on")
    return choice == "on"


@contextlib.contextmanager
def llama_model_defaults(extra_buffer_types: str = "auto"):
    """Within it, llama_cpp.Llama loads with llama.cpp's `use_extra_bufts` model parameter chosen.

    Llama() reads its model parameters from llama_model_default_params() and has no argument for
    this one (the `--no-repack` of llama.cpp's own tools), so that default is set for these loads only.
    """
    from llama_cpp import llama_cpp as capi

    wanted = extra_buffers_wanted(extra_buffer_types)
    library_defaults = capi.llama_model_default_params
    if not hasattr(library_defaults(), "use_extra_bufts"):         # an older llama.cpp: nothing to choose
        yield
        return

    def defaults():
        params = library_defaults()
        params.use_extra_bufts = wanted
        return params
    with _defaults_lock:
        capi.llama_model_default_params = defaults
        try:
            yield
        finally:
            capi.llama_model_default_params = library_defaults


def open_llama(model_path: str, extra_buffer_types: str = "auto", **kwargs: Any):
    """llama_cpp.Llama(model_path, **kwargs), with the extra buffer types chosen (see above)."""
    import llama_cpp
    with llama_model_defaults(extra_buffer_types):
        return llama_cpp.Llama(model_path=model_path, **kwargs)


@runtime_checkable
class ChatModel(Protocol):
    name: str

    def stream(self, messages: list[dict]) -> Iterator[str]: ...

    def close(self) -> None: ...


class LlamaCppChat:
    def __init__(self, config: LlmConfig):
        try:
            from llama_cpp import Llama
        except ImportError:
            raise ModelNotFoundError("llama-cpp-python is not installed: pip install llama-cpp-python") from None
        self.config = config
        common = dict(n_ctx=config.n_ctx, n_gpu_layers=config.n_gpu_layers, seed=config.seed, verbose=False,
                      **({"n_threads": config.n_threads} if config.n_threads > 0 else {}))
        if config.model_path:
            path = Path(config.model_path).expanduser()
            if not path.is_file():
                raise ModelNotFoundError(f"GGUF model not found: {path} (give llm.model_path, or llm.repo_id "
                                         f"and llm.filename to download one; `hyguide-train export` makes one)")
            try:
                self.llm = open_llama(str(path), config.extra_buffer_types, **common)
            except Exception as exc:
                raise EngineError(f"llama.cpp cannot load {path}: {exc}") from None
            self.name = path.name
        elif config.repo_id and config.filename:
            try:
                with llama_model_defaults(config.extra_buffer_types):
                    self.llm = Llama.from_pretrained(repo_id=config.repo_id, filename=config.filename, **common)
            except Exception as exc:
                raise ModelNotFoundError(f"cannot download {config.repo_id}/{config.filename}: {exc}") from None
            self.name = f"{config.repo_id}/{config.filename}"
        else:
            raise ModelNotFoundError("llm backend llama_cpp needs llm.model_path (a GGUF file) or "
                                     "llm.repo_id + llm.filename")

    def request(self, messages: list[dict]) -> dict:
        """The keyword arguments of create_chat_completion (the benchmark makes the same call)."""
        c = self.config
        return dict(messages=messages, max_tokens=c.max_tokens, temperature=c.temperature, top_p=c.top_p,
                    repeat_penalty=c.repeat_penalty, seed=c.seed)

    def stream(self, messages: list[dict]) -> Iterator[str]:
        for chunk in self.llm.create_chat_completion(stream=True, **self.request(messages)):
            piece = chunk["choices"][0]["delta"].get("content")
            if piece:
                yield piece

    def close(self) -> None:
        self.llm.close()


class OpenAIChat:
    def __init__(self, config: LlmConfig):
        try:
            import openai
        except ImportError:
            raise ModelNotFoundError("openai is not installed: pip install openai") from None
        if not config.base_url or not config.api_model:
            raise ModelNotFoundError("llm backend openai needs llm.base_url (e.g. http://gpu-host:8000/v1) "
                                     "and llm.api_model")
        # Local servers take any key; the variable is read only here and never logged.
        key = os.environ.get(config.api_key_env) or "not-needed"
        self.config = config
        self.client = openai.OpenAI(base_url=config.base_url, api_key=key, timeout=config.timeout_s, max_retries=1)
        self.name = f"{config.api_model}@{config.base_url}"

    def stream(self, messages: list[dict]) -> Iterator[str]:
        import openai

        c = self.config
        try:
            for chunk in self.client.chat.completions.create(
                    model=c.api_model, messages=messages, max_tokens=c.max_tokens, temperature=c.temperature,
                    top_p=c.top_p, frequency_penalty=c.frequency_penalty, seed=c.seed, stream=True):
                if chunk.choices and chunk.choices[0].delta.content:
                    yield chunk.choices[0].delta.content
        except openai.OpenAIError as exc:
            raise EngineError(f"LLM server {c.base_url} failed: {type(exc).__name__}: {exc}") from None

    def close(self) -> None:
        self.client.close()


def load_chat_model(config: LlmConfig) -> ChatModel | None:
    config.validate()
    if config.backend == "llama_cpp":
        return LlamaCppChat(config)
    if config.backend == "openai":
        return OpenAIChat(config)
    return None
