"""Which task runner a refresh uses, from its settings (no cluster is started here)."""

from __future__ import annotations

from flows.runners import runner_kind, task_runner_for
from flows.settings import Settings, load_settings


def test_dask_address_selects_dask_on_that_cluster() -> None:
    settings = Settings(dask_address="tcp://10.0.0.5:8786", n_process=2)
    assert runner_kind(settings) == "dask"
    runner = task_runner_for(settings)
    assert type(runner).__name__ == "DaskTaskRunner"
    assert runner.address == "tcp://10.0.0.5:8786"


def test_dask_workers_selects_a_local_cluster_of_single_threaded_processes() -> None:
    runner = task_runner_for(Settings(dask_workers=3))
    assert type(runner).__name__ == "DaskTaskRunner"
    assert runner.address is None
    assert runner.cluster_kwargs["n_workers"] == 3
    assert runner.cluster_kwargs["threads_per_worker"] == 1


def test_several_processes_select_a_local_process_pool() -> None:
    runner = task_runner_for(Settings(n_process=2))
    assert type(runner).__name__ == "ProcessPoolTaskRunner"
    assert runner_kind(Settings(n_process=2)) == "processes"


def test_one_process_runs_parts_inline_one_at_a_time() -> None:
    runner = task_runner_for(Settings(n_process=1))
    assert type(runner).__name__ == "ThreadPoolTaskRunner"
    assert runner_kind(Settings(n_process=1)) == "inline"


def test_environment_reaches_the_runner_choice() -> None:
    settings = load_settings(environ={"STANCEWIRE_DASK_WORKERS": "2", "STANCEWIRE_N_PROCESS": "1"})
    assert runner_kind(settings) == "dask"
