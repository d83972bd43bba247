"""The SFT dataset: chat `messages` in two variants, split by place, with a dataset card.

- plain: question -> answer, like the seed's data;
- grounded: the facts the guide retrieved are in the user turn, in the prompt format of
  `hyguide_ros.guide.prompt` (the one the guide's LLM step sends), so a fine-tuned model learns
  to phrase facts rather than to memorise them.
Every place lands in exactly one of train/val/test (fixed seed), so validation measures places
the model has not seen.
"""
from __future__ import annotations

import hashlib
import json
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from hyguide_ros.guide.phrase.prompt import build_messages, grounding_facts
from hyguide_ros.knowledge import DEFAULT_KB_PATH, LANGUAGES

from .dataset_check import CheckReport, check_row
from .environment import versions_text
from .qa import GenerationReport, QAPair, TemplateGenerator

SPLITS = ("train", "val", "test")
VARIANTS = ("plain", "grounded")


@dataclass
class DatasetConfig:
    out_dir: Path
    seed: int = 13
    val_fraction: float = 0.1
    test_fraction: float = 0.1
    variants: tuple[str, ...] = VARIANTS
    multi_turn_per_place: int = 2
    knowledge_base: str = ""              # "" = the shipped campus KB
    extra_pairs: tuple[Path, ...] = ()    # QA pair files from `qa generate` (e.g. LLM-written)
    templates: bool = True                # generate the template pairs too

    def validate(self) -> None:
        if not 0 <= self.val_fraction < 1 or not 0 <= self.test_fraction < 1 \
                or self.val_fraction + self.test_fraction >= 1:
            raise ValueError("val and test fractions must be in [0, 1) and sum to less than 1")
        if not self.templates and not self.extra_pairs:
            raise ValueError("nothing to build: no templates and no --pairs files")
        unknown = set(self.variants) - set(VARIANTS)
        if unknown or not self.variants:
            raise ValueError(f"variants must be among {', '.join(VARIANTS)}, not {sorted(unknown) or 'none'}")


@dataclass
class BuildResult:
    counts: Counter = field(default_factory=Counter)   # (split, zone, type, language, variant) -> lines
    report: GenerationReport = field(default_factory=GenerationReport)
    seconds: float = 0.0
    files: list[Path] = field(default_factory=list)
    places_per_split: Counter = field(default_factory=Counter)
    check: CheckReport = field(default_factory=CheckReport)   # every written row, checked (dataset_check.py)


def assign_splits(keys: list[str], zones: dict[str, str], cfg: DatasetConfig) -> dict[str, str]:
    """Each place (key) to one split, per zone so every zone is in every split; fixed by the seed."""
    out: dict[str, str] = {}
    for zone in sorted(set(zones.values())):
        group = sorted(k for k in keys if zones[k] == zone)
        random.Random(f"{cfg.seed}:{zone}").shuffle(group)
        n_val = round(len(group) * cfg.val_fraction)
        n_test = round(len(group) * cfg.test_fraction)
        for i, key in enumerate(group):
            out[key] = "val" if i < n_val else "test" if i < n_val + n_test else "train"
    return out


def to_record(pair: QAPair, variant: str, generator: TemplateGenerator) -> dict:
    kb = generator.kb
    if variant == "plain":
        messages = [*pair.history, {"role": "user", "content": pair.question}]
    else:
        facts = grounding_facts(kb, generator.guide.graph, pair.place_ids, pair.language, pair.answer,
                               generator.guide.index)
        messages = build_messages(pair.question, facts, pair.language, history=pair.history)
    messages.append({"role": "assistant", "content": pair.answer})
    place = kb.places.get(pair.place_id) if pair.place_id else None
    meta = {"place_id": pair.place_id, "building_code": place.building_code if place else None,
            "zone": pair.zone, "language": pair.language, "type": pair.type, "variant": variant,
            "source": pair.source, "question": pair.question}
    return {"messages": messages, "meta": meta}


