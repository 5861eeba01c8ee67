"""The per-question stance model (MiniLM with a head over [CLS] and the opening markers) and its training loop."""

from __future__ import annotations

import argparse
import copy
import json
import random
import time
from pathlib import Path
from typing import Any

from tasks.extract.encoder.runtime import MARKERS, MAX_LENGTH, encode_marked, load_tokenizer
from tasks.offline.encoder.common import (
    SEED,
    class_weights,
    dev_figures,
    headline,
    init_marker_embeddings,
    length_batches,
    log,
    optimizer_and_schedule,
    read_jsonl,
    seed_everything,
)
from tasks.offline.encoder.stance_data import COMMON, TASKS, marked_examples


def make_model(task: str, base: Path, tok_path: Path, dropout: float = 0.1) -> Any:
    import torch
    from torch import nn
    from transformers import BertModel

    tok = load_tokenizer(tok_path)
    opener_ids = [tok.token_to_id(m) for m in TASKS[task]["openers"]]
    n_labels = len(TASKS[task]["labels"])

    class MarkerClassifier(nn.Module):
        """Linear head over [CLS] ⊕ the opening markers' states; marker positions found in the graph."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = BertModel.from_pretrained(
                str(base), local_files_only=True, add_pooling_layer=False, attn_implementation="eager"
            )
            self.bert.resize_token_embeddings(tok.get_vocab_size(with_added_tokens=True))
            self.opener_ids = list(opener_ids)
            hidden = self.bert.config.hidden_size
            self.dropout = nn.Dropout(dropout)
            self.head = nn.Linear(hidden * (1 + len(opener_ids)), n_labels)

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            h = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            feats = [h[:, 0]]
            for m in self.opener_ids:
                pos = (input_ids == m).to(torch.float32).argmax(dim=1)
                idx = pos.view(-1, 1, 1).expand(-1, 1, h.size(2))
                feats.append(torch.gather(h, 1, idx).squeeze(1))
            return self.head(self.dropout(torch.cat(feats, dim=-1)))

    model = MarkerClassifier()
    # The new marker embeddings start as the mean of the existing vocabulary (plus nothing random).
    init_marker_embeddings(model, len(MARKERS))
    return model


def tensors(seqs: list[list[int]]) -> tuple[Any, Any]:
    import torch

    from tasks.extract.encoder.runtime import pad_batch

    ids, mask = pad_batch(seqs)
    return torch.from_numpy(ids), torch.from_numpy(mask)


def torch_predict(model: Any, seqs: list[list[int]], bs: int = 64) -> list[int]:
    import torch

    model.eval()
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    pred = [0] * len(seqs)
    with torch.inference_mode():
        for k in range(0, len(order), bs):
            idx = order[k : k + bs]
            ids, mask = tensors([seqs[i] for i in idx])
            logits = model(ids, mask)
            for i, p in zip(idx, logits.argmax(dim=1).tolist(), strict=True):
                pred[i] = p
    return pred


def train_task(task: str, args: argparse.Namespace, base: Path, tok_path: Path) -> dict[str, Any]:
    import torch

    cfg = TASKS[task]
    epochs = args.epochs or cfg["epochs"]
    seed_everything(SEED)
    tok = load_tokenizer(tok_path)
    train_rows = read_jsonl(args.data_dir / cfg["train"])
    dev_rows = read_jsonl(args.data_dir / cfg["dev"])
    if args.limit:
        train_rows, dev_rows = train_rows[: args.limit], dev_rows[: args.limit]
    tr_texts, tr_y = marked_examples(task, train_rows)
    dv_texts, dv_y = marked_examples(task, dev_rows)
    skipped = sum(t is None for t in tr_texts)
    keep = [i for i, t in enumerate(tr_texts) if t is not None]
    tr_seqs = encode_marked(tok, [tr_texts[i] for i in keep], cfg["openers"], MAX_LENGTH)
    tr_y = [tr_y[i] for i in keep]
    dv_ok = [i for i, t in enumerate(dv_texts) if t is not None]
    dv_seqs_ok = encode_marked(tok, [dv_texts[i] for i in dv_ok], cfg["openers"], MAX_LENGTH)
    log(f"{task}: {len(tr_seqs)} train ({skipped} skipped: bad spans), {len(dev_rows)} dev, {epochs} epochs")

    n_labels = len(cfg["labels"])
    counts = [max(1, tr_y.count(c)) for c in range(n_labels)]
    weights = None
    if cfg["class_weight_power"] is not None:
        weights = class_weights(counts, cfg["class_weight_power"])
        log(f"class weights {[round(float(x), 3) for x in weights]}")

    model = make_model(task, base, tok_path, COMMON["dropout"])
    bs = COMMON["batch_size"]
    rng = random.Random(SEED)
    steps_per_epoch = (len(tr_seqs) + bs - 1) // bs
    total = steps_per_epoch * epochs
    opt, sched = optimizer_and_schedule(model, cfg["lr"], COMMON["weight_decay"], COMMON["warmup_share"], total)
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights)
    lengths = [len(s) for s in tr_seqs]
    history: list[dict[str, Any]] = []
    best: dict[str, Any] | None = None
    t_start = time.time()
    step = 0
    for epoch in range(1, epochs + 1):
        model.train()
        t0 = time.time()
        running = 0.0
        for bi, b in enumerate(length_batches(lengths, bs, rng)):
            ids, mask = tensors([tr_seqs[i] for i in b])
            y = torch.tensor([tr_y[i] for i in b])
            loss = loss_fn(model(ids, mask), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), COMMON["grad_clip"])
            opt.step()
            sched.step()
            step += 1
            running += float(loss)
            if (bi + 1) % 50 == 0:
                log(f"{task} epoch {epoch} step {bi + 1}/{steps_per_epoch} loss {running / 50:.4f}")
                running = 0.0
        train_s = time.time() - t0
        pred_ok = torch_predict(model, dv_seqs_ok)
        pred = [cfg["labels"].index("neutral")] * len(dev_rows)
        for i, p in zip(dv_ok, pred_ok, strict=True):
            pred[i] = p
        figs = dev_figures(task, dev_rows, dv_y, pred)
        rec = {"epoch": epoch, "train_seconds": round(train_s, 1), "dev_torch": figs}
        history.append(rec)
        log(f"{task} epoch {epoch}: {train_s:.0f}s, dev {json.dumps(figs)}")
        if best is None or headline(task, figs) > headline(task, best["dev_torch"]):
            best = {**rec, "state": copy.deepcopy(model.state_dict())}
    assert best is not None
    work = args.work_dir
    work.mkdir(parents=True, exist_ok=True)
    torch.save(best["state"], work / f"{task}_best.pt")
    info = {
        "task": task,
        "epochs": epochs,
        "best_epoch": best["epoch"],
        "history": history,
        "train_seconds_total": round(time.time() - t_start, 1),
        "train_file": cfg["train"],
        "train_n": len(train_rows),
        "train_used": len(tr_seqs),
        "train_skipped_bad_spans": skipped,
        "dev_file": cfg["dev"],
        "dev_n": len(dev_rows),
        "class_counts": dict(zip(cfg["labels"], counts, strict=True)),
        "class_weights": None if weights is None else [round(float(x), 4) for x in weights],
        "limit": args.limit,
    }
    (work / f"{task}_train.json").write_text(json.dumps(info, indent=1))
    log(f"{task}: best epoch {best['epoch']} ({headline(task, best['dev_torch'])}); saved {work / f'{task}_best.pt'}")
    return info
