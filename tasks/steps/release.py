"""Release step: validate the small tables, append the runs row, swap in the new catalog, prune old versions."""

from __future__ import annotations

import hashlib
import json
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from schemas.registry import TABLES, quarantine_schema
from tasks.quality.data_docs import write_data_docs, write_site_index
from tasks.quality.suite_chunks import validate_table_at_once
from tasks.quality.validate import SchemaValidationError, suite_path
from tasks.steps.check import quarantine_rows
from tasks.steps.context import RunContext
from tasks.store.crashpoints import pause_point
from tasks.store.parquet_io import read_parquet, to_table, write_parquet
from tasks.store.publish import build_catalog, prune_versions, swap_catalog, version_dir


@dataclass(slots=True)
class ReleaseManifest:
    """What was published."""

    catalog: str
    run_id: str
    pruned: int
    quarantined_rows: int
    validation: dict[str, Any]
    data_docs: str | None = None  # the run's Data Docs index page (HTML)


#: Columns that differ between runs without the content changing; ignored when deciding a table is unchanged.
VOLATILE_COLUMNS = frozenset({"run_id", "rejected_at", "ingested_at"})


def suite_digest(name: str) -> str:
    """Short hash of a table's expectation suite (a changed suite means the table must be validated again)."""
    return hashlib.sha256(suite_path(name).read_bytes()).hexdigest()[:16]


def previous_validation(ctx: RunContext) -> dict[str, Any]:
    """Validation summaries of the published run (empty on a first run)."""
    prev = ctx.previous.get("runs")
    if not prev or not ctx.previous_run_id or not Path(prev).is_dir():
        return {}
    runs = read_parquet(sorted(Path(prev).glob("*.parquet")), TABLES["runs"].schema, ["run_id", "validation"])
    for run_id, validation in zip(runs["run_id"].to_pylist(), runs["validation"].to_pylist(), strict=True):
        if run_id == ctx.previous_run_id and validation:
            return json.loads(validation)
    return {}


def same_rows(name: str, new_dir: str, old_dir: str | None) -> bool:
    """True when two versions of a table hold the same rows (ignoring volatile columns like run_id)."""
    if not old_dir or not any(Path(old_dir).glob("*.parquet")):
        return False
    if Path(new_dir).resolve() == Path(old_dir).resolve():  # the published version, republished unchanged
        return True
    import duckdb

    cols = ", ".join(f'"{f.name}"' for f in TABLES[name].schema if f.name not in VOLATILE_COLUMNS)
    new, old = (f"read_parquet('{Path(d) / '*.parquet'}')" for d in (new_dir, old_dir))
    con = duckdb.connect()
    try:
        diff = con.execute(
            f"SELECT (SELECT count(*) FROM (SELECT {cols} FROM {new} EXCEPT ALL SELECT {cols} FROM {old})) + "
            f"(SELECT count(*) FROM (SELECT {cols} FROM {old} EXCEPT ALL SELECT {cols} FROM {new}))"
        ).fetchone()[0]
    finally:
        con.close()
    return diff == 0


def _validate_whole(
    ctx: RunContext, name: str, path: str, previous: dict[str, Any]
) -> tuple[int, dict[str, Any], str | None]:
    """Validate a small table's new version in full (unless it equals the last, fully valid version under the
    same suite); move failing rows to its quarantine."""
    schema = TABLES[name].schema
    digest = suite_digest(name)
    before = previous.get(name) or {}
    if before.get("suite") == digest and before.get("success") and same_rows(name, path, ctx.previous.get(name)):
        rows = sum(pq.ParquetFile(p).metadata.num_rows for p in Path(path).glob("*.parquet"))
        reused = before.get("validated_in") or ctx.previous_run_id
        return (
            0,
            {
                "rows": rows,
                "success": True,
                "failed_schema": [],
                "failed_rows": 0,
                "suite": digest,
                "validated_in": reused,
            },
            None,
        )
    table = read_parquet(sorted(Path(path).glob("*.parquet")), schema)
    outcome = validate_table_at_once(name, table)  # the whole suite in one GX call
    if outcome.failed_schema:
        raise SchemaValidationError(
            f"table {name}: schema-level expectation(s) failed: {', '.join(outcome.failed_schema)}; "
            "nothing was published"
        )
    if not outcome.failed_rows:
        return 0, {**outcome.summary(), "suite": digest}, None
    bad = sorted(outcome.failed_rows)
    keep = [i for i in range(table.num_rows) if i not in outcome.failed_rows]
    qdir = version_dir(ctx.warehouse, f"{name}_quarantine", ctx.run_id)
    reasons = ["; ".join(outcome.failed_rows[i]) for i in bad]
    write_parquet(
        qdir / "part-0.parquet",
        [quarantine_rows(table.take(pa.array(bad, pa.int64())), name, reasons, ctx.run_id)],
        quarantine_schema(name),
    )
    write_parquet(Path(path) / "part-0.parquet", [table.take(pa.array(keep, pa.int64()))], schema)
    return len(bad), {**outcome.summary(), "suite": digest}, str(qdir)


