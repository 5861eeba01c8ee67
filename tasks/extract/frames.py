"""Reported-action frames as the encoder reads them: which frame pairs to ask about, and whether it supports one.

A frame ('Moscow is excluding the U.S.', 'Kazakhstan is a Russian ally') names a holder, a target and a polarity from
syntax and word lists (`tasks.extract.actions`); the encoder reads the same sentence. Every frame is asked about (a
pair the candidate generators did not already ask about is added), and a frame is kept when the encoder's
probability of that holder -> target polarity is at least FRAME_MIN_PROB and above that of the opposite polarity
between them: it need not be the encoder's own first choice (it often reads a frame's sentence as neutral), but it
must not read the relation the other way.

A speaker's words put a target under a frame of the speaker's own when nobody else named performs it ('we are open to
working with Russia', 'Russia must be isolated'): such a speaker pair is kept on the same encoder support
(`speech_frames`), where the speaker's own threshold (0.8) would drop it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tasks.extract.actions import frame_above, frame_agent, frame_polarity, token_actor

if TYPE_CHECKING:
    from spacy.tokens import Token
from tasks.extract.candidates import PairCandidate, Sentence, quote_id, relative_span, same_person
from tasks.extract.context import DocContext
from tasks.extract.decide import DIRECTED_LABELS
from tasks.extract.stances import Evidence, related

#: Least encoder probability of a frame's own class (holder -> target, polarity) for the frame to stand. Chosen on
#: the directed dev items with a frame between the two given entities (113; 40 not train copies): 0.15 gave the most
#: right labels there (30 of 40 against the encoder's 29 alone; 0.0-0.1 gave 29, 0.2-0.4 30 with no change).
FRAME_MIN_PROB = 0.15


def frame_pairs(
    ctx: DocContext, sents: list[Sentence], actions: list[Evidence], asked: list[PairCandidate]
) -> list[PairCandidate]:
    """Pairs of each reported action's actor and its framed actor targets not already asked about, actor holding."""
    seen = {(p.a_id, p.b_id, p.sent_idx) for p in asked} | {(p.b_id, p.a_id, p.sent_idx) for p in asked}
    actor_at = {(lk.start_char, lk.entity_id) for lk in ctx.actors}
    out: list[PairCandidate] = []
    for ev in actions:
        if ev.holder_span is None:
            continue
        for t, frame in ev.targets:
            key = (ev.holder_id, t.entity_id or "", ev.sent_idx)
            if frame not in ("favor", "against") or key in seen or (t.start_char, t.entity_id) not in actor_at:
                continue
            assert t.entity_id
            if related(ev.holder_id, t.entity_id, ctx.parents) or same_person(ctx, ev.holder_id, t.entity_id):
                continue
            lo, hi = min(ev.holder_span[0], t.start_char), max(ev.holder_span[1], t.end_char)
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
                    relative_span(ev.holder_span, s.start),
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


def supports(frame: str, favor: float, against: float, min_prob: float = FRAME_MIN_PROB) -> bool:
    """Whether the encoder's holder -> target probabilities support a frame's polarity ('favor' or 'against')."""
    same, other = (favor, against) if frame == "favor" else (against, favor)
    return same >= min_prob and same > other


def frame_views(pairs: list[PairCandidate], probs: np.ndarray) -> dict[tuple[str, str, int], tuple[float, float]]:
    """(holder, target, sentence) -> the encoder's (favor, against) probabilities, both ways round every pair."""
    out: dict[tuple[str, str, int], tuple[float, float]] = {}
    for p, pr in zip(pairs, probs, strict=True):
        e1_first = p.a_span[0] <= p.b_span[0]
        pos = pr[DIRECTED_LABELS.index("e1_pos_e2")], pr[DIRECTED_LABELS.index("e2_pos_e1")]
        neg = pr[DIRECTED_LABELS.index("e1_neg_e2")], pr[DIRECTED_LABELS.index("e2_neg_e1")]
        a, b = (0, 1) if e1_first else (1, 0)  # which of e1/e2 is actor a, which actor b
        out.setdefault((p.a_id, p.b_id, p.sent_idx), (float(pos[a]), float(neg[a])))
        out.setdefault((p.b_id, p.a_id, p.sent_idx), (float(pos[b]), float(neg[b])))
    return out


