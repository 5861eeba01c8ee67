"""The one-pass-per-sentence encoder (v2): marking several mentions, the shipped artifact, and its batching."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from tasks.extract.encoder.runtime import DEFAULT_MODEL_DIR, ArtifactError
from tasks.extract.encoder.sentence import (
    DISABLED_OPTIMIZERS,
    MANIFEST_NAME,
    MAX_PADDING,
    ONNX_NAME,
    TOKENIZER_NAME,
    SentenceInput,
    load_sentence_encoder,
    mark_mentions,
    plan_batches,
)

HAS_ARTIFACT = all((DEFAULT_MODEL_DIR / n).is_file() for n in (MANIFEST_NAME, ONNX_NAME, TOKENIZER_NAME))
needs_artifact = pytest.mark.skipif(not HAS_ARTIFACT, reason="sentence encoder artifact not shipped")

# --------------------------------------------------------------------------------------------------------------
# Marking


def test_mark_mentions_wraps_every_mention_in_order() -> None:
    text = "Alice praised Bob and Carol."
    assert (
        mark_mentions(text, [(0, 5), (14, 17), (22, 27)]) == "[E] Alice [/E] praised [E] Bob [/E] and [E] Carol [/E]."
    )


def test_mark_mentions_widens_to_words() -> None:
    text = "Fox News attacked Sanders and Obama."
    out = mark_mentions(text, [(0, 7), (19, 24), (30, 35)])
    assert out == "[E] Fox News [/E] attacked [E] Sanders [/E] and [E] Obama [/E]."


def test_mark_mentions_keeps_given_spans_when_widening_would_merge_them() -> None:
    assert mark_mentions("AlphaBeta met Gamma.", [(0, 5), (5, 9), (14, 19)]) == (
        "[E] Alpha [/E][E] Beta [/E] met [E] Gamma [/E]."
    )


def test_mark_mentions_rejects_overlap_disorder_and_bad_spans() -> None:
    text = "Alice praised Bob."
    with pytest.raises(ValueError, match="overlaps"):
        mark_mentions(text, [(0, 5), (3, 8)])
    with pytest.raises(ValueError, match="sorted"):
        mark_mentions(text, [(14, 17), (0, 5)])
    with pytest.raises(ValueError, match="outside"):
        mark_mentions(text, [(14, 40)])
    with pytest.raises(ValueError, match="empty"):
        mark_mentions(text, [(3, 3)])


def test_mark_mentions_neutralises_literal_markers() -> None:
    assert mark_mentions("[E] Bob left.", [(4, 7)]) == "(E) [E] Bob [/E] left."


def test_no_mentions_leaves_text() -> None:
    assert mark_mentions("Nothing here.", []) == "Nothing here."


# --------------------------------------------------------------------------------------------------------------
# Artifact


def test_missing_artifact_gives_none(tmp_path: Path) -> None:
    assert load_sentence_encoder(tmp_path) is None
    if HAS_ARTIFACT:  # manifest present but the model file missing
        shutil.copy(DEFAULT_MODEL_DIR / MANIFEST_NAME, tmp_path / MANIFEST_NAME)
        shutil.copy(DEFAULT_MODEL_DIR / TOKENIZER_NAME, tmp_path / TOKENIZER_NAME)
        assert load_sentence_encoder(tmp_path) is None


@needs_artifact
def test_tampered_artifact_raises_naming_the_file(tmp_path: Path) -> None:
    for n in (MANIFEST_NAME, ONNX_NAME, TOKENIZER_NAME):
        shutil.copy(DEFAULT_MODEL_DIR / n, tmp_path / n)
    manifest = json.loads((tmp_path / MANIFEST_NAME).read_text())
    manifest["sha256"] = "0" * 64
    (tmp_path / MANIFEST_NAME).write_text(json.dumps(manifest))
    with pytest.raises(ArtifactError, match=ONNX_NAME):
        load_sentence_encoder(tmp_path)


@pytest.fixture(scope="module")
def encoder():  # type: ignore[no-untyped-def]
    if not HAS_ARTIFACT:
        pytest.skip("sentence encoder artifact not shipped")
    enc = load_sentence_encoder(threads=1)
    assert enc is not None
    return enc


def test_shipped_artifact_reproduces_export_outputs(encoder) -> None:  # type: ignore[no-untyped-def]
    manifest = encoder.manifest
    assert encoder.version == manifest["version"]
    assert encoder.version.startswith("minilm-sentence-") and encoder.version.endswith(manifest["sha256"][:10])
    fixtures = manifest["fixtures"]["items"]
    assert len(fixtures) >= 5
    items = [
        SentenceInput(f["text"], tuple(map(tuple, f["mentions"])), tuple(map(tuple, f["pairs"])), tuple(f["targets"]))
        for f in fixtures
    ]
    directed, portrayal = encoder.score(items)
    labels = manifest["labels"]
    for f, d, p in zip(fixtures, directed, portrayal, strict=True):
        assert d.shape == (len(f["pairs"]), 5) and p.shape == (len(f["targets"]), 3)
        assert [labels["directed"][int(r.argmax())] for r in d] == f["directed_labels"]
        assert [labels["portrayal"][int(r.argmax())] for r in p] == f["portrayal_labels"]
        np.testing.assert_allclose(d, np.asarray(f["directed_probs"]).reshape(-1, 5), atol=1e-4, rtol=0)
        np.testing.assert_allclose(p, np.asarray(f["portrayal_probs"]).reshape(-1, 3), atol=1e-4, rtol=0)


def test_manifest_fixtures_came_from_this_runtime(encoder) -> None:  # type: ignore[no-untyped-def]
    runtime = encoder.manifest["runtime"]  # int8 outputs move with batching: fixtures need the same settings
    assert runtime["max_padding"] == MAX_PADDING == encoder.max_padding
    assert tuple(runtime["disabled_optimizers"]) == DISABLED_OPTIMIZERS


def test_scores_do_not_depend_on_batching(encoder) -> None:  # type: ignore[no-untyped-def]
    text = "Senator Ramirez praised Governor Holt, while Mayor Chen stayed silent."
    item = SentenceInput(text, ((8, 15), (33, 37), (51, 55)), ((0, 1), (0, 2), (1, 2)), (0, 2))
    short = SentenceInput("Holt won.", ((0, 4),), (), (0,))
    alone_d, alone_p = encoder.score([item])
    mixed_d, mixed_p = encoder.score([short, item, short], batch_size=2)
    np.testing.assert_allclose(mixed_d[1], alone_d[0], atol=1e-4, rtol=0)
    np.testing.assert_allclose(mixed_p[1], alone_p[0], atol=1e-4, rtol=0)
    assert abs(float(alone_d[0].sum()) - 3.0) < 1e-4


def test_item_without_questions_gets_empty_arrays(encoder) -> None:  # type: ignore[no-untyped-def]
    d, p = encoder.score([SentenceInput("Alice met Bob.", ((0, 5), (10, 13)))])
    assert d[0].shape == (0, 5) and p[0].shape == (0, 3)
    assert d[0].dtype.name == "float32" and p[0].dtype.name == "float32"


def test_only_directed_or_only_portrayal_questions(encoder) -> None:  # type: ignore[no-untyped-def]
    spans = ((0, 5), (10, 13))
    d, p = encoder.score(
        [SentenceInput("Alice met Bob.", spans, ((0, 1),)), SentenceInput("Alice met Bob.", spans, (), (1,))]
    )
    assert d[0].shape == (1, 5) and p[0].shape == (0, 3)
    assert d[1].shape == (0, 5) and p[1].shape == (1, 3)


def test_bad_questions_raise(encoder) -> None:  # type: ignore[no-untyped-def]
    spans = ((0, 5), (10, 13))
    with pytest.raises(ValueError, match="i < j"):
        encoder.score([SentenceInput("Alice met Bob.", spans, ((1, 0),))])
    with pytest.raises(ValueError, match="target"):
        encoder.score([SentenceInput("Alice met Bob.", spans, (), (2,))])


class _CountingSession:
    def __init__(self, session):  # type: ignore[no-untyped-def]
        self.session = session
        self.rows = 0
        self.calls = 0

    def run(self, names, feeds):  # type: ignore[no-untyped-def]
        self.calls += 1
        self.rows += int(feeds["input_ids"].shape[0])
        return self.session.run(names, feeds)


def test_one_forward_row_per_sentence_with_questions(encoder, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    counter = _CountingSession(encoder.session)
    monkeypatch.setattr(encoder, "session", counter)
    text = "Senator Ramirez praised Governor Holt, while Mayor Chen stayed silent."
    spans = ((8, 15), (33, 37), (51, 55))
    items = [
        SentenceInput(text, spans, ((0, 1), (0, 2), (1, 2)), (0, 1, 2)),  # six questions, one row
        SentenceInput(text, spans),  # no questions: no row
        SentenceInput("Alice met Bob.", ((0, 5), (10, 13)), ((0, 1),)),
        SentenceInput("Holt won.", ((0, 4),), (), (0,)),
    ]
    d, p = encoder.score(items * 10, batch_size=8)
    assert counter.rows == 30  # 3 items with questions x 10
    assert counter.calls == 6  # three lengths, never batched together (padding), each 10 rows as 8 + 2
    assert [x.shape[0] for x in d[:4]] == [3, 0, 1, 0] and [x.shape[0] for x in p[:4]] == [3, 0, 0, 1]


class _RecordingSession(_CountingSession):
    def __init__(self, session):  # type: ignore[no-untyped-def]
        super().__init__(session)
        self.seen: list[tuple[dict, list]] = []

    def run(self, names, feeds):  # type: ignore[no-untyped-def]
        out = super().run(names, feeds)
        self.seen.append((feeds, out))
        return out


def test_each_item_gets_the_softmax_of_its_own_logit_rows(encoder, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tasks.extract.encoder.runtime import _softmax

    recorder = _RecordingSession(encoder.session)
    monkeypatch.setattr(encoder, "session", recorder)
    names = ("Holt", "Chen", "Ramirez", "Lopez", "Okafor", "Singh")
    items = [SentenceInput(f"{a} met {b} today.", ((0, len(a)), (len(a) + 5, len(a) + 5 + len(b))), ((0, 1),), (1,))
             for a in names for b in names if a != b]  # fmt: skip
    d, p = encoder.score(items, batch_size=4)
    assert recorder.calls > 2  # several batches; the softmax is taken once over all of them
    expected: dict[tuple[int, ...], tuple[np.ndarray, np.ndarray]] = {}
    for feeds, (d_logits, p_logits) in recorder.seen:
        for row, (ids, mask) in enumerate(zip(feeds["input_ids"], feeds["attention_mask"], strict=True)):
            key = tuple(int(t) for t in ids[mask.astype(bool)])
            pairs, targets = feeds["pair_index"][:, 0] == row, feeds["target_index"][:, 0] == row
            expected[key] = (_softmax(d_logits[pairs]), _softmax(p_logits[targets]))
    assert len(expected) == len(items)
    encoded = [encoder.tokenizer.encode(mark_mentions(it.text, it.mentions)).ids for it in items]
    for ids, dd, pp in zip(encoded, d, p, strict=True):
        want_d, want_p = expected[tuple(ids)]
        assert np.array_equal(dd, want_d) and np.array_equal(pp, want_p)


def test_plan_batches_bounds_rows_and_padding() -> None:
    lengths = [10, 10, 11, 12, 20, 21, 40]
    assert plan_batches(lengths, 32, 0.1) == [(0, 3), (3, 4), (4, 6), (6, 7)]  # 4 x 12 > 1.1 x 43
    assert plan_batches(lengths, 2, 0.1) == [(0, 2), (2, 4), (4, 6), (6, 7)]
    assert plan_batches(lengths, 32, float("inf")) == [(0, 7)]  # the runtime before issue 11.7
    assert plan_batches(lengths, 3, float("inf")) == [(0, 3), (3, 6), (6, 7)]
    assert plan_batches([], 32, 0.1) == []
    for start, end in plan_batches(lengths, 32, 0.1):
        rows = lengths[start:end]
        assert max(rows) * len(rows) <= 1.1 * sum(rows)


def test_no_questions_no_session_call(encoder, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    counter = _CountingSession(encoder.session)
    monkeypatch.setattr(encoder, "session", counter)
    d, p = encoder.score([SentenceInput("Alice met Bob.", ((0, 5), (10, 13)))] * 3)
    assert counter.calls == 0 and len(d) == len(p) == 3


def test_importing_the_runtime_loads_nothing_heavy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, tasks.extract.encoder.sentence; "
        "print(any(m in sys.modules for m in ('onnxruntime', 'tokenizers', 'numpy', 'torch')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