def code_version(package_version: str) -> str:
    """Package version plus the git commit of the code (and '.dirty' when it has uncommitted changes), if known."""
    root = Path(__file__).resolve().parent.parent.parent
    if not (root / ".git").exists():
        return package_version
    try:
        sha = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True, timeout=5
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no", "--", "tasks", "flows"],
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return package_version
    return f"{package_version}+g{sha}{'.dirty' if dirty else ''}" if sha else package_version


def runs_row(
    ctx: RunContext,
    started: datetime,
    counts: dict[str, int],
    stage_seconds: dict[str, float],
    validation: dict[str, Any],
    extra: dict[str, Any],
) -> dict[str, Any]:
    """The runs table row of this refresh."""
    from importlib.metadata import version

    return {
        "run_id": ctx.run_id,
        "started_at": started,
        "ended_at": datetime.now(UTC),
        "status": "quarantined" if extra.get("quarantined_rows") else "published",
        "input_dir": str(ctx.input_dir),
        "code_version": code_version(version("stancewire")),
        "model_name": ctx.model,
        "model_version": extra.get("model_version", "?"),
        "pipeline_version": ctx.pipeline_version,
        "docs_total": counts.get("documents", 0),
        "docs_new": extra.get("docs_new", 0),
        "docs_carried": extra.get("docs_carried", 0),
        "rejects": counts.get("rejects", 0),
        "quarantined_rows": extra.get("quarantined_rows", 0),
        "row_counts": json.dumps(counts, sort_keys=True),
        "stage_seconds": json.dumps({k: round(v, 3) for k, v in stage_seconds.items()}),
        "validation": json.dumps(validation, sort_keys=True, default=str),
    }


def run_release(
    ctx: RunContext, versions: dict[str, str], quarantine_dirs: dict[str, str], run_row: dict[str, Any]
) -> ReleaseManifest:
    """Validate small tables, write the runs version and Data Docs, publish everything with one catalog swap."""
    t0 = time.perf_counter()
    versions = dict(versions)
    quarantine = dict(quarantine_dirs)
    validation = json.loads(run_row["validation"])
    extra_q = 0
    previous = previous_validation(ctx)
    for name in ("entities", "rejects"):
        n, summary, qdir = _validate_whole(ctx, name, versions[name], previous)
        validation[name] = summary
        extra_q += n
        if qdir:
            quarantine[name] = qdir
    for name, spec in TABLES.items():
        if spec.validated and name not in quarantine:
            qdir = version_dir(ctx.warehouse, f"{name}_quarantine", ctx.run_id)
            write_parquet(qdir / "part-0.parquet", [quarantine_schema(name).empty_table()], quarantine_schema(name))
            quarantine[name] = str(qdir)
    docs = write_data_docs(ctx.warehouse, ctx.run_id, run_row["started_at"].isoformat(), validation)
    validation = {k: {kk: vv for kk, vv in v.items() if kk != "expectations"} for k, v in validation.items()}
    seconds = {**json.loads(run_row["stage_seconds"]), "publish": round(time.perf_counter() - t0, 3)}
    row = {
        **run_row,
        "validation": json.dumps(validation, sort_keys=True, default=str),
        "quarantined_rows": run_row["quarantined_rows"] + extra_q,
        "stage_seconds": json.dumps(seconds),
    }
    if row["quarantined_rows"]:
        row["status"] = "quarantined"
    schema = TABLES["runs"].schema
    prev = ctx.previous.get("runs")
    old = read_parquet(sorted(Path(prev).glob("*.parquet")), schema) if prev and Path(prev).is_dir() else None
    new = to_table([row], schema, table="runs")
    runs_dir = version_dir(ctx.warehouse, "runs", ctx.run_id)
    write_parquet(runs_dir / "part-0.parquet", [t for t in (old, new) if t is not None], schema)
    versions["runs"] = str(runs_dir)
    history = [*ctx.history, ctx.run_id][-max(1, ctx.keep_versions) :]
    tmp = build_catalog(
        ctx.warehouse,
        ctx.run_id,
        {k: Path(v) for k, v in versions.items()},
        {k: Path(v) for k, v in quarantine.items()},
        history,
    )
    pause_point("before_swap")
    swap_catalog(ctx.warehouse, tmp)
    pause_point("after_swap")
    pruned = prune_versions(ctx.warehouse, history)
    write_site_index(ctx.warehouse, history)
    return ReleaseManifest(
        str(Path(ctx.warehouse) / "catalog.duckdb"),
        ctx.run_id,
        len(pruned),
        row["quarantined_rows"],
        validation,
        str(docs),
    )
