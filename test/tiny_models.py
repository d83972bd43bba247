"""Tiny random-weight models for the tests, made here and loaded by the real libraries (DESIGN.md §6).

`make_tiny_gguf` writes a llama-architecture GGUF with a sentencepiece-style ("llama") vocabulary:
control tokens, Gemma's turn markers, the 256 byte tokens (so any text can be encoded) and a
Gemma-style chat template. llama.cpp loads it in milliseconds; what it generates is noise.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

GEMMA_CHAT_TEMPLATE = (
    "{{ bos_token }}{% for message in messages %}"
    "{% set role = 'model' if message['role'] == 'assistant' else message['role'] %}"
    "{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<start_of_turn>model\n' }}{% endif %}"
)


def make_tiny_gguf(path: Path, hidden: int = 64, layers: int = 2, heads: int = 4, ffn: int = 128,
                   context: int = 4096, seed: int = 0) -> Path:
    import gguf

    # token types: 1 normal, 2 unknown, 3 control, 6 byte
    tokens = [("<pad>", 3), ("<eos>", 3), ("<bos>", 3), ("<unk>", 2), ("<start_of_turn>", 3), ("<end_of_turn>", 3)]
    tokens += [(f"<0x{b:02X}>", 6) for b in range(256)]
    tokens += [(piece, 1) for piece in ["▁", *"abcdefghijklmnopqrstuvwxyz", "▁the", "▁a", '"', "{", "}", ":", ","]]
    vocab = len(tokens)
    rng = np.random.default_rng(seed)

    def weight(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.02).astype(np.float32)

    path.parent.mkdir(parents=True, exist_ok=True)
    w = gguf.GGUFWriter(str(path), "llama")
    w.add_name("hyguide-tiny-test")
    w.add_context_length(context)
    w.add_embedding_length(hidden)
    w.add_block_count(layers)
    w.add_feed_forward_length(ffn)
    w.add_head_count(heads)
    w.add_head_count_kv(heads)
    w.add_layer_norm_rms_eps(1e-6)
    w.add_rope_dimension_count(hidden // heads)
    w.add_file_type(gguf.LlamaFileType.ALL_F32)
    w.add_tokenizer_model("llama")
    w.add_token_list([t for t, _ in tokens])
    w.add_token_scores([0.0] * 6 + [0.0] * 256 + [-float(i) for i in range(vocab - 262)])
    w.add_token_types([k for _, k in tokens])
    w.add_bos_token_id(2)
    w.add_eos_token_id(1)
    w.add_unk_token_id(3)
    w.add_pad_token_id(0)
    w.add_add_bos_token(False)          # the chat template writes <bos> itself
    w.add_chat_template(GEMMA_CHAT_TEMPLATE)
    w.add_tensor("token_embd.weight", weight(vocab, hidden))
    for i in range(layers):
        w.add_tensor(f"blk.{i}.attn_norm.weight", np.ones(hidden, np.float32))
        for name in ("attn_q", "attn_k", "attn_v", "attn_output"):
            w.add_tensor(f"blk.{i}.{name}.weight", weight(hidden, hidden))
        w.add_tensor(f"blk.{i}.ffn_norm.weight", np.ones(hidden, np.float32))
        w.add_tensor(f"blk.{i}.ffn_gate.weight", weight(ffn, hidden))
        w.add_tensor(f"blk.{i}.ffn_up.weight", weight(ffn, hidden))
        w.add_tensor(f"blk.{i}.ffn_down.weight", weight(hidden, ffn))
    w.add_tensor("output_norm.weight", np.ones(hidden, np.float32))
    w.add_tensor("output.weight", weight(vocab, hidden))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path
