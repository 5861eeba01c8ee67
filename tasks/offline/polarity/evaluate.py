"""`stancewire eval stance`: predict every case through the pipeline's model and score against gold."""

from __future__ import annotations

import json
from pathlib import Path

from tasks.extract.polarity.loader import load_polarity_model
from tasks.extract.polarity.types import POLARITIES, STANCE_TO_NEWSMTSC
from tasks.offline.polarity.data import read_cases
from tasks.offline.polarity.metrics import classification_metrics

BATCH = 2048


def run_stance_eval(cases: Path, predictions: Path, model_path: Path | None = None) -> dict:
    """Write {id, polarity} predictions for `cases` (NewsMTSC labels) and return the metrics against gold."""
    records = read_cases(Path(cases))
    model = load_polarity_model(model_path)
    preds = []
    for i in range(0, len(records), BATCH):
        preds.extend(model.predict([r.item for r in records[i : i + BATCH]]))
    predictions = Path(predictions)
    predictions.parent.mkdir(parents=True, exist_ok=True)
    with open(predictions, "w", encoding="utf-8") as fh:
        for rec, p in zip(records, preds, strict=True):
            row = {"id": rec.id, "polarity": STANCE_TO_NEWSMTSC[p.polarity], "stance": p.polarity, "score": p.score}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    scored = [(r.gold, p.polarity) for r, p in zip(records, preds, strict=True) if r.gold is not None]
    metrics = classification_metrics([g for g, _ in scored], [p for _, p in scored])
    metrics.update({"method": model.method, "model_version": model.version, "predictions": str(predictions)})
    return metrics


def format_stance_report(metrics: dict) -> str:
    """Human-readable summary: macro-F1, accuracy, per-class P/R/F1 and the confusion matrix."""
    lines = [
        f"stance eval: n={metrics['n']}  macro-F1={metrics['macro_f1']:.4f}  accuracy={metrics['accuracy']:.4f}",
        f"model: {metrics.get('method', '?')}  version: {metrics.get('model_version', '?')}",
        f"{'class':<8} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}",
    ]
    for lab in POLARITIES:
        c = metrics["per_class"][lab]
        lines.append(f"{lab:<8} {c['precision']:6.3f} {c['recall']:6.3f} {c['f1']:6.3f} {c['support']:5d}")
    lines.append("confusion (rows gold, columns predicted): " + " ".join(POLARITIES))
    for g in POLARITIES:
        row = metrics["confusion"].get(g, {})
        lines.append(f"{g:<8} " + " ".join(f"{row.get(p, 0):7d}" for p in POLARITIES))
    return "\n".join(lines)
