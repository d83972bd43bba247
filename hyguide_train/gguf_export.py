"""`hyguide-train export`: Hugging Face Gemma -> GGUF, checked against transformers, then quantized.

llama.cpp's own converter (convert_hf_to_gguf.py) ships in no wheel, so this is a small one for the
Gemma architecture, written from the GGUF format as the `gguf` package describes it:
- tensor names through `gguf.get_tensor_name_map(MODEL_ARCH.GEMMA, n_layers)`;
- Gemma's RMSNorm scales by (1 + w): llama.cpp multiplies by w, so every `*norm.weight` gets +1;
- the output head is tied to the embeddings (no `lm_head` tensor);
- the vocabulary from `tokenizer.model` (sentencepiece) with its scores and token types, special
  token ids, the end-of-turn token, and the chat template from the tokenizer config.
The check feeds the same token ids to transformers (float32) and llama.cpp (f32 KV cache) and compares
every position's logits. Quantization goes through llama-cpp-python's `llama_model_quantize`.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .child import run_in_child
from .errors import TrainError


# --------------------------------------------------------------------------- conversion
def _read_hf_config(model_dir: Path) -> dict:
    path = model_dir / "config.json"
    if not path.is_file():
        raise TrainError(f"{model_dir} is not a Hugging Face model directory (no config.json); run `merge` first")
    config = json.loads(path.read_text(encoding="utf-8"))
    if config.get("model_type") != "gemma":
        raise TrainError(f"{model_dir}: model_type {config.get('model_type')!r} is not supported; "
                         "this converter handles Gemma (model_type gemma)")
    return config


def _chat_template(model_dir: Path) -> str | None:
    jinja = model_dir / "chat_template.jinja"
    if jinja.is_file():
        return jinja.read_text(encoding="utf-8")
    config = model_dir / "tokenizer_config.json"
    if config.is_file():
        return json.loads(config.read_text(encoding="utf-8")).get("chat_template")
    return None


def _vocabulary(model_dir: Path, n_vocab: int) -> tuple[list[bytes], list[float], list[int]]:
    """Tokens, scores and GGUF token types from sentencepiece, padded to the embedding's rows."""
    import gguf
    import sentencepiece as spm

    path = model_dir / "tokenizer.model"
    if not path.is_file():
        raise TrainError(f"{model_dir}: tokenizer.model (sentencepiece) is missing; Gemma's GGUF vocabulary "
                         "is made from it (copy it from the base model's directory)")
    sp = spm.SentencePieceProcessor(model_file=str(path))
    tokens, scores, types = [], [], []
    for i in range(sp.get_piece_size()):
        tokens.append(sp.id_to_piece(i).encode("utf-8"))
        scores.append(sp.get_score(i))
        types.append(gguf.TokenType.UNKNOWN if sp.is_unknown(i) else gguf.TokenType.CONTROL if sp.is_control(i)
                     else gguf.TokenType.UNUSED if sp.is_unused(i) else gguf.TokenType.BYTE if sp.is_byte(i)
                     else gguf.TokenType.NORMAL)
    if len(tokens) > n_vocab:
        raise TrainError(f"{model_dir}: tokenizer has {len(tokens)} tokens but the embedding only {n_vocab} rows")
    for i in range(len(tokens), n_vocab):    # rows the tokenizer does not use (as llama.cpp's converter pads)
        tokens.append(f"[PAD{i}]".encode())
        scores.append(-1000.0)
        types.append(gguf.TokenType.UNUSED)
    return tokens, scores, types


def _tensors(model_dir: Path):
    """(name, float32 numpy array) for every tensor of the safetensors shard(s)."""
    from safetensors import safe_open
    index = model_dir / "model.safetensors.index.json"
    files = sorted(set(json.loads(index.read_text())["weight_map"].values())) if index.is_file() else ["model.safetensors"]
    for file in files:
        if not (model_dir / file).is_file():
            raise TrainError(f"{model_dir}: {file} is missing")
        with safe_open(str(model_dir / file), framework="pt") as f:
            for name in f.keys():
                yield name, f.get_tensor(name).float().numpy()


