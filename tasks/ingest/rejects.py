"""Reject reasons: the reason codes, a message template per code, and the one constructor of a rejects row.

A rejects row's `message` is always "<source_path>: <detail>": the detail (what failed and what to do) is built from
the code's template and kept apart from the path, so the same detail can be re-attached to every file of one text
(see tasks/steps/outcomes.py). The codes must equal the set the `rejects` suite allows (expectations/rejects.json);
tests/tasks/test_rejects_module.py checks both and that no stage writes a bare reason string.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class ReasonCode(StrEnum):
    """Why an input did not become a published document (the rejects table's reason_code)."""

    EMPTY = "empty"
    BINARY = "binary"
    TOO_LARGE = "too_large"
    UNREADABLE = "unreadable"
    UNDECODABLE = "undecodable"
    NOT_A_FILE = "not_a_file"
    SYMLINK_LOOP = "symlink_loop"
    CORRUPT_GZIP = "corrupt_gzip"
    NLP_ERROR = "nlp_error"
    NOT_ENGLISH = "not_english"
    NO_BODY = "no_body"
    INGEST_ERROR = "ingest_error"
    QUARANTINED = "quarantined"
    NOT_PUBLISHED = "not_published"


#: The detail of each code's message (str.format fields); the stored message is "<source_path>: <detail>".
TEMPLATES: dict[ReasonCode, str] = {
    ReasonCode.EMPTY: "{what}",
    ReasonCode.BINARY: "holds {what}: a binary file, not {expected}",
    ReasonCode.TOO_LARGE: "{what}; {hint}",
    ReasonCode.UNREADABLE: "cannot {action} ({error}); {hint}",
    ReasonCode.UNDECODABLE: "cannot be decoded as text ({error}); re-save it as UTF-8",
    ReasonCode.NOT_A_FILE: "is {what}",
    ReasonCode.SYMLINK_LOOP: "cannot stat ({error}); fix or remove the link",
    ReasonCode.CORRUPT_GZIP: "is not a readable gzip file ({error}); re-download or re-compress the page",
    ReasonCode.NLP_ERROR: (
        "document {doc_id} could not be analysed ({error}); its other rows were left out. "
        "It is tried again on the next refresh; if it keeps failing, please report it with this file"
    ),
    ReasonCode.NOT_ENGLISH: (
        "detected language {language!r}; the NLP model is English. "
        "Set STANCEWIRE_NON_ENGLISH=process to keep such documents"
    ),
    ReasonCode.NO_BODY: "{why}; nothing is left to analyse",
    ReasonCode.INGEST_ERROR: "unexpected {kind}: {error}; please report it",
    ReasonCode.QUARANTINED: (
        "document {doc_id} failed validation ({why}); its rows are in the <table>_quarantine views. "
        "Fix the producing stage or the suite and refresh"
    ),
    ReasonCode.NOT_PUBLISHED: "document {doc_id} was ingested but produced no document row; please report it",
}

#: Columns of a rejects row, in the table's order (schemas/tables.py REJECTS).
COLUMNS = ("source_path", "reason_code", "message", "size_bytes", "run_id", "rejected_at")


def detail(code: ReasonCode, **fields: Any) -> str:
    """The detail of a reject message: the code's template filled with the fields."""
    return TEMPLATES[code].format(**fields)


def message(source_path: str, detail_text: str) -> str:
    """The stored message: the path, then the detail."""
    return f"{source_path}: {detail_text}"


@dataclass(frozen=True, slots=True)
class Reject:
    """One input that is not a document: its path, reason code, detail (without the path) and size."""

    source_path: str
    reason_code: ReasonCode
    detail: str
    size_bytes: int | None

    @property
    def message(self) -> str:
        """The stored message, "<source_path>: <detail>"."""
        return message(self.source_path, self.detail)

    def row(self, run_id: str, rejected_at: datetime) -> dict[str, Any]:
        """This reject as a rejects table row."""
        return reject_row(self.source_path, self.reason_code, self.detail, self.size_bytes, run_id, rejected_at)


def reject_row(
    source_path: str, code: ReasonCode, detail_text: str, size_bytes: int | None, run_id: str, rejected_at: datetime
) -> dict[str, Any]:
    """A rejects table row, its message built from the path and the detail."""
    return {
        "source_path": source_path,
        "reason_code": ReasonCode(code).value,
        "message": message(source_path, detail_text),
        "size_bytes": size_bytes,
        "run_id": run_id,
        "rejected_at": rejected_at,
    }
