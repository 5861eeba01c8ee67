"""Runtime for the one-pass-per-sentence stance encoder (v2; ONNX + tokenizers only, no torch).

One fine-tuned all-MiniLM-L6-v2 with two heads answers, in a single forward pass over a sentence, every directed
question (who holds which stance towards whom) and every portrayal question (how the sentence portrays a target)
about the entity mentions of that sentence:

- the text gets every mention wrapped in the two generic marker tokens ``[E] … [/E]`` (spans widened to word
  boundaries as in ``tasks.extract.encoder.runtime.widen_to_words``);
- ``sentence.onnx`` takes ``input_ids``, ``attention_mask`` (B, L), ``pair_index`` (P, 3) rows
  ``[batch_row, opener_i, opener_j]`` and ``target_index`` (T, 2) rows ``[batch_row, opener]`` (int64) and returns
  ``directed_logits`` (P, 5) in the order of ``DIRECTED_LABELS`` (e1 = mention i, the earlier one) and
  ``portrayal_logits`` (T, 3) in the order of ``PORTRAYAL_LABELS``.

The per-(sentence, pair) models of ``tasks.extract.encoder.runtime`` (v1) need one forward pass per question; this one
needs one per sentence that asks anything. The training code (``tasks.offline.encoder.train_sentence``) uses the same
marking and encoding functions. Importing this module loads nothing heavy (numpy, onnxruntime and tokenizers are
imported inside functions).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tasks.extract.encoder.runtime import (
    DEFAULT_MODEL_DIR,
    DIRECTED_LABELS,
    MAX_LENGTH,
    PORTRAYAL_LABELS,
    ArtifactError,
    _insert,
    _overlap,
    _softmax,
    _window,
    load_tokenizer,
    pad_batch,
    sha256_file,
    widen_to_words,
)

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = [
    "DIRECTED_LABELS",
    "MANIFEST_NAME",
    "MARKERS",
    "ONNX_NAME",
    "PORTRAYAL_LABELS",
    "TOKENIZER_NAME",
    "EncodedSentence",
    "SentenceEncoder",
    "SentenceInput",
    "encode_sentences",
    "load_sentence_encoder",
    "load_sentence_tokenizer",
    "mark_mentions",
]

OPEN, CLOSE = "[E]", "[/E]"
MARKERS = (OPEN, CLOSE)
ONNX_NAME = "sentence.onnx"
TOKENIZER_NAME = "sentence_tokenizer.json"
MANIFEST_NAME = "SENTENCE_MANIFEST.json"
# Padding allowed in a batch, as a share of its real tokens. Tuned on bench/bench_stances.py (the five seeds, one
# call per document): batches of 32 rows padded to their longest row were 45% padding; any limit in 0.05-0.25 cut
# the encoder's CPU time by about 40% (0.1 chosen; 0 is within noise).
MAX_PADDING = 0.1
# onnxruntime 1.32's CPU SkipLayerNormalization kernel is slower than the Add + LayerNormalization it replaces: 12-15%
# of the int8 model's CPU time on the seeds (one thread, interleaved A/B runs on this 2-core EPYC).
DISABLED_OPTIMIZERS = ("SkipLayerNormFusion",)


@dataclass(frozen=True, slots=True)
class SentenceInput:
    """A sentence, the entity mentions to mark in it and the questions asked about them.

    ``mentions``: character spans (end exclusive), sorted by start and non-overlapping. ``pairs``: (i, j) indices
    into ``mentions`` with i's span before j's (i < j): directed questions, e1 = mention i. ``targets``: indices into
    ``mentions``: portrayal questions.
    """

    text: str
    mentions: tuple[tuple[int, int], ...]
    pairs: tuple[tuple[int, int], ...] = ()
    targets: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class EncodedSentence:
    """Token ids ([CLS] … [SEP]) and the position of each mention's opener (-1 when cut off by the window)."""

    ids: list[int]
    openers: list[int]


