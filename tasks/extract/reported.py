"""Every reported action of a sentence: verbal frames (`tasks.extract.actions`), frame nouns with their performer
('Russia's support for Assad', 'US allies such as Saudi Arabia'), reciprocal clauses of conjoined actors ('Moscow
and Ankara build on their rapprochement'), reactions drawn from someone ('prompting anger from the Pentagon') and
wanted outcomes ('both sides would like to see the Daesh group eliminated')."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tasks.extract.actions import (
    ACTION_PREPS,
    CARRIER_NOUNS,
    JOINT_VERBS,
    MEMBER_PREPS,
    OUTCOME_VERBS,
    REACTION_VERBS,
    RECIPROCAL_NOUNS,
    RELATION_NOUNS,
    Action,
    clipped_action,
    frame_polarity,
    framed_targets,
    names_agent,
    tokens_with_pos,
    verbal_actions,
)
from tasks.extract.holders import side_actors, token_actor
from tasks.extract.quotes.utterances import subject_of

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from tasks.extract.linking import Link
    from tasks.extract.speakers import SpeakerResolver


def nominal_actions(sent: Span, resolver: SpeakerResolver) -> list[Action]:
    """'Russia's support for Assad', 'the support of Russia for Assad': a frame noun, its actor and its objects."""
    out: list[Action] = []
    for noun in tokens_with_pos(sent, ("NOUN",)):
        carrier = noun.lemma_.lower() in CARRIER_NOUNS
        if frame_polarity(noun) is None and not carrier:
            continue
        relation = noun.lemma_.lower() in RELATION_NOUNS
        agent = next((c for c in noun.children if c.dep_ == "poss"), None)
        if agent is None and relation:  # 'US allies such as X': the name modifier owns the relation
            agent = next(
                (c for c in noun.children if c.dep_ in ("compound", "amod") and token_actor(resolver, c)), None
            )
        by = None if agent is not None else next((c for c in noun.children if names_agent(c, noun)), None)
        if by is not None:
            agent = next((c for c in by.children if c.dep_ == "pobj"), None)  # 'the support of X for Y'
        holder = token_actor(resolver, agent) if agent is not None else None
        if holder is None:
            continue
        preps = ACTION_PREPS | {"of"} | (MEMBER_PREPS if relation else frozenset())
        roots = [
            c
            for c in noun.children
            if (c.dep_ == "prep" and c.lower_ in preps and (by is None or c.i != by.i))
            or (relation and c.dep_ == "appos")
            or (carrier and c.dep_ == "acl")
        ]
        targets = framed_targets(resolver, noun, roots, holder)
        if not targets:
            continue
        last = max(r.right_edge for r in roots)
        action = clipped_action(
            holder, noun.idx, holder.start_char, last.idx + len(last.text), targets, sent, resolver.text
        )
        if action is not None:
            out.append(action)
    return out


def _conjoined_actor(resolver: SpeakerResolver, tok: Token) -> Link | None:
    """The actor a conjoined subject names: itself, or the name in apposition to it ('his counterpart Erdogan')."""
    found = token_actor(resolver, tok)
    if found is None:
        appos = next((c for c in tok.children if c.dep_ == "appos"), None)
        found = token_actor(resolver, appos) if appos is not None else None
    return found


def _reciprocal(verb: Token) -> bool:
    """Whether a clause says its subjects act together: a verb of acting together with no partner named, or 'their'
    relation noun in it ('build on their rapprochement'), not negated."""
    if any(c.dep_ == "neg" for c in verb.children):
        return False
    if verb.lemma_.lower() in JOINT_VERBS and not any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children):
        return True
    return any(
        t.lemma_.lower() in RECIPROCAL_NOUNS and any(c.dep_ == "poss" and c.lower_ == "their" for c in t.children)
        for t in verb.subtree
    )


