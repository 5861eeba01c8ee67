"""Which task runner a refresh uses, from its settings (no cluster is started here)."""

from __future__ import annotations

import pytest
from prefect import task

from flows.runners import runner_kind, task_runner_for
from flows.settings import Settings, load_settings


def test_dask_address_selects_dask_on_that_cluster() -> None:
    settings = Settings(dask_address="tcp://10.0.0.5:8786", n_process=2)
    assert runner_kind(settings) == "dask"
    runner = task_runner_for(settings)
    assert type(runner).__name__ == "DaskTaskRunner"
    assert runner.address == "tcp://10.0.0.5:8786"


def test_dask_workers_selects_a_local_cluster_of_single_threaded_processes() -> None:
    from prefect_dask import DaskTaskRunner

    from flows.runners import SharedApiMixin

    runner = task_runner_for(Settings(dask_workers=3))
    assert isinstance(runner, DaskTaskRunner) and isinstance(runner, SharedApiMixin)  # local workers share the API
    assert runner.address is None
    assert runner.cluster_kwargs["n_workers"] == 3
    assert runner.cluster_kwargs["threads_per_worker"] == 1


def test_several_processes_select_a_local_process_pool() -> None:
    from prefect.task_runners import ProcessPoolTaskRunner

    runner = task_runner_for(Settings(n_process=2))
    assert isinstance(runner, ProcessPoolTaskRunner)
    assert runner_kind(Settings(n_process=2)) == "processes"


def test_one_process_runs_parts_inline_one_at_a_time() -> None:
    runner = task_runner_for(Settings(n_process=1))
    assert type(runner).__name__ == "ThreadPoolTaskRunner"
    assert runner_kind(Settings(n_process=1)) == "inline"


def test_environment_reaches_the_runner_choice() -> None:
    settings = load_settings(environ={"STANCEWIRE_DASK_WORKERS": "2", "STANCEWIRE_N_PROCESS": "1"})
    assert runner_kind(settings) == "dask"


def test_small_increments_stay_in_process_but_dask_is_used_when_asked() -> None:
    from flows.runners import MIN_DOCS_FOR_PROCESSES, warm_worker_count

    pool = Settings(n_process=2)
    assert runner_kind(pool, expected_new=MIN_DOCS_FOR_PROCESSES - 1) == "inline"
    assert runner_kind(pool, expected_new=MIN_DOCS_FOR_PROCESSES) == "processes"
    assert warm_worker_count(pool, expected_new=0) == 0
    assert warm_worker_count(pool, expected_new=MIN_DOCS_FOR_PROCESSES) == 2
    assert runner_kind(Settings(dask_workers=2), expected_new=0) == "dask"
    assert warm_worker_count(Settings(dask_address="tcp://h:8786"), expected_new=10_000) == 0
    assert warm_worker_count(Settings(dask_workers=2), expected_new=0) == 0
    assert warm_worker_count(Settings(dask_workers=2), expected_new=5) == 2


@task(persist_result=False)
def _worker_pid(x: int) -> int:
    """The pid of the worker process that ran the task."""
    import os

    return os.getpid()


@pytest.mark.slow
def test_process_pool_exit_ends_its_idle_workers(prefect_harness: None) -> None:
    import os
    import signal

    from flows.runners import FastExitProcessPoolTaskRunner

    with FastExitProcessPoolTaskRunner(max_workers=2) as runner:
        pids = {f.result() for f in runner.map(_worker_pid, {"x": [1, 2, 3]})}
        procs = list(runner._executor._processes.values())
    assert os.getpid() not in pids and procs
    # ended by the runner (SIGTERM), not left to wind down on their own (exit code 0)
    assert [p.exitcode for p in procs] == [-signal.SIGTERM] * len(procs)


def test_local_workers_are_given_this_process_api_url_while_the_runner_is_open(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    import flows.runners as runners

    class Base:
        def __enter__(self):
            self.seen = os.environ.get("PREFECT_API_URL")  # what a worker spawned now would inherit
            return self

        def __exit__(self, *exc):
            return None

    class Runner(runners.SharedApiMixin, Base):
        pass

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setattr(runners, "current_api_url", lambda: "http://127.0.0.1:4321/api")  # e.g. an ephemeral server
    with Runner() as runner:
        assert runner.seen == "http://127.0.0.1:4321/api"
    assert "PREFECT_API_URL" not in os.environ  # restored
    monkeypatch.setenv("PREFECT_API_URL", "http://server:4200/api")
    with Runner() as runner:
        assert runner.seen == "http://server:4200/api"  # a configured API is kept as it is
    assert os.environ["PREFECT_API_URL"] == "http://server:4200/api"
