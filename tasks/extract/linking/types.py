"""Records exchanged with the entity stage: spaCy span candidates in, linked mentions out."""

from __future__ import annotations

from dataclasses import dataclass

NUMERIC_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})

LABEL_TO_TYPE = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "facility",
    "NORP": "group",
    "EVENT": "event",
    "PRODUCT": "product",
    "WORK_OF_ART": "work",
    "LAW": "law",
    "LANGUAGE": "language",
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One spaCy entity span (doc.ents) of a document's clean_text, with the context the linker needs."""

    text: str
    label: str
    start_char: int
    end_char: int
    sent_idx: int
    ruler_id: str | None
    prev_text: str
    next_text: str
    head_dep: str
    head_lemma: str


@dataclass(frozen=True, slots=True)
class Link:
    """One cleaned mention with its canonical entity and how it was linked."""

    start_char: int
    end_char: int
    text: str
    label: str
    entity_id: str | None
    canonical_name: str
    entity_type: str
    link_method: str
    parent_id: str | None
    #: Relations a collective actor's own name states about a name inside it, as (kind, that name's link): 'backs'
    #: ('US-backed forces': the US backs them), 'proxy' ('American proxies': the US backs them and acts through
    #: them), 'pro' ('pro-US rebels': they favour the US). Empty for every other mention (`linking.groups`).
    ties: tuple[tuple[str, Link], ...] = ()