def convert_gemma_to_gguf(model_dir: str | Path, out_path: str | Path, outtype: str = "f32",
                          name: str = "") -> Path:
    """Write `out_path` (GGUF) from the Gemma checkpoint in `model_dir`. outtype: f32 or f16."""
    import gguf

    model_dir, out_path = Path(model_dir), Path(out_path)
    hp = _read_hf_config(model_dir)
    n_layers, hidden = hp["num_hidden_layers"], hp["hidden_size"]
    head_dim = hp.get("head_dim") or hidden // hp["num_attention_heads"]
    rope_theta = (hp.get("rope_parameters") or {}).get("rope_theta", hp.get("rope_theta", 10000.0))
    tokens, scores, types = _vocabulary(model_dir, hp["vocab_size"])

    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(out_path.name + ".tmp")
    w = gguf.GGUFWriter(str(tmp), gguf.MODEL_ARCH_NAMES[gguf.MODEL_ARCH.GEMMA])
    w.add_name(name or model_dir.name)
    w.add_context_length(hp["max_position_embeddings"])
    w.add_embedding_length(hidden)
    w.add_block_count(n_layers)
    w.add_feed_forward_length(hp["intermediate_size"])
    w.add_head_count(hp["num_attention_heads"])
    w.add_head_count_kv(hp.get("num_key_value_heads", hp["num_attention_heads"]))
    w.add_layer_norm_rms_eps(hp["rms_norm_eps"])
    w.add_key_length(head_dim)
    w.add_value_length(head_dim)
    w.add_rope_freq_base(float(rope_theta))
    w.add_file_type(gguf.LlamaFileType.ALL_F32 if outtype == "f32" else gguf.LlamaFileType.MOSTLY_F16)

    w.add_tokenizer_model("llama")
    w.add_tokenizer_pre("default")
    w.add_token_list(tokens)
    w.add_token_scores(scores)
    w.add_token_types(types)
    w.add_bos_token_id(hp.get("bos_token_id", 2))
    w.add_eos_token_id(hp.get("eos_token_id", 1) if isinstance(hp.get("eos_token_id", 1), int) else hp["eos_token_id"][0])
    w.add_pad_token_id(hp.get("pad_token_id", 0) or 0)
    unk = [i for i, t in enumerate(types) if t == gguf.TokenType.UNKNOWN]
    if unk:
        w.add_unk_token_id(unk[0])
    if b"<end_of_turn>" in tokens:
        w.add_eot_token_id(tokens.index(b"<end_of_turn>"))
    w.add_add_bos_token(True)
    w.add_add_eos_token(False)
    w.add_add_space_prefix(False)
    template = _chat_template(model_dir)
    if template:
        w.add_chat_template(template)

    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.GEMMA, n_layers)
    written = 0
    for hf_name, data in _tensors(model_dir):
        if hf_name == "lm_head.weight":           # tied to token_embd
            continue
        gguf_name = names.get_name(hf_name, try_suffixes=(".weight", ".bias"))
        if gguf_name is None:
            raise TrainError(f"{model_dir}: no GGUF name for tensor {hf_name}")
        if hf_name.endswith("norm.weight"):
            data = data + 1.0                    # Gemma's (1 + w)
        if outtype == "f16" and data.ndim >= 2:  # norms stay f32, as llama.cpp expects
            data = data.astype(np.float16)
        w.add_tensor(gguf_name, data)
        written += 1
    if written != 2 + 9 * n_layers:              # embeddings + final norm, 9 per block
        raise TrainError(f"{model_dir}: expected {2 + 9 * n_layers} Gemma tensors, found {written}")
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    os.replace(tmp, out_path)                    # whole or not at all
    return out_path


# --------------------------------------------------------------------------- logits check
@dataclass
class LogitsCheck:
    max_abs_diff: float
    max_abs_logit: float
    top1_agreement: float        # share of positions where both pick the same next token
    tokens_compared: int
    tokenization_matches: bool   # llama.cpp tokenizes the prompt text to the same ids as transformers
    passed: bool


def open_llama(gguf_path: Path, n_ctx: int = 2048, threads: int = 0, n_gpu_layers: int = 0, exact: bool = False):
    """llama.cpp on a GGUF; `exact` keeps the KV cache in f32 (for comparisons)."""
    import llama_cpp

    from hyguide_ros.engines.llm import open_llama as open_llama_engine
    kwargs = dict(n_ctx=n_ctx, n_batch=n_ctx, n_ubatch=n_ctx, logits_all=True,
                  n_threads=threads or os.cpu_count(), n_gpu_layers=n_gpu_layers, verbose=False)
    if exact:
        kwargs.update(type_k=llama_cpp.GGML_TYPE_F32, type_v=llama_cpp.GGML_TYPE_F32, flash_attn=False)
    try:
        return open_llama_engine(str(gguf_path), **kwargs)
    except ValueError as exc:
        raise TrainError(f"llama.cpp cannot load {gguf_path}: {exc}") from None


def llama_logits(llm, ids: list[int]) -> np.ndarray:
    llm.reset()
    llm.eval(ids)
    return np.array(llm.scores[: len(ids)], dtype=np.float32)


def hf_logits(model, ids: list[int]) -> np.ndarray:
    import torch
    with torch.no_grad():
        return model(torch.tensor([ids], device=model.device)).logits[0].float().cpu().numpy()


