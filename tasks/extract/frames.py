"""Reported-action frames as the encoder reads them: which frame pairs to ask about, and whether it supports one.

A frame ('Moscow is excluding the U.S.', 'Kazakhstan is a Russian ally') names a holder, a target and a polarity from
syntax and word lists (`tasks.extract.actions`); the encoder reads the same sentence. Every frame is asked about (a
pair the candidate generators did not already ask about is added), and a frame is kept when the encoder's
probability of that holder -> target polarity is at least FRAME_MIN_PROB and above that of the opposite polarity
between them: it need not be the encoder's own first choice (it often reads a frame's sentence as neutral), but it
must not read the relation the other way.

A speaker's words that want something done to a target ('Trump must be stopped', 'Russia needed to be kept out of
their coalition': a frame verb in the passive under a modal, no agent named; 'it's time to unite against ISIS': a
subjectless infinitive of a wanted noun) give the speaker that stance (`deontic_frame`), on the same support; so does
an act against a target with no performer of its own that a speaker warns of ('warned that Russia's support for
Assad would lead to the isolation of Moscow and Damascus': `warned_frame`).

A frame whose actor is a pronoun or role resolved to a name ('he acknowledged an openness to working with X') needs
more support (FRAME_MIN_PROB_ANAPHOR), as does a group noun resolved to the member a sentence places in it
(`members.py`): the resolution is often wrong. Not so a pronoun the syntax fixes, the subject
of what its own antecedent reports ('Putin said he and Erdogan are working to ...': `holders.token_actor`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tasks.extract.actions import (
    DEONTIC_MODALS,
    NEED_VERBS,
    WANTED_NOUNS,
    WARNING_VERBS,
    conjunct_head,
    frame_above,
    frame_polarity,
    names_agent,
    prefix_stance,
)
from tasks.extract.candidates import PairCandidate, Sentence, quote_id, relative_span, same_person
from tasks.extract.context import DocContext
from tasks.extract.decide import DIRECTED_LABELS
from tasks.extract.members import MEMBER_METHOD
from tasks.extract.speakers import ACTOR_TYPES
from tasks.extract.stances import Evidence, related

if TYPE_CHECKING:
    from spacy.tokens import Token

    from tasks.extract.linking import Link

#: Least encoder probability of a frame's own class (holder -> target, polarity) for the frame to stand. Chosen on
#: the directed dev items with a frame between the two given entities (113; 40 not train copies): 0.15 gave the most
#: right labels there (30 of 40 against the encoder's 29 alone; 0.0-0.1 gave 29, 0.2-0.3 gave 30 too).
FRAME_MIN_PROB = 0.15
#: ... and when the frame's actor is a resolved pronoun or role: a blind careful reading of the frame rows on the 84
#: PolNeAR dev articles (2026-12-03) found the 4 such rows below 0.5 all wrong ('he' -> Bill Clinton for Obama, 'his
#: invasions' -> Trump for Putin; the one above it, at 0.58, wrong too), where named actors' frames at 0.5 or more
#: were right 28 of 33 times (1 debatable).
FRAME_MIN_PROB_ANAPHOR = 0.5
#: (holder, target, sentence) -> the encoder's (favor, against) probabilities.
Views = dict[tuple[str, str, int], tuple[float, float]]


def frame_pairs(
    ctx: DocContext, sents: list[Sentence], actions: list[Evidence], asked: list[PairCandidate]
) -> list[PairCandidate]:
    """Pairs of each reported action's actor and its framed actor targets not already asked about, actor holding."""
    seen = {(p.a_id, p.b_id, p.sent_idx) for p in asked} | {(p.b_id, p.a_id, p.sent_idx) for p in asked}
    out: list[PairCandidate] = []
    for ev in actions:
        if ev.holder_link is None:
            continue
        h_span = (ev.holder_link.start_char, ev.holder_link.end_char)
        for t, frame in ev.targets:
            key = (ev.holder_id, t.entity_id or "", ev.sent_idx)
            if frame not in ("favor", "against") or key in seen or not framed_actor(ctx, t):
                continue
            assert t.entity_id
            if related(ev.holder_id, t.entity_id, ctx.parents) or same_person(ctx, ev.holder_id, t.entity_id):
                continue
            lo, hi = min(h_span[0], t.start_char), max(h_span[1], t.end_char)
            s = next((s for s in sents if s.idx == ev.sent_idx and s.start <= lo and hi <= s.end), None)
            if s is None:
                continue
            seen.add(key)
            out.append(
                PairCandidate(
                    ev.holder_id,
                    ev.holder_type,
                    t.entity_id,
                    t.entity_type,
                    ctx.text[s.start : s.end],
                    relative_span(h_span, s.start),
                    relative_span((t.start_char, t.end_char), s.start),
                    (s.start, s.end),
                    s.idx,
                    "reported_action",
                    next(
                        (quote_id(ctx.doc_id, q) for q in ctx.quotes if q.start_char <= t.start_char < q.end_char), None
                    ),
                    True,
                )
            )
    return out


