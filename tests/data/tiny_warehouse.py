"""A tiny published warehouse built by hand (no model, no flow): rows given per table, defaults for the rest."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from schemas.registry import TABLES, quarantine_schema
from tasks.store.parquet_io import to_table, write_parquet
from tasks.store.publish import build_catalog, swap_catalog, version_dir

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _default(field: pa.Field) -> Any:
    if field.nullable:
        return None
    t = field.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "x"
    if pa.types.is_integer(t):
        return 0
    if pa.types.is_floating(t):
        return 0.0
    if pa.types.is_boolean(t):
        return False
    if pa.types.is_timestamp(t):
        return NOW
    if pa.types.is_list(t):
        return []
    raise TypeError(f"no default for {field}")


def row(table: str, **values: Any) -> dict[str, Any]:
    """A row of a table: the given values, defaults for every other column."""
    schema = TABLES[table].schema
    unknown = set(values) - set(schema.names)
    if unknown:
        raise KeyError(f"{table} has no column(s) {sorted(unknown)}")
    return {f.name: values.get(f.name, _default(f)) for f in schema}


def publish_tiny(
    warehouse: Path,
    rows: dict[str, list[dict[str, Any]]],
    *,
    run_id: str = "20260102T030405-abcdef",
    quarantined: dict[str, list[dict[str, Any]]] | None = None,
) -> Path:
    """Write one version of every table (given rows, else empty) and publish a catalog over them."""
    versions: dict[str, Path] = {}
    for name, spec in TABLES.items():
        out = version_dir(warehouse, name, run_id)
        table = to_table(rows.get(name, []), spec.schema, table=name)
        write_parquet(out / "part-0.parquet", [table], spec.schema)
        versions[name] = out
    qdirs: dict[str, Path] = {}
    for name, spec in TABLES.items():
        if not spec.validated:
            continue
        schema = quarantine_schema(name)
        out = version_dir(warehouse, f"{name}_quarantine", run_id)
        write_parquet(out / "part-0.parquet", [to_table((quarantined or {}).get(name, []), schema)], schema)
        qdirs[name] = out
    swap_catalog(warehouse, build_catalog(warehouse, run_id, versions, qdirs, [run_id]))
    return warehouse
