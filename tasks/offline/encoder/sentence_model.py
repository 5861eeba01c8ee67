"""The one-pass sentence encoder's model (shared MiniLM, directed and portrayal heads) and its multi-task training."""

from __future__ import annotations

import argparse
import copy
import json
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tasks.extract.encoder.runtime import DIRECTED_LABELS, MAX_LENGTH, PORTRAYAL_LABELS, pad_batch
from tasks.extract.encoder.sentence import MARKERS, SentenceInput, load_sentence_tokenizer
from tasks.offline.encoder.common import (
    SEED,
    class_weights,
    dev_figures,
    headline,
    init_marker_embeddings,
    length_batches,
    log,
    optimizer_and_schedule,
    seed_everything,
)
from tasks.offline.encoder.common import build_tokenizer as _build_tokenizer
from tasks.offline.encoder.sentence_data import FILES, encode_inputs, full_predictions, load_data, read_ner

HP: dict[str, Any] = {
    "batch_size": 32,
    "lr": 8e-5,
    "warmup_share": 0.06,
    "weight_decay": 0.01,
    "dropout": 0.1,
    "grad_clip": 1.0,
    "epochs": 2,
    "max_length": MAX_LENGTH,
    "other_mention_keep_prob": 0.7,
    "optimizer": "AdamW",
    "schedule": "linear warm-up then linear decay to 0",
    "task_mixing": "one task per step, batches of the two tasks interleaved evenly in proportion to their counts",
    "batching": "shuffled, then sorted by length within chunks of 50 batches, batch order shuffled (per task)",
    "directed_class_weights": "frequency^-0.5 (normalised to mean 1 over train items)",
    "portrayal_class_weights": None,
    "selection": "best mean of directed non-duplicate dev macro-F1 and portrayal dev macro-F1",
    "heads": "directed Linear(3*384->5) over [CLS]+[E](i)+[E](j); portrayal Linear(2*384->3) over [CLS]+[E](t); "
    "dropout 0.1 before heads",
    "spans": "widened to word boundaries (tasks.extract.encoder.runtime.widen_to_words)",
}


def build_tokenizer(base: Path, out: Path) -> None:
    """The base tokenizer with ``[E]`` and ``[/E]`` added (the per-question trainer's builder with these markers)."""
    _build_tokenizer(base, out, MARKERS)


