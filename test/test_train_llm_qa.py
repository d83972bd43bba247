"""qa generate --llm: the openai client against a replay server and against llama-cpp-python's real server."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from hyguide_ros.guide import CampusGuide
from hyguide_train.http import APIError
from hyguide_train.llm_qa import LLMConfig, LLMGenerator, count_sentences, parse_pairs
from hyguide_train.qa import TemplateGenerator

sys.path.insert(0, str(Path(__file__).parent))
from openai_server import OpenAIReplayServer, messages_key  # noqa: E402

PLACES = ["b105", "near_21"]          # a campus building and an off-campus place
BAD_ANSWER = {"ko": "한양플라자는 999번 건물이에요. 학생들이 많이 찾는 곳이에요.",
              "en": "Hanyang Plaza (한양플라자) is Building 999. Many students go there."}


@pytest.fixture(scope="module")
def guide() -> CampusGuide:
    return CampusGuide()


@pytest.fixture(scope="module")
def recorded(guide) -> dict[str, str]:
    """What a good model would answer to each request: the guide's own checked pairs of that type."""
    templates = TemplateGenerator(guide)
    generator = LLMGenerator(LLMConfig(), guide)
    responses = {}
    for req in generator.requests(place_ids=PLACES):
        pairs = [p for p in templates.pairs_for(guide.kb.get(req.place_id), req.language) if p.type == req.type]
        items = [{"question": p.question, "answer": p.answer} for p in pairs]
        if req.place_id == "b105" and req.type == "basic":
            name = "한양플라자" if req.language == "ko" else "Hanyang Plaza"
            items.insert(0, {"question": f"{name} 몇 번 건물이야?" if req.language == "ko" else f"What number is {name}?",
                             "answer": BAD_ANSWER[req.language]})
        responses[messages_key(req.messages)] = json.dumps({"pairs": items}, ensure_ascii=False)
    return responses


def generator_for(server, guide, tmp_path, **kw) -> LLMGenerator:
    os.environ["HYGUIDE_TEST_KEY"] = "test-key"
    cfg = LLMConfig(base_url=server.url, api_key_env="HYGUIDE_TEST_KEY", cache_dir=tmp_path / "cache",
                    http_retries=kw.pop("http_retries", 2), **kw)
    return LLMGenerator(cfg, guide)


def test_replayed_pairs_are_checked_kept_and_tallied(guide, recorded, tmp_path):
    with OpenAIReplayServer(recorded) as server:
        gen = generator_for(server, guide, tmp_path)
        requests = gen.requests(place_ids=PLACES)
        pairs = gen.run(requests, progress=False)
        body = server.bodies[0]
    assert len(requests) == 16                               # 2 places x 2 languages x 4 types
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"]["required"] == ["pairs"]
    assert len(pairs) >= 80 and {p.place_id for p in pairs} == set(PLACES)
    assert all(p.source == "llm:gpt-4o-mini" for p in pairs)
    assert gen.report.rejected["unsupported fact: building"] == 2          # the 999 answers, ko and en
    assert not any("999" in p.answer for p in pairs)
    for p in pairs:                                          # what was kept passes the checks again
        assert gen.check_pair(guide.kb.get(p.place_id), p.language, p.question, p.answer) is None
    assert gen.usage.requests == 16 and gen.usage.prompt_tokens > 0 and gen.usage.completion_tokens > 0
    assert 0 < gen.usage.cost_usd(gen.cfg) < 0.05


def test_a_crashed_run_resumes_from_the_cache(guide, recorded, tmp_path):
    with OpenAIReplayServer(recorded) as server:
        gen = generator_for(server, guide, tmp_path, http_retries=0)
        requests = gen.requests(place_ids=PLACES)
        failing = messages_key(requests[5].messages)
        server.fail_keys.add(failing)                          # the endpoint breaks for one request
        with pytest.raises(APIError, match="HTTP 500"):
            gen.run(requests, progress=False)
        assert sum(server.hits.values()) == 16
        server.fail_keys.clear()
        again = generator_for(server, guide, tmp_path)
        pairs = again.run(requests, progress=False)
        assert server.hits[failing] == 2 and sum(server.hits.values()) == 17   # only the failed one asked again
        assert again.usage.cached == 15 and again.usage.requests == 1
        third = generator_for(server, guide, tmp_path)
        assert [p.question for p in third.run(requests, progress=False)] == [p.question for p in pairs]
        assert sum(server.hits.values()) == 17


def test_output_that_is_not_the_schema_is_asked_again_then_rejected(guide, tmp_path):
    gen_probe = LLMGenerator(LLMConfig(), guide)
    req = gen_probe.requests(place_ids=["b105"], types=["basic"], languages=("ko",))[0]
    with OpenAIReplayServer({messages_key(req.messages): '{"pairs": [{"question": "x"'}) as server:
        gen = generator_for(server, guide, tmp_path, retries=2)
        assert gen.run([req], progress=False) == []
        assert server.hits[messages_key(req.messages)] == 3
    assert gen.report.rejected["output was not the schema's JSON"] == 1
    assert not list((tmp_path / "cache").rglob("*.json"))            # nothing invalid is cached


def test_429_is_retried_by_the_client(guide, recorded, tmp_path):
    with OpenAIReplayServer(recorded) as server:
        server.busy_first = 2
        gen = generator_for(server, guide, tmp_path, workers=1)
        requests = gen.requests(place_ids=["b105"], types=["route"], languages=("ko",))
        assert gen.run(requests, progress=False)
        assert server.hits[messages_key(requests[0].messages)] == 3


