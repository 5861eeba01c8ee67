"""Whether a document is an opinion piece, where the author's own voice takes sides.

In hard news the reporter's voice is rarely a stance (poll figures or a campaign ad described by a reporter are not
the outlet's position); in an op-ed, column or commentary it often is. A document counts as opinion when its title or
byline says so (a title labelled 'Opinion:', 'Op-Ed', 'Commentary', 'Column', 'Editorial' at its start or end; a
byline naming any of them), or when the author's own sentences (outside every quote) argue: deontic modals and
first-person singular words at a rate of at least `ARGUE_RATE` per sentence, at least `ARGUE_MIN` times. Both
constants were set by reading the five seeds (002 is an op-ed, the others are news or wire copy) and checked on the
84 PolNeAR dev articles (US election news: 3 flagged).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tasks.extract.quotes.utterances import Quote

if TYPE_CHECKING:
    from tasks.nlp.docview import DocView

_GENRES = r"(?:opinion|op-?ed|commentary|column|columnist|editorial|viewpoint|perspective)"
MARKERS = re.compile(rf"\b{_GENRES}\b", re.I)
#: A title labels its genre at its start or end ('Opinion: X', 'X | Commentary', 'X (Op-Ed)'); a genre word inside
#: it is a topic ('WSJ editorial: Deport Nikki Haley', 'Schlafly's final column explains ...': news about them, read
#: on PolNeAR train articles).
TITLE_LABEL = re.compile(rf"^\s*{_GENRES}\s*[:|\u2014-]|[|\u2014(-]\s*{_GENRES}\s*\)?\s*\.?\s*$", re.I)
ARGUING = frozenset({"should", "must", "ought", "i", "me", "my", "myself", "shouldn't", "mustn't"})
ARGUE_RATE = 0.15
ARGUE_MIN = 4


def is_opinion(view: DocView, quotes: Sequence[Quote], *, title: str | None, byline: str | None) -> bool:
    """Whether the author's own voice takes sides in this document."""
    if TITLE_LABEL.search(title or "") or MARKERS.search(byline or ""):
        return True
    spans = sorted((q.start_char, q.end_char) for q in quotes)
    sents = view.sents
    if not sents:
        return False
    hits = 0
    for i in view.where_text(sorted(ARGUING), "lower"):  # only the tokens spelled like an arguing word
        tok = view.doc[i]
        if (tok.lower_ != "i" or tok.text == "I") and not any(a <= tok.idx < b for a, b in spans):
            hits += 1
    return hits >= ARGUE_MIN and hits / len(sents) >= ARGUE_RATE
