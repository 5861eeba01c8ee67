"""Choose the task runner that executes the per-part tasks of a refresh: in-process, local processes or Dask."""

from __future__ import annotations

from typing import Any

from prefect.task_runners import ProcessPoolTaskRunner

from flows.settings import Settings

#: Fewer expected new documents than this run in-process: starting worker processes (imports and a model load each,
#: ~3-5 s on 2 cores) costs more than one process annotating a part of 100 documents alone saves.
MIN_DOCS_FOR_PROCESSES = 100


def runner_kind(settings: Settings, expected_new: int | None = None) -> str:
    """'dask' (existing cluster or a local one), 'processes' (a local process pool) or 'inline' (this process).

    expected_new (a stat-only estimate of new documents) keeps small increments in-process; Dask, when asked for,
    is always used.
    """
    if settings.dask_address or settings.dask_workers > 0:
        return "dask"
    if settings.n_process > 1 and (expected_new is None or expected_new >= MIN_DOCS_FOR_PROCESSES):
        return "processes"
    return "inline"


def task_runner_for(settings: Settings, expected_new: int | None = None) -> Any:
    """A Prefect task runner (used as a context manager) for the batch tasks of one refresh.

    - `dask_address`: prefect-dask's DaskTaskRunner on an existing cluster; every worker must see the warehouse
      path and have stancewire and the spaCy model installed.
    - `dask_workers` > 0: a local Dask cluster of that many single-threaded worker processes.
    - `n_process` > 1: a local pool of that many processes (spaCy and GX are CPU-bound; threads would share a GIL).
    - otherwise one thread in this process, parts one after another.
    Each worker process loads the spaCy model once (tasks.nlp.pipeline.shared_nlp is cached per process).
    """
    kind = runner_kind(settings, expected_new)
    if kind == "dask":
        try:
            from prefect_dask import DaskTaskRunner
        except ImportError as exc:  # pragma: no cover - prefect-dask is a declared dependency
            raise ValueError("--dask-address/--dask-workers need prefect-dask: pip install prefect-dask") from exc
        if settings.dask_address:
            return DaskTaskRunner(address=settings.dask_address)
        shared = type("SharedApiDaskTaskRunner", (SharedApiMixin, DaskTaskRunner), {})
        return shared(
            cluster_class="distributed.LocalCluster",
            cluster_kwargs={
                "n_workers": settings.dask_workers,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
            },
        )
    if kind == "processes":
        return FastExitProcessPoolTaskRunner(max_workers=settings.n_process)
    from prefect.task_runners import ThreadPoolTaskRunner

    return ThreadPoolTaskRunner(max_workers=1)


def warm_worker_count(settings: Settings, expected_new: int | None = None) -> int:
    """How many worker processes to warm up during ingest (none in-process or on an external cluster)."""
    kind = runner_kind(settings, expected_new)
    if kind == "processes":
        return settings.n_process
    if kind == "dask" and not settings.dask_address and (expected_new is None or expected_new > 0):
        return settings.dask_workers
    return 0


def current_api_url() -> str | None:
    """The Prefect API this process talks to: the configured one, or the ephemeral server a flow run started."""
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    if url:
        return str(url)
    try:
        from prefect.client.orchestration import get_client

        return str(get_client(sync_client=True).api_url)
    except Exception:  # no API at all (ephemeral mode off): workers will say so themselves
        return None


class SharedApiMixin:
    """A task runner whose local worker processes talk to this process's Prefect API.

    Without a configured PREFECT_API_URL, a flow run starts an ephemeral API server; worker processes spawned by a
    runner would each start one of their own (their task runs then missing from the flow's API) and leave it
    running after the pool ends. Exporting the URL while the runner is open (restored on exit) prevents both.
    """

    def __enter__(self) -> Any:
        import os

        self._api_env_before = os.environ.get("PREFECT_API_URL")
        url = self._api_env_before or current_api_url()
        if url:
            os.environ["PREFECT_API_URL"] = url
        return super().__enter__()  # type: ignore[misc]

    def __exit__(self, exc_type: Any, exc_value: Any, traceback: Any) -> None:
        import os

        try:
            super().__exit__(exc_type, exc_value, traceback)  # type: ignore[misc]
        finally:
            if self._api_env_before is None:
                os.environ.pop("PREFECT_API_URL", None)
            else:
                os.environ["PREFECT_API_URL"] = self._api_env_before


class FastExitProcessPoolTaskRunner(SharedApiMixin, ProcessPoolTaskRunner):
    """Prefect's ProcessPoolTaskRunner that ends its workers at once on exit instead of waiting for them to wind down.

    A worker holding the spaCy model and GX takes seconds to exit (interpreter finalisation: 8.4 s against 0.2 s
    measured on a busy 2-core box); by the time the flow leaves the runner every task result has been collected, so
    the idle workers are terminated. A warm-up still running (no new document turned up after all) is cut short.
    """

    def __exit__(self, exc_type: Any, exc_value: Any, traceback: Any) -> None:
        executor = getattr(self, "_executor", None)
        for proc in list((getattr(executor, "_processes", None) or {}).values()):
            if proc.is_alive():
                proc.terminate()
        super().__exit__(exc_type, exc_value, traceback)
