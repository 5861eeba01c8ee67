"""The stance encoder's runtime: marker insertion, the shipped ONNX artifact, and a tampered or missing one."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tasks.extract.encoder import (
    DEFAULT_MODEL_DIR,
    DIRECTED_LABELS,
    PORTRAYAL_LABELS,
    ArtifactError,
    PairInput,
    TargetInput,
    load_stance_encoder,
    mark_pair,
    mark_target,
    widen_to_words,
)

ROOT = Path(__file__).resolve().parents[2]

# --------------------------------------------------------------------------------------------------------------
# Marking


def test_widen_to_words() -> None:
    text = "Fox News attacked Sanders’s plan."
    assert widen_to_words(text, 0, 7) == (0, 8)  # "Fox New" -> "Fox News"
    assert widen_to_words(text, 19, 23) == (18, 25)  # "ande" -> "Sanders"
    assert widen_to_words(text, 18, 25) == (18, 25)  # a whole word stays
    assert text[slice(*widen_to_words(text, 18, 26))] == "Sanders’"  # punctuation at the edge is kept, not widened
    assert widen_to_words(" Bob ", 0, 5) == (1, 4)  # surrounding whitespace trimmed
    assert widen_to_words("a  b", 1, 3) == (1, 3)  # only whitespace: left as given


def test_mark_pair_in_text_order() -> None:
    text = "Alice praised Bob."
    assert mark_pair(text, (0, 5), (14, 17)) == "[E1] Alice [/E1] praised [E2] Bob [/E2]."


def test_mark_pair_e1_after_e2() -> None:
    text = "Alice praised Bob."
    # e1 is the later mention: its markers still wrap e1.
    assert mark_pair(text, (14, 17), (0, 5)) == "[E2] Alice [/E2] praised [E1] Bob [/E1]."


def test_mark_pair_widens_mid_word_spans() -> None:
    text = "Fox News attacked Sanders."
    assert mark_pair(text, (0, 7), (18, 24)) == "[E1] Fox News [/E1] attacked [E2] Sanders [/E2]."
    assert mark_pair(text, (18, 24), (0, 7)) == "[E2] Fox News [/E2] attacked [E1] Sanders [/E1]."


def test_mark_pair_adjacent_spans_in_one_word_are_kept_as_given() -> None:
    # Widening would make both spans the same word; the given (disjoint) spans are used instead.
    assert mark_pair("AliceBob met.", (0, 5), (5, 8)) == "[E1] Alice [/E1][E2] Bob [/E2] met."


@pytest.mark.parametrize(
    ("e1", "e2"),
    [((0, 5), (3, 8)), ((3, 8), (0, 5)), ((0, 13), (6, 9)), ((2, 2), (6, 9)), ((0, 5), (6, 99)), ((-1, 3), (6, 9))],
)
def test_mark_pair_rejects_overlapping_or_bad_spans(e1: tuple[int, int], e2: tuple[int, int]) -> None:
    with pytest.raises(ValueError):
        mark_pair("Alice met Bob.", e1, e2)


def test_mark_target() -> None:
    text = "Critics said Warre was wrong."
    assert mark_target(text, (13, 17)) == "Critics said [T] Warre [/T] was wrong."  # "Warr" widened
    assert mark_target("Critics said Warren was wrong.", (13, 18)) == "Critics said [T] Warren [/T] was wrong."
    with pytest.raises(ValueError):
        mark_target(text, (5, 5))


def test_import_loads_no_model_libraries() -> None:
    code = (
        "import sys, tasks.extract.encoder, tasks.extract.encoder.runtime\n"
        "bad = [m for m in ('onnxruntime', 'tokenizers', 'torch', 'transformers') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# --------------------------------------------------------------------------------------------------------------
# The shipped artifact


@pytest.fixture(scope="module")
def encoder():
    enc = load_stance_encoder()
    assert enc is not None, f"the shipped artifact is missing from {DEFAULT_MODEL_DIR}"
    return enc


@pytest.fixture(scope="module")
def fixtures() -> dict:
    return json.loads((DEFAULT_MODEL_DIR / "fixtures.json").read_text(encoding="utf-8"))


def test_artifact_versions_come_from_the_manifest(encoder) -> None:
    manifest = json.loads((DEFAULT_MODEL_DIR / "MANIFEST.json").read_text(encoding="utf-8"))
    assert encoder.directed_version == manifest["models"]["directed"]["version"]
    assert encoder.portrayal_version == manifest["models"]["portrayal"]["version"]
    assert manifest["models"]["directed"]["labels"] == list(DIRECTED_LABELS)
    assert manifest["models"]["portrayal"]["labels"] == list(PORTRAYAL_LABELS)
    assert encoder.directed_version.endswith(manifest["models"]["directed"]["sha256"][:10])


def test_artifact_labels_fixed_sentences_as_at_export(encoder, fixtures) -> None:
    import numpy as np

    assert fixtures["directed_version"] == encoder.directed_version
    assert fixtures["portrayal_version"] == encoder.portrayal_version
    pairs = [PairInput(f["text"], tuple(f["e1"]), tuple(f["e2"])) for f in fixtures["directed"]]
    # Same batch as at export (all items in one batch): int8 dynamic quantisation scales activations per tensor,
    # so a row's probabilities move slightly (~1e-2) with the other rows of its batch.
    probs = encoder.directed(pairs)
    assert probs.shape == (len(pairs), 5) and probs.dtype == np.float32
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    for f, row in zip(fixtures["directed"], probs, strict=True):
        assert DIRECTED_LABELS[int(row.argmax())] == f["label"], f["text"]
        np.testing.assert_allclose(row, f["probs"], atol=1e-4)
    targets = [TargetInput(f["text"], tuple(f["target"])) for f in fixtures["portrayal"]]
    probs = encoder.portrayal(targets)
    assert probs.shape == (len(targets), 3) and probs.dtype == np.float32
    for f, row in zip(fixtures["portrayal"], probs, strict=True):
        assert PORTRAYAL_LABELS[int(row.argmax())] == f["label"], f["text"]
        np.testing.assert_allclose(row, f["probs"], atol=1e-4)


def test_empty_input_and_row_order(encoder, fixtures) -> None:
    import numpy as np

    assert encoder.directed([]).shape == (0, 5)
    assert encoder.portrayal([]).shape == (0, 3)
    targets = [TargetInput(f["text"], tuple(f["target"])) for f in fixtures["portrayal"]]
    batched = encoder.portrayal(targets)
    # Rows come back in input order (items are sorted by length inside a batch).
    np.testing.assert_allclose(encoder.portrayal(targets[::-1]), batched[::-1], atol=1e-5)
    # Other batchings give the same labels; int8 probabilities move a little with the batch's other rows.
    one_by_one = np.vstack([encoder.portrayal([t]) for t in targets])
    small = encoder.portrayal(targets, batch_size=4)
    for other in (one_by_one, small):
        assert (other.argmax(axis=1) == batched.argmax(axis=1)).all()
        np.testing.assert_allclose(other, batched, atol=0.05)


def test_long_text_keeps_both_markers(encoder) -> None:
    from tasks.extract.encoder.runtime import MAX_LENGTH, encode_marked, load_tokenizer

    filler = " ".join(["The committee discussed the budget at length."] * 30)
    text = f"Ramirez praised Holt. {filler} Later, Holt thanked Ramirez."
    tok = load_tokenizer(DEFAULT_MODEL_DIR / "tokenizer.json")
    e1_id, e2_id = tok.token_to_id("[E1]"), tok.token_to_id("[E2]")
    for e1, e2 in [((0, 7), (len(text) - 8, len(text) - 1)), ((16, 20), (len(text) - 18, len(text) - 14))]:
        (ids,) = encode_marked(tok, [mark_pair(text, e1, e2)], ("[E1]", "[E2]"))
        assert len(ids) == MAX_LENGTH and e1_id in ids and e2_id in ids
        assert ids[0] == tok.token_to_id("[CLS]") and ids[-1] == tok.token_to_id("[SEP]")
    assert encoder.directed([PairInput(text, (0, 7), (len(text) - 8, len(text) - 1))]).shape == (1, 5)


# --------------------------------------------------------------------------------------------------------------
# Missing or tampered artifact


def test_missing_artifact_returns_none(tmp_path: Path) -> None:
    assert load_stance_encoder(tmp_path) is None
    shutil.copy(DEFAULT_MODEL_DIR / "MANIFEST.json", tmp_path / "MANIFEST.json")
    shutil.copy(DEFAULT_MODEL_DIR / "tokenizer.json", tmp_path / "tokenizer.json")
    assert load_stance_encoder(tmp_path) is None  # the .onnx files are missing


def test_sha_mismatch_raises_naming_the_file(tmp_path: Path) -> None:
    manifest = json.loads((DEFAULT_MODEL_DIR / "MANIFEST.json").read_text(encoding="utf-8"))
    shutil.copy(DEFAULT_MODEL_DIR / "tokenizer.json", tmp_path / "tokenizer.json")
    (tmp_path / "MANIFEST.json").write_text(json.dumps(manifest), encoding="utf-8")
    for task in ("directed", "portrayal"):
        (tmp_path / manifest["models"][task]["file"]).write_bytes(b"not the shipped model")
    with pytest.raises(ArtifactError, match=r"directed\.onnx"):
        load_stance_encoder(tmp_path)
    # directed ok (the manifest now matches it), portrayal still tampered
    from tasks.extract.encoder.runtime import sha256_file

    manifest["models"]["directed"]["sha256"] = sha256_file(tmp_path / "directed.onnx")
    (tmp_path / "MANIFEST.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ArtifactError, match=r"portrayal\.onnx.*does not match"):
        load_stance_encoder(tmp_path)
