"""Export of the per-question stance models: ONNX, int8, dev check through the runtime, MANIFEST, fixtures."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import time
from pathlib import Path
from typing import Any

from tasks.extract.encoder.runtime import (
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
from tasks.offline.encoder.common import (
    SEED,
    base_weights_entry,
    command_line,
    dev_figures,
    export_onnx_graph,
    headline,
    log,
    read_jsonl,
)
from tasks.offline.encoder.stance_data import COMMON, TASKS, marked_examples
from tasks.offline.encoder.stance_model import make_model, tensors

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
    ids, mask = tensors(encode_marked(tok, sample, cfg["openers"]))
    fp32 = work / f"{task}.fp32.onnx"
    int8 = work / f"{task}.int8.onnx"
    log(f"{task}: exporting {fp32}")
    axes = {
        "input_ids": {0: "batch", 1: "sequence"},
        "attention_mask": {0: "batch", 1: "sequence"},
        "logits": {0: "batch"},
    }
    export_onnx_graph(model, (ids, mask), fp32, (["input_ids", "attention_mask"], ["logits"]), axes)
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
            "spans": "widened to word boundaries (tasks.extract.encoder.runtime.widen_to_words)",
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
            "base_weights": base_weights_entry(base_version),
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
            "trained_with": command_line("tasks.offline.encoder.train"),
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
