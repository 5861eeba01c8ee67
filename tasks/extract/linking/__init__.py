"""Mention linking: spaCy spans -> cleaned mentions on canonical entities (gazetteer, document, corpus).

`link_mentions(candidates, text, gazetteer)` links one document; `Link.link_method` says how:
- ruler: the EntityRuler matched a gazetteer alias (span.ent_id_);
- alias / folded: the cleaned span equals an alias exactly / after case, diacritic and 'al-' folding;
- fuzzy: one swapped pair of letters (names of 6-7 letters) or one edit (8+) from an alias ('Larvov');
- surname: a bare surname of a full person name used in the same document ('Rhodes' -> Ben Rhodes);
- metonymy: a capital or seat of power acting or speaking ('Moscow warned', 'the Kremlin said') -> its
  government; '<Syrian> government', '<Assad> regime' -> the government (one mention covering both words);
- demonym: a nationality word ('Russian', 'Syrians') -> the country (its label stays NORP);
- corpus: a name outside the gazetteer -> `corpus_entity_id(name, type)`; `merge_corpus_entities` then
  joins one name typed differently across documents and a bare surname with its unique full name.
Spans are cleaned first (brackets, newlines, possessives, leading 'the', titles, '-led'); one entity gets
one label per document by vote.
"""

from tasks.extract.linking.candidates import candidates_from_doc
from tasks.extract.linking.corpus import corpus_entity_id, merge_corpus_entities, name_key, salience
from tasks.extract.linking.linker import link_mentions
from tasks.extract.linking.types import Candidate, Link

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