def framed_actor(ctx: DocContext, target: Link) -> bool:
    """Whether a frame's target is an actor where it stands, or a name glued to a stance prefix ('anti-ISIS')."""
    return (target.start_char, target.entity_id) in ctx.actor_at or (
        target.entity_type in ACTOR_TYPES and prefix_stance(ctx.text, target.start_char) is not None
    )


def supports(frame: str, favor: float, against: float, min_prob: float = FRAME_MIN_PROB) -> bool:
    """Whether the encoder's holder -> target probabilities support a frame's polarity ('favor' or 'against')."""
    same, other = (favor, against) if frame == "favor" else (against, favor)
    return same >= min_prob and same > other


def min_support(action: Evidence) -> float:
    """The least encoder support a reported action's frames need: more when its actor is a resolved pronoun."""
    resolved = action.holder_link is not None and action.holder_link.link_method in ("anaphor", MEMBER_METHOD)
    return FRAME_MIN_PROB_ANAPHOR if resolved else FRAME_MIN_PROB


def holder_probs(probs: np.ndarray, e1_holds: bool) -> tuple[float, float]:
    """The encoder's probabilities that a pair's e1 (or e2) is for, and against, the other."""
    pos, neg = ("e1_pos_e2", "e1_neg_e2") if e1_holds else ("e2_pos_e1", "e2_neg_e1")
    return float(probs[DIRECTED_LABELS.index(pos)]), float(probs[DIRECTED_LABELS.index(neg)])


def frame_views(pairs: list[PairCandidate], probs: np.ndarray) -> Views:
    """(holder, target, sentence) -> the encoder's (favor, against) probabilities, both ways round every pair."""
    out: Views = {}
    for p, pr in zip(pairs, probs, strict=True):
        a_is_e1 = p.a_span[0] <= p.b_span[0]
        out.setdefault((p.a_id, p.b_id, p.sent_idx), holder_probs(pr, a_is_e1))
        out.setdefault((p.b_id, p.a_id, p.sent_idx), holder_probs(pr, not a_is_e1))
    return out


def _view(ev: Evidence, target_id: str, views: Views) -> tuple[float, float] | None:
    """The encoder's (favor, against) for an action's holder -> target; a shared relation may be read either way."""
    view = views.get((ev.holder_id, target_id, ev.sent_idx))
    back = views.get((target_id, ev.holder_id, ev.sent_idx)) if ev.mutual else None
    if view is not None and back is not None:
        view = (max(view[0], back[0]), max(view[1], back[1]))
    return view


