"""Load the committed polarity artifact once per path, falling back to the lexicon model when it is unusable."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from tasks.extract.polarity.fallback import LexiconPolarityModel
from tasks.extract.polarity.linear import LinearPolarityModel, load_weights
from tasks.extract.polarity.types import PolarityModel

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parent / "model"
DEFAULT_ARTIFACT = MODEL_DIR / "polarity-linear.json.gz"


def load_polarity_model(path: Path | None = None) -> PolarityModel:
    """Return the trained model at `path` (default: the committed artifact), or the lexicon fallback."""
    resolved = (Path(path) if path is not None else DEFAULT_ARTIFACT).expanduser().resolve()
    return _load_cached(resolved)


@lru_cache(maxsize=8)
def _load_cached(path: Path) -> PolarityModel:
    """Load one artifact path; cached so repeated calls are free."""
    if not path.is_file():
        log.warning(
            "polarity artifact %s not found: using the lexicon fallback (stances.method='lexicon-fallback'); "
            "train one with `stancewire train stance --data TRAIN.jsonl`",
            path,
        )
        return LexiconPolarityModel()
    try:
        return LinearPolarityModel(load_weights(path))
    except (OSError, ValueError, KeyError, EOFError) as exc:
        log.warning("polarity artifact %s unreadable (%s): using the lexicon fallback; retrain it", path, exc)
        return LexiconPolarityModel()


def clear_model_cache() -> None:
    """Forget loaded models (for tests and after retraining into the same path)."""
    _load_cached.cache_clear()
