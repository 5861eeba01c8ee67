"""Target-dependent stance polarity: a trained linear model (NewsMTSC) with a lexicon fallback."""

from tasks.extract.polarity.fallback import LEXICON_METHOD, LexiconPolarityModel
from tasks.extract.polarity.linear import LINEAR_METHOD, LinearPolarityModel
from tasks.extract.polarity.loader import DEFAULT_ARTIFACT, clear_model_cache, load_polarity_model
from tasks.extract.polarity.types import POLARITIES, PolarityInput, PolarityModel, PolarityPrediction, to_stance_label

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
