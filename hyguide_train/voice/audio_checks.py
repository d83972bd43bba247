"""Checks on what a voice says: the signal faults a listener hears before any word.

`check_signal` measures one utterance (int16 samples, or floats in [-1, 1]) against `SignalLimits`:
- clipping (an error): more than 0.1 % of the samples at full scale (|x| >= 0.998, about 32700 in
  int16). piper scales each sentence so its loudest sample is exactly full scale, so a sound voice
  has a handful of samples there; a clipped one (a saturated decoder) has whole runs of them.
- silence (an error): nothing in it, or RMS (DC removed) below -50 dBFS: the voice says nothing.
- DC offset (|mean| of the samples, as a share of full scale): a warning above 0.02, an error above
  0.1. A small offset costs headroom and clicks at each sentence's start and end; a large one is a
  broken decoder, and on the robot's speaker a thump per sentence.
`voice export` refuses a voice with an error and prints the warnings; `voice evaluate` reports both
for every reply it says.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np


@dataclass
class SignalLimits:
    clip_level: float = 0.998           # |sample| at or above this share of full scale counts as clipped
    clip_share: float = 0.001           # error: more than this share of the samples clipped (0.1 %)
    silence_dbfs: float = -50.0         # error: RMS (DC removed) below this, or no samples at all
    dc_warning: float = 0.02            # warning: |mean| above this share of full scale
    dc_error: float = 0.1               # error: |mean| above this share of full scale


@dataclass
class Finding:
    kind: str                           # clipping, silence, dc_offset
    level: str                          # error or warning
    message: str


@dataclass
class SignalReport:
    seconds: float
    rms_dbfs: float                     # -inf for digital silence
    peak: float                         # share of full scale
    dc_offset: float                    # mean, as a signed share of full scale
    clipped_share: float
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return [f.message for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[str]:
        return [f.message for f in self.findings if f.level == "warning"]

    def to_dict(self) -> dict:
        out = asdict(self)
        out["rms_dbfs"] = None if not np.isfinite(self.rms_dbfs) else round(self.rms_dbfs, 2)   # JSON has no -inf
        return out


def check_signal(samples: np.ndarray, sample_rate: int, limits: SignalLimits | None = None) -> SignalReport:
    """Clipping, silence and DC offset of one utterance (see the module's docstring for the limits)."""
    limits = limits or SignalLimits()
    x = np.asarray(samples)
    x = x.astype(np.float64) / 32768.0 if np.issubdtype(x.dtype, np.integer) else x.astype(np.float64)
    x = x.reshape(-1)
    if x.size == 0:
        return SignalReport(0.0, float("-inf"), 0.0, 0.0, 0.0,
                            [Finding("silence", "error", "no audio at all (0 samples)")])
    mean = float(x.mean())
    rms = float(np.sqrt(np.mean((x - mean) ** 2)))
    rms_dbfs = 20 * np.log10(rms) if rms > 0 else float("-inf")
    clipped = float(np.mean(np.abs(x) >= limits.clip_level))
    report = SignalReport(seconds=round(x.size / sample_rate, 3), rms_dbfs=float(rms_dbfs),
                          peak=round(float(np.abs(x).max()), 4), dc_offset=round(mean, 5),
                          clipped_share=round(clipped, 5))
    if clipped > limits.clip_share:
        report.findings.append(Finding("clipping", "error", f"clipped: {clipped:.2%} of the samples at full scale "
                                       f"(at most {limits.clip_share:.1%} allowed)"))
    if rms_dbfs < limits.silence_dbfs:
        level = "digital silence" if rms == 0 else f"RMS {rms_dbfs:.1f} dBFS"
        report.findings.append(Finding("silence", "error", f"says nothing: {level} "
                                       f"(below {limits.silence_dbfs:.0f} dBFS)"))
    if abs(mean) > limits.dc_error:
        report.findings.append(Finding("dc_offset", "error", f"DC offset {mean:+.3f} of full scale "
                                       f"(more than {limits.dc_error} is a broken decoder)"))
    elif abs(mean) > limits.dc_warning:
        report.findings.append(Finding("dc_offset", "warning", f"DC offset {mean:+.3f} of full scale "
                                       f"(above {limits.dc_warning}: clicks at each sentence's start and end)"))
    return report
