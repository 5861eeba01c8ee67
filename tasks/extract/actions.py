"""Reported actions between actors: 'Russia snubs the US', 'Russia supports Assad', 'the US wants to isolate Moscow',
'Russia's support for Assad'. The acting entity holds a stance towards each entity its action is aimed at.

A verb whose subject resolves to an entity is followed down its objects (direct, dative, prepositional, and the verbs of
its open complements: 'seek to isolate X', 'by excluding X'); every linked entity in those subtrees is a target. The
frame word nearest above a target (a verb, noun or adjective of the word lists in `frame_lexicon.json`, or the
preposition 'against') gives the action's own polarity. Targets with no frame are not reported as actions: a verb of
unknown polarity ('met', 'discussed') says little about the actor's stance, and the model would only echo the author's
tone (the author-voice and speech records still cover those mentions). A negated frame verb flips favor to against and
against to neutral ('did not attack' reports no hostility); a frame a verb calls off ('declined to threaten X', 'would
end an emergency against X', 'decided against attacking X') is no act at all (`called_off`). Reporting verbs act only
on their direct object ('accused Russia'); their clausal complement is speech, handled by
`tasks.extract.quotes.utterances`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tasks.extract.actors import hyphen_prefix
from tasks.extract.frame_words import LEX
from tasks.extract.holders import subject_actor, token_link
from tasks.extract.linking import Link
from tasks.extract.quotes.utterances import CUE_VERBS, subject_of
from tasks.extract.speakers import ACTOR_TYPES, SpeakerResolver
from tasks.nlp.docview import doc_view

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

FAVOR_VERBS, AGAINST_VERBS = frozenset(LEX["favor_verbs"]), frozenset(LEX["against_verbs"])
CONTEST_VERBS = frozenset(LEX["contest_verbs"])
CONTEST_PHRASALS = frozenset((a, b) for a, b in LEX["contest_phrasals"])
JOINT_VERBS, PATIENT_VERBS = frozenset(LEX["joint_verbs"]), frozenset(LEX["patient_verbs"])
FAVOR_NOUNS, AGAINST_NOUNS = frozenset(LEX["favor_nouns"]), frozenset(LEX["against_nouns"])
FAVOR_ADJS = {k: tuple(v) for k, v in LEX["favor_adjs"].items()}
AGAINST_ADJS = {k: tuple(v) for k, v in LEX["against_adjs"].items()}
PATIENT_NOUNS, DEMAND_WORDS = frozenset(LEX["patient_nouns"]), frozenset(LEX["demand_words"])
CARRIER_NOUNS, CANCEL_VERBS = frozenset(LEX["carrier_nouns"]), frozenset(LEX["cancel_verbs"])
ON_VERBS, ACTION_PREPS = frozenset(LEX["on_verbs"]), frozenset(LEX["action_preps"])
ALTERNATIVE_PREPS = frozenset(LEX["alternative_preps"])
AGENT_PREPS, AGENT_OF_NOUNS = frozenset(LEX["agent_preps"]), frozenset(LEX["agent_of_nouns"])
RELATION_NOUNS, MEMBER_PREPS = frozenset(LEX["relation_nouns"]), frozenset(LEX["member_preps"])
RECIPROCAL_NOUNS, CITE_VERBS = frozenset(LEX["reciprocal_nouns"]), frozenset(LEX["cite_verbs"])
AGAINST_PHRASALS = frozenset((a, b) for a, b in LEX["against_phrasals"])
DEONTIC_MODALS, NEED_VERBS = frozenset(LEX["deontic_modals"]), frozenset(LEX["need_verbs"])
HEDGE_MODALS = frozenset(LEX["hedge_modals"])
REACTION_VERBS, WANTED_NOUNS = frozenset(LEX["reaction_verbs"]), frozenset(LEX["wanted_nouns"])
WARNING_VERBS = frozenset(LEX["warning_verbs"])
STANCE_PREFIXES: dict[str, str] = dict(LEX["stance_prefixes"])
PREFIX_HEADS, OUTCOME_VERBS = frozenset(LEX["prefix_heads"]), frozenset(LEX["outcome_verbs"])
FAVOR_OBJECTS = frozenset((a, b) for a, b in LEX["favor_objects"])
OBJECT_DEPS = frozenset({"dobj", "dative", "attr", "oprd", "pobj", "pcomp", "xcomp", "prep", "conj", "poss"})


@dataclass(frozen=True, slots=True)
class Action:
    """One reported action: the acting entity, the text span, and each target with the frame polarity if any."""

    holder: Link
    start: int
    end: int
    targets: tuple[tuple[Link, str | None], ...]  # (target, "favor" | "against" | None)
    mutual: bool = False  # a relation both sides hold ('Moscow and Ankara build on their rapprochement')


def called_off(word: Token) -> bool:
    """Whether the verb above a frame word calls it off ('declined to threaten', 'ended an emergency against')."""
    if word.dep_ == "prep":
        word = word.head
    if word.pos_ in ("VERB", "AUX") and word.dep_ == "pcomp" and word.head.lower_ == "against":
        return True  # 'decided against attacking X', 'warned against arming X': an act not done
    if word.pos_ in ("VERB", "AUX") and word.dep_ in ("xcomp", "pcomp"):
        return word.head.lemma_.lower() in CANCEL_VERBS
    return word.pos_ == "NOUN" and word.dep_ in ("dobj", "nsubjpass") and word.head.lemma_.lower() in CANCEL_VERBS


def frame_polarity(word: Token) -> str | None:
    """Polarity of a frame word (verb, noun, 'against', or 'with' after a verb of acting together), after negation."""
    lemma = word.lemma_.lower()
    if called_off(word):
        return None
    if word.dep_ == "prep" and lemma == "against":
        head = word.head
        verb = head.lemma_.lower()
        if verb in CONTEST_VERBS or any(
            c.dep_ == "prt" and (verb, c.lower_) in CONTEST_PHRASALS for c in head.children
        ):
            return None  # 'ran against McCain', 'went up against Sanders': a race
        if any(c.dep_ == "pcomp" or (c.dep_ == "pobj" and _gerund_led(c)) for c in word.children):
            return None  # 'decided against fact-checking X', 'warned against arming X': an act not done, or advice
        return "against"
    if word.dep_ == "prep" and lemma == "with" and word.head.lemma_.lower() in JOINT_VERBS:
        negated = any(c.dep_ == "neg" for c in word.head.children)
        return FLIP["favor"] if negated else "favor"  # 'work with X', 'side with X'
    if word.pos_ == "VERB":
        favor, against = FAVOR_VERBS, AGAINST_VERBS
    elif word.pos_ == "NOUN":
        favor, against = FAVOR_NOUNS, AGAINST_NOUNS
    else:
        return None
    base = "favor" if lemma in favor else "against" if lemma in against else None
    if (
        base is None
        and word.pos_ == "VERB"
        and any(c.dep_ in ("prt", "oprd", "prep") and (lemma, c.lower_) in AGAINST_PHRASALS for c in word.children)
    ):
        base = "against"  # 'kept Russia out of the coalition'
    if base is None:
        return None
    verb = word if word.pos_ in ("VERB", "AUX") else None
    negated = verb is not None and any(c.dep_ == "neg" for c in verb.children)
    return FLIP[base] if negated else base


def _gerund_led(noun: Token) -> bool:
    """Whether a noun is the object of a gerund the parser hung on it ('against fact-checking Trump' read as a
    modifier of 'Trump')."""
    return any(c.dep_ in ("amod", "compound") and c.tag_ == "VBG" for c in noun.children)


def adjective_polarity(adj: Token, via: Token) -> str | None:
    """Polarity of a stance adjective reached through its object's preposition ('opposed to X'), after negation."""
    lemma = adj.lower_
    preps = FAVOR_ADJS.get(lemma) or AGAINST_ADJS.get(lemma)
    if preps is None or via.dep_ != "prep" or via.lower_ not in preps:
        return None
    base = "favor" if lemma in FAVOR_ADJS else "against"
    scope = [adj, adj.head] if adj.dep_ == "acomp" else [adj]
    return FLIP[base] if any(c.dep_ == "neg" for t in scope for c in t.children) else base


