"""Tests for the trained polarity model: artifact round trip on synthetic data, the committed artifact, eval."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tasks.extract.polarity import (
    DEFAULT_ARTIFACT,
    LEXICON_METHOD,
    LINEAR_METHOD,
    POLARITIES,
    PolarityInput,
    clear_model_cache,
    load_polarity_model,
)
from tasks.offline.polarity.evaluate import format_stance_report, run_stance_eval

pytest.importorskip("sklearn")

NAMES = ["Alice Moreau", "Bob Tanaka", "Carla Diaz", "Dmitri Orlov", "Erin Walsh", "Farid Haddad", "Greta Lind"]
VERBS = {
    "positive": ["praised", "applauded", "thanked", "celebrated", "admired"],
    "negative": ["attacked", "blamed", "condemned", "mocked", "accused"],
    "neutral": ["met", "visited", "called", "phoned", "joined"],
}
TAILS = ["on Monday.", "at the summit.", "in a statement.", "after the vote.", "during the debate."]


def _synthetic_rows(n: int, seed: int) -> list[dict]:
    """Sentences 'X <verb> T <tail>' whose polarity towards T follows the verb class."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        label = ["positive", "negative", "neutral"][i % 3]
        holder, target = rng.sample(NAMES, 2)
        sentence = f"{holder} {rng.choice(VERBS[label])} {target} {rng.choice(TAILS)}"
        start = sentence.index(target, len(holder))
        rows.append(
            {
                "id": f"s{i}",
                "sentence": sentence,
                "target_from": start,
                "target_to": start + len(target),
                "polarity": label,
            }
        )
    return rows


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    """Write rows as JSON lines."""
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _train(tmp_path: Path, name: str = "model.json.gz") -> tuple[Path, dict]:
    """Train on 90 synthetic rows into tmp_path."""
    from tasks.offline.polarity.train import train_polarity_model

    tmp_path.mkdir(parents=True, exist_ok=True)
    data = _write_jsonl(tmp_path / "train.jsonl", _synthetic_rows(90, seed=1))
    out = tmp_path / "m" / name
    return out, train_polarity_model(data, out, seed=5, cv_folds=3)


def test_artifact_round_trip_learns_synthetic_task(tmp_path: Path) -> None:
    out, metrics = _train(tmp_path)
    assert out.is_file()
    assert 0.0 <= metrics["cv_macro_f1"] <= 1.0
    manifest = json.loads((out.parent / "MANIFEST.json").read_text())
    assert manifest["seed"] == 5 and "NewsMTSC" in manifest["provenance"]
    clear_model_cache()
    model = load_polarity_model(out)
    assert model.method == LINEAR_METHOD
    assert model.version == manifest["version"] == metrics["version"]
    held_out = _synthetic_rows(30, seed=99)
    preds = model.predict([PolarityInput(r["sentence"], r["target_from"], r["target_to"]) for r in held_out])
    mapping = {"positive": "favor", "negative": "against", "neutral": "neutral"}
    correct = sum(p.polarity == mapping[r["polarity"]] for p, r in zip(preds, held_out, strict=True))
    assert correct >= 27
    for p in preds:
        assert p.polarity in POLARITIES and -1 <= p.score <= 1 and 0 <= p.confidence <= 1
        assert p.model_version == model.version


def test_training_is_reproducible(tmp_path: Path) -> None:
    _, first = _train(tmp_path / "a")
    _, second = _train(tmp_path / "b")
    assert first["version"] == second["version"]


def test_training_rejects_tiny_data(tmp_path: Path) -> None:
    from tasks.offline.polarity.train import train_polarity_model

    data = _write_jsonl(tmp_path / "t.jsonl", _synthetic_rows(5, seed=1))
    with pytest.raises(ValueError, match="labelled cases"):
        train_polarity_model(data, tmp_path / "m.json.gz")


def test_committed_artifact_loads_and_separates_contrasted_targets() -> None:
    clear_model_cache()
    assert DEFAULT_ARTIFACT.is_file(), "the trained artifact must be committed under tasks/extract/polarity/model/"
    model = load_polarity_model()
    assert model.method == LINEAR_METHOD
    s = "I like Peter but not Robert"
    peter, robert = model.predict([PolarityInput(s, 7, 12), PolarityInput(s, 21, 27)])
    assert peter.polarity != robert.polarity
    assert peter.score > robert.score


def test_empty_batch_gives_empty_list() -> None:
    assert load_polarity_model().predict([]) == []


def test_eval_writes_predictions_and_scores(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "sentence": "Fans adore Nina.", "target_from": 11, "target_to": 15, "polarity": "positive"},
        {"id": "b", "sentence": "Voters despise Omar.", "target_from": 15, "target_to": 19, "polarity": "negative"},
        {"id": "c", "sentence": "Paul flew to Rome.", "target_from": 0, "target_to": 4, "polarity": "neutral"},
    ]
    cases = _write_jsonl(tmp_path / "cases.jsonl", rows)
    out = tmp_path / "pred" / "out.jsonl"
    clear_model_cache()
    metrics = run_stance_eval(cases, out, model_path=tmp_path / "absent.json.gz")
    written = [json.loads(line) for line in out.read_text().splitlines()]
    assert [w["id"] for w in written] == ["a", "b", "c"]
    assert {w["polarity"] for w in written} <= {"positive", "negative", "neutral"}
    assert metrics["method"] == LEXICON_METHOD and metrics["n"] == 3
    assert metrics["accuracy"] == pytest.approx(1.0)
    report = format_stance_report(metrics)
    assert "macro-F1=1.0000" in report and "accuracy=1.0000" in report


def test_batch_scoring_matches_one_by_one() -> None:
    clear_model_cache()
    model = load_polarity_model()
    rows = _synthetic_rows(12, seed=4)
    items = [PolarityInput(r["sentence"], r["target_from"], r["target_to"]) for r in rows]
    batch = model.predict(items)
    single = [model.predict([it])[0] for it in items]
    for b, s in zip(batch, single, strict=True):
        assert b.polarity == s.polarity
        assert b.score == pytest.approx(s.score)
        assert b.confidence == pytest.approx(s.confidence)


def test_train_module_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tasks.offline.polarity.train import main

    data = _write_jsonl(tmp_path / "train.jsonl", _synthetic_rows(60, seed=2))
    out = tmp_path / "cli" / "model.json.gz"
    assert main(["--data", str(data), "--out", str(out), "--seed", "3"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["n_train"] == 60 and out.is_file()
    assert json.loads((out.parent / "MANIFEST.json").read_text())["version"] == printed["version"]
