"""What the reported-action extractor finds on a hand-built Doc, as (holder, target, polarity) triples."""

from __future__ import annotations

from spacy.tokens import Doc

from tasks.extract.linking import Link
from tasks.extract.reported import reported_actions
from tasks.extract.speakers import SpeakerResolver


def actions(doc: Doc, links: list[Link]) -> list[tuple[str | None, str | None, str | None]]:
    """Every (holder, target, frame polarity or None) of the reported actions of each sentence."""
    resolver = SpeakerResolver(doc, links)
    return [
        (a.holder.entity_id, t.entity_id, pol)
        for sent in doc.sents
        for a in reported_actions(sent, resolver)
        for t, pol in a.targets
    ]


def framed_actions(doc: Doc, links: list[Link]) -> list[tuple[str | None, str | None, str | None]]:
    """The triples of `actions` whose target has a frame (a polarity)."""
    return [t for t in actions(doc, links) if t[2] is not None]
