"""`python -m hyguide_train.voice.piper_fit fit ...`: piper's own trainer (`python -m piper.train`, its
LightningCLI, the same arguments) with one change, made for offline machines.

piper adds two checkpoint callbacks of its own: best by `val_mel` and best by `val_mos` (UTMOS, a
predictor fetched from a model hub). `voice train` turns the predictor off (`--model.mos_metric none`)
because the machine may have no network; `val_mos` is then never logged, and Lightning raises
("could not find the monitored key") for a monitored metric missing once validation has run: every
run would stop with an error at the end of its first epoch. With the predictor off, the `val_mos`
callback is left out here; everything else is piper's `main()` unchanged.
"""
from __future__ import annotations

import sys


def mos_metric_off(argv: list[str]) -> bool:
    """Whether the last `--model.mos_metric` on the command line turns the MOS predictor off."""
    value = "utmos"                                   # piper's default
    for i, arg in enumerate(argv):
        if arg == "--model.mos_metric" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--model.mos_metric="):
            value = arg.split("=", 1)[1]
    return value.strip().lower() in ("none", "null", "")


def main() -> None:
    from piper.train import __main__ as piper_main
    callbacks = getattr(piper_main, "_DEFAULT_CALLBACKS", None)
    if mos_metric_off(sys.argv[1:]) and isinstance(callbacks, list):
        # in place: piper's main() reads the module's list when it builds the CLI
        callbacks[:] = [c for c in callbacks if getattr(c, "monitor", None) != "val_mos"]
    piper_main.main()


if __name__ == "__main__":
    main()
