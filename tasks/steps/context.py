"""The run context every step receives: ids, paths and the knobs of one refresh."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from flows.settings import Settings
from tasks.steps.fingerprint import pipeline_fingerprint

_DEFAULTS = Settings(n_process=1)  # n_process is a task-runner setting: no RunContext field, no CPU probe here
#: Settings a step reads from its RunContext (the rest choose the task runner, the lock wait or the failure budget).
KNOBS = (
    "max_file_bytes",
    "non_english",
    "drop_missing_sources",
    "trust_file_stat",
    "batch_docs",
    "nlp_batch_size",
    "polarity_model",
    "keep_versions",
)


@dataclass(frozen=True, slots=True)
class RunContext:
    """Small, picklable description of one refresh, handed from task to task."""

    run_id: str
    input_dir: Path
    warehouse: Path
    model: str
    pipeline_version: str
    previous: dict[str, str] = field(default_factory=dict)  # table -> published version dir
    previous_run_id: str | None = None
    history: tuple[str, ...] = ()
    # the knobs of a refresh: their defaults are the Settings defaults (flows/settings.py), declared only there
    max_file_bytes: int = _DEFAULTS.max_file_bytes
    non_english: str = _DEFAULTS.non_english
    drop_missing_sources: bool = _DEFAULTS.drop_missing_sources
    trust_file_stat: bool = _DEFAULTS.trust_file_stat
    batch_docs: int = _DEFAULTS.batch_docs
    nlp_batch_size: int = _DEFAULTS.nlp_batch_size
    polarity_model: Path | None = _DEFAULTS.polarity_model
    keep_versions: int = _DEFAULTS.keep_versions

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        run_id: str,
        pipeline_version: str,
        previous: dict[str, str] | None = None,
        previous_run_id: str | None = None,
        history: tuple[str, ...] = (),
    ) -> RunContext:
        """The context of one refresh run with the given settings (every knob taken from them)."""
        return cls(
            run_id=run_id,
            input_dir=Path(settings.input_dir),
            warehouse=Path(settings.warehouse),
            model=settings.model,
            pipeline_version=pipeline_version,
            previous=dict(previous or {}),
            previous_run_id=previous_run_id,
            history=tuple(history),
            **{name: getattr(settings, name) for name in KNOBS},
        )

    @property
    def staging(self) -> Path:
        """Scratch directory of this run (deleted after publish)."""
        return self.warehouse / "_staging" / self.run_id

    def stage_dir(self, name: str) -> Path:
        """Scratch directory of one step's outputs."""
        path = self.staging / name
        path.mkdir(parents=True, exist_ok=True)
        return path


def new_run_id(now: datetime | None = None) -> str:
    """Sortable unique run id: UTC timestamp plus a random suffix."""
    now = now or datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)


def installed_model_version(model: str) -> str:
    """Version of an installed spaCy model package, without loading it."""
    from importlib.metadata import PackageNotFoundError, version

    for name in (model, model.replace("_", "-")):
        try:
            return version(name)
        except PackageNotFoundError:
            continue
    return "unknown"


def prepare_run(settings: Settings, *, run_id: str | None = None) -> RunContext:
    """Context of a new refresh: run id, what is published now, and the pipeline fingerprint."""
    from tasks.store.publish import read_published

    settings = replace(settings, input_dir=settings.input_dir.resolve(), warehouse=settings.warehouse.resolve())
    published = read_published(settings.warehouse)
    return RunContext.from_settings(
        settings,  # absolute paths: workers of a task runner may run elsewhere
        run_id=run_id or new_run_id(),
        pipeline_version=pipeline_fingerprint(settings.model, installed_model_version(settings.model)),
        previous={k: str(v) for k, v in published.versions.items()},
        previous_run_id=published.run_id,
        history=tuple(published.history),
    )
