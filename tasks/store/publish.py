"""Publish: build a DuckDB catalog of views over one version of every table and swap it in atomically."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemas.ddl import comment_statements, view_statement
from schemas.registry import TABLES, quarantine_schema
from schemas.views import DERIVED_VIEWS
from tasks.quality.data_docs import DOCS_DIR

CATALOG = "catalog.duckdb"
VERSIONS_TABLE = "_stancewire_versions"


@dataclass(frozen=True, slots=True)
class Published:
    """What the current catalog publishes: run id and the version directory of each table."""

    run_id: str | None
    versions: dict[str, Path]
    history: list[str]  # run ids published so far, oldest first (bounded by retention)


def catalog_path(warehouse: Path) -> Path:
    """Path of the published catalog."""
    return Path(warehouse) / CATALOG


def version_dir(warehouse: Path, table: str, run_id: str) -> Path:
    """Directory holding one run's version of a table."""
    return Path(warehouse) / table / f"v={run_id}"


def open_catalog(path: Path, alias: str = "stancewire") -> Any:
    """A read-only connection to a catalog file in a private in-memory DuckDB instance.

    `duckdb.connect(path)` shares one cached instance per path inside a process, so a connection that stays open
    on an old catalog would make every later connect see that old file (and share its settings); attaching the
    file to a fresh instance always opens the catalog published now.
    """
    import duckdb

    con = duckdb.connect()
    try:
        escaped = str(path).replace("'", "''")
        con.execute(f"ATTACH '{escaped}' AS {alias} (READ_ONLY)")
        con.execute(f"USE {alias}")
    except Exception:
        con.close()
        raise
    return con


def read_published(warehouse: Path) -> Published:
    """Read the current catalog's version map (empty when nothing is published yet)."""
    path = catalog_path(warehouse)
    if not path.exists():
        return Published(None, {}, [])
    con = open_catalog(path)
    try:
        rows = con.execute(f"SELECT table_name, path, run_id FROM {VERSIONS_TABLE}").fetchall()
        history_json = con.execute("SELECT value FROM _stancewire_meta WHERE key = 'history'").fetchone()
    finally:
        con.close()
    versions = {name: Path(p) for name, p, _ in rows}
    run_id = rows[0][2] if rows else None
    history = json.loads(history_json[0]) if history_json else ([run_id] if run_id else [])
    return Published(run_id, versions, history)


def build_catalog(
    warehouse: Path, run_id: str, versions: dict[str, Path], quarantine: dict[str, Path], history: list[str]
) -> Path:
    """Write a new catalog file with views over the given versions; return its temporary path."""
    import duckdb

    warehouse = Path(warehouse).resolve()
    tmp = warehouse / f".{CATALOG}.{run_id}.tmp"
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        if leftover.exists():
            leftover.unlink()
    con = duckdb.connect(str(tmp))
    try:
        con.execute("BEGIN TRANSACTION")  # one commit for the ~150 statements, not one each
        for name, spec in TABLES.items():
            con.execute(view_statement(name, spec.schema, Path(versions[name]).resolve()))
            for stmt in comment_statements(name, spec.schema):
                con.execute(stmt)
        for view in DERIVED_VIEWS:
            con.execute(f'CREATE OR REPLACE VIEW "{view.name}" AS {view.sql}')
            con.execute(f"COMMENT ON VIEW \"{view.name}\" IS '{view.description.replace(chr(39), chr(39) * 2)}'")
            for column, text in view.columns:
                con.execute(f'COMMENT ON COLUMN "{view.name}"."{column}" IS \'{text.replace(chr(39), chr(39) * 2)}\'')
        for name, path in quarantine.items():
            qname = f"{name}_quarantine"
            con.execute(view_statement(qname, quarantine_schema(name), Path(path).resolve()))
        con.execute(f"CREATE TABLE {VERSIONS_TABLE} (table_name VARCHAR, path VARCHAR, run_id VARCHAR)")
        con.executemany(
            f"INSERT INTO {VERSIONS_TABLE} VALUES (?, ?, ?)",
            [(n, str(Path(p).resolve()), run_id) for n, p in versions.items()]
            + [(f"{n}_quarantine", str(Path(p).resolve()), run_id) for n, p in quarantine.items()],
        )
        con.execute("CREATE TABLE _stancewire_meta (key VARCHAR, value VARCHAR)")
        con.execute("INSERT INTO _stancewire_meta VALUES ('history', ?)", [json.dumps(history)])
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    return tmp


def swap_catalog(warehouse: Path, new_catalog: Path) -> None:
    """Atomically replace the published catalog with a freshly built one."""
    target = catalog_path(warehouse)
    os.replace(new_catalog, target)
    dir_fd = os.open(str(Path(warehouse).resolve()), os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def referenced_runs(warehouse: Path) -> set[str]:
    """Run ids whose version directories the current catalog's views read (never pruned)."""
    published = read_published(warehouse)
    return {p.name[2:] for p in published.versions.values() if p.name.startswith("v=")}


def prune_versions(warehouse: Path, keep_runs: list[str], *, in_progress: str | None = None) -> list[Path]:
    """Delete versions, Data Docs and staging of runs outside keep_runs; return what went.

    Never deletes a version the current catalog references or the run in progress. A reader holding an older
    catalog keeps reading its snapshot as long as its run is among the kept ones (`keep_versions` >= 2 keeps the
    previous version through the next refresh); version directories of crashed runs are never referenced and go.
    """
    removed: list[Path] = []
    keep = set(keep_runs) | referenced_runs(warehouse) | ({in_progress} if in_progress else set())
    root = Path(warehouse)
    dirs = [root / name for name in TABLES] + [root / f"{name}_quarantine" for name in TABLES]
    dirs.append(root / "_outcomes")  # the reject ledger of tasks/steps/outcomes.py, versioned like a table
    for table_dir in dirs:
        if not table_dir.is_dir():
            continue
        for vdir in table_dir.glob("v=*"):
            if vdir.name[2:] not in keep:
                shutil.rmtree(vdir, ignore_errors=True)
                removed.append(vdir)
    docs = root / DOCS_DIR
    if docs.is_dir():
        for run_dir in docs.iterdir():
            if run_dir.is_dir() and run_dir.name not in keep:
                shutil.rmtree(run_dir, ignore_errors=True)
                removed.append(run_dir)
    staging = root / "_staging"
    if staging.is_dir():
        for run_dir in staging.iterdir():
            if run_dir.name != in_progress:
                shutil.rmtree(run_dir, ignore_errors=True)
                removed.append(run_dir)
    for tmp in root.glob(f".{CATALOG}.*.tmp*"):
        if in_progress is None or in_progress not in tmp.name:
            tmp.unlink(missing_ok=True)
    return removed
