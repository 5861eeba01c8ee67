"""Claims voiced through a noun: 'Trump's claim that the election is rigged', 'her suggestion that X resign'.

The noun is one of NOUN_CUES, its possessor is the speaker (a noun without one is skipped: no speaker to name),
and the content is its 'that' clause. Nouns chosen on PolNeAR train: lemmas of at least 5 annotated noun cues that
also head at least 5 'that' clauses there (claim, concern, assertion, suggestion, argument, ...).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tasks.extract.quotes.direct import Pending, inside, paragraph
from tasks.extract.speakers import words
from tasks.nlp.docview import doc_view

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NOUN_CUES = words(
    """claim concern assertion suggestion argument allegation complaint fear hope accusation report position sense
    comment"""
)
MIN_CLAIM_CHARS = 12
EDGE = " \t\n,;:—–-"


def _that_clause(noun: Token) -> Token | None:
    """The clause a noun introduces with 'that' ('the claim [that X]'), not a relative clause ('the claim that
    he made')."""
    for child in noun.children:
        marks = (g for g in child.children if g.dep_ == "mark")
        if child.dep_ in ("acl", "ccomp") and child.i > noun.i and any(g.lower_ == "that" for g in marks):
            return child
    return None


def noun_claims(doc: Doc, text: str, quoted: Sequence[tuple[int, int]], taken: Sequence[Pending]) -> list[Pending]:
    """Pending indirect items voiced through a possessed claim noun, outside quotes and other items' contents."""
    out: list[Pending] = []
    for i in doc_view(doc).where(("NOUN",), NOUN_CUES):
        noun = doc[i]
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        clause = _that_clause(noun) if owner is not None else None
        if clause is None:
            continue
        lo, hi = paragraph(text, noun.idx)
        start, end = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge.text)
        while start < end and text[start] in EDGE:
            start += 1
        while end > start and text[end - 1] in EDGE:
            end -= 1
        start, end = max(start, lo), min(end, hi)
        if end - start < MIN_CLAIM_CHARS or inside(quoted, start, end):
            continue
        if any(p.start < end and start < p.end for p in taken):
            continue  # part of reported speech already ('said that her claim that ...')
        sent = noun.sent
        out.append(Pending(start, end, "indirect", noun, noun.lemma_.lower(), owner, (sent.start_char, sent.end_char)))
    return out