# --------------------------------------------------------------------------------------------------------------
# Marking


def _check_mentions(text: str, mentions: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for k, m in enumerate(mentions):
        s, e = int(m[0]), int(m[1])
        if not 0 <= s < e <= len(text):
            raise ValueError(f"mention {k} span {tuple(m)!r} is empty or outside the text (length {len(text)})")
        if spans and s < spans[-1][0]:
            raise ValueError(f"mentions must be sorted by start: mention {k} {(s, e)} comes after {spans[-1]}")
        if spans and _overlap(spans[-1], (s, e)):
            raise ValueError(f"mention {k} span {(s, e)} overlaps mention {k - 1} span {spans[-1]}")
        spans.append((s, e))
    return spans


def widened_mentions(text: str, mentions: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The mentions widened to word boundaries; two that would then touch the same word are kept as given."""
    spans = _check_mentions(text, mentions)
    wide = [widen_to_words(text, s, e) for s, e in spans]
    for k in range(len(wide) - 1):
        if _overlap(wide[k], wide[k + 1]):
            wide[k], wide[k + 1] = spans[k], spans[k + 1]
    for k in range(len(wide) - 1):  # a reverted span can still meet its other (widened) neighbour
        if _overlap(wide[k], wide[k + 1]):
            wide[k], wide[k + 1] = spans[k], spans[k + 1]
    return wide


def _sanitize(text: str) -> str:
    """Literal marker strings in the text become same-length look-alikes so that openers stay countable."""
    return text.replace(OPEN, "(E)").replace(CLOSE, "(/E)")


def mark_mentions(text: str, mentions: Sequence[tuple[int, int]]) -> str:
    """Wrap every (word-widened) mention in ``[E] … [/E]``, in text order.

    Raises ValueError when a span is empty, outside the text, out of order or overlaps another.
    """
    wide = widened_mentions(text, mentions)
    return _insert(_sanitize(text), [(w, OPEN, CLOSE) for w in wide])


# --------------------------------------------------------------------------------------------------------------
# Tokenizing (shared with training)


def load_sentence_tokenizer(path: Path) -> Any:
    """The shipped tokenizer (base all-MiniLM-L6-v2 WordPiece plus ``[E]`` and ``[/E]``), no padding/truncation."""
    return load_tokenizer(path, MARKERS)


def encode_sentences(
    tok: Any,
    marked: Sequence[str],
    keep: Sequence[Sequence[int]],
    max_length: int = MAX_LENGTH,
) -> list[EncodedSentence]:
    """Encode marked texts to at most ``max_length`` ids, keeping the openers of the mentions in ``keep[n]``.

    A longer sentence is cut to a window (``tasks.extract.encoder.runtime._window``) that keeps the openers asked about;
    openers of other mentions outside the window get position -1.
    """
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    open_id = tok.token_to_id(OPEN)
    out: list[EncodedSentence] = []
    budget = max_length - 2
    # ids only: encode_batch_fast (tokenizers >= 0.20) skips the char offsets encode_batch tracks; the ids are the same
    encode = getattr(tok, "encode_batch_fast", tok.encode_batch)
    for enc, wanted in zip(encode(list(marked), add_special_tokens=False), keep, strict=True):
        ids = list(enc.ids)
        opener_pos = [i for i, t in enumerate(ids) if t == open_id]
        if len(ids) > budget:
            must = sorted({opener_pos[m] for m in wanted if 0 <= m < len(opener_pos)}) or opener_pos or [0]
            kept = _window(list(range(len(ids))), must, budget)
            where = {old: new for new, old in enumerate(kept)}
            ids = [ids[i] for i in kept]
            opener_pos = [where.get(p, -2) for p in opener_pos]
        out.append(EncodedSentence([cls_id, *ids, sep_id], [p + 1 if p >= 0 else -1 for p in opener_pos]))
    return out


# --------------------------------------------------------------------------------------------------------------
# Batching


def plan_batches(lengths: Sequence[int], batch_size: int, max_padding: float) -> list[tuple[int, int]]:
    """Cut lengths sorted ascending into [start, end) batches of at most ``batch_size`` rows.

    A batch also ends before the row that would make its padded size (rows x longest) exceed ``1 + max_padding``
    times its real tokens: padding costs as much as real tokens in the forward pass.
    """
    out: list[tuple[int, int]] = []
    start, real = 0, 0
    for k, n in enumerate(lengths):
        rows = k - start
        if rows and (rows >= batch_size or n * (rows + 1) > (1.0 + max_padding) * (real + n)):
            out.append((start, k))
            start, real = k, 0
        real += n
    if start < len(lengths):
        out.append((start, len(lengths)))
    return out


# --------------------------------------------------------------------------------------------------------------
# ONNX session


class SentenceEncoder:
    """The shipped one-pass-per-sentence encoder (see ``load_sentence_encoder``).

    Rows are sorted by length and batched by ``plan_batches``; ``max_padding=float("inf")`` and
    ``disabled_optimizers=()`` give the runtime before issue 11.7 (fixed batches of ``batch_size``, all fusions).
    """

    version: str

    def __init__(
        self,
        onnx_path: Path,
        tokenizer_path: Path,
        version: str = "unversioned",
        max_length: int = MAX_LENGTH,
        threads: int = 1,
        manifest: dict[str, Any] | None = None,
        max_padding: float = MAX_PADDING,
        disabled_optimizers: Sequence[str] = DISABLED_OPTIMIZERS,
    ):
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, int(threads))
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        self.session = ort.InferenceSession(
            str(onnx_path),
            sess_options=opts,
            providers=["CPUExecutionProvider"],
            disabled_optimizers=list(disabled_optimizers),
        )
        self.tokenizer = load_sentence_tokenizer(tokenizer_path)
        self.version = version
        self.max_length = int(max_length)
        self.max_padding = float(max_padding)
        self.manifest = manifest or {}

    def score(self, items: Sequence[SentenceInput], batch_size: int = 32) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Per item: directed softmax probs (len(pairs), 5) and portrayal softmax probs (len(targets), 3), float32.

        Items with no pairs and no targets get empty arrays without a forward pass. Raises ValueError on bad
        mentions or on a pair (i, j) with i >= j or an index outside ``mentions``. The int8 graph quantises
        activations per batch, so an item's probabilities move a little (up to ~0.3 on dev) with its batch-mates.
        """
        import numpy as np

        directed = [np.zeros((len(it.pairs), len(DIRECTED_LABELS)), dtype=np.float32) for it in items]
        portrayal = [np.zeros((len(it.targets), len(PORTRAYAL_LABELS)), dtype=np.float32) for it in items]
        asked: list[int] = []
        marked: list[str] = []
        keep: list[list[int]] = []
        for n, it in enumerate(items):
            for i, j in it.pairs:
                if not 0 <= i < j < len(it.mentions):
                    raise ValueError(f"item {n}: pair {(i, j)} must index two mentions with i < j")
            for t in it.targets:
                if not 0 <= t < len(it.mentions):
                    raise ValueError(f"item {n}: target {t} does not index a mention")
            text = mark_mentions(it.text, it.mentions)  # validates the mentions even when nothing is asked
            if not it.pairs and not it.targets:
                continue
            asked.append(n)
            marked.append(text)
            keep.append(sorted({m for p in it.pairs for m in p} | set(it.targets)))
        if not asked:
            return directed, portrayal
        encoded = encode_sentences(self.tokenizer, marked, keep, self.max_length)
        order = sorted(range(len(asked)), key=lambda k: len(encoded[k].ids))
        lengths = [len(encoded[k].ids) for k in order]
        d_parts: list[np.ndarray] = []
        p_parts: list[np.ndarray] = []
        for start, end in plan_batches(lengths, max(1, int(batch_size)), self.max_padding):
            chunk = order[start:end]
            ids, mask = pad_batch([encoded[k].ids for k in chunk])
            pair_rows: list[list[int]] = []
            target_rows: list[list[int]] = []
            for row, k in enumerate(chunk):
                it, op = items[asked[k]], encoded[k].openers
                pair_rows.extend([row, max(0, op[i]), max(0, op[j])] for i, j in it.pairs)
                target_rows.extend([row, max(0, op[t])] for t in it.targets)
            pair_index = np.asarray(pair_rows, dtype=np.int64).reshape(-1, 3)
            target_index = np.asarray(target_rows, dtype=np.int64).reshape(-1, 2)
            d_logits, p_logits = self.session.run(
                ["directed_logits", "portrayal_logits"],
                {"input_ids": ids, "attention_mask": mask, "pair_index": pair_index, "target_index": target_index},
            )
            d_parts.append(d_logits)
            p_parts.append(p_logits)
        # softmax works row by row: one call over every batch's logits gives each row what a call per batch gave
        d_probs = _probs(d_parts, len(DIRECTED_LABELS))
        p_probs = _probs(p_parts, len(PORTRAYAL_LABELS))
        dp = pp = 0
        for k in order:  # the batches' rows, in batch order
            n = asked[k]
            np_, nt = len(items[n].pairs), len(items[n].targets)
            directed[n] = d_probs[dp : dp + np_]
            portrayal[n] = p_probs[pp : pp + nt]
            dp += np_
            pp += nt
        return directed, portrayal


def _probs(parts: Sequence[np.ndarray], labels: int) -> np.ndarray:
    """Softmax probabilities (float32) of the logits of every batch, stacked in batch order."""
    import numpy as np

    logits = np.concatenate(parts) if parts else np.zeros((0, labels), np.float32)
    return _softmax(logits) if len(logits) else logits.astype(np.float32)


# --------------------------------------------------------------------------------------------------------------
# Loading the shipped artifact


def read_sentence_manifest(model_dir: Path) -> dict[str, Any]:
    with open(model_dir / MANIFEST_NAME, encoding="utf-8") as fh:
        return json.load(fh)


def verify_sentence_artifact(model_dir: Path, manifest: dict[str, Any]) -> None:
    """Check the model's and the tokenizer's sha256 against the manifest; raise ArtifactError naming the file."""
    for key, default in (("file", ONNX_NAME), ("tokenizer", TOKENIZER_NAME)):
        name = manifest.get(key, default)
        want = manifest.get("sha256" if key == "file" else "tokenizer_sha256")
        path = model_dir / name
        if not want:
            raise ArtifactError(f"{model_dir / MANIFEST_NAME}: no sha256 for {path}")
        digest = sha256_file(path)
        if digest != want:
            raise ArtifactError(f"{path}: sha256 {digest} does not match the manifest ({want})")


def load_sentence_encoder(model_dir: Path | None = None, threads: int = 1) -> SentenceEncoder | None:
    """The shipped sentence encoder, or None when sentence.onnx, its tokenizer or the manifest is missing.

    Raises ArtifactError naming the file when a sha256 does not match the manifest.
    """
    model_dir = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
    if not (model_dir / MANIFEST_NAME).is_file():
        return None
    manifest = read_sentence_manifest(model_dir)
    onnx_path = model_dir / manifest.get("file", ONNX_NAME)
    tok_path = model_dir / manifest.get("tokenizer", TOKENIZER_NAME)
    if not onnx_path.is_file() or not tok_path.is_file():
        return None
    verify_sentence_artifact(model_dir, manifest)
    return SentenceEncoder(
        onnx_path,
        tok_path,
        version=str(manifest.get("version", "unversioned")),
        max_length=int(manifest.get("max_length", MAX_LENGTH)),
        threads=threads,
        manifest=manifest,
    )
