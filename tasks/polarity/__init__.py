"""Target-dependent stance polarity: a trained linear model (NewsMTSC) with a lexicon fallback."""

from tasks.polarity.fallback import LEXICON_METHOD, LexiconPolarityModel
from tasks.polarity.linear import LINEAR_METHOD, LinearPolarityModel
from tasks.polarity.loader import DEFAULT_ARTIFACT, clear_model_cache, load_polarity_model
from tasks.polarity.types import POLARITIES, PolarityInput, PolarityModel, PolarityPrediction, to_stance_label

__all__ = [
    "DEFAULT_ARTIFACT",
    "LEXICON_METHOD",
    "LINEAR_METHOD",
    "POLARITIES",
    "LexiconPolarityModel",
    "LinearPolarityModel",
    "PolarityInput",
    "PolarityModel",
    "PolarityPrediction",
    "clear_model_cache",
    "load_polarity_model",
    "to_stance_label",
]