def read_pairs(paths: tuple[Path, ...], generator: TemplateGenerator) -> list[QAPair]:
    """QA pairs from `qa generate` files; each is checked against this knowledge base again."""
    pairs = []
    for path in paths:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                pair = QAPair.from_json(json.loads(line))
            except (json.JSONDecodeError, ValueError, TypeError) as exc:
                raise ValueError(f"{path}:{n}: {exc}") from None
            if pair.place_id is not None and pair.place_id not in generator.kb.places:
                generator.report.reject("pair file: place not in the knowledge base", pair.question)
                continue
            if generator.checker.problems(pair.answer, pair.place_ids or [p for p in [pair.place_id] if p]):
                generator.report.reject("pair file: unsupported fact", pair.question)
                continue
            pairs.append(pair)
    return pairs


def build_dataset(cfg: DatasetConfig, progress: bool = True) -> BuildResult:
    """Generate, check, split and write the dataset (templates only: no network)."""
    cfg.validate()
    start = time.perf_counter()
    from hyguide_ros.guide import CampusGuide, GuideConfig
    generator = TemplateGenerator(CampusGuide(GuideConfig(knowledge_base=cfg.knowledge_base)), seed=cfg.seed)
    kb = generator.kb
    pairs = read_pairs(cfg.extra_pairs, generator)
    places = list(generator.kb.places.values()) if cfg.templates else []
    for place in tqdm(places, desc="qa templates", unit="place", disable=not progress):
        for language in LANGUAGES:
            pairs += generator.pairs_for(place, language)
            if place.kind in ("building", "place") and cfg.multi_turn_per_place:
                pairs += generator.multi_turn_pairs(place, language, cfg.multi_turn_per_place)
    for language in LANGUAGES if cfg.templates else ():
        pairs += generator.abstention_pairs(language)

    keys = sorted({p.split_key for p in pairs})
    zones = {p.split_key: p.zone for p in pairs}
    assignment = assign_splits(keys, zones, cfg)
    cfg.out_dir.mkdir(parents=True, exist_ok=True)
    result = BuildResult(report=generator.report, places_per_split=Counter(assignment.values()))
    tmp_files = {s: (cfg.out_dir / f"{s}.jsonl.tmp").open("w", encoding="utf-8") for s in SPLITS}
    try:
        for pair in tqdm(pairs, desc="write", unit="pair", disable=not progress):
            split = assignment[pair.split_key]
            records = [to_record(pair, variant, generator) for variant in cfg.variants]
            # A pair whose answer says more than its prompt, or whose Korean a template got wrong, is
            # not written in any variant: the model would learn to invent, or to speak badly.
            findings = [check_row(record, kb, generator.guide.index) for record in records]
            if any(problems for problems, _ in findings):
                generator.report.reject("answer states a fact its prompt does not hold", pair.question)
                continue
            if any(grammar for _, grammar in findings):
                generator.report.reject("Korean grammar lint", pair.question)
                continue
            for variant, record in zip(cfg.variants, records):
                result.check.add(f"{pair.type}/{variant}", [], [], "")
                tmp_files[split].write(json.dumps(record, ensure_ascii=False) + "\n")
                result.counts[(split, pair.zone, pair.type, pair.language, variant)] += 1
    finally:
        for f in tmp_files.values():
            f.close()
    for split in SPLITS:     # written whole, then renamed: an interrupted build leaves no half file
        final = cfg.out_dir / f"{split}.jsonl"
        (cfg.out_dir / f"{split}.jsonl.tmp").replace(final)
        result.files.append(final)
    result.seconds = time.perf_counter() - start
    card = cfg.out_dir / "card.md"
    card.write_text(dataset_card(cfg, result, pairs, generator), encoding="utf-8")
    result.files.append(card)
    return result


