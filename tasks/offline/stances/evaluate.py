"""`stancewire eval directed` and the encoder path of `stancewire eval stance`: the pipeline's own decision code.

Directed cases (`{id, sentence, e1_from, e1_to, e2_from, e2_to, label, train_duplicate}`) become pair candidates
with the two given spans as the mentions; they go through `candidates`-shaped inputs, the encoder and
`decide.decide_pair` exactly as a document's pairs do, and a reported-action frame between the two entities
(`tasks.extract.actions`, the two spans as the sentence's only linked mentions) overrides the encoder where the
encoder supports it (`tasks.extract.frames.supports`), as a document's frame rows do. `label` is the pipeline's
classification (neutral when it says nothing); `row_label` is what would reach the `stances` table after the row
threshold (a supported frame always does).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tasks.extract.candidates import PairCandidate
from tasks.extract.decide import DIRECTED_LABELS, PORTRAYAL_LABELS, Policy, decide_pair, decide_portrayal, load_policy
from tasks.offline.polarity.metrics import classification_metrics

if TYPE_CHECKING:
    from spacy.tokens import Doc

POLARITY_3 = ("negative", "neutral", "positive")


@dataclass(frozen=True, slots=True)
class DirectedCase:
    """One directed-sentiment item."""

    id: str
    sentence: str
    e1: tuple[int, int]
    e2: tuple[int, int]
    gold: str | None
    duplicate: bool


def read_directed(path: Path) -> list[DirectedCase]:
    """Directed cases from a JSONL file (raises naming the file and line on a malformed record)."""
    out: list[DirectedCase] = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                out.append(
                    DirectedCase(
                        r["id"],
                        r["sentence"],
                        (int(r["e1_from"]), int(r["e1_to"])),
                        (int(r["e2_from"]), int(r["e2_to"])),
                        r.get("label"),
                        bool(r.get("train_duplicate", False)),
                    )
                )
            except (KeyError, ValueError, TypeError) as exc:
                raise ValueError(f"{path}:{n}: not a directed case ({exc}); expected the fields of its README") from exc
    return out


def case_pair(case: DirectedCase) -> PairCandidate:
    """A directed case as the pair candidate a document sentence would give (e1 as actor a)."""
    return PairCandidate(
        "case:e1", "person", "case:e2", "person", case.sentence, case.e1, case.e2, (0, len(case.sentence)), 0,
        "reported_action", None, False,
    )  # fmt: skip


def label_of(probs: np.ndarray, policy: Policy, pair: PairCandidate, threshold: float | None) -> str:
    """The five-class label of the pipeline's decision on one pair (neutral when no row would be written)."""
    d = decide_pair(probs, policy.directed, a_first=pair.a_span[0] <= pair.b_span[0], holder_fixed=pair.holder_fixed)
    if d is None or (threshold is not None and d.confidence < threshold):
        return "neutral"
    sign = "pos" if d.polarity == "favor" else "neg"
    return f"e1_{sign}_e2" if d.holder_is_a else f"e2_{sign}_e1"


def directed_probs(
    scorer: Any, pairs: Sequence[PairCandidate], context: Sequence[Sequence[tuple[int, int]]] | None = None
) -> np.ndarray:
    """Scorer probabilities of pair candidates, asked as the pipeline asks them (earlier mention as e1).

    `context` holds, per pair, the other actor mentions of its text: the pipeline asks about every actor of a
    sentence (its portrayal), so a sentence encoder sees them all marked; they are asked here too and ignored.
    """
    from tasks.extract.pipeline import pair_questions

    extra = [(p.text, span) for p, spans in zip(pairs, context or [[] for _ in pairs], strict=True) for span in spans]
    return scorer.score(pair_questions(pairs), extra)[0]


def parse_cases(texts: Sequence[str]) -> list[Doc]:
    """The texts parsed as a refresh parses them (spaCy with the gazetteer ruler), once for every use below."""
    from tasks.nlp.pipeline import shared_nlp

    return list(shared_nlp().pipe(texts, batch_size=64))


