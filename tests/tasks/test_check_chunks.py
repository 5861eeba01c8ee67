"""Chunked validation: chunk grouping, merged outcomes, schema failures, and the one-call GX path."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from schemas.registry import quarantine_schema
from tasks.quality.suite_chunks import merge_summaries
from tasks.quality.validate import SchemaValidationError
from tasks.steps.check import CHECK_CHUNK_DOCS, CheckManifest, merge_checks
from tasks.steps.context import RunContext
from tasks.steps.wrappers import check_chunks_as_done, chunk_futures, parts_per_check
from tasks.store.parquet_io import write_parquet


def _ctx(tmp_path: Path) -> RunContext:
    return RunContext(run_id="r1", input_dir=tmp_path, warehouse=tmp_path / "wh", model="m", pipeline_version="v")


class _Done:
    """A finished future: .result() returns the part's annotate manifest, or raises its failure."""

    def __init__(self, parts: list[str], error: Exception | None = None) -> None:
        self.parts, self.error = parts, error

    def result(self) -> dict:
        if self.error:
            raise self.error
        return {"parts": self.parts}


def test_parts_per_check_fills_a_chunk_with_about_check_chunk_docs_documents(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    assert parts_per_check(replace(ctx, batch_docs=100)) == CHECK_CHUNK_DOCS // 100
    assert parts_per_check(replace(ctx, batch_docs=CHECK_CHUNK_DOCS * 3)) == 1  # a part is never split


def test_chunk_futures_groups_consecutive_futures_in_order() -> None:
    assert chunk_futures([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]
    assert chunk_futures([], 3) == []


def test_check_chunks_as_done_validates_each_chunk_of_finished_parts(tmp_path: Path, monkeypatch) -> None:
    ctx = replace(_ctx(tmp_path), batch_docs=CHECK_CHUNK_DOCS // 2)  # two parts per chunk
    seen: list[list[str]] = []

    def check_chunk_task(c: RunContext, annotated: list[dict]) -> dict:
        assert c is ctx
        seen.append([p for m in annotated for p in m["parts"]])
        return {"chunk": len(seen)}

    monkeypatch.setattr("tasks.steps.wrappers.check_chunk_task", check_chunk_task)
    futures = [_Done([f"p{i}"]) for i in range(5)]
    assert check_chunks_as_done(ctx, futures) == [{"chunk": 1}, {"chunk": 2}, {"chunk": 3}]
    assert seen == [["p0", "p1"], ["p2", "p3"], ["p4"]]
    with pytest.raises(RuntimeError, match="part failed"):  # a part's failure is re-raised, not validated
        check_chunks_as_done(ctx, [_Done(["p0"]), _Done(["p1"], RuntimeError("part failed"))])


def _summary(rows: int, failed_rows: int, failed_schema: list[str], unexpected: int) -> dict:
    exp = {
        "type": "expect_column_values_to_not_be_null",
        "kwargs": {"column": "doc_id"},
        "meta": {},
        "success": unexpected == 0,
        "result": {
            "element_count": rows,
            "unexpected_count": unexpected,
            "partial_unexpected_list": [None] * unexpected,
        },
    }
    return {
        "rows": rows,
        "success": not failed_rows and not failed_schema,
        "failed_schema": failed_schema,
        "failed_rows": failed_rows,
        "expectations": [exp],
    }


def test_merge_summaries_adds_counts_and_recomputes_percentages() -> None:
    merged = merge_summaries([_summary(10, 0, [], 0), _summary(30, 2, [], 3)])
    assert merged["rows"] == 40 and merged["failed_rows"] == 2 and merged["success"] is False
    res = merged["expectations"][0]
    assert res["success"] is False
    assert res["result"]["element_count"] == 40 and res["result"]["unexpected_count"] == 3
    assert res["result"]["unexpected_percent"] == pytest.approx(7.5)


def test_merge_checks_raises_when_any_chunk_failed_a_schema_expectation(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    ok = CheckManifest(outcomes={"documents": _summary(5, 0, [], 0)})
    bad = CheckManifest(outcomes={"documents": _summary(5, 0, ["documents.expect_column_values_to_be_of_type(x)"], 0)})
    with pytest.raises(SchemaValidationError, match="expect_column_values_to_be_of_type"):
        merge_checks(ctx, [ok, bad])


def test_merge_checks_moves_staged_quarantine_rows_into_the_run_version(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    schema = quarantine_schema("doc_entities")
    staged = ctx.staging / "quarantine" / "doc_entities" / "part-00000.parquet"
    write_parquet(staged, [schema.empty_table()], schema)
    chunk = CheckManifest(outcomes={"doc_entities": _summary(3, 1, [], 1)}, quarantined_docs=["d2"], quarantined_rows=3)
    out = merge_checks(ctx, [chunk, CheckManifest(quarantined_docs=["d1"], quarantined_rows=1)])
    target = ctx.warehouse / "doc_entities_quarantine" / "v=r1"
    assert out.quarantine_dirs == {"doc_entities": str(target)}
    assert (target / "part-00000.parquet").exists() and not staged.exists()
    assert out.quarantined_docs == ["d1", "d2"] and out.quarantined_rows == 4


def test_one_call_validation_matches_per_expectation_validation() -> None:
    pd = pytest.importorskip("pandas")
    from tasks.quality.suite_chunks import validate_frame_at_once
    from tasks.quality.validate import validate_frame

    suite = {
        "expectations": [
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "entity_id"}, "meta": {}},
            {
                "type": "expect_column_values_to_be_between",
                "kwargs": {"column": "salience", "min_value": 0, "max_value": 1},
                "meta": {},
            },
            {
                "type": "expect_table_columns_to_match_ordered_list",
                "kwargs": {"column_list": ["entity_id", "salience"]},
                "meta": {"level": "schema"},
            },
        ]
    }
    frame = pd.DataFrame({"entity_id": ["a", None, "c", "d"], "salience": [0.5, 0.2, 1.5, 0.0]})
    fast = validate_frame_at_once("doc_entities", frame, suite)
    slow = validate_frame("doc_entities", frame, suite)
    assert (
        fast.failed_rows
        == slow.failed_rows
        == {
            1: ["doc_entities.expect_column_values_to_not_be_null(entity_id)"],
            2: ["doc_entities.expect_column_values_to_be_between(salience)"],
        }
    )
    assert fast.failed_schema == slow.failed_schema == []
    assert [r["success"] for r in fast.results] == [r["success"] for r in slow.results] == [False, False, True]


def test_a_chunk_without_rows_is_not_sent_to_gx(tmp_path: Path, monkeypatch) -> None:
    from schemas.registry import TABLES
    from tasks.steps import check
    from tasks.steps.check import STAGED_TABLES, check_chunk

    ctx = _ctx(tmp_path)
    for name in STAGED_TABLES:
        write_parquet(
            ctx.stage_dir(name) / "part-00000.parquet", [TABLES[name].schema.empty_table()], TABLES[name].schema
        )

    def no_gx(*_args, **_kwargs):
        raise AssertionError("GX must not run on a chunk without rows")

    monkeypatch.setattr(check, "validate_table_at_once", no_gx)
    out = check_chunk(ctx, ["part-00000.parquet"])
    assert set(out.outcomes) == set(STAGED_TABLES)
    assert all(o["rows"] == 0 and o["success"] for o in out.outcomes.values())
    assert out.quarantined_docs == []
