"""From encoder probabilities to decisions: calibrated confidence, thresholds and the direction of a stance.

Calibration (`calibration.json`, written by `python -m tasks.offline.stances.calibrate` on the dev sets) maps the
encoder's probability of its predicted class to the share of dev items with at least that probability whose prediction
is right, made non-decreasing (a running minimum from the top), so that rows at confidence >= c were right at least a
share c of the time on dev. Directed rows (author stances of opinion pieces included) are written at confidence >=
`min_confidence.directed`, stored beside the maps with what it was chosen on.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

CALIBRATION_PATH = Path(__file__).with_name("calibration.json")
DIRECTED_LABELS = ("neutral", "e1_pos_e2", "e2_pos_e1", "e1_neg_e2", "e2_neg_e1")
PORTRAYAL_LABELS = ("negative", "neutral", "positive")
#: Without a calibration file (a model trained but not yet calibrated) no confidence is claimed beyond the raw
#: probability, and rows need this much of it.
UNCALIBRATED_MIN = 0.9


@dataclass(frozen=True, slots=True)
class Calibration:
    """A monotone step map from a predicted class's probability to a calibrated confidence."""

    thresholds: tuple[float, ...]
    confidences: tuple[float, ...]

    def __call__(self, p: float) -> float:
        """Calibrated confidence of a prediction made with probability p (0 below the lowest threshold)."""
        i = bisect_right(self.thresholds, p) - 1
        return self.confidences[i] if i >= 0 else 0.0

    @classmethod
    def fit(cls, probs: Sequence[float], correct: Sequence[bool], steps: int = 20) -> Calibration:
        """Fit on predictions: thresholds at probability quantiles, confidence = running-min precision above each."""
        p = np.asarray(probs, dtype=float)
        ok = np.asarray(correct, dtype=bool)
        if p.size == 0:
            return cls((0.0,), (0.0,))
        qs = np.unique(np.quantile(p, np.linspace(0.0, 1.0, steps + 1)[:-1]))
        prec = [float(ok[p >= t].mean()) for t in qs]
        mono = np.minimum.accumulate(np.asarray(prec)[::-1])[::-1]  # running min from the top: non-decreasing
        return cls(tuple(round(float(t), 4) for t in qs), tuple(round(float(c), 4) for c in mono))

    def to_json(self) -> dict[str, list[float]]:
        """The step map as JSON."""
        return {"thresholds": list(self.thresholds), "confidences": list(self.confidences)}


@dataclass(frozen=True, slots=True)
class Policy:
    """Calibrations and row thresholds for the directed and portrayal tasks, and where they came from."""

    directed: Calibration
    portrayal: Calibration
    min_directed: float
    min_direct_quote: float  # a direct quote's speaker needs more: PolNeAR dev judged them right 2 times in 16
    version: str
    #: Row thresholds of the other attributions (author_voice, reported_action, indirect_speech) where they differ
    #: from `min_directed`: chosen per attribution on careful readings of PolNeAR dev rows (`calibrate.py`).
    floors: tuple[tuple[str, float], ...] = ()

    def floor(self, attribution: str) -> float:
        """The calibrated confidence a directed row of this attribution needs."""
        if attribution == "direct_quote":
            return self.min_direct_quote
        return dict(self.floors).get(attribution, self.min_directed)


def identity_policy() -> Policy:
    """A policy for an uncalibrated model: confidence is the raw probability, rows need UNCALIBRATED_MIN."""
    ident = Calibration(tuple(x / 100 for x in range(101)), tuple(x / 100 for x in range(101)))
    return Policy(ident, ident, UNCALIBRATED_MIN, UNCALIBRATED_MIN, "uncalibrated")


@cache
def load_policy(path: Path = CALIBRATION_PATH) -> Policy:
    """The shipped calibration and thresholds (an uncalibrated policy when the file is missing)."""
    if not path.exists():
        return identity_policy()
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    d, p = data["directed"], data["portrayal"]
    return Policy(
        Calibration(tuple(d["thresholds"]), tuple(d["confidences"])),
        Calibration(tuple(p["thresholds"]), tuple(p["confidences"])),
        float(data["min_confidence"]["directed"]),
        float(data["min_confidence"]["direct_quote"]),
        str(data["version"]),
        tuple(
            (k, float(v)) for k, v in sorted(data["min_confidence"].items()) if k not in ("directed", "direct_quote")
        ),
    )


@dataclass(frozen=True, slots=True)
class Directed:
    """A directed decision: whether the holder is the pair's first actor, the polarity, score and confidence."""

    holder_is_a: bool
    polarity: str  # favor | against
    score: float
    confidence: float


def directed_label(probs: np.ndarray) -> str:
    """The five-class label of one pair's probabilities."""
    return DIRECTED_LABELS[int(np.argmax(probs))]


def decide_pair(probs: np.ndarray, calibration: Calibration, *, a_first: bool, holder_fixed: bool) -> Directed | None:
    """The stance a pair's probabilities say, or None (neutral, or the only allowed holder holds none).

    `a_first` says whether actor a was the model's e1 (the earlier mention); `holder_fixed` allows only a -> b.
    """
    k = int(np.argmax(probs))
    label = DIRECTED_LABELS[k]
    if label == "neutral":
        return None
    e1_holds = label.startswith("e1_")
    holder_is_a = e1_holds == a_first
    if holder_fixed and not holder_is_a:
        return None
    pos = probs[DIRECTED_LABELS.index("e1_pos_e2" if e1_holds else "e2_pos_e1")]
    neg = probs[DIRECTED_LABELS.index("e1_neg_e2" if e1_holds else "e2_neg_e1")]
    polarity = "favor" if "_pos_" in label else "against"
    return Directed(holder_is_a, polarity, float(pos - neg), calibration(float(probs[k])))


def decide_portrayal(probs: np.ndarray, calibration: Calibration) -> tuple[str, float, float]:
    """Polarity, signed score and calibrated confidence of one portrayal."""
    k = int(np.argmax(probs))
    return PORTRAYAL_LABELS[k], float(probs[2] - probs[0]), calibration(float(probs[k]))
