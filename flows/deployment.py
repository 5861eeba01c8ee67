"""Scheduled refreshes: serve the flow on a cron schedule, or deploy it to a work pool from prefect.yaml.

Both run at most one refresh at a time (Prefect concurrency limit 1, and the warehouse writer lock underneath).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PREFECT_YAML = PROJECT_ROOT / "prefect.yaml"
ENTRYPOINT = "flows/refresh.py:refresh"
DEFAULT_NAME = "stancewire-refresh"
DEFAULT_CRON = "0 * * * *"


def refresh_parameters(input_dir: Path | str, warehouse: Path | str) -> dict[str, str]:
    """Flow parameters of a scheduled refresh (absolute paths: the runner may start elsewhere)."""
    return {"input_dir": str(Path(input_dir).resolve()), "warehouse": str(Path(warehouse).resolve())}


def serve_options(cron: str, input_dir: Path | str, warehouse: Path | str, name: str = DEFAULT_NAME) -> dict[str, Any]:
    """Keyword arguments of `refresh.serve` / `refresh.to_deployment` for a cron schedule, one run at a time."""
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise ValueError(f"--cron {cron!r} is not a valid cron expression; e.g. '0 * * * *' for hourly") from exc
    return {
        "name": name,
        "cron": cron,
        "parameters": refresh_parameters(input_dir, warehouse),
        "description": "Refresh the stancewire warehouse from the corpus directory (incremental).",
        "tags": ["stancewire"],
    }


def build_deployment(cron: str, input_dir: Path | str, warehouse: Path | str, name: str = DEFAULT_NAME) -> Any:
    """The RunnerDeployment `serve_refresh` serves (built without contacting the API; used by tests)."""
    from flows.refresh import refresh

    return refresh.to_deployment(**serve_options(cron, input_dir, warehouse, name), concurrency_limit=1)


def standing_api_url() -> str:
    """The configured Prefect API (PREFECT_API_URL or the active profile); a ValueError saying how to get one."""
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    if not url:
        # Without one, serving would start a temporary API without a scheduler: no scheduled run would ever start.
        raise ValueError(
            "schedules need a standing Prefect API: start one with `prefect server start` and set "
            "PREFECT_API_URL=http://127.0.0.1:4200/api (see README 'Scheduling')"
        )
    return str(url)


def serve_refresh(cron: str, input_dir: Path | str, warehouse: Path | str, name: str = DEFAULT_NAME) -> None:
    """Serve the refresh flow on a cron schedule until interrupted (needs a Prefect server: PREFECT_API_URL)."""
    options = serve_options(cron, input_dir, warehouse, name)
    standing_api_url()
    from flows.refresh import refresh

    refresh.serve(**options, global_limit=1, limit=1)


def load_deployments(path: Path = PREFECT_YAML) -> list[dict[str, Any]]:
    """The deployments declared in prefect.yaml."""
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"cannot read the deployment file {path}: {exc}") from exc
    deployments = (data or {}).get("deployments") or []
    if not deployments:
        raise ValueError(f"{path} declares no deployments; see README 'Scheduling'")
    return deployments


def load_entrypoint_flow(entrypoint: str = ENTRYPOINT) -> Any:
    """Load the flow object a deployment's entrypoint names, as a Prefect worker would."""
    from prefect.flows import load_flow_from_entrypoint

    path, _, func = entrypoint.partition(":")
    return load_flow_from_entrypoint(f"{PROJECT_ROOT / path}:{func}")
