"""Data for the one-pass sentence encoder: task files, NER cache of other mentions, items with all mentions marked."""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tasks.extract.encoder.runtime import DIRECTED_LABELS, MAX_LENGTH, PORTRAYAL_LABELS, _overlap, widen_to_words
from tasks.extract.encoder.sentence import SentenceInput, encode_sentences, mark_mentions
from tasks.offline.encoder.common import log, read_jsonl

NER_LABELS = ("PERSON", "ORG", "GPE", "NORP")
NER_CACHE = Path("/tmp/stancewire_sentence_ner.json")
FILES = {
    "directed": {"train": "directed_train.jsonl", "dev": "directed_dev.jsonl", "labels": DIRECTED_LABELS},
    "portrayal": {"train": "train.jsonl", "dev": "dev.jsonl", "labels": PORTRAYAL_LABELS},
}

# Hand-written sentences (not from any dataset): (text, mention strings in text order); all pairs and all targets.
FIXTURES = [
    ("Senator Ramirez praised Governor Holt for her handling of the flood, while Mayor Chen stayed silent.",
     ("Ramirez", "Holt", "Chen")),
    ("Mayor Chen accused the Riverside Council of wasting taxpayers' money on the stadium.",
     ("Chen", "Riverside Council")),
    ("The Westland Party met with the Farmers Union and the Harbor Guild on Tuesday.",
     ("Westland Party", "Farmers Union", "Harbor Guild")),
    ("Critics say Governor Holt was betrayed by her deputy, Martin Price, who now backs Senator Ramirez.",
     ("Holt", "Martin Price", "Ramirez")),
    ("Prime Minister Adeyemi thanked President Novak for his steadfast support against the rebels.",
     ("Adeyemi", "Novak")),
]  # fmt: skip


# --------------------------------------------------------------------------------------------------------------
# Items: own spans plus the sentence's other named mentions


def fixture_inputs() -> list[SentenceInput]:
    items = []
    for text, names in FIXTURES:
        spans, pos = [], 0
        for name in names:
            s = text.index(name, pos)
            spans.append((s, s + len(name)))
            pos = s + len(name)
        n = len(spans)
        pairs = tuple((i, j) for i in range(n) for j in range(i + 1, n))
        items.append(SentenceInput(text, tuple(spans), pairs, tuple(range(n))))
    return items


def own_spans(task: str, row: dict[str, Any]) -> list[tuple[int, int]] | None:
    """The item's own spans (directed: e1, e2 in text order; portrayal: the target), or None when unusable."""
    text = row["sentence"]
    if task == "directed":
        spans = [(int(row["e1_from"]), int(row["e1_to"])), (int(row["e2_from"]), int(row["e2_to"]))]
    else:
        spans = [(int(row["target_from"]), int(row["target_to"]))]
    for s, e in spans:
        if not 0 <= s < e <= len(text):
            return None
    if task == "directed" and (spans[0][0] >= spans[1][0] or _overlap(spans[0], spans[1])):
        return None
    return spans


def other_mentions(text: str, own: list[tuple[int, int]], ner: list[list[Any]]) -> list[tuple[int, int]]:
    """NER spans of the wanted labels that overlap none of the item's spans (given or word-widened)."""
    blocked = [*own, *(widen_to_words(text, s, e) for s, e in own)]
    out = []
    for s, e, label in ner:
        if label not in NER_LABELS:
            continue
        span = (int(s), int(e))
        if any(_overlap(span, b) or _overlap(widen_to_words(text, *span), b) for b in blocked):
            continue
        out.append(span)
    return out


def build_input(
    task: str,
    row: dict[str, Any],
    own: list[tuple[int, int]],
    others: list[tuple[int, int]],
    rng: random.Random | None,
    keep_prob: float,
) -> SentenceInput:
    """One SentenceInput asking the item's question; others kept with ``keep_prob`` (all when rng is None)."""
    kept = [o for o in others if rng is None or rng.random() < keep_prob]
    # Other mentions must not overlap each other once sorted (spaCy's never do; be safe).
    mentions: list[tuple[int, int]] = []
    for span in sorted([*own, *kept]):
        if mentions and _overlap(mentions[-1], span):
            if span in own:
                mentions[-1] = span
            continue
        mentions.append(span)
    index = {span: k for k, span in enumerate(mentions)}
    if task == "directed":
        return SentenceInput(row["sentence"], tuple(mentions), ((index[own[0]], index[own[1]]),), ())
    return SentenceInput(row["sentence"], tuple(mentions), (), (index[own[0]],))


