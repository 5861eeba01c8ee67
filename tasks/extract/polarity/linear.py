"""The trained linear polarity model: a feature vocabulary and coefficients scored with numpy."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

import numpy as np

from tasks.extract.polarity.features import SentenceContext, extract_features, sentence_context
from tasks.extract.polarity.lexicon import vader_lexicon
from tasks.extract.polarity.text import TokenisedSentence, locate_target, tokenise_sentence
from tasks.extract.polarity.types import POLARITIES, PolarityInput, PolarityPrediction

LINEAR_METHOD = "polarity-linear"
ARTIFACT_FORMAT = 1
FEATURES_VERSION = "features-v3"
"""Bump when extract_features changes meaning: an artifact trained on other features is refused."""


@dataclass(frozen=True)
class LinearWeights:
    """Everything a linear model needs at inference: vocabulary, coefficients, intercepts, class biases."""

    vocab: dict[str, int]
    coef: np.ndarray  # (n_features, n_classes) float32
    intercept: np.ndarray  # (n_classes,)
    classes: tuple[str, ...]
    version: str
    features_version: str


def weights_digest(coef: np.ndarray, intercept: np.ndarray, features: Sequence[str]) -> str:
    """Short sha256 over the learned weights and feature names: the model's identity."""
    h = hashlib.sha256()
    h.update(np.ascontiguousarray(coef, dtype=np.float32).tobytes())
    h.update(np.ascontiguousarray(intercept, dtype=np.float32).tobytes())
    h.update("\n".join(features).encode("utf-8"))
    return h.hexdigest()[:10]


def save_weights(path: Path, features: Sequence[str], coef: np.ndarray, intercept: np.ndarray, version: str) -> None:
    """Write the artifact as gzipped JSON (feature names plus base64 float32 coefficients); no pickles."""
    coef32 = np.ascontiguousarray(coef, dtype="<f4")
    doc = {
        "format": ARTIFACT_FORMAT,
        "method": LINEAR_METHOD,
        "version": version,
        "features_version": FEATURES_VERSION,
        "classes": list(POLARITIES),
        "features": list(features),
        "shape": list(coef32.shape),
        "coef_f32_b64": base64.b64encode(coef32.tobytes()).decode("ascii"),
        "intercept": [float(x) for x in intercept],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(doc, separators=(",", ":")).encode("utf-8")
    with open(path, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0) as gz:
        gz.write(raw)


def load_weights(path: Path) -> LinearWeights:
    """Read an artifact written by save_weights; raise ValueError naming the problem if it is not usable."""
    with gzip.open(path, "rb") as fh:
        doc = json.loads(fh.read().decode("utf-8"))
    if doc.get("format") != ARTIFACT_FORMAT:
        raise ValueError(f"{path}: artifact format {doc.get('format')!r}, expected {ARTIFACT_FORMAT}; retrain it")
    if doc.get("features_version") != FEATURES_VERSION:
        raise ValueError(
            f"{path}: trained on {doc.get('features_version')!r} but the code extracts {FEATURES_VERSION!r}; "
            "retrain with `stancewire train stance`"
        )
    if tuple(doc["classes"]) != POLARITIES:
        raise ValueError(f"{path}: classes {doc['classes']} differ from {list(POLARITIES)}")
    n_feat, n_cls = doc["shape"]
    coef = np.frombuffer(base64.b64decode(doc["coef_f32_b64"]), dtype="<f4").reshape(n_feat, n_cls)
    if len(doc["features"]) != n_feat:
        raise ValueError(f"{path}: {len(doc['features'])} feature names for {n_feat} coefficient rows")
    vocab = {name: i for i, name in enumerate(doc["features"])}
    intercept = np.asarray(doc["intercept"], dtype=np.float64)
    return LinearWeights(vocab, coef.astype(np.float64), intercept, POLARITIES, doc["version"], doc["features_version"])


def batch_features(items: Sequence[PolarityInput], lex: dict[str, float]) -> list[dict[str, float]]:
    """extract_features of every input, in order: each sentence is tokenised once, each repeated input scored once."""
    sentences: dict[str, tuple[TokenisedSentence, SentenceContext]] = {}
    done: dict[PolarityInput, dict[str, float]] = {}
    out: list[dict[str, float]] = []
    for item in items:
        feats = done.get(item)
        if feats is None:
            shared = sentences.get(item.sentence)
            if shared is None:
                tokenised = tokenise_sentence(item.sentence)
                shared = sentences[item.sentence] = (tokenised, sentence_context(tokenised.tokens, tokenised.raw, lex))
            tt = locate_target(item.sentence, item.target_from, item.target_to, shared[0])
            feats = done[item] = extract_features(tt, lex, shared[1])
        out.append(feats)
    return out


class LinearPolarityModel:
    """Multinomial logistic regression over target-relative features, scored with numpy."""

    method: str = LINEAR_METHOD

    def __init__(self, weights: LinearWeights) -> None:
        """Wrap loaded weights."""
        self.weights = weights
        self.version = weights.version

    def logits(self, items: Sequence[PolarityInput]) -> np.ndarray:
        """Class logits (n_items, n_classes) for a batch."""
        vocab, coef = self.weights.vocab, self.weights.coef
        lex = vader_lexicon()
        names: list[str] = []
        values: list[float] = []
        counts: list[int] = []
        for feats in batch_features(items, lex):
            names.extend(feats.keys())
            values.extend(feats.values())
            counts.append(len(feats))
        n = len(items)
        out = np.tile(self.weights.intercept, (n, 1))
        if not names:
            return out
        cols = np.fromiter(map(vocab.get, names, repeat(-1)), dtype=np.int64, count=len(names))
        vals = np.asarray(values, dtype=np.float64)
        rows = np.repeat(np.arange(n), counts)
        known = cols >= 0
        cols, vals, rows = cols[known], vals[known], rows[known]
        contrib = coef[cols] * vals[:, None]
        for k in range(coef.shape[1]):
            out[:, k] += np.bincount(rows, weights=contrib[:, k], minlength=n)
        return out

    def predict_proba(self, items: Sequence[PolarityInput]) -> np.ndarray:
        """Class probabilities (n_items, n_classes) in POLARITIES order."""
        z = self.logits(items)
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, items: Sequence[PolarityInput]) -> list[PolarityPrediction]:
        """Return one prediction per input, in order."""
        if not items:
            return []
        proba = self.predict_proba(items)
        best = proba.argmax(axis=1)
        i_against, i_favor = POLARITIES.index("against"), POLARITIES.index("favor")
        scores = np.clip(proba[:, i_favor] - proba[:, i_against], -1.0, 1.0).tolist()  # one call, not one per row
        confidences = proba[np.arange(len(proba)), best].tolist()
        method, version = self.method, self.version
        return [
            PolarityPrediction(POLARITIES[b], score, confidence, method, version)
            for b, score, confidence in zip(best.tolist(), scores, confidences, strict=True)
        ]
