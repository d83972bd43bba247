"""A local HTTP server that answers like Naver's Search (local) and Cloud Maps APIs, for the collect tests.

Responses follow the documented formats (see hyguide_train/naver.py). Queries steer failures:
"401" -> HTTP 401 with Naver's error body, "busy" -> HTTP 429 twice then the answer,
"broken" -> a body that is not JSON, "down" -> HTTP 500 every time. Every request is counted
per path and query, and the keys that came in are recorded so tests can check they were sent.
"""
from __future__ import annotations

import json
import threading
import urllib.parse
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# name -> (lon, lat, Naver category): places around Hanyang Univ. Station.
PLACES = {
    "한양대학교 한양플라자": (127.0443, 37.5569, "교육,학문>대학교"), "왕십리역": (127.0378, 37.5612, "교통,운수>지하철,전철"),
    "무학중학교": (127.0312, 37.5636, "교육,학문>중학교"), "이마트 왕십리점": (127.0381, 37.5614, "쇼핑,유통>대형마트"),
    "스타벅스 한양대점": (127.0429, 37.5561, "카페,디저트>카페"), "먼 곳": (127.1500, 37.6000, "장소>테스트"),
}


class NaverHandler(BaseHTTPRequestHandler):
    hits: Counter = Counter()
    keys_seen: list[dict] = []
    fail_budget: Counter = Counter()

    def log_message(self, *args) -> None:      # quiet tests
        pass

    def _send(self, code: int, body, raw: bytes | None = None) -> None:
        data = raw if raw is not None else json.dumps(body, ensure_ascii=False).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        if code == 429:
            self.send_header("Retry-After", "0")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        url = urllib.parse.urlparse(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        text = q.get("query", q.get("goal", ""))
        type(self).hits[(url.path, text)] += 1
        type(self).keys_seen.append({k: v for k, v in self.headers.items() if k.lower().startswith(("x-naver", "x-ncp"))})
        if "401" in text:
            return self._send(401, {"errorMessage": "Authentication failed (인증에 실패했습니다.)", "errorCode": "024"})
        if "busy" in text and type(self).fail_budget[text] < 2:
            type(self).fail_budget[text] += 1
            return self._send(429, {"errorMessage": "Rate limit exceeded", "errorCode": "012"})
        if "down" in text:
            return self._send(500, {"errorMessage": "System error", "errorCode": "999"})
        if "broken" in text:
            return self._send(200, None, raw=b'{"items": [ {"title": ')
        if url.path == "/v1/search/local.json":
            name = text.replace("busy ", "")
            items = [] if name not in PLACES else [{
                "title": name.replace("한양", "<b>한양</b>"), "link": "", "category": PLACES[name][2],
                "description": "", "telephone": "", "address": "서울특별시 성동구 행당동 1",
                "roadAddress": "서울특별시 성동구 왕십리로 222",
                "mapx": str(round(PLACES[name][0] * 1e7)), "mapy": str(round(PLACES[name][1] * 1e7))}]
            return self._send(200, {"lastBuildDate": "Tue, 24 Nov 2026 10:00:00 +0900", "total": len(items),
                                    "start": 1, "display": len(items), "items": items})
        if url.path == "/map-direction/v1/driving":
            goal = tuple(float(v) for v in q["goal"].split(","))
            start = tuple(float(v) for v in q["start"].split(","))
            metres = round((abs(goal[0] - start[0]) * 88_000 + abs(goal[1] - start[1]) * 111_000) * 1.2)
            return self._send(200, {"code": 0, "message": "길찾기를 성공하였습니다.", "currentDateTime": "2026-11-24T10:00:00",
                                    "route": {q.get("option", "trafast"): [{
                                        "summary": {"start": {"location": list(start)}, "goal": {"location": list(goal)},
                                                    "distance": metres, "duration": metres * 120, "tollFare": 0},
                                        "path": [list(start), list(goal)]}]}})
        if url.path == "/map-geocode/v2/geocode":
            return self._send(200, {"status": "OK", "meta": {"totalCount": 1, "page": 1, "count": 1},
                                    "addresses": [{"roadAddress": text, "x": "127.0437", "y": "37.5557"}],
                                    "errorMessage": ""})
        self._send(404, {"errorMessage": "not found"})


class NaverTestServer:
    def __enter__(self) -> "NaverTestServer":
        NaverHandler.hits = Counter()
        NaverHandler.keys_seen = []
        NaverHandler.fail_budget = Counter()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), NaverHandler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    @property
    def hits(self) -> Counter:
        return NaverHandler.hits

    @property
    def keys_seen(self) -> list[dict]:
        return NaverHandler.keys_seen

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
