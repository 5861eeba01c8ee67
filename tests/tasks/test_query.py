"""`stancewire sql` is read-only: reads work, anything that could write or leave the warehouse is refused."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from schemas.registry import TABLES
from tasks.store.parquet_io import to_table, write_parquet
from tasks.store.publish import build_catalog, catalog_path, swap_catalog, version_dir
from tasks.store.query import QueryRejected, format_result, run_query


def publish_empty(warehouse: Path, run_id: str = "r1", rejects: list[dict] | None = None) -> None:
    """Publish a catalog whose tables are empty (rejects optionally filled), without running the flow."""
    versions = {}
    for name, spec in TABLES.items():
        out = version_dir(warehouse, name, run_id)
        rows = [to_table(rejects, spec.schema)] if name == "rejects" and rejects else [spec.schema.empty_table()]
        write_parquet(out / "part-0.parquet", rows, spec.schema)
        versions[name] = out
    swap_catalog(warehouse, build_catalog(warehouse, run_id, versions, {}, [run_id]))


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One published catalog for the module (the tests assert that nothing changes it)."""
    from datetime import UTC, datetime

    tmp_path = tmp_path_factory.mktemp("query_wh")

    row = {
        "source_path": "a.txt",
        "reason_code": "empty",
        "message": "a.txt: is empty",
        "size_bytes": 0,
        "run_id": "r1",
        "rejected_at": datetime.now(UTC),
    }
    publish_empty(tmp_path, rejects=[row])
    return tmp_path


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT count(*) FROM rejects",
        "WITH r AS (SELECT * FROM rejects) SELECT count(*) FROM r",
        "FROM rejects SELECT count(*)",
        "SELECT count(*) FROM stancewire.rejects",
        "EXPLAIN SELECT * FROM documents",
        "DESCRIBE stances",
        "SUMMARIZE rejects",
        "SHOW TABLES",
        "SELECT 1; SELECT count(*) FROM rejects",
    ],
)
def test_reads_are_allowed(warehouse: Path, sql: str) -> None:
    columns, rows = run_query(warehouse, sql)
    assert columns and rows


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE rejects SET message = 'x'",
        "DELETE FROM rejects",
        "INSERT INTO rejects SELECT * FROM rejects",
        "DROP VIEW rejects",
        "CREATE TABLE t AS SELECT 1",
        "CREATE TEMP TABLE t AS SELECT 1",
        "ALTER VIEW rejects RENAME TO r2",
        "ATTACH '{wh}/other.duckdb' AS other",
        "DETACH stancewire",
        "COPY rejects TO '{wh}/out.csv'",
        "COPY (SELECT 1) TO '{wh}/out.parquet' (FORMAT parquet)",
        "EXPORT DATABASE '{wh}/export'",
        "INSTALL fts",
        "LOAD fts",
        "SET threads = 1",
        "RESET threads",
        "PRAGMA enable_profiling",
        "PRAGMA show_tables",
        "CALL pragma_version()",
        "CHECKPOINT",
        "USE memory",
        "EXPLAIN ANALYZE COPY (SELECT 1) TO '{wh}/out.csv'",
        "EXPLAIN ANALYZE SELECT 1",
        "EXPLAIN COPY (SELECT 1) TO '{wh}/out.csv'",
        "SELECT 1; DROP VIEW rejects",
        "/* hidden */ PRAGMA threads=1",
        "VACUUM",
        "CREATE SECRET s (TYPE s3, KEY_ID 'k', SECRET 's')",
    ],
)
def test_anything_that_could_write_is_refused_with_a_clear_error(warehouse: Path, sql: str) -> None:
    before = catalog_path(warehouse).read_bytes()
    with pytest.raises(QueryRejected, match="read-only"):
        run_query(warehouse, sql.format(wh=warehouse))
    assert catalog_path(warehouse).read_bytes() == before
    assert not any(p.name.startswith(("out", "export", "other")) for p in warehouse.iterdir())


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_parquet('{wh}/_staging/*/*.parquet')",
        "SELECT * FROM glob('/*')",
    ],
)
def test_files_outside_the_published_versions_cannot_be_read(warehouse: Path, sql: str) -> None:
    with pytest.raises(duckdb.Error, match="disabled by configuration"):
        run_query(warehouse, sql.format(wh=warehouse))


def test_lockdown_does_not_leak_into_other_connections(warehouse: Path) -> None:
    other = duckdb.connect(str(catalog_path(warehouse)), read_only=True)
    try:
        run_query(warehouse, "SELECT 1")
        assert other.execute("SELECT current_setting('enable_external_access')").fetchone() == (True,)
    finally:
        other.close()


def test_missing_catalog_says_to_refresh_first(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="stancewire refresh"):
        run_query(tmp_path, "SELECT 1")


def test_empty_query_is_refused(warehouse: Path) -> None:
    with pytest.raises(QueryRejected, match="empty"):
        run_query(warehouse, "  -- nothing\n")


def test_format_result_renders_table_csv_and_json() -> None:
    cols, rows = ["a", "b"], [(1, "x"), (2, None)]
    assert format_result(cols, rows, "csv").splitlines() == ["a,b", "1,x", "2,"]
    assert format_result(cols, rows, "json").splitlines()[1] == '{"a": 2, "b": null}'
    assert format_result(cols, rows, "table").endswith("(2 rows)")
    with pytest.raises(ValueError, match="unknown format"):
        format_result(cols, rows, "xml")


def test_sql_command_refuses_writes_with_exit_code_2(warehouse: Path) -> None:
    from typer.testing import CliRunner

    from flows.cli import app

    ok = CliRunner().invoke(app, ["sql", "SELECT reason_code FROM rejects", "--warehouse", str(warehouse)])
    assert ok.exit_code == 0 and "empty" in ok.output
    bad = CliRunner().invoke(app, ["sql", "DROP VIEW rejects", "--warehouse", str(warehouse)])
    assert bad.exit_code == 2 and "read-only" in bad.output
    outside = CliRunner().invoke(
        app, ["sql", "SELECT * FROM read_text('/etc/hostname')", "--warehouse", str(warehouse)]
    )
    assert outside.exit_code == 1 and "disabled by configuration" in outside.output


def test_sql_csv_ends_lines_with_lf(warehouse: Path) -> None:
    from typer.testing import CliRunner

    from flows.cli import app

    assert format_result(["a", "b"], [(1, "x"), (2, None)], "csv") == "a,b\n1,x\n2,"
    out = CliRunner().invoke(app, ["sql", "SELECT 5 AS n", "--format", "csv", "--warehouse", str(warehouse)])
    assert out.exit_code == 0 and out.stdout == "n\n5\n"  # `| tail -n 1` gives "5", not "5\r"
    multi = CliRunner().invoke(
        app, ["sql", "SELECT 'a' || chr(10) || 'b' AS s, 1 AS k", "--format", "csv", "--warehouse", str(warehouse)]
    )
    assert multi.stdout == 's,k\n"a\nb",1\n' and "\r" not in multi.stdout  # a value's own newline stays quoted
