"""hyguide-train finetune -> merge -> export -> evaluate on a tiny random Gemma, on the CPU.

Everything runs through the real libraries: bitsandbytes 4-bit layers, peft, trl's SFTTrainer,
the project's GGUF converter checked against transformers, llama.cpp's quantizer and loader.
"""
import json
import math
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pytest
from llama_checks import chat_once, prompt_logits
from tiny_models import make_tiny_gemma

from hyguide_eval.scoring import says_unknown
from hyguide_ros.guide.phrase.prompt import build_messages, question_of
from hyguide_train.child import run_in_child
from hyguide_train.errors import TrainError
from hyguide_train.train_config import load_config

QUANTIZATIONS = ["Q4_K_M", "Q4_0", "Q4_K_S", "Q8_0"]


def tiny_config(base: Path, data: Path, out: Path, *extra: str):
    """The shipped seed recipe (config/train.yaml), shrunk to a few CPU steps on the tiny model."""
    return load_config(Path(__file__).parents[1] / "config" / "train.yaml", [
        f"model.base={base}", "model.max_seq_length=512",
        f"data.train={data / 'train.jsonl'}", f"data.val={data / 'val.jsonl'}", "data.variants=[grounded]",
        "data.assistant_only_loss=true", "data.max_train_samples=48", "data.max_val_samples=6",
        f"training.output_dir={out}", "training.per_device_batch_size=2", "training.gradient_accumulation_steps=2",
        "training.eval_steps=2", "training.save_steps=2", "training.logging_steps=1",
        "training.gradient_checkpointing=false", "training.learning_rate=0.01",
        "evaluate.max_questions=6", "evaluate.max_new_tokens=16", "evaluate.perplexity_samples=4",
        "export.atol=0.001", "export.rtol=0", *extra])


@pytest.fixture(scope="module")
def tiny_gemma(tmp_path_factory) -> Path:
    return make_tiny_gemma(tmp_path_factory.mktemp("gemma") / "tiny-gemma")


@pytest.fixture(scope="module")
def chain(tiny_gemma, sft_dataset, tmp_path_factory):
    """The whole chain once: 4 steps, then resumed to 6, merge, export, evaluate, report."""
    from hyguide_train.evaluate import evaluate
    from hyguide_train.finetune import finetune
    from hyguide_train.gguf_export import export
    from hyguide_train.merge import merge
    from hyguide_train.report import write_report

    out = tmp_path_factory.mktemp("run")
    data = sft_dataset[0]
    first = finetune(tiny_config(tiny_gemma, data, out, "training.max_steps=4"), progress=False)
    config = tiny_config(tiny_gemma, data, out, "training.max_steps=6", "merge.dtype=float32")
    second = finetune(config, progress=False)
    return {"config": config, "first": first, "second": second, "merge": merge(config, progress=False),
            "export": export(config, progress=False), "evaluate": evaluate(config, progress=False),
            "report": write_report(config)}


def test_qlora_trains_4bit_base_with_lora_and_logs_to_tensorboard(chain):
    config = chain["config"]
    summary = json.loads((config.run_dir / "finetune.json").read_text())
    assert summary["quantization"] == "4bit" and summary["base_4bit_layers"] == 2 * 7   # every linear of 2 blocks
    adapter = json.loads((config.adapter_dir / "adapter_config.json").read_text())
    assert adapter["r"] == 16 and adapter["lora_alpha"] == 32
    assert set(adapter["target_modules"]) == {"q_proj", "k_proj", "v_proj", "o_proj"}
    evals = [h["eval_loss"] for h in summary["log_history"] if "eval_loss" in h]
    assert evals and all(math.isfinite(v) for v in evals)
    assert list((config.run_dir / "tensorboard").glob("events.out.tfevents.*"))
    assert chain["merge"]["adapter_max_logit_change"] > 1e-3      # the adapter learned something


def test_second_run_resumes_from_the_last_checkpoint(chain):
    assert chain["first"].resumed_from is None and chain["first"].steps == 4
    assert Path(chain["second"].resumed_from).name == "checkpoint-4"
    assert chain["second"].steps == 6
    steps = [h["step"] for h in json.loads((chain["config"].run_dir / "finetune.json").read_text())["log_history"]
             if "loss" in h]
    assert steps == sorted(steps) and steps[-1] == 6


def test_merge_matches_base_plus_adapter_and_saves_what_export_needs(chain):
    m, merged = chain["merge"], chain["config"].merged_dir
    assert m["merge_max_logit_diff"] <= 1e-3
    assert (merged / "merge.json").is_file() and list(merged.glob("*.safetensors"))
    assert (merged / "tokenizer.model").is_file()
    config = json.loads((merged / "config.json").read_text())
    assert config["model_type"] == "gemma" and "quantization_config" not in config   # never the 4-bit copy


