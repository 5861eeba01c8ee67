"""Train and export the one-pass-per-sentence stance encoder (v2; offline, needs the ``train`` extra).

One all-MiniLM-L6-v2 encoder with two heads over a sentence whose entity mentions are all wrapped in ``[E] … [/E]``
(see ``tasks.extract.encoder.sentence``): a directed head over [CLS] ⊕ opener(i) ⊕ opener(j) (5 labels, e1 = the earlier
mention) and a portrayal head over [CLS] ⊕ opener(target) (3 labels). Multi-task: each step is one batch of one
task, the tasks interleaved in proportion to their sizes.

Stages (``make train-sentence`` runs them all)::

    D=../shared/eval/stance
    .venv/bin/python -m tasks.offline.encoder.train_sentence --stage ner --data-dir $D
    HF_HUB_OFFLINE=1 .venv-train/bin/python -m tasks.offline.encoder.train_sentence --stage train --data-dir $D
    HF_HUB_OFFLINE=1 .venv-train/bin/python -m tasks.offline.encoder.train_sentence --stage export --data-dir $D
    HF_HUB_OFFLINE=1 .venv-train/bin/python -m tasks.offline.encoder.train_sentence --stage optimize --data-dir $D
    # (optimize re-ships the artifact with the faster runtime settings)

``ner`` runs the project's spaCy pipeline (``tasks.nlp.pipeline.build_nlp``) once over the train and dev sentences
and caches the PERSON/ORG/GPE/NORP spans under /tmp: at run time every actor mention of a sentence is marked, so in
training the other named mentions of the sentence are marked too (each kept with probability 0.7 per epoch; on dev
all of them). ``train`` keeps the epoch with the best mean of the two dev macro-F1s (directed on the items that are
not train copies). ``export`` writes ONNX (opset 17) and hands it to ``tasks.offline.encoder.optimize.ship``, which
quantises it to int8, evaluates fp32 and int8 on dev through the runtime module, ships int8 when both tasks stay
within 0.01 macro-F1 of fp32, and writes ``sentence.onnx`` and ``SENTENCE_MANIFEST.json`` (with fixture outputs on
hand-written sentences, the runtime's settings, the shift from the previously shipped model and a CPU speed line).
``optimize`` does the same from the fp32 graph already exported to the work directory (no torch), keeping the
manifest's training fields; ``--graph-optimizer`` adds onnxruntime's transformer graph optimizer before quantising.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tasks.extract.encoder.runtime import DEFAULT_MODEL_DIR
from tasks.extract.encoder.sentence import TOKENIZER_NAME
from tasks.offline.encoder.common import BASE_PACKAGE, base_model_dir, log
from tasks.offline.encoder.sentence_data import NER_CACHE, stage_ner
from tasks.offline.encoder.sentence_export import stage_export, stage_optimize
from tasks.offline.encoder.sentence_model import HP, build_tokenizer, stage_train


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, default=Path("../shared/eval/stance"))
    ap.add_argument("--out", type=Path, default=DEFAULT_MODEL_DIR)
    ap.add_argument("--work-dir", type=Path, default=Path("bench/out/sentence_work"))
    ap.add_argument("--ner-cache", type=Path, default=NER_CACHE)
    ap.add_argument("--stage", choices=["ner", "train", "export", "optimize", "bench", "all"], default="all")
    ap.add_argument(
        "--graph-optimizer",
        action="store_true",
        help="run onnxruntime's transformer graph optimizer before quantising (tried for issue 11.7: slower here)",
    )
    ap.add_argument("--epochs", type=int, default=0, help=f"override the epoch count ({HP['epochs']})")
    ap.add_argument("--lr", type=float, default=HP["lr"])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="smoke test: first N train and dev items of each task")
    args = ap.parse_args(argv)

    if args.stage == "ner":
        stage_ner(args)
        return
    if args.stage == "bench":
        from tasks.offline.encoder.optimize import bench

        bench(args.out, args.data_dir, args.ner_cache)
        return
    if args.stage == "optimize":
        stage_optimize(args)
        return
    import torch

    torch.set_num_threads(args.threads)
    base, base_version = base_model_dir()
    log(f"base weights {BASE_PACKAGE} {base_version} at {base} (sha256 ok); torch {torch.__version__}")
    tok_path = args.out / TOKENIZER_NAME
    if args.stage in ("train", "all"):
        build_tokenizer(base, tok_path)
        stage_train(args, base, tok_path)
    if args.stage in ("export", "all"):
        stage_export(args, base, base_version, tok_path)
    log("done")


if __name__ == "__main__":
    main()
