"""Runtime for the shipped stance encoder (ONNX + tokenizers only; no torch).

Two fine-tuned all-MiniLM-L6-v2 models exported to ONNX share one tokenizer:

- ``directed.onnx``: a sentence with two marked entities ``[E1] … [/E1]`` and ``[E2] … [/E2]`` →
  5 logits in the order of ``DIRECTED_LABELS`` (who holds a positive/negative stance towards whom).
- ``portrayal.onnx``: a sentence with one marked target ``[T] … [/T]`` → 3 logits in the order of
  ``PORTRAYAL_LABELS`` (how the sentence portrays the target; the NewsMTSC task).

Both take ``input_ids`` and ``attention_mask`` (int64, batch × sequence) and return ``logits``. The
marker positions are found inside the graph, so the caller only has to insert the markers into the text
(``mark_pair`` / ``mark_target``) and tokenize. The training code (``tasks.offline.encoder.train``) uses the same
marking and encoding functions, so what the runtime feeds the model is what it was trained on.

The shipped models are int8 (dynamic quantisation: one activation scale per tensor), so a row's probabilities
move slightly (≈1e-2 at most) with the other rows of its batch; labels with a clear margin do not.

Heavy imports (numpy, onnxruntime, tokenizers) happen inside functions: importing this module loads nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

DIRECTED_LABELS = ("neutral", "e1_pos_e2", "e2_pos_e1", "e1_neg_e2", "e2_neg_e1")
PORTRAYAL_LABELS = ("negative", "neutral", "positive")
DEFAULT_MODEL_DIR: Path = Path(__file__).resolve().parent / "model"

MARKERS = ("[E1]", "[/E1]", "[E2]", "[/E2]", "[T]", "[/T]")
MAX_LENGTH = 128
MANIFEST_NAME = "MANIFEST.json"
TOKENIZER_NAME = "tokenizer.json"


@dataclass(frozen=True, slots=True)
class PairInput:
    """Directed task: a text and two character spans in it (end exclusive); e1 need not precede e2."""

    text: str
    e1: tuple[int, int]
    e2: tuple[int, int]


@dataclass(frozen=True, slots=True)
class TargetInput:
    """Portrayal task: a text and the character span of the target (end exclusive)."""

    text: str
    target: tuple[int, int]


class ArtifactError(RuntimeError):
    """The shipped artifact is present but inconsistent (sha256 mismatch, bad manifest)."""


# --------------------------------------------------------------------------------------------------------------
# Marking


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _check_span(text: str, span: tuple[int, int], name: str) -> tuple[int, int]:
    start, end = int(span[0]), int(span[1])
    if not 0 <= start < end <= len(text):
        raise ValueError(f"{name} span {span!r} is empty or outside the text (length {len(text)})")
    return start, end


def widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim surrounding whitespace and widen ``[start, end)`` so it neither starts nor ends inside a word.

    "Fox New" in "Fox News said" → "Fox News"; "ander" in "Sanders" → "Sanders". A word is a run of
    alphanumeric characters or underscores, so "Trump" in "Trump’s" stays "Trump".
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    s, e = start, end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if s == e:
        return start, end
    while s > 0 and _is_word(text[s - 1]) and _is_word(text[s]):
        s -= 1
    while e < len(text) and _is_word(text[e - 1]) and _is_word(text[e]):
        e += 1
    return s, e


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _insert(text: str, spans: list[tuple[tuple[int, int], str, str]]) -> str:
    """Wrap each (span, open, close) in ``text``; spans must not overlap."""
    out: list[str] = []
    pos = 0
    for (s, e), op, cl in sorted(spans, key=lambda t: t[0]):
        out.append(text[pos:s])
        out.append(f"{op} {text[s:e]} {cl}")
        pos = e
    out.append(text[pos:])
    return "".join(out)


def mark_pair(text: str, e1: tuple[int, int], e2: tuple[int, int]) -> str:
    """Wrap e1 in ``[E1] … [/E1]`` and e2 in ``[E2] … [/E2]`` (either order), after widening both to words.

    Raises ValueError when the spans overlap, are empty or fall outside the text. If widening makes two
    disjoint spans touch the same word, the given spans are used as they are.
    """
    a = _check_span(text, e1, "e1")
    b = _check_span(text, e2, "e2")
    if _overlap(a, b):
        raise ValueError(f"e1 span {a} and e2 span {b} overlap")
    wa, wb = widen_to_words(text, *a), widen_to_words(text, *b)
    if _overlap(wa, wb):
        wa, wb = a, b
    return _insert(text, [(wa, "[E1]", "[/E1]"), (wb, "[E2]", "[/E2]")])


def mark_target(text: str, target: tuple[int, int]) -> str:
    """Wrap the (word-widened) target in ``[T] … [/T]``."""
    t = _check_span(text, target, "target")
    return _insert(text, [(widen_to_words(text, *t), "[T]", "[/T]")])


# --------------------------------------------------------------------------------------------------------------
# Tokenizing (shared with training)


def load_tokenizer(path: Path, markers: Sequence[str] = MARKERS) -> Any:
    """A shipped tokenizer (base all-MiniLM-L6-v2 WordPiece plus its marker tokens), no padding/truncation."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.no_padding()
    tok.no_truncation()
    for m in markers:
        if tok.token_to_id(m) is None:
            raise ArtifactError(f"{path}: marker token {m} missing from the tokenizer")
    return tok