def test_export_logits_match_transformers_and_quantizations_are_smaller(chain):
    e = chain["export"]
    assert e["gguf_max_logit_diff"] <= 1e-3 and e["top1_agreement"] == 1.0
    assert e["tokenization_matches"]
    sizes = {kind: info["bytes"] for kind, info in e["files"].items()}
    assert set(sizes) == {"F32", *QUANTIZATIONS}
    assert sizes["Q4_0"] < sizes["Q8_0"] < sizes["F32"] and sizes["Q4_K_M"] < sizes["Q8_0"]


@pytest.mark.parametrize("kind", QUANTIZATIONS)
def test_quantized_gguf_loads_in_llama_cpp_and_chats(chain, kind):
    path = str(chain["config"].gguf_dir / f"model-{kind}.gguf")
    got = run_in_child(f"llama.cpp chat on {path}", chat_once, path, "한양플라자 어디야?")
    assert "<start_of_turn>" in got["chat_template"] and got["architecture"] == "gemma"
    assert got["finish_reason"] in ("stop", "length") and got["prompt_tokens"] > 5


@pytest.mark.parametrize("kind", QUANTIZATIONS)
def test_repacked_and_plain_weights_give_the_same_logits(chain, kind):
    """llama.cpp's extra buffer types (repacked CPU layouts) compute what the plain layout does."""
    path = str(chain["config"].gguf_dir / f"model-{kind}.gguf")
    text = "<start_of_turn>user\n한양플라자 어디야?<end_of_turn>\n<start_of_turn>model\n"
    on = np.array(run_in_child(f"llama.cpp on {path} (extra buffers on)", prompt_logits, path, text, "on"))
    off = np.array(run_in_child(f"llama.cpp on {path} (extra buffers off)", prompt_logits, path, text, "off"))
    assert on.shape == off.shape and on.shape[0] > 5
    assert np.abs(on - off).max() <= 0.05 * np.abs(off).max() + 1e-3
    assert (on.argmax(-1) == off.argmax(-1)).mean() >= 0.9


