"""Every option of both command lines says what it does: `--help` on any (sub)command documents
every argument, so a user never has to read the source to know what a flag means."""
from __future__ import annotations

import argparse

import pytest

from hyguide_ros.cli import build_parser as guide_parser
from hyguide_train.cli import build_parser as train_parser


def _undocumented(parser: argparse.ArgumentParser, where: str) -> list[str]:
    """'<command path>: <option>' for each action of `parser` and its subcommands (nested) without help.
    Each parser's --help is rendered on the way (a stray % in a help text fails only then)."""
    parser.format_help()
    missing = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        name = "/".join(action.option_strings) or action.dest
        if not (action.help or "").strip():
            missing.append(f"{where}: {name}")
        if isinstance(action, argparse._SubParsersAction):
            helped = {choice.dest for choice in action._choices_actions if (choice.help or "").strip()}
            for command, subparser in action.choices.items():
                if command not in helped:
                    missing.append(f"{where}: subcommand {command}")
                missing += _undocumented(subparser, f"{where} {command}")
    return missing


@pytest.mark.parametrize("build, prog", [(train_parser, "hyguide-train"), (guide_parser, "hyguide")])
def test_every_option_of_every_subcommand_has_help(build, prog):
    parser = build()
    assert _undocumented(parser, prog) == []


def test_the_walk_finds_an_undocumented_option():
    parser = argparse.ArgumentParser(prog="p")
    sub = parser.add_subparsers(dest="command", help="what to do")
    child = sub.add_parser("run", help="run it")
    child.add_argument("--fast", action="store_true")
    sub.add_parser("quiet")
    assert sorted(_undocumented(parser, "p")) == ["p run: --fast", "p: subcommand quiet"]
