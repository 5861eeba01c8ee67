"""Mention linking: spaCy spans -> cleaned mentions on canonical entities (gazetteer, document, corpus)."""

from tasks.linking.candidates import candidates_from_doc
from tasks.linking.corpus import corpus_entity_id, merge_corpus_entities, name_key, salience
from tasks.linking.linker import link_mentions
from tasks.linking.types import Candidate, Link

__all__ = [
    "Candidate",
    "Link",
    "candidates_from_doc",
    "corpus_entity_id",
    "link_mentions",
    "merge_corpus_entities",
    "name_key",
    "salience",
]
