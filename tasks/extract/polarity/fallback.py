"""The lexicon fallback: VADER valence weighted by distance to the target, with negation and clause scope."""

from __future__ import annotations

import math
from collections.abc import Sequence

from tasks.extract.polarity.features import lexicon_score
from tasks.extract.polarity.lexicon import vader_lexicon
from tasks.extract.polarity.text import locate_target
from tasks.extract.polarity.types import PolarityInput, PolarityPrediction

LEXICON_METHOD = "lexicon-fallback"
LEXICON_VERSION = "lexicon-fallback-vader-3.3.2-v1"
# Decision threshold on the normalised score; tuned by a sweep on NewsMTSC train.jsonl (never on dev).
NEUTRAL_BAND = 0.05
_ALPHA = 15.0  # VADER's normalisation constant: x / sqrt(x^2 + alpha)


class LexiconPolarityModel:
    """Rule-based target-windowed polarity, used when no trained artifact can be loaded."""

    method: str = LEXICON_METHOD
    version: str = LEXICON_VERSION

    def __init__(self, neutral_band: float = NEUTRAL_BAND) -> None:
        """Keep the neutral band; the lexicon is loaded lazily on first use."""
        self.neutral_band = neutral_band

    def score_one(self, item: PolarityInput) -> float:
        """Signed target-dependent score in [-1, 1] for one input."""
        tt = locate_target(item.sentence, item.target_from, item.target_to)
        total, _, _ = lexicon_score(tt, vader_lexicon())
        return total / math.sqrt(total * total + _ALPHA)

    def predict(self, items: Sequence[PolarityInput]) -> list[PolarityPrediction]:
        """Return one lexicon-based prediction per input."""
        out: list[PolarityPrediction] = []
        for item in items:
            s = self.score_one(item)
            if s > self.neutral_band:
                label, conf = "favor", min(1.0, 0.5 + abs(s) / 2)
            elif s < -self.neutral_band:
                label, conf = "against", min(1.0, 0.5 + abs(s) / 2)
            else:
                label, conf = "neutral", 1.0 - abs(s)
            out.append(PolarityPrediction(label, s, conf, self.method, self.version))
        return out
