"""A real, temporary Prefect server for scheduling tests: own PREFECT_HOME and SQLite database, a free local port.

Everything is a subprocess (`prefect server start`, `stancewire serve`, `prefect worker start`) talking HTTP, as in
the README's *Scheduling* section; the test process only reads the API with plain HTTP requests. Every wait is
bounded and every process is stopped (its whole process group) when the test ends, pass or fail.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx

BIN = Path(sys.executable).parent
PREFECT = BIN / "prefect"
STANCEWIRE = BIN / "stancewire"
SERVER_START_SECONDS = 150
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}

T = TypeVar("T")


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_environ(**extra: str) -> dict[str, str]:
    """This process's environment without any PREFECT_* or STANCEWIRE_* variable, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "STANCEWIRE_"))}
    env.update(DO_NOT_TRACK="1", GX_ANALYTICS_ENABLED="false")
    env.update(extra)
    return env


def tail(path: Path, chars: int = 4000) -> str:
    """The end of a log file (for assertion messages)."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-chars:]
    except OSError:
        return ""


def wait_for(
    what: str, probe: Callable[[], T | None], timeout: float, every: float = 2.0, log: Path | list[Path] | None = None
) -> T:
    """Call probe until it returns something other than None; fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value is not None:
            return value
        if time.monotonic() >= deadline:
            logs = [] if log is None else [log] if isinstance(log, Path) else log
            hint = "".join(f"\n--- {path} ---\n{tail(path)}" for path in logs)
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}{hint}")
        time.sleep(every)


def stop(proc: subprocess.Popen, grace: float = 20.0) -> None:
    """SIGTERM the process group, then SIGKILL what is left after `grace` seconds."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError):  # children (flow-run subprocesses) may outlive their parent
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


@contextlib.contextmanager
def background(args: list[str], env: dict[str, str], cwd: Path, log: Path) -> Iterator[subprocess.Popen]:
    """Run a command in its own process group, output to `log`; always stopped on exit."""
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [str(a) for a in args], env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield proc
    finally:
        stop(proc)


@dataclass
class PrefectServer:
    """A running server: its API URL, the environment its clients use, and its log."""

    api_url: str
    env: dict[str, str]
    log: Path
    proc: subprocess.Popen

    def get(self, path: str) -> Any:
        return self._call("GET", path, None)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self._call("POST", path, body)

    def _call(self, method: str, path: str, body: dict[str, Any] | None, tries: int = 5) -> Any:
        """One API call, retried on 503 as Prefect's own client does (its SQLite database busy under load)."""
        for attempt in range(tries):
            r = httpx.request(method, f"{self.api_url}{path}", json=body, timeout=30)
            if r.status_code != 503 or attempt == tries - 1:
                break
            time.sleep(2.0 * (attempt + 1))
        r.raise_for_status()
        return r.json()

    def alive(self) -> None:
        assert self.proc.poll() is None, f"the Prefect server exited ({self.proc.returncode})\n{tail(self.log)}"

    def deployment(self, name: str, flow: str = "refresh") -> dict[str, Any] | None:
        """The deployment `flow/name`, or None while it does not exist."""
        r = httpx.get(f"{self.api_url}/deployments/name/{flow}/{name}", timeout=30)
        if r.status_code == 404:
            return None
        r.raise_for_status()
        return r.json()

    def flow_runs(self, deployment_id: str) -> list[dict[str, Any]]:
        """Every flow run of a deployment, oldest expected start first."""
        body = {"deployments": {"id": {"any_": [deployment_id]}}, "sort": "EXPECTED_START_TIME_ASC", "limit": 50}
        return self.post("/flow_runs/filter", body)

    def flow_run(self, run_id: str) -> dict[str, Any]:
        return self.get(f"/flow_runs/{run_id}")

    def logs(self, run_id: str) -> list[str]:
        """Messages the run logged to the API (what `prefect flow-run logs` and the UI show)."""
        body = {"logs": {"flow_run_id": {"any_": [run_id]}}, "sort": "TIMESTAMP_ASC", "limit": 200}
        return [entry["message"] for entry in self.post("/logs/filter", body)]

    def wait_until_finished(self, run_id: str, timeout: float, log: Path | None = None) -> dict[str, Any]:
        """Wait (bounded) for a flow run to reach a terminal state; return it."""

        def probe() -> dict[str, Any] | None:
            self.alive()
            run = self.flow_run(run_id)
            return run if run["state_type"] in TERMINAL else None

        return wait_for(f"flow run {run_id} to finish", probe, timeout, log=log)


@contextlib.contextmanager
def prefect_server(home: Path) -> Iterator[PrefectServer]:
    """`prefect server start` on a free port with its own PREFECT_HOME and database; stopped on exit."""
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    server_env = clean_environ(
        PREFECT_HOME=str(home),
        PREFECT_API_DATABASE_CONNECTION_URL=f"sqlite+aiosqlite:///{home / 'prefect.db'}",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_UI_ENABLED="false",
    )
    log = home / "server.log"
    with background(
        [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)], server_env, home, log
    ) as proc:
        server = PrefectServer(api_url, clean_environ(PREFECT_HOME=str(home), PREFECT_API_URL=api_url), log, proc)

        def healthy() -> bool | None:
            server.alive()
            try:
                return True if httpx.get(f"{api_url}/health", timeout=5).status_code == 200 else None
            except httpx.HTTPError:
                return None

        wait_for("the Prefect server to answer /api/health", healthy, SERVER_START_SECONDS, log=log)
        yield server
