"""Validation outcomes: a row-level failure quarantines one document and publishes the rest; a schema-level
failure publishes nothing and the CLI exits 65. Each run writes GX Data Docs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import query
from tests.data.bad_inputs import article

pytestmark = pytest.mark.slow


def _suite_with(monkeypatch: pytest.MonkeyPatch, table: str, expectation: dict, where: Path) -> None:
    """Point STANCEWIRE_EXPECTATIONS_DIR at a copy of the suites with one extra expectation for a table."""
    from tasks.quality.validate import EXPECTATIONS_DIR, SUITES_ENV

    shutil.copytree(EXPECTATIONS_DIR, where)
    path = where / f"{table}.json"
    suite = json.loads(path.read_text(encoding="utf-8"))
    suite["expectations"].append(expectation)
    path.write_text(json.dumps(suite), encoding="utf-8")
    monkeypatch.setenv(SUITES_ENV, str(where))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("val_corpus")
    for name in ("geneva", "kabul"):
        (out / f"{name}.txt").write_text(article(name), encoding="utf-8")
    (out / "kabul_copy.txt").write_text(article("kabul"), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def row_run(prefect_harness: None, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """One refresh with an extra row-level rule that every document mentioning Kabul fails."""
    from flows.refresh import refresh
    from flows.settings import Settings

    rule = {
        "type": "expect_column_values_to_not_match_regex",
        "kwargs": {"column": "clean_text", "regex": "Kabul"},
        "meta": {"level": "row"},
    }
    warehouse = tmp_path_factory.mktemp("val_wh")
    with pytest.MonkeyPatch.context() as mp:
        _suite_with(mp, "documents", rule, tmp_path_factory.mktemp("suites_row") / "suites")
        summary = refresh(settings=Settings(input_dir=corpus, warehouse=warehouse, n_process=1))
    return warehouse, summary


def test_row_failure_quarantines_the_document_and_publishes_the_rest(row_run: tuple[Path, object]) -> None:
    warehouse, summary = row_run
    assert [r[0] for r in query(warehouse, "SELECT source_path FROM sources")] == ["geneva.txt"]
    failed = query(warehouse, "SELECT doc_id, failed_expectation FROM documents_quarantine")
    assert len(failed) == 1 and "not_match_regex(clean_text)" in failed[0][1]
    lines = query(warehouse, "SELECT DISTINCT doc_id, failed_expectation FROM lines_quarantine")
    assert lines and all(d == failed[0][0] and f.startswith("document_quarantined") for d, f in lines)
    assert query(warehouse, "SELECT status FROM runs") == [("quarantined",)]
    assert summary.quarantined_rows > 0  # type: ignore[attr-defined]

    docs = warehouse / "data_docs"
    run_id = query(warehouse, "SELECT run_id FROM runs")[0][0]
    page = (docs / run_id / "documents.html").read_text(encoding="utf-8")
    assert "Kabul" in page and "not match" in page.lower()
    assert run_id in (docs / "index.html").read_text(encoding="utf-8")
    assert "1 rows quarantined" in (docs / run_id / "index.html").read_text(encoding="utf-8")

    assert "quarantined" in _reason_codes()
    rejects = query(warehouse, "SELECT source_path, reason_code, message FROM rejects ORDER BY 1")
    assert [r[:2] for r in rejects] == [("kabul.txt", "quarantined"), ("kabul_copy.txt", "quarantined")]
    assert all("not_match_regex(clean_text)" in r[2] for r in rejects)


def _reason_codes() -> set[str]:
    """Reason codes the rejects suite accepts."""
    from tasks.quality.validate import load_suite

    for exp in load_suite("rejects")["expectations"]:
        if exp["type"] == "expect_column_values_to_be_in_set" and exp["kwargs"].get("column") == "reason_code":
            return set(exp["kwargs"]["value_set"])
    return set()


def test_schema_failure_publishes_nothing_and_exits_65(
    row_run: tuple[Path, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from flows.cli import app

    warehouse, _ = row_run
    published = (warehouse / "catalog.duckdb").read_bytes()
    changed = tmp_path / "changed"
    changed.mkdir()
    (changed / "cairo.txt").write_text(article("cairo"), encoding="utf-8")
    rule = {"type": "expect_column_to_exist", "kwargs": {"column": "no_such_column"}, "meta": {"level": "schema"}}
    _suite_with(monkeypatch, "documents", rule, tmp_path / "suites_schema")
    bad = CliRunner().invoke(app, ["refresh", "--input", str(changed), "--warehouse", str(warehouse)])
    assert bad.exit_code == 65
    assert "nothing was published" in bad.output
    assert (warehouse / "catalog.duckdb").read_bytes() == published
    assert len(query(warehouse, "SELECT run_id FROM runs")) == 1
