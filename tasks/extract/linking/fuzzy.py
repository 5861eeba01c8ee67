"""Fuzzy alias matching: a one-letter slip in a long name ('Larvov' -> Lavrov) against the gazetteer."""

from __future__ import annotations

import weakref
from collections import defaultdict

from rapidfuzz.distance import OSA

from tasks.nlp.gazetteer import Gazetteer, GazetteerEntity, fold

# Names shorter than this are never fuzzy-matched: one edit in a short word is usually another word.
MIN_FUZZY_LEN = 6
# Below this length only a swap of two neighbouring letters counts ('Larvov'); 'Boston' is not 'Bolton'.
MIN_ANY_EDIT_LEN = 8
FUZZY_TYPES = frozenset({"person", "armed_group", "io", "org", "outlet", "agency", "party", "company"})

_INDEXES: weakref.WeakKeyDictionary[Gazetteer, dict[tuple[str, int], list[tuple[str, GazetteerEntity]]]]
_INDEXES = weakref.WeakKeyDictionary()


def _index(gaz: Gazetteer) -> dict[tuple[str, int], list[tuple[str, GazetteerEntity]]]:
    """Folded alias keys bucketed by (first letter, length), built once per gazetteer."""
    idx = _INDEXES.get(gaz)
    if idx is None:
        buckets: dict[tuple[str, int], list[tuple[str, GazetteerEntity]]] = defaultdict(list)
        for key, ent in gaz.folded_names().items():
            if ent.type in FUZZY_TYPES and len(key) >= MIN_FUZZY_LEN - 1:
                buckets[(key[0], len(key))].append((key, ent))
        idx = dict(buckets)
        _INDEXES[gaz] = idx
    return idx


def fuzzy_lookup(text: str, gaz: Gazetteer) -> GazetteerEntity | None:
    """The one entity whose folded alias is one edit (incl. a swap) from `text`; None if none or ambiguous."""
    key = fold(text)
    if len(key) < MIN_FUZZY_LEN:
        return None
    idx = _index(gaz)
    found: dict[str, GazetteerEntity] = {}
    for length in (len(key) - 1, len(key), len(key) + 1):
        for alias, ent in idx.get((key[0], length), ()):
            if OSA.distance(key, alias, score_cutoff=1) <= 1 and (
                len(key) >= MIN_ANY_EDIT_LEN or sorted(key) == sorted(alias)
            ):
                found[ent.entity_id] = ent
    return next(iter(found.values())) if len(found) == 1 else None
