"""Warm worker processes up while the flow ingests: load the spaCy pipeline, the extractors' models and GX.

Ingest runs in the flow's process on one core; a worker that loads its models meanwhile uses the other core, so the
load is off the critical path. It is only worth it when the refresh will have new documents, which a stat-only scan
against the published sources table predicts without reading any file.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from tasks.steps.context import RunContext


def _published_sources(ctx: RunContext) -> dict[str, int]:
    """source_path -> size in bytes of the files the published run read: its sources and its rejects.

    A rejected file seen again with the same size is no new work either: its reject is remembered (or it fails the
    same cheap check again), so it must not make the refresh start worker processes.
    """
    import pyarrow.parquet as pq

    known: dict[str, int] = {}
    for table in ("rejects", "sources"):
        path = ctx.previous.get(table)
        files = sorted(Path(path).glob("*.parquet")) if path else []
        if not files:
            continue
        t = pq.read_table(files, columns=["source_path", "size_bytes"])
        known.update(zip(t["source_path"].to_pylist(), t["size_bytes"].to_pylist(), strict=True))
    return known


def expected_new_documents(ctx: RunContext) -> int:
    """How many *.txt inputs are not in the published sources with the same size (a hint, never a decision).

    Stat-only: no file is read.
    """
    known = _published_sources(ctx)
    root = Path(ctx.input_dir)
    if not root.is_dir():
        return 0
    count = 0
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            if not name.lower().endswith(".txt"):
                continue
            path = Path(dirpath) / name
            try:
                size = path.stat().st_size
            except OSError:
                continue
            if known.get(path.relative_to(root).as_posix()) != size:
                count += 1
    return count


def warm_up(ctx: RunContext) -> dict[str, float]:
    """Load, in this process, what the annotate task needs (each loader is cached per process).

    GX is not loaded here: validation runs in the flow's process (see tasks/steps/wrappers.check_chunks_as_done).
    """
    from tasks.steps.annotate import load_models

    t0 = time.perf_counter()
    load_models(ctx)
    return {"pid": float(os.getpid()), "models": time.perf_counter() - t0}