def test_evaluate_scores_every_model_and_writes_the_report(chain):
    rows = {m["model"]: m for m in chain["evaluate"]["models"]}
    assert set(rows) == {"guide (composed)", "hf", "model-f32.gguf", *(f"model-{q}.gguf" for q in QUANTIZATIONS)}
    for name, row in rows.items():
        assert row["questions"] == 6
        assert 0 <= row["key_fact_recall"] <= 1 and 0 <= row["chrf"] <= 100
        if name != "guide (composed)":
            assert math.isfinite(row["perplexity"]) and row["perplexity"] > 1
            assert row["tokens_per_s"] is None or row["tokens_per_s"] > 0
            assert row["ttft_ms_p50"] > 0
    # the same weights give the same perplexity through transformers and llama.cpp
    assert rows["model-f32.gguf"]["perplexity"] == pytest.approx(rows["hf"]["perplexity"], rel=1e-3)
    assert rows["guide (composed)"]["key_fact_recall"] > 0.9        # the template references are the guide's
    report = chain["report"].read_text()
    for needle in ("## Fine-tuning", "## Merge", "## GGUF export", "## Evaluation", "model-Q4_K_M.gguf",
                   "loss.png", "metrics.png", "## Software", f"transformers {version('transformers')}",
                   f"llama-cpp-python {version('llama-cpp-python')}"):
        assert needle in report
    for png in ("loss.png", "metrics.png", "speed.png"):
        assert (chain["report"].parent / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_lora_on_all_linear_layers_of_a_16_bit_base(tiny_gemma, sft_dataset, tmp_path):
    from hyguide_train.finetune import finetune
    config = tiny_config(tiny_gemma, sft_dataset[0], tmp_path, "quantization.mode=none", "lora.target_modules=[all-linear]",
                         "lora.r=8", "training.max_steps=1", "training.early_stopping_patience=0")
    result = finetune(config, progress=False)
    summary = json.loads((tmp_path / "finetune.json").read_text())
    assert result.steps == 1 and summary["base_4bit_layers"] == 0
    targets = {name.rsplit(".", 1)[-1] for name in
               json.loads((config.adapter_dir / "adapter_config.json").read_text())["target_modules"]}
    assert targets == {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"}


def test_distributed_data_parallel_needs_no_code_change(tiny_gemma, sft_dataset, tmp_path):
    """Two processes under torchrun (what `accelerate launch --multi_gpu` starts), here on the CPU (gloo)."""
    config = [f"--set={a}" for a in (f"model.base={tiny_gemma}", "model.max_seq_length=512",
                                     f"data.train={sft_dataset[0] / 'train.jsonl'}", f"data.val={sft_dataset[0] / 'val.jsonl'}",
                                     "data.max_train_samples=64", "data.max_val_samples=4", f"training.output_dir={tmp_path}",
                                     "training.max_steps=2", "training.eval_steps=2", "training.save_steps=2",
                                     "training.logging_steps=1", "training.gradient_checkpointing=false")]
    run = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--nproc_per_node=2", "-m", "hyguide_train",
                          "finetune", "--quiet", *config], capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    summary = json.loads((tmp_path / "finetune.json").read_text())
    assert summary["world_size"] == 2 and summary["steps"] == 2
    first = next(h for h in summary["log_history"] if "num_tokens" in h)
    assert first["epoch"] == pytest.approx(2 * 2 * 8 / 64)     # 2 processes x batch 2 x accumulation 8 per step
    assert run.stdout.count("finetune: 2 steps") == 1 and "on 2 processes" in run.stdout
    assert (tmp_path / "adapter" / "adapter_model.safetensors").is_file()


def test_refuses_4bit_when_bitsandbytes_is_missing(monkeypatch):
    from hyguide_train.finetune import check_4bit_support
    monkeypatch.setitem(sys.modules, "bitsandbytes", None)      # as on a machine without it
    with pytest.raises(TrainError, match="quantization.mode: none"):
        check_4bit_support("cpu")


def test_training_data_variants_completion_only_and_general_mix(sft_dataset, tmp_path):
    from hyguide_train.finetune import fold_system, training_examples
    general = tmp_path / "general.jsonl"
    general.write_text("".join(json.dumps({"messages": [
        {"role": "system", "content": "Be brief."}, {"role": "user", "content": f"Say {i}."},
        {"role": "assistant", "content": str(i)}]}) + "\n" for i in range(5)))
    config = tiny_config(Path("unused"), sft_dataset[0], tmp_path, f"data.general={general}", "data.general_share=0.2")
    train, val, counts = training_examples(config)
    assert counts == {"task": 48, "general": 12, "val": 6} and len(train) == 60
    assert all(set(x) == {"prompt", "completion"} and x["completion"][0]["role"] == "assistant" for x in train)
    grounded = [x for x in train if "\n\n질문: " in x["prompt"][-1]["content"] or "\n\nQuestion: " in x["prompt"][-1]["content"]]
    assert len(grounded) == 48                                       # the task part is all grounded prompts
    assert fold_system([{"role": "system", "content": "S"}, {"role": "user", "content": "U"}]) == \
        [{"role": "user", "content": "S\n\nU"}]


def test_config_errors_name_the_bad_key(tmp_path):
    with pytest.raises(ValueError, match="unknown key lora.rank"):
        load_config(None, ["lora.rank=8"])
    with pytest.raises(ValueError, match="training.max_steps must be a whole number"):
        load_config(None, ["training.max_steps=1.5"])
    with pytest.raises(ValueError, match="quantization.mode must be 4bit or none"):
        load_config(None, ["quantization.mode=8bit"])
    bad = tmp_path / "bad.yaml"
    bad.write_text("training: [1, 2\n")
    with pytest.raises(ValueError, match="not valid YAML"):
        load_config(bad)


def test_stages_out_of_order_and_bad_files_get_clear_messages(tiny_gemma, tmp_path):
    from hyguide_train.gguf_export import convert_gemma_to_gguf
    run = subprocess.run([sys.executable, "-m", "hyguide_train", "merge", "--set", f"training.output_dir={tmp_path}"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 2 and "run `hyguide-train finetune` first" in run.stderr
    assert "Traceback" not in run.stderr
    run = subprocess.run([sys.executable, "-m", "hyguide_train", "finetune", "-c", str(tmp_path / "none.yaml")],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 2 and "config file not found" in run.stderr
    llama_dir = tmp_path / "llama"
    llama_dir.mkdir()
    (llama_dir / "config.json").write_text(json.dumps({"model_type": "llama"}))
    with pytest.raises(TrainError, match="handles Gemma"):
        convert_gemma_to_gguf(llama_dir, tmp_path / "x.gguf")
    (tmp_path / "data.jsonl").write_text('{"messages": [{"role": "user", "content": "hi"}]}\n')
    from hyguide_train.finetune import read_jsonl
    with pytest.raises(TrainError, match="data.jsonl:1: a record needs `messages` ending with an assistant turn"):
        read_jsonl(tmp_path / "data.jsonl", "training data")


def test_abstain_rule_for_free_text_and_the_question_inside_a_grounded_prompt(guide):
    for question in ("에펠탑 어디야?", "Where is the Eiffel Tower?"):
        answer = guide.ask(question)
        assert answer.abstained and says_unknown(answer.text)
    assert not says_unknown(guide.ask("한양플라자 어디야?").text)
    prompt = build_messages("한양플라자 어디야?", ["한양플라자, 건물 번호 105"], "ko")[-1]["content"]
    assert question_of(prompt) == "한양플라자 어디야?" and question_of("plain question") == "plain question"
