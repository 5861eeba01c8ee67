"""Read evaluation cases: one JSON object a line with at least an id and a text (shared by the eval commands)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path


def read_text_cases(path: Path, what: str) -> Iterator[dict]:
    """Cases with `id` and `text` from a JSONL file, skipping blank lines; raise ValueError naming the bad line."""
    with Path(path).open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                case = json.loads(line)
                case["id"], case["text"]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{lineno}: not {what} with id and text ({exc})") from exc
            yield case
