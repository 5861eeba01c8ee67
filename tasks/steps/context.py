"""The run context every step receives: ids, paths and the knobs of one refresh."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
#: Source and data files whose content decides whether a document's rows must be recomputed: everything under
#: tasks/ (code, rule data, gazetteer, model artifacts) except FINGERPRINT_EXCLUDED.
FINGERPRINT_GLOBS = ("*.py", "**/*.py", "**/*.json", "**/*.jsonl", "**/*.npz", "**/*.gz", "**/*.onnx")
#: Modules that cannot change a document's own rows (orchestration, validation, assembly across documents,
#: publishing, querying): editing them must not reprocess the corpus. Anything not listed counts, so a new module
#: is covered by default.
FINGERPRINT_EXCLUDED = frozenset(
    {
        "crashpoints.py",
        "data_docs.py",
        "lock.py",
        "publish.py",
        "query.py",
        "report/__init__.py",  # the HTML report reads the published catalog; it makes no rows
        "report/charts.py",
        "report/layout.py",
        "report/page.py",
        "report/queries.py",
        "validate.py",
        "steps/assemble.py",
        "steps/check.py",
        "steps/check_gx.py",
        "steps/context.py",
        "steps/outcomes.py",
        "steps/release.py",
        "steps/warmup.py",
        "steps/wrappers.py",
        "encoder/train.py",  # offline training: the artifact it writes is what counts
        "encoder/train_sentence.py",
        "eval_cases.py",  # evaluation input only
        "extract/calibrate.py",  # offline calibration: calibration.json is what counts
    }
)


def fingerprint_files(root: Path = PACKAGE_ROOT) -> list[Path]:
    """The files under root whose content is part of the pipeline fingerprint, sorted."""
    found = {p for g in FINGERPRINT_GLOBS for p in root.glob(g) if "__pycache__" not in p.parts}
    return sorted(p for p in found if p.relative_to(root).as_posix() not in FINGERPRINT_EXCLUDED)


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


def pipeline_fingerprint(model: str, model_version: str, root: Path = PACKAGE_ROOT) -> str:
    """Hash of the model and the code and data that make a document's rows: a change reprocesses every document."""
    digest = hashlib.sha256(f"{model}|{model_version}".encode())
    for path in fingerprint_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


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
