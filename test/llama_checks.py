"""llama.cpp work that the tests run in a child process (hyguide_train.child.run_in_child).

A crash in llama.cpp's native code must fail one test with a message, not end the test run, so every
test that loads a GGUF does it through these functions: they are module-level (the child imports
them by name) and return plain data that the test then asserts on.
"""
from __future__ import annotations

import ctypes


def chat_once(gguf: str, question: str, max_tokens: int = 8, extra_buffer_types: str = "auto") -> dict:
    """Load `gguf`, answer one chat turn; the metadata and the completion's bookkeeping."""
    from hyguide_ros.engines.llm import open_llama
    llm = open_llama(gguf, extra_buffer_types, n_ctx=512, verbose=False)
    try:
        reply = llm.create_chat_completion([{"role": "user", "content": question}], max_tokens=max_tokens,
                                           temperature=0)
        return {"architecture": llm.metadata["general.architecture"],
                "chat_template": llm.metadata["tokenizer.chat_template"],
                "finish_reason": reply["choices"][0]["finish_reason"],
                "prompt_tokens": reply["usage"]["prompt_tokens"],
                "use_extra_bufts": bool(llm.model_params.use_extra_bufts)}
    finally:
        llm.close()


def prompt_logits(gguf: str, text: str, extra_buffer_types: str) -> list[list[float]]:
    """Every position's logits for `text` (the whole prompt evaluated at once)."""
    from hyguide_ros.engines.llm import open_llama
    llm = open_llama(gguf, extra_buffer_types, n_ctx=512, logits_all=True, verbose=False)
    try:
        ids = llm.tokenize(text.encode("utf-8"), add_bos=True)
        llm.eval(ids)
        return [list(map(float, row)) for row in llm.scores[: len(ids)]]
    finally:
        llm.close()


def stream_and_phrase(gguf: str, question: str, max_tokens: int = 24) -> dict:
    """The LLM engine streams from `gguf`, and the grounded phraser falls back on its noise."""
    from hyguide_ros.engines.llm import LlmConfig, load_chat_model
    from hyguide_ros.guide import CampusGuide
    from hyguide_ros.guide.phrase.phrasing import GroundedPhraser

    guide = CampusGuide()
    model = load_chat_model(LlmConfig(backend="llama_cpp", model_path=gguf, max_tokens=max_tokens))
    try:
        pieces = list(model.stream([{"role": "user", "content": question}]))
        answer = guide.ask(question, "llm-test")
        phraser = GroundedPhraser(guide, model)
        said = list(phraser.phrase(answer, "llm-test"))
        return {"pieces": pieces, "composed": answer.sentences, "said": [s.text for s in said],
                "sources": sorted({s.source for s in said}), "used_llm": phraser.report.used_llm,
                "fallback": phraser.report.fallback, "first_token_s": phraser.report.first_token_s}
    finally:
        model.close()


def segfault() -> None:
    """A real segmentation fault in native code (reads address 0)."""
    ctypes.string_at(0)
