"""Tiny random-weight models for the tests, made here and loaded by the real libraries (docs/architecture.md §6).

`make_tiny_gguf` writes a llama-architecture GGUF with a sentencepiece-style ("llama") vocabulary:
control tokens, Gemma's turn markers, the 256 byte tokens (so any text can be encoded) and a
Gemma-style chat template. llama.cpp loads it in milliseconds; what it generates is noise.

`make_tiny_gemma` writes a Hugging Face Gemma checkpoint (random weights) with a sentencepiece BPE
tokenizer laid out like Gemma's (ids 0..3 = <pad> <eos> <bos> <unk>, the turn markers at 106/107,
byte fallback) and Gemma's chat template, for the training toolchain's tests.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

# Gemma's own template (it refuses a system role and roles that do not alternate).
GEMMA_HF_CHAT_TEMPLATE = (
    "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}"
    "{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
    "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
    "{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}{% endif %}"
    "{{ '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}{% endfor %}"
    "{% if add_generation_prompt %}{{'<start_of_turn>model\\n'}}{% endif %}"
)

GEMMA_CHAT_TEMPLATE = (
    "{{ bos_token }}{% for message in messages %}"
    "{% set role = 'model' if message['role'] == 'assistant' else message['role'] %}"
    "{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<start_of_turn>model\n' }}{% endif %}"
)


def make_tiny_gguf(path: Path, hidden: int = 256, layers: int = 2, heads: int = 2, ffn: int = 512,
                   context: int = 4096, seed: int = 0) -> Path:
    """Every weight row and the vocabulary are multiples of 256, as in real Gemma files, so that
    quantizing it takes llama.cpp's block-quantized (and, where the CPU has them, repacked) kernels."""
    import gguf

    # token types: 1 normal, 2 unknown, 3 control, 6 byte
    tokens = [("<pad>", 3), ("<eos>", 3), ("<bos>", 3), ("<unk>", 2), ("<start_of_turn>", 3), ("<end_of_turn>", 3)]
    tokens += [(f"<0x{b:02X}>", 6) for b in range(256)]
    tokens += [(piece, 1) for piece in ["▁", *"abcdefghijklmnopqrstuvwxyz", "▁the", "▁a", '"', "{", "}", ":", ","]]
    tokens += [(f"<unused{i}>", 5) for i in range(-len(tokens) % 256)]      # 5: unused
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


# --------------------------------------------------------------------------- Hugging Face Gemma
GEMMA_CONTROL_SYMBOLS = ["<mask>", "<2mass>", "[@BOS@]", *[f"<unused{i}>" for i in range(99)],
                         "<start_of_turn>", "<end_of_turn>"]     # ids 4..107, as in Gemma's vocabulary


