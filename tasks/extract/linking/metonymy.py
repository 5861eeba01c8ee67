"""Context rules: when a capital or seat of power stands for its government, and when a demonym does."""

from __future__ import annotations

import re

from tasks.extract.linking.types import Candidate


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
    "strike storm retake recapture overrun flee tour approach encircle defend beat score defeat play lose"
)
ADDRESSED_NOUNS = _words(
    "snub message letter appeal warning threat signal response reply offer proposal request ultimatum rebuke "
    "blow challenge concession loyal loyalty close closer hostile allied opposed opposition talk talking speak "
    "speaking spoke said say says told report reported turned turn pivot overture overtures olive gesture"
)
ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "dobj", "poss"})
RELATIONAL_NOUNS = _words(
    "isolation support position positions policy policies stance preserve ally allies demand demands decision "
    "response role interest interests influence intention intentions strategy goal goals objective objectives "
    "ties relations relationship warning warnings criticism backing approval recognition refusal plan plans "
    "talks negotiations agreement deal dispute rift rapprochement tension tensions meeting summit cooperation "
    "conflict war dialogue contacts treaty accord pact partnership alliance deals sanctions pressure patience "
    "hands behalf side approach view views claims claim accusations insistence efforts attempt attempts "
    "cooperate cooperating negotiate negotiating deal dealing engage engaging talk talking work working"
)
DATELINE_TAIL = re.compile(r"^\s*(?:\(|--|—|–|-\s|,\s*[A-Z][a-z]+\.?\s*(?:\d|\())")
SKIP_WORDS = frozenset({"the", "both", "either", "neither", "official", "and", "or"})
GOV_NOUNS = re.compile(r"\s*(?:government|regime|administration|authorities|cabinet)\b", re.I)
_WORD = re.compile(r"[A-Za-z]+")


def _prev_words(cand: Candidate) -> list[str]:
    """Lower-cased words before the span, nearest last."""
    return [w.lower() for w in _WORD.findall(cand.prev_text)]


def is_dateline(cand: Candidate) -> bool:
    """True for a place opening a line as a dateline ('BERLIN -- ...', 'MOSCOW (Reuters) -')."""
    at_line_start = not cand.prev_text.strip(" \t") or cand.prev_text.rstrip(" \t").endswith("\n")
    return at_line_start and (cand.text.isupper() or bool(DATELINE_TAIL.match(cand.next_text)))


def is_metonymic(cand: Candidate, default: bool) -> bool:
    """True when a place name acts or speaks (subject, object, possessor, party to talks), not a place."""
    if is_dateline(cand):
        return False
    if cand.head_dep in ("compound", "amod", "nmod", "npadvmod"):  # 'the London side', 'Washington-based'
        return bool(GOV_NOUNS.match(cand.next_text))
    words = _prev_words(cand)
    while words and words[-1] in SKIP_WORDS - {"and", "or"}:
        words.pop()
    prev = words[-1] if words else ""
    before = words[-2] if len(words) > 1 else ""
    if prev in LOCATIVE_WORDS - {"to"}:
        return False
    if prev == "to":  # 'a snub to Washington' (actor) vs 'a trip to Washington' (place)
        return before in ADDRESSED_NOUNS
    if prev in ("of", "between", "with"):  # 'the isolation of Moscow', 'talks between Moscow and Ankara'
        return before in RELATIONAL_NOUNS
    if re.match(r"^\s*['’]s?\b", cand.next_text):
        return True
    if cand.head_dep in ACTOR_DEPS:
        return cand.head_lemma not in PHYSICAL_VERBS
    if cand.head_dep == "pobj" and prev in {"against", "by", "toward", "towards"}:
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