def _called_for(noun: Token, via: Token) -> bool:
    """Whether a target is what befalls a patient noun that something calls for ('calls for X's departure')."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in PATIENT_NOUNS:
        return False
    if via.dep_ != "poss" and not (via.dep_ == "prep" and via.lower_ == "of"):
        return False
    gov = noun.head.head if noun.dep_ == "pobj" else noun.head
    return noun.dep_ in ("dobj", "pobj") and gov.lemma_.lower() in DEMAND_WORDS


#: Dependencies a target may hang by on its way up to the frame word ('isolate [the US and] X', 'disdain for X's').
PATH_DEPS = frozenset({"compound", "amod", "appos", "conj", "dobj", "pobj", "poss", "prep", "dative", "attr", "nmod"})
MAX_PATH = 5
NOUN_MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod"})
FLIP = {"favor": "against", "against": "neutral", "neutral": "neutral"}


def prefix_stance(text: str, start: int) -> str | None:
    """The polarity of a stance prefix hyphen-glued before a name starting at `start` ('anti-ISIS', 'pro-US')."""
    return STANCE_PREFIXES.get(hyphen_prefix(text, start) or "")


def conjunct_head(tok: Token) -> Token:
    """The first of a run of conjoined tokens ('the U.S.' for 'UN' in 'excluding the U.S. and UN')."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _waged(noun: Token) -> bool:
    """Whether a noun names an activity someone wages ('war', 'campaign', 'coalition'), not who wages it."""
    lemma = noun.lemma_.lower()
    return noun.pos_ == "NOUN" and (
        lemma in PREFIX_HEADS or lemma in AGAINST_NOUNS or lemma in FAVOR_NOUNS or lemma in CARRIER_NOUNS
    )


