"""Scheduled refreshes end to end: a real Prefect server, a real schedule, a real worker, a published warehouse.

1. `stancewire serve --cron "* * * * *"` against a temporary server: the server's scheduler creates the run, the
   served process executes it, the run reaches Completed and the warehouse holds the corpus. A run of the same
   deployment with a bad setting fails with the cause in its state message and its logs.
2. prefect.yaml: `prefect work-pool create`, `prefect --no-prompt deploy --all`, `prefect worker start`,
   `prefect deployment run` (the README's commands): a run completes and publishes; a run whose input directory is
   missing fails with the message `stancewire refresh` prints in the run's state and logs.

No mocks: the server, the served process and the worker are subprocesses; the test reads the API over HTTP.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.flows.prefect_server import PREFECT, STANCEWIRE, PrefectServer, background, prefect_server, tail, wait_for

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))[:2]
#: Scheduled at the next minute boundary (≤ 60 s), picked up by the runner's poll (10 s), then a refresh of two
#: documents in a fresh process (model load included, ~30-60 s on a busy 2-core machine).
RUN_SECONDS = 180


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    with prefect_server(tmp_path_factory.mktemp("prefect_server")) as srv:
        yield srv


def corpus(tmp_path: Path) -> Path:
    """A temporary input directory with a copy of two seeds."""
    out = tmp_path / "in"
    out.mkdir()
    for path in SEEDS:
        shutil.copy(path, out / path.name)
    return out


def published_documents(warehouse: Path) -> list[str]:
    """source paths of the published documents, read from the catalog opened read-only."""
    con = duckdb.connect(str(warehouse / "catalog.duckdb"), read_only=True)
    try:
        return sorted(r[0] for r in con.execute("SELECT source_path FROM documents").fetchall())
    finally:
        con.close()


def assert_plain_parameters(deployment: dict) -> None:
    """The parameter schema the UI renders: plain JSON types, nothing that needs a Python class to validate."""
    schema = deployment["parameter_openapi_schema"]
    assert not schema.get("definitions") and not schema.get("$defs"), schema
    for name, prop in schema["properties"].items():
        assert "$ref" not in json.dumps(prop), (name, prop)


def assert_failed_with(server: PrefectServer, run: dict, message: str) -> None:
    """The run failed, and its state message (UI, `prefect flow-run inspect`) and logs name the cause."""
    assert run["state_type"] == "FAILED", run["state"]
    assert message in run["state"]["message"], run["state"]["message"]
    logged(server, run["id"], message)


#: How long a run's shipped log may take to hold a line (seconds): a bound on waiting, not a timing assertion.
LOG_WAIT_S = 120


def logged(server: PrefectServer, run_id: str, text: str) -> None:
    """Wait (bounded) for the run's log in the API to hold `text` (logs are shipped in batches, after the state)."""

    def probe() -> bool | None:
        return any(text in line for line in server.logs(run_id)) or None

    # the worker ships a finished run's last log lines in a batch after its state; on a loaded 2-core CI machine that
    # once took more than 30 s (the state message already named the cause), so the bound is generous
    wait_for(f"the log of run {run_id} to mention {text!r}", probe, LOG_WAIT_S)


