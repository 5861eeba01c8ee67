"""Classification metrics for polarity: macro-F1, accuracy, per-class P/R/F1 and the confusion matrix."""

from __future__ import annotations

from collections.abc import Sequence

from tasks.extract.polarity.types import POLARITIES


def classification_metrics(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] = POLARITIES) -> dict:
    """Compare gold and predicted labels; macro-F1 averages F1 over `labels`."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")
    confusion = {g: dict.fromkeys(labels, 0) for g in labels}
    for g, p in zip(gold, pred, strict=True):
        confusion.setdefault(g, dict.fromkeys(labels, 0))
        confusion[g][p] = confusion[g].get(p, 0) + 1
    per_class: dict[str, dict[str, float]] = {}
    for lab in labels:
        tp = confusion.get(lab, {}).get(lab, 0)
        fp = sum(row.get(lab, 0) for g, row in confusion.items() if g != lab)
        fn = sum(v for p, v in confusion.get(lab, {}).items() if p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per_class[lab] = {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn}
    n = len(gold)
    correct = sum(1 for g, p in zip(gold, pred, strict=True) if g == p)
    return {
        "n": n,
        "accuracy": correct / n if n else 0.0,
        "macro_f1": sum(c["f1"] for c in per_class.values()) / len(labels),
        "per_class": per_class,
        "confusion": confusion,
    }
