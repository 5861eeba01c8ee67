"""Build linker Candidates from a processed spaCy Doc (no model needed: works on any Doc with ents)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tasks.extract.linking.types import Candidate
from tasks.nlp.docview import doc_view

if TYPE_CHECKING:
    from spacy.tokens import Doc

CONTEXT_CHARS = 40


def candidates_from_doc(doc: Doc, offset: int = 0) -> list[Candidate]:
    """One Candidate per entity span of `doc` (offsets shifted by `offset` into the document's clean_text)."""
    view = doc_view(doc)
    text = view.text
    sent_starts: list[int] = []
    if doc.has_annotation("SENT_START"):
        sent_starts = [s.start for s in view.sents]
    parsed = doc.has_annotation("DEP")
    out: list[Candidate] = []
    sent_idx = 0
    for ent in doc.ents:
        while sent_idx + 1 < len(sent_starts) and sent_starts[sent_idx + 1] <= ent.start:
            sent_idx += 1
        root = ent.root
        start, end = ent.start_char, ent.end_char
        out.append(
            Candidate(
                text=text[start:end],  # what ent.text gives, without making a Token per word
                label=ent.label_,
                start_char=start + offset,
                end_char=end + offset,
                sent_idx=sent_idx,
                ruler_id=ent.ent_id_ or None,
                prev_text=text[max(0, start - CONTEXT_CHARS) : start],
                next_text=text[end : end + CONTEXT_CHARS],
                head_dep=root.dep_ if parsed else "",
                head_lemma=root.head.lemma_ if parsed else "",
            )
        )
    return out
