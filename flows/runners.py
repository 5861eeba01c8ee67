"""Choose the task runner that executes the per-part tasks of a refresh: in-process, local processes or Dask."""

from __future__ import annotations

from typing import Any

from flows.settings import Settings


def runner_kind(settings: Settings) -> str:
    """'dask' (existing cluster or a local one), 'processes' (a local process pool) or 'inline' (this process)."""
    if settings.dask_address or settings.dask_workers > 0:
        return "dask"
    return "processes" if settings.n_process > 1 else "inline"


def task_runner_for(settings: Settings) -> Any:
    """A Prefect task runner (used as a context manager) for the batch tasks of one refresh.

    - `dask_address`: prefect-dask's DaskTaskRunner on an existing cluster; every worker must see the warehouse
      path and have stancewire and the spaCy model installed.
    - `dask_workers` > 0: a local Dask cluster of that many single-threaded worker processes.
    - `n_process` > 1: a local pool of that many processes (spaCy and GX are CPU-bound; threads would share a GIL).
    - otherwise one thread in this process, parts one after another.
    Each worker process loads the spaCy model once (tasks.nlp.pipeline.shared_nlp is cached per process).
    """
    kind = runner_kind(settings)
    if kind == "dask":
        try:
            from prefect_dask import DaskTaskRunner
        except ImportError as exc:  # pragma: no cover - prefect-dask is a declared dependency
            raise ValueError("--dask-address/--dask-workers need prefect-dask: pip install prefect-dask") from exc
        if settings.dask_address:
            return DaskTaskRunner(address=settings.dask_address)
        return DaskTaskRunner(
            cluster_class="distributed.LocalCluster",
            cluster_kwargs={
                "n_workers": settings.dask_workers,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
            },
        )
    if kind == "processes":
        from prefect.task_runners import ProcessPoolTaskRunner

        return ProcessPoolTaskRunner(max_workers=settings.n_process)
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=1)


def warm_worker_count(settings: Settings) -> int:
    """How many worker processes to warm up during ingest (none in-process or on an external cluster)."""
    kind = runner_kind(settings)
    if kind == "processes":
        return settings.n_process
    if kind == "dask" and not settings.dask_address:
        return settings.dask_workers
    return 0
