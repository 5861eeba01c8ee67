"""Train and export the one-pass-per-sentence stance encoder (v2; offline, needs the ``train`` extra).

One all-MiniLM-L6-v2 encoder with two heads over a sentence whose entity mentions are all wrapped in ``[E] … [/E]``
(see ``tasks.encoder.sentence``): a directed head over [CLS] ⊕ opener(i) ⊕ opener(j) (5 labels, e1 = the earlier
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
import copy
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

from tasks.encoder.runtime import (
    DEFAULT_MODEL_DIR,
    DIRECTED_LABELS,
    MAX_LENGTH,
    PORTRAYAL_LABELS,
    _overlap,
    pad_batch,
    sha256_file,
    widen_to_words,
)
from tasks.encoder.sentence import (
    MANIFEST_NAME,
    MARKERS,
    ONNX_NAME,
    TOKENIZER_NAME,
    SentenceEncoder,
    SentenceInput,
    encode_sentences,
    load_sentence_tokenizer,
    mark_mentions,
)
from tasks.offline.encoder.train import (
    BASE_PACKAGE,
    BASE_SAFETENSORS_SHA256,
    SEED,
    _batches,
    base_model_dir,
    dev_figures,
    headline,
    log,
    read_jsonl,
    seed_everything,
)
from tasks.offline.encoder.train import build_tokenizer as _build_tokenizer

NER_LABELS = ("PERSON", "ORG", "GPE", "NORP")
NER_CACHE = Path("/tmp/stancewire_sentence_ner.json")
FILES = {
    "directed": {"train": "directed_train.jsonl", "dev": "directed_dev.jsonl", "labels": DIRECTED_LABELS},
    "portrayal": {"train": "train.jsonl", "dev": "dev.jsonl", "labels": PORTRAYAL_LABELS},
}
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
    "spans": "widened to word boundaries (tasks.encoder.runtime.widen_to_words)",
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


# --------------------------------------------------------------------------------------------------------------
# Model


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
    with torch.no_grad():  # new marker embeddings start at the mean of the base vocabulary
        emb = model.bert.get_input_embeddings().weight
        base_n = emb.shape[0] - len(MARKERS)
        emb[base_n:] = emb[:base_n].mean(dim=0, keepdim=True)
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


def full_predictions(data: TaskData, pred_ok: list[int]) -> list[int]:
    neutral = FILES[data.task]["labels"].index("neutral")
    pred = [neutral] * len(data.rows)
    for i, p in zip(data.ok, pred_ok, strict=True):
        pred[i] = p
    return pred


def interleave(n_a: int, n_b: int) -> list[int]:
    """0/1 task order spreading n_a zeros and n_b ones evenly."""
    keys = [((k + 0.5) / n_a, 0) for k in range(n_a)] + [((k + 0.5) / n_b, 1) for k in range(n_b)]
    return [t for _, t in sorted(keys)]


def load_data(args: argparse.Namespace, ner: dict[str, list[list[Any]]]) -> dict[str, dict[str, TaskData]]:
    out: dict[str, dict[str, TaskData]] = {}
    for task, cfg in FILES.items():
        tr = read_jsonl(args.data_dir / cfg["train"])
        dv = read_jsonl(args.data_dir / cfg["dev"])
        if args.limit:
            tr, dv = tr[: args.limit], dv[: args.limit]
        out[task] = {"train": TaskData(task, tr, ner), "dev": TaskData(task, dv, ner)}
    return out


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
    w = [c**-0.5 for c in counts]
    mean = sum(w[c] * counts[c] for c in range(len(counts))) / sum(counts)
    weights = torch.tensor([x / mean for x in w], dtype=torch.float32)
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
    warm = max(1, round(HP["warmup_share"] * total))
    no_decay = ("bias", "LayerNorm.weight", "layer_norm")
    groups = [
        {
            "params": [p for n, p in model.named_parameters() if not any(k in n for k in no_decay)],
            "weight_decay": HP["weight_decay"],
        },
        {"params": [p for n, p in model.named_parameters() if any(k in n for k in no_decay)], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups, lr=args.lr)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (total - s) / max(1, total - warm))
    )
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
            per_task[task] = (items, enc, ys, _batches([len(e.ids) for e in enc], bs, rng))
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


# --------------------------------------------------------------------------------------------------------------
# Export, quantise, evaluate through the runtime, ship


def export_onnx(model: Any, tok: Any, path: Path) -> None:
    import torch

    sample = fixture_inputs()[:2]
    enc = encode_inputs(tok, sample)
    inputs = batch_tensors(enc, sample)
    with torch.inference_mode():
        torch.onnx.export(
            model,
            inputs,
            str(path),
            input_names=["input_ids", "attention_mask", "pair_index", "target_index"],
            output_names=["directed_logits", "portrayal_logits"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "sequence"},
                "attention_mask": {0: "batch", 1: "sequence"},
                "pair_index": {0: "pairs"},
                "target_index": {0: "targets"},
                "directed_logits": {0: "pairs"},
                "portrayal_logits": {0: "targets"},
            },
            opset_version=17,
            do_constant_folding=True,
            dynamo=False,
        )


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
        "tasks/encoder/sentence.py",
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
        "base_weights": {
            "package": BASE_PACKAGE,
            "version": base_version,
            "safetensors_sha256": BASE_SAFETENSORS_SHA256,
            "licence": "MIT",
        },
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
        "trained_with": f"python -m tasks.offline.encoder.train_sentence {' '.join(sys.argv[1:])}".strip(),
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
    manifest["optimized_with"] = f"python -m tasks.offline.encoder.train_sentence {' '.join(sys.argv[1:])}".strip()
    ship(args, fp32, args.out / TOKENIZER_NAME, manifest)


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