def make_tiny_gemma(directory: Path, hidden: int = 256, layers: int = 2, heads: int = 2, kv_heads: int = 1,
                    head_dim: int = 256, ffn: int = 512, vocab: int = 1024, seed: int = 0,
                    model_vocab: int = 0, dtype: str = "float32") -> Path:
    """A random Gemma checkpoint + tokenizer in `directory`, laid out like Gemma-2B (one KV head,
    head_dim 256): every weight row and the embedding are multiples of 256, as in the real files, so
    the K-quantizations and llama.cpp's repacked CPU kernels meet the shapes they meet in production.

    `model_vocab` > the tokenizer's size gives the embedding more rows (Gemma-2B has 256000), for
    memory measurements at the real shape; `dtype` is the saved weights' dtype.
    """
    import io
    import json

    import sentencepiece as spm
    import torch
    from transformers import GemmaConfig, GemmaForCausalLM, GemmaTokenizer

    from hyguide_ros.guide import CampusGuide

    directory.mkdir(parents=True, exist_ok=True)
    guide = CampusGuide()
    corpus = [text for place in guide.kb.places.values() for text in (place.name_ko, place.name_en, *place.aliases)]
    corpus += [guide.ask(q).text for q in ("한양플라자 어디야?", "How do I get to the library?", "근처에 카페 있어?")]
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus), model_writer=model, vocab_size=vocab, model_type="bpe", byte_fallback=True,
        pad_id=0, eos_id=1, bos_id=2, unk_id=3, pad_piece="<pad>", eos_piece="<eos>", bos_piece="<bos>",
        unk_piece="<unk>", control_symbols=GEMMA_CONTROL_SYMBOLS, add_dummy_prefix=False, split_digits=True,
        remove_extra_whitespaces=False, normalization_rule_name="identity", character_coverage=0.98,
        hard_vocab_limit=False, minloglevel=2)
    (directory / "tokenizer.model").write_bytes(model.getvalue())
    (directory / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "GemmaTokenizer", "bos_token": "<bos>", "eos_token": "<eos>", "pad_token": "<pad>",
        "unk_token": "<unk>", "add_bos_token": True, "add_eos_token": False,
        "chat_template": GEMMA_HF_CHAT_TEMPLATE}), encoding="utf-8")
    tokenizer = GemmaTokenizer.from_pretrained(directory)
    torch.manual_seed(seed)
    rows = max(len(tokenizer), model_vocab)
    config = GemmaConfig(vocab_size=rows + -rows % 256, hidden_size=hidden, intermediate_size=ffn,
                         num_hidden_layers=layers, num_attention_heads=heads, num_key_value_heads=kv_heads,
                         head_dim=head_dim, max_position_embeddings=2048, pad_token_id=0, bos_token_id=2,
                         eos_token_id=1)
    gemma = GemmaForCausalLM(config)
    with torch.no_grad():    # random RMSNorm scales, so a converter that forgets Gemma's (1 + w) is caught
        for name, param in gemma.named_parameters():
            if name.endswith("norm.weight"):
                param.uniform_(-0.5, 0.5)
    gemma.to(getattr(torch, dtype)).save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory


