"""Context rules: when a capital or seat of power stands for its government, and when a demonym does."""

from __future__ import annotations

import re

from tasks.linking.types import Candidate


def _words(text: str) -> frozenset[str]:
    """A word set from a space-separated string."""
    return frozenset(text.split())


LOCATIVE_WORDS = _words(
    "in at near into onto outside inside across around throughout from to toward towards via through within "
    "over visit visited visits visiting arrived arrive arrives reached leave left leaving flew fly travelled "
    "traveled based born beyond above below under behind"
)
PLACE_NOUNS = _words(
    "streets street center centre outskirts suburbs suburb heart city mayor residents people citizens "
    "population north south east west northeast northwest southeast southwest part parts area areas district "
    "districts neighborhood neighbourhood airport university museum governor province countryside skyline "
    "downtown capital walls gates hospital hospitals embassy ruins old eastern western northern southern"
)
PHYSICAL_VERBS = _words(
    "leave reach enter visit fly bomb shell attack capture seize besiege surround liberate evacuate hit "
    "strike storm retake recapture overrun flee tour approach encircle defend"
)
ADDRESSED_NOUNS = _words(
    "snub message letter appeal warning threat signal response reply offer proposal request ultimatum rebuke "
    "blow challenge concession loyal loyalty close closer hostile allied opposed opposition talk talking speak "
    "speaking spoke said say says told report reported turned turn pivot overture overtures olive gesture"
)
ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "dobj", "iobj", "poss", "dative"})
SKIP_WORDS = frozenset({"the", "both", "either", "neither", "official", "and", "or"})
GOV_NOUNS = re.compile(r"\s*(?:government|regime|administration|authorities|cabinet)\b", re.I)
_WORD = re.compile(r"[A-Za-z]+")


def _prev_words(cand: Candidate) -> list[str]:
    """Lower-cased words before the span, nearest last."""
    return [w.lower() for w in _WORD.findall(cand.prev_text)]


def is_metonymic(cand: Candidate, default: bool) -> bool:
    """True when a place name acts or speaks (subject, object, possessor, party to talks), not a place."""
    words = _prev_words(cand)
    while words and words[-1] in SKIP_WORDS - {"and", "or"}:
        words.pop()
    prev = words[-1] if words else ""
    if prev in LOCATIVE_WORDS - {"to"}:
        return False
    if prev == "to":  # 'a snub to Washington' (actor) vs 'a trip to Washington' (place)
        return len(words) > 1 and words[-2] in ADDRESSED_NOUNS
    if prev == "of":
        return not (len(words) > 1 and words[-2] in PLACE_NOUNS)
    if re.match(r"^\s*['’]s?\b", cand.next_text):
        return True
    if cand.head_dep in ACTOR_DEPS:
        return cand.head_lemma not in PHYSICAL_VERBS
    if cand.head_dep == "pobj" and prev in {"with", "between", "against", "by", "on", "for", "toward", "and"}:
        return True
    return default


def follows_conjunction(prev: Candidate | None, cand: Candidate) -> bool:
    """True when `cand` is coordinated with the candidate just before it ('Moscow and Damascus')."""
    if prev is None or cand.start_char - prev.end_char > 8:
        return False
    gap = cand.prev_text[-(cand.start_char - prev.end_char) :] if cand.start_char > prev.end_char else ""
    return bool(re.fullmatch(r"\s*(?:,|and|or|&|,\s*and)\s*", gap))


def governs(cand: Candidate) -> bool:
    """True when the span is followed by 'government', 'regime', 'authorities', ... ('Syrian government')."""
    return bool(GOV_NOUNS.match(cand.next_text))
