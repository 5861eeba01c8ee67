"""Which linked mentions name an actor where they stand: places, topics and name modifiers are not stance actors.

'talks in Syria' (a place), 'the Syrian war' (a topic), 'Russian Foreign Minister Sergey Lavrov' (a modifier of a
person), 'Deputy National Security Advisor Ben Rhodes' (a title) and 'Dusting off ...' (a verb taken for a name) are
mentions, but not holders or targets. The word lists are data (`actor_rules.json`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tasks.extract.linking import Link

if TYPE_CHECKING:
    from spacy.tokens import Token

    from tasks.nlp.docview import DocView

RULES_PATH = Path(__file__).with_name("actor_rules.json")
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss"})


@cache
def actor_rules(path: Path = RULES_PATH) -> dict[str, frozenset[str]]:
    """The word lists of actor_rules.json, as frozensets."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in data.items() if not k.startswith("_")}


def _inside_other(tok: Token, link: Link, links: Sequence[Link]) -> bool:
    """Whether a token lies inside an actor link other than `link`."""
    rules = actor_rules()
    return any(
        o is not link and o.entity_type in rules["actor_types"] and o.start_char <= tok.idx < o.end_char for o in links
    )


def place_or_modifier(root: Token, link: Link, links: Sequence[Link]) -> str | None:
    """Why a mention whose syntactic root is `root` is not an actor here, or None when it is one."""
    from tasks.extract.actions import AGAINST_NOUNS, FAVOR_NOUNS

    rules = actor_rules()
    head = root.head
    if link.entity_type == "person" and " " not in link.text.strip() and root.tag_ in ("VBG", "VB", "VBN"):
        return "verb"  # 'Dusting off ...'
    if any(_glued(c, link) and c.lower_ not in rules["title_nouns"] and not _in_link(c, links) for c in root.children):
        return "fragment"  # 'Universe' of 'Miss Universe': part of a longer name the linker did not take whole
    if _people_not_state(root, link):
        return "people"  # 'has failed Syrians': the people, not the Syrian state
    if root.dep_ in ("attr", "oprd") or any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in root.children):
        return "label"  # 'called Holt a Democrat', 'a Republican challenger'
    if root.dep_ in MODIFIER_DEPS and head is not root:
        if _inside_other(head, link, links):
            return "modifier"  # 'Syrian' in 'Syrian President Bashar Assad'
        if root.dep_ == "poss" and head.lower_ not in rules["topic_nouns"]:
            return None  # "Russia's support", "Clinton's campaign": the possessor acts
        lemma = head.lemma_.lower()
        if head.lower_ in rules["topic_nouns"]:
            return "topic"  # 'the Syrian war', 'Syria's borders'
        if lemma in rules["agent_nouns"] or lemma in FAVOR_NOUNS or lemma in AGAINST_NOUNS:
            return None  # 'Russian forces', 'the Clinton campaign', 'Russian airstrikes'
        return "modifier"  # 'Democratic nominee'
    if link.entity_type in rules["state_types"] and root.dep_ == "pobj" and head.lower_ in rules["locative_preps"]:
        return "place"  # 'talks in Syria'
    if (
        link.entity_type in rules["state_types"]
        and root.dep_ == "pobj"
        and head.lower_ in rules["topic_preps"]
        and head.head.lemma_.lower() in rules["discussion_nouns"]
    ):
        return "topic"  # 'a settlement on Syria', 'talks about Russia'
    return None


def hyphen_glued(text: str, link: Link) -> bool:
    """Whether a name is glued into a hyphenated modifier ('US-backed forces', 'pro-Assad militias', 'Clinton-era'):
    the modified group or time is what the sentence is about, not the named actor."""
    after = text[link.end_char : link.end_char + 2]
    if len(after) == 2 and after[0] == "-" and after[1].islower():
        return True
    return hyphen_prefix(text, link.start_char) is not None


def hyphen_prefix(text: str, start: int) -> str | None:
    """The prefix of actor_rules' hyphen_prefixes a name starting at `start` is glued to ('pro' in 'pro-Assad'), or
    None."""
    before = text[max(0, start - 6) : start].lower()
    return next((pre for pre in actor_rules()["hyphen_prefixes"] if before.endswith(f"{pre}-")), None)


def _people_not_state(root: Token, link: Link) -> bool:
    """Whether a state's mention is a bare plural demonym ('Syrians', not 'the Syrians' or 'the Philippines')."""
    rules = actor_rules()
    word = link.text.strip()
    return (
        link.entity_type in rules["state_types"]
        and " " not in word
        and root.tag_ == "NNPS"
        and word.lower() not in link.canonical_name.lower()
        and not any(c.dep_ == "det" for c in root.children)
    )


def _glued(tok: Token, link: Link) -> bool:
    """Whether a token is a proper-noun part of a name right next to a link ('Miss' before 'Universe')."""
    touching = tok.idx + len(tok.text) + 1 >= link.start_char - 0 and tok.idx < link.start_char
    after = link.end_char <= tok.idx <= link.end_char + 1
    return tok.dep_ in ("compound", "flat") and tok.pos_ == "PROPN" and (touching or after)


def _in_link(tok: Token, links: Sequence[Link]) -> bool:
    """Whether a token lies inside some link."""
    return any(o.start_char <= tok.idx < o.end_char for o in links)


def non_actor_name(link: Link, last_words: frozenset[str]) -> bool:
    """Whether a linked name is a law, treaty, building or creed by its last word ('Free Trade Agreement', 'Islam')."""
    return any(
        name.split()[-1:] and name.split()[-1].lower() in last_words for name in (link.text, link.canonical_name)
    )


def actor_links(view: DocView, links: Iterable[Link]) -> list[Link]:
    """The links of a document that name an actor where they stand, in text order.

    A verdict depends on the link and on the document's other links, so the answer for an equal list of links is
    kept in the view's memo: annotate asks for the entity rows' links and again for the stance context's, which are
    the same list in most documents (no role phrase resolved).
    """
    links = [lk for lk in links if lk.entity_id]
    key = ("actor_links", tuple(links))
    kept = view.memo.get(key)
    if kept is None:
        kept = view.memo[key] = _actor_indexes(view, links)
    return [links[i] for i in kept]


def _actor_indexes(view: DocView, links: list[Link]) -> list[int]:
    """Positions in `links` (entity links) of those that name an actor, in text order (`actor_links` without memo)."""
    rules = actor_rules()
    out: list[int] = []
    for i, lk in enumerate(links):
        if lk.entity_type not in rules["actor_types"]:
            continue
        if hyphen_glued(view.text, lk) or non_actor_name(lk, rules["non_actor_last_words"]):
            continue
        root = view.span_root(lk.start_char, lk.end_char)
        if root is not None and place_or_modifier(root, lk, links) is not None:
            continue
        out.append(i)
    return sorted(out, key=lambda i: links[i].start_char)
