"""Naver's public APIs, in their documented formats.

- Search API, local search (developers.naver.com): GET {search}/v1/search/local.json?query=&display=
  with X-Naver-Client-Id / X-Naver-Client-Secret; items carry title (with <b> tags), category,
  address, roadAddress and mapx/mapy (WGS84 longitude/latitude x 10^7).
- Naver Cloud Maps (api.ncloud-docs.com): geocode GET {maps}/map-geocode/v2/geocode?query= and
  Directions 5 GET {maps}/map-direction/v1/driving?start=lng,lat&goal=lng,lat, with
  x-ncp-apigw-api-key-id / x-ncp-apigw-api-key. Directions answer {"code": 0, "route": {option:
  [{"summary": {"distance" (m), "duration" (ms)}, "path": [[lng, lat], ...]}]}}.
Walking routes are not offered by these APIs: walking minutes are estimated from distance and
marked as estimates.
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass

from .http import APIError, CachedJSONClient

SEARCH_BASE_URL = "https://openapi.naver.com"
MAPS_BASE_URL = "https://maps.apigw.ntruss.com"
KEY_VARIABLES = {"search": ("NAVER_CLIENT_ID", "NAVER_CLIENT_SECRET"), "maps": ("NCP_MAPS_KEY_ID", "NCP_MAPS_KEY")}
WALK_M_PER_MIN = 75.0          # 4.5 km/h
DETOUR_FACTOR = 1.3            # street distance / straight-line distance when only the latter is known
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class NaverKeys:
    search_id: str
    search_secret: str
    maps_id: str
    maps_secret: str

    @classmethod
    def from_env(cls, need: tuple[str, ...] = ("search", "maps")) -> "NaverKeys":
        """Keys from the environment; a clear error names the variables that are missing (never their values)."""
        missing = [v for part in need for v in KEY_VARIABLES[part] if not os.environ.get(v)]
        if missing:
            raise APIError("missing API keys: set " + ", ".join(missing) + " (Naver Developers for the Search API, "
                           "Naver Cloud Platform for Maps)")
        get = lambda v: os.environ.get(v, "")  # noqa: E731
        return cls(get("NAVER_CLIENT_ID"), get("NAVER_CLIENT_SECRET"), get("NCP_MAPS_KEY_ID"), get("NCP_MAPS_KEY"))

    def __repr__(self) -> str:          # keys never end up in logs or tracebacks
        return "NaverKeys(***)"


@dataclass(frozen=True)
class LocalPlace:
    title: str
    category: str
    address: str
    road_address: str
    lon: float
    lat: float


@dataclass(frozen=True)
class DrivingRoute:
    distance_m: int
    duration_s: float
    path_points: int


class NaverClient:
    def __init__(self, http: CachedJSONClient, keys: NaverKeys, search_base_url: str = SEARCH_BASE_URL,
                 maps_base_url: str = MAPS_BASE_URL):
        self.http, self._keys = http, keys
        self.search_base_url = search_base_url.rstrip("/")
        self.maps_base_url = maps_base_url.rstrip("/")

    def local_search(self, query: str, display: int = 5) -> list[LocalPlace]:
        body = self.http.get("naver-local", f"{self.search_base_url}/v1/search/local.json",
                             {"query": query, "display": display, "start": 1, "sort": "random"},
                             {"X-Naver-Client-Id": self._keys.search_id,
                              "X-Naver-Client-Secret": self._keys.search_secret})
        items = _field(body, "items", list, "local search")
        places = []
        for item in items:
            try:
                places.append(LocalPlace(_TAGS.sub("", item["title"]), item.get("category", ""),
                                         item.get("address", ""), item.get("roadAddress", ""),
                                         int(item["mapx"]) / 1e7, int(item["mapy"]) / 1e7))
            except (KeyError, TypeError, ValueError) as exc:
                raise APIError(f"local search item without a usable {exc}: {str(item)[:120]}") from None
        return places

    def geocode(self, address: str) -> tuple[float, float] | None:
        body = self.http.get("ncp-geocode", f"{self.maps_base_url}/map-geocode/v2/geocode", {"query": address},
                             self._maps_headers())
        if body.get("status") not in (None, "OK"):
            raise APIError(f"geocode answered status {body.get('status')}: {body.get('errorMessage', '')}")
        addresses = _field(body, "addresses", list, "geocode")
        if not addresses:
            return None
        try:
            return float(addresses[0]["x"]), float(addresses[0]["y"])
        except (KeyError, TypeError, ValueError):
            raise APIError(f"geocode address without x/y: {str(addresses[0])[:120]}") from None

    def driving(self, start: tuple[float, float], goal: tuple[float, float], option: str = "trafast"
                ) -> DrivingRoute | None:
        """Driving route (distance, duration); None when Naver finds none (code != 0, e.g. start == goal)."""
        body = self.http.get("ncp-directions", f"{self.maps_base_url}/map-direction/v1/driving",
                             {"start": f"{start[0]:.7f},{start[1]:.7f}", "goal": f"{goal[0]:.7f},{goal[1]:.7f}",
                              "option": option}, self._maps_headers())
        if "code" not in body:
            raise APIError(f"directions answer without 'code': {str(body)[:120]}")
        if body["code"] != 0:
            return None
        try:
            best = body["route"][option][0]
            summary = best["summary"]
            return DrivingRoute(int(summary["distance"]), float(summary["duration"]) / 1000, len(best.get("path", [])))
        except (KeyError, IndexError, TypeError, ValueError):
            raise APIError(f"directions answer without route.{option}[0].summary: {str(body)[:120]}") from None

    def _maps_headers(self) -> dict[str, str]:
        return {"x-ncp-apigw-api-key-id": self._keys.maps_id, "x-ncp-apigw-api-key": self._keys.maps_secret}


def _field(body: dict, name: str, kind: type, what: str):
    value = body.get(name)
    if not isinstance(value, kind):
        raise APIError(f"{what} answer has no '{name}' {kind.__name__}: {str(body)[:120]}")
    return value


def straight_line_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres between two (lon, lat) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def estimate_walk_minutes(street_m: float | None, straight_m: float) -> int:
    """Walking minutes from a street distance, or from the straight line with a detour factor."""
    metres = street_m if street_m else straight_m * DETOUR_FACTOR
    return max(1, round(metres / WALK_M_PER_MIN))
