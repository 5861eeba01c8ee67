"""The run context every step receives: ids, paths and the knobs of one refresh."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tasks.steps.fingerprint import pipeline_fingerprint


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
    max_file_bytes: int = 5_000_000
    non_english: str = "reject"
    drop_missing_sources: bool = True
    trust_file_stat: bool = True
    batch_docs: int = 200
    n_process: int = 1
    nlp_batch_size: int = 64
    polarity_model: Path | None = None
    keep_versions: int = 3

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


def prepare_run(
    input_dir: Path, warehouse: Path, model: str, *, run_id: str | None = None, **knobs: object
) -> RunContext:
    """Context of a new refresh: run id, what is published now, and the pipeline fingerprint."""
    from tasks.publish import read_published

    published = read_published(warehouse)
    fingerprint = pipeline_fingerprint(model, installed_model_version(model))
    return RunContext(
        run_id=run_id or new_run_id(),
        input_dir=Path(input_dir),
        warehouse=Path(warehouse),
        model=model,
        pipeline_version=fingerprint,
        previous={k: str(v) for k, v in published.versions.items()},
        previous_run_id=published.run_id,
        history=tuple(published.history),
        **knobs,  # type: ignore[arg-type]
    )
