"""tasks/ingest/rejects.py: codes equal the rejects suite's, every code has a template, no stage writes a bare code."""

from __future__ import annotations

import ast
import json
import re
import string
from datetime import UTC, datetime
from pathlib import Path

from schemas import tables
from tasks.ingest.rejects import COLUMNS, TEMPLATES, ReasonCode, Reject, detail, reject_row

ROOT = Path(__file__).resolve().parents[2]
CODES = {c.value for c in ReasonCode}
#: Calls that take a reason code, and the position of that argument.
CODE_ARG = {"Reject": 1, "reject_row": 1, "NotText": 0, "detail": 0}
_SQL_CODE = re.compile(r"reason_code\s*(=|<>|!=|IN\s*\()\s*'[a-z_]", re.IGNORECASE)


def _suite_codes() -> list[str]:
    """The reason codes the rejects suite allows."""
    suite = json.loads((ROOT / "expectations" / "rejects.json").read_text())
    for exp in suite["expectations"]:
        if exp["type"] == "expect_column_values_to_be_in_set" and exp["kwargs"]["column"] == "reason_code":
            return list(exp["kwargs"]["value_set"])
    raise AssertionError("the rejects suite has no reason_code value set")


def _stage_modules() -> list[Path]:
    """Every Python module of the pipeline but tasks/ingest/rejects.py."""
    files = [*(ROOT / "tasks").rglob("*.py"), *(ROOT / "flows").rglob("*.py")]
    return sorted(p for p in files if p != ROOT / "tasks" / "rejects.py")


def _bare_codes(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, what) of each reason code written as a bare string where a reject is made or matched."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            args = list(node.args)
            if name in CODE_ARG and len(args) > CODE_ARG[name]:
                arg = args[CODE_ARG[name]]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.append((node.lineno, f"{name}({arg.value!r})"))
            for kw in node.keywords:
                if kw.arg in ("reason_code", "code") and isinstance(kw.value, ast.Constant) and kw.value.value in CODES:
                    found.append((node.lineno, f"{name}({kw.arg}={kw.value.value!r})"))
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "reason_code" and isinstance(value, ast.Constant):
                    found.append((node.lineno, f"'reason_code': {value.value!r}"))
        elif isinstance(node, ast.Compare):
            for side in (node.left, *node.comparators):
                if isinstance(side, ast.Constant) and side.value in CODES:
                    found.append((node.lineno, f"comparison with {side.value!r}"))
                if isinstance(side, ast.Tuple | ast.List | ast.Set) and any(
                    isinstance(e, ast.Constant) and e.value in CODES for e in side.elts
                ):
                    found.append((node.lineno, "comparison with a literal collection of codes"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _SQL_CODE.search(node.value):
            found.append((node.lineno, f"SQL with a literal code: {node.value.strip()[:60]!r}"))
        elif (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Tuple | ast.List | ast.Set)
            and node.value.elts
            and all(isinstance(e, ast.Constant) and e.value in CODES for e in node.value.elts)
        ):
            found.append((node.lineno, "a literal collection of reason codes"))
    return found


def test_codes_equal_the_rejects_suite() -> None:
    """The enum's values are exactly the codes the GX rejects suite allows, so the two cannot drift."""
    suite = _suite_codes()
    assert len(suite) == len(set(suite))
    assert set(suite) == CODES


def test_every_code_has_a_template() -> None:
    """Each code has a message template whose fields fill in."""
    assert set(TEMPLATES) == set(ReasonCode)
    for code, template in TEMPLATES.items():
        fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        filled = detail(code, **dict.fromkeys(fields, "X"))
        assert filled and "{" not in filled, code


def test_row_has_the_rejects_columns_and_path_apart_from_detail() -> None:
    """A row has the rejects table's columns in order; its message is the path, then the detail."""
    at = datetime(2026, 1, 1, tzinfo=UTC)
    row = reject_row("a/b.txt", ReasonCode.EMPTY, "is empty or holds only whitespace", 0, "run1", at)
    assert tuple(row) == COLUMNS == tuple(tables.REJECTS.names)
    assert row["reason_code"] == "empty" and type(row["reason_code"]) is str
    assert row["message"] == "a/b.txt: is empty or holds only whitespace"
    rej = Reject("a/b.txt", ReasonCode.EMPTY, "is empty or holds only whitespace", 0)
    assert rej.row("run1", at) == row and rej.message == row["message"]


def test_templates_give_the_messages_written_before() -> None:
    """The templates reproduce the messages the stages wrote before the module existed, byte for byte."""
    path = "x.txt"
    nlp = reject_row(path, ReasonCode.NLP_ERROR, detail(ReasonCode.NLP_ERROR, doc_id="d1", error="boom"), 3, "r", None)
    assert nlp["message"] == (
        "x.txt: document d1 could not be analysed (boom); its other rows were left out. "
        "It is tried again on the next refresh; if it keeps failing, please report it with this file"
    )
    lang = Reject(path, ReasonCode.NOT_ENGLISH, detail(ReasonCode.NOT_ENGLISH, language="fr"), 3)
    assert lang.message == (
        "x.txt: detected language 'fr'; the NLP model is English. "
        "Set STANCEWIRE_NON_ENGLISH=process to keep such documents"
    )
    body = Reject(path, ReasonCode.NO_BODY, detail(ReasonCode.NO_BODY, why="every line was classified as furniture"), 3)
    assert body.message == "x.txt: every line was classified as furniture; nothing is left to analyse"


def test_no_bare_reason_code_outside_the_module() -> None:
    """Every stage's reject site names its code through ReasonCode, never as a bare string."""
    bad = []
    for path in _stage_modules():
        for line, what in _bare_codes(ast.parse(path.read_text(), filename=str(path))):
            bad.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert not bad, "use tasks.ingest.rejects.ReasonCode:\n" + "\n".join(bad)


def test_the_check_finds_a_bare_code() -> None:
    """The source check itself flags the forms a bare code used to take."""
    src = (
        "Reject(rel, 'empty', msg, 0)\n"
        "raise NotText('binary', 'x')\n"
        "row = {'reason_code': 'no_body'}\n"
        "if code == 'not_english': pass\n"
        "q = \"WHERE r.reason_code = 'no_body'\"\n"
        "REMEMBERED = ('no_body', 'not_english')\n"
    )
    assert len(_bare_codes(ast.parse(src))) == 6
