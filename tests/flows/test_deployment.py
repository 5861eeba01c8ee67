"""Scheduling: prefect.yaml's deployment loads and points at the refresh flow; `serve` builds the same thing."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.deployment import ENTRYPOINT, build_deployment, load_deployments, load_entrypoint_flow, serve_options


def test_prefect_yaml_declares_one_refresh_deployment_with_concurrency_one() -> None:
    (dep,) = load_deployments()
    assert dep["entrypoint"] == ENTRYPOINT
    assert dep["concurrency_limit"] == 1
    assert dep["work_pool"]["name"]
    assert [s["cron"] for s in dep["schedules"]] == ["0 * * * *"]
    assert set(dep["parameters"]) == {"input_dir", "warehouse"}


def test_the_entrypoint_loads_the_refresh_flow() -> None:
    from flows.refresh import refresh

    (dep,) = load_deployments()
    flow = load_entrypoint_flow(dep["entrypoint"])
    assert flow.name == refresh.name == "refresh"
    assert flow.fn.__code__.co_code == refresh.fn.__code__.co_code
    assert set(flow.parameters.properties) >= set(dep["parameters"])


def test_flow_parameters_are_plain_json_a_deployment_can_validate() -> None:
    """A run's parameters are validated from the deployment's JSON in a fresh process: no Python class, no forward
    reference to resolve (a `settings: Settings` parameter failed every scheduled run, see test_schedule_e2e)."""
    import inspect
    import json

    from flows.refresh import refresh

    (dep,) = load_deployments()
    flow = load_entrypoint_flow(dep["entrypoint"])
    schema = flow.parameters.model_dump()
    assert not schema.get("definitions") and "$ref" not in json.dumps(schema), schema
    assert set(schema["properties"]) == {"input_dir", "warehouse", "config", "settings"}
    for param in inspect.signature(refresh.fn).parameters.values():
        assert not isinstance(param.annotation, str), param
    params = {"input_dir": "/in", "warehouse": "/wh", "settings": {"n_process": 1, "lock_wait_seconds": "5"}}
    assert flow.validate_parameters(params) == {**params, "config": None}
    json.dumps(flow.validate_parameters(params))


def test_prefect_yaml_schedules_are_valid_cron() -> None:
    from prefect.client.schemas.schedules import CronSchedule

    (dep,) = load_deployments()
    for schedule in dep["schedules"]:
        CronSchedule(cron=schedule["cron"], timezone=schedule.get("timezone"))


def test_serve_builds_a_cron_deployment_with_one_run_at_a_time(tmp_path: Path) -> None:
    dep = build_deployment("*/15 * * * *", tmp_path / "in", tmp_path / "wh", name="test-refresh")
    assert dep.name == "test-refresh" and dep.flow_name == "refresh"
    assert [s.schedule.cron for s in dep.schedules] == ["*/15 * * * *"]
    assert dep.concurrency_limit == 1
    assert dep.parameters == {"input_dir": str(tmp_path / "in"), "warehouse": str(tmp_path / "wh")}


def test_a_bad_cron_is_refused_with_an_example() -> None:
    with pytest.raises(ValueError, match="0 \\* \\* \\* \\*"):
        serve_options("61 * * * *", "in", "wh")


def test_serve_command_serves_the_flow_one_run_at_a_time(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings
    from typer.testing import CliRunner

    from flows.cli import app
    from flows.refresh import refresh

    calls: list[dict] = []
    monkeypatch.setattr(refresh, "serve", lambda **kwargs: calls.append(kwargs))
    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:4200/api"}):
        result = CliRunner().invoke(
            app, ["serve", "--cron", "5 * * * *", "--input", str(tmp_path), "--warehouse", str(tmp_path / "wh")]
        )
    assert result.exit_code == 0, result.output
    (kwargs,) = calls
    assert kwargs["cron"] == "5 * * * *" and kwargs["global_limit"] == 1 and kwargs["limit"] == 1
    assert kwargs["parameters"] == {"input_dir": str(tmp_path), "warehouse": str(tmp_path / "wh")}
    bad = CliRunner().invoke(app, ["serve", "--cron", "not a cron"])
    assert bad.exit_code == 2 and "cron" in bad.output and len(calls) == 1


def test_serve_without_a_standing_api_says_how_to_start_one(tmp_path: Path) -> None:
    """Without PREFECT_API_URL, serving would use a temporary API that has no scheduler: refused, with the fix."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect_home")  # no profile with an API URL either
    done = subprocess.run(
        [str(Path(sys.executable).with_name("stancewire")), "serve", "--input", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "prefect server start" in done.stderr and "PREFECT_API_URL" in done.stderr