def conjunct_views(ctx: DocContext, ev: Evidence, views: Views) -> dict[int, tuple[float, float]]:
    """Each framed target's (favor, against) support by its start, shared among conjoined targets of one frame.

    'Moscow is excluding the U.S. and UN': one act towards both, so the encoder's clearest reading of either one
    supports both (it read the U.S. at 0.13 against, the UN at 0.37). Conjuncts are targets whose syntactic roots are
    joined by 'conj' links and carry the same frame polarity.
    """
    out: dict[int, tuple[float, float]] = {}
    groups: dict[tuple[int, str | None], list[int]] = {}
    for target, frame in ev.targets:
        view = _view(ev, target.entity_id or "", views)
        if view is None:
            continue
        out[target.start_char] = view
        root = ctx.view.span_root(target.start_char, target.end_char)
        if root is not None:
            groups.setdefault((conjunct_head(root).i, frame), []).append(target.start_char)
    for starts in groups.values():
        best = (max(out[s][0] for s in starts), max(out[s][1] for s in starts))
        for s in starts:
            out[s] = best
    return out


def deontic_frame(tok: Token) -> str | None:
    """What a clause wants done to a target token ('X must be stopped', 'X needed to be kept out', 'it is time to
    unite against X'), or None."""
    if tok.dep_ == "nsubjpass":
        verb: Token | None = tok.head
        wanted = any(c.dep_ == "aux" and c.lower_ in DEONTIC_MODALS for c in tok.head.children)
    elif tok.dep_ == "nsubj" and tok.head.lemma_.lower() in NEED_VERBS:
        verb = next(
            (c for c in tok.head.children if c.dep_ == "xcomp" and any(a.dep_ == "auxpass" for a in c.children)), None
        )
        wanted = verb is not None
    else:
        return _wanted_infinitive(tok)
    if verb is None or not wanted or any(c.dep_ == "agent" for c in verb.children):
        return None
    pol = frame_polarity(verb)
    return pol if pol in ("favor", "against") else None


def _wanted_infinitive(tok: Token) -> str | None:
    """The frame over a target in a subjectless infinitive of a wanted noun ('it is time to put aside our interests
    and unite against X'), or None."""
    found = frame_above(tok)
    if found is None or found[0] not in ("favor", "against"):
        return None
    verb = found[1].head if found[1].dep_ == "prep" else found[1]
    first = conjunct_head(verb)
    if verb.pos_ != "VERB" or any(c.dep_ in ("nsubj", "nsubjpass") for t in (verb, first) for c in t.children):
        return None
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in first.children)
    wanted = first.dep_ in ("relcl", "acl") and first.head.lemma_.lower() in WANTED_NOUNS
    return found[0] if infinitive and wanted else None


def warned_frame(tok: Token, cue: str | None) -> str | None:
    """What a speaker warns a target of: an act against it named by a noun with no performer of its own ('warned
    that Russia's support for Assad would lead to the isolation of Moscow and Damascus'), or None."""
    if (cue or "") not in WARNING_VERBS:
        return None
    found = frame_above(tok)
    if found is None or found[0] != "against" or found[1].pos_ != "NOUN":
        return None
    noun = found[1]
    performed = any(c.dep_ == "poss" or (c.dep_ == "prep" and names_agent(c, noun)) for c in noun.children)
    return None if performed else "against"


def speech_frames(ctx: DocContext, sents: list[Sentence], pairs: list[PairCandidate]) -> list[str | None]:
    """Per pair, the polarity a speaker's words want done to the target inside them (None for other pairs)."""
    starts = {(s.idx, ctx.text[s.start : s.end]): s.start for s in sents}
    quotes = {quote_id(ctx.doc_id, q): q for q in ctx.quotes}
    out: list[str | None] = []
    for p in pairs:
        base = starts.get((p.sent_idx, p.text))
        q = quotes.get(p.quote_id or "")
        if base is None or q is None or p.attribution not in ("direct_quote", "indirect_speech"):
            out.append(None)
            continue
        tok = ctx.view.span_root(base + p.b_span[0], base + p.b_span[1])
        inside = tok is not None and q.start_char <= tok.idx < q.end_char
        frame = (deontic_frame(tok) or warned_frame(tok, q.cue_verb)) if tok is not None and inside else None
        out.append(frame)
    return out
