"""`hyguide-train`: the offline toolchain's command line.

    hyguide-train dataset build --offline --out data/sft     # templates only, no network
    hyguide-train qa generate --offline --out pairs.jsonl    # the checked QA pairs alone
    hyguide-train collect --out data/collected               # Naver look-ups (keys from the environment)
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from hyguide_ros.knowledge import KnowledgeBaseError

from .http import APIError


def _cmd_dataset_build(args: argparse.Namespace) -> int:
    from .dataset import DatasetConfig, build_dataset
    if not args.offline:
        print("hyguide-train dataset build: only --offline (template) generation is available; "
              "pass --offline", file=sys.stderr)
        return 2
    cfg = DatasetConfig(out_dir=Path(args.out), seed=args.seed, val_fraction=args.val, test_fraction=args.test,
                        variants=tuple(args.variants.split(",")), knowledge_base=args.kb)
    result = build_dataset(cfg, progress=not args.quiet)
    lines = sum(result.counts.values())
    print(f"wrote {lines} lines to {cfg.out_dir} in {result.seconds:.1f} s "
          f"({', '.join(f'{s} {sum(n for k, n in result.counts.items() if k[0] == s)}' for s in ('train', 'val', 'test'))}); "
          f"rejected {sum(result.report.rejected.values())} generated pairs, see card.md")
    return 0


def _cmd_qa_generate(args: argparse.Namespace) -> int:
    from hyguide_ros.guide import CampusGuide, GuideConfig
    from .qa import TemplateGenerator
    if not args.offline:
        print("hyguide-train qa generate: only --offline (template) generation is available; pass --offline",
              file=sys.stderr)
        return 2
    generator = TemplateGenerator(CampusGuide(GuideConfig(knowledge_base=args.kb)), seed=args.seed)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with out.open("w", encoding="utf-8") as f:
        for place in generator.kb.places.values():
            for language in ("ko", "en"):
                for pair in generator.pairs_for(place, language):
                    f.write(json.dumps({"question": pair.question, "answer": pair.answer, "place_id": pair.place_id,
                                        "zone": pair.zone, "language": pair.language, "type": pair.type},
                                       ensure_ascii=False) + "\n")
                    n += 1
    print(f"wrote {n} pairs to {out}; rejected {sum(generator.report.rejected.values())}")
    return 0


def _cmd_collect(args: argparse.Namespace) -> int:
    from hyguide_ros.knowledge import load_knowledge_base
    from .collect import YEJI_GATE, CollectQuery, collect, queries_from_kb
    from .http import CachedJSONClient
    from .naver import NaverClient, NaverKeys
    out = Path(args.out)
    zones = tuple(z for z in args.zones.split(",") if z)
    queries = [] if args.only_queries else queries_from_kb(load_knowledge_base(args.kb or None), zones)
    queries += [CollectQuery(q) for q in args.query]
    if not queries:
        print("hyguide-train collect: nothing to look up (no zones and no --query)", file=sys.stderr)
        return 2
    http = CachedJSONClient(Path(args.cache or out / "cache"), min_interval_s=1 / args.rate, refresh=args.refresh)
    client = NaverClient(http, NaverKeys.from_env(), args.search_base_url, args.maps_base_url)
    origin = (args.origin_lon, args.origin_lat) if args.origin_lon is not None else YEJI_GATE
    result = collect(client, queries, out, origin=origin, progress=not args.quiet)
    print(f"wrote {len(result.records)} places to {result.out_file} ({len(result.not_found)} not found); "
          f"{http.stats.requests} requests, {http.stats.cache_hits} from the cache, {http.stats.retries} retries")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hyguide-train", description="hyguide's offline toolchain: "
                                     "knowledge base -> grounded QA -> SFT dataset.")
    sub = parser.add_subparsers(dest="group", required=True)

    dataset = sub.add_parser("dataset", help="build the SFT dataset").add_subparsers(dest="command", required=True)
    build = dataset.add_parser("build", help="generate, check, split and write train/val/test JSONL and card.md")
    build.add_argument("--out", required=True, help="output directory")
    build.add_argument("--offline", action="store_true", help="template generation only (no network)")
    build.add_argument("--seed", type=int, default=13, help="seed for question choice and splits (default 13)")
    build.add_argument("--val", type=float, default=0.1, help="share of each zone's places in val (default 0.1)")
    build.add_argument("--test", type=float, default=0.1, help="share of each zone's places in test (default 0.1)")
    build.add_argument("--variants", default="plain,grounded", help="plain, grounded or both (default both)")
    build.add_argument("--kb", default="", help="knowledge base JSON (default: the shipped campus KB)")
    build.add_argument("--quiet", action="store_true", help="no progress bars")
    build.set_defaults(func=_cmd_dataset_build)

    from .naver import MAPS_BASE_URL, SEARCH_BASE_URL
    col = sub.add_parser("collect", help="look places up on Naver (keys: NAVER_CLIENT_ID, NAVER_CLIENT_SECRET, "
                         "NCP_MAPS_KEY_ID, NCP_MAPS_KEY)")
    col.add_argument("--out", required=True, help="output directory (places.jsonl; cache/ unless --cache)")
    col.add_argument("--zones", default="campus,near,mid", help="knowledge-base zones to refresh (default all)")
    col.add_argument("--query", action="append", default=[], help="also look this up (repeatable)")
    col.add_argument("--only-queries", action="store_true", help="look up only the --query texts")
    col.add_argument("--cache", default="", help="response cache directory (default OUT/cache)")
    col.add_argument("--refresh", action="store_true", help="ask the network again even for cached answers")
    col.add_argument("--rate", type=float, default=10.0, help="requests per second at most (default 10)")
    col.add_argument("--origin-lon", type=float, help="reference point longitude (default 예지문)")
    col.add_argument("--origin-lat", type=float, help="reference point latitude (default 예지문)")
    col.add_argument("--search-base-url", default=SEARCH_BASE_URL, help=argparse.SUPPRESS)
    col.add_argument("--maps-base-url", default=MAPS_BASE_URL, help=argparse.SUPPRESS)
    col.add_argument("--kb", default="", help="knowledge base JSON (default: the shipped campus KB)")
    col.add_argument("--quiet", action="store_true", help="no progress bar")
    col.set_defaults(func=_cmd_collect)

    qa = sub.add_parser("qa", help="QA pairs").add_subparsers(dest="command", required=True)
    gen = qa.add_parser("generate", help="generate checked QA pairs as JSONL")
    gen.add_argument("--out", required=True, help="output JSONL file")
    gen.add_argument("--offline", action="store_true", help="template generation only (no network)")
    gen.add_argument("--seed", type=int, default=13)
    gen.add_argument("--kb", default="", help="knowledge base JSON (default: the shipped campus KB)")
    gen.set_defaults(func=_cmd_qa_generate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (KnowledgeBaseError, ValueError, OSError, APIError) as exc:
        print(f"hyguide-train: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
