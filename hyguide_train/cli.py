"""`hyguide-train`: the offline toolchain's command line.

    hyguide-train dataset build --offline --out data/sft     # templates only, no network
    hyguide-train dataset check data/sft                     # facts outside the prompt, grammar lint
    hyguide-train qa generate --offline --out pairs.jsonl    # the checked QA pairs alone
    hyguide-train qa generate --llm --out llm.jsonl          # ... written by an LLM (OPENAI_API_KEY), checked
    hyguide-train collect --out data/collected               # Naver look-ups (keys from the environment)
    hyguide-train kb build data/collected --out data/kb.json # merge them into the knowledge base, with a diff
    hyguide-train finetune -c config/train.yaml               # (Q)LoRA; resumes; `accelerate launch -m hyguide_train finetune ...` for several GPUs
    hyguide-train merge -c config/train.yaml                  # adapter + float32 base -> merged/ (logits checked)
    hyguide-train export -c config/train.yaml                 # merged/ -> GGUF (logits checked) -> Q4_K_M, Q4_0, Q4_K_S, Q8_0
    hyguide-train evaluate -c config/train.yaml               # perplexity, key facts, BLEU/chrF, speed -> report/report.md
    hyguide-train pipeline -c config/train.yaml               # all four, each skipped when already done
    hyguide-train voice prepare KSS_DIR --out data/voice-ko   # a Korean piper voice (README: the recipe)
    hyguide-train voice train data/voice-ko --out runs/voice-ko --from-checkpoint lessac-medium.ckpt
    hyguide-train voice export runs/voice-ko --out voices/ko_KR-hyguide-medium.onnx
    hyguide-train voice evaluate voices/ko_KR-hyguide-medium.onnx --out report/voice
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from hyguide_ros.engines.errors import EngineError
from hyguide_ros.knowledge import LANGUAGES, KnowledgeBaseError

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


def _cmd_dataset_check(args: argparse.Namespace) -> int:
    from hyguide_ros.guide import CampusGuide, GuideConfig

    from .dataset_check import check_dataset
    guide = CampusGuide(GuideConfig(knowledge_base=args.kb))
    report = check_dataset(Path(args.data), guide.kb, guide.index, progress=not args.quiet)
    print(report.table())
    if report.examples:
        print("\nfirst findings:\n" + "\n".join(f"  {e}" for e in report.examples))
    print("dataset check: " + ("passed" if report.clean else
          f"{sum(report.ungrounded.values())} rows state a fact outside their prompt, "
          f"{sum(report.grammar.values())} rows have grammar findings"))
    return 0 if report.clean else 1


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
        pairs = [pair for place in generator.kb.places.values() for language in LANGUAGES
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


def _cmd_voice_prepare(args: argparse.Namespace) -> int:
    from .voice.prepare import PrepareConfig, prepare
    report = prepare(Path(args.source), Path(args.out), PrepareConfig(
        language=args.language, espeak_voice=args.espeak_voice or args.language, sample_rate=args.sample_rate,
        min_seconds=args.min_seconds, max_seconds=args.max_seconds), progress=not args.quiet)
    print(f"kept {report['kept']} of {report['clips']} clips ({report['hours_kept']:.2f} h); dropped "
          f"{ {k: v for k, v in report['dropped'].items() if v} }; report: {Path(args.out) / 'prepare-report.md'}")
    return 0


def _cmd_voice_train(args: argparse.Namespace) -> int:
    from .voice.train import VoiceTrainConfig, train
    summary = train(VoiceTrainConfig(
        data=Path(args.data), out=Path(args.out), name=args.name, espeak_voice=args.espeak_voice,
        quality=args.quality, from_checkpoint=args.from_checkpoint, fresh=args.fresh, max_steps=args.max_steps,
        max_epochs=args.max_epochs, early_stop_patience=args.early_stop_patience,
        early_stop_min_delta=args.early_stop_min_delta,
        validation_split=args.validation_split, batch_size=args.batch_size, accelerator=args.accelerator,
        devices=args.devices, strategy=args.strategy, precision=args.precision, num_workers=args.workers,
        seed=args.seed, extra=args.passthrough))
    print(json.dumps({k: v for k, v in summary.items() if k != "config"}))
    return 0


def _cmd_voice_export(args: argparse.Namespace) -> int:
    from .voice.export import export_voice
    from .voice.train import last_checkpoint
    run = Path(args.run)
    checkpoint = Path(args.checkpoint) if args.checkpoint else last_checkpoint(run)
    if checkpoint is None:
        raise TrainError(f"no checkpoint under {run / 'lightning_logs'}: train first, or give --checkpoint")
    print(json.dumps(export_voice(checkpoint, run / "config.json", Path(args.out), args.language, force=args.force),
                     ensure_ascii=False))
    return 0


def _cmd_voice_evaluate(args: argparse.Namespace) -> int:
    from .voice.evaluate import evaluate_voice
    figures = evaluate_voice(args.voice, Path(args.out), args.language, args.replies, args.asr_model,
                             args.asr_device, progress=not args.quiet, use_asr=not args.no_asr)
    print(json.dumps(figures, ensure_ascii=False))
    return 0


def _add_voice_commands(sub) -> None:
    voice = sub.add_parser("voice", help="a piper voice for Korean (or any language): prepare, train, export, "
                           "evaluate").add_subparsers(dest="command", required=True, help="voice step")
    prep = voice.add_parser("prepare", help="recordings + transcripts -> a checked piper training set + report")
    prep.add_argument("source", help="LJSpeech folder (metadata.csv + wavs/), KSS folder (transcript.v.*.txt) "
                      "or a CSV of audio path and text")
    prep.add_argument("--out", required=True, help="output folder (wavs/, metadata.csv, prepare-report.md)")
    prep.add_argument("--language", default="ko", help="language of the texts (default ko)")
    prep.add_argument("--espeak-voice", default="", help="espeak-ng voice that phonemises them (default: the language)")
    prep.add_argument("--sample-rate", type=int, default=22050, help="22050 for medium, 16000 for x_low/low")
    prep.add_argument("--min-seconds", type=float, default=0.5, help="drop clips shorter than this once trimmed "
                      "(default 0.5)")
    prep.add_argument("--max-seconds", type=float, default=15.0, help="drop clips longer than this once trimmed "
                      "(default 15)")
    prep.add_argument("--quiet", action="store_true", help="no progress bar")
    prep.set_defaults(func=_cmd_voice_prepare)

    tr = voice.add_parser("train", help="piper.train fit on a prepared set; resumes from OUT's last checkpoint")
    tr.add_argument("data", help="`voice prepare` output")
    tr.add_argument("--out", required=True, help="run folder (checkpoints, TensorBoard logs, config.json)")
    tr.add_argument("--name", default="ko_KR-hyguide", help="voice name")
    tr.add_argument("--espeak-voice", default="ko", help="espeak-ng voice that phonemises the texts (default ko)")
    tr.add_argument("--quality", choices=("x_low", "low", "medium"), default="medium",
                    help="piper's model size: x_low, low (16 kHz) or medium (22.05 kHz, the default)")
    tr.add_argument("--from-checkpoint", default="", help="a piper .ckpt to fine-tune (recommended)")
    tr.add_argument("--fresh", action="store_true", help="do not resume from OUT's last checkpoint")
    tr.add_argument("--max-steps", type=int, default=-1, help="stop after this many optimiser steps (2 per batch: "
                    "generator + discriminator); default -1: no step limit, the epoch limit and early stopping end "
                    "the run")
    tr.add_argument("--max-epochs", type=int, default=None, help="stop after this many epochs; default: from the "
                    "set's size, enough epochs for about 100,000 batches, at least 100 and at most 2000 (KSS at "
                    "batch 32: 263); -1: no epoch limit")
    tr.add_argument("--early-stop-patience", type=int, default=50, help="stop when the validation mel loss "
                    "(piper's val_mel) has not improved for this many epochs (default 50; 0: off). Off, with a "
                    "warning, when the validation split leaves no validation utterance")
    tr.add_argument("--early-stop-min-delta", type=float, default=0.0, help="a validation mel loss better by less "
                    "than this does not count as better (default 0)")
    tr.add_argument("--validation-split", type=float, default=0.05, help="share of the utterances kept for "
                    "validation (default 0.05; piper rounds down, so a small set needs a larger share)")
    tr.add_argument("--batch-size", type=int, default=32, help="utterances per batch (default 32)")
    tr.add_argument("--accelerator", default="auto", help="cpu, gpu or auto")
    tr.add_argument("--devices", default="auto", help="Lightning devices (e.g. 4)")
    tr.add_argument("--strategy", default="auto", help="Lightning strategy (e.g. ddp)")
    tr.add_argument("--precision", default="32-true", help="Lightning precision (e.g. bf16-mixed)")
    tr.add_argument("--workers", type=int, default=2, help="data loader workers")
    tr.add_argument("--seed", type=int, default=0, help="random seed: the same seed, the same run (default 0)")
    tr.epilog = "Arguments after -- go to piper's LightningCLI unchanged, e.g. -- --model.hidden_channels 96"
    tr.set_defaults(func=_cmd_voice_train)

    ex = voice.add_parser("export", help="checkpoint -> VOICE.onnx + VOICE.onnx.json, checked with piper: refused "
                          "when its test sentence is clipped, silent or off centre, or its sample rate is not the "
                          "checkpoint's")
    ex.add_argument("run", help="`voice train` run folder")
    ex.add_argument("--out", required=True, help="the voice file to write (.onnx)")
    ex.add_argument("--checkpoint", default="", help="a checkpoint (default: the run's last.ckpt)")
    ex.add_argument("--language", default="ko", help="language of the check sentence the voice must say (default ko)")
    ex.add_argument("--force", action="store_true", help="keep a voice whose test sentence fails the signal checks "
                    "(clipping, silence, DC offset), printing them as warnings: for hearing an early checkpoint")
    ex.set_defaults(func=_cmd_voice_export)

    ev = voice.add_parser("evaluate", help="say the guide's replies: RTF, time to first audio, signal checks, "
                          "CER by ASR (skipped offline without a model), plots")
    ev.add_argument("voice", help="a .onnx piper voice, or espeak-ng:ko for the fallback")
    ev.add_argument("--out", required=True, help="folder for voice-eval.md/json/png")
    ev.add_argument("--language", default="ko", help="language of the replies to say (default ko)")
    ev.add_argument("--replies", type=int, default=30, help="how many replies (default 30)")
    ev.add_argument("--asr-model", default="small", help="for the character error rate: a CTranslate2 Whisper "
                    "folder, or a faster-whisper size name already on this machine (default small). Never "
                    "downloaded: without it the CER is skipped (said on stderr and in the report)")
    ev.add_argument("--no-asr", action="store_true", help="skip the character error rate: speed and signal "
                    "checks only")
    ev.add_argument("--asr-device", default="cpu", help="device for the ASR model: cpu (default), cuda or auto")
    ev.add_argument("--quiet", action="store_true", help="no progress bar")
    ev.set_defaults(func=_cmd_voice_evaluate)


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
    sub = parser.add_subparsers(dest="group", required=True, help="what to do (COMMAND -h for its options)")

    dataset = sub.add_parser("dataset", help="build the SFT dataset").add_subparsers(
        dest="command", required=True, help="dataset step")
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
    check = dataset.add_parser("check", help="every row: no fact outside its prompt (grounded rows), Korean grammar "
                               "lint; share per row type; exit 1 on any finding (dataset build runs it on every row)")
    check.add_argument("data", help="a `dataset build` output folder (train/val/test.jsonl)")
    check.add_argument("--kb", default="", help="knowledge base JSON the dataset was built from (default: shipped)")
    check.add_argument("--quiet", action="store_true", help="no progress bar")
    check.set_defaults(func=_cmd_dataset_check)

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

    kb = sub.add_parser("kb", help="the knowledge base").add_subparsers(dest="command", required=True,
                                                                        help="knowledge-base step")
    kbb = kb.add_parser("build", help="merge collected places into the knowledge base, with provenance and a diff report")
    kbb.add_argument("collected", nargs="+", help="collect output directories or places.jsonl files")
    kbb.add_argument("--out", required=True, help="the merged knowledge base JSON to write")
    kbb.add_argument("--kb", default="", help="base knowledge base (default: the shipped campus KB)")
    kbb.add_argument("--report", default="", help="diff report, Markdown (default: OUT with .diff.md)")
    kbb.set_defaults(func=_cmd_kb_build)

    qa = sub.add_parser("qa", help="QA pairs").add_subparsers(dest="command", required=True, help="QA step")
    gen = qa.add_parser("generate", help="generate checked QA pairs as JSONL (templates, or an LLM with --llm)")
    gen.add_argument("--out", required=True, help="output JSONL file")
    how = gen.add_mutually_exclusive_group()
    how.add_argument("--offline", action="store_true", help="(the default) deterministic templates, no network")
    how.add_argument("--llm", action="store_true", help="ask an OpenAI-compatible endpoint; every pair is "
                     "checked against the knowledge base")
    gen.add_argument("--seed", type=int, default=13, help="seed for the templates' choice of questions (default 13)")
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
    llm.add_argument("--temperature", type=float, default=0.7, help="sampling temperature (default 0.7)")
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
    _add_voice_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    cut = argv.index("--") if "--" in argv else len(argv)
    args = build_parser().parse_args(argv[:cut])
    args.passthrough = argv[cut + 1:]            # voice train: for piper's LightningCLI
    try:
        return args.func(args)
    except (KnowledgeBaseError, ValueError, OSError, APIError, TrainError, EngineError) as exc:
        print(f"hyguide-train: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
