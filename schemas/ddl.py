"""DuckDB DDL and the data dictionary, generated from the Arrow schemas."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from schemas.registry import TABLES


def duckdb_type(type_: pa.DataType) -> str:
    """DuckDB type name for an Arrow type used in our schemas."""
    if pa.types.is_string(type_) or pa.types.is_large_string(type_):
        return "VARCHAR"
    if pa.types.is_int32(type_):
        return "INTEGER"
    if pa.types.is_int64(type_):
        return "BIGINT"
    if pa.types.is_float64(type_):
        return "DOUBLE"
    if pa.types.is_boolean(type_):
        return "BOOLEAN"
    if pa.types.is_timestamp(type_):
        return "TIMESTAMP WITH TIME ZONE" if type_.tz else "TIMESTAMP"
    if pa.types.is_list(type_) or pa.types.is_large_list(type_):
        return f"{duckdb_type(type_.value_type)}[]"
    raise TypeError(f"no DuckDB mapping for Arrow type {type_}")


def _quote(text: str) -> str:
    """SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def view_statement(name: str, schema: pa.Schema, version_dir: Path) -> str:
    """CREATE VIEW over a version directory, selecting and casting exactly the schema's columns."""
    cols = ",\n  ".join(f'CAST("{f.name}" AS {duckdb_type(f.type)}) AS "{f.name}"' for f in schema)
    glob = _quote(str(Path(version_dir) / "*.parquet"))
    return f'CREATE OR REPLACE VIEW "{name}" AS SELECT\n  {cols}\nFROM read_parquet({glob})'


def _description(meta: dict[bytes, bytes] | None) -> str:
    """Description stored in Arrow metadata."""
    return (meta or {}).get(b"description", b"").decode()


def comment_statements(name: str, schema: pa.Schema) -> list[str]:
    """COMMENT ON statements carrying the schema's descriptions into the catalog for BI tools."""
    out = [f'COMMENT ON VIEW "{name}" IS {_quote(_description(schema.metadata))}']
    out += [f'COMMENT ON COLUMN "{name}"."{f.name}" IS {_quote(_description(f.metadata))}' for f in schema]
    return out


def data_dictionary() -> str:
    """Markdown data dictionary of every published table and derived view."""
    from schemas.views import DERIVED_VIEWS

    parts = [
        "# Data dictionary\n",
        "Generated from `schemas/` by `stancewire schema`; do not edit by hand.\n",
    ]
    for name, spec in TABLES.items():
        parts.append(f"\n## `{name}`\n\n{spec.description}\n\nPrimary key: `{', '.join(spec.primary_key)}`\n")
        notes = (spec.schema.metadata or {}).get(b"notes", b"").decode()
        if notes:
            parts.append(f"\n{notes}\n")
        parts.append("\n| column | type | null | description |\n|---|---|---|---|\n")
        for f in spec.schema:
            null = "yes" if f.nullable else "no"
            parts.append(f"| `{f.name}` | {duckdb_type(f.type)} | {null} | {_description(f.metadata)} |\n")
    for view in DERIVED_VIEWS:
        parts.append(f"\n## `{view.name}` (view)\n\n{view.description}\n")
        if view.columns:
            parts.append("\n| column | description |\n|---|---|\n")
            parts += [f"| `{name}` | {text} |\n" for name, text in view.columns]
        parts.append(f"\n```sql{view.sql.rstrip()}\n```\n")
    return "".join(parts)
