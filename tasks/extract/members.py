"""Actors a sentence places in a group that acts: 'Russia is the biggest of these nations' (after 'several other
nations fighting ISIS'), 'Iran, one of the countries backing Assad, ...', 'Qatar is among the states that fund X'.

What the group is reported doing, its named member does: the group's noun is resolved to the member when it is the
actor of a frame (`holders.token_actor`), so 'nations fighting ISIS' gives Russia against ISIS. The group is the
plural noun of an 'of'/'among' phrase on a superlative or 'one'/'member'/'part' ('the biggest of', 'one of') or on
'be' itself ('is among'), whose subject (or the name it stands in apposition to) is an actor. The noun is defined
by its own participle or relative clause ('the countries backing Assad'), or, after 'these'/'those', by the nearest
same noun so defined in its own or the `LOOKBACK_SENTENCES` sentences before ('several other nations fighting
ISIS ... Russia is the biggest of these nations'). A negated copula ('is not among') places no one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from tasks.nlp.docview import doc_view

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from tasks.extract.linking import Link

#: Words that pick one out of a group ('one of', 'a member of', 'part of'), besides superlatives ('the biggest of').
PICK_WORDS = frozenset({"one", "member", "members", "part", "some", "two", "three", "several", "each"})
#: Dependencies of a clause that defines what its plural noun does ('nations fighting X', 'states that fund X').
DEFINING_DEPS = frozenset({"acl", "relcl"})
#: How many sentences back a demonstrative group ('these nations') looks for the noun that defines it.
LOOKBACK_SENTENCES = 2
MEMBER_METHOD = "member"


def _defined(noun: Token) -> bool:
    """Whether a plural noun carries its own clause saying what the group does ('nations fighting ISIS')."""
    return noun.tag_ == "NNS" and any(c.dep_ in DEFINING_DEPS and c.pos_ in ("VERB", "AUX") for c in noun.children)


def _antecedent(noun: Token) -> Token | None:
    """The noun whose own clause defines a group: the noun itself, or after 'these'/'those' the nearest earlier same
    noun so defined within `LOOKBACK_SENTENCES` sentences."""
    if _defined(noun):
        return noun
    if not any(c.dep_ == "det" and c.lower_ in ("these", "those") for c in noun.children):
        return None
    doc = noun.doc
    first = noun.sent.start
    for _ in range(LOOKBACK_SENTENCES):
        if first == 0:
            break
        first = doc[first - 1].sent.start
    for i in range(noun.i - 1, first - 1, -1):
        tok = doc[i]
        if tok.lemma_ == noun.lemma_ and _defined(tok):
            return tok
    return None


def _picks(tok: Token) -> bool:
    """Whether a word picks members out of a group ('the biggest of', 'one of', 'a member of')."""
    return tok.tag_ == "JJS" or tok.lower_ in PICK_WORDS


def _subject(be: Token) -> Token | None:
    """The subject of a copula that is not negated ('Russia is ...'; not 'Russia is not among ...')."""
    if be.lemma_ != "be" or any(c.dep_ == "neg" for c in be.children):
        return None
    return next((c for c in be.children if c.dep_ == "nsubj"), None)


def _placements(doc: Doc) -> list[tuple[Token, Token]]:
    """(member token, group noun) of every 'X is the biggest of / one of / among the N' and 'X, one of the N'."""
    out: list[tuple[Token, Token]] = []
    for i in doc_view(doc).where_text(("of", "among"), "lower"):  # only the prepositions, no Token per word
        prep = doc[i]
        noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if prep.dep_ != "prep" or noun is None or noun.tag_ != "NNS":
            continue
        pick = prep.head
        member: Token | None = None
        if prep.lower_ == "among" and pick.lemma_ == "be":
            member = _subject(pick)  # 'is among the states'; 'be of' is no placing ('is of the view')
        elif pick.dep_ == "attr" and _picks(pick):
            member = _subject(pick.head)  # 'is the biggest of these nations'
        elif pick.dep_ == "appos" and _picks(pick):
            member = pick.head  # 'Iran, one of the countries backing Assad'
        if member is not None:
            out.append((member, noun))
    return out


def group_members(doc: Doc, actor: Callable[[Token], Link | None]) -> dict[int, Link]:
    """Token index of each defined group noun -> the actor a sentence places in it (`actor` names a token's actor),
    the link moved onto the group's noun and marked `member`."""
    out: dict[int, Link] = {}
    for member, noun in _placements(doc):
        group = _antecedent(noun)
        found = actor(member)
        if group is None or found is None or group.i in out:
            continue
        end = group.idx + len(group.text)
        out[group.i] = replace(found, start_char=group.idx, end_char=end, text=group.text, link_method=MEMBER_METHOD)
    return out
