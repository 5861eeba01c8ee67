"""Records and the model protocol shared by every polarity model (the contract the pipeline calls)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

POLARITIES: tuple[str, ...] = ("against", "neutral", "favor")
"""Class order used by every model: index 0 against, 1 neutral, 2 favor."""

NEWSMTSC_TO_STANCE: dict[str, str] = {"negative": "against", "neutral": "neutral", "positive": "favor"}
STANCE_TO_NEWSMTSC: dict[str, str] = {v: k for k, v in NEWSMTSC_TO_STANCE.items()}


@dataclass(frozen=True, slots=True)
class PolarityInput:
    """One target mention in one sentence: char offsets of the target, end exclusive."""

    sentence: str
    target_from: int
    target_to: int


@dataclass(frozen=True, slots=True)
class PolarityPrediction:
    """The polarity a sentence expresses towards its target, with signed score and confidence."""

    polarity: str  # "favor" | "against" | "neutral"
    score: float  # in [-1, 1]: P(favor) - P(against)
    confidence: float  # in [0, 1]: probability of the predicted class
    method: str
    model_version: str


@runtime_checkable
class PolarityModel(Protocol):
    """Anything that scores target-dependent polarity for a batch of inputs."""

    method: str
    version: str

    def predict(self, items: Sequence[PolarityInput]) -> list[PolarityPrediction]:
        """Return one prediction per input, in order."""
        ...


def to_stance_label(label: str) -> str:
    """Map a NewsMTSC label (negative/neutral/positive) or a stance label to favor/against/neutral."""
    if label in NEWSMTSC_TO_STANCE:
        return NEWSMTSC_TO_STANCE[label]
    if label in POLARITIES:
        return label
    raise ValueError(f"unknown polarity label {label!r}: expected one of {sorted(NEWSMTSC_TO_STANCE)} or {POLARITIES}")
