"""Entities eval on hand-made cases with a blank pipeline and a ruler (no model, no eval data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from tasks.nlp.gazetteer import load_gazetteer
from tasks.offline.entities.evaluate import format_entities_report, run_entities_eval, score


def test_score_counts_exact_matches_per_label() -> None:
    gold = [("a", 0, 5, "PER"), ("a", 10, 15, "LOC"), ("b", 0, 3, "ORG")]
    pred = [("a", 0, 5, "PER"), ("a", 10, 14, "LOC"), ("b", 0, 3, "PER")]
    m = score(gold, pred)
    assert m["per_label"]["PER"]["precision"] == 0.5 and m["per_label"]["PER"]["recall"] == 1.0
    assert m["per_label"]["LOC"]["f1"] == 0.0 and m["per_label"]["ORG"]["recall"] == 0.0
    assert m["micro"]["precision"] == pytest.approx(1 / 3, abs=1e-4)


def test_run_entities_eval_writes_predictions_and_links_documents(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": None})
    ruler.add_patterns(load_gazetteer().ruler_patterns())
    ruler.add_patterns([{"label": "ORG", "pattern": "Doerfler"}, {"label": "PERSON", "pattern": "Jane Doerfler"}])
    cases = [
        {
            "id": "d1-s0",
            "doc_id": "d1",
            "text": "Jane Doerfler met Sergei Lavrov in GENEVA .",
            "spans": [
                {"char_start": 0, "char_end": 13, "label": "PER"},
                {"char_start": 18, "char_end": 31, "label": "PER"},
                {"char_start": 35, "char_end": 41, "label": "LOC"},
            ],
        },
        {
            "id": "d1-s1",
            "doc_id": "d1",
            "text": "Doerfler said Russian troops left .",
            "spans": [
                {"char_start": 0, "char_end": 8, "label": "PER"},
                {"char_start": 14, "char_end": 21, "label": "MISC"},
            ],
        },
    ]
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    out = tmp_path / "out" / "pred.jsonl"
    metrics = run_entities_eval(path, out, nlp)
    preds = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [p["id"] for p in preds] == ["d1-s0", "d1-s1"]
    # 'Doerfler' (ruled ORG) is the surname of the PERSON met earlier in the same document -> PER
    assert {"char_start": 0, "char_end": 8, "label": "PER"} in preds[1]["spans"]
    assert metrics["per_label"]["PER"]["recall"] == 1.0 and metrics["cases"] == 2
    assert "micro" in format_entities_report(metrics)


def test_bad_case_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:1"):
        run_entities_eval(path, tmp_path / "p.jsonl", spacy.blank("en"))


def test_baseline_scores_raw_ents(tmp_path: Path) -> None:
    from tasks.offline.entities.evaluate import run_baseline_eval

    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "GPE", "pattern": "Paris"}])
    path = tmp_path / "c.jsonl"
    case = {
        "id": "a",
        "text": "Paris and Rome .",
        "spans": [{"char_start": 0, "char_end": 5, "label": "LOC"}, {"char_start": 10, "char_end": 14, "label": "LOC"}],
    }
    path.write_text(json.dumps(case) + "\n", encoding="utf-8")
    m = run_baseline_eval(path, nlp)
    assert m["micro"]["precision"] == 1.0 and m["micro"]["recall"] == 0.5
