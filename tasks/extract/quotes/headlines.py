"""Claims in headline form: 'Keith Preston: Russia, US have conflicting policies', 'Clinton camp: Trump's rhetoric
threatens security', 'Darrell Scott: ‘You find me an aberration’' — a speaker, a colon, then what they claim.

Two rules: a line opened by a linked person and a colon (anywhere in the text), and the document's first line (its
headline) opened by a short noun phrase and a colon. PolNeAR train: 411 of 840 headlines hold an attribution.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tasks.extract.linking import Link
from tasks.nlp.docview import doc_view

if TYPE_CHECKING:
    from spacy.tokens import Doc

HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_WORDS = 25
PREFIX_MAX_WORDS = 6  # 'McCain Challenger Kelli Ward:' — a headline's speaker before the colon is this short
CLAIM_TRIM = " \t;"


@dataclass(frozen=True, slots=True)
class Claim:
    """A headline claim: its span, its speaker's span and the speaker's link when it is one."""

    start: int
    end: int
    speaker_start: int
    speaker_end: int
    link: Link | None


def _line(text: str, offset: int) -> tuple[int, int]:
    """Bounds of the line holding an offset."""
    lo = text.rfind("\n", 0, offset) + 1
    hi = text.find("\n", offset)
    return lo, len(text) if hi < 0 else hi


def _claim_after(text: str, colon: int, hi: int) -> tuple[int, int] | None:
    """The claim after a colon up to the line end, when its length fits a headline."""
    raw = text[colon + 1 : hi]
    claim = raw.strip(CLAIM_TRIM)
    if not HEADLINE_MIN_WORDS <= len(claim.split()) <= HEADLINE_MAX_WORDS:
        return None
    start = colon + 1 + raw.index(claim)
    return start, start + len(claim)


def _person_lines(text: str, links: Sequence[Link]) -> list[Claim]:
    """Lines opened by a linked person and a colon."""
    out: list[Claim] = []
    for lk in links:
        if lk.entity_type != "person" or not lk.entity_id:
            continue
        lo, hi = _line(text, lk.start_char)
        if text[lo : lk.start_char].strip() or not text[lk.end_char :].startswith(":"):
            continue
        span = _claim_after(text, lk.end_char, hi)
        if span is not None:
            out.append(Claim(*span, lk.start_char, lk.end_char, lk))
    return out


def _first_line(doc: Doc, text: str, links: Sequence[Link]) -> Claim | None:
    """The headline's claim when it opens with a short noun phrase and a colon ('Clinton camp: ...')."""
    lo = len(text) - len(text.lstrip())
    lo, hi = _line(text, lo)
    colon = text.find(":", lo, hi)
    if colon < 0:
        return None
    prefix = text[lo:colon].strip()
    if not 1 <= len(prefix.split()) <= PREFIX_MAX_WORDS or not prefix[:1].isupper():
        return None
    root = doc_view(doc).span_root(lo, colon)
    if root is None or root.pos_ not in ("PROPN", "NOUN"):
        return None
    span = _claim_after(text, colon, hi)
    if span is None:
        return None
    p_lo = lo + text[lo:colon].index(prefix)
    p_hi = p_lo + len(prefix)  # a name ending the phrase is its head ('Sen. Ted Cruz'; not 'Clinton camp')
    link = next((lk for lk in links if lk.entity_id and p_lo <= lk.start_char and lk.end_char == p_hi), None)
    return Claim(*span, p_lo, p_hi, link)


def headline_claims(doc: Doc, text: str, links: Sequence[Link]) -> list[Claim]:
    """Every headline-form claim of a document, one per line, in text order."""
    found = {c.start: c for c in _person_lines(text, links)}
    first = _first_line(doc, text, links)
    if first is not None and not any(c.start < first.end and first.start < c.end for c in found.values()):
        found[first.start] = first
    return [found[k] for k in sorted(found)]
