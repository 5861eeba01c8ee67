"""GX Data Docs: validation keeps a compact result per expectation, rendered as HTML pages per run."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest

from schemas.registry import TABLES
from tasks.quality.data_docs import write_data_docs, write_site_index
from tasks.quality.validate import compact_result, load_suite, validate_table
from tasks.store.parquet_io import to_table


@pytest.fixture(scope="module")
def rejects_outcome():
    """Validate a small rejects table with one bad row (an empty reason code)."""
    now = datetime.now(UTC)
    rows = [
        {"source_path": "a.txt", "reason_code": "empty", "message": "a.txt: empty", "size_bytes": 0},
        {"source_path": "b.txt", "reason_code": "", "message": "b.txt: ???", "size_bytes": 3},
    ]
    table = to_table([{**r, "run_id": "r1", "rejected_at": now} for r in rows], TABLES["rejects"].schema)
    return validate_table("rejects", table)


def test_every_expectation_of_the_suite_has_a_compact_result(rejects_outcome) -> None:
    suite = load_suite("rejects")
    assert [r["type"] for r in rejects_outcome.results] == [e["type"] for e in suite["expectations"]]
    json.dumps(rejects_outcome.summary())  # JSON-safe for the runs table
    failed = [r for r in rejects_outcome.results if not r["success"]]
    if failed:  # the suite has a rule that catches the empty reason code
        assert rejects_outcome.failed_rows and all(r["result"] for r in failed)


def test_compact_results_are_small_and_json_safe() -> None:
    import numpy as np

    exp = {"type": "expect_x", "kwargs": {"column": "c"}}
    out = compact_result(
        exp,
        False,
        {
            "unexpected_count": np.int64(3),
            "unexpected_list": list(range(10_000)),
            "partial_unexpected_list": ["x" * 1000] * 50,
            "observed_value": np.float64(0.5),
        },
    )
    text = json.dumps(out)
    assert "unexpected_list" not in out["result"] and len(text) < 2_000
    assert out["result"]["unexpected_count"] == 3 and out["result"]["observed_value"] == 0.5


def test_data_docs_pages_render_for_each_table(tmp_path: Path, rejects_outcome) -> None:
    summary = rejects_outcome.summary()
    broken = {
        "rows": 1,
        "success": False,
        "failed_schema": ["x"],
        "failed_rows": 0,
        "expectations": [{"type": "no_such_expectation_type", "kwargs": {}, "success": False, "result": {}}],
    }
    index = write_data_docs(tmp_path, "r1", "2026-01-01T00:00:00+00:00", {"rejects": summary, "weird": broken})
    page = (tmp_path / "data_docs" / "r1" / "rejects.html").read_text(encoding="utf-8")
    assert "<html" in page and "reason_code" in page
    weird = (tmp_path / "data_docs" / "r1" / "weird.html").read_text(encoding="utf-8")
    assert weird.startswith("<!DOCTYPE html>\n<html") and "GX rendering failed" in weird
    text = index.read_text(encoding="utf-8")
    assert 'href="rejects.html"' in text and "schema failure" in text
    assert json.loads((tmp_path / "data_docs" / "r1" / "results.json").read_text())["rejects"]["rows"] == 2
    site = write_site_index(tmp_path, ["r0", "r1"])  # r0 has no pages: not listed
    assert "r1/index.html" in site.read_text() and "r0/" not in site.read_text()


def test_validate_table_keeps_its_signature_for_the_check_step() -> None:
    empty = TABLES["rejects"].schema.empty_table()
    outcome = validate_table("rejects", empty, checks={"always": lambda t: pa.array([], pa.bool_())})
    assert outcome.rows == 0
