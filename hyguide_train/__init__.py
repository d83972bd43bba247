"""Offline toolchain: collect places (Naver) -> knowledge base -> grounded QA -> SFT dataset ->
QLoRA fine-tuning -> merge -> GGUF export and evaluation; and a piper voice for Korean (voice/).

`collect` (collect.py, naver.py, http.py), `kb build` (kb_build.py), QA from templates (templates.py,
qa.py) or an LLM through the openai client (llm_qa.py), both checked against the knowledge base
(validate.py), `dataset build` (dataset.py), finetune/merge/gguf_export/evaluate/report, and
`voice prepare|train|export|evaluate` (voice/); the command line is cli.py (`hyguide-train`).
It may import hyguide_ros.knowledge, hyguide_ros.guide and hyguide_ros.engines (no ROS), never hyguide_ros.nodes.
"""
