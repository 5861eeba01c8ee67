"""Validate tables with the Great Expectations suites in expectations/ and split off failing rows."""

from __future__ import annotations

import json
import logging
import math
import numbers
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

EXPECTATIONS_DIR = Path(__file__).resolve().parents[2] / "expectations"
#: Environment variable naming another directory of suites (read when a suite is loaded, so worker processes see it).
SUITES_ENV = "STANCEWIRE_EXPECTATIONS_DIR"
#: Columns computed before validation for cross-column business rules; never published.
CHECK_PREFIX = "_check_"
#: Result fields kept per expectation (the full unexpected lists and indexes are dropped).
RESULT_KEYS = frozenset(
    {
        "element_count",
        "missing_count",
        "missing_percent",
        "unexpected_count",
        "unexpected_percent",
        "unexpected_percent_nonmissing",
        "observed_value",
        "partial_unexpected_list",
    }
)
#: Longest list kept in a compact result (e.g. partial_unexpected_list).
RESULT_LIST_LIMIT = 10


class SchemaValidationError(RuntimeError):
    """A schema-level expectation failed: nothing may be published."""


@dataclass(slots=True)
class TableOutcome:
    """Validation outcome of one table."""

    table: str
    rows: int
    success: bool
    failed_schema: list[str] = field(default_factory=list)
    failed_rows: dict[int, list[str]] = field(default_factory=dict)  # row index -> failed expectation names
    results: list[dict[str, Any]] = field(default_factory=list)  # compact result per expectation (Data Docs)

    def summary(self) -> dict[str, Any]:
        """JSON-friendly summary for the runs table (with the compact per-expectation results)."""
        return {
            "rows": self.rows,
            "success": self.success,
            "failed_schema": self.failed_schema,
            "failed_rows": len(self.failed_rows),
            "expectations": self.results,
        }


def suites_dir() -> Path:
    """Directory of the suites: STANCEWIRE_EXPECTATIONS_DIR when set (a deployment's own suites), else expectations/."""
    custom = os.environ.get(SUITES_ENV)
    return Path(custom) if custom else EXPECTATIONS_DIR


def suite_path(table: str) -> Path:
    """Path of a table's suite file."""
    return suites_dir() / f"{table}.json"


def load_suite(table: str) -> dict[str, Any]:
    """Read a table's suite JSON (GX's own suite format)."""
    path = suite_path(table)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"no expectation suite for table {table!r}: create {path}") from None


def expectation_name(table: str, exp: dict[str, Any]) -> str:
    """Readable name of an expectation: table.type(column)."""
    kwargs = exp.get("kwargs", {})
    target = kwargs.get("column") or ",".join(kwargs.get("column_list", [])[:3]) or ""
    return f"{table}.{exp['type']}({target})"


def is_schema_level(exp: dict[str, Any]) -> bool:
    """True for expectations about the table's shape rather than individual rows."""
    return exp.get("meta", {}).get("level") == "schema"


_GX_CONTEXT: Any = None
_GX_LOCK = threading.Lock()  # a background pre-warm and the first validation may ask at the same time


def _context() -> Any:
    """A process-wide ephemeral GX context with one pandas data source (imported lazily: it is slow)."""
    global _GX_CONTEXT
    with _GX_LOCK:
        if _GX_CONTEXT is None:
            os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
            logging.getLogger("great_expectations").setLevel(logging.WARNING)
            import great_expectations as gx

            ctx = gx.get_context(mode="ephemeral")
            ctx.variables.progress_bars = {"globally": False, "metric_calculations": False}
            ctx.data_sources.add_pandas("stancewire")
            _GX_CONTEXT = ctx
    return _GX_CONTEXT


def gx_batch(table: str, frame: Any) -> Any:
    """A GX batch over a DataFrame, through the process-wide ephemeral context (one asset per table)."""
    source = _context().data_sources.get("stancewire")
    try:
        asset = source.get_asset(table)
    except LookupError:
        asset = source.add_dataframe_asset(name=table)
    try:
        batch_def = asset.get_batch_definition("all")
    except KeyError:
        batch_def = asset.add_batch_definition_whole_dataframe("all")
    return batch_def.get_batch(batch_parameters={"dataframe": frame})


def validate_frame(table: str, frame: Any, suite: dict[str, Any] | None = None) -> TableOutcome:
    """Run a table's suite over a pandas DataFrame; report schema failures and failing row indexes."""
    import great_expectations as gx

    suite = suite or load_suite(table)
    batch = gx_batch(table, frame)
    outcome = TableOutcome(table, len(frame), True)
    for exp in suite["expectations"]:
        config = gx.expectations.expectation_configuration.ExpectationConfiguration(
            type=exp["type"], kwargs=exp.get("kwargs", {}), meta=exp.get("meta")
        )
        result = batch.validate(config.to_domain_obj(), result_format={"result_format": "COMPLETE"})
        record_result(outcome, exp, bool(result.success), result.result)
    return outcome


def record_result(outcome: TableOutcome, exp: dict[str, Any], success: bool, result: dict[str, Any] | None) -> None:
    """Add one expectation's GX result to a table outcome: a schema failure or the failing row indexes."""
    outcome.results.append(compact_result(exp, success, result))
    if success:
        return
    name = expectation_name(outcome.table, exp)
    outcome.success = False
    indexes = result.get("unexpected_index_list") if result else None
    if is_schema_level(exp) or not indexes or not outcome.rows:
        outcome.failed_schema.append(name)
        return
    for idx in indexes:
        outcome.failed_rows.setdefault(int(idx), []).append(name)


def _plain(value: Any, limit: int = 200) -> Any:
    """A JSON-safe, size-bounded copy of a GX result value (numpy scalars to numbers, long strings cut)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value) if math.isfinite(float(value)) else str(value)
    if isinstance(value, str):
        return value if len(value) <= limit else value[: limit - 3] + "..."
    if isinstance(value, list | tuple):
        return [_plain(v, 80) for v in list(value)[:RESULT_LIST_LIMIT]]
    if isinstance(value, dict):
        return {str(k): _plain(v, limit) for k, v in list(value.items())[:RESULT_LIST_LIMIT]}
    return _plain(str(value), limit)


def compact_result(exp: dict[str, Any], success: bool, result: dict[str, Any] | None) -> dict[str, Any]:
    """One expectation's outcome, small enough for the runs table and complete enough to render Data Docs."""
    kept = {k: _plain(v) for k, v in (result or {}).items() if k in RESULT_KEYS}
    return {
        "type": exp["type"],
        "kwargs": exp.get("kwargs", {}),
        "meta": exp.get("meta", {}),
        "success": success,
        "result": kept,
    }


def add_checks(table: pa.Table, checks: dict[str, Callable[[pa.Table], pa.Array]]) -> pa.Table:
    """Append computed _check_ columns (cross-column business rules) to a table before validation."""
    for name, fn in checks.items():
        table = table.append_column(f"{CHECK_PREFIX}{name}", fn(table))
    return table


def validate_table(
    table_name: str, table: pa.Table, checks: dict[str, Callable[[pa.Table], pa.Array]] | None = None
) -> TableOutcome:
    """Validate an Arrow table (with optional computed checks) against its suite."""
    return validate_frame(table_name, frame_for_validation(table, checks))


def frame_for_validation(table: pa.Table, checks: dict[str, Callable[[pa.Table], pa.Array]] | None = None) -> Any:
    """The pandas frame GX validates: the table plus its _check_ columns, integers as nullable pandas ints."""
    import pandas as pd

    mapper = {pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype()}.get
    return add_checks(table, checks or {}).to_pandas(types_mapper=mapper)