# --------------------------------------------------------------------------- faster-whisper
def make_tiny_whisper(directory: Path, d_model: int = 64, layers: int = 2, heads: int = 2, ffn: int = 128,
                      seed: int = 0) -> Path:
    """A random-weight multilingual Whisper in CTranslate2 format, as `faster_whisper.WhisperModel` loads it.

    Byte-level BPE over the 256 bytes plus Whisper's special tokens (100 languages, task tokens,
    <|notimestamps|>, 1501 timestamps); built with transformers, converted by ctranslate2's own
    converter. What it transcribes is noise; the shapes, tokenizer and decoding path are real.
    """
    import json
    import tempfile

    import torch
    from ctranslate2.converters import TransformersConverter
    from faster_whisper.tokenizer import _LANGUAGE_CODES
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import GenerationConfig, PreTrainedTokenizerFast, WhisperConfig, WhisperForConditionalGeneration

    directory = Path(directory)
    byte_chars = list(pre_tokenizers.ByteLevel.alphabet())
    specials = ["<|endoftext|>", "<|startoftranscript|>", *[f"<|{c}|>" for c in _LANGUAGE_CODES],
                "<|translate|>", "<|transcribe|>", "<|startoflm|>", "<|startofprev|>", "<|nospeech|>",
                "<|notimestamps|>"]
    vocab = {ch: i for i, ch in enumerate(sorted(byte_chars))}
    for token in specials:
        vocab[token] = len(vocab)
    n_timestamps = 1501
    vocab_size = len(vocab) + n_timestamps
    tokenizer = Tokenizer(models.BPE(vocab=dict(vocab), merges=[]))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.add_special_tokens(specials + ["<|%.2f|>" % (i * 0.02) for i in range(n_timestamps)])

    eot, sot = vocab["<|endoftext|>"], vocab["<|startoftranscript|>"]
    config = WhisperConfig(vocab_size=vocab_size, num_mel_bins=80, d_model=d_model, encoder_layers=layers,
                           decoder_layers=layers, encoder_attention_heads=heads, decoder_attention_heads=heads,
                           encoder_ffn_dim=ffn, decoder_ffn_dim=ffn, max_source_positions=1500,
                           max_target_positions=448, pad_token_id=eot, bos_token_id=eot, eos_token_id=eot,
                           decoder_start_token_id=sot, suppress_tokens=[], begin_suppress_tokens=[eot])
    torch.manual_seed(seed)
    model = WhisperForConditionalGeneration(config).eval()
    # Only ASCII letters and the space keep their (tied) output embedding, so greedy decoding
    # writes letters up to max_new_tokens instead of stopping at once on a special token.
    keep = [vocab[c] for c in byte_chars if c.isascii() and c.isalpha()] + [vocab["\u0120"]]
    with torch.no_grad():
        weights = model.model.decoder.embed_tokens.weight
        mask = torch.zeros(weights.shape[0], 1)
        mask[keep] = 1.0
        weights.mul_(mask)
    with tempfile.TemporaryDirectory() as tmp:
        model.generation_config = GenerationConfig(
            decoder_start_token_id=sot, eos_token_id=eot, pad_token_id=eot, suppress_tokens=[],
            begin_suppress_tokens=[eot], lang_to_id={f"<|{c}|>": vocab[f"<|{c}|>"] for c in _LANGUAGE_CODES},
            no_timestamps_token_id=vocab["<|notimestamps|>"], is_multilingual=True)
        model.save_pretrained(tmp)
        PreTrainedTokenizerFast(tokenizer_object=tokenizer, unk_token=None, eos_token="<|endoftext|>",
                                bos_token="<|endoftext|>").save_pretrained(tmp)
        Path(tmp, "preprocessor_config.json").write_text(json.dumps(
            {"feature_size": 80, "sampling_rate": 16000, "hop_length": 160, "chunk_length": 30, "n_fft": 400,
             "n_samples": 480000, "nb_max_frames": 3000}))
        TransformersConverter(tmp, copy_files=["tokenizer.json", "preprocessor_config.json"]).convert(
            str(directory), force=True)
    # ctranslate2 decides "multilingual" by an empty-string token in the vocabulary (docs/architecture.md §6).
    vocab_path = directory / "vocabulary.json"
    tokens = json.loads(vocab_path.read_text())
    if "" not in tokens:
        tokens.append("")
        vocab_path.write_text(json.dumps(tokens))
    return directory


