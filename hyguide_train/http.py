"""A JSON-over-HTTP client for the data APIs: disk cache, rate limit, retry with back-off, clear errors.

Every successful response is cached on disk before it is used, so a re-run after a crash or a
Ctrl-C asks the network only for what it has not seen (`refresh=True` bypasses the cache).
Secrets travel in headers only: they are not part of the cache key, not written to the cache
and not put in any error message.
"""
from __future__ import annotations

import hashlib
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .files import write_atomic


class APIError(RuntimeError):
    """The API answered with an error or something that is not the documented JSON."""


class AuthError(APIError):
    """The API refused the keys (HTTP 401/403)."""


@dataclass
class HTTPStats:
    requests: int = 0          # calls that went to the network (retries included)
    cache_hits: int = 0
    retries: int = 0


@dataclass
class CachedJSONClient:
    cache_dir: Path
    min_interval_s: float = 0.1          # at most 10 requests per second by default
    max_retries: int = 4
    backoff_s: float = 1.0               # doubles after each retry; Retry-After wins when given
    timeout_s: float = 15.0
    refresh: bool = False
    stats: HTTPStats = field(default_factory=HTTPStats)
    _last_request: float = 0.0

    def get(self, service: str, url: str, params: dict, headers: dict[str, str] | None = None) -> dict:
        """GET `url` with `params` and return the JSON body, from the cache when it has it."""
        query = urllib.parse.urlencode(sorted(params.items()))
        key = hashlib.sha256(f"{url}?{query}".encode()).hexdigest()[:32]
        path = Path(self.cache_dir) / service / f"{key}.json"
        if path.is_file() and not self.refresh:
            self.stats.cache_hits += 1
            return json.loads(path.read_text(encoding="utf-8"))["body"]
        body = self._fetch(f"{url}?{query}", headers or {})
        write_atomic(path, json.dumps({"url": url, "params": params, "fetched": time.strftime("%Y-%m-%dT%H:%M:%S"),
                                       "body": body}, ensure_ascii=False))
        return body

    def _fetch(self, full_url: str, headers: dict[str, str]) -> dict:
        shown = full_url.split("?")[0]
        for attempt in range(self.max_retries + 1):
            wait = self.min_interval_s - (time.monotonic() - self._last_request)
            if wait > 0:
                time.sleep(wait)
            self._last_request = time.monotonic()
            self.stats.requests += 1
            request = urllib.request.Request(full_url, headers={"Accept": "application/json", **headers})
            try:
                with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                    raw = response.read()
            except urllib.error.HTTPError as exc:
                detail = _error_detail(exc)
                if exc.code in (401, 403):
                    raise AuthError(f"{shown} refused the API keys (HTTP {exc.code}{detail}): check the key "
                                    "environment variables and that the API is enabled for this application") from None
                if exc.code == 429 or exc.code >= 500:
                    if attempt < self.max_retries:
                        self._back_off(attempt, exc.headers.get("Retry-After"))
                        continue
                    raise APIError(f"{shown} still answers HTTP {exc.code}{detail} after "
                                   f"{self.max_retries} retries; re-run later (cached answers are kept)") from None
                raise APIError(f"{shown} answered HTTP {exc.code}{detail}") from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                if attempt < self.max_retries:
                    self._back_off(attempt, None)
                    continue
                raise APIError(f"cannot reach {shown}: {getattr(exc, 'reason', exc)}") from None
            try:
                body = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise APIError(f"{shown} sent a body that is not JSON ({exc.__class__.__name__}: "
                               f"{raw[:80]!r}); nothing was cached") from None
            if not isinstance(body, dict):
                raise APIError(f"{shown} sent JSON that is not an object: {str(body)[:80]}")
            return body
        raise AssertionError("unreachable")

    def _back_off(self, attempt: int, retry_after: str | None) -> None:
        self.stats.retries += 1
        try:
            delay = float(retry_after) if retry_after else self.backoff_s * 2 ** attempt
        except ValueError:
            delay = self.backoff_s * 2 ** attempt
        time.sleep(min(delay, 60.0))


def _error_detail(exc: urllib.error.HTTPError) -> str:
    """The API's own error message, when its body carries one (Naver: errorMessage / error.message)."""
    try:
        body = json.loads(exc.read().decode("utf-8"))
    except Exception:  # noqa: BLE001 - any unreadable body just gives no detail
        return ""
    if isinstance(body, dict):
        error = body.get("error")
        message = body.get("errorMessage") or (error.get("message") if isinstance(error, dict) else None)
        if message:
            return f": {str(message)[:120]}"
    return ""
