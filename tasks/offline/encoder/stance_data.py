"""The per-question stance tasks (directed, portrayal): their files, labels and settings, and the marked texts."""

from __future__ import annotations

from typing import Any

from tasks.extract.encoder.runtime import DIRECTED_LABELS, MAX_LENGTH, PORTRAYAL_LABELS, mark_pair, mark_target

TASKS: dict[str, dict[str, Any]] = {
    "directed": {
        "train": "directed_train.jsonl",
        "dev": "directed_dev.jsonl",
        "labels": DIRECTED_LABELS,
        "openers": ("[E1]", "[E2]"),
        "lr": 8e-5,
        "class_weight_power": -0.5,
        "epochs": 3,
    },
    "portrayal": {
        "train": "train.jsonl",
        "dev": "dev.jsonl",
        "labels": PORTRAYAL_LABELS,
        "openers": ("[T]",),
        "lr": 5e-5,
        "class_weight_power": None,
        "epochs": 2,
    },
}
COMMON = {
    "batch_size": 32,
    "warmup_share": 0.06,
    "weight_decay": 0.01,
    "dropout": 0.1,
    "grad_clip": 1.0,
    "max_length": MAX_LENGTH,
    "optimizer": "AdamW",
    "schedule": "linear warm-up then linear decay to 0",
    "batching": "shuffled, then sorted by length within chunks of 50 batches, batch order shuffled",
}


def marked_examples(task: str, rows: list[dict[str, Any]]) -> tuple[list[str | None], list[int]]:
    labels = TASKS[task]["labels"]
    texts: list[str | None] = []
    ys: list[int] = []
    for r in rows:
        try:
            if task == "directed":
                t = mark_pair(r["sentence"], (r["e1_from"], r["e1_to"]), (r["e2_from"], r["e2_to"]))
                y = labels.index(r["label"])
            else:
                t = mark_target(r["sentence"], (r["target_from"], r["target_to"]))
                y = labels.index(r["polarity"])
        except ValueError:
            t, y = None, labels.index("neutral")
        texts.append(t)
        ys.append(y)
    return texts, ys
