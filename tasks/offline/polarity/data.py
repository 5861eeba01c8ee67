"""Read NewsMTSC-style JSONL cases ({id, sentence, target_from, target_to, polarity}) into typed records."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tasks.extract.polarity.types import PolarityInput, to_stance_label


@dataclass(frozen=True, slots=True)
class LabelledCase:
    """One evaluation or training case: id, input, and gold stance label (None when unlabelled)."""

    id: str
    item: PolarityInput
    gold: str | None


def read_cases(path: Path) -> list[LabelledCase]:
    """Parse a JSONL file of target cases; raise ValueError naming the file and line of a bad record."""
    cases: list[LabelledCase] = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                item = PolarityInput(rec["sentence"], int(rec["target_from"]), int(rec["target_to"]))
                gold = to_stance_label(rec["polarity"]) if rec.get("polarity") is not None else None
                cases.append(LabelledCase(str(rec.get("id", lineno)), item, gold))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise ValueError(
                    f"{path}:{lineno}: bad case ({exc}); expected JSON with sentence, target_from, target_to, polarity"
                ) from exc
    return cases
