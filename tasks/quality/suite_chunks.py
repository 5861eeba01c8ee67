"""Run a table's whole GX suite in one call over a chunk of rows, and merge per-chunk outcome summaries.

`tasks.quality.validate.validate_frame` calls GX once per expectation; the whole suite in one `batch.validate(suite)`
call shares GX's metric computations and costs about half as much (measured on the lines table: 0.62 s against 1.26 s
for 2,000 rows, 0.72 s against 2.1 s for 10,000 rows). Suites, names and outcomes are those of `tasks.quality.validate`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa

from tasks.quality.validate import (
    TableOutcome,
    frame_for_validation,
    gx_batch,
    load_suite,
    record_result,
)

#: Count fields of a compact result that add up over chunks.
SUMMED = ("element_count", "missing_count", "unexpected_count")


def _suite(table: str, suite: dict[str, Any]) -> Any:
    """A GX ExpectationSuite object from the suite JSON (not registered in the context)."""
    import great_expectations as gx

    conf = gx.expectations.expectation_configuration.ExpectationConfiguration
    exps = [
        conf(type=e["type"], kwargs=e.get("kwargs", {}), meta=e.get("meta")).to_domain_obj()
        for e in suite["expectations"]
    ]
    return gx.ExpectationSuite(name=f"stancewire_{table}", expectations=exps)


def _key(type_: str, kwargs: dict[str, Any]) -> str:
    """Identity of an expectation for matching GX results back to the suite JSON (type and target columns)."""
    cols = kwargs.get("column_list") or [kwargs.get(k) for k in ("column", "column_A", "column_B") if kwargs.get(k)]
    return f"{type_}|{cols!r}"


def _match(suite: dict[str, Any], results: list[Any]) -> list[Any]:
    """GX results in the suite's order (GX keeps it; matched by type and columns in case it does not)."""
    exps = suite["expectations"]
    if len(results) == len(exps) and all(
        r.expectation_config.type == e["type"] for r, e in zip(results, exps, strict=True)
    ):
        return list(results)
    by_key: dict[str, list[Any]] = {}
    for r in results:
        by_key.setdefault(_key(r.expectation_config.type, dict(r.expectation_config.kwargs)), []).append(r)
    out = []
    for e in exps:
        matches = by_key.get(_key(e["type"], e.get("kwargs", {})))
        if not matches:
            raise RuntimeError(f"GX returned no result for {e['type']}; check the suite JSON")
        out.append(matches.pop(0))
    return out


def validate_frame_at_once(table: str, frame: Any, suite: dict[str, Any] | None = None) -> TableOutcome:
    """Run a table's suite over a DataFrame in one GX call; same outcome as tasks.quality.validate.validate_frame."""
    suite = suite or load_suite(table)
    result = gx_batch(table, frame).validate(_suite(table, suite), result_format={"result_format": "COMPLETE"})
    outcome = TableOutcome(table, len(frame), True)
    for exp, res in zip(suite["expectations"], _match(suite, result.results), strict=True):
        record_result(outcome, exp, bool(res.success), res.result)
    return outcome


def validate_table_at_once(
    table_name: str, table: pa.Table, checks: dict[str, Callable[[pa.Table], pa.Array]] | None = None
) -> TableOutcome:
    """Validate an Arrow table (with optional computed _check_ columns) against its suite in one GX call."""
    return validate_frame_at_once(table_name, frame_for_validation(table, checks))


def _merge_results(results: list[dict[str, Any]]) -> dict[str, Any]:
    """One compact expectation result from the same expectation's results over several chunks."""
    first = dict(results[0])
    merged = dict(first.get("result", {}))
    for key in SUMMED:
        if any(key in r.get("result", {}) for r in results):
            merged[key] = sum(int(r.get("result", {}).get(key) or 0) for r in results)
    total, missing = merged.get("element_count"), merged.get("missing_count", 0)
    if total and "unexpected_count" in merged:
        merged["unexpected_percent"] = 100.0 * merged["unexpected_count"] / total
        nonmissing = total - (missing or 0)
        merged["unexpected_percent_nonmissing"] = 100.0 * merged["unexpected_count"] / nonmissing if nonmissing else 0.0
    if total and "missing_count" in merged:
        merged["missing_percent"] = 100.0 * merged["missing_count"] / total
    failing = [r for r in results if not r["success"]]
    if failing and "observed_value" in failing[0].get("result", {}):
        merged["observed_value"] = failing[0]["result"]["observed_value"]
    partial = [v for r in results for v in r.get("result", {}).get("partial_unexpected_list", []) or []]
    if "partial_unexpected_list" in merged:
        merged["partial_unexpected_list"] = partial[:10]
    return {**first, "success": all(r["success"] for r in results), "result": merged}


def merge_summaries(summaries: list[dict[str, Any]]) -> dict[str, Any]:
    """One table summary (TableOutcome.summary() shape) from the summaries of several chunks."""
    merged = {
        "rows": sum(s["rows"] for s in summaries),
        "success": all(s["success"] for s in summaries),
        "failed_schema": sorted({n for s in summaries for n in s["failed_schema"]}),
        "failed_rows": sum(s["failed_rows"] for s in summaries),
    }
    lists = [s.get("expectations") for s in summaries]
    if all(lists) and len({len(x) for x in lists}) == 1:
        merged["expectations"] = [_merge_results(list(group)) for group in zip(*lists, strict=True)]
    elif "expectations" in summaries[0]:
        merged["expectations"] = summaries[0]["expectations"]
    return merged