def actor_context(
    texts: Sequence[str], taken: Sequence[Sequence[tuple[int, int]]], docs: Sequence[Doc] | None = None
) -> list[list[tuple[int, int]]]:
    """Per text, the spans of the actor mentions the pipeline would find (spaCy, linker, actor rules) that do not
    overlap the spans already asked about (`docs`: the texts already parsed)."""
    from tasks.extract.actors import actor_links
    from tasks.extract.entities import extract_entities
    from tasks.nlp.docview import DocView
    from tasks.nlp.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    out: list[list[tuple[int, int]]] = []
    for i, (doc, spans) in enumerate(zip(docs if docs is not None else parse_cases(texts), taken, strict=True)):
        links = extract_entities(f"case{i}", doc, gaz).links
        found = [(lk.start_char, lk.end_char) for lk in actor_links(DocView(doc), links)]
        out.append([f for f in found if not any(f[0] < b and a < f[1] for a, b in spans)])
    return out


def case_frames(items: Sequence[DirectedCase], docs: Sequence[Doc]) -> list[tuple[bool, str] | None]:
    """Per case, the reported-action frame between its two entities as (e1 holds it, polarity), or None."""
    from tasks.extract.linking import Link
    from tasks.extract.quotes.utterances import speaker_resolver
    from tasks.extract.stances import action_evidence

    pair = {"case:e1", "case:e2"}
    out: list[tuple[bool, str] | None] = []
    for c, doc in zip(items, docs, strict=True):
        spans = sorted([(c.e1, "case:e1"), (c.e2, "case:e2")])
        links = [Link(a, b, c.sentence[a:b], "PERSON", eid, eid, "person", "case", None) for (a, b), eid in spans]
        found = (
            (ev.holder_id == "case:e1", frame)
            for ev in action_evidence(doc, speaker_resolver(doc, links))
            for target, frame in ev.targets
            if frame in ("favor", "against") and {ev.holder_id, target.entity_id} == pair
        )
        out.append(next(found, None))
    return out


def frame_label(probs: np.ndarray, frame: tuple[bool, str] | None) -> str | None:
    """The five-class label of a frame the encoder supports (None without a frame or without support)."""
    from tasks.extract.frames import holder_probs, supports

    if frame is None:
        return None
    e1_holds, polarity = frame
    if not supports(polarity, *holder_probs(probs, e1_holds)):
        return None
    sign = "pos" if polarity == "favor" else "neg"
    return f"e1_{sign}_e2" if e1_holds else f"e2_{sign}_e1"


def _metrics(gold: list[str], pred: list[str], labels: Sequence[str]) -> dict[str, Any]:
    """Macro-F1 and accuracy (and per-class figures) of one slice."""
    return classification_metrics(gold, pred, labels)


def run_directed_eval(
    cases: Path, predictions: Path, model_dir: Path | None = None, context: bool = True
) -> dict[str, Any]:
    """Write {id, label, row_label} predictions and return the metrics, overall and on non-duplicate items.

    With `context`, each sentence is parsed and linked as the pipeline does, and its other actors are asked about
    too (as they are in a document), so the encoder reads the sentence as it would in a refresh.
    """
    from tasks.extract.scoring import load_scorer

    encoder = load_scorer(model_dir)
    if encoder is None:
        raise SystemExit(f"no stance encoder in {model_dir or 'tasks/extract/encoder/model'}: run make train-stance")
    policy = load_policy()
    items = read_directed(Path(cases))
    pairs = [case_pair(c) for c in items]
    docs = parse_cases([c.sentence for c in items]) if context else None
    extra = actor_context([c.sentence for c in items], [(c.e1, c.e2) for c in items], docs) if docs else None
    probs = directed_probs(encoder, pairs, extra)
    frames = case_frames(items, docs) if docs else [None] * len(items)
    framed = [frame_label(p, f) for p, f in zip(probs, frames, strict=True)]
    labels = [f or label_of(p, policy, pair, None) for p, pair, f in zip(probs, pairs, framed, strict=True)]
    rows = [
        f or label_of(p, policy, pair, policy.min_directed) for p, pair, f in zip(probs, pairs, framed, strict=True)
    ]
    predictions = Path(predictions)
    predictions.parent.mkdir(parents=True, exist_ok=True)
    with open(predictions, "w", encoding="utf-8") as fh:
        for c, lab, row, p in zip(items, labels, rows, probs, strict=True):
            fh.write(json.dumps({"id": c.id, "label": lab, "row_label": row, "probs": [round(float(x), 4) for x in p]}))
            fh.write("\n")
    out: dict[str, Any] = {"model_version": encoder.directed_version, "policy": policy.version, "n": len(items)}
    out["frames"] = sum(f is not None for f in framed)
    for name, keep in (("all", lambda c: True), ("not_train_copies", lambda c: not c.duplicate)):
        sel = [i for i, c in enumerate(items) if c.gold is not None and keep(c)]
        gold = [items[i].gold or "" for i in sel]
        out[name] = _metrics(gold, [labels[i] for i in sel], DIRECTED_LABELS)
        out[name + "_rows"] = _metrics(gold, [rows[i] for i in sel], DIRECTED_LABELS)
        written = [i for i in sel if rows[i] != "neutral"]
        out[name + "_row_precision"] = (
            sum(rows[i] == items[i].gold for i in written) / len(written) if written else 0.0,
            len(written),
        )
    out["predictions"] = str(predictions)
    return out


