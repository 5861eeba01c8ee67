"""The pipeline fingerprint: what makes a document's rows counts, orchestration does not."""

from __future__ import annotations

import shutil
from pathlib import Path

from tasks.steps.context import FINGERPRINT_EXCLUDED, PACKAGE_ROOT, fingerprint_files, pipeline_fingerprint


def test_excluded_modules_exist_and_models_and_rule_data_count() -> None:
    missing = sorted(n for n in FINGERPRINT_EXCLUDED if not (PACKAGE_ROOT / n).is_file())
    assert not missing, f"FINGERPRINT_EXCLUDED names files that do not exist (renamed?): {missing}"
    counted = {p.relative_to(PACKAGE_ROOT).as_posix() for p in fingerprint_files()}
    for needed in ("boilerplate/weights.json", "nlp/gazetteer.jsonl", "stances.py", "steps/strip.py", "decode.py"):
        assert needed in counted
    assert any(n.startswith("polarity/model/") and n.endswith(".gz") for n in counted)  # the model artifact


def test_editing_extraction_code_changes_it_and_orchestration_does_not(tmp_path: Path) -> None:
    root = tmp_path / "tasks"
    shutil.copytree(PACKAGE_ROOT, root, ignore=shutil.ignore_patterns("__pycache__"))
    before = pipeline_fingerprint("m", "1")
    assert pipeline_fingerprint("m", "1", root) == before  # same files, same hash
    with (root / "steps" / "wrappers.py").open("a") as fh:
        fh.write("\n# orchestration only\n")
    assert pipeline_fingerprint("m", "1", root) == before
    with (root / "stances.py").open("a") as fh:
        fh.write("\n# a change to extraction\n")
    assert pipeline_fingerprint("m", "1", root) != before
    assert pipeline_fingerprint("m", "2") != before  # a new model version too
