"""Corpus-level entities for names outside the gazetteer, and an entity's salience in a document."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from tasks.extract.linking.spans import TITLES
from tasks.nlp.gazetteer import fold, fold_particles

# Preference when one name got different types in different documents (PERSON here, ORG there).
TYPE_PRIORITY = (
    "person",
    "org",
    "place",
    "group",
    "facility",
    "event",
    "product",
    "work",
    "law",
    "language",
    "misc",
)
_SLUG_BAD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """Normalised name used to group mentions: title dropped, folded, Arabic particles removed (memoised)."""
    name = " ".join(name.split())
    m = TITLES.match(name)
    if m and m.end() < len(name):
        name = name[m.end() :]
    return fold_particles(fold(name)) or fold(name)


def corpus_entity_id(name: str, entity_type: str) -> str:
    """Stable id of a name outside the gazetteer: ('Barack Obama', 'person') -> 'person:barack_obama'."""
    slug = _SLUG_BAD.sub("_", name_key(name)).strip("_") or "unnamed"
    etype = _SLUG_BAD.sub("_", entity_type.lower()).strip("_") or "misc"
    return f"{etype}:{slug}"


def merge_corpus_entities(names: Iterable[tuple], known_persons: Iterable[str] = ()) -> dict[str, str]:
    """{old_id: merged_id} over the corpus: one id per name across types, bare surname -> unique full name.

    Items are (entity_id, canonical_name, entity_type) or (entity_id, canonical_name, entity_type,
    mention_count); with counts, a name typed differently in different documents takes its most frequent
    type, otherwise (and on ties) the first type in TYPE_PRIORITY. `known_persons` are the gazetteer's person ids
    the corpus mentions: a surname one of them carries is not unique to a corpus name ('Clinton' is not merged
    into a corpus 'Chelsea Clinton' while the corpus names the gazetteer's Hillary Clinton).
    """
    rank = {t: i for i, t in enumerate(TYPE_PRIORITY)}
    by_slug: dict[str, dict[str, tuple[str, int]]] = {}
    for item in names:
        entity_id, entity_type = item[0], item[2]
        count = int(item[3]) if len(item) > 3 and item[3] is not None else 0
        slug = entity_id.split(":", 1)[-1]
        seen = by_slug.setdefault(slug, {})
        old_type, old_count = seen.get(entity_id, (entity_type, 0))
        seen[entity_id] = (old_type, old_count + count)
    mapping: dict[str, str] = {}
    survivors: dict[str, tuple[str, str]] = {}  # slug -> (id, type)
    for slug, ids in by_slug.items():
        best = min(ids, key=lambda eid: (-ids[eid][1], rank.get(ids[eid][0], len(rank)), eid))
        survivors[slug] = (best, ids[best][0])
        for entity_id in ids:
            if entity_id != best:
                mapping[entity_id] = best
    known = frozenset(known_persons)
    full_by_last: dict[str, set[str]] = {}
    for entity_id in known:
        parts = entity_id.split(":", 1)[-1].split("_")
        if len(parts) > 1:
            full_by_last.setdefault(parts[-1], set()).add(entity_id)
    for slug, (entity_id, etype) in survivors.items():
        parts = slug.split("_")
        if etype == "person" and len(parts) > 1:
            full_by_last.setdefault(parts[-1], set()).add(entity_id)
    for slug, (entity_id, etype) in survivors.items():
        if etype == "person" and "_" not in slug and len(full_by_last.get(slug, ())) == 1:
            target = next(iter(full_by_last[slug]))
            if target in known:
                continue  # a gazetteer person: the document linker settles its surname, not the corpus
            mapping[entity_id] = target
            for old, new in list(mapping.items()):
                if new == entity_id:
                    mapping[old] = target
    return mapping


def salience(mention_offsets: Sequence[int], text_len: int, title_len: int) -> float:
    """Salience in [0, 1] of an entity in a document: mentions count, headline and lead ones more."""
    if not mention_offsets or text_len <= 0:
        return 0.0
    lead_end = title_len + max(300, int(0.15 * text_len))
    weight = 0.0
    for off in mention_offsets:
        weight += 3.0 if off < title_len else 2.0 if off < lead_end else 1.0
    frequency = 1.0 - math.exp(-weight / 6.0)
    first = min(mention_offsets)
    position = 1.0 - min(max(first, 0), text_len) / text_len
    headline = 1.0 if first < title_len else 0.0
    return round(min(1.0, 0.55 * frequency + 0.3 * position + 0.15 * headline), 4)