#: Words by which a speaker performs a frame in their own words ('we will isolate X').
SPEAKER_SELF = frozenset({"i", "we", "us", "me"})
SPEECH = frozenset({"direct_quote", "indirect_speech"})


#: Links by which a frame noun or verb takes its performer from the clause above ('waging a struggle against X',
#: 'would be willing to work with X').
_UP_DEPS = frozenset({"dobj", "attr", "oprd", "xcomp", "acomp", "ccomp", "conj", "advcl", "pcomp"})
_RELATIVE = frozenset({"that", "who", "which", "whom"})
MAX_CLIMB = 4


def _performer(word: Token) -> Token | None:
    """Who performs a frame word: a noun's possessor, else the nearest subject up its clause (a relative pronoun
    read as the noun it modifies), or None when the clause names nobody ('working with X', 'X must be isolated')."""
    if word.dep_ == "prep":
        word = word.head
    for _ in range(MAX_CLIMB):
        poss = next((c for c in word.children if c.dep_ == "poss"), None)
        if poss is not None:
            return poss
        subj = frame_agent(word) if word.pos_ in ("VERB", "AUX") else None
        if subj is None:
            subj = next((c for c in word.children if c.dep_ in ("nsubj", "agent")), None)
        if subj is not None:
            if subj.lower_ in _RELATIVE and word.dep_ == "relcl":
                return word.head
            return subj
        if any(c.dep_ == "nsubjpass" for c in word.children):
            return None  # 'X must be isolated': nobody named performs it
        if word.dep_ == "pobj":
            word = word.head
        if word.dep_ not in _UP_DEPS and not (word.dep_ == "prep" and word.head.pos_ in ("VERB", "NOUN", "ADJ")):
            return None
        word = word.head
    return None


def _speech_frame(ctx: DocContext, pair: PairCandidate, base: int) -> str | None:
    """The frame polarity a speaker's words put the target under, when no other named actor performs the frame."""
    tok = ctx.view.span_root(base + pair.b_span[0], base + pair.b_span[1])
    quote = next((q for q in ctx.quotes if quote_id(ctx.doc_id, q) == pair.quote_id), None)
    if tok is None or quote is None:
        return None
    found = frame_above(tok)
    if found is None and tok.dep_ == "nsubjpass":  # 'Russia needed to be isolated'
        pol = frame_polarity(tok.head)
        found = (pol, tok.head) if pol is not None else None
    if found is None or found[0] not in ("favor", "against"):
        return None
    pol, word = found
    if not quote.start_char <= word.idx < quote.end_char:
        return None
    agent = _performer(word)
    if agent is not None and agent.lower_ not in SPEAKER_SELF:
        link = token_actor(ctx.resolver, agent)
        own = link is not None and (
            link.entity_id == pair.a_id or related(link.entity_id or "", pair.a_id, ctx.parents)
        )
        if not own:
            return None  # another actor's act ('Rhodes said Russia attacked X'), or an unnamed one's
    return pol


def speech_frames(ctx: DocContext, sents: list[Sentence], pairs: list[PairCandidate]) -> list[str | None]:
    """Per pair, the frame of a speaker's own words on the target (None for other pairs)."""
    starts = {(s.idx, ctx.text[s.start : s.end]): s.start for s in sents}
    out: list[str | None] = []
    for p in pairs:
        base = starts.get((p.sent_idx, p.text)) if p.attribution in SPEECH and p.holder_fixed else None
        out.append(_speech_frame(ctx, p, base) if base is not None else None)
    return out
