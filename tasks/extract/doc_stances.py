"""Document-level author tone: an aggregate of the author-voice portrayals of the most salient actors.

Portrayals (`portrayals` table) say how each sentence portrays each actor; the author's own sentences (outside every
quote) carry the author's tone. Per target, each author-voice portrayal votes with its signed score, weighted by its
confidence; a neutral record votes zero with half weight (the author mentions the target without taking sides).
The weighted mean score decides the polarity (beyond +-`POLARITY_BAND`). Confidence is deliberately modest: the
share of the weight agreeing with the decision, damped by how much evidence there is and capped at `MAX_CONFIDENCE`
-- document-level stance of news authors is hard (inter-annotator agreement on it is low in published work), so a
high figure would overclaim.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

METHOD = "author-portrayal-mean-v2"
POLARITY_BAND = 0.12  # |weighted mean score| below this is neutral (hand-set; seeds only, no tuning set exists)
NEUTRAL_WEIGHT = 0.5
MAX_TARGETS = 8  # most salient entities per document that get a document-level stance
MIN_SALIENCE_SHARE = 0.4  # ... and only those at least this share of the document's top salience
MAX_CONFIDENCE = 0.8
EVIDENCE_SCALE = 3.0  # confidence reaches 63% of its cap with this many records
AUTHOR_ATTRIBUTION = "author_voice"


def _polarity(score: float) -> str:
    """favor / against / neutral of an aggregated score."""
    if score > POLARITY_BAND:
        return "favor"
    if score < -POLARITY_BAND:
        return "against"
    return "neutral"


def aggregate(records: Sequence[Mapping[str, Any]]) -> tuple[str, float, float]:
    """Polarity, mean score and confidence of one holder's records towards one target."""
    weights = [
        max(1e-3, float(r["confidence"])) * (NEUTRAL_WEIGHT if r["polarity"] == "neutral" else 1.0) for r in records
    ]
    total = sum(weights)
    decided = [0.0 if r["polarity"] == "neutral" else float(r["score"]) for r in records]
    score = sum(w * d for w, d in zip(weights, decided, strict=True)) / total
    polarity = _polarity(score)
    agree = sum(w for w, r in zip(weights, records, strict=True) if r["polarity"] == polarity) / total
    confidence = MAX_CONFIDENCE * agree * (1.0 - math.exp(-len(records) / EVIDENCE_SCALE))
    return polarity, max(-1.0, min(1.0, score)), max(0.0, min(1.0, confidence))


def salient_targets(
    doc_entities: Sequence[Mapping[str, Any]], candidates: set[str], limit: int = MAX_TARGETS
) -> list[str]:
    """The most salient entities of a document that the author's voice says something about."""
    ranked = sorted(doc_entities, key=lambda r: (-float(r["salience"]), int(r["first_offset"])))
    floor = MIN_SALIENCE_SHARE * float(ranked[0]["salience"]) if ranked else 0.0
    return [r["entity_id"] for r in ranked if r["entity_id"] in candidates and float(r["salience"]) >= floor][:limit]


def _as_record(p: Mapping[str, Any]) -> dict[str, Any]:
    """A portrayal row as a vote: positive -> favor, negative -> against."""
    names = {"positive": "favor", "negative": "against", "neutral": "neutral"}
    return {**p, "polarity": names[p["polarity"]]}


def doc_stance_rows(
    doc_id: str, portrayals: Sequence[Mapping[str, Any]], doc_entities: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Rows of the doc_stances table for one document: the author's tone towards its most salient actors."""
    author = [_as_record(p) for p in portrayals if p["attribution"] == AUTHOR_ATTRIBUTION]
    if not author:
        return []
    by_target: dict[str, list[Mapping[str, Any]]] = {}
    for s in author:
        by_target.setdefault(s["entity_id"], []).append(s)
    salience = {r["entity_id"]: float(r["salience"]) for r in doc_entities}
    rows: list[dict[str, Any]] = []
    for target in salient_targets(doc_entities, set(by_target)):
        records = by_target[target]
        polarity, score, confidence = aggregate(records)
        rows.append(
            {
                "doc_id": doc_id,
                "holder_id": records[0]["voice_id"],
                "holder_type": records[0]["voice_type"],
                "target_id": target,
                "polarity": polarity,
                "score": score,
                "confidence": confidence,
                "evidence_count": len(records),
                "favor_count": sum(1 for r in records if r["polarity"] == "favor"),
                "against_count": sum(1 for r in records if r["polarity"] == "against"),
                "neutral_count": sum(1 for r in records if r["polarity"] == "neutral"),
                "salience": salience.get(target, 0.0),
                "method": METHOD,
            }
        )
    return rows
