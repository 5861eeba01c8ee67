"""Publishing: one atomic catalog swap, readers keep their snapshot, pruning keeps what is referenced."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from schemas.registry import TABLES
from tasks.quality.data_docs import docs_root
from tasks.store.parquet_io import to_table, write_parquet
from tasks.store.publish import (
    build_catalog,
    catalog_path,
    prune_versions,
    read_published,
    referenced_runs,
    swap_catalog,
    version_dir,
)
from tasks.store.query import run_query


def _reject(path: str, run_id: str) -> dict:
    return {
        "source_path": path,
        "reason_code": "empty",
        "message": f"{path}: is empty",
        "size_bytes": 0,
        "run_id": run_id,
        "rejected_at": datetime.now(UTC),
    }


def write_version(warehouse: Path, run_id: str, n_rejects: int) -> dict[str, Path]:
    """Write one run's version of every table (rejects holds n rows, the rest are empty)."""
    versions = {}
    for name, spec in TABLES.items():
        out = version_dir(warehouse, name, run_id)
        rows = [_reject(f"{run_id}-{i}.txt", run_id) for i in range(n_rejects)] if name == "rejects" else []
        write_parquet(out / "part-0.parquet", [to_table(rows, spec.schema)], spec.schema)
        versions[name] = out
    (docs_root(warehouse) / run_id).mkdir(parents=True, exist_ok=True)
    return versions


def publish(warehouse: Path, run_id: str, n_rejects: int, history: list[str]) -> None:
    """Write a version, build its catalog and swap it in."""
    versions = write_version(warehouse, run_id, n_rejects)
    swap_catalog(warehouse, build_catalog(warehouse, run_id, versions, {}, history))


def test_nothing_published_yet(tmp_path: Path) -> None:
    assert read_published(tmp_path).run_id is None and read_published(tmp_path).versions == {}


def test_swap_publishes_every_table_at_once(tmp_path: Path) -> None:
    publish(tmp_path, "r1", 1, ["r1"])
    published = read_published(tmp_path)
    assert published.run_id == "r1" and published.history == ["r1"]
    assert set(published.versions) == set(TABLES)
    assert all(p.name == "v=r1" for p in published.versions.values())
    publish(tmp_path, "r2", 2, ["r1", "r2"])
    assert read_published(tmp_path).run_id == "r2"
    assert run_query(tmp_path, "SELECT count(*) FROM rejects")[1] == [(2,)]
    assert not list(tmp_path.glob(".catalog.duckdb.*"))


def test_a_reader_keeps_its_snapshot_and_does_not_block_the_writer(tmp_path: Path) -> None:
    publish(tmp_path, "r1", 1, ["r1"])
    reader = duckdb.connect(str(catalog_path(tmp_path)), read_only=True)
    try:
        assert reader.execute("SELECT count(*) FROM rejects").fetchone() == (1,)
        publish(tmp_path, "r2", 2, ["r1", "r2"])  # would raise if the open reader blocked the swap
        prune_versions(tmp_path, ["r1", "r2"])
        assert reader.execute("SELECT count(*) FROM rejects").fetchone() == (1,)  # still r1's snapshot
        assert run_query(tmp_path, "SELECT count(*) FROM rejects")[1] == [(2,)]  # new readers see r2
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from tasks.store.query import run_query; "
                "print(run_query(sys.argv[1], 'SELECT count(*) FROM rejects')[1][0][0])",
                str(tmp_path),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout.strip() == "2"
    finally:
        reader.close()


def test_the_writer_sees_the_new_catalog_while_an_old_connection_stays_open(tmp_path: Path) -> None:
    publish(tmp_path, "r1", 1, ["r1"])
    stale = duckdb.connect(str(catalog_path(tmp_path)), read_only=True)  # DuckDB caches this instance by path
    try:
        publish(tmp_path, "r2", 2, ["r1", "r2"])
        assert read_published(tmp_path).run_id == "r2"  # not the cached r1 instance
        assert stale.execute("SELECT run_id FROM _stancewire_versions LIMIT 1").fetchone() == ("r1",)
    finally:
        stale.close()


def test_prune_keeps_the_last_runs_and_removes_the_rest(tmp_path: Path) -> None:
    for i in range(1, 5):
        publish(tmp_path, f"r{i}", i, [f"r{j}" for j in range(max(1, i - 1), i + 1)])
    write_version(tmp_path, "crashed", 9)  # a run killed before its swap: never referenced
    (tmp_path / "_staging" / "crashed").mkdir(parents=True)
    (tmp_path / ".catalog.duckdb.crashed.tmp").write_bytes(b"partial")
    removed = prune_versions(tmp_path, ["r3", "r4"])
    left = {p.name for p in (tmp_path / "rejects").iterdir()}
    assert left == {"v=r3", "v=r4"}
    assert {p.name for p in docs_root(tmp_path).iterdir()} == {"r3", "r4"}
    assert not list((tmp_path / "_staging").iterdir()) and not list(tmp_path.glob(".catalog.duckdb.*"))
    assert any(p.name == "v=crashed" for p in removed)
    assert run_query(tmp_path, "SELECT count(*) FROM rejects")[1] == [(4,)]


def test_prune_never_removes_what_the_catalog_references(tmp_path: Path) -> None:
    publish(tmp_path, "r1", 1, ["r1"])
    publish(tmp_path, "r2", 2, ["r2"])
    assert referenced_runs(tmp_path) == {"r2"}
    prune_versions(tmp_path, [])  # an empty keep list must not empty the warehouse
    assert run_query(tmp_path, "SELECT count(*) FROM rejects")[1] == [(2,)]
    assert not (tmp_path / "rejects" / "v=r1").exists()


def test_prune_keeps_the_run_in_progress(tmp_path: Path) -> None:
    publish(tmp_path, "r1", 1, ["r1"])
    write_version(tmp_path, "r2", 2)
    (tmp_path / "_staging" / "r2").mkdir(parents=True)
    prune_versions(tmp_path, ["r1"], in_progress="r2")
    assert (tmp_path / "rejects" / "v=r2").is_dir() and (tmp_path / "_staging" / "r2").is_dir()


def test_catalog_views_have_the_registry_columns(tmp_path: Path) -> None:
    publish(tmp_path, "r1", 0, ["r1"])
    for table, spec in TABLES.items():
        cols = [r[0] for r in run_query(tmp_path, f"DESCRIBE {table}")[1]]
        assert cols == spec.schema.names, table