def format_directed_report(m: dict[str, Any]) -> str:
    """Human-readable summary of a directed evaluation."""
    lines = [f"directed eval: n={m['n']}  model {m['model_version']}  calibration {m['policy']}"]
    lines.append(f"supported reported-action frames between the two entities: {m.get('frames', 0)}")
    for name in ("all", "not_train_copies"):
        a, r = m[name], m[name + "_rows"]
        prec, n = m[name + "_row_precision"]
        lines.append(
            f"{name:<17} classification macro-F1={a['macro_f1']:.4f} accuracy={a['accuracy']:.4f} (n={a['n']}) | "
            f"rows above threshold: macro-F1={r['macro_f1']:.4f}, {n} rows, precision {prec:.3f}"
        )
    per = m["not_train_copies"]["per_class"]
    lines.append("per class (not train copies): " + "  ".join(f"{k} F1={v['f1']:.3f}" for k, v in per.items()))
    return "\n".join(lines)


def run_portrayal_eval(
    cases: Path, predictions: Path, model_dir: Path | None = None, context: bool = True
) -> dict[str, Any] | None:
    """NewsMTSC cases through the encoder's portrayal head and decide_portrayal; None without the artifact.

    With `context`, the sentence's other actors (found as the pipeline finds them) are asked about too.
    """
    from tasks.extract.scoring import load_scorer
    from tasks.offline.polarity.data import read_cases

    encoder = load_scorer(model_dir)
    if encoder is None:
        return None
    policy = load_policy()
    records = read_cases(Path(cases))
    questions = [(r.item.sentence, (r.item.target_from, r.item.target_to)) for r in records]
    if context:
        others = actor_context([q[0] for q in questions], [[q[1]] for q in questions])
        extra = [(q[0], span) for q, spans in zip(questions, others, strict=True) for span in spans]
    else:
        extra = []
    decided = [decide_portrayal(p, policy.portrayal) for p in encoder.score([], questions + extra)[1][: len(questions)]]
    predictions = Path(predictions)
    predictions.parent.mkdir(parents=True, exist_ok=True)
    names = {"positive": "favor", "negative": "against", "neutral": "neutral"}
    with open(predictions, "w", encoding="utf-8") as fh:
        for rec, (pol, score, conf) in zip(records, decided, strict=True):
            row = {"id": rec.id, "polarity": pol, "score": score, "confidence": conf}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    scored = [(r.gold, names[d[0]]) for r, d in zip(records, decided, strict=True) if r.gold is not None]
    metrics = classification_metrics([g for g, _ in scored], [p for _, p in scored])
    metrics.update(
        {"method": "encoder-portrayal", "model_version": encoder.portrayal_version, "predictions": str(predictions)}
    )
    return metrics


__all__ = ["PORTRAYAL_LABELS", "format_directed_report", "run_directed_eval", "run_portrayal_eval"]
