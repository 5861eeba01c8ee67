"""`stancewire refresh` exit codes: each non-zero code is listed in --help and the README, and each has a test.

Codes tested elsewhere: 65 (tests/tasks/test_validate_outcomes.py::test_schema_failure_publishes_nothing_and_exits_65),
70 (tests/flows/test_failure_budget.py::test_an_extractor_failing_on_every_document_exits_70_and_publishes_nothing),
75 (tests/tasks/test_lock.py::test_refresh_exits_75_while_another_refresh_holds_the_lock).
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import ROOT

TESTED_ELSEWHERE = {
    65: ("tests/tasks/test_validate_outcomes.py", "test_schema_failure_publishes_nothing_and_exits_65"),
    70: ("tests/flows/test_failure_budget.py", "test_an_extractor_failing_on_every_document_exits_70_and_publishes"),
    75: ("tests/tasks/test_lock.py", "test_refresh_exits_75_while_another_refresh_holds_the_lock"),
}
TESTED_HERE = {1, 2}


def _refresh_codes() -> set[int]:
    """The exit codes the refresh command can give: its _fail(..., code=N) calls, plus 1 (an uncaught error)."""
    import flows.cli

    return {int(c) for c in re.findall(r"code=(\d+)", inspect.getsource(flows.cli.refresh))} | {1}


def test_every_refresh_exit_code_is_in_help_readme_and_tests() -> None:
    codes = _refresh_codes()
    assert codes == {1, 2, 65, 70, 75}
    help_text = " ".join(CliRunner().invoke(app, ["refresh", "--help"], terminal_width=200).output.split())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in codes:
        assert re.search(rf"(^|\s){code}\s+\S", help_text.split("Exit codes", 1)[1]), code
        assert re.search(rf"^\| {code} \| \w", readme, re.MULTILINE), code
    assert codes == TESTED_HERE | set(TESTED_ELSEWHERE)
    for path, name in TESTED_ELSEWHERE.values():
        assert f"def {name}" in (ROOT / path).read_text(encoding="utf-8"), name


def test_refresh_exits_1_on_an_unexpected_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import flows.refresh

    def broken(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(flows.refresh, "refresh", broken)
    result = CliRunner().invoke(app, ["refresh", "--input", str(tmp_path), "--warehouse", str(tmp_path / "wh")])
    assert result.exit_code == 1 and isinstance(result.exception, RuntimeError)
    assert not (tmp_path / "wh" / "catalog.duckdb").exists()


def test_refresh_exits_2_on_a_bad_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STANCEWIRE_FAILURE_BUDGET", "lots")
    result = CliRunner().invoke(app, ["refresh", "--input", str(tmp_path), "--warehouse", str(tmp_path / "wh")])
    assert result.exit_code == 2 and "STANCEWIRE_FAILURE_BUDGET" in result.output


@pytest.mark.slow
def test_refresh_exits_2_on_a_missing_input_directory(prefect_harness: None, tmp_path: Path) -> None:
    warehouse = tmp_path / "wh"
    result = CliRunner().invoke(app, ["refresh", "--input", str(tmp_path / "nowhere"), "--warehouse", str(warehouse)])
    assert result.exit_code == 2 and "nowhere" in result.output
    assert not (warehouse / "catalog.duckdb").exists()
