"""`hyguide-train`: the offline toolchain's command line.

    hyguide-train dataset build --offline --out data/sft     # templates only, no network
    hyguide-train qa generate --offline --out pairs.jsonl    # the checked QA pairs alone
    hyguide-train qa generate --llm --out llm.jsonl          # ... written by an LLM (OPENAI_API_KEY), checked
    hyguide-train collect --out data/collected               # Naver look-ups (keys from the environment)
    hyguide-train kb build data/collected --out data/kb.json # merge them into the knowledge base, with a diff
    hyguide-train finetune -c config/train.yaml               # (Q)LoRA; resumes; `accelerate launch -m hyguide_train finetune ...` for several GPUs
    hyguide-train merge -c config/train.yaml                  # adapter + float32 base -> merged/ (logits checked)
    hyguide-train export -c config/train.yaml                 # merged/ -> GGUF (logits checked) -> Q4_K_M, Q4_0, Q4_K_S, Q8_0
    hyguide-train evaluate -c config/train.yaml               # perplexity, key facts, BLEU/chrF, speed -> report/report.md
    hyguide-train pipeline -c config/train.yaml               # all four, each skipped when already done
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from hyguide_ros.knowledge import KnowledgeBaseError

from .errors import TrainError
from .http import APIError


def _cmd_dataset_build(args: argparse.Namespace) -> int:
    from .dataset import DatasetConfig, build_dataset
    cfg = DatasetConfig(out_dir=Path(args.out), seed=args.seed, val_fraction=args.val, test_fraction=args.test,
                        variants=tuple(args.variants.split(",")), knowledge_base=args.kb,
                        extra_pairs=tuple(Path(p) for p in args.pairs), templates=not args.no_templates)
    result = build_dataset(cfg, progress=not args.quiet)
    if args.save_to_disk:
        from .dataset import save_to_disk
        save_to_disk(cfg.out_dir, Path(args.save_to_disk))
    lines = sum(result.counts.values())
    print(f"wrote {lines} lines to {cfg.out_dir} in {result.seconds:.1f} s "
          f"({', '.join(f'{s} {sum(n for k, n in result.counts.items() if k[0] == s)}' for s in ('train', 'val', 'test'))}); "
          f"rejected {sum(result.report.rejected.values())} generated pairs, see card.md")
    return 0


def _write_pairs(pairs: list, out: Path) -> None:
    from .files import write_atomic
    write_atomic(out, "".join(json.dumps(pair.to_json(), ensure_ascii=False) + "\n" for pair in pairs))


def _cmd_qa_generate(args: argparse.Namespace) -> int:
    from hyguide_ros.guide import CampusGuide, GuideConfig
    guide = CampusGuide(GuideConfig(knowledge_base=args.kb))
    out = Path(args.out)
    if not args.llm:
        from .qa import TemplateGenerator
        generator = TemplateGenerator(guide, seed=args.seed)
        pairs = [pair for place in generator.kb.places.values() for language in ("ko", "en")
                 for pair in generator.pairs_for(place, language)]
        _write_pairs(pairs, out)
        print(f"wrote {len(pairs)} pairs to {out}; rejected {sum(generator.report.rejected.values())}")
        return 0

    from .llm_qa import LLMConfig, LLMGenerator
    cfg = LLMConfig(model=args.model, base_url=args.base_url or None, api_key_env=args.api_key_env,
                    response_format=args.response_format, temperature=args.temperature, max_tokens=args.max_tokens,
                    workers=args.workers, cache_dir=Path(args.cache or out.parent / "llm-cache"),
                    price_in=args.price_in, price_out=args.price_out)
    generator = LLMGenerator(cfg, guide)
    requests = generator.requests(place_ids=args.places.split(",") if args.places else None,
                                  types=args.types.split(",") if args.types else None,
                                  languages=tuple(args.languages.split(",")))
    if not requests:
        print("hyguide-train qa generate: no requests (check --places, --types, --languages)", file=sys.stderr)
        return 2
    if args.dry_run:
        print(json.dumps(generator.estimate(requests)))
        return 0
    if args.batch:
        batch_id = generator.submit_batch(requests)
        if batch_id:
            print(f"batch {batch_id}: waiting for it (Ctrl-C is safe; run the same command again to go on)")
            status = generator.collect_batch(batch_id, requests, poll_s=args.poll, progress=not args.quiet)
            print(f"batch {batch_id}: {status}")
    pairs = generator.run(requests, progress=not args.quiet)
    _write_pairs(pairs, out)
    rejected = sum(generator.report.rejected.values())
    print(f"wrote {len(pairs)} pairs to {out}; rejected {rejected} "
          f"({', '.join(f'{r} {n}' for r, n in generator.report.rejected.most_common(4)) or 'none'}); "
          f"{generator.usage.line(cfg)}")
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


def _cmd_kb_build(args: argparse.Namespace) -> int:
    from .kb_build import build_kb
    out = Path(args.out)
    diff = build_kb([Path(c) for c in args.collected], out, Path(args.kb) if args.kb else None,
                    Path(args.report) if args.report else None)
    print(f"wrote {out} ({diff.summary()}); report: {args.report or out.with_suffix('.diff.md')}")
    return 0


def _train_config(args: argparse.Namespace):
    from .train_config import load_config
    return load_config(args.config, args.set)


def _cmd_finetune(args: argparse.Namespace) -> int:
    from .finetune import finetune
    result = finetune(_train_config(args), progress=not args.quiet)
    if result.main_process:
        print(f"finetune: {result.steps} steps in {result.seconds:.1f} s"
              + (f" (resumed from {Path(result.resumed_from).name})" if result.resumed_from else "")
              + (f" on {result.world_size} processes" if result.world_size > 1 else "")
              + f"; best eval loss {result.best_eval_loss}; adapter in {result.adapter_dir}")
    return 0


def _cmd_merge(args: argparse.Namespace) -> int:
    from .merge import merge
    config = _train_config(args)
    summary = merge(config, progress=not args.quiet)
    print(f"merge: done in {summary['seconds']:.1f} s; max |logit diff| merged vs base+adapter "
          f"{summary['merge_max_logit_diff']:.2e}; {config.merged_dir}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .gguf_export import export, size_table
    summary = export(_train_config(args), progress=not args.quiet)
    print(f"export: llama.cpp vs transformers max |logit diff| {summary['gguf_max_logit_diff']:.2e}, "
          f"top-1 agreement {summary['top1_agreement']:.1%}\n{size_table(summary)}")
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import evaluate
    from .report import write_report
    config = _train_config(args)
    summary = evaluate(config, progress=not args.quiet)
    for m in summary["models"]:
        print(f"{m['model']:<24} recall {m['key_fact_recall']:.3f}  contradiction {m['contradiction_rate']:.3f}  "
              f"abstain {m['abstain_rate']:.3f}  chrF {m['chrf']:5.1f}  ppl {m['perplexity'] or float('nan'):8.2f}")
    print(f"report: {write_report(config)}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .report import write_report
    print(f"report: {write_report(_train_config(args))}")
    return 0


def _cmd_pipeline(args: argparse.Namespace) -> int:
    """finetune -> merge -> export -> evaluate; a stage whose result file exists is skipped (--force redoes)."""
    config = _train_config(args)
    stages = [("finetune", config.run_dir / "finetune.json", _cmd_finetune),
              ("merge", config.merged_dir / "merge.json", _cmd_merge),
              ("export", config.gguf_dir / "export.json", _cmd_export),
              ("evaluate", config.report_dir / "evaluate.json", _cmd_evaluate)]
    for name, done_file, command in stages:
        if done_file.is_file() and not args.force:
            print(f"{name}: already done ({done_file}); --force to redo")
            continue
        command(args)
    return 0


def _add_train_command(sub, name: str, help_text: str, func) -> argparse.ArgumentParser:
    cmd = sub.add_parser(name, help=help_text)
    cmd.add_argument("-c", "--config", default=None, help="training config YAML (default: the shipped "
                     "config/train.yaml, the seed's recipe)")
    cmd.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE",
                     help="change one config value, e.g. --set training.max_steps=50 (repeatable)")
    cmd.add_argument("--quiet", action="store_true", help="no progress bars")
    cmd.set_defaults(func=func)
    return cmd


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hyguide-train", description="hyguide's offline toolchain: "
                                     "knowledge base -> grounded QA -> SFT dataset -> fine-tuned, quantized GGUF.")
    sub = parser.add_subparsers(dest="group", required=True)

    dataset = sub.add_parser("dataset", help="build the SFT dataset").add_subparsers(dest="command", required=True)
    build = dataset.add_parser("build", help="generate, check, split and write train/val/test JSONL and card.md")
    build.add_argument("--out", required=True, help="output directory")
    build.add_argument("--offline", action="store_true", help="(the default) nothing goes to the network; "
                       "LLM pairs come in through --pairs")
    build.add_argument("--pairs", action="append", default=[], help="also use these QA pairs "
                       "(`qa generate --llm` output; repeatable)")
    build.add_argument("--no-templates", action="store_true", help="use only the --pairs files")
    build.add_argument("--save-to-disk", default="", help="also write a Hugging Face DatasetDict here "
                       "(datasets.load_from_disk reads it)")
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

    kb = sub.add_parser("kb", help="the knowledge base").add_subparsers(dest="command", required=True)
    kbb = kb.add_parser("build", help="merge collected places into the knowledge base, with provenance and a diff report")
    kbb.add_argument("collected", nargs="+", help="collect output directories or places.jsonl files")
    kbb.add_argument("--out", required=True, help="the merged knowledge base JSON to write")
    kbb.add_argument("--kb", default="", help="base knowledge base (default: the shipped campus KB)")
    kbb.add_argument("--report", default="", help="diff report, Markdown (default: OUT with .diff.md)")
    kbb.set_defaults(func=_cmd_kb_build)

    qa = sub.add_parser("qa", help="QA pairs").add_subparsers(dest="command", required=True)
    gen = qa.add_parser("generate", help="generate checked QA pairs as JSONL (templates, or an LLM with --llm)")
    gen.add_argument("--out", required=True, help="output JSONL file")
    how = gen.add_mutually_exclusive_group()
    how.add_argument("--offline", action="store_true", help="(the default) deterministic templates, no network")
    how.add_argument("--llm", action="store_true", help="ask an OpenAI-compatible endpoint; every pair is "
                     "checked against the knowledge base")
    gen.add_argument("--seed", type=int, default=13)
    gen.add_argument("--kb", default="", help="knowledge base JSON (default: the shipped campus KB)")
    llm = gen.add_argument_group("LLM generation (--llm)")
    llm.add_argument("--model", default="gpt-4o-mini", help="model name (default gpt-4o-mini)")
    llm.add_argument("--base-url", default="", help="OpenAI-compatible endpoint, e.g. http://gpu-box:8000/v1 "
                     "(default: OpenAI)")
    llm.add_argument("--api-key-env", default="OPENAI_API_KEY", help="environment variable holding the key")
    llm.add_argument("--response-format", choices=("json_schema", "json_object"), default="json_schema",
                     help="json_schema for OpenAI and vLLM; json_object for llama-cpp-python's server")
    llm.add_argument("--places", default="", help="only these place ids (comma-separated)")
    llm.add_argument("--types", default="", help="only these QA types (comma-separated)")
    llm.add_argument("--languages", default="ko,en", help="ko, en or both (default both)")
    llm.add_argument("--temperature", type=float, default=0.7)
    llm.add_argument("--max-tokens", type=int, default=2000, help="per request (default 2000)")
    llm.add_argument("--workers", type=int, default=4, help="requests in flight (default 4)")
    llm.add_argument("--cache", default="", help="response cache, the resume point (default: OUT's folder/llm-cache)")
    llm.add_argument("--batch", action="store_true", help="send what the cache lacks through the OpenAI Batch "
                     "API (half price, up to 24 h); run again to resume waiting")
    llm.add_argument("--poll", type=float, default=30.0, help="seconds between batch status checks")
    llm.add_argument("--dry-run", action="store_true", help="print requests, estimated tokens and cost; send nothing")
    llm.add_argument("--price-in", type=float, help="USD per million prompt tokens (default: list price of --model)")
    llm.add_argument("--price-out", type=float, help="USD per million completion tokens")
    gen.add_argument("--quiet", action="store_true", help="no progress bars")
    gen.set_defaults(func=_cmd_qa_generate)

    _add_train_command(sub, "finetune", "(Q)LoRA fine-tuning with trl's SFTTrainer; resumes from the last checkpoint",
                       _cmd_finetune)
    _add_train_command(sub, "merge", "merge the adapter into the full-precision base; logits checked", _cmd_merge)
    _add_train_command(sub, "export", "merged model -> GGUF (logits checked against transformers) -> quantizations",
                       _cmd_export)
    _add_train_command(sub, "evaluate", "score the merged model and every GGUF file; write report/report.md",
                       _cmd_evaluate)
    _add_train_command(sub, "report", "rewrite report/report.md and its plots from the stages' results", _cmd_report)
    pipe = _add_train_command(sub, "pipeline", "finetune -> merge -> export -> evaluate (finished stages skipped)",
                              _cmd_pipeline)
    pipe.add_argument("--force", action="store_true", help="redo stages that are already done")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (KnowledgeBaseError, ValueError, OSError, APIError, TrainError) as exc:
        print(f"hyguide-train: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
