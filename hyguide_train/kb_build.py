"""`hyguide-train kb build`: merge collected places into the knowledge base, with provenance and a diff report.

The shipped knowledge base holds hand-checked facts; a collect run brings coordinates, distances
and walking-time *estimates* (Naver's public APIs have no walking directions). The merge rules:

- a hand-checked value is never overwritten by an estimate; when the two disagree a lot, the
  report lists it as a conflict for a person to look at;
- an estimate fills a missing value, or replaces an older estimate, and is marked as one
  (`walk_min_estimate`, `provenance.estimated`);
- a collected place that is not in the knowledge base is added (off-campus, within 2 km) with
  what the search gave, and the report says what it still lacks (an English name, a category);
- the result is validated by the same loader the guide uses before anything is written.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from hyguide_ros.knowledge import DEFAULT_KB_PATH, PlaceIndex
from hyguide_ros.knowledge.schema import parse_knowledge_base

from .files import read_json_lines, write_atomic
from .naver import straight_line_m

MOVED_M = 5.0              # a location change smaller than this is noise, not a change
WALK_CONFLICT_MIN = 3      # a hand-checked walk differing from the estimate by more than this is reported
DISTANCE_CONFLICT = 0.3    # ... or a distance differing by more than this share

# Naver local-search category words (e.g. "음식점>카페,디저트") -> knowledge-base category keys.
NAVER_CATEGORIES = (
    ("카페", "cafe"), ("커피", "cafe"), ("디저트", "cafe"), ("음식점", "restaurant"), ("한식", "restaurant"),
    ("분식", "restaurant"), ("중식", "restaurant"), ("일식", "restaurant"), ("양식", "restaurant"),
    ("약국", "pharmacy"), ("은행", "bank"), ("병원", "clinic"), ("의원", "clinic"), ("편의점", "store"),
    ("서점", "bookstore"), ("영화", "cinema"), ("헬스", "fitness"), ("피트니스", "fitness"), ("PC방", "pc_room"),
    ("쇼핑", "shopping"), ("백화점", "shopping"), ("마트", "store"), ("공원", "park"), ("학교", "school"),
    ("스터디", "study"), ("독서실", "study"), ("노래방", "leisure"), ("볼링", "leisure"),
)


@dataclass
class KBDiff:
    added: list[dict] = field(default_factory=list)          # new place records
    changed: list[tuple[str, str, object, object]] = field(default_factory=list)    # id, field, old, new
    conflicts: list[tuple[str, str, object, object]] = field(default_factory=list)  # id, field, kept, collected
    skipped: list[tuple[str, str]] = field(default_factory=list)                     # query, why
    not_collected: list[str] = field(default_factory=list)   # off-campus and campus places no record refreshed
    needs_review: list[tuple[str, str]] = field(default_factory=list)                # id, what is missing

    def summary(self) -> str:
        return (f"{len(self.added)} added, {len({c[0] for c in self.changed})} places changed "
                f"({len(self.changed)} fields), {len(self.conflicts)} conflicts kept for review, "
                f"{len(self.skipped)} records skipped, {len(self.not_collected)} places not collected")

    def to_markdown(self, base: str, records_from: list[str]) -> str:
        def cell(value: object) -> str:
            return "—" if value is None else str(value).replace("|", "/")
        out = ["# Knowledge base diff", "", f"- base: `{base}`",
               f"- collected: {', '.join(f'`{r}`' for r in records_from)}", f"- {self.summary()}", ""]
        out += ["## Added places", "", "| id | name | zone | category | walk min (estimate) | distance m |",
                "|---|---|---|---|---:|---:|"]
        out += [f"| {p['id']} | {p['name_ko']} | {p['zone']} | {', '.join(p.get('category', [])) or '—'} | "
                f"{cell(p.get('walk_min'))} | {cell(p.get('distance_m'))} |" for p in self.added]
        out += ["", "## Changed fields", "", "| id | field | before | after |", "|---|---|---|---|"]
        out += [f"| {i} | {f} | {cell(a)} | {cell(b)} |" for i, f, a, b in self.changed]
        out += ["", "## Conflicts (knowledge base value kept)", "",
                "| id | field | knowledge base | collected |", "|---|---|---|---|"]
        out += [f"| {i} | {f} | {cell(a)} | {cell(b)} |" for i, f, a, b in self.conflicts]
        out += ["", "## Needs review", "", "| id | what |", "|---|---|"]
        out += [f"| {i} | {w} |" for i, w in self.needs_review]
        out += ["", "## Skipped records", "", "| query | why |", "|---|---|"]
        out += [f"| {q} | {w} |" for q, w in self.skipped]
        out += ["", f"## Not collected ({len(self.not_collected)})", "", ", ".join(self.not_collected) or "—", ""]
        return "\n".join(out)


def read_records(paths: list[Path]) -> list[dict]:
    """Records of `collect` runs: places.jsonl files, or directories holding one."""
    records = []
    for path in paths:
        file = path / "places.jsonl" if path.is_dir() else path
        if not file.is_file():
            raise FileNotFoundError(f"no collected places at {file} (run `hyguide-train collect --out DIR` first)")
        for n, record in read_json_lines(file):
            missing = {"query", "name", "lon", "lat", "zone", "walk_min", "provenance"} - record.keys()
            if missing:
                raise ValueError(f"{file}:{n}: not a collect record, missing {sorted(missing)}")
            records.append(record)
    return records


def naver_categories(text: str) -> list[str]:
    return list(dict.fromkeys(key for word, key in NAVER_CATEGORIES if word in (text or "")))


def _new_place_id(zone: str, name: str) -> str:
    return f"{zone}_n{hashlib.sha1(name.encode()).hexdigest()[:6]}"


def merge(base: dict, records: list[dict]) -> tuple[dict, KBDiff]:
    """The base knowledge base (decoded JSON) with the collected records merged in, and what changed."""
    kb = parse_knowledge_base(base)
    index = PlaceIndex(kb)
    data = json.loads(json.dumps(base))           # a deep copy we may edit
    by_id = {p["id"]: p for p in data["places"]}
    diff = KBDiff()
    touched: set[str] = set()
    for r in records:
        pid = r.get("place_id")
        if pid is not None and pid not in by_id:
            diff.skipped.append((r["query"], f"refers to place id {pid!r}, which is not in the knowledge base"))
            continue
        if pid is None:
            same = [m.place_id for m in index.find(r["name"]) if kb.get(m.place_id).name_ko == r["name"]]
            pid = same[0] if same else None
        if pid is None:
            _add_place(data, by_id, r, diff)
            continue
        if pid in touched:
            diff.skipped.append((r["query"], f"{pid} was already merged from an earlier record"))
            continue
        touched.add(pid)
        _update_place(by_id[pid], r, diff)
    diff.not_collected = [p["id"] for p in data["places"]
                          if p["kind"] in ("building", "place") and p["id"] not in touched
                          and all(a["id"] != p["id"] for a in diff.added)]
    parse_knowledge_base(data)                    # the merged file must load, or nothing is written
    return data, diff


def _provenance(place: dict, record: dict, estimated: list[str]) -> None:
    source = record["provenance"]
    old = place.get("provenance", {})
    place["provenance"] = {"source": source["source"], "retrieved": source["retrieved"],
                           "estimated": sorted(set(old.get("estimated", [])) | set(estimated))}


def _update_place(place: dict, r: dict, diff: KBDiff) -> None:
    pid = place["id"]
    estimated: list[str] = []
    new_loc = {"lon": r["lon"], "lat": r["lat"]}
    old_loc = place.get("location")
    if old_loc is None or straight_line_m((old_loc["lon"], old_loc["lat"]), (r["lon"], r["lat"])) > MOVED_M:
        diff.changed.append((pid, "location", _fmt_loc(old_loc), _fmt_loc(new_loc)))
        place["location"] = new_loc
    if place["kind"] == "place":
        if r["zone"] and r["zone"] != place["zone"]:
            diff.conflicts.append((pid, "zone", place["zone"], f"{r['zone']} ({r['distance_m']} m straight line)"))
        collected_m = r.get("street_distance_m") or r.get("distance_m")
        if collected_m:
            if place.get("distance_m") is None or "distance_m" in place.get("provenance", {}).get("estimated", []):
                if place.get("distance_m") != collected_m:
                    diff.changed.append((pid, "distance_m", place.get("distance_m"), collected_m))
                    place["distance_m"] = collected_m
                estimated.append("distance_m")
            elif abs(place["distance_m"] - collected_m) > DISTANCE_CONFLICT * place["distance_m"]:
                diff.conflicts.append((pid, "distance_m", place["distance_m"], collected_m))
        walk = r["walk_min"]
        if place.get("walk_min") is None or place.get("walk_min_estimate"):
            if place.get("walk_min") != walk:
                diff.changed.append((pid, "walk_min", place.get("walk_min"), f"{walk} (estimate)"))
                place["walk_min"] = walk
            place["walk_min_estimate"] = True
            estimated.append("walk_min")
        elif abs(place["walk_min"] - walk) > max(WALK_CONFLICT_MIN, place["walk_min"] // 2):
            diff.conflicts.append((pid, "walk_min", place["walk_min"], f"{walk} (estimate)"))
    _provenance(place, r, estimated)


def _add_place(data: dict, by_id: dict[str, dict], r: dict, diff: KBDiff) -> None:
    if r["zone"] not in ("near", "mid"):
        diff.skipped.append((r["query"], f"{r['name']} is {r['distance_m']} m away, outside the 2 km the guide covers"))
        return
    pid = _new_place_id(r["zone"], r["name"])
    if pid in by_id:
        diff.skipped.append((r["query"], f"{r['name']} was already added from an earlier record"))
        return
    place = {"id": pid, "kind": "place", "zone": r["zone"], "name_ko": r["name"],
             "name_en": r["name"],
             "aliases": [], "category": naver_categories(r.get("category", "")),
             "walk_min": r["walk_min"], "walk_min_estimate": True,
             "distance_m": r.get("street_distance_m") or r["distance_m"],
             "transport": {"mode": "walk"}, "location": {"lon": r["lon"], "lat": r["lat"]}}
    _provenance(place, r, ["walk_min", "distance_m"])
    data["places"].append(place)
    by_id[pid] = place
    diff.added.append(place)
    if not r["name"].isascii():
        diff.needs_review.append((pid, f"English name (uses the Korean name {r['name']!r} for now)"))
    if not place["category"]:
        diff.needs_review.append((pid, f"category (Naver says {r.get('category') or 'nothing'!r})"))


def _fmt_loc(loc: dict | None) -> str | None:
    return None if loc is None else f"{loc['lon']:.6f}, {loc['lat']:.6f}"


def build_kb(collected: list[Path], out: Path, base_path: Path | None = None,
             report: Path | None = None) -> KBDiff:
    """Merge, validate, then write the new knowledge base and its diff report (each file whole or not at all)."""
    base_path = base_path or DEFAULT_KB_PATH
    if not base_path.is_file():
        raise FileNotFoundError(f"base knowledge base not found: {base_path}")
    base = json.loads(base_path.read_text(encoding="utf-8"))
    data, diff = merge(base, read_records(collected))
    report = report or out.with_suffix(".diff.md")
    for path, text in ((out, json.dumps(data, ensure_ascii=False, indent=1) + "\n"),
                       (report, diff.to_markdown(str(base_path), [str(c) for c in collected]))):
        write_atomic(path, text)
    return diff
