import json
import subprocess
import sys


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "hyguide_ros.cli", *args], input=stdin, capture_output=True,
                          text=True, timeout=60)


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
    result = run("eval", f"mine={qa}", "--json-out", str(out))
    assert result.returncode == 0, result.stderr
    score = json.loads(out.read_text())["mine"]
    assert score["questions"] == 2 and score["contradiction_rate"] == 0.5     # the made-up 9층 is contradicted
    assert 0.5 < score["key_fact_recall"] <= 1.0 and score["abstain_rate"] == 0.0


def test_missing_kb_is_a_clear_error(tmp_path):
    result = run("ask", "--kb", str(tmp_path / "none.json"), "hello")
    assert result.returncode == 2 and "knowledge base file not found" in result.stderr
