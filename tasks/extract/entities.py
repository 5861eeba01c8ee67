"""Entities stage: spaCy spans of clean text -> linked mentions, per-document entities, canonical entities."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tasks.extract.linking import Link, candidates_from_doc, corpus_entity_id, link_mentions, salience
from tasks.nlp.docview import doc_view
from tasks.nlp.gazetteer import Gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class DocEntities:
    """What the entities stage found in one document."""

    mentions: list[dict[str, Any]]
    doc_entities: list[dict[str, Any]]
    links: list[Link]


def mention_rows(doc_id: str, links: Sequence[Link], sent_of: dict[int, int]) -> list[dict[str, Any]]:
    """Rows of the mentions table for one document."""
    return [
        {
            "mention_id": f"{doc_id}:{link.start_char}",
            "doc_id": doc_id,
            "entity_id": link.entity_id,
            "text": link.text,
            "label": link.label,
            "start_char": link.start_char,
            "end_char": link.end_char,
            "sent_idx": sent_of.get(link.start_char, 0),
            "link_method": link.link_method,
        }
        for link in links
    ]


#: Salience of an entity is scaled by how it is used: a mention that names an actor where it stands counts fully, a
#: place, topic or name modifier ('talks in Syria', 'the Syrian war') counts NON_ACTOR_WEIGHT; an outlet the article
#: cites counts OUTLET_WEIGHT (hand-set on the seeds, issue 11: Syria ranked first in four seeds as the setting).
NON_ACTOR_WEIGHT = 0.3
OUTLET_WEIGHT = 0.5


def doc_entity_rows(
    doc_id: str, links: Sequence[Link], text_len: int, title_len: int, actor_starts: set[int] | None = None
) -> list[dict[str, Any]]:
    """Rows of doc_entities: count, first offset and salience per linked entity of one document.

    actor_starts holds the offsets of the mentions that name an actor where they stand (None: all do).
    """
    offsets: dict[str, list[int]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for link in links:
        if link.entity_id:
            offsets[link.entity_id].append(link.start_char)
            kinds[link.entity_id] = link.entity_type
    rows = []
    for entity_id, starts in sorted(offsets.items()):
        share = 1.0 if actor_starts is None else sum(s in actor_starts for s in starts) / len(starts)
        weight = NON_ACTOR_WEIGHT + (1.0 - NON_ACTOR_WEIGHT) * share
        if kinds[entity_id] == "outlet":
            weight *= OUTLET_WEIGHT
        rows.append(
            {
                "doc_id": doc_id,
                "entity_id": entity_id,
                "mention_count": len(starts),
                "first_offset": min(starts),
                "salience": float(salience(starts, text_len, title_len)) * weight,
            }
        )
    return rows


def extract_entities(doc_id: str, doc: Doc, gazetteer: Gazetteer, title_len: int = 0) -> DocEntities:
    """Link every entity span of a parsed document and build its mentions and doc_entities rows."""
    view = doc_view(doc)
    candidates = candidates_from_doc(doc)
    links = [lk for lk in link_mentions(candidates, view.text, gazetteer) if lk.text.strip()]
    from tasks.extract.actors import actor_rules
    from tasks.extract.linking.groups import group_links

    groups, absorbed = group_links(doc, links, actor_rules())
    links = [lk for lk in links if lk.start_char not in absorbed] + groups
    sent_starts = [s.start_char for s in view.sents] if doc.has_annotation("SENT_START") else [0]
    sent_of: dict[int, int] = {}
    import bisect

    for link in links:
        sent_of[link.start_char] = max(0, bisect.bisect_right(sent_starts, link.start_char) - 1)
    links.sort(key=lambda lk: lk.start_char)
    from tasks.extract.actors import actor_links

    actor_starts = {lk.start_char for lk in actor_links(view, links)}
    return DocEntities(
        mentions=mention_rows(doc_id, links, sent_of),
        doc_entities=doc_entity_rows(doc_id, links, len(view.text), title_len, actor_starts),
        links=links,
    )


def entity_rows(
    gazetteer: Gazetteer,
    corpus_names: Iterable[tuple[str, str, str, str]],
    counts: dict[str, tuple[int, int]],
) -> list[dict[str, Any]]:
    """Rows of the entities table: every gazetteer entity plus corpus entities seen in mentions.

    corpus_names holds (entity_id, canonical_name, entity_type, surface text) of non-gazetteer links;
    counts maps entity_id -> (mention_count, doc_count) over the published corpus.
    """
    rows: dict[str, dict[str, Any]] = {}
    for ent in gazetteer.entities.values():
        mentions, docs = counts.get(ent.entity_id, (0, 0))
        rows[ent.entity_id] = {
            "entity_id": ent.entity_id,
            "canonical_name": ent.canonical_name,
            "type": ent.type,
            "aliases": list(ent.aliases),
            "wikidata_id": ent.wikidata_id,
            "parent_id": ent.parent_id,
            "source": "gazetteer",
            "mention_count": mentions,
            "doc_count": docs,
        }
    aliases: dict[str, set[str]] = defaultdict(set)
    best_name: dict[str, tuple[int, str, str]] = {}
    for entity_id, name, entity_type, surface in corpus_names:
        if entity_id in rows and rows[entity_id]["source"] == "gazetteer":
            continue
        aliases[entity_id].add(surface)
        cand = (len(name), name, entity_type)
        if entity_id not in best_name or cand > best_name[entity_id]:
            best_name[entity_id] = cand
    for entity_id, (_, name, entity_type) in best_name.items():
        mentions, docs = counts.get(entity_id, (0, 0))
        rows[entity_id] = {
            "entity_id": entity_id,
            "canonical_name": name,
            "type": entity_type,
            "aliases": sorted(aliases[entity_id]),
            "wikidata_id": None,
            "parent_id": None,
            "source": "corpus",
            "mention_count": mentions,
            "doc_count": docs,
        }
    return [rows[k] for k in sorted(rows)]


__all__ = [
    "DocEntities",
    "candidates_from_doc",
    "corpus_entity_id",
    "doc_entity_rows",
    "entity_rows",
    "extract_entities",
    "mention_rows",
]
