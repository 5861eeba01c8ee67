"""Thin Prefect task wrappers around the steps: each takes small references and returns a small manifest."""

from __future__ import annotations

import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE

from tasks.steps.context import RunContext

_OPTS: dict[str, Any] = {"cache_policy": NO_CACHE, "persist_result": False}


def _timed(fn: Any, *args: Any) -> dict[str, Any]:
    """Call a step and return its manifest as a dict with the seconds it took."""
    t0 = time.perf_counter()
    out = fn(*args)
    result = asdict(out) if hasattr(out, "__dataclass_fields__") else dict(out)
    result["elapsed"] = time.perf_counter() - t0
    return result


@task(name="ingest", **_OPTS)
def ingest_task(ctx: RunContext) -> dict[str, Any]:
    """Scan, decode and stage new documents; record sources and rejects."""
    from tasks.steps.ingest import run_ingest

    return _timed(run_ingest, ctx)


@task(name="strip-boilerplate", **_OPTS)
def strip_task(ctx: RunContext, parts: list[str]) -> dict[str, Any]:
    """Label every line of the staged documents and keep their bodies."""
    from tasks.steps.strip import run_strip

    return _timed(run_strip, ctx, parts)


@task(name="annotate", **_OPTS)
def annotate_task(ctx: RunContext, parts: list[str]) -> dict[str, Any]:
    """Entities, quotes and stances from one spaCy pass over the staged clean texts."""
    from tasks.steps.annotate import run_annotate

    return _timed(run_annotate, ctx, parts)


@task(name="validate", **_OPTS)
def check_task(ctx: RunContext) -> dict[str, Any]:
    """Run the GX suites over the new rows and quarantine failing documents."""
    from tasks.steps.check import run_check

    return _timed(run_check, ctx)


@task(name="assemble", **_OPTS)
def assemble_task(ctx: RunContext, quarantined_docs: list[str]) -> dict[str, Any]:
    """Write the new version of every table from carried and new rows."""
    from tasks.steps.assemble import run_assemble

    tables = ctx.staging / "tables"
    rejects = [tables / "rejects.parquet", tables / "rejects_no_body.parquet"]
    return _timed(run_assemble, ctx, quarantined_docs, rejects)


@task(name="publish", **_OPTS)
def release_task(
    ctx: RunContext, versions: dict[str, str], quarantine_dirs: dict[str, str], run_row: dict[str, Any]
) -> dict[str, Any]:
    """Validate the small tables and publish the new version with one catalog swap."""
    from tasks.steps.release import run_release

    return _timed(run_release, ctx, versions, quarantine_dirs, run_row)


def staged_reject_parts(ctx: RunContext) -> list[Path]:
    """Staged rejects files of a run."""
    return sorted((ctx.staging / "tables").glob("rejects*.parquet"))
