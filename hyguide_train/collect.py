"""`hyguide-train collect`: look places up on Naver around the reference point, zone them, estimate walks.

Queries default to the knowledge base's own places (so a run refreshes their facts); `--query`
adds new ones. Each answer is cached by the HTTP client, so an interrupted run is resumed by
running the same command again. Output: `places.jsonl`, one record per query with provenance.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from hyguide_ros.knowledge import KnowledgeBase

from .files import write_atomic
from .naver import NaverClient, estimate_walk_minutes, straight_line_m

# 예지문 = Exit 2 of Hanyang Univ. Station (lon, lat), the seed's reference point.
YEJI_GATE = (127.0437, 37.5557)
ZONE_LIMITS_M = {"near": 1000, "mid": 2000}


@dataclass
class CollectQuery:
    text: str
    place_id: str | None = None        # the knowledge-base place this query refreshes
    zone: str | None = None            # its zone in the knowledge base


@dataclass
class CollectResult:
    records: list[dict] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    out_file: Path | None = None


def queries_from_kb(kb: KnowledgeBase, zones: tuple[str, ...]) -> list[CollectQuery]:
    out = []
    for p in kb.places.values():
        if p.zone in zones and p.kind in ("building", "place"):
            text = f"한양대학교 {p.name_ko}" if p.kind == "building" else p.name_ko
            out.append(CollectQuery(text, p.id, p.zone))
    return out


def zone_of(distance_m: float) -> str | None:
    for zone, limit in ZONE_LIMITS_M.items():
        if distance_m <= limit:
            return zone
    return None


def collect(client: NaverClient, queries: list[CollectQuery], out_dir: Path, origin: tuple[float, float] = YEJI_GATE,
            progress: bool = True) -> CollectResult:
    result = CollectResult()
    retrieved = time.strftime("%Y-%m-%d")
    for q in tqdm(queries, desc="collect", unit="place", disable=not progress):
        items = client.local_search(q.text)
        if not items:
            result.not_found.append(q.text)
            continue
        item = items[0]
        where = (item.lon, item.lat)
        straight = straight_line_m(origin, where)
        route = client.driving(origin, where) if straight > 150 else None
        result.records.append({
            "query": q.text, "place_id": q.place_id, "kb_zone": q.zone,
            "name": item.title, "category": item.category, "address": item.address,
            "road_address": item.road_address, "lon": item.lon, "lat": item.lat,
            "distance_m": round(straight), "zone": "campus" if q.zone == "campus" else zone_of(straight),
            "street_distance_m": route.distance_m if route else None,
            "drive_min": round(route.duration_s / 60, 1) if route else None,
            "walk_min": estimate_walk_minutes(route.distance_m if route else None, straight),
            "walk_min_estimate": True,       # Naver's public APIs have no walking directions
            "provenance": {"source": "naver local search" + (" + ncp directions" if route else ""),
                           "retrieved": retrieved, "walk": "estimated from " +
                           ("driving-route distance" if route else "straight-line distance x 1.3")},
        })
    result.out_file = out_dir / "places.jsonl"
    write_atomic(result.out_file, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in result.records))
    return result
