"""Collective actors named by a common noun ('the rebels', 'the Syrian opposition', 'US-backed forces'): mentions of
corpus entities typed armed_group or group, found on noun phrases whose head is one of the word lists in
`tasks/extract/actor_rules.json` (`group_heads` and its siblings).

A group's own name may state a relation to a name it takes in ('US-backed forces', 'American proxies', 'pro-US
rebels'): `name_ties` records it on the mention (`Link.ties`), from which stance rows are made.

The mention covers the head and the unlinked modifiers right before it ('moderate groups', 'resistance movements';
'forces' in 'US-backed forces', whose 'US' stays its own mention); the entity is named by the whole phrase without
determiners ('US-backed forces' -> group:us_backed_forces), so one phrase is one entity across the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tasks.extract.actors import hyphen_glued, hyphen_prefix
from tasks.extract.linking.corpus import corpus_entity_id
from tasks.extract.linking.types import Link
from tasks.nlp.docview import doc_view

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod", "punct", "advmod"})
GROUP_METHOD = "group_noun"
GROUP_LABEL = "GROUP"
_GLUED_WORD = re.compile(r"-(\w+)")


def _linked(tok: Token, starts: list[tuple[int, int]]) -> bool:
    """Whether a token overlaps a linked mention."""
    a, b = tok.idx, tok.idx + len(tok.text)
    return any(s < b and a < e for s, e in starts)


def _kind(head: Token, mods: list[Token], rules: dict[str, frozenset[str]]) -> str | None:
    """The entity type a collective head names with its modifiers (None when it names no actor)."""
    word = head.lower_
    named = [m for m in mods if m.lower_ not in rules["group_skip_words"] and m.is_alpha]
    definite = any(m.dep_ in ("det", "poss") and m.lower_ not in ("a", "an", "some", "any") for m in mods)
    if word in rules["armed_group_heads"] and head.tag_ in ("NNS", "NN") and (named or definite):
        return "armed_group"
    if word in rules["group_heads"]:
        return "group"
    if word in rules["qualified_heads"] and named:
        return "armed_group" if any(m.lower_ in rules["armed_modifiers"] for m in named) else "group"
    return None


def _absorbable(text: str, link: Link) -> bool:
    """Whether a linked modifier belongs to the group's own name: a demonym ('the Syrian opposition') or a name glued
    into a hyphenated modifier ('US-backed forces', 'pro-US rebels'); a full name acts for its side instead."""
    return link.link_method == "demonym" or link.label == "NORP" or hyphen_glued(text, link)


def name_ties(
    text: str, head: Token, inside: Sequence[Link], rules: dict[str, frozenset[str]]
) -> tuple[tuple[str, Link], ...]:
    """Relations a group's name states about the linked names it takes in (`Link.ties`): 'backs' ('US-backed forces'),
    'proxy' ('American proxies'), 'pro' or 'anti' ('pro-US rebels', 'anti-Assad militias')."""
    out: list[tuple[str, Link]] = []
    for lk in inside:
        if lk.entity_id is None:
            continue
        glued = _GLUED_WORD.match(text, lk.end_char)  # 'backed' in 'US-backed'
        word = glued.group(1).lower() if glued else ""
        prefix = hyphen_prefix(text, lk.start_char)
        if word in rules["sponsor_words"]:
            out.append(("backs", lk))
        elif prefix in ("pro", "anti"):
            out.append((prefix, lk))
        elif head.lower_ in rules["proxy_heads"] and not word:
            out.append(("proxy", lk))
    return tuple(out)


def group_links(doc: Doc, links: Sequence[Link], rules: dict[str, frozenset[str]]) -> tuple[list[Link], set[int]]:
    """Mentions of collective actors in a parsed document, and the start offsets of the linked modifiers they take
    into their own name (those links are dropped: 'Syrian' in 'the Syrian opposition' is no mention of Syria)."""
    spans = [(lk.start_char, lk.end_char) for lk in links]
    out: list[Link] = []
    absorbed: set[int] = set()
    heads = rules["armed_group_heads"] | rules["group_heads"] | rules["qualified_heads"]
    view = doc_view(doc)
    text = view.text  # Doc.text would rebuild the string from every token on each use
    lower = view.strings("lower")
    # the word test on the view's columns first: most tokens are no collective head, and need no Token object
    for i in [i for i in view.where(("NOUN",)) if lower[i] in heads]:
        head = doc[i]
        if _linked(head, spans):
            continue
        mods = sorted((c for c in head.lefts if c.dep_ in MODIFIER_DEPS or c.dep_ == "det"), key=lambda t: t.i)
        mods = [t for m in mods for t in m.subtree if t.i < head.i]
        kind = _kind(head, mods, rules)
        if kind is None:
            continue
        named = [lk for lk in links if any(lk.start_char <= m.idx < lk.end_char for m in mods)]
        if any(not _absorbable(text, lk) for lk in named):
            continue  # 'Hezbollah fighters', 'Assad forces': the name acts for its side
        if head.lower_ in rules["agent_nouns"] and any(not hyphen_glued(text, lk) for lk in named):
            continue  # 'Russian forces' is Russia acting (agent_nouns); 'US-backed forces' is not the US
        name_toks = [t for t in mods if t.text == "-" or (t.lower_ not in rules["group_skip_words"] and t.is_alpha)]
        name_toks.append(head)
        while name_toks[0].text == "-":
            name_toks.pop(0)
        first, last = name_toks[0], head
        if any(t.lower_ in rules["group_skip_words"] and t.text != "-" for t in doc[first.i : last.i]):
            first = head  # a determiner inside the phrase ('so-called moderate'): the head's own modifiers only
            while first.i > 0 and doc[first.i - 1] in name_toks:
                first = doc[first.i - 1]
        start, end = first.idx, last.idx + len(last.text)
        name = text[start:end]
        inside = {lk.start_char for lk in named if start <= lk.start_char and lk.end_char <= end}
        others = [(a, b) for a, b in spans if a not in inside] + [(g.start_char, g.end_char) for g in out]
        if any(a < end and start < b for a, b in others):
            continue  # one mention per span: a name or another group already covers part of it
        absorbed |= inside
        entity_id = corpus_entity_id(name, kind)
        ties = name_ties(text, head, [lk for lk in named if lk.start_char in inside], rules)
        out.append(Link(start, end, name, GROUP_LABEL, entity_id, name, kind, GROUP_METHOD, None, ties))
    return out, absorbed
