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


@task(name="warm-up", **_OPTS)
def warm_up_task(ctx: RunContext, worker: int) -> dict[str, Any]:
    """Load the models in a worker process while the flow ingests (one task per expected worker)."""
    from tasks.steps.warmup import warm_up

    return _timed(warm_up, ctx) | {"worker": worker}


@task(name="plan", **_OPTS)
def plan_task(ctx: RunContext) -> dict[str, Any]:
    """Estimate (stat only) how many inputs are new, to choose where the batch tasks run."""
    from tasks.steps.warmup import expected_new_documents

    return _timed(lambda c: {"expected_new": expected_new_documents(c)}, ctx)


def warm_workers(runner: Any, ctx: RunContext, workers: int) -> list[Any]:
    """Submit one warm-up task per worker (none when workers is 0); return the futures."""
    from prefect import unmapped

    if workers < 1:
        return []
    return list(runner.map(warm_up_task, {"ctx": unmapped(ctx), "worker": list(range(workers))}))


@task(name="line-stats", **_OPTS)
def line_stats_task(ctx: RunContext) -> dict[str, Any]:
    """Count recurring lines over the whole refresh once, before any part is stripped."""
    from tasks.steps.strip import write_line_stats

    return _timed(lambda c: {"path": str(write_line_stats(c))}, ctx)


@task(name="strip-part", **_OPTS)
def strip_part_task(ctx: RunContext, part: str) -> dict[str, Any]:
    """Label every line of one staged part's documents and keep their bodies."""
    from tasks.steps.strip import strip_part

    return _timed(strip_part, ctx, part)


@task(name="annotate-part", **_OPTS)
def annotate_part_task(ctx: RunContext, stripped: dict[str, Any]) -> dict[str, Any]:
    """Entities, quotes and stances from one spaCy pass over one stripped part (model loaded once per process)."""
    from tasks.steps.annotate import annotate_part

    return _timed(annotate_part, ctx, stripped["parts"][0])


@task(name="failure-budget", **_OPTS)
def failure_budget_task(ctx: RunContext, annotate: dict[str, Any], total: int, max_share: float) -> None:
    """Stop the run (SystemicFailure) when more than max_share of the new documents failed at one code site."""
    from tasks.steps.annotate import check_failure_budget
    from tasks.steps.strip import source_paths_by_doc

    if annotate.get("failed"):
        paths = {doc: ps[0] for doc, ps in source_paths_by_doc(ctx).items() if ps}
        check_failure_budget(annotate["failed"], annotate.get("failed_at", {}), total, max_share, paths)


@task(name="validate-chunk", **_OPTS)
def check_chunk_task(ctx: RunContext, annotated: list[dict[str, Any]]) -> dict[str, Any]:
    """Run the GX suites over the rows of a few annotated parts; stage quarantine rows."""
    from tasks.steps.check import check_chunk

    return _timed(check_chunk, ctx, [name for m in annotated for name in m["parts"]])


@task(name="validate", **_OPTS)
def check_task(ctx: RunContext, checked: list[dict[str, Any]]) -> dict[str, Any]:
    """Merge the chunk outcomes: raise on schema failures, publish quarantine rows of failing documents."""
    from tasks.steps.check import CheckManifest, merge_checks

    chunks = [CheckManifest(**{k: v for k, v in m.items() if k != "elapsed"}) for m in checked]
    out = _timed(merge_checks, ctx, chunks)
    out["elapsed"] += sum(m["elapsed"] for m in checked)
    return out


def prewarm_validation(parts: list[str]) -> None:
    """Import GX and build its context in a background thread of this process while workers annotate.

    The publish step validates the small tables here; importing GX (~2.6 s) during the parallel phase instead of in
    the serial tail shortens the run. Nothing to do when no part is new (publish then reuses earlier outcomes).
    """
    import threading

    from tasks.quality.validate import _context

    if parts:
        threading.Thread(target=_context, name="gx-prewarm", daemon=True).start()


def merge_parts(stage: str, results: list[dict[str, Any]]) -> dict[str, Any]:
    """One stage manifest ('strip' or 'annotate') from per-part manifests: counts and seconds added, parts in order."""
    from tasks.steps.annotate import AnnotateManifest
    from tasks.steps.strip import StripManifest

    empty = {"strip": StripManifest, "annotate": AnnotateManifest}[stage]()
    out: dict[str, Any] = {**asdict(empty), "elapsed": 0.0}
    for m in results:
        for key, value in m.items():
            if key == "parts":
                out["parts"].extend(value)
            elif isinstance(value, bool):
                continue
            elif isinstance(value, int | float):
                out[key] = out.get(key, 0) + value
            elif isinstance(value, dict):  # seconds per sub-stage add up; failure notes per document are kept
                acc = out.setdefault(key, {})
                for k, v in value.items():
                    acc[k] = v if isinstance(v, str) else acc.get(k, 0.0) + v
    return out


def chunk_futures(futures: list[Any], size: int) -> list[list[Any]]:
    """Consecutive groups of at most size futures (the validation chunks)."""
    return [list(futures[i : i + size]) for i in range(0, len(futures), max(1, size))]


def check_chunks_as_done(ctx: RunContext, annotated: list[Any]) -> list[dict[str, Any]]:
    """Validate the annotated parts in chunks, in this (the flow's) process, each as soon as its parts are done.

    The workers go on annotating meanwhile, so only the last chunk's validation is left after the last part; on
    a task runner's queue the chunks would wait behind every annotate task. `.result()` re-raises a part's failure.
    """
    return [
        check_chunk_task(ctx, [future.result() for future in chunk])
        for chunk in chunk_futures(annotated, parts_per_check(ctx))
    ]


def parts_per_check(ctx: RunContext) -> int:
    """How many staged parts one validation chunk takes (chunks of about CHECK_CHUNK_DOCS documents)."""
    from tasks.steps.check import CHECK_CHUNK_DOCS

    return max(1, CHECK_CHUNK_DOCS // max(1, ctx.batch_docs))


@task(name="assemble", **_OPTS)
def assemble_task(ctx: RunContext, quarantined_docs: list[str], failed_docs: dict[str, str]) -> dict[str, Any]:
    """Write the new version of every table from carried and new rows (without quarantined or failed documents)."""
    from tasks.steps.assemble import run_assemble

    return _timed(run_assemble, ctx, quarantined_docs, staged_reject_parts(ctx), failed_docs)


@task(name="publish", **_OPTS)
def release_task(
    ctx: RunContext, versions: dict[str, str], quarantine_dirs: dict[str, str], run_row: dict[str, Any]
) -> dict[str, Any]:
    """Validate the small tables and publish the new version with one catalog swap."""
    from tasks.steps.release import run_release

    return _timed(run_release, ctx, versions, quarantine_dirs, run_row)


@task(name="report", **_OPTS)
def report_task(ctx: RunContext) -> dict[str, Any]:
    """Write the warehouse's HTML report after publish (a failure is logged, never raised)."""
    from tasks.report import refresh_report

    return refresh_report(ctx.warehouse)


def staged_reject_parts(ctx: RunContext) -> list[Path]:
    """Staged rejects files of a run."""
    return sorted((ctx.staging / "tables").glob("rejects*.parquet"))