class TaskData:
    """A task's rows with their own spans, other mentions and gold labels."""

    def __init__(self, task: str, rows: list[dict[str, Any]], ner: dict[str, list[list[Any]]]):
        self.task = task
        self.rows = rows
        labels = FILES[task]["labels"]
        self.gold = [labels.index(r["label" if task == "directed" else "polarity"]) for r in rows]
        self.own = [own_spans(task, r) for r in rows]
        self.others = [
            other_mentions(r["sentence"], o, ner.get(r["sentence"], [])) if o is not None else []
            for r, o in zip(rows, self.own, strict=True)
        ]
        self.ok = [i for i, o in enumerate(self.own) if o is not None]

    def inputs(self, rng: random.Random | None, keep_prob: float = 1.0) -> list[SentenceInput]:
        return [build_input(self.task, self.rows[i], self.own[i], self.others[i], rng, keep_prob) for i in self.ok]


def encode_inputs(tok: Any, items: Sequence[SentenceInput]) -> list[Any]:
    marked = [mark_mentions(it.text, it.mentions) for it in items]
    keep = [sorted({m for p in it.pairs for m in p} | set(it.targets)) for it in items]
    return encode_sentences(tok, marked, keep, MAX_LENGTH)


def full_predictions(data: TaskData, pred_ok: list[int]) -> list[int]:
    neutral = FILES[data.task]["labels"].index("neutral")
    pred = [neutral] * len(data.rows)
    for i, p in zip(data.ok, pred_ok, strict=True):
        pred[i] = p
    return pred


def load_data(args: argparse.Namespace, ner: dict[str, list[list[Any]]]) -> dict[str, dict[str, TaskData]]:
    out: dict[str, dict[str, TaskData]] = {}
    for task, cfg in FILES.items():
        tr = read_jsonl(args.data_dir / cfg["train"])
        dv = read_jsonl(args.data_dir / cfg["dev"])
        if args.limit:
            tr, dv = tr[: args.limit], dv[: args.limit]
        out[task] = {"train": TaskData(task, tr, ner), "dev": TaskData(task, dv, ner)}
    return out


# --------------------------------------------------------------------------------------------------------------
# NER cache (project venv: spaCy)


def stage_ner(args: argparse.Namespace) -> None:
    from tasks.nlp.pipeline import DEFAULT_MODEL, build_nlp

    sentences: dict[str, None] = {}
    for cfg in FILES.values():
        for split in ("train", "dev"):
            for r in read_jsonl(args.data_dir / cfg[split]):
                sentences.setdefault(r["sentence"], None)
    texts = list(sentences)
    log(f"ner: {len(texts)} distinct sentences with {DEFAULT_MODEL} (+ gazetteer ruler)")
    nlp = build_nlp()
    out: dict[str, list[list[Any]]] = {}
    t0 = time.time()
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=256), strict=True):
        out[text] = [[e.start_char, e.end_char, e.label_] for e in doc.ents if e.label_ in NER_LABELS]
    import spacy

    meta = {"model": DEFAULT_MODEL, "spacy": spacy.__version__, "labels": list(NER_LABELS), "gazetteer": True}
    args.ner_cache.write_text(json.dumps({"meta": meta, "spans": out}))
    n = sum(len(v) for v in out.values())
    log(f"ner: {n} spans in {time.time() - t0:.0f}s -> {args.ner_cache}")


def read_ner(path: Path) -> tuple[dict[str, Any], dict[str, list[list[Any]]]]:
    if not path.is_file():
        raise SystemExit(f"FATAL: {path} missing; run --stage ner with the project venv first")
    data = json.loads(path.read_text())
    return data["meta"], data["spans"]
