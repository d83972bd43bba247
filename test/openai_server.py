"""A local server that speaks the OpenAI API for the LLM generator's tests, replaying recorded answers.

Chat completions: the answer recorded for the request's messages (`responses`, keyed by
`messages_key`), with a `usage` block; an unrecorded request is HTTP 400. Files and batches:
enough of `/v1/files` and `/v1/batches` for a Batch API round trip (the job completes on the
second look). `"stream": true` chat requests get the answer as server-sent events, a few
characters per `chat.completion.chunk`, then `data: [DONE]`. Steering for failure tests: a wrong bearer key is HTTP 401, `fail_keys` answer
HTTP 500, `busy_first` requests answer HTTP 429 first. Every chat request is counted per key.
"""
from __future__ import annotations

import email.parser
import hashlib
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def messages_key(messages: list[dict]) -> str:
    return hashlib.sha256(json.dumps(messages, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


class OpenAIReplayServer:
    def __init__(self, responses: dict[str, str], api_key: str = "test-key"):
        self.responses, self.api_key = responses, api_key
        self.hits: Counter = Counter()
        self.fail_keys: set[str] = set()
        self.busy_first = 0
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict] = {}
        self.bodies: list[dict] = []

    # ------------------------------------------------------------------ answers
    def completion(self, body: dict) -> tuple[int, dict]:
        key = messages_key(body["messages"])
        self.hits[key] += 1
        self.bodies.append(body)
        if key in self.fail_keys:
            return 500, {"error": {"message": "The server had an error", "type": "server_error"}}
        if self.busy_first > 0:
            self.busy_first -= 1
            return 429, {"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}}
        if key not in self.responses:
            return 400, {"error": {"message": "no recorded response for these messages", "type": "invalid_request_error"}}
        content = self.responses[key]
        prompt = sum(len(m["content"]) for m in body["messages"]) // 4
        return 200, {"id": f"chatcmpl-{key[:12]}", "object": "chat.completion", "created": int(time.time()),
                     "model": body["model"], "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                                                          "message": {"role": "assistant", "content": content}}],
                     "usage": {"prompt_tokens": prompt, "completion_tokens": len(content) // 4,
                               "total_tokens": prompt + len(content) // 4}}

    def batch_view(self, batch_id: str) -> dict:
        batch = self.batches[batch_id]
        batch["looks"] += 1
        if batch["looks"] >= 2 and batch["status"] != "completed":
            lines = []
            for line in self.files[batch["input_file_id"]].decode().splitlines():
                request = json.loads(line)
                code, body = self.completion(request["body"])
                lines.append(json.dumps({"id": f"batch_req_{len(lines)}", "custom_id": request["custom_id"],
                                         "response": {"status_code": code, "request_id": "r", "body": body},
                                         "error": None}, ensure_ascii=False))
            out_id = f"file-out-{batch_id}"
            self.files[out_id] = ("\n".join(lines) + "\n").encode()
            batch.update(status="completed", output_file_id=out_id,
                         request_counts={"total": len(lines), "completed": len(lines), "failed": 0})
        return {k: v for k, v in batch.items() if k != "looks"}

    # ------------------------------------------------------------------ server
    def __enter__(self) -> "OpenAIReplayServer":
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _send(self, code: int, body, raw: bytes | None = None) -> None:
                data = raw if raw is not None else json.dumps(body, ensure_ascii=False).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                if code == 429:
                    self.send_header("Retry-After", "0")
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, answer: dict) -> None:
                content = answer["choices"][0]["message"]["content"]
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                for i in range(0, len(content), 4):
                    chunk = {"id": answer["id"], "object": "chat.completion.chunk", "created": answer["created"],
                             "model": answer["model"], "choices": [{"index": 0, "finish_reason": None,
                                                                     "delta": {"content": content[i:i + 4]}}]}
                    self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
                self.wfile.write(b"data: [DONE]\n\n")
                self.close_connection = True

            def _authorised(self) -> bool:
                if self.headers.get("Authorization") != f"Bearer {owner.api_key}":
                    self._send(401, {"error": {"message": "Incorrect API key provided.", "type": "invalid_request_error",
                                               "code": "invalid_api_key"}})
                    return False
                return True

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                if not self._authorised():
                    return
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path == "/v1/chat/completions":
                    body = json.loads(raw)
                    code, answer = owner.completion(body)
                    if code == 200 and body.get("stream"):
                        return self._stream(answer)
                    return self._send(code, answer)
                if self.path == "/v1/files":
                    msg = email.parser.BytesParser().parsebytes(
                        b"Content-Type: " + self.headers["Content-Type"].encode() + b"\r\n\r\n" + raw)
                    part = next(p for p in msg.get_payload() if p.get_param("name", header="content-disposition") == "file")
                    file_id = f"file-{len(owner.files)}"
                    owner.files[file_id] = part.get_payload(decode=True)
                    return self._send(200, {"id": file_id, "object": "file", "bytes": len(owner.files[file_id]),
                                            "created_at": int(time.time()), "filename": "input.jsonl",
                                            "purpose": "batch", "status": "processed"})
                if self.path == "/v1/batches":
                    body = json.loads(raw)
                    batch_id = f"batch_{len(owner.batches)}"
                    owner.batches[batch_id] = {
                        "id": batch_id, "object": "batch", "endpoint": body["endpoint"], "errors": None,
                        "input_file_id": body["input_file_id"], "completion_window": body["completion_window"],
                        "status": "validating", "output_file_id": None, "error_file_id": None,
                        "created_at": int(time.time()), "request_counts": {"total": 0, "completed": 0, "failed": 0},
                        "metadata": body.get("metadata"), "looks": 0}
                    return self._send(200, owner.batch_view(batch_id))
                self._send(404, {"error": {"message": f"unknown path {self.path}"}})

            def do_GET(self) -> None:  # noqa: N802
                if not self._authorised():
                    return
                parts = self.path.strip("/").split("/")
                if parts[:2] == ["v1", "batches"] and len(parts) == 3 and parts[2] in owner.batches:
                    return self._send(200, owner.batch_view(parts[2]))
                if parts[:2] == ["v1", "files"] and len(parts) == 4 and parts[3] == "content":
                    return self._send(200, None, raw=owner.files[parts[2]])
                self._send(404, {"error": {"message": f"unknown path {self.path}"}})

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}/v1"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
