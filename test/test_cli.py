import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "hyguide_ros.cli", *args], input=stdin, capture_output=True,
                          text=True, timeout=60)


def evaluate(*args):
    """The evaluation's scorer (hyguide_eval, not part of the robot's CLI)."""
    return subprocess.run([sys.executable, "-m", "hyguide_eval.seed", *args], capture_output=True, text=True,
                          timeout=60)


def test_ask_prints_the_answer():
    result = run("ask", "한양플라자 건물 번호가 뭐야?")
    assert result.returncode == 0 and "105번" in result.stdout


def test_batch_gives_one_json_line_per_question_and_survives_bad_lines():
    lines = [json.dumps({"id": "q1", "question": "한양플라자 어디야?"}, ensure_ascii=False),
             json.dumps({"id": "q2", "question": "거기 몇 층이야?"}, ensure_ascii=False),   # own conversation
             "{broken", json.dumps({"id": "q4", "question": "Where is the Main Building?"})]
    result = run("ask", "--batch", "-", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("id") for o in out] == ["q1", "q2", None, "q4"]
    first = out[0]
    assert set(first) >= {"id", "question", "answer", "language", "intent", "place_ids", "grounded", "latency_ms"}
    assert first["place_ids"] == ["b105"] and first["grounded"] and first["language"] == "ko"
    assert "모르겠습니다" in out[1]["answer"]           # each batch line is its own conversation
    assert "error" in out[2] and out[3]["language"] == "en"
    assert "1 line(s) could not be answered" in result.stderr


def test_eval_scores_a_messages_file(tmp_path):
    qa = tmp_path / "qa.jsonl"
    qa.write_text("\n".join(json.dumps({"messages": [{"role": "user", "content": q}, {"role": "assistant", "content": a}]},
                                       ensure_ascii=False) for q, a in [
        ("한양플라자 몇 층이야?", "한양플라자는 105번 건물이고 지상 4층이야."),
        ("본관 몇 층이야?", "본관은 지상 9층이야.")]) + "\n", encoding="utf-8")
    out = tmp_path / "score.json"
    result = evaluate(f"mine={qa}", "--json-out", str(out))
    assert result.returncode == 0, result.stderr
    score = json.loads(out.read_text())["mine"]
    assert score["questions"] == 2 and score["contradiction_rate"] == 0.5     # the made-up 9층 is contradicted
    assert 0.5 < score["key_fact_recall"] <= 1.0 and score["abstain_rate"] == 0.0


def test_missing_kb_is_a_clear_error(tmp_path):
    result = run("ask", "--kb", str(tmp_path / "none.json"), "hello")
    assert result.returncode == 2 and "knowledge base file not found" in result.stderr


def test_eval_without_the_seed_data_says_which_folder_and_how_to_point_make_at_it(tmp_path):
    seed = tmp_path / "shared" / "seed-data"                      # ../shared absent: make eval's usual failure
    result = evaluate(f"campus={seed}/train_data_in_messages.json")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1                         # one line, no traceback
    assert f"seed data not found: {seed}/train_data_in_messages.json" in result.stderr
    assert f"its folder {seed} does not exist" in result.stderr and "SEED=" in result.stderr
    seed.mkdir(parents=True)                                      # the folder is there, the file is not
    result = evaluate(f"campus={seed}/train_data_in_messages.json")
    assert result.returncode == 2 and f"QA file not found: {seed}/train_data_in_messages.json" in result.stderr



def test_make_eval_stops_before_setup_when_the_seed_folder_is_missing(tmp_path):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    repo = Path(__file__).resolve().parent.parent
    makefile = (repo / "Makefile").read_text()
    for target in ("eval", "eval-noisy"):                           # the check runs first, before setup
        assert re.search(rf"^{target}: check-seed setup", makefile, re.M), target
    result = subprocess.run(["make", "-s", "check-seed", f"SEED={tmp_path / 'none'}"], cwd=repo,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and f"seed data folder not found: {tmp_path / 'none'}" in result.stderr
    assert "SEED=" in result.stderr
    assert subprocess.run(["make", "-s", "check-seed", f"SEED={tmp_path}"], cwd=repo, timeout=60).returncode == 0


def test_train_report_lists_the_inputs_it_found_and_warns_when_it_found_none(tmp_path, capsys):
    from hyguide_train.cli import main as train_cli
    run_dir = tmp_path / "run"
    assert train_cli(["report", "--set", f"training.output_dir={run_dir}"]) == 0
    err = capsys.readouterr().err
    assert f"none of the stages' results is under {run_dir}" in err and "hyguide-train pipeline" in err
    report = (run_dir / "report" / "report.md").read_text()
    assert "## Inputs" in report and report.count("| not found (written by `hyguide-train ") == 4
    for path in ("finetune.json", "merged/merge.json", "gguf/export.json", "report/evaluate.json"):
        assert f"`{run_dir / path}` | not found" in report
    # one stage done: listed as found, its section written, no warning
    (run_dir / "merged").mkdir(parents=True)
    (run_dir / "merged" / "merge.json").write_text(json.dumps({
        "dtype": "float16", "bytes": 5_000_000, "tokens_compared": 64, "merge_max_logit_diff": 1e-6,
        "saved_max_logit_diff": 2e-3}))
    assert train_cli(["report", "--set", f"training.output_dir={run_dir}"]) == 0
    assert "none of the stages" not in capsys.readouterr().err
    report = (run_dir / "report" / "report.md").read_text()
    assert f"| merge | `{run_dir / 'merged/merge.json'}` | found |" in report and "## Merge" in report
    assert report.count("not found") == 3
