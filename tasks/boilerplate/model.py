"""Records the boilerplate stripper returns: one decision per raw line, the stripped document, corpus counts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple


class LineDecision(NamedTuple):
    """Audit record of one raw line: where it is, whether it was kept, its label and why.

    A named tuple rather than a dataclass: a page makes one per raw line, and a tuple is built several times faster.
    """

    line_no: int
    start_char: int
    end_char: int
    text: str
    kept: bool
    label: str
    reason: str
    clean_start: int | None


@dataclass(frozen=True, slots=True)
class StripResult:
    """A stripped document: every line's decision, the kept body text and the metadata lines found."""

    lines: list[LineDecision]
    clean_text: str
    title: str | None
    byline: str | None
    published: str | None


@dataclass(frozen=True, slots=True)
class CorpusStats:
    """How many stories of one refresh contain each line, by line hash (keys.line_hash; lines seen in two or more)."""

    line_doc_freq: Mapping[str, int]
    n_docs: int

    def doc_freq(self, line: str) -> int:
        """Return the number of stories containing a line of this text (1 when its hash is not recorded)."""
        from tasks.boilerplate.keys import line_hash

        return self.line_doc_freq.get(line_hash(line), 1)
