"""Offline toolchain: collect places (Naver) -> knowledge base -> grounded QA -> SFT dataset
(-> fine-tuning, GGUF export and evaluation, still to come).

Built so far: `collect` (collect.py, naver.py, http.py), template QA with a fact check (templates.py,
qa.py, validate.py) and `dataset build` (dataset.py); the command line is cli.py (`hyguide-train`).
It may import hyguide_ros.knowledge and hyguide_ros.guide (pure Python), never hyguide_ros.nodes.
"""
