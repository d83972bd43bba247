"""The versions a result was made with, for the report and the dataset card (compare them with
requirements/all.lock, the set the test suite passed with)."""
from __future__ import annotations

import platform
from importlib import metadata

TOOLCHAIN = ("torch", "transformers", "peft", "trl", "bitsandbytes", "accelerate", "datasets", "sentencepiece",
             "llama-cpp-python", "gguf", "sacrebleu", "openai", "numpy")


def package_versions(names: tuple[str, ...] = TOOLCHAIN) -> dict[str, str]:
    """{"python": "3.11.7", "torch": "2.13.0+cpu", ...}; a package that is not installed is left out."""
    versions = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return versions


def versions_text(names: tuple[str, ...] = TOOLCHAIN) -> str:
    return ", ".join(f"{name} {version}" for name, version in package_versions(names).items())
