"""The warm-up hint: new documents are expected when an input is missing from the published sources or resized."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from tasks.steps.context import RunContext
from tasks.steps.warmup import expected_new_documents
from tasks.store.parquet_io import write_parquet


def _ctx(tmp_path: Path, sources: dict[str, int] | None) -> RunContext:
    previous = {}
    if sources is not None:
        vdir = tmp_path / "wh" / "sources" / "v=1"
        t = pa.table({"source_path": list(sources), "size_bytes": pa.array(list(sources.values()), pa.int64())})
        write_parquet(vdir / "part-0.parquet", [t], t.schema)
        previous = {"sources": str(vdir)}
    return RunContext(
        run_id="r2",
        input_dir=tmp_path / "in",
        warehouse=tmp_path / "wh",
        model="m",
        pipeline_version="v",
        previous=previous,
    )


def _inputs(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text("alpha")
    (tmp_path / "in" / "sub" / "b.txt").write_text("beta!")
    (tmp_path / "in" / "notes.md").write_text("not an input")


def test_first_run_expects_new_documents(tmp_path: Path) -> None:
    _inputs(tmp_path)
    assert expected_new_documents(_ctx(tmp_path, None)) == 2  # a.txt and sub/b.txt; notes.md is no input


def test_unchanged_inputs_expect_nothing_new(tmp_path: Path) -> None:
    _inputs(tmp_path)
    assert expected_new_documents(_ctx(tmp_path, {"a.txt": 5, "sub/b.txt": 5})) == 0


def test_a_resized_or_added_input_is_expected_to_be_new(tmp_path: Path) -> None:
    _inputs(tmp_path)
    assert expected_new_documents(_ctx(tmp_path, {"a.txt": 5, "sub/b.txt": 4})) == 1
    assert expected_new_documents(_ctx(tmp_path, {"a.txt": 5})) == 1


def test_missing_input_directory_expects_nothing(tmp_path: Path) -> None:
    assert expected_new_documents(_ctx(tmp_path, None)) == 0


def test_inputs_rejected_last_time_with_the_same_size_are_not_new(tmp_path: Path) -> None:
    _inputs(tmp_path)
    ctx = _ctx(tmp_path, {"a.txt": 5})
    vdir = tmp_path / "wh" / "rejects" / "v=1"
    t = pa.table({"source_path": ["sub/b.txt"], "size_bytes": pa.array([5], pa.int64())})
    write_parquet(vdir / "part-0.parquet", [t], t.schema)
    ctx.previous["rejects"] = str(vdir)
    assert expected_new_documents(ctx) == 0  # b.txt was read last time and rejected: no NLP work expected
    (tmp_path / "in" / "sub" / "b.txt").write_text("beta, longer now")
    assert expected_new_documents(ctx) == 1