# --------------------------------------------------------------------------- piper
def make_tiny_piper_voice(path: Path, espeak_voice: str = "ko", hidden: int = 32, layers: int = 1,
                          sample_rate: int = 22050, hop: int = 256, seed: int = 0) -> Path:
    """A piper-format voice: `<path>` (ONNX) + `<path>.json`, loadable by `piper.PiperVoice.load`.

    Same inputs and output as a real piper voice (`input`, `input_lengths`, `scales` ->
    `output` [1, 1, samples]): phoneme ids -> embedding -> `layers` dense layers -> `hop` samples
    per phoneme id. `hidden`/`layers` set how much work a sentence costs (the benchmark uses a
    larger one so the voice does the work of a small real voice). It sounds like noise.
    """
    import json

    import onnx
    from onnx import TensorProto, helper, numpy_helper
    from piper.phoneme_ids import DEFAULT_PHONEME_ID_MAP

    path = Path(path)
    num_symbols = max(i for ids in DEFAULT_PHONEME_ID_MAP.values() for i in ids) + 1
    rng = np.random.default_rng(seed)
    inits = [numpy_helper.from_array((rng.standard_normal((num_symbols, hidden)) * 0.5).astype(np.float32), "embedding"),
             numpy_helper.from_array(np.array([1], np.int64), "one"),
             numpy_helper.from_array(np.array([1, 1, -1], np.int64), "out_shape")]
    nodes = [helper.make_node("Gather", ["embedding", "input"], ["h0"]),               # [1, N, H]
             helper.make_node("Gather", ["scales", "one"], ["length_scale"])]          # [1]
    for i in range(layers):
        inits.append(numpy_helper.from_array(
            (rng.standard_normal((hidden, hidden)) / np.sqrt(hidden)).astype(np.float32), f"w{i}"))
        nodes += [helper.make_node("MatMul", [f"h{i}", f"w{i}"], [f"m{i}"]),
                  helper.make_node("Tanh", [f"m{i}"], [f"h{i + 1}"])]
    inits.append(numpy_helper.from_array((rng.standard_normal((hidden, hop)) * 0.3).astype(np.float32), "w_out"))
    nodes += [helper.make_node("MatMul", [f"h{layers}", "w_out"], ["frames"]),            # [1, N, hop]
              helper.make_node("Tanh", ["frames"], ["bounded"]),
              helper.make_node("Mul", ["bounded", "length_scale"], ["scaled"]),
              helper.make_node("Reshape", ["scaled", "out_shape"], ["output"])]        # [1, 1, N*hop]
    graph = helper.make_graph(
        nodes, "hyguide-tiny-piper",
        [helper.make_tensor_value_info("input", TensorProto.INT64, [1, "phonemes"]),
         helper.make_tensor_value_info("input_lengths", TensorProto.INT64, [1]),
         helper.make_tensor_value_info("scales", TensorProto.FLOAT, [3])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 1, "samples"])], initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(path))
    Path(f"{path}.json").write_text(json.dumps({
        "audio": {"sample_rate": sample_rate}, "espeak": {"voice": espeak_voice}, "phoneme_type": "espeak",
        "num_symbols": num_symbols, "num_speakers": 1, "hop_length": hop,
        "inference": {"noise_scale": 0.667, "length_scale": 1.0, "noise_w": 0.8},
        "phoneme_id_map": DEFAULT_PHONEME_ID_MAP, "piper_version": "hyguide-test"}, ensure_ascii=False))
    return path


# --------------------------------------------------------------------------- speech
def speak(text: str, path: Path, voice: str = "ko", lead_silence_s: float = 0.5) -> Path:
    """`text` spoken by espeak-ng into a 16-bit WAV at espeak's 22.05 kHz, after `lead_silence_s` of silence."""
    import shutil
    import subprocess
    import wave

    if shutil.which("espeak-ng") is None:
        raise RuntimeError("espeak-ng is missing: sudo apt install espeak-ng (scripts/setup.sh installs it)")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = path.with_suffix(".raw.wav")
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(raw), text], check=True)
    with wave.open(str(raw), "rb") as w:
        rate, frames = w.getframerate(), w.readframes(w.getnframes())
    raw.unlink()
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\0\0" * int(lead_silence_s * rate) + frames)
    return path


# --------------------------------------------------------------------------- a Korean voice corpus
# piper.train's smallest sensible generator (its 46.7 M-parameter discriminator has no size knob):
# LightningCLI arguments for `hyguide-train voice train ... -- <these>`.
TINY_PIPER_TRAINING = ["--model.hidden_channels", "32", "--model.inter_channels", "32", "--model.filter_channels",
                       "64", "--model.upsample_initial_channel", "64", "--trainer.enable_progress_bar", "false"]


def make_korean_voice_corpus(root: Path, clips: int = 50) -> Path:
    """An LJSpeech-style folder (metadata.csv + wavs/): espeak-ng speech of the first sentence of the
    guide's first `clips` Korean replies, each row's text as the guide writes it (`voice prepare` normalises)."""
    import subprocess

    from hyguide_ros.engines.speech_text import SpeechText
    from hyguide_train.voice.evaluate import guide_replies
    root = Path(root)
    (root / "wavs").mkdir(parents=True, exist_ok=True)
    speech_text, rows = SpeechText(), []
    for i, sentences in enumerate(guide_replies("ko", clips)):
        subprocess.run(["espeak-ng", "-v", "ko", "-w", str(root / "wavs" / f"r{i:03d}.wav"),
                        speech_text(sentences[0], "ko")], check=True)
        rows.append(f"r{i:03d}|{sentences[0]}")
    (root / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root