def make_model(base: Path, vocab_size: int, dropout: float = 0.1, attn: str = "eager") -> Any:
    import torch
    from torch import nn
    from transformers import BertModel

    class SentenceModel(nn.Module):
        """Shared encoder; heads over [CLS] ⊕ opener states gathered at the given (row, position) indices."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = BertModel.from_pretrained(
                str(base), local_files_only=True, add_pooling_layer=False, attn_implementation=attn
            )
            self.bert.resize_token_embeddings(vocab_size)
            hidden = self.bert.config.hidden_size
            self.dropout = nn.Dropout(dropout)
            self.directed_head = nn.Linear(3 * hidden, len(DIRECTED_LABELS))
            self.portrayal_head = nn.Linear(2 * hidden, len(PORTRAYAL_LABELS))

        def forward(
            self,
            input_ids: torch.Tensor,
            attention_mask: torch.Tensor,
            pair_index: torch.Tensor,
            target_index: torch.Tensor,
        ) -> tuple[torch.Tensor, torch.Tensor]:
            h = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            seq = h.size(1)
            flat = h.reshape(-1, h.size(2))
            p_row = pair_index[:, 0] * seq
            d = torch.cat(
                [
                    flat.index_select(0, p_row),
                    flat.index_select(0, p_row + pair_index[:, 1]),
                    flat.index_select(0, p_row + pair_index[:, 2]),
                ],
                dim=-1,
            )
            t_row = target_index[:, 0] * seq
            t = torch.cat([flat.index_select(0, t_row), flat.index_select(0, t_row + target_index[:, 1])], dim=-1)
            return self.directed_head(self.dropout(d)), self.portrayal_head(self.dropout(t))

    model = SentenceModel()
    init_marker_embeddings(model, len(MARKERS))  # new marker embeddings start at the mean of the base vocabulary
    return model


def batch_tensors(encoded: Sequence[Any], items: Sequence[SentenceInput]) -> tuple[Any, Any, Any, Any]:
    """Padded ids/mask and the pair/target index rows for one batch (as the runtime builds them)."""
    import numpy as np
    import torch

    ids, mask = pad_batch([e.ids for e in encoded])
    pairs: list[list[int]] = []
    targets: list[list[int]] = []
    for row, (e, it) in enumerate(zip(encoded, items, strict=True)):
        pairs.extend([row, max(0, e.openers[i]), max(0, e.openers[j])] for i, j in it.pairs)
        targets.extend([row, max(0, e.openers[t])] for t in it.targets)
    p = np.asarray(pairs, dtype=np.int64).reshape(-1, 3)
    t = np.asarray(targets, dtype=np.int64).reshape(-1, 2)
    return torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(p), torch.from_numpy(t)


def torch_predict(model: Any, task: str, encoded: list[Any], items: list[SentenceInput], bs: int = 64) -> list[int]:
    import torch

    model.eval()
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i].ids))
    pred = [0] * len(encoded)
    with torch.inference_mode():
        for k in range(0, len(order), bs):
            idx = order[k : k + bs]
            d, p = model(*batch_tensors([encoded[i] for i in idx], [items[i] for i in idx]))
            logits = d if task == "directed" else p
            for i, y in zip(idx, logits.argmax(dim=1).tolist(), strict=True):
                pred[i] = y
    return pred


def interleave(n_a: int, n_b: int) -> list[int]:
    """0/1 task order spreading n_a zeros and n_b ones evenly."""
    keys = [((k + 0.5) / n_a, 0) for k in range(n_a)] + [((k + 0.5) / n_b, 1) for k in range(n_b)]
    return [t for _, t in sorted(keys)]


def stage_train(args: argparse.Namespace, base: Path, tok_path: Path) -> dict[str, Any]:
    import torch

    seed_everything(SEED)
    ner_meta, ner = read_ner(args.ner_cache)
    tok = load_sentence_tokenizer(tok_path)
    data = load_data(args, ner)
    epochs = args.epochs or HP["epochs"]
    bs = HP["batch_size"]
    for task in FILES:
        tr, dv = data[task]["train"], data[task]["dev"]
        n_oth = sum(len(o) for o in tr.others)
        log(
            f"{task}: {len(tr.ok)}/{len(tr.rows)} train usable, {len(dv.ok)}/{len(dv.rows)} dev; "
            f"{n_oth / max(1, len(tr.rows)):.2f} other mentions per train item"
        )
    dev_items = {t: data[t]["dev"].inputs(None) for t in FILES}
    dev_enc = {t: encode_inputs(tok, dev_items[t]) for t in FILES}

    tr_d = data["directed"]["train"]
    counts = [max(1, sum(1 for i in tr_d.ok if tr_d.gold[i] == c)) for c in range(len(DIRECTED_LABELS))]
    weights = class_weights(counts, -0.5)
    log(f"directed class counts {counts}, weights {[round(float(x), 3) for x in weights]}")
    loss_fns = {
        "directed": torch.nn.CrossEntropyLoss(weight=weights),
        "portrayal": torch.nn.CrossEntropyLoss(),
    }

    vocab = tok.get_vocab_size(with_added_tokens=True)
    model = make_model(base, vocab, HP["dropout"], attn="sdpa")
    n_batches = {t: (len(data[t]["train"].ok) + bs - 1) // bs for t in FILES}
    steps_per_epoch = sum(n_batches.values())
    total = steps_per_epoch * epochs
    opt, sched = optimizer_and_schedule(model, args.lr, HP["weight_decay"], HP["warmup_share"], total)
    rng = random.Random(SEED)
    history: list[dict[str, Any]] = []
    best: dict[str, Any] | None = None
    t_start = time.time()
    names = list(FILES)
    for epoch in range(1, epochs + 1):
        model.train()
        t0 = time.time()
        per_task: dict[str, tuple[list[SentenceInput], list[Any], list[int], list[list[int]]]] = {}
        for task in names:
            td = data[task]["train"]
            items = td.inputs(rng, HP["other_mention_keep_prob"])
            enc = encode_inputs(tok, items)
            ys = [td.gold[i] for i in td.ok]
            per_task[task] = (items, enc, ys, length_batches([len(e.ids) for e in enc], bs, rng))
        order = interleave(len(per_task[names[0]][3]), len(per_task[names[1]][3]))
        pos = {t: 0 for t in names}
        running = {t: [0.0, 0] for t in names}
        for step, which in enumerate(order, start=1):
            task = names[which]
            items, enc, ys, batches = per_task[task]
            b = batches[pos[task]]
            pos[task] += 1
            d, p = model(*batch_tensors([enc[i] for i in b], [items[i] for i in b]))
            y = torch.tensor([ys[i] for i in b])
            loss = loss_fns[task](d if task == "directed" else p, y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), HP["grad_clip"])
            opt.step()
            sched.step()
            running[task][0] += loss.item()
            running[task][1] += 1
            if step % 50 == 0:
                msg = ", ".join(f"{t} {v[0] / max(1, v[1]):.4f}" for t, v in running.items())
                log(f"epoch {epoch} step {step}/{len(order)} loss {msg} ({time.time() - t0:.0f}s)")
                running = {t: [0.0, 0] for t in names}
        train_s = time.time() - t0
        figs = {}
        for task in names:
            dv = data[task]["dev"]
            pred = full_predictions(dv, torch_predict(model, task, dev_enc[task], dev_items[task]))
            figs[task] = dev_figures(task, dv.rows, dv.gold, pred)
        score = round((headline("directed", figs["directed"]) + headline("portrayal", figs["portrayal"])) / 2, 4)
        rec = {"epoch": epoch, "train_seconds": round(train_s, 1), "dev_torch": figs, "selection_score": score}
        history.append(rec)
        log(f"epoch {epoch}: {train_s:.0f}s train, {time.time() - t0 - train_s:.0f}s dev; {json.dumps(figs)}; "
            f"mean {score}")  # fmt: skip
        if best is None or score > best["selection_score"]:
            best = {**rec, "state": copy.deepcopy(model.state_dict())}
    assert best is not None
    work: Path = args.work_dir
    work.mkdir(parents=True, exist_ok=True)
    torch.save(best["state"], work / "sentence_best.pt")
    info = {
        "epochs": epochs,
        "best_epoch": best["epoch"],
        "history": history,
        "train_seconds_total": round(time.time() - t_start, 1),
        "lr": args.lr,
        "ner": ner_meta,
        "class_counts": dict(zip(DIRECTED_LABELS, counts, strict=True)),
        "class_weight_values": [round(float(x), 4) for x in weights],
        "data": {
            t: {
                "train_n": len(data[t]["train"].rows),
                "train_used": len(data[t]["train"].ok),
                "dev_n": len(data[t]["dev"].rows),
                "dev_usable": len(data[t]["dev"].ok),
            }
            for t in names
        },
        "limit": args.limit,
    }
    (work / "sentence_train.json").write_text(json.dumps(info, indent=1))
    log(f"best epoch {best['epoch']} (mean {best['selection_score']}); saved {work / 'sentence_best.pt'}")
    return info