def joint_actions(sent: Span, resolver: SpeakerResolver) -> list[Action]:
    """'Moscow and Ankara build on their rapprochement': conjoined actor subjects of a reciprocal clause favour each
    other (one action per direction)."""
    out: list[Action] = []
    for subj in sent:
        if subj.dep_ != "nsubj" or not any(c.dep_ == "conj" for c in subj.children) or not _reciprocal(subj.head):
            continue
        actors = [token_actor(resolver, subj)] + [
            _conjoined_actor(resolver, c) for c in subj.children if c.dep_ == "conj"
        ]
        named = list({lk.entity_id: lk for lk in actors if lk is not None and lk.entity_id}.values())
        verb = subj.head
        last = verb.right_edge
        for a in named:
            others = [(b, "favor") for b in named if b.entity_id != a.entity_id]
            start = min(subj.left_edge.idx, a.start_char)
            action = clipped_action(a, verb.idx, start, last.idx + len(last.text), others, sent, resolver.text)
            if action is not None:
                out.append(replace(action, mutual=True))
    return out


def reaction_actions(sent: Span, resolver: SpeakerResolver) -> list[Action]:
    """'X targeted Y, prompting anger from the Pentagon', 'X drew praise from Z': the one a reaction comes from holds
    its polarity towards the actor who drew it (the verb's performer)."""
    out: list[Action] = []
    for noun in tokens_with_pos(sent, ("NOUN",)):
        pol = frame_polarity(noun)
        verb = noun.head
        if pol not in ("favor", "against") or noun.dep_ != "dobj" or verb.lemma_.lower() not in REACTION_VERBS:
            continue
        source = next((c for c in (*noun.children, *verb.children) if c.dep_ == "prep" and c.lower_ == "from"), None)
        who = next((c for c in source.children if c.dep_ == "pobj"), None) if source is not None else None
        cause = subject_of(verb)
        if cause is None and verb.tag_ == "VBG" and verb.dep_ == "advcl":
            cause = subject_of(verb.head)  # 'X targeted Y, prompting anger from Z': the clause it hangs on
        holder = token_actor(resolver, who) if who is not None else None
        target = token_actor(resolver, cause) if cause is not None else None
        if holder is None or target is None or holder.entity_id == target.entity_id:
            continue
        lo, hi = min(holder.start_char, target.start_char), max(holder.end_char, target.end_char)
        action = clipped_action(holder, verb.idx, lo, hi, [(target, pol)], sent, resolver.text)
        if action is not None:
            out.append(action)
    return out


def wanted_outcomes(sent: Span, resolver: SpeakerResolver) -> list[Action]:
    """'both sides would like to see the Daesh group eliminated', 'Trump wants Assad ousted': who wants a frame
    verb's outcome for its patient holds that frame's polarity towards it."""
    out: list[Action] = []
    for verb in tokens_with_pos(sent, ("VERB",)):
        gov = verb.head
        if verb.dep_ not in ("ccomp", "oprd") or gov.lemma_.lower() not in OUTCOME_VERBS:
            continue
        if verb.tag_ not in ("VBN", "VBD") or any(c.dep_ == "dobj" for c in verb.children):
            continue  # a participle of what is to befall the patient (tagged either way), not 'saw X attack Y'
        pol = frame_polarity(verb)
        patient = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if patient is None and verb.dep_ == "oprd":
            patient = next((c for c in gov.children if c.dep_ == "dobj"), None)
        target = token_actor(resolver, patient) if patient is not None else None
        wanter = subject_of(gov)
        if pol not in ("favor", "against") or target is None or wanter is None:
            continue
        named = token_actor(resolver, wanter)
        for holder in side_actors(resolver, wanter) or ([named] if named is not None else []):
            if holder.entity_id == target.entity_id:
                continue
            lo, hi = min(wanter.idx, holder.start_char), max(verb.idx + len(verb.text), target.end_char)
            action = clipped_action(holder, gov.idx, lo, hi, [(target, pol)], sent, resolver.text)
            if action is not None:
                out.append(action)
    return out


def reported_actions(sent: Span, resolver: SpeakerResolver) -> list[Action]:
    """Every reported action of a sentence (verbal, nominal, joint, drawn reactions and wanted outcomes)."""
    return (
        verbal_actions(sent, resolver)
        + nominal_actions(sent, resolver)
        + joint_actions(sent, resolver)
        + reaction_actions(sent, resolver)
        + wanted_outcomes(sent, resolver)
    )