def test_served_flow_runs_on_its_cron_schedule_and_publishes(server: PrefectServer, tmp_path: Path) -> None:
    from flows.settings import load_settings

    inp, warehouse = corpus(tmp_path), tmp_path / "wh"
    log = tmp_path / "serve.log"
    env = {**server.env, "STANCEWIRE_N_PROCESS": "1"}
    args = [STANCEWIRE, "serve", "--cron", "* * * * *", "--input", inp, "--warehouse", warehouse, "--name", "e2e-serve"]
    with background(args, env, tmp_path, log) as serve:

        def deployed() -> dict | None:
            assert serve.poll() is None, f"stancewire serve exited ({serve.returncode})\n{tail(log)}"
            return server.deployment("e2e-serve")

        deployment = wait_for("stancewire serve to register its deployment", deployed, 120, log=log)
        assert deployment["parameters"] == {"input_dir": str(inp), "warehouse": str(warehouse)}
        assert deployment["global_concurrency_limit"]["limit"] == 1
        assert_plain_parameters(deployment)

        def first_scheduled_run_finished() -> dict | None:
            assert serve.poll() is None, f"stancewire serve exited ({serve.returncode})\n{tail(log)}"
            runs = [r for r in server.flow_runs(deployment["id"]) if r["auto_scheduled"]]
            return runs[0] if runs and runs[0]["state_type"] in {"COMPLETED", "FAILED", "CRASHED"} else None

        # No run at all: see the server's log (its scheduler creates the runs).
        run = wait_for("a scheduled run to finish", first_scheduled_run_finished, RUN_SECONDS, log=[log, server.log])
        assert run["state_type"] == "COMPLETED", f"{run['state']}\n{server.logs(run['id'])}\n{tail(log)}"
        assert published_documents(warehouse) == sorted(p.name for p in SEEDS)
        logged(server, run["id"], "documents   2")  # the run summary `stancewire refresh` prints

        # A bad setting passed to the deployment (as a UI user would) fails the run with the setting named.
        with pytest.raises(ValueError) as expected:
            load_settings(environ={}, overrides={"batch_docs": "many"})
        bad = server.post(
            f"/deployments/{deployment['id']}/create_flow_run", {"parameters": {"settings": {"batch_docs": "many"}}}
        )
        assert_failed_with(server, server.wait_until_finished(bad["id"], RUN_SECONDS, log=log), str(expected.value))


def test_prefect_yaml_deployment_runs_on_a_process_worker(server: PrefectServer, tmp_path: Path) -> None:
    inp, warehouse = corpus(tmp_path), tmp_path / "wh"
    log = tmp_path / "worker.log"
    # The README's commands, run from the project root (prefect.yaml's pull step uses $PWD).
    env = {
        **server.env,
        "PWD": str(ROOT),
        "STANCEWIRE_INPUT_DIR": str(inp),
        "STANCEWIRE_WAREHOUSE": str(warehouse),
        "STANCEWIRE_N_PROCESS": "1",
    }

    def cli(*args: str | Path) -> str:
        done = subprocess.run(
            [str(PREFECT), *map(str, args)], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180
        )
        assert done.returncode == 0, f"prefect {args}: {done.stdout}\n{done.stderr}"
        return done.stdout

    cli("work-pool", "create", "stancewire", "--type", "process")
    cli("--no-prompt", "deploy", "--all")
    deployment = server.deployment("stancewire-refresh")
    assert deployment is not None
    assert deployment["parameters"] == {"input_dir": str(inp), "warehouse": str(warehouse)}
    assert deployment["global_concurrency_limit"]["limit"] == 1
    assert_plain_parameters(deployment)

    missing = tmp_path / "missing"
    out_bad = cli("deployment", "run", "refresh/stancewire-refresh", "--param", f"input_dir={missing}")
    out_good = cli("deployment", "run", "refresh/stancewire-refresh")
    bad_id, good_id = (re.search(r"UUID: ([0-9a-f-]{36})", out).group(1) for out in (out_bad, out_good))
    with background([PREFECT, "worker", "start", "--pool", "stancewire"], env, ROOT, log):
        good = server.wait_until_finished(good_id, RUN_SECONDS, log=log)
        bad = server.wait_until_finished(bad_id, RUN_SECONDS, log=log)
    assert good["state_type"] == "COMPLETED", f"{good['state']}\n{server.logs(good_id)}\n{tail(log)}"
    assert published_documents(warehouse) == sorted(p.name for p in SEEDS)
    # What `stancewire refresh --input MISSING` prints after "error: ".
    assert_failed_with(server, bad, f"input directory {missing} does not exist or is not a directory")
