"""Export of the one-pass sentence encoder: ONNX graph, torch parity check, training manifest, hand-off to ``ship``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from tasks.extract.encoder.runtime import DIRECTED_LABELS, MAX_LENGTH, PORTRAYAL_LABELS, sha256_file
from tasks.extract.encoder.sentence import (
    MANIFEST_NAME,
    MARKERS,
    ONNX_NAME,
    TOKENIZER_NAME,
    SentenceEncoder,
    load_sentence_tokenizer,
)
from tasks.offline.encoder.common import SEED, base_weights_entry, command_line, export_onnx_graph, log
from tasks.offline.encoder.sentence_data import FILES, encode_inputs, fixture_inputs
from tasks.offline.encoder.sentence_model import HP, batch_tensors, make_model

# --------------------------------------------------------------------------------------------------------------
# Export, quantise, evaluate through the runtime, ship


def export_onnx(model: Any, tok: Any, path: Path) -> None:

    sample = fixture_inputs()[:2]
    enc = encode_inputs(tok, sample)
    inputs = batch_tensors(enc, sample)
    names = (["input_ids", "attention_mask", "pair_index", "target_index"], ["directed_logits", "portrayal_logits"])
    axes = {
        "input_ids": {0: "batch", 1: "sequence"},
        "attention_mask": {0: "batch", 1: "sequence"},
        "pair_index": {0: "pairs"},
        "target_index": {0: "targets"},
        "directed_logits": {0: "pairs"},
        "portrayal_logits": {0: "targets"},
    }
    export_onnx_graph(model, inputs, path, names, axes)


def torch_onnx_gap(model: Any, tok: Any, onnx_path: Path, tok_path: Path) -> float:
    """Largest absolute difference between torch and ONNX (fp32) probabilities on the fixture sentences."""
    import numpy as np
    import torch

    items = fixture_inputs()
    with torch.inference_mode():
        d, p = model(*batch_tensors(encode_inputs(tok, items), items))
    want_d, want_p = torch.softmax(d, -1).numpy(), torch.softmax(p, -1).numpy()
    got_d, got_p = SentenceEncoder(onnx_path, tok_path, threads=1).score(items)
    # score() batches by length, so compare item by item in the order the fixtures were concatenated.
    return float(max(np.abs(np.concatenate(got_d) - want_d).max(), np.abs(np.concatenate(got_p) - want_p).max()))


def stage_export(args: argparse.Namespace, base: Path, base_version: str, tok_path: Path) -> None:
    import torch

    from tasks.offline.encoder.optimize import ship

    work: Path = args.work_dir
    info = json.loads((work / "sentence_train.json").read_text())
    tok = load_sentence_tokenizer(tok_path)
    model = make_model(base, tok.get_vocab_size(with_added_tokens=True), HP["dropout"], attn="eager")
    model.load_state_dict(torch.load(work / "sentence_best.pt", weights_only=True))
    model.eval()
    fp32 = work / "sentence.fp32.onnx"
    log(f"exporting {fp32}")
    export_onnx(model, tok, fp32)
    parity = torch_onnx_gap(model, tok, fp32, tok_path)
    log(f"torch vs ONNX fp32 on the fixtures: max |prob diff| {parity:.2e}")
    if parity > 1e-3:
        raise SystemExit(f"FATAL: the exported graph disagrees with the torch model ({parity:.2e})")
    ship(args, fp32, tok_path, training_manifest(args, info, base_version, torch.__version__))


def training_manifest(args: argparse.Namespace, info: dict[str, Any], base_version: str, torch_version: str) -> dict:
    """The manifest's fields fixed by training (``tasks.offline.encoder.optimize.ship`` adds the shipped file's)."""
    data_files = {}
    for task, cfg in FILES.items():
        dstats = info["data"][task]
        data_files[task] = {
            "train": {
                "file": cfg["train"],
                "sha256": sha256_file(args.data_dir / cfg["train"]),
                "n": dstats["train_n"],
                "used": dstats["train_used"],
            },
            "dev": {
                "file": cfg["dev"],
                "sha256": sha256_file(args.data_dir / cfg["dev"]),
                "n": dstats["dev_n"],
                "usable": dstats["dev_usable"],
            },
        }
    return {
        "description": "all-MiniLM-L6-v2 fine-tuned with two heads, one forward pass per sentence: directed stance "
        "between two marked mentions (Park et al. 2021) and portrayal of a marked target (NewsMTSC); runtime "
        "tasks/extract/encoder/sentence.py",
        "version": None,
        "file": ONNX_NAME,
        "sha256": None,
        "size_bytes": None,
        "tokenizer": TOKENIZER_NAME,
        "tokenizer_sha256": sha256_file(args.out / TOKENIZER_NAME),
        "labels": {"directed": list(DIRECTED_LABELS), "portrayal": list(PORTRAYAL_LABELS)},
        "directed_label_note": "e1 = mention i of a pair (i, j), the earlier mention in the text",
        "markers": list(MARKERS),
        "max_length": MAX_LENGTH,
        "onnx": {
            "opset": 17,
            "inputs": {
                "input_ids": "(B, L) int64",
                "attention_mask": "(B, L) int64",
                "pair_index": "(P, 3) int64 [batch_row, opener_pos_i, opener_pos_j]",
                "target_index": "(T, 2) int64 [batch_row, opener_pos]",
            },
            "outputs": {"directed_logits": "(P, 5)", "portrayal_logits": "(T, 3)"},
            "empty_indices_checked": True,
        },
        "quantisation": None,
        "graph_optimizer": None,
        "runtime": None,
        "shipped": None,
        "int8_within_0.01_of_fp32_on_both_tasks": None,
        "base_weights": base_weights_entry(base_version),
        "ner_augmentation": {
            **info["ner"],
            "keep_prob_per_epoch": HP["other_mention_keep_prob"],
            "dev": "all of the sentence's other PERSON/ORG/GPE/NORP mentions marked",
            "note": "spans overlapping the item's own spans (given or widened) dropped",
        },
        "training_data": data_files,
        "seed": SEED,
        "hyperparameters": {
            **HP,
            "lr": info["lr"],
            "epochs": info["epochs"],
            "directed_class_counts": info["class_counts"],
            "directed_class_weight_values": info["class_weight_values"],
            "torch_threads": args.threads,
        },
        "epochs": info["epochs"],
        "best_epoch": info["best_epoch"],
        "history": info["history"],
        "train_seconds_total": info["train_seconds_total"],
        "dev": None,
        "previous_shipped": None,
        "torch_version": torch_version,
        "trained_with": command_line("tasks.offline.encoder.train_sentence"),
        "limit": info["limit"],
    }


def stage_optimize(args: argparse.Namespace) -> None:
    """Re-quantise and re-ship the exported fp32 graph of the work directory, keeping the manifest's training fields."""
    from tasks.offline.encoder.optimize import ship

    fp32 = args.work_dir / "sentence.fp32.onnx"
    path = args.out / MANIFEST_NAME
    if not fp32.is_file() or not path.is_file():
        raise SystemExit(f"FATAL: --stage optimize needs {fp32} (from --stage export) and {path}")
    manifest = json.loads(path.read_text())
    manifest["optimized_with"] = command_line("tasks.offline.encoder.train_sentence")
    ship(args, fp32, args.out / TOKENIZER_NAME, manifest)
