"""hyguide-train collect against a local server that speaks Naver's documented formats."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hyguide_train.collect import CollectQuery, collect
from hyguide_train.http import APIError, AuthError, CachedJSONClient
from hyguide_train.naver import NaverClient, NaverKeys, estimate_walk_minutes, straight_line_m

sys.path.insert(0, str(Path(__file__).parent))
from naver_server import NaverTestServer  # noqa: E402

KEYS = NaverKeys("search-id", "search-SECRET-123", "maps-id", "maps-SECRET-456")


@pytest.fixture
def server():
    with NaverTestServer() as s:
        yield s


def client(server, tmp_path, **kw) -> NaverClient:
    http = CachedJSONClient(tmp_path / "cache", min_interval_s=0, backoff_s=0.01, **kw)
    return NaverClient(http, KEYS, server.url, server.url)


def test_local_search_parses_the_documented_format_and_sends_the_keys(server, tmp_path):
    places = client(server, tmp_path).local_search("한양대학교 한양플라자")
    assert places[0].title == "한양대학교 한양플라자"                   # <b> tags removed
    assert places[0].lon == pytest.approx(127.0443) and places[0].lat == pytest.approx(37.5569)
    assert server.keys_seen[0]["X-Naver-Client-Id"] == "search-id"
    assert client(server, tmp_path).local_search("없는 곳") == []


def test_directions_and_geocode(server, tmp_path):
    c = client(server, tmp_path)
    route = c.driving((127.0437, 37.5557), (127.0378, 37.5612))
    assert route.distance_m > 0 and route.duration_s > 0
    assert c.geocode("왕십리로 222") == (127.0437, 37.5557)
    assert server.keys_seen[-1]["X-Ncp-Apigw-Api-Key-Id"] == "maps-id"


def test_bad_keys_give_a_clear_error_without_the_secret(server, tmp_path):
    with pytest.raises(AuthError) as err:
        client(server, tmp_path).local_search("401")
    assert "HTTP 401" in str(err.value) and "Authentication failed" in str(err.value)
    assert "SECRET" not in str(err.value) and "SECRET" not in repr(KEYS)


def test_429_is_retried_with_back_off(server, tmp_path):
    c = client(server, tmp_path)
    assert c.local_search("busy 왕십리역")[0].title == "왕십리역"
    assert server.hits[("/v1/search/local.json", "busy 왕십리역")] == 3 and c.http.stats.retries == 2


def test_5xx_gives_up_after_the_retries(server, tmp_path):
    c = client(server, tmp_path, max_retries=2)
    with pytest.raises(APIError, match="HTTP 500.*after 2 retries"):
        c.local_search("down")
    assert server.hits[("/v1/search/local.json", "down")] == 3


def test_malformed_json_is_an_error_and_is_not_cached(server, tmp_path):
    c = client(server, tmp_path)
    with pytest.raises(APIError, match="not JSON"):
        c.local_search("broken")
    assert not list((tmp_path / "cache").rglob("*.json"))


def test_missing_keys_are_named():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NAVER_", "NCP_"))}
    os_environ = os.environ.copy()
    try:
        os.environ.clear()
        os.environ.update(env)
        with pytest.raises(APIError, match="NAVER_CLIENT_ID, NAVER_CLIENT_SECRET, NCP_MAPS_KEY_ID, NCP_MAPS_KEY"):
            NaverKeys.from_env()
    finally:
        os.environ.clear()
        os.environ.update(os_environ)


def test_collect_zones_places_marks_estimates_and_keeps_secrets_out(server, tmp_path):
    queries = [CollectQuery("왕십리역"), CollectQuery("무학중학교"), CollectQuery("먼 곳"), CollectQuery("없는 곳")]
    result = collect(client(server, tmp_path), queries, tmp_path / "out", progress=False)
    by_query = {r["query"]: r for r in result.records}
    assert by_query["왕십리역"]["zone"] == "near" and by_query["무학중학교"]["zone"] == "mid"
    assert by_query["먼 곳"]["zone"] is None and result.not_found == ["없는 곳"]
    record = by_query["왕십리역"]
    assert record["walk_min_estimate"] is True and record["walk_min"] == estimate_walk_minutes(
        record["street_distance_m"], record["distance_m"])
    assert record["provenance"]["source"] == "naver local search + ncp directions"
    written = (tmp_path / "out" / "places.jsonl").read_text(encoding="utf-8")
    assert len(written.splitlines()) == 3
    for f in (tmp_path / "cache").rglob("*"):
        if f.is_file():
            assert "SECRET" not in f.read_text(encoding="utf-8")


def test_a_crashed_run_resumes_without_repeating_cached_calls(server, tmp_path):
    queries = [CollectQuery("왕십리역"), CollectQuery("무학중학교"), CollectQuery("down"), CollectQuery("이마트 왕십리점")]
    with pytest.raises(APIError):
        collect(client(server, tmp_path, max_retries=0), queries, tmp_path / "out", progress=False)
    first = server.hits.copy()
    assert first[("/v1/search/local.json", "왕십리역")] == 1
    queries[2] = CollectQuery("먼 곳")                     # the failing query is fixed; run again
    c = client(server, tmp_path)
    result = collect(c, queries, tmp_path / "out", progress=False)
    assert len(result.records) == 4
    assert server.hits[("/v1/search/local.json", "왕십리역")] == 1      # answered from the cache
    assert server.hits[("/v1/search/local.json", "무학중학교")] == 1
    assert c.http.stats.cache_hits == 4                                 # 2 searches + 2 directions


def test_walk_estimates():
    assert straight_line_m((127.0, 37.5), (127.0, 37.509)) == pytest.approx(1000, rel=0.01)
    assert estimate_walk_minutes(750, 500) == 10
    assert estimate_walk_minutes(None, 750) == 13          # 750 m x 1.3 at 75 m/min


def test_cli_collect_end_to_end(server, tmp_path):
    env = {**os.environ, "NAVER_CLIENT_ID": "id", "NAVER_CLIENT_SECRET": "SECRET-A", "NCP_MAPS_KEY_ID": "id2",
           "NCP_MAPS_KEY": "SECRET-B"}
    args = ["hyguide-train", "collect", "--out", str(tmp_path / "c"), "--only-queries", "--query", "왕십리역",
            "--search-base-url", server.url, "--maps-base-url", server.url, "--quiet"]
    run = subprocess.run(args, capture_output=True, text=True, env=env)
    assert run.returncode == 0 and "wrote 1 places" in run.stdout, run.stderr
    again = subprocess.run(args, capture_output=True, text=True, env=env)
    assert "0 requests, 2 from the cache" in again.stdout
    assert "SECRET" not in run.stdout + run.stderr + again.stdout
    record = json.loads((tmp_path / "c" / "places.jsonl").read_text(encoding="utf-8"))
    assert record["name"] == "왕십리역"
    bad = subprocess.run(args[:-5] + ["--query", "401", "--search-base-url", server.url, "--maps-base-url",
                                      server.url], capture_output=True, text=True, env=env)
    assert bad.returncode == 2 and "refused the API keys" in bad.stderr and "SECRET" not in bad.stderr
