"""Stances a collective actor's own name states ('US-backed forces', 'American proxies', 'pro-US rebels').

`tasks.extract.linking.groups.name_ties` records on a group's mention the relation its name states to a name it
takes in (`Link.ties`). Each gives one row a document, at the first mention where the group is an actor:
'US-backed forces' and 'American proxies' -> the US favours them; 'pro-US rebels' -> the rebels favour the US, and
the US them (an armed side for someone is their side; 'pro-Trump protesters' are no such thing for Trump);
'anti-Assad militias' -> the militias are against Assad. A proxy also acts for its backer: what 'American proxies'
are reported doing ('waging armed struggle against Assad') the US does through them (`proxy_backers`).

The encoder cannot read these: the two names overlap in one span, and it marks one mention per span. A name taken
into a group's name has no mention of its own there, so a tie stands only when the document names that actor
elsewhere too (every holder and target of `stances` is in `entities`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tasks.extract.candidates import Sentence, quote_id
from tasks.extract.context import DocContext
from tasks.extract.linking import Link
from tasks.extract.speakers import ACTOR_TYPES

#: What each kind of tie gives: whether the name inside the group's name holds the stance, and its polarity.
TIE_STANCES = {"backs": (True, "favor"), "proxy": (True, "favor"), "pro": (False, "favor"), "anti": (False, "against")}


@dataclass(frozen=True, slots=True)
class TieStance:
    """A stance a group's name states, with the sentence it is read in."""

    holder: Link
    target: Link
    polarity: str
    sentence: Sentence
    quote_id: str | None


def tie_stances(ctx: DocContext, sents: Sequence[Sentence]) -> list[TieStance]:
    """The stances the names of a document's collective actors state, one per holder and target (first mention)."""
    out: list[TieStance] = []
    seen: set[tuple[str | None, str | None]] = set()
    for group in ctx.actors:
        for kind, named in group.ties:
            for holder, target, polarity in _stated(kind, named, group):
                key = (holder.entity_id, target.entity_id)
                if not _named_apart(ctx, named) or key in seen:
                    continue
                sent = next((s for s in sents if s.start <= group.start_char < s.end), None)
                if sent is None:
                    continue
                seen.add(key)
                inside = next((q for q in ctx.quotes if q.start_char <= group.start_char < q.end_char), None)
                qid = quote_id(ctx.doc_id, inside) if inside else None
                out.append(TieStance(holder, target, polarity, sent, qid))
    return out


def _stated(kind: str, named: Link, group: Link) -> list[tuple[Link, Link, str]]:
    """(holder, target, polarity) of what one tie states; an armed side for someone is that someone's side too
    ('pro-US rebels', 'pro-government militias': the US, the government favour them), a political group is not
    ('pro-Trump protesters' says nothing of Trump's view of them)."""
    named_holds, polarity = TIE_STANCES[kind]
    out = [(named, group, polarity) if named_holds else (group, named, polarity)]
    if kind == "pro" and group.entity_type == "armed_group":
        out.append((named, group, "favor"))
    return out


def _named_apart(ctx: DocContext, named: Link) -> bool:
    """Whether a name inside a group's name is an actor the document also names on its own."""
    return named.entity_type in ACTOR_TYPES and named.entity_id in ctx.names


def proxy_backers(ctx: DocContext, holder: Link | None) -> list[Link]:
    """The actors a holder acts for as their proxy ('American proxies' -> the US), or none."""
    if holder is None:
        return []
    return [named for kind, named in holder.ties if kind == "proxy" and _named_apart(ctx, named)]
