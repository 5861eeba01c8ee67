"""The `refresh` Prefect flow: wiring of the stages, nothing else."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow

from flows.settings import Settings, load_settings
from flows.summary import RunSummary, build_summary


def _context(settings: Settings) -> Any:
    """Build the run context from settings (imports the steps lazily)."""
    from tasks.steps.context import prepare_run

    return prepare_run(
        settings.input_dir,
        settings.warehouse,
        settings.model,
        max_file_bytes=settings.max_file_bytes,
        non_english=settings.non_english,
        drop_missing_sources=settings.drop_missing_sources,
        batch_docs=settings.batch_docs,
        n_process=settings.n_process,
        nlp_batch_size=settings.nlp_batch_size,
        polarity_model=settings.polarity_model,
        keep_versions=settings.keep_versions,
    )


@flow(name="refresh", log_prints=True)
def refresh(input_dir: str | None = None, warehouse: str | None = None, settings: Settings | None = None) -> RunSummary:
    """Refresh the warehouse from a corpus directory: ingest, strip, annotate, validate, publish."""
    from tasks.lock import warehouse_lock
    from tasks.steps.context import installed_model_version
    from tasks.steps.release import runs_row
    from tasks.steps.wrappers import (
        annotate_task,
        assemble_task,
        check_task,
        ingest_task,
        release_task,
        strip_task,
    )

    settings = (settings or load_settings()).with_overrides(
        input_dir=Path(input_dir) if input_dir else None, warehouse=Path(warehouse) if warehouse else None
    )
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    with warehouse_lock(settings.warehouse, settings.lock_wait_seconds):
        ctx = _context(settings)
        ingest = ingest_task(ctx)
        strip = strip_task(ctx, ingest["parts"])
        annotate = annotate_task(ctx, strip["parts"])
        check = check_task(ctx)
        assemble = assemble_task(ctx, check["quarantined_docs"])
        stages = {
            "ingest": ingest,
            "strip": strip,
            "annotate": annotate,
            "validate": check,
            "assemble": assemble,
        }
        seconds = {name: out["elapsed"] for name, out in stages.items()}
        row = runs_row(
            ctx,
            started,
            assemble["rows"],
            seconds,
            check["outcomes"],
            {
                "docs_new": strip["docs"],
                "docs_carried": ingest["docs_carried"],
                "quarantined_rows": check["quarantined_rows"],
                "model_version": installed_model_version(ctx.model),
            },
        )
        release = release_task(ctx, assemble["versions"], check["quarantine_dirs"], row)
    stages["publish"] = release
    return build_summary(ctx, stages, time.perf_counter() - t0)