def test_bad_key_and_missing_key_are_clear(guide, recorded, tmp_path, monkeypatch):
    with OpenAIReplayServer(recorded, api_key="the-right-key") as server:
        gen = generator_for(server, guide, tmp_path)
        with pytest.raises(APIError, match="refused the API key from HYGUIDE_TEST_KEY"):
            gen.run(gen.requests(place_ids=["b105"], types=["basic"], languages=("ko",)), progress=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    gen = LLMGenerator(LLMConfig(cache_dir=tmp_path / "c2"), guide)
    with pytest.raises(APIError, match="set OPENAI_API_KEY"):
        gen.run(gen.requests(place_ids=["b105"], types=["basic"], languages=("ko",)), progress=False)


def test_batch_api_round_trip_resumes_the_same_job(guide, recorded, tmp_path):
    with OpenAIReplayServer(recorded) as server:
        gen = generator_for(server, guide, tmp_path)
        requests = gen.requests(place_ids=PLACES)
        batch_id = gen.submit_batch(requests)
        assert gen.submit_batch(requests) == batch_id and len(server.batches) == 1   # a re-run waits on the same job
        assert gen.collect_batch(batch_id, requests, poll_s=0.01, progress=False) == "completed"
        chat_before = len(server.bodies)
        pairs = gen.run(requests, progress=False)
        assert len(server.bodies) == chat_before                 # everything came through the batch
        assert gen.submit_batch(requests) is None                # nothing left to send
    assert len(pairs) >= 80 and gen.usage.cached == 16
    assert gen.usage.batch_prompt_tokens > 0 and gen.usage.prompt_tokens == 0
    listed = gen.usage.batch_prompt_tokens * 0.15 + gen.usage.batch_completion_tokens * 0.60
    assert gen.usage.cost_usd(gen.cfg) == pytest.approx(listed / 1e6 / 2)


def test_checks_and_parsing():
    assert parse_pairs('{"pairs": [{"question": "a", "answer": "b"}]}') == [{"question": "a", "answer": "b"}]
    assert parse_pairs('{"pairs": [{"question": 1}]}') is None and parse_pairs("nope") is None
    assert count_sentences("한양플라자는 105번 건물이에요. 예지문에서 1분이에요.") == 2
    assert count_sentences("It is Building 105. It is 1 minute away! Go now?") == 3


def test_estimate_for_the_whole_knowledge_base(guide):
    gen = LLMGenerator(LLMConfig(), guide)
    estimate = gen.estimate(gen.requests())
    assert estimate["requests"] > 1000 and estimate["pairs_wanted"] > 10_000
    assert 0 < estimate["batch_cost_usd"] < estimate["cost_usd"] < 20


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_llama_cpp_server_random_model_output_is_rejected_cleanly(guide, tmp_path):
    pytest.importorskip("llama_cpp.server", reason="llama-cpp-python[server] is installed by make setup")
    from tiny_models import make_tiny_gguf
    model = make_tiny_gguf(tmp_path / "tiny.gguf")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
                               "--port", str(port), "--n_ctx", "8192", "--model_alias", "tiny"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=1)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"llama-cpp-python server did not start: {server.stderr.read()[-2000:]}")
                time.sleep(0.2)
        cfg = LLMConfig(model="tiny", base_url=f"http://127.0.0.1:{port}/v1", api_key_env="NO_SUCH_KEY_VAR",
                        response_format="json_object", max_tokens=48, retries=1, workers=1,
                        cache_dir=tmp_path / "cache", temperature=1.0)
        gen = LLMGenerator(cfg, guide)
        requests = gen.requests(place_ids=["b105"], types=["basic"])
        pairs = gen.run(requests, progress=False)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert pairs == []                                      # noise never becomes training data
    assert sum(gen.report.rejected.values()) >= 2          # every request ended in a counted rejection
    assert gen.usage.requests >= 2 and gen.usage.prompt_tokens > 500 and gen.usage.completion_tokens > 0
    assert gen.usage.cost_usd(cfg) == 0                    # a local model has no list price


def test_cli_dry_run_and_replayed_run(guide, recorded, tmp_path):
    dry = subprocess.run(["hyguide-train", "qa", "generate", "--llm", "--out", str(tmp_path / "p.jsonl"),
                          "--dry-run"], capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["requests"] > 1000 and not (tmp_path / "p.jsonl").exists()
    with OpenAIReplayServer(recorded) as server:
        env = {**os.environ, "OPENAI_API_KEY": "test-key"}
        run = subprocess.run(["hyguide-train", "qa", "generate", "--llm", "--base-url", server.url, "--places",
                              ",".join(PLACES), "--out", str(tmp_path / "p.jsonl"), "--quiet"],
                             capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert "16 requests (0 from the cache)" in run.stdout and "test-key" not in run.stdout + run.stderr
    lines = (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 80 and json.loads(lines[0])["source"] == "llm:gpt-4o-mini"
    built = subprocess.run(["hyguide-train", "dataset", "build", "--out", str(tmp_path / "ds"), "--pairs",
                            str(tmp_path / "p.jsonl"), "--no-templates", "--quiet"], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    card = (tmp_path / "ds" / "card.md").read_text(encoding="utf-8")
    assert "generators: llm:gpt-4o-mini" in card
    total = sum(len((tmp_path / "ds" / f"{s}.jsonl").read_text().splitlines()) for s in ("train", "val", "test"))
    assert total == 2 * len(lines)                             # plain + grounded