def frame_above(tok: Token, stop: Token | None = None) -> tuple[str, Token] | None:
    """The nearest frame word governing a target token through object-like links only, with its polarity.

    At most one preposition is crossed ('disdain for X's efforts' yes; 'excluding X from talks brokered by Y' no).
    A negation on the way ('I like Peter but not Robert') flips the frame for this target only. A name glued to a
    stance prefix is framed by the word it modifies ('fighting an anti-ISIS war').
    """
    edge = tok.left_edge
    if edge.i > 0 and edge.nbor(-1).lower_ in ALTERNATIVE_PREPS:
        return None  # 'backs Trump over Democratic nominee Hillary Clinton', however the parser hangs the name
    prefixed = prefix_stance(doc_view(tok.doc).text, tok.idx)  # Doc.text rebuilds the string on every access
    if prefixed is not None:  # framed by its prefix only: 'fighting anti-ISIS rebels' is no act against ISIS
        return (prefixed, tok.head) if tok.dep_ in NOUN_MODIFIER_DEPS and _waged(tok.head) else None
    cur = tok
    preps = 0
    negated = False
    for _ in range(MAX_PATH):
        head = cur.head
        if head.i == cur.i or cur.dep_ not in PATH_DEPS:
            return None
        negated ^= any(c.dep_ == "neg" for c in cur.children) and cur.dep_ == "conj"
        if cur.dep_ == "prep":
            preps += 1
            if preps > 1 or (cur.lower_ in ALTERNATIVE_PREPS and head.pos_ in ("VERB", "AUX")):
                return None  # 'backs Trump over Clinton': an alternative or a topic, not a target
        pol = adjective_polarity(head, cur) if head.pos_ == "ADJ" else frame_polarity(head)
        if pol is None and cur.dep_ == "dobj" and (head.lemma_.lower(), cur.lemma_.lower()) in FAVOR_OBJECTS:
            pol = "favor"  # 'secure the future of X'
        if pol is None and _called_for(head, cur):
            pol = "against"  # 'calls for Assad's departure', 'demanded the ouster of X'
            return (FLIP[pol] if negated else pol), head
        if pol is not None and head.pos_ == "NOUN" and head.lemma_.lower() in RELATION_NOUNS:
            if cur.dep_ == "appos" or (cur.dep_ == "prep" and cur.lower_ in MEMBER_PREPS):
                return (FLIP[pol] if negated else pol), head  # a member: 'allies such as X', 'its ally X'
            counterpart = cur.dep_ in NOUN_MODIFIER_DEPS or (cur.dep_ == "prep" and cur.lower_ == "of")
            if head.dep_ not in ("attr", "oprd") or not counterpart:
                return None  # 'attacked an ally of X' says nothing of X; 'X is a Russian ally' does
            return (FLIP[pol] if negated else pol), head
        if pol is None and head.pos_ == "NOUN" and cur.dep_ == "prep" and any(c.dep_ == "poss" for c in head.children):
            return None  # 'blasted Trump's statements on Israel': the topic of someone's words is no target
        if pol is not None and head.pos_ == "NOUN" and names_agent(cur, head):
            return None  # 'the support of X', 'airstrikes by X': X performs the frame, it is not what it aims at
        if pol is not None and head.pos_ == "NOUN" and cur.dep_ in NOUN_MODIFIER_DEPS:
            return None  # 'the Syrian war', 'US sanctions': a frame noun's modifier is its setting or agent
        if pol is not None:
            return (FLIP[pol] if negated else pol), head
        if stop is not None and head.i == stop.i:
            return None
        cur = head
    return None


