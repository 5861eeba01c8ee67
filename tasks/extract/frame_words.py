"""The frame word lists of tasks/extract/frame_lexicon.json (what each is for: its "_" keys), read once per process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

LEX: dict[str, Any] = json.loads((Path(__file__).with_name("frame_lexicon.json")).read_text(encoding="utf-8"))
