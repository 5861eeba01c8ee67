"""Hand-built spaCy Docs and linked mentions for the stance-extraction tests (test_extract_*.py)."""

from __future__ import annotations

import pytest

from tasks.extract.linking import Link

spacy = pytest.importorskip("spacy")
from spacy.tokens import Doc  # noqa: E402


def make_doc(tokens: list[tuple[str, int, str, str, str]], sent_starts: list[int] | None = None) -> Doc:
    """A Doc from (word, head offset, dep, pos, tag) tuples, one space after every word but the last of a run."""
    nlp = spacy.blank("en")
    words = [t[0] for t in tokens]
    spaces = [i + 1 < len(words) and words[i + 1] not in (".", ",", "'s") for i in range(len(words))]
    heads = [i + t[1] for i, t in enumerate(tokens)]
    starts = [i in (sent_starts or [0]) for i in range(len(words))]
    return Doc(
        nlp.vocab,
        words=words,
        spaces=spaces,
        heads=heads,
        deps=[t[2] for t in tokens],
        pos=[t[3] for t in tokens],
        tags=[t[4] for t in tokens],
        lemmas=[t[0].lower() for t in tokens],
        sent_starts=starts,
    )


def link(doc: Doc, text: str, entity_id: str, kind: str, nth: int = 0, parent: str | None = None) -> Link:
    """A linked mention of the nth occurrence of text."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    label = "PERSON" if kind == "person" else "GPE"
    return Link(start, start + len(text), text, label, entity_id, text, kind, "test", parent)