def names_agent(prep: Token, noun: Token) -> bool:
    """Whether a preposition under a frame noun names its performer ('support of X' but not 'in support of X')."""
    word = prep.lower_
    if prep.dep_ != "prep":
        return False
    if word in AGENT_PREPS:
        return True
    in_support = noun.dep_ == "pobj" and noun.head.lower_ == "in"  # 'in support of X': X is the one supported
    owned = any(c.dep_ == "poss" for c in noun.children)  # "Russia's support of Assad": the possessor acts
    return word == "of" and noun.lemma_.lower() in AGENT_OF_NOUNS and not in_support and not owned


def patient_frame(tok: Token) -> str | None:
    """'against' when a target is the subject of a verb of undergoing with a hostile object ('X faces sanctions')."""
    root = tok
    while root.dep_ in ("compound", "amod", "conj", "appos") and root.head.i != root.i:
        root = root.head
    verb = root.head
    if root.dep_ != "nsubj" or verb.lemma_.lower() not in PATIENT_VERBS:
        return None
    for child in verb.children:
        obj = child if child.dep_ == "dobj" else None
        if child.dep_ == "prep":
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
        if obj is not None and frame_polarity(obj) == "against":
            return "against"
    return None


def frame_agent(word: Token) -> Token | None:
    """Who performs a frame: the subject of a frame verb (or of the verb it complements), a frame noun's possessor."""
    if word.dep_ == "prep":
        word = word.head
    if word.pos_ in ("VERB", "AUX"):
        return subject_of(word)
    return next((c for c in word.children if c.dep_ == "poss"), None)


def _object_roots(verb: Token) -> list[Token]:
    """The children of a verb its action reaches: objects, prepositional phrases and open complements."""
    roots: list[Token] = []
    for child in verb.children:
        direct = child.dep_ in ("dobj", "dative", "attr", "oprd", "xcomp", "acomp")
        setting = child.lower_ == "on" and verb.lemma_.lower() not in ON_VERBS  # 'thanked X on Twitter'
        acting = child.dep_ in ("prep", "agent") and child.lower_ in ACTION_PREPS | {"by"} and not setting
        if direct or acting or _joins_a_fight(verb, child):
            roots.append(child)
    return roots


def _joins_a_fight(verb: Token, prep: Token) -> bool:
    """'assisting the Syrian government in its fight against X': a verb of helping joins the owned frame it serves."""
    if prep.dep_ != "prep" or prep.lower_ != "in" or verb.lemma_.lower() not in FAVOR_VERBS | JOINT_VERBS:
        return False
    noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
    owned = noun is not None and any(c.dep_ == "poss" for c in noun.children)
    return owned and noun.pos_ == "NOUN" and noun.lemma_.lower() in AGAINST_NOUNS | FAVOR_NOUNS


def framed_targets(
    resolver: SpeakerResolver, verb: Token, roots: Sequence[Token], holder: Link
) -> list[tuple[Link, str | None]]:
    """Linked actors inside the object subtrees of a verb that a frame word governs, with its polarity."""
    out: dict[str, tuple[Link, str | None]] = {}
    for root in roots:
        for tok in root.subtree:
            link = token_link(resolver, tok)
            if link is None or link.entity_id in (None, holder.entity_id) or link.entity_type not in ACTOR_TYPES:
                continue
            if tok.head.i != tok.i and link.start_char <= tok.head.idx < link.end_char:
                continue  # one entry per mention: its syntactic root ('forces' in 'US-backed forces')
            found = frame_above(tok, None)
            if found is not None and _performed_by_another(verb, found[1]):
                continue  # 'accused the audience of supporting X': the audience supports X
            if found is not None and verb in (found[1], *found[1].ancestors):
                out.setdefault(link.entity_id, (link, found[0]))  # type: ignore[arg-type]
    return list(out.values())


def _performed_by_another(verb: Token, frame: Token) -> bool:
    """Whether a frame under a verb is someone else's act than the verb's subject's: a verb's object doing it, a
    noun with its own performer, a clause with its own subject ('groups that support X'), a cited act ('cited
    criticism of X')."""
    if _object_performs(verb, frame) or _owned_elsewhere(verb, frame):
        return True
    if frame.i != verb.i and frame.pos_ in ("VERB", "AUX") and frame.dep_ in ("relcl", "ccomp", "advcl"):
        return any(c.dep_ in ("nsubj", "nsubjpass") for c in frame.children)
    return frame.pos_ == "NOUN" and frame.i != verb.i and verb.lemma_.lower() in CITE_VERBS


