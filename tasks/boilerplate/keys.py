"""Normalised line keys for counting recurring lines (furniture) across the documents of a refresh."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from tasks.boilerplate.model import CorpusStats

_DIGITS_RE = re.compile(r"\d+")
_SPACE_RE = re.compile(r"\s+")
MAX_KEY_CHARS = 200


def line_key(text: str) -> str:
    """Return the corpus-count key of a line: casefolded, digit runs as '0', whitespace collapsed, trimmed."""
    key = _SPACE_RE.sub(" ", _DIGITS_RE.sub("0", text.casefold())).strip()
    return key[:MAX_KEY_CHARS]


def page_line_keys(lines: list[str]) -> list[str]:
    """Return line_key of each line (which must hold no newline): one casefold and digit pass over the page.

    str.split() splits on exactly the characters regex \\s matches, so joining its words with single spaces is the
    collapse-and-trim of line_key.
    """
    folded = _DIGITS_RE.sub("0", "\n".join(lines).casefold())
    return [" ".join(k.split())[:MAX_KEY_CHARS] for k in folded.split("\n")]


def document_keys(raw_text: str) -> set[str]:
    """Return the distinct non-empty line keys of one document (what the flow stages per doc_id)."""
    keys = {line_key(line) for line in raw_text.split("\n")}
    keys.discard("")
    return keys


def corpus_stats_from_texts(raw_texts: Iterable[str]) -> CorpusStats:
    """Count line keys over in-memory documents (eval and tests; the flow does the same count in DuckDB)."""
    counts: Counter[str] = Counter()
    n_docs = 0
    for raw in raw_texts:
        n_docs += 1
        counts.update(document_keys(raw))
    return CorpusStats(line_doc_freq={k: c for k, c in counts.items() if c >= 2}, n_docs=n_docs)