def check_gguf_logits(model_dir: Path, gguf_path: Path, prompts: list[str], atol: float, rtol: float = 0.0,
                      threads: int = 0) -> LogitsCheck:
    """Compare llama.cpp's logits on `gguf_path` with transformers' (float32) on the same token ids."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    model = AutoModelForCausalLM.from_pretrained(str(model_dir), dtype=torch.float32, device_map={"": "cpu"},
                                                 attn_implementation="eager").eval()
    llm = open_llama(gguf_path, threads=threads, exact=True)
    try:
        worst = biggest = 0.0
        agree = total = 0
        same_ids = True
        for text in prompts:
            ids = tokenizer(text, add_special_tokens=False)["input_ids"][:512]
            same_ids &= llm.tokenize(text.encode("utf-8"), add_bos=False, special=True)[:512] == ids
            ref, got = hf_logits(model, ids), llama_logits(llm, ids)
            worst = max(worst, float(np.abs(ref - got).max()))
            biggest = max(biggest, float(np.abs(ref).max()))
            agree += int((ref.argmax(-1) == got.argmax(-1)).sum())
            total += len(ids)
    finally:
        llm.close()
    return LogitsCheck(max_abs_diff=worst, max_abs_logit=biggest, top1_agreement=agree / max(total, 1),
                       tokens_compared=total, tokenization_matches=same_ids,
                       passed=worst <= atol + rtol * biggest)


# --------------------------------------------------------------------------- quantization
def quantize(source: Path, out_path: Path, kind: str, threads: int = 0) -> Path:
    """llama.cpp quantization of `source` to `kind` (Q4_K_M, Q4_0, Q4_K_S, Q8_0, ...)."""
    import llama_cpp
    ftype = getattr(llama_cpp, f"LLAMA_FTYPE_MOSTLY_{kind.upper()}", None)
    if ftype is None:
        known = sorted(n.removeprefix("LLAMA_FTYPE_MOSTLY_") for n in dir(llama_cpp) if n.startswith("LLAMA_FTYPE_MOSTLY_"))
        raise TrainError(f"unknown quantization {kind!r} (llama.cpp knows {', '.join(known)})")
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = ftype
    params.nthread = threads or os.cpu_count()
    tmp = out_path.with_name(out_path.name + ".tmp")
    rc = llama_cpp.llama_model_quantize(str(source).encode(), str(tmp).encode(), params)
    if rc != 0 or not tmp.is_file():
        tmp.unlink(missing_ok=True)
        raise TrainError(f"llama.cpp could not quantize {source} to {kind} (return code {rc})")
    os.replace(tmp, out_path)
    return out_path


# --------------------------------------------------------------------------- the stage
def validation_prompts(config, count: int) -> list[str]:
    """Chat-formatted texts (prompt + answer) from the validation split, for the logits checks."""
    from .finetune import fold_system, load_tokenizer, read_jsonl, select_records
    tokenizer = load_tokenizer(config.merged_dir if config.merged_dir.is_dir() else config.model.base)
    records = select_records(read_jsonl(config.data.val, "validation data"), config.data.variants)[:count]
    return [tokenizer.apply_chat_template(fold_system(r["messages"]), tokenize=False) for r in records]


def export(config, progress: bool = True) -> dict:
    """Convert merged/ to GGUF, check its logits, quantize; write gguf/export.json and return it."""
    from tqdm import tqdm

    e = config.export
    model_dir, out_dir = config.merged_dir, config.gguf_dir
    if not (model_dir / "merge.json").is_file():
        raise TrainError(f"{model_dir} has no finished merge (merge.json); run `hyguide-train merge` first")
    start = time.perf_counter()
    base_gguf = convert_gemma_to_gguf(model_dir, out_dir / f"model-{e.outtype}.gguf", e.outtype,
                                      name=Path(config.training.output_dir).name)
    convert_s = time.perf_counter() - start
    # In a child process: a crash in llama.cpp's native code fails the check with the file and the signal.
    check = run_in_child(f"llama.cpp logits check on {base_gguf}", check_gguf_logits, model_dir, base_gguf,
                         validation_prompts(config, e.check_prompts), e.atol, e.rtol, e.threads)
    if not check.passed:
        raise TrainError(f"llama.cpp's logits differ from transformers' by {check.max_abs_diff:.3g} "
                         f"(allowed {e.atol:g} + {e.rtol:g} x {check.max_abs_logit:.3g}); {base_gguf} is kept "
                         "for inspection and nothing was quantized")
    files = {e.outtype.upper(): base_gguf}
    for kind in tqdm(e.quantizations, desc="quantize", unit="file", disable=not progress):
        files[kind] = quantize(base_gguf, out_dir / f"model-{kind}.gguf", kind, e.threads)
    summary = {"stage": "export", "done": True, "convert_s": round(convert_s, 2),
               "gguf_max_logit_diff": check.max_abs_diff, "max_abs_logit": check.max_abs_logit,
               "top1_agreement": check.top1_agreement, "tokens_compared": check.tokens_compared,
               "tokenization_matches": check.tokenization_matches,
               "files": {k: {"path": p.name, "bytes": p.stat().st_size} for k, p in files.items()}}
    (out_dir / "export.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return summary


def size_table(summary: dict) -> str:
    rows = ["| file | type | size (MB) |", "|---|---|---:|"]
    for kind, info in summary["files"].items():
        rows.append(f"| {info['path']} | {kind} | {info['bytes'] / 1e6:.2f} |")
    return "\n".join(rows)