def _object_performs(verb: Token, frame: Token) -> bool:
    """Whether a verb's direct object performs a frame verb in a prepositional clause under it ('accused X of
    backing Y', 'thanked X for supporting Y'), so the verb's subject does not."""
    return (
        frame.i != verb.i
        and frame.pos_ in ("VERB", "AUX")
        and frame.dep_ == "pcomp"
        and frame.head.lower_ in ("of", "for")  # not 'by excluding X', the subject's own means
        and frame.head.head.i == verb.i
        and any(c.dep_ == "dobj" for c in verb.children)
    )


def _owned_elsewhere(verb: Token, frame: Token) -> bool:
    """Whether a frame noun under a verb has a performer of its own ('criticized Russia's support for X', 'attacked US
    allies such as X'): the noun's relation is its owner's (`nominal_actions`), not the verb's subject's."""
    if frame.i == verb.i or frame.pos_ != "NOUN" or frame.dep_ in ("attr", "oprd"):
        return False
    if frame.lemma_.lower() in PATIENT_NOUNS:
        return False  # 'called for Assad's departure': the possessor is the target
    return frame.lemma_.lower() in RELATION_NOUNS or any(c.dep_ == "poss" for c in frame.children)


def _clip(sent: Span, text: str, anchor: int, start: int, end: int) -> tuple[int, int]:
    """Offsets clipped to a sentence and to the line holding the anchor (parses may run over a line break)."""
    lo = text.rfind("\n", 0, anchor) + 1
    nl = text.find("\n", anchor)
    hi = len(text) if nl < 0 else nl
    return max(start, sent.start_char, lo), min(end, sent.end_char, hi)


def clipped_action(
    holder: Link, anchor: int, start: int, end: int, targets: list, sent: Span, text: str
) -> Action | None:
    """An action clipped to its line, with the targets inside it (None when none is left)."""
    a, b = _clip(sent, text, anchor, start, end)
    inside = tuple((lk, pol) for lk, pol in targets if a <= lk.start_char and lk.end_char <= b)
    if not inside or not (a <= holder.start_char and holder.end_char <= b):
        return None
    return Action(holder, a, b, inside)


def tokens_with_pos(sent: Span, tags: tuple[str, ...]) -> list[Token]:
    """The tokens of a sentence whose coarse part of speech is one of `tags`, in order."""
    doc = sent.doc
    found = doc_view(doc).where(tags)
    return [doc[i] for i in found[bisect_left(found, sent.start) : bisect_left(found, sent.end)]]


def _means_clause(prep: Token) -> bool:
    """'by excluding X': a by-clause with a verb says how the subject acts, never what it says."""
    return prep.dep_ == "prep" and prep.lower_ == "by" and any(c.dep_ == "pcomp" for c in prep.children)


def _obliged(verb: Token) -> bool:
    """Whether a verb says what its subject must, has to or may do ('U.S. has to keep Moscow out', 'Russia should
    stop X', 'they may endorse X'): a wish or a possibility, the writer's or speaker's, not an act of the subject."""
    if any(c.dep_ == "aux" and c.lower_ in DEONTIC_MODALS | HEDGE_MODALS for c in verb.children):
        return True  # ... or only may do ('they may well endorse Clinton'): no act yet
    return verb.lemma_.lower() in NEED_VERBS and any(
        c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) for c in verb.children
    )


def _poll_figure(verb: Token) -> bool:
    """Whether a verb's subject is a poll figure ('Gary Johnson and 1 percent support Jill Stein')."""
    subj = subject_of(verb)
    return subj is not None and any(t.lower_ in ("percent", "%") for t in (subj, *subj.conjuncts))


def verbal_actions(sent: Span, resolver: SpeakerResolver) -> list[Action]:
    """Reported actions of a sentence whose actor is the subject of a verb."""
    out: list[Action] = []
    for verb in tokens_with_pos(sent, ("VERB", "AUX")):
        if verb.dep_ in ("xcomp", "pcomp", "aux", "auxpass"):
            continue
        roots = _object_roots(verb)
        if verb.lemma_.lower() in CUE_VERBS:
            roots = [r for r in roots if r.dep_ in ("dobj", "dative") or _means_clause(r)]
        if not roots or _obliged(verb) or _poll_figure(verb):
            continue
        holder = subject_actor(resolver, verb)
        if holder is None:
            continue
        targets = framed_targets(resolver, verb, roots, holder)
        if not targets:
            continue
        start = min(holder.start_char, verb.idx)
        last = max(r.right_edge for r in roots)
        end = max(last.idx + len(last.text), verb.idx + len(verb.text))
        action = clipped_action(holder, verb.idx, start, end, targets, sent, resolver.text)
        if action is not None:
            out.append(action)
    return out
