"""Who a token names as an actor: its linked mention, a resolved pronoun or role, the noun a relative clause or
participle modifies ('Russia, which backs Assad', 'the coalition fighting ISIS'), a group an actor is placed in
('Russia is the biggest of these nations', `members.py`)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tasks.extract.frame_words import LEX
from tasks.extract.quotes.utterances import CUE_VERBS, subject_of
from tasks.extract.speakers import ACTOR_TYPES

if TYPE_CHECKING:
    from spacy.tokens import Token

    from tasks.extract.linking import Link
    from tasks.extract.speakers import SpeakerResolver


def token_link(resolver: SpeakerResolver, tok: Token) -> Link | None:
    """The linked mention covering a token."""
    return resolver.link_at(tok.idx, tok.idx + len(tok.text))


#: Relative pronouns: the subject of a relative clause is the noun the clause modifies ('Russia, which backs Assad').
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})


def subject_actor(resolver: SpeakerResolver, verb: Token) -> Link | None:
    """The entity acting as the subject of a verb (a linked name, or a resolved pronoun or role); the subject of a
    relative clause or a participle is the noun it modifies ('Russia, which has backed Assad', 'proxies that wage war
    on X', 'the coalition fighting X')."""
    subj = subject_of(verb)
    if subj is not None and subj.lemma_.lower() in PURPOSE_NOUNS:
        return _purpose_owner(resolver, subj)
    if subj is None and verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ == "NOUN":
        return token_actor(resolver, verb.head)  # 'the coalition fighting X'; on a name, often a misparsed clause
    if subj is not None and subj.lower_ in RELATIVE_PRONOUNS:
        clause = verb
        while clause.dep_ in ("conj", "xcomp") and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ != "relcl":
            return None
        found = token_actor(resolver, clause.head)
        return found if found is not None else _adjacent_antecedent(resolver, subj)
    return token_actor(resolver, subj) if subj is not None else None


#: Nouns of purpose whose owner acts in 'X's goal is to ...' (frame_lexicon.json).
PURPOSE_NOUNS = frozenset(LEX["purpose_nouns"])


def _purpose_owner(resolver: SpeakerResolver, noun: Token) -> Link | None:
    """Whose purpose a noun names: its possessor ('Russia's goal'), or the owner of what it is the purpose of ('the
    goal of Russia's intervention', 'the aim of the US')."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if obj is not None and token_actor(resolver, obj) is None:
            obj = next((c for c in obj.children if c.dep_ == "poss"), None)
        owner = obj
    return token_actor(resolver, owner) if owner is not None else None


#: Actor kinds 'who' may refer to (a person or a body of people, not a state or place).
WHO_TYPES = frozenset({"person", "group", "armed_group"})


def _adjacent_antecedent(resolver: SpeakerResolver, pronoun: Token) -> Link | None:
    """The actor named right before a relative pronoun, when the parser hung the clause on a word that names none
    ('relationships between Russia and resistance movements who are opposed to US hegemony')."""
    prev = pronoun.nbor(-1) if pronoun.i > 0 else None
    if prev is not None and prev.is_punct and prev.i > 0:
        prev = prev.nbor(-1)
    if prev is None or prev.pos_ not in ("NOUN", "PROPN"):
        return None
    found = token_actor(resolver, prev)
    if found is None or (pronoun.lower_ == "who" and found.entity_type not in WHO_TYPES):
        return None
    return found


def token_actor(resolver: SpeakerResolver, tok: Token) -> Link | None:
    """The actor a token names: its linked mention, or a pronoun or role resolved to a link at the token itself."""
    link = token_link(resolver, tok)
    if link is None:
        entity_id = resolver.anaphor(tok)
        template = next((lk for lk in resolver.links if lk.entity_id == entity_id), None) if entity_id else None
        if template is not None:
            end = tok.idx + len(tok.text)
            method = "self_reference" if _reports_itself(resolver, tok, template.entity_id) else "anaphor"
            link = replace(template, start_char=tok.idx, end_char=end, text=tok.text, link_method=method)
    if link is None:
        link = resolver.members.get(tok.i)  # 'nations fighting ISIS ... Russia is the biggest of these nations'
    return link if link is not None and link.entity_type in ACTOR_TYPES else None


def _reports_itself(resolver: SpeakerResolver, tok: Token, entity_id: str | None) -> bool:
    """Whether a pronoun is the subject of what its own antecedent says ('Putin said he and Erdogan are working'):
    the clause's reporter, named, is who the pronoun was resolved to, a resolution the syntax fixes."""
    clause = tok.head
    if tok.dep_ != "nsubj" or clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in CUE_VERBS:
        return False
    reporter = subject_of(clause.head)
    named = token_link(resolver, reporter) if reporter is not None else None
    return named is not None and named.entity_id == entity_id


def side_actors(resolver: SpeakerResolver, tok: Token) -> list[Link]:
    """The two actors 'both sides' refers to: the conjoined objects of a 'between' in its sentence ('agreement
    between the Russians and the Americans ... both sides would like ...'), or none."""
    if tok.lemma_.lower() != "side" or not any(c.dep_ == "det" and c.lower_ == "both" for c in tok.children):
        return []
    for prep in tok.sent:
        if prep.lower_ != "between" or prep.i > tok.i:
            continue
        first = next((c for c in prep.children if c.dep_ == "pobj"), None)
        second = next((c for c in first.children if c.dep_ == "conj"), None) if first is not None else None
        found = [token_actor(resolver, t) for t in (first, second) if t is not None]
        sides = [lk for lk in found if lk is not None]
        if len(sides) == 2 and sides[0].entity_id != sides[1].entity_id:
            return sides
    return []
