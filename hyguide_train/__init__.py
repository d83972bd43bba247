"""Offline toolchain (dataset rebuild, QLoRA fine-tuning, GGUF export, evaluation).

Not built yet: see the hyguide_train issues. It may import hyguide_ros.knowledge and
hyguide_ros.guide (pure Python), never hyguide_ros.nodes.
"""
