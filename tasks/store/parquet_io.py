"""Parquet reads and writes that always use the registry's explicit schemas and never leave partial files."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

ROW_GROUP_ROWS = 100_000
COMPRESSION = "zstd"


def to_table(rows: Sequence[dict[str, Any]], schema: pa.Schema, *, table: str = "?") -> pa.Table:
    """Build an Arrow table from row dicts with exactly the given schema; name the table and row on failure."""
    try:
        return pa.Table.from_pylist(list(rows), schema=schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError) as exc:
        for i, row in enumerate(rows):
            try:
                pa.Table.from_pylist([row], schema=schema)
            except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError) as row_exc:
                raise ValueError(
                    f"table {table}: row {i} does not fit the schema: {row_exc}; row={row!r:.300}"
                ) from exc
        raise ValueError(f"table {table}: rows do not fit the schema: {exc}") from exc


def conform(table: pa.Table, schema: pa.Schema, *, name: str = "?") -> pa.Table:
    """Select and cast a table's columns to the schema (missing nullable columns become nulls)."""
    columns = []
    for field in schema:
        if field.name in table.column_names:
            columns.append(table.column(field.name).cast(field.type))
        elif field.nullable:
            columns.append(pa.nulls(table.num_rows, field.type))
        else:
            raise ValueError(f"table {name}: required column {field.name!r} is missing")
    return pa.Table.from_arrays(columns, schema=schema)


def write_parquet(path: Path, batches: Iterable[pa.Table | pa.RecordBatch], schema: pa.Schema) -> int:
    """Stream tables/batches into one Parquet file via a temp name and an atomic rename; return rows written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    rows = 0
    try:
        with pq.ParquetWriter(tmp, schema, compression=COMPRESSION) as writer:
            for batch in batches:
                part = batch if isinstance(batch, pa.Table) else pa.Table.from_batches([batch])
                part = conform(part, schema, name=path.parent.name)
                if part.num_rows:
                    writer.write_table(part, row_group_size=ROW_GROUP_ROWS)
                    rows += part.num_rows
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return rows


def read_parquet(path: Path | Sequence[Path], schema: pa.Schema, columns: list[str] | None = None) -> pa.Table:
    """Read one or more Parquet files with the given schema (empty table when there are none)."""
    paths = [path] if isinstance(path, Path) else list(path)
    paths = [p for p in paths if p.exists()]
    if not paths:
        empty = schema.empty_table()
        return empty.select(columns) if columns else empty
    tables = [pq.read_table(p, schema=schema, columns=columns) for p in paths]
    return pa.concat_tables(tables)
