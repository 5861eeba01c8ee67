"""`stancewire eval boilerplate --html-dir`: each case's page is read from DIR/<id>.html.gz and scored the same way."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tasks.offline.boilerplate.evaluate import format_boilerplate_report, run_boilerplate_eval
from tests.tasks.test_html_inputs import PARAGRAPHS, article_html


def _cases(tmp_path: Path, gold: str) -> tuple[Path, Path]:
    cases = tmp_path / "cases.jsonl"
    row = {"id": "p1", "lang": "en", "raw_text": "the text dump is not read", "gold_text": gold}
    cases.write_text(json.dumps(row) + "\n", encoding="utf-8")
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "p1.html.gz").write_bytes(gzip.compress(article_html("windows-1252").encode("cp1252")))
    return cases, pages


def test_html_dir_scores_the_html_path(tmp_path: Path) -> None:
    cases, pages = _cases(tmp_path, "\n\n".join(PARAGRAPHS))
    metrics = run_boilerplate_eval(cases, tmp_path / "pred.jsonl", html_dir=pages)
    assert metrics["overall"]["f1"] == pytest.approx(1.0) and metrics["overall"]["n_pages"] == 1
    (pred,) = [json.loads(x) for x in (tmp_path / "pred.jsonl").read_text(encoding="utf-8").splitlines()]
    assert pred == {"id": "p1", "text": "\n\n".join(PARAGRAPHS)}
    assert "HTML pages from" in format_boilerplate_report(metrics)
    assert metrics["dropped"]["nav"]["lines"] >= 1


def test_html_dir_scores_against_the_gold_not_a_constant(tmp_path: Path) -> None:
    cases, pages = _cases(tmp_path, "An entirely different article about harvest festivals in the northern valleys.")
    metrics = run_boilerplate_eval(cases, tmp_path / "pred.jsonl", html_dir=pages)
    assert metrics["overall"]["f1"] < 0.1


def test_a_case_without_its_page_names_the_missing_file(tmp_path: Path) -> None:
    cases, pages = _cases(tmp_path, "x")
    (pages / "p1.html.gz").unlink()
    with pytest.raises(FileNotFoundError, match=r"p1\.html\.gz"):
        run_boilerplate_eval(cases, tmp_path / "pred.jsonl", html_dir=pages)
