"""Release: small tables equal to the last fully valid version (same suite) are not validated again."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from schemas.registry import TABLES
from tasks.quality.data_docs import needs_page
from tasks.steps import release
from tasks.steps.context import RunContext
from tasks.store.parquet_io import to_table, write_parquet
from tasks.store.publish import version_dir


def _rejects(warehouse: Path, run_id: str, messages: list[str]) -> str:
    now = datetime.now(UTC) + timedelta(seconds=len(run_id))
    rows = [
        {
            "source_path": f"{i}.txt",
            "reason_code": "empty",
            "message": m,
            "size_bytes": 0,
            "run_id": run_id,
            "rejected_at": now,
        }
        for i, m in enumerate(messages)
    ]
    out = version_dir(warehouse, "rejects", run_id)
    write_parquet(out / "part-0.parquet", [to_table(rows, TABLES["rejects"].schema)], TABLES["rejects"].schema)
    return str(out)


def _runs(warehouse: Path, run_id: str, validation: dict) -> str:
    now = datetime.now(UTC)
    row = {f.name: None for f in TABLES["runs"].schema} | {
        "run_id": run_id,
        "started_at": now,
        "ended_at": now,
        "status": "published",
        "input_dir": "in",
        "code_version": "0",
        "model_name": "m",
        "model_version": "1",
        "pipeline_version": "p",
        "docs_total": 0,
        "docs_new": 0,
        "docs_carried": 0,
        "rejects": 0,
        "quarantined_rows": 0,
        "row_counts": "{}",
        "stage_seconds": "{}",
        "validation": json.dumps(validation),
    }
    out = version_dir(warehouse, "runs", run_id)
    write_parquet(out / "part-0.parquet", [to_table([row], TABLES["runs"].schema)], TABLES["runs"].schema)
    return str(out)


def test_same_rows_ignores_run_ids_and_timestamps(tmp_path: Path) -> None:
    old = _rejects(tmp_path, "r1", ["a", "b"])
    assert release.same_rows("rejects", _rejects(tmp_path, "r2", ["a", "b"]), old)
    assert not release.same_rows("rejects", _rejects(tmp_path, "r3", ["a", "changed"]), old)
    assert not release.same_rows("rejects", _rejects(tmp_path, "r4", ["a", "b", "c"]), old)
    assert not release.same_rows("rejects", old, None)


@pytest.mark.parametrize("suite_changed", [False, True])
def test_unchanged_table_reuses_the_previous_outcome(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suite_changed: bool
) -> None:
    digest = "other" if suite_changed else release.suite_digest("rejects")
    runs = _runs(tmp_path, "r1", {"rejects": {"success": True, "suite": digest, "rows": 2}})
    ctx = RunContext(
        "r2",
        tmp_path,
        tmp_path,
        "m",
        "p",
        {"rejects": _rejects(tmp_path, "r1", ["a", "b"]), "runs": runs},
        previous_run_id="r1",
    )
    calls = []
    real = release.validate_table_at_once
    monkeypatch.setattr(release, "validate_table_at_once", lambda name, table: calls.append(name) or real(name, table))
    n, summary, qdir = release._validate_whole(
        ctx, "rejects", _rejects(tmp_path, "r2", ["a", "b"]), release.previous_validation(ctx)
    )
    assert (n, qdir) == (0, None) and summary["rows"] == 2 and summary["success"]
    if suite_changed:
        assert calls == ["rejects"] and "validated_in" not in summary
    else:
        assert calls == [] and summary["validated_in"] == "r1"
    assert summary["suite"] == release.suite_digest("rejects")


def test_tables_without_news_get_no_data_docs_page() -> None:
    assert not needs_page({"rows": 3, "success": True, "validated_in": "r1"})
    assert not needs_page({"rows": 0, "success": True})
    assert needs_page({"rows": 0, "success": False})
    assert needs_page({"rows": 5, "success": True})
