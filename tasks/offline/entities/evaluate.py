"""`stancewire eval entities`: exact-span P/R/F1 on CoNLL-style cases, via the pipeline's own linking."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language

from tasks.extract.linking import candidates_from_doc, link_mentions
from tasks.nlp.gazetteer import Gazetteer, load_gazetteer
from tasks.offline.eval_cases import read_text_cases

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
    return read_text_cases(path, "an entity case")


def _document_groups(cases: list[dict]) -> Iterator[list[int]]:
    """Indices of consecutive cases from the same source document (`doc_id`; each case alone without it)."""
    group: list[int] = []
    for i, case in enumerate(cases):
        if group and (case.get("doc_id") is None or case.get("doc_id") != cases[group[-1]].get("doc_id")):
            yield group
            group = []
        group.append(i)
    if group:
        yield group


def predict_spans(cases: list[dict], nlp: Language, gazetteer: Gazetteer) -> list[list[dict]]:
    """CoNLL-labelled spans per case: nlp.pipe per case, then the pipeline's linking over each whole document.

    Sentences of one `doc_id` are linked together (joined by newlines), as the pipeline links a whole article:
    a bare surname finds the full name used earlier and one entity gets one label per document.
    """
    docs = list(nlp.pipe((c["text"] for c in cases), batch_size=BATCH_SIZE))
    out: list[list[dict]] = [[] for _ in cases]
    for group in _document_groups(cases):
        bases, candidates, pos = [], [], 0
        for i in group:
            bases.append(pos)
            candidates += candidates_from_doc(docs[i], offset=pos)
            pos += len(docs[i].text) + 1
        joined = "\n".join(docs[i].text for i in group)
        for lk in link_mentions(candidates, joined, gazetteer):
            if lk.label not in SPACY_TO_CONLL:
                continue
            k = bisect_right(bases, lk.start_char) - 1
            base = bases[k]
            out[group[k]].append(
                {"char_start": lk.start_char - base, "char_end": lk.end_char - base, "label": SPACY_TO_CONLL[lk.label]}
            )
    return out


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


def run_entities_eval(cases: Path, predictions: Path, nlp: Language, gazetteer: Gazetteer | None = None) -> dict:
    """Predict every case with `nlp` + linking, write `{id, spans}` lines to `predictions`, return metrics."""
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    items = list(read_cases(cases))
    gold, pred = [], []
    predictions = Path(predictions)
    predictions.parent.mkdir(parents=True, exist_ok=True)
    with predictions.open("w", encoding="utf-8") as out:
        for case, spans in zip(items, predict_spans(items, nlp, gaz), strict=True):
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
            f"{lab:<6} {m['precision']:>7.4f} {m['recall']:>7.4f} {m['f1']:>7.4f} {m['gold']:>6} {m['pred']:>6}"
        )
    return "\n".join(lines)


def run_baseline_eval(cases: Path, nlp: Language) -> dict:
    """The model alone: raw `doc.ents` per case (no ruler, no linking), scored like `run_entities_eval`."""
    items = list(read_cases(cases))
    gold, pred = [], []
    for case, doc in zip(items, nlp.pipe((c["text"] for c in items), batch_size=BATCH_SIZE), strict=True):
        pred += [
            (case["id"], e.start_char, e.end_char, SPACY_TO_CONLL[e.label_])
            for e in doc.ents
            if e.label_ in SPACY_TO_CONLL
        ]
        gold += [(case["id"], s["char_start"], s["char_end"], s["label"]) for s in case.get("spans", [])]
    metrics = score(gold, pred)
    metrics["cases"] = len(items)
    return metrics


def main(argv: list[str] | None = None) -> None:
    """`python -m tasks.offline.entities.evaluate CASES [--predictions OUT] [--baseline]` (baseline: model alone)."""
    import argparse

    from tasks.nlp.pipeline import DEFAULT_MODEL, build_nlp

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("cases", type=Path)
    ap.add_argument("--predictions", type=Path, default=Path("entities_predictions.jsonl"))
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--baseline", action="store_true", help="score the spaCy model alone (no gazetteer, no linking)")
    args = ap.parse_args(argv)
    if args.baseline:
        metrics = run_baseline_eval(args.cases, build_nlp(args.model, with_gazetteer=False))
    else:
        metrics = run_entities_eval(args.cases, args.predictions, build_nlp(args.model))
    print(format_entities_report(metrics))


if __name__ == "__main__":
    main()
