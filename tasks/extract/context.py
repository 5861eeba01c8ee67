"""One per-document context for stance extraction, built once and passed explicitly to every later step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tasks.extract.actors import actor_links
from tasks.extract.bio import bio_byline
from tasks.extract.genre import is_opinion
from tasks.extract.holders import token_actor
from tasks.extract.linking import Link
from tasks.extract.members import group_members
from tasks.extract.quotes.utterances import Quote
from tasks.extract.speakers import SpeakerResolver
from tasks.extract.stances import author_holder, byline_name, target_links
from tasks.nlp.docview import DocView, doc_view

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from tasks.nlp.gazetteer import Gazetteer


@dataclass(frozen=True, slots=True)
class DocContext:
    """What every extraction step of one document reads: built once by `build_context`, never mutated."""

    doc_id: str
    doc: Doc
    view: DocView
    text: str
    links: tuple[Link, ...]  # linked mentions plus resolved role phrases, by start
    actors: tuple[Link, ...]  # the links that name an actor where they stand (no places, no name modifiers)
    quotes: tuple[Quote, ...]
    resolver: SpeakerResolver
    author_id: str
    author_type: str
    author_name: str
    opinion: bool  # the author's own voice takes sides (op-ed, column, commentary): author stances are recorded
    names: dict[str, str]  # canonical name of each linked entity id of the document, built once
    parents: dict[str, str | None]  # parent id of each linked entity id (a government's state), built once
    actor_at: frozenset[tuple[int, str | None]]  # (start, entity id) of each actor mention, built once


def build_context(
    doc_id: str,
    doc: Doc,
    links: Sequence[Link],
    quotes: Sequence[Quote],
    *,
    title: str | None,
    byline: str | None,
    outlet: str | None,
    gazetteer: Gazetteer | None = None,
    resolver: SpeakerResolver | None = None,
) -> DocContext:
    """The extraction context of one parsed document, its linked mentions, its quotes and its speaker resolver.

    `resolver` is the one the quote extractor used (`speaker_resolver`); without one (tests, evaluation) it is built
    over the direct quotes' spans.
    """
    view = doc_view(doc)
    text = view.text
    if resolver is None:
        direct = [(q.start_char, q.end_char) for q in quotes if q.kind == "direct"]
        resolver = SpeakerResolver(doc, links, quoted=direct, text=text)
    resolver.add_members(group_members(doc, lambda tok: token_actor(resolver, tok)))
    all_links = tuple(target_links(resolver, resolver.links))
    actors = tuple(actor_links(view, all_links))
    opinion = is_opinion(view, quotes, title=title, byline=byline)
    if opinion and byline_name(byline) is None:
        byline = bio_byline(text) or byline  # 'Cindy Godwin is a retired marketing executive ...' closing an op-ed
    author_id, author_type = author_holder(byline, outlet, gazetteer)
    author_name = byline_name(byline) or outlet or "unknown author"
    return DocContext(
        doc_id=doc_id,
        doc=doc,
        view=view,
        text=text,
        links=all_links,
        actors=actors,
        quotes=tuple(sorted(quotes, key=lambda q: q.start_char)),
        resolver=resolver,
        author_id=author_id,
        author_type=author_type,
        author_name=author_name,
        opinion=opinion,
        names={lk.entity_id: lk.canonical_name for lk in all_links if lk.entity_id},
        parents={lk.entity_id: lk.parent_id for lk in all_links if lk.entity_id},
        actor_at=frozenset((lk.start_char, lk.entity_id) for lk in actors),
    )
