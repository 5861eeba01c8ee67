"""The `refresh` Prefect flow: wiring of the stages, nothing else.

No `from __future__ import annotations` here: the flow's parameter annotations must be real objects, so that a
worker or a served runner that loads this file by path can validate a run's parameters without resolving names.
"""

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow

from flows.progress import RefreshProgress
from flows.runners import task_runner_for, warm_worker_count
from flows.settings import Settings, SettingsParameter, load_settings
from flows.summary import RunSummary, build_summary


def _context(settings: Settings) -> Any:
    """Build the run context from settings (imports the steps lazily)."""
    from tasks.steps.context import prepare_run

    return prepare_run(settings)


@flow(name="refresh", log_prints=True)
def refresh(
    input_dir: str | None = None,
    warehouse: str | None = None,
    config: str | None = None,
    settings: SettingsParameter | None = None,
) -> RunSummary:
    """Refresh the warehouse from a corpus directory: ingest, strip, annotate, validate, publish.

    Every parameter is plain JSON, so a deployment, the Prefect UI and `prefect deployment run --param` can set and
    validate it; the Settings object is resolved here, inside the run, from the worker's environment. Per-part
    tasks (strip, annotate) run on the task runner the settings choose (see flows.runners); each part is annotated
    as soon as it is stripped, and chunks of annotated parts are validated in the flow's process while the workers
    go on.

    Args:
        input_dir: Corpus directory (*.txt, recursive); default: setting input_dir.
        warehouse: Warehouse directory; default: setting warehouse.
        config: TOML settings file ([stancewire] table); default: STANCEWIRE_CONFIG, if set.
        settings: Setting names to values, applied over defaults, the TOML file and STANCEWIRE_* variables,
            e.g. {"n_process": 1, "lock_wait_seconds": 600}.
    """
    resolved = load_settings(config, overrides=settings).with_overrides(
        input_dir=Path(input_dir) if input_dir else None, warehouse=Path(warehouse) if warehouse else None
    )
    return _refresh(resolved)


def _refresh(settings: Settings) -> RunSummary:
    """The body of the refresh flow, on resolved settings."""
    from prefect import get_run_logger, unmapped

    from tasks.steps.context import installed_model_version
    from tasks.steps.release import runs_row
    from tasks.steps.wrappers import (
        annotate_part_task,
        assemble_task,
        check_chunks_as_done,
        check_task,
        failure_budget_task,
        ingest_task,
        line_stats_task,
        merge_parts,
        plan_task,
        prewarm_validation,
        release_task,
        report_task,
        strip_part_task,
        warm_workers,
    )
    from tasks.store.lock import warehouse_lock

    started = datetime.now(UTC)
    t0 = time.perf_counter()
    with warehouse_lock(settings.warehouse, settings.lock_wait_seconds), RefreshProgress() as progress:
        ctx = _context(settings)
        expected_new = plan_task(ctx)["expected_new"]
        with task_runner_for(settings, expected_new) as runner:
            warm_workers(runner, ctx, warm_worker_count(settings, expected_new))  # models load while ingest runs
            progress.start("ingest", expected_new)
            ingest = ingest_task(ctx)
            progress.finish("ingest", ingest["docs_new"], f"{ingest['docs_carried']} documents carried over")
            line_stats_task(ctx)
            progress.start("strip", ingest["docs_new"])
            progress.start("annotate", ingest["docs_new"])
            stripped = runner.map(strip_part_task, {"ctx": unmapped(ctx), "part": ingest["parts"]})
            progress.track("strip", stripped)
            annotated = runner.map(annotate_part_task, {"ctx": unmapped(ctx), "stripped": stripped})
            progress.track("annotate", annotated)
            prewarm_validation(ingest["parts"])  # GX loads in this process while the workers are busy
            checked = check_chunks_as_done(ctx, annotated)  # here, while the workers go on annotating
            strip = merge_parts("strip", [f.result() for f in stripped])  # .result() re-raises a part's failure
            progress.finish("strip", strip["docs"])
            annotate = merge_parts("annotate", [f.result() for f in annotated])
            progress.finish("annotate", annotate["docs"])
            failure_budget_task(ctx, annotate, strip["docs"], settings.failure_budget)  # raises: nothing published
            progress.start("validate", None)
            check = check_task(ctx, checked)
            progress.finish("validate", note=f"{check['quarantined_rows']} rows quarantined")
            progress.start("assemble", None)
            assemble = assemble_task(ctx, check["quarantined_docs"], annotate["failed"])
            progress.finish("assemble")
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
            progress.start("publish", None)
            release = release_task(ctx, assemble["versions"], check["quarantine_dirs"], row)
            progress.finish("publish")
    stages["publish"] = release
    stages["report"] = report_task(ctx)  # after the lock: readers already see the new catalog
    summary = build_summary(ctx, stages, time.perf_counter() - t0)
    get_run_logger().info("refresh published\n%s", summary.render())  # the run's log in the UI / flow-run logs
    return summary
