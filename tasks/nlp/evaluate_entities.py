"""`stancewire eval entities`: exact-span P/R/F1 on CoNLL-style cases, via the pipeline's own linking."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language

from tasks.linking import candidates_from_doc, link_mentions
from tasks.nlp.gazetteer import Gazetteer, load_gazetteer

CONLL_LABELS = ("PER", "ORG", "LOC", "MISC")
SPACY_TO_CONLL = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "WORK_OF_ART": "MISC",
}
BATCH_SIZE = 256


def read_cases(path: Path) -> Iterator[dict]:
    """Cases `{id, text, spans}` from a JSONL file (raises ValueError naming the bad line)."""
    with Path(path).open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                case = json.loads(line)
                case["id"], case["text"]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{lineno}: not an entity case with id and text ({exc})") from exc
            yield case


def predict_spans(texts: Iterable[str], nlp: Language, gazetteer: Gazetteer) -> Iterator[list[dict]]:
    """CoNLL-labelled spans per text: nlp.pipe, then the pipeline's linking (span cleaning, label vote)."""
    for doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
        links = link_mentions(candidates_from_doc(doc), doc.text, gazetteer)
        yield [
            {"char_start": lk.start_char, "char_end": lk.end_char, "label": SPACY_TO_CONLL[lk.label]}
            for lk in links
            if lk.label in SPACY_TO_CONLL
        ]


def score(gold: Iterable[tuple], pred: Iterable[tuple]) -> dict:
    """Per-label and micro precision/recall/F1 of exact (case, start, end, label) matches."""
    gold_set, pred_set = set(gold), set(pred)
    tp = Counter(g[-1] for g in gold_set & pred_set)
    n_gold, n_pred = Counter(g[-1] for g in gold_set), Counter(p[-1] for p in pred_set)

    def prf(t: int, p: int, g: int) -> dict:
        prec, rec = (t / p if p else 0.0), (t / g if g else 0.0)
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        return {
            "precision": round(prec, 4),
            "recall": round(rec, 4),
            "f1": round(f1, 4),
            "gold": g,
            "pred": p,
        }

    labels = sorted(set(n_gold) | set(n_pred), key=lambda lab: (lab not in CONLL_LABELS, lab))
    per_label = {lab: prf(tp[lab], n_pred[lab], n_gold[lab]) for lab in labels}
    micro = prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return {"per_label": per_label, "micro": micro}


def run_entities_eval(
    cases: Path, predictions: Path, nlp: Language, gazetteer: Gazetteer | None = None
) -> dict:
    """Predict every case with `nlp` + linking, write `{id, spans}` lines to `predictions`, return metrics."""
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    items = list(read_cases(cases))
    gold, pred = [], []
    predictions = Path(predictions)
    predictions.parent.mkdir(parents=True, exist_ok=True)
    with predictions.open("w", encoding="utf-8") as out:
        for case, spans in zip(items, predict_spans((c["text"] for c in items), nlp, gaz), strict=True):
            out.write(json.dumps({"id": case["id"], "spans": spans}, ensure_ascii=False) + "\n")
            pred += [(case["id"], s["char_start"], s["char_end"], s["label"]) for s in spans]
            gold += [(case["id"], s["char_start"], s["char_end"], s["label"]) for s in case.get("spans", [])]
    metrics = score(gold, pred)
    metrics["cases"] = len(items)
    return metrics


def format_entities_report(metrics: dict) -> str:
    """Human-readable table of the metrics from `run_entities_eval`."""
    lines = [f"entities eval: {metrics.get('cases', '?')} cases (exact span and label)"]
    lines.append(f"{'label':<6} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6} {'pred':>6}")
    rows = [*metrics["per_label"].items(), ("micro", metrics["micro"])]
    for lab, m in rows:
        lines.append(
            f"{lab:<6} {m['precision']:>7.4f} {m['recall']:>7.4f} {m['f1']:>7.4f} "
            f"{m['gold']:>6} {m['pred']:>6}"
        )
    return "\n".join(lines)