def save_to_disk(data_dir: Path, target: Path) -> None:
    """The written splits as a Hugging Face `DatasetDict` (`datasets.load_from_disk(target)` reads it back)."""
    try:
        from datasets import Dataset, DatasetDict
    except ImportError:
        raise ValueError("--save-to-disk needs the `datasets` package: pip install 'hyguide[data]'") from None
    splits = {}
    for split in SPLITS:
        lines = (data_dir / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
        splits[split] = Dataset.from_list([json.loads(line) for line in lines if line.strip()])
    DatasetDict(splits).save_to_disk(str(target))


def dataset_card(cfg: DatasetConfig, result: BuildResult, pairs: list[QAPair], generator: TemplateGenerator) -> str:
    kb_path = Path(cfg.knowledge_base) if cfg.knowledge_base else DEFAULT_KB_PATH
    kb_hash = hashlib.sha256(kb_path.read_bytes()).hexdigest()[:16]
    c = result.counts

    def table(key_index: int, title: str) -> list[str]:
        values = sorted({k[key_index] for k in c})
        rows = [f"| {title} | " + " | ".join(SPLITS) + " | total |", "|---|" + "---:|" * (len(SPLITS) + 1)]
        for v in values:
            per = [sum(n for k, n in c.items() if k[key_index] == v and k[0] == s) for s in SPLITS]
            rows.append(f"| {v} | " + " | ".join(str(n) for n in per) + f" | {sum(per)} |")
        return rows

    lines = [
        "# hyguide campus QA dataset",
        "",
        "Question/answer pairs about Hanyang University's Seoul campus and places within 2 km, in Korean and",
        "English, for fine-tuning the guide's LLM step. Generated by `hyguide-train dataset build` from the",
        "project's knowledge base. Answers are the text guide's composed answers (source `template`) or",
        "LLM-written (source `llm:<model>`); every one was checked against the knowledge base (building",
        "numbers, floors, minutes, exits, lines, buses, distances) and rejected when a fact did not hold.",
        "",
        f"- knowledge base: `{kb_path.name}` (sha256 {kb_hash}…), {len(generator.kb.places)} places",
        f"- generators: {', '.join(sorted(Counter(p.source for p in pairs)))}, seed {cfg.seed}; "
        f"variants: {', '.join(cfg.variants)}",
        f"- split by place: val {cfg.val_fraction:.0%}, test {cfg.test_fraction:.0%} of each zone's places; "
        "no place is in two splits (places: " + ", ".join(f"{s} {result.places_per_split[s]}" for s in SPLITS) + ")",
        f"- pairs: {len(pairs)}; lines (pairs x variants): {sum(c.values())}; built in {result.seconds:.1f} s",
        f"- software: {versions_text(('datasets', 'openai', 'numpy'))}",
        "- format: one JSON object per line, `{\"messages\": [...], \"meta\": {place_id, building_code, zone, "
        "language, type, variant, source}}`; `messages` is what `tokenizer.apply_chat_template` takes",
        "",
        "## Lines per zone", "", *table(1, "zone"), "",
        "## Lines per type", "", *table(2, "type"), "",
        "## Lines per language", "", *table(3, "language"), "",
        "## Lines per variant", "", *table(4, "variant"), "",
        "## Rejected while generating", "",
        "| reason | pairs | example question |", "|---|---:|---|",
        *[f"| {reason} | {n} | {result.report.examples.get(reason, '').replace('|', '/')} |"
          for reason, n in result.report.rejected.most_common()],
        "",
        "## Checked", "",
        "Every written row passed `hyguide-train dataset check`: a grounded row's answer states no place, building",
        "number, floor, minutes, exit, line, bus or distance that its prompt does not hold, and Korean questions and",
        "answers pass the grammar lint (particles and 이에요/예요 after the sound before them).", "",
        result.check.table(),
        "",
        "## Sources", "",
        "Facts: the project's knowledge base (`hyguide_ros/data/campus_kb.json`), written in the project's own",
        "schema from public facts (building names and numbers, floors, neighbours, walking minutes, bus and",
        "subway lines). Sentences: the guide's own templates and, where the generators line names one, an",
        "LLM's phrasing of those facts. No sentence of the seed data is used.",
        "",
    ]
    return "\n".join(lines)
