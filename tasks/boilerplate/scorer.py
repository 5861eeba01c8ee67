"""Two-stage logistic scoring of lines: stage 1 on a line's own and neighbours' shape, stage 2 on scores around it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from tasks.boilerplate.layout import STAGE1_FEATURES
from tasks.boilerplate.trees import TreeEnsemble

STAGE2_FEATURES: tuple[str, ...] = (
    "logit1",
    "p1_prev",
    "p1_next",
    "p1_win2",
    "p1_win5",
    "p1_win12",
    "in_segment",
    "segment_distance",
    "before_segment",
    "after_segment",
    "rule_hit",
    "comment_rule",
    "after_comment_marker",
    "df_log",
    "rel_pos",
    "paragraph",
    "log_words",
    "terminal_punct",
    "stop_frac",
    "cap_frac",
    "page_paragraph_frac",
    "segment_share",
)
_COL = {name: i for i, name in enumerate(STAGE1_FEATURES)}
WEIGHTS_PATH = Path(__file__).parent / "weights.json"


@dataclass(frozen=True, slots=True)
class LogisticModel:
    """A standardised logistic regression: p = sigmoid(((x - mean) / scale) @ coef + intercept)."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def logit(self, x: np.ndarray) -> np.ndarray:
        """Return the decision values of the rows of `x`."""
        return ((x - self.mean) / self.scale) @ self.coef + self.intercept

    def to_json(self) -> dict:
        """Return a JSON-ready dict of this model."""
        return {
            "kind": "logistic",
            "features": list(self.features),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "coef": [round(float(v), 6) for v in self.coef],
            "intercept": round(float(self.intercept), 6),
        }

    @classmethod
    def from_json(cls, data: dict, expected: tuple[str, ...]) -> LogisticModel:
        """Build a model from its JSON dict, checking it was trained on the expected feature list."""
        if tuple(data["features"]) != expected:
            raise RuntimeError(
                "boilerplate weights.json was trained on a different feature list; "
                "retrain with `python -m tasks.offline.boilerplate.train --data <dev_fullpage.jsonl>`"
            )
        return cls(
            features=expected,
            mean=np.asarray(data["mean"]),
            scale=np.asarray(data["scale"]),
            coef=np.asarray(data["coef"]),
            intercept=float(data["intercept"]),
        )


LineModel = LogisticModel | TreeEnsemble


def model_from_json(data: dict, expected: tuple[str, ...]) -> LineModel:
    """Build a logistic or tree model from its JSON dict."""
    if data.get("kind") == "trees":
        return TreeEnsemble.from_json(data, expected)
    return LogisticModel.from_json(data, expected)


@dataclass(frozen=True, slots=True)
class Weights:
    """Both stages' models and the keep threshold on the stage-2 probability."""

    stage1: LineModel
    stage2: LineModel
    threshold: float


@lru_cache(maxsize=1)
def load_weights(path: Path = WEIGHTS_PATH) -> Weights:
    """Load the trained weights (cached after the first call)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RuntimeError(
            f"boilerplate weights {path} are unreadable ({exc}); "
            "retrain with `python -m tasks.offline.boilerplate.train --data <dev_fullpage.jsonl>`"
        ) from exc
    return Weights(
        stage1=model_from_json(data["stage1"], STAGE1_FEATURES),
        stage2=model_from_json(data["stage2"], STAGE2_FEATURES),
        threshold=float(data["threshold"]),
    )


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function, clipped against overflow."""
    return 1.0 / (1.0 + np.exp(-np.minimum(np.maximum(z, -30.0), 30.0)))  # np.clip, minus its Python wrapper


def best_segment(gain: np.ndarray) -> tuple[int, int]:
    """Return [start, end) of the contiguous run of lines with the largest total gain (Kadane)."""
    best, best_lo, best_hi = 0.0, 0, 0
    run, run_lo = 0.0, 0
    for i, g in enumerate(gain.tolist()):
        if run <= 0.0:
            run, run_lo = 0.0, i
        run += g
        if run > best:
            best, best_lo, best_hi = run, run_lo, i + 1
    return best_lo, best_hi


_WINDOW_RADII = np.array([[2], [5], [12]])  # p1_win2, p1_win5, p1_win12
_WINDOW_ENDS = _WINDOW_RADII + 1  # a window ends this far past its line
_X1_TAIL = [_COL[name] for name in STAGE2_FEATURES[13:21]]  # df_log .. page_paragraph_frac, copied from stage 1


def stage2_matrix(x1: np.ndarray, logit1: np.ndarray, p1: np.ndarray | None = None) -> np.ndarray:
    """Return the STAGE2_FEATURES matrix from the stage-1 features and decision values (and probabilities) of a page."""
    m = len(logit1)
    if p1 is None:
        p1 = sigmoid(logit1)
    gain = (p1 - 0.5) * x1[:, _COL["log_chars"]]
    lo, hi = best_segment(gain)
    idx = np.arange(m)
    win_lo = np.maximum(idx - _WINDOW_RADII, 0)  # one row per radius: each line's window [lo, hi)
    win_hi = np.minimum(idx + _WINDOW_ENDS, m)
    comment_rule = x1[:, _COL["comment_rule"]]
    cols = np.zeros((len(STAGE2_FEATURES), m))  # one row per feature; transposed into C order, it is the matrix
    cols[0] = logit1
    cols[1, 1:] = p1[:-1]
    cols[2, :-1] = p1[1:]
    csum = np.zeros(m + 1)
    p1.cumsum(out=csum[1:])
    cols[3:6] = (csum.take(win_hi) - csum.take(win_lo)) / (win_hi - win_lo)  # mean over each window
    cols[6, lo:hi] = 1.0  # in_segment
    dist = cols[7]  # min(distance to the segment / 10, 1): lo - i before it, i - hi + 1 after it
    dist[:lo] = np.minimum((lo - idx[:lo]) / 10.0, 1.0)
    dist[hi:] = np.minimum((idx[hi:] - hi + 1) / 10.0, 1.0)
    cols[8, :lo] = 1.0  # before_segment
    cols[9, hi:] = 1.0  # after_segment
    cols[10] = x1[:, _COL["rule_hit"]]
    cols[11] = comment_rule
    if m > lo + 3:  # after_comment_marker: a comment rule at lo + 2 or later comes before the line
        marker_after = comment_rule[lo + 2 : m - 1].cumsum()
        cols[12, lo + 3 :] = np.minimum(marker_after, 1.0)
    cols[13:21] = x1[:, _X1_TAIL].T
    cols[21] = (hi - lo) / max(m, 1)
    return np.ascontiguousarray(cols.T)


def score_lines(x1: np.ndarray, weights: Weights) -> tuple[np.ndarray, np.ndarray]:
    """Return (stage-1 probability, stage-2 probability) of every line being article body."""
    if len(x1) == 0:
        empty = np.zeros(0)
        return empty, empty
    logit1 = weights.stage1.logit(x1)
    p1 = sigmoid(logit1)
    x2 = stage2_matrix(x1, logit1, p1)
    return p1, sigmoid(weights.stage2.logit(x2))
