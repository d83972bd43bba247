"""QA pairs written by an LLM through the `openai` client, then checked against the knowledge base.

One request per (place, language, type) asks any OpenAI-compatible endpoint (OpenAI, or a local
llama.cpp / vLLM server via `base_url`) for JSON that follows `QA_SCHEMA`. The facts in the
request are the guide's own grounding facts, so the model phrases what the knowledge base says.

Nothing the model writes is trusted: every pair goes through `check_pair` (language, the place
named in question and answer, two to four spoken sentences, every number a fact) and a rejected
pair is counted with its reason. Each valid response is cached on disk before it is used, so an
interrupted run resumes without paying twice; tokens and cost are tallied per run. For large runs
the same requests can go through the OpenAI Batch API (half price, up to 24 h).
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from hyguide_ros.guide import CampusGuide
from hyguide_ros.guide.phrase.prompt import grounding_facts
from hyguide_ros.knowledge import LANGUAGES, Place

from . import templates as T
from .dataset_check import facts_stated, grammar_findings, not_given
from .files import write_atomic
from .http import APIError
from .qa import GenerationReport, QAPair, near_duplicate, trigrams, zone_group
from .validate import FactChecker

QA_SCHEMA = {
    "type": "object",
    "properties": {"pairs": {"type": "array", "items": {
        "type": "object",
        "properties": {"question": {"type": "string"}, "answer": {"type": "string"}},
        "required": ["question", "answer"], "additionalProperties": False}}},
    "required": ["pairs"], "additionalProperties": False,
}
# USD per million tokens (input, output), list prices; --price-in/--price-out override them.
PRICES = {"gpt-4o-mini": (0.15, 0.60), "gpt-4.1-mini": (0.40, 1.60), "gpt-4.1-nano": (0.10, 0.40),
          "gpt-4o": (2.50, 10.00), "gpt-4.1": (2.00, 8.00)}
BATCH_DISCOUNT = 0.5

TYPE_GOALS = {
    "basic": ("where it is, its building number, floors, what kind of place it is or what is inside",
              "위치, 건물 번호, 층수, 어떤 곳인지, 안에 무엇이 있는지"),
    "route": ("how to walk there from Yeji Gate or from a neighbouring place, and how long it takes",
              "예지문이나 이웃 건물에서 걸어가는 길과 걸리는 시간"),
    "location": ("what is next to it and in which direction", "바로 옆에 무엇이 있고 어느 방향인지"),
    "transport": ("which bus or subway line to take, where to get on and off", "어떤 버스나 지하철을 어디서 타고 내리는지"),
    "complex": ("questions that combine two facts (e.g. a place and its neighbour, floors and features)",
                "두 가지 사실을 함께 묻는 질문 (예: 위치와 이웃, 층수와 시설)"),
}
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_PARENS = re.compile(r"\([^)]*\)")
_SENTENCE_END = re.compile(r"[.!?。](?=\s|$)")
_MIN_ANSWER_CHARS = 20


@dataclass
class LLMConfig:
    model: str = "gpt-4o-mini"
    base_url: str | None = None          # None: api.openai.com
    api_key_env: str = "OPENAI_API_KEY"
    response_format: str = "json_schema"  # "json_schema" (OpenAI, vLLM) or "json_object" (llama-cpp-python)
    temperature: float = 0.7
    max_tokens: int = 2000
    overgenerate: float = 1.3            # ask for this many times the pairs wanted; checks reject some
    retries: int = 2                     # re-asks after output that is not the schema's JSON
    http_retries: int = 5                # the openai client's own retries on 429/5xx/connection errors
    timeout_s: float = 120.0
    workers: int = 4
    cache_dir: Path = Path("data/llm-cache")
    price_in: float | None = None        # USD per million tokens; None: from PRICES (0 if unknown)
    price_out: float | None = None

    def prices(self) -> tuple[float, float]:
        listed = PRICES.get(self.model, (0.0, 0.0))
        return (listed[0] if self.price_in is None else self.price_in,
                listed[1] if self.price_out is None else self.price_out)


@dataclass
class LLMRequest:
    place_id: str
    language: str
    type: str
    count: int                           # pairs wanted (the request asks for more)
    messages: list[dict]
    key: str = ""


@dataclass
class Usage:
    requests: int = 0                    # calls that went to the endpoint (re-asks included)
    cached: int = 0                      # answered from the disk cache
    prompt_tokens: int = 0
    completion_tokens: int = 0
    batch_prompt_tokens: int = 0         # billed at the batch discount
    batch_completion_tokens: int = 0

    def cost_usd(self, cfg: LLMConfig) -> float:
        p_in, p_out = cfg.prices()
        normal = self.prompt_tokens * p_in + self.completion_tokens * p_out
        batch = (self.batch_prompt_tokens * p_in + self.batch_completion_tokens * p_out) * BATCH_DISCOUNT
        return (normal + batch) / 1e6

    def line(self, cfg: LLMConfig) -> str:
        tokens_in = self.prompt_tokens + self.batch_prompt_tokens
        tokens_out = self.completion_tokens + self.batch_completion_tokens
        return (f"{self.requests} requests ({self.cached} from the cache), {tokens_in} prompt + {tokens_out} "
                f"completion tokens, ${self.cost_usd(cfg):.4f} at {cfg.model} prices")


class LLMOutputError(APIError):
    """The endpoint answered, but not with the JSON the schema asks for."""


def _hangul_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if _HANGUL.match(c)) / max(1, len(letters))


def count_sentences(text: str) -> int:
    return len(_SENTENCE_END.findall(text.strip() + " "))


class LLMGenerator:
    def __init__(self, cfg: LLMConfig, guide: CampusGuide, counts: dict[str, dict[str, int]] | None = None,
                 client=None):
        self.cfg, self.guide, self.kb = cfg, guide, guide.kb
        self.counts = counts or T.DEFAULT_COUNTS
        self.checker = FactChecker(self.kb, guide.index)
        self.report = GenerationReport()
        self.usage = Usage()
        self._client = client
        self._seen: list[set[str]] = []
        self._lock = threading.Lock()        # usage is counted from the worker threads

    # ------------------------------------------------------------------ requests
    def requests(self, place_ids: list[str] | None = None, types: list[str] | None = None,
                 languages: tuple[str, ...] = LANGUAGES) -> list[LLMRequest]:
        out = []
        for place in self.kb.places.values():
            if place_ids is not None and place.id not in place_ids:
                continue
            for language in languages:
                for qa_type, count in self.counts[zone_group(place)].items():
                    if types is None or qa_type in types:
                        out.append(self._request(place, language, qa_type, count))
        return out

    def _facts(self, place: Place, language: str) -> list[str]:
        """The facts the model is given to write a place's pairs: the place and three neighbours."""
        ids = [place.id] + [n.place_id for n in place.neighbors if n.place_id in self.kb.places][:3]
        return grounding_facts(self.kb, self.guide.graph, ids, language)

    def _request(self, place: Place, language: str, qa_type: str, count: int) -> LLMRequest:
        facts = self._facts(place, language)
        ask = math.ceil(count * self.cfg.overgenerate)
        goal_en, goal_ko = TYPE_GOALS[qa_type]
        if language == "ko":
            system = ("당신은 한양대학교 캠퍼스 안내 로봇의 학습 데이터를 만드는 사람입니다. 주어진 사실만 사용하고, 사실에 없는 "
                      "건물 번호, 층수, 시간, 노선, 출구, 장소는 절대 쓰지 마세요. 답은 JSON으로만 합니다.")
            user = (f"방문객이 '{place.name_ko}'에 대해 로봇에게 물을 만한 질문과 로봇의 답을 {ask}쌍 만들어 주세요. "
                    f"주제: {goal_ko}. 질문마다 장소 이름을 넣고 말투를 다양하게 하세요. 답은 해요체로 두세 문장, "
                    f"장소 이름을 넣고 소리 내어 읽기 좋게 쓰세요.\n\n사실:\n" + "\n".join(f"- {f}" for f in facts)
                    + '\n\n형식: {"pairs": [{"question": "...", "answer": "..."}]}')
        else:
            system = ("You write training data for the Hanyang University campus guide robot. Use only the given "
                      "facts; never state a building number, floor count, time, line, exit or place that is not in "
                      "them. Reply with JSON only.")
            user = (f"Write {ask} question-answer pairs a visitor might ask the robot about {place.name_en}, and the "
                    f"robot's answers. Topic: {goal_en}. Name the place in every question and vary the wording. "
                    f"Answers: two or three spoken sentences in English, English names with the Korean name in "
                    f"parentheses at the first mention, e.g. {place.name_en} ({place.name_ko}).\n\nFacts:\n"
                    + "\n".join(f"- {f}" for f in facts) + '\n\nFormat: {"pairs": [{"question": "...", "answer": "..."}]}')
        req = LLMRequest(place.id, language, qa_type, count,
                         [{"role": "system", "content": system}, {"role": "user", "content": user}])
        req.key = hashlib.sha256(json.dumps([self.cfg.model, req.messages, self._response_format(),
                                             self.cfg.temperature], ensure_ascii=False).encode()).hexdigest()[:32]
        return req

    def _response_format(self) -> dict:
        if self.cfg.response_format == "json_schema":
            return {"type": "json_schema", "json_schema": {"name": "qa_pairs", "strict": True, "schema": QA_SCHEMA}}
        if self.cfg.response_format == "json_object":      # llama-cpp-python takes the schema beside the type
            return {"type": "json_object", "schema": QA_SCHEMA}
        raise ValueError(f"response format must be json_schema or json_object, not {self.cfg.response_format!r}")

    def body(self, req: LLMRequest) -> dict:
        """The chat-completions request body (also one line of a Batch API input file)."""
        return {"model": self.cfg.model, "messages": req.messages, "response_format": self._response_format(),
                "temperature": self.cfg.temperature, "max_tokens": self.cfg.max_tokens}

    # ------------------------------------------------------------------ the endpoint
    @property
    def client(self):
        if self._client is None:
            import openai
            key = os.environ.get(self.cfg.api_key_env)
            if not key and self.cfg.base_url is None:
                raise APIError(f"set {self.cfg.api_key_env} to your OpenAI API key, or pass --base-url for a local "
                               f"OpenAI-compatible server")
            self._client = openai.OpenAI(api_key=key or "not-needed", base_url=self.cfg.base_url,
                                         max_retries=self.cfg.http_retries, timeout=self.cfg.timeout_s)
        return self._client

    def _cache_path(self, key: str) -> Path:
        return Path(self.cfg.cache_dir) / "responses" / f"{key}.json"

    def cached(self, req: LLMRequest) -> dict | None:
        path = self._cache_path(req.key)
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None

    def store(self, req: LLMRequest, content: str, usage: dict, via: str) -> dict:
        entry = {"place_id": req.place_id, "language": req.language, "type": req.type, "model": self.cfg.model,
                 "via": via, "content": content, "usage": usage, "received": time.strftime("%Y-%m-%dT%H:%M:%S")}
        write_atomic(self._cache_path(req.key), json.dumps(entry, ensure_ascii=False))
        return entry

    def call(self, req: LLMRequest) -> dict:
        """The response for one request: from the cache, or asked (and re-asked on output that is not JSON)."""
        entry = self.cached(req)
        if entry is not None:
            with self._lock:
                self.usage.cached += 1
            return entry
        import openai
        last = ""
        for _ in range(self.cfg.retries + 1):
            try:
                response = self.client.chat.completions.create(**self.body(req))
            except openai.AuthenticationError as exc:
                raise APIError(f"the endpoint refused the API key from {self.cfg.api_key_env} (HTTP 401)") from exc
            except openai.APIConnectionError as exc:
                raise APIError(f"cannot reach {self.cfg.base_url or 'api.openai.com'}: {exc}") from exc
            except openai.BadRequestError as exc:
                hint = (" (llama-cpp-python's server wants --response-format json_object)"
                        if "response_format" in str(exc) else "")
                raise APIError(f"the endpoint rejected the request: {exc.message}{hint}") from exc
            except openai.APIStatusError as exc:
                raise APIError(f"the endpoint answered HTTP {exc.status_code} after "
                               f"{self.cfg.http_retries} retries: {exc.message}") from exc
            usage = response.usage.model_dump() if response.usage else {}
            with self._lock:
                self.usage.requests += 1
                self.usage.prompt_tokens += usage.get("prompt_tokens", 0) or 0
                self.usage.completion_tokens += usage.get("completion_tokens", 0) or 0
            content = (response.choices[0].message.content or "") if response.choices else ""
            if parse_pairs(content) is not None:
                return self.store(req, content, usage, "chat")
            last = content
        raise LLMOutputError(f"no schema JSON after {self.cfg.retries + 1} tries: {last[:80]!r}")

    # ------------------------------------------------------------------ running
    def run(self, requests: list[LLMRequest], progress: bool = True) -> list[QAPair]:
        """Ask (or read from the cache) every request and keep the pairs that pass the checks."""
        pairs: list[QAPair] = []
        entries: dict[str, dict | Exception] = {}
        with ThreadPoolExecutor(max_workers=max(1, self.cfg.workers)) as pool:
            futures = {pool.submit(self._call_or_error, r): r for r in requests}
            for future in tqdm(as_completed(futures), total=len(futures), desc="llm qa", unit="req",
                               disable=not progress):
                entries[futures[future].key] = future.result()
        for req in requests:            # checked in request order, so a re-run keeps the same pairs
            entry = entries[req.key]
            if isinstance(entry, LLMOutputError):
                self.report.reject("output was not the schema's JSON", f"({req.place_id} {req.language} {req.type})")
                continue
            if isinstance(entry, Exception):
                raise entry
            pairs += self.check_response(req, entry["content"])
        return pairs

    def _call_or_error(self, req: LLMRequest) -> dict | Exception:
        try:
            return self.call(req)
        except APIError as exc:       # counted (bad output) or raised again in the main thread, after the rest
            return exc

    def check_response(self, req: LLMRequest, content: str) -> list[QAPair]:
        place = self.kb.get(req.place_id)
        kept: list[QAPair] = []
        items = parse_pairs(content) or []
        if not items:
            self.report.reject("response had no pairs", f"({req.place_id} {req.language} {req.type})")
        for item in items:
            question, answer = item["question"].strip(), item["answer"].strip()
            problem = self.check_pair(place, req.language, question, answer)
            if problem:
                self.report.reject(problem, question[:80])
                continue
            if len(kept) >= req.count:
                break
            if near_duplicate(question, self._seen, self.report):
                continue
            self._seen.append(trigrams(question))
            ids = list(dict.fromkeys([place.id] + [m.place_id for m in self.guide.index.find(answer)]))
            kept.append(QAPair(question, answer, place.id, place.zone, req.language, req.type, ids,
                               source=f"llm:{self.cfg.model}"))
        return kept

    def check_pair(self, place: Place, language: str, question: str, answer: str) -> str | None:
        """Why this pair may not be used (None: it may)."""
        if len(question) < 4 or len(answer) < _MIN_ANSWER_CHARS:
            return "empty or too short"
        if language == "ko" and (_hangul_share(question) < 0.5 or _hangul_share(answer) < 0.5):
            return "not Korean"
        if language == "en" and any(_HANGUL.search(_PARENS.sub("", text)) for text in (question, answer)):
            return "Korean outside parentheses in an English pair"
        if place.id not in {m.place_id for m in self.guide.index.find(question)}:
            return "question does not name the place"
        if place.id not in {m.place_id for m in self.guide.index.find(answer)}:
            return "answer does not name the place"
        if not 2 <= count_sentences(answer) <= 4:
            return "answer is not two to four sentences"
        neighbours = [n.place_id for n in place.neighbors if n.place_id in self.kb.places]
        problems = self.checker.problems(answer, [place.id] + neighbours)
        if problems:
            return "unsupported fact: " + problems[0].split()[0]
        # Only what the model was given: a true fact of the KB that its prompt did not hold is still invented.
        given = facts_stated(self._facts(place, language), self.guide.index)
        if not_given(answer, given, self.guide.index):
            return "answer states a fact its prompt does not hold"
        if language == "ko" and (grammar_findings(question, self.kb) or grammar_findings(answer, self.kb)):
            return "Korean grammar lint"
        return None

    # ------------------------------------------------------------------ Batch API
    def submit_batch(self, requests: list[LLMRequest]) -> str | None:
        """Send the requests the cache lacks as one Batch API job; returns its id (None: nothing to send).

        The job id is kept in the cache directory, so running the command again polls the same job.
        """
        state_path = Path(self.cfg.cache_dir) / "batch" / "state.json"
        pending = [r for r in requests if self.cached(r) is None]
        if not pending:
            return None
        keys = sorted(r.key for r in pending)
        if state_path.is_file():
            state = json.loads(state_path.read_text(encoding="utf-8"))
            if state["keys"] == keys:
                return state["batch_id"]
        lines = [json.dumps({"custom_id": r.key, "method": "POST", "url": "/v1/chat/completions", "body": self.body(r)},
                            ensure_ascii=False) for r in pending]
        input_path = state_path.parent / f"input-{hashlib.sha256(''.join(keys).encode()).hexdigest()[:12]}.jsonl"
        input_path.parent.mkdir(parents=True, exist_ok=True)
        input_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with input_path.open("rb") as f:
            uploaded = self.client.files.create(file=f, purpose="batch")
        batch = self.client.batches.create(input_file_id=uploaded.id, endpoint="/v1/chat/completions",
                                           completion_window="24h", metadata={"tool": "hyguide-train qa generate"})
        write_atomic(state_path, json.dumps({"batch_id": batch.id, "input_file_id": uploaded.id, "keys": keys}))
        return batch.id

    def collect_batch(self, batch_id: str, requests: list[LLMRequest], poll_s: float = 30.0,
                      progress: bool = True) -> str:
        """Wait for the job, put its answers into the cache; returns the job's final status."""
        by_key = {r.key: r for r in requests}
        bar = tqdm(desc="batch", unit="req", disable=not progress)
        while True:
            batch = self.client.batches.retrieve(batch_id)
            counts = batch.request_counts
            if counts is not None:
                bar.total = counts.total
                bar.n = counts.completed + counts.failed
                bar.refresh()
            if batch.status in ("completed", "failed", "expired", "cancelled"):
                break
            time.sleep(poll_s)
        bar.close()
        for file_id in (batch.output_file_id, batch.error_file_id):
            if not file_id:
                continue
            for line in self.client.files.content(file_id).text.splitlines():
                if not line.strip():
                    continue
                item = json.loads(line)
                req = by_key.get(item.get("custom_id"))
                response = item.get("response") or {}
                body = response.get("body") or {}
                if req is None or response.get("status_code") != 200 or not body.get("choices"):
                    self.report.reject("batch request failed", str(item.get("error") or body.get("error"))[:80])
                    continue
                usage = body.get("usage") or {}
                self.usage.batch_prompt_tokens += usage.get("prompt_tokens", 0)
                self.usage.batch_completion_tokens += usage.get("completion_tokens", 0)
                content = body["choices"][0]["message"].get("content") or ""
                if parse_pairs(content) is not None:
                    self.store(req, content, usage, "batch")
        (Path(self.cfg.cache_dir) / "batch" / "state.json").unlink(missing_ok=True)
        return batch.status

    # ------------------------------------------------------------------ estimates
    def estimate(self, requests: list[LLMRequest], tokens_per_pair: int = 110) -> dict:
        """Tokens and cost before spending anything: prompt tokens from the text, output from pairs asked."""
        prompt = sum(_estimate_tokens(m["content"]) + 4 for r in requests for m in r.messages)
        completion = sum(math.ceil(r.count * self.cfg.overgenerate) * tokens_per_pair for r in requests)
        p_in, p_out = self.cfg.prices()
        cost = (prompt * p_in + completion * p_out) / 1e6
        return {"requests": len(requests), "pairs_wanted": sum(r.count for r in requests),
                "prompt_tokens": prompt, "completion_tokens": completion, "cost_usd": round(cost, 2),
                "batch_cost_usd": round(cost * BATCH_DISCOUNT, 2)}


def _estimate_tokens(text: str) -> int:
    """Rough o200k-style count: a Hangul syllable is about one token, other text about four characters."""
    hangul = len(_HANGUL.findall(text))
    return hangul + math.ceil((len(text) - hangul) / 4)


def parse_pairs(content: str) -> list[dict] | None:
    """The pairs of a response that follows QA_SCHEMA, or None when it does not."""
    try:
        data = json.loads(content)
    except (json.JSONDecodeError, TypeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("pairs"), list):
        return None
    pairs = data["pairs"]
    if not all(isinstance(p, dict) and isinstance(p.get("question"), str) and isinstance(p.get("answer"), str)
               for p in pairs):
        return None
    return pairs
