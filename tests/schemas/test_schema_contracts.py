"""schemas/ is the single source of truth: GX suites, DuckDB views and the dictionary must agree with it."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from schemas.ddl import data_dictionary, duckdb_type
from schemas.registry import TABLES, quarantine_schema
from tasks.quality.validate import CHECK_PREFIX, load_suite
from tasks.steps.check import checks_for
from tasks.store.parquet_io import write_parquet
from tasks.store.publish import build_catalog

VALIDATED = [name for name, spec in TABLES.items() if spec.validated]
GX_TYPES = {"str", "int32", "int64", "float64", "bool", "object"}


def _columns_named(exp: dict) -> set[str]:
    """Every column an expectation refers to."""
    kw = exp.get("kwargs", {})
    cols = {kw[k] for k in ("column", "column_A", "column_B") if k in kw}
    if exp["type"] != "expect_table_columns_to_match_ordered_list":
        cols |= set(kw.get("column_list", []))
    return cols


def _empty_tables() -> tuple[pa.Table, pa.Table]:
    """Empty documents and lines tables (what checks_for needs to build its check columns)."""
    return TABLES["documents"].schema.empty_table(), TABLES["lines"].schema.empty_table()


@pytest.mark.parametrize("name", VALIDATED)
def test_suite_lists_exactly_the_schema_columns_plus_declared_checks(name: str) -> None:
    suite = load_suite(name)
    ordered = [e for e in suite["expectations"] if e["type"] == "expect_table_columns_to_match_ordered_list"]
    assert len(ordered) == 1, f"{name}: one ordered column list expected"
    listed = ordered[0]["kwargs"]["column_list"]
    schema_cols = [f.name for f in TABLES[name].schema]
    checks = [f"{CHECK_PREFIX}{c}" for c in checks_for(name, *_empty_tables())]
    assert listed == schema_cols + checks


@pytest.mark.parametrize("name", VALIDATED)
def test_every_column_a_suite_names_exists(name: str) -> None:
    schema_cols = {f.name for f in TABLES[name].schema}
    checks = {f"{CHECK_PREFIX}{c}" for c in checks_for(name, *_empty_tables())}
    for exp in load_suite(name)["expectations"]:
        missing = _columns_named(exp) - schema_cols - checks
        assert not missing, f"{name}: {exp['type']} names unknown column(s) {missing}"


@pytest.mark.parametrize("name", VALIDATED)
def test_required_columns_are_not_null_and_typed(name: str) -> None:
    exps = load_suite(name)["expectations"]
    not_null = {e["kwargs"]["column"] for e in exps if e["type"] == "expect_column_values_to_not_be_null"}
    typed = {
        e["kwargs"]["column"]: e["kwargs"]["type_"] for e in exps if e["type"] == "expect_column_values_to_be_of_type"
    }
    for field in TABLES[name].schema:
        if not field.nullable:
            assert field.name in not_null, f"{name}.{field.name} is required but has no not-null expectation"
        if not pa.types.is_timestamp(field.type):
            assert field.name in typed, f"{name}.{field.name} has no type expectation"
            assert typed[field.name] in GX_TYPES


@pytest.mark.parametrize("name", VALIDATED)
def test_primary_key_is_unique(name: str) -> None:
    pk = list(TABLES[name].primary_key)
    exps = load_suite(name)["expectations"]
    if len(pk) == 1:
        assert any(e["type"] == "expect_column_values_to_be_unique" and e["kwargs"]["column"] == pk[0] for e in exps)
    else:
        assert any(
            e["type"] == "expect_compound_columns_to_be_unique" and e["kwargs"]["column_list"] == pk for e in exps
        )


def test_every_field_has_a_description() -> None:
    for name, spec in TABLES.items():
        assert spec.description, name
        for field in spec.schema:
            assert (field.metadata or {}).get(b"description"), f"{name}.{field.name}"


def test_duckdb_views_have_the_schema_columns_and_types(tmp_path: Path) -> None:
    import duckdb

    versions, quarantine = {}, {}
    for name, spec in TABLES.items():
        write_parquet(tmp_path / name / "part-0.parquet", [spec.schema.empty_table()], spec.schema)
        versions[name] = tmp_path / name
        if spec.validated:
            q = tmp_path / f"{name}_q"
            write_parquet(q / "part-0.parquet", [quarantine_schema(name).empty_table()], quarantine_schema(name))
            quarantine[name] = q
    catalog = build_catalog(tmp_path, "test", versions, quarantine, ["test"])
    con = duckdb.connect(str(catalog), read_only=True)
    try:
        for name, spec in TABLES.items():
            described = con.execute(f'DESCRIBE "{name}"').fetchall()
            assert [(r[0], r[1]) for r in described] == [(f.name, duckdb_type(f.type)) for f in spec.schema], name
            comment = con.execute("SELECT comment FROM duckdb_views() WHERE view_name = ?", [name]).fetchone()[0]
            assert comment == spec.description
        for name in quarantine:
            cols = [r[0] for r in con.execute(f'DESCRIBE "{name}_quarantine"').fetchall()]
            assert cols[-2:] == ["failed_expectation", "quarantine_run_id"]
    finally:
        con.close()


def test_data_dictionary_covers_every_column() -> None:
    text = data_dictionary()
    for name, spec in TABLES.items():
        assert f"## `{name}`" in text
        for field in spec.schema:
            assert f"| `{field.name}` |" in text


def test_committed_data_dictionary_is_current() -> None:
    committed = (Path(__file__).resolve().parents[2] / "schemas" / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    assert committed.strip() == data_dictionary().strip(), "run: stancewire schema > schemas/DATA_DICTIONARY.md"
