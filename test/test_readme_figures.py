"""Figures in README.md that name a count are what the code and data give now: a README that says
190 places or 12,841 pairs fails here the day either changes."""
import re
from collections import Counter
from pathlib import Path

from hyguide_ros.knowledge import load_knowledge_base

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def _says(pattern: str) -> re.Match:
    """The README's sentence that holds `pattern` (a regex with groups for the figures)."""
    text = " ".join(README.read_text(encoding="utf-8").split())      # figures may wrap
    found = re.search(pattern, text)
    assert found, f"README.md no longer says {pattern!r}"
    return found


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def test_knowledge_base_counts():
    kb = load_knowledge_base("")
    zones = Counter(p.id.split("_")[0] for p in kb.places.values() if p.id.startswith(("near_", "mid_")))
    found = _says(r"([\d,]+) places: the (\d+) campus buildings, (\d+) places within 1 km and (\d+) at 1-2 km")
    assert [_number(g) for g in found.groups()] == [len(kb.places),
                                                    sum(p.kind == "building" for p in kb.places.values()),
                                                    zones["near"], zones["mid"]]


def test_unknown_places_count():
    lines = [line for line in (ROOT / "test" / "data" / "unknown_places.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert _number(_says(r"and (\d+) about places that are not in it").group(1)) == len(lines)


def test_normalisation_table_rows():
    rows = [line.split("\t")[0] for line in
            (ROOT / "test" / "data" / "speech_text_cases.tsv").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#") and not line.startswith("language\t")]
    found = _says(r"\((\d+) rows: (\d+) Korean, (\d+) English\)")
    assert [_number(g) for g in found.groups()] == [len(rows), rows.count("ko"), rows.count("en")]


def test_dataset_build_counts(sft_dataset):
    _, result = sft_dataset
    lines = Counter()
    for (split, *_), n in result.counts.items():
        lines[split] += n
    found = _says(r"([\d,]+) pairs, ([\d,]+) lines \(train ([\d,]+), val ([\d,]+), test ([\d,]+)\)")
    pairs, total, train, val, test = (_number(g) for g in found.groups())
    assert (total, train, val, test) == (sum(lines.values()), lines["train"], lines["val"], lines["test"])
    assert pairs * 2 == total           # a plain and a grounded line per pair
