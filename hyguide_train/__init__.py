"""Offline toolchain: collect places (Naver) -> knowledge base -> grounded QA -> SFT dataset
(-> fine-tuning, GGUF export and evaluation, still to come).

Built so far: `collect` (collect.py, naver.py, http.py), `kb build` (kb_build.py), QA from templates
(templates.py, qa.py) or an LLM through the openai client (llm_qa.py), both checked against the
knowledge base (validate.py), and `dataset build` (dataset.py); the command line is cli.py (`hyguide-train`).
It may import hyguide_ros.knowledge and hyguide_ros.guide (pure Python), never hyguide_ros.nodes.
"""
