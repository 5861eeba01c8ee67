"""The pipeline fingerprint: an allow-list of what makes a document's rows; offline and publishing code is not in it."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

from tasks.steps.fingerprint import (
    FINGERPRINT_BOUNDARY,
    FINGERPRINT_ENTRY_POINTS,
    FINGERPRINT_FILES,
    PACKAGE_ROOT,
    fingerprint_files,
    pipeline_fingerprint,
)

DATA_NAME = re.compile(r"[\w.-]+\.(?:json|jsonl|gz|onnx|npz)\b")


def _module_file(name: str) -> str | None:
    """tasks-relative path of a dotted tasks.* module name, or None when it is not a module under tasks/."""
    parts = name.split(".")
    if parts[0] != "tasks":
        return None
    base = PACKAGE_ROOT.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate.relative_to(PACKAGE_ROOT).as_posix()
    return None


def _imports(rel: str) -> set[str]:
    """tasks-relative files of every tasks.* module (and its parent packages) that `rel` imports anywhere."""
    tree = ast.parse((PACKAGE_ROOT / rel).read_text(encoding="utf-8"))
    package = ["tasks", *Path(rel).parent.parts]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)  # `from pkg import submodule`
    found = set()
    for name in names:
        parts = name.split(".")
        found.update(f for i in range(1, len(parts) + 1) if (f := _module_file(".".join(parts[:i]))))
    return found


def import_closure() -> set[str]:
    """Modules reachable from the per-document entry points, not following imports past the boundary."""
    seen: set[str] = set()
    todo = list(FINGERPRINT_ENTRY_POINTS)
    while todo:
        rel = todo.pop()
        if rel in seen or rel in FINGERPRINT_BOUNDARY:
            continue
        seen.add(rel)
        todo.extend(_imports(rel))
    return seen


def test_allow_list_covers_every_module_reachable_from_the_per_document_steps() -> None:
    missing = sorted(import_closure() - set(FINGERPRINT_FILES))
    assert not missing, f"add to FINGERPRINT_FILES (tasks/steps/fingerprint.py): {missing}"
    stale = sorted(n for n in FINGERPRINT_FILES if not (PACKAGE_ROOT / n).is_file())
    assert not stale, f"FINGERPRINT_FILES names files that do not exist (renamed?): {stale}"
    extra = sorted(n for n in FINGERPRINT_FILES if n.endswith(".py") and n not in import_closure())
    assert not extra, f"FINGERPRINT_FILES names modules no per-document step reaches: {extra}"


def test_allow_list_covers_the_data_files_the_reachable_modules_name() -> None:
    allowed = set(FINGERPRINT_FILES)
    missing = set()
    for rel in import_closure():
        folder = PACKAGE_ROOT / Path(rel).parent
        text = (PACKAGE_ROOT / rel).read_text(encoding="utf-8")
        for name in set(DATA_NAME.findall(text)):
            near = folder.glob(name) if folder == PACKAGE_ROOT else folder.rglob(name)
            missing.update(p.relative_to(PACKAGE_ROOT).as_posix() for p in near if "__pycache__" not in p.parts)
    assert not sorted(missing - allowed), f"data files read by the pipeline but not allow-listed: {missing - allowed}"
    for needed in ("boilerplate/weights.json", "nlp/gazetteer.jsonl", "extract/calibration.json"):
        assert needed in allowed
    assert any(n.startswith("extract/polarity/model/") and n.endswith(".gz") for n in allowed)
    assert any(n.startswith("extract/encoder/model/") and n.endswith(".onnx") for n in allowed)


def _copy_of_tasks(tmp_path: Path, *extra: str) -> Path:
    """A copy of the allow-listed files (plus `extra`) under tmp_path/tasks."""
    root = tmp_path / "tasks"
    for name in (*FINGERPRINT_FILES, *extra):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PACKAGE_ROOT / name, root / name)
    return root


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text)


def test_editing_evaluation_or_publishing_code_reprocesses_nothing(tmp_path: Path) -> None:
    offline = (
        "offline/stances/evaluate.py",
        "store/publish.py",
        "offline/quotes/evaluate.py",
        "offline/boilerplate/train.py",
        "steps/wrappers.py",
    )
    root = _copy_of_tasks(tmp_path, *offline)
    before = pipeline_fingerprint("m", "1")
    assert pipeline_fingerprint("m", "1", root) == before  # same files, same hash
    for name in offline:
        _append(root / name, "\n# an evaluation, publishing or orchestration change\n")
        assert pipeline_fingerprint("m", "1", root) == before, name
    assert {p.relative_to(PACKAGE_ROOT).as_posix() for p in fingerprint_files()}.isdisjoint(offline)


def test_editing_an_extractor_or_its_data_reprocesses_everything(tmp_path: Path) -> None:
    root = _copy_of_tasks(tmp_path)
    before = pipeline_fingerprint("m", "1")
    _append(root / "extract" / "quotes" / "utterances.py", "\n# a change to extraction\n")
    changed = pipeline_fingerprint("m", "1", root)
    assert changed != before
    _append(root / "nlp" / "gazetteer.jsonl", "\n")
    assert pipeline_fingerprint("m", "1", root) not in (before, changed)
    assert pipeline_fingerprint("m", "2") != before  # a new model version too


def test_no_runtime_module_reaches_offline_code() -> None:
    reached = sorted(n for n in import_closure() if n.startswith("offline/"))
    assert not reached, f"the refresh imports training or evaluation code (move it out of tasks/offline/): {reached}"
    assert not [n for n in FINGERPRINT_FILES if n.startswith("offline/")]