def _window(ids: list[int], keep: list[int], budget: int) -> list[int]:
    """Cut ``budget`` tokens out of ``ids`` keeping every position in ``keep`` (marker positions)."""
    n = len(ids)
    if n <= budget:
        return ids
    lo, hi = min(keep), max(keep)
    if hi - lo + 1 <= budget:
        slack = budget - (hi - lo + 1)
        start = max(0, min(lo - slack // 2, n - budget))
        return ids[start : start + budget]
    # The markers lie further apart than the budget: keep a window around each opening marker.
    opens = sorted(keep)
    per = budget // len(opens)
    chosen: set[int] = set()
    for p in opens:
        start = max(0, min(p - per // 2, n - per))
        chosen.update(range(start, start + per))
    return [ids[i] for i in sorted(chosen)][:budget]


def encode_marked(
    tok: Any, texts: Sequence[str], openers: Sequence[str], max_length: int = MAX_LENGTH
) -> list[list[int]]:
    """Token ids ([CLS] … [SEP]) of marked texts, each at most ``max_length``, keeping the opening markers."""
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    open_ids = [tok.token_to_id(m) for m in openers]
    marker_ids = {tok.token_to_id(m) for m in MARKERS}
    out: list[list[int]] = []
    for enc in tok.encode_batch(list(texts), add_special_tokens=False):
        ids = list(enc.ids)
        budget = max_length - 2
        if len(ids) > budget:
            keep = [i for i, t in enumerate(ids) if t in open_ids]
            if not keep:
                keep = [i for i, t in enumerate(ids) if t in marker_ids] or [0]
            ids = _window(ids, keep, budget)
        out.append([cls_id, *ids, sep_id])
    return out


def pad_batch(seqs: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Right-padded int64 ``input_ids`` and ``attention_mask`` (pad id 0)."""
    import numpy as np

    width = max((len(s) for s in seqs), default=1)
    ids = np.zeros((len(seqs), width), dtype=np.int64)
    mask = np.zeros((len(seqs), width), dtype=np.int64)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = s
        mask[i, : len(s)] = 1
    return ids, mask


# --------------------------------------------------------------------------------------------------------------
# ONNX sessions


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _softmax(x: np.ndarray) -> np.ndarray:
    import numpy as np

    x = x.astype(np.float32, copy=False)
    z = x - x.max(axis=1, keepdims=True)
    e = np.exp(z)
    return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)


class OnnxClassifier:
    """One ONNX model plus the tokenizer: marked texts → softmax probabilities, in input order."""

    def __init__(self, onnx_path: Path, tokenizer: Any, openers: Sequence[str], n_labels: int, threads: int = 1):
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, int(threads))
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        self.session = ort.InferenceSession(str(onnx_path), sess_options=opts, providers=["CPUExecutionProvider"])
        self.tokenizer = tokenizer
        self.openers = tuple(openers)
        self.n_labels = n_labels

    def predict_marked(self, texts: Sequence[str], batch_size: int = 32, max_length: int = MAX_LENGTH) -> np.ndarray:
        import numpy as np

        out = np.zeros((len(texts), self.n_labels), dtype=np.float32)
        if not texts:
            return out
        seqs = encode_marked(self.tokenizer, texts, self.openers, max_length)
        order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
        bs = max(1, int(batch_size))
        for k in range(0, len(order), bs):
            idx = order[k : k + bs]
            ids, mask = pad_batch([seqs[i] for i in idx])
            (logits,) = self.session.run(["logits"], {"input_ids": ids, "attention_mask": mask})
            out[idx] = _softmax(logits)
        return out


class StanceEncoder:
    """The shipped directed and portrayal models (see ``load_stance_encoder``)."""

    directed_version: str
    portrayal_version: str

    def __init__(self, model_dir: Path, manifest: dict[str, Any], threads: int = 1):
        tok = load_tokenizer(model_dir / TOKENIZER_NAME)
        models = manifest["models"]
        self.manifest = manifest
        self.max_length = int(manifest.get("max_length", MAX_LENGTH))
        self.directed_version = str(models["directed"]["version"])
        self.portrayal_version = str(models["portrayal"]["version"])
        self._directed = OnnxClassifier(
            model_dir / models["directed"]["file"], tok, ("[E1]", "[E2]"), len(DIRECTED_LABELS), threads
        )
        self._portrayal = OnnxClassifier(
            model_dir / models["portrayal"]["file"], tok, ("[T]",), len(PORTRAYAL_LABELS), threads
        )

    def directed(self, items: Sequence[PairInput], batch_size: int = 32) -> np.ndarray:
        """(n, 5) softmax probabilities in the order of ``DIRECTED_LABELS``."""
        texts = [mark_pair(it.text, it.e1, it.e2) for it in items]
        return self._directed.predict_marked(texts, batch_size, self.max_length)

    def portrayal(self, items: Sequence[TargetInput], batch_size: int = 32) -> np.ndarray:
        """(n, 3) softmax probabilities in the order of ``PORTRAYAL_LABELS``."""
        texts = [mark_target(it.text, it.target) for it in items]
        return self._portrayal.predict_marked(texts, batch_size, self.max_length)


def read_manifest(model_dir: Path) -> dict[str, Any]:
    with open(model_dir / MANIFEST_NAME, encoding="utf-8") as fh:
        return json.load(fh)


def verify_artifact(model_dir: Path, manifest: dict[str, Any]) -> None:
    """Check each model file's sha256 against the manifest; raise ArtifactError naming the file otherwise."""
    for task in ("directed", "portrayal"):
        entry = manifest.get("models", {}).get(task)
        if not entry or "file" not in entry or "sha256" not in entry:
            raise ArtifactError(f"{model_dir / MANIFEST_NAME}: no file/sha256 entry for the {task} model")
        path = model_dir / entry["file"]
        if not path.is_file():
            raise ArtifactError(f"{path}: listed in the manifest but missing")
        digest = sha256_file(path)
        if digest != entry["sha256"]:
            raise ArtifactError(f"{path}: sha256 {digest} does not match the manifest ({entry['sha256']})")
    tok_sha = manifest.get("tokenizer_sha256")
    if tok_sha is not None:
        path = model_dir / TOKENIZER_NAME
        digest = sha256_file(path)
        if digest != tok_sha:
            raise ArtifactError(f"{path}: sha256 {digest} does not match the manifest ({tok_sha})")


def load_stance_encoder(model_dir: Path | None = None, threads: int = 1) -> StanceEncoder | None:
    """The shipped encoder, or None when the artifact files are missing (caller falls back and says so).

    Raises ArtifactError when the files are there but a checksum does not match the manifest.
    """
    model_dir = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
    if not (model_dir / MANIFEST_NAME).is_file() or not (model_dir / TOKENIZER_NAME).is_file():
        return None
    manifest = read_manifest(model_dir)
    models = manifest.get("models", {})
    if not all((model_dir / models.get(t, {}).get("file", f"{t}.onnx")).is_file() for t in ("directed", "portrayal")):
        return None
    verify_artifact(model_dir, manifest)
    return StanceEncoder(model_dir, manifest, threads)
