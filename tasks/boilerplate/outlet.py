"""Outlet detection: which publication a crawler dump comes from, from its furniture (copyright, disclaimers, widgets).

A document names many outlets: the one that published it (in its copyright line, disclaimer, share widgets or a
short masthead line) and the ones it cites as sources ("Reuters:", "as cited by RIA Novosti", "Military Times
reported"). Each gazetteer outlet alias found in a line scores by where it stands; citations in body prose score
below zero. The best outlet above `MIN_SCORE` wins; with none, a copyright line's holder name is used as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tasks.nlp.gazetteer import Gazetteer

#: Evidence weights per line context (hand-set on the seeds' furniture; each is one kind of masthead signal).
COPYRIGHT, OWN_VOICE, SHORT_LINE, FURNITURE, BODY, CITATION = 5.0, 4.0, 3.0, 2.0, 0.5, -1.5
MIN_SCORE = 2.0
SHORT_LINE_WORDS = 6

_COPYRIGHT_RE = re.compile(r"(?:©|\(c\)|copyright\b)", re.IGNORECASE)
_OWN_VOICE_RE = re.compile(
    r"point[- ]of[- ]view|views expressed|do not (?:necessarily )?reflect|comment via|follow .{0,40} on|"
    r"listen (?:here|live)|subscribe to|sign up for|download the|app\b|newsletter|all rights reserved",
    re.IGNORECASE,
)
_CITE_BEFORE_RE = re.compile(
    r"(?:according to|cited by|quoted by|told|reported by|said to|interview with|reports? in|"
    r"(?:['’]s|by|to|in|on|with|from))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_CITE_AFTER_RE = re.compile(r"^\s*(?::|reported|reports|said|says|quoted|cited|news agency|,\s*(?:which|citing))")
_COPYRIGHT_HOLDER_RE = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?P<name>[A-Z][\w&.' -]{1,60}?)"
    r"(?:\s*(?:\d{4}|,|\.|\||all rights| LLC| Inc| Ltd| Limited| Corp|$))",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class OutletHit:
    """One outlet alias found in one line, with the weight of its context."""

    entity_id: str
    name: str
    line_no: int
    weight: float


@lru_cache(maxsize=4)
def _alias_pattern(gazetteer: Gazetteer) -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    """One regex over every outlet alias of a gazetteer (longest first) and alias -> (entity_id, canonical name)."""
    by_alias: dict[str, tuple[str, str]] = {}
    for ent in gazetteer.entities.values():
        if ent.type != "outlet":
            continue
        for alias in (ent.canonical_name, *ent.aliases):
            by_alias.setdefault(alias, (ent.entity_id, ent.canonical_name))
    alternatives = sorted(by_alias, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(a) for a in alternatives) + r")(?![\w])")
    return pattern, by_alias


def _weight(text: str, start: int, end: int, kept: bool) -> float:
    """Weight of an outlet alias at [start, end) of a line, by what surrounds it."""
    if _COPYRIGHT_RE.search(text):
        return COPYRIGHT
    if _OWN_VOICE_RE.search(text):
        return OWN_VOICE
    if len(text.split()) <= SHORT_LINE_WORDS:
        return SHORT_LINE
    cited = bool(_CITE_BEFORE_RE.search(text[:start])) or bool(_CITE_AFTER_RE.match(text[end:]))
    if cited:
        return CITATION
    return BODY if kept else FURNITURE


def outlet_hits(lines: Iterable[tuple[str, bool]], gazetteer: Gazetteer) -> list[OutletHit]:
    """Every gazetteer outlet alias in the lines (text, kept), weighted by its context."""
    pattern, by_alias = _alias_pattern(gazetteer)
    hits: list[OutletHit] = []
    for line_no, (text, kept) in enumerate(lines):
        for m in pattern.finditer(text):
            entity_id, name = by_alias[m.group(0)]
            hits.append(OutletHit(entity_id, name, line_no, _weight(text, m.start(), m.end(), kept)))
    return hits


def copyright_holder(lines: Iterable[tuple[str, bool]]) -> str | None:
    """The name after a copyright sign ('© 2017 Foo Media LLC' -> 'Foo Media'), when a line has one."""
    for text, _ in lines:
        m = _COPYRIGHT_HOLDER_RE.search(text)
        if m:
            name = m.group("name").strip(" .,-")
            if len(name) >= 2 and not name.isdigit():
                return name
    return None


def detect_outlet(lines: Sequence[tuple[str, bool]], gazetteer: Gazetteer | None = None) -> str | None:
    """Canonical name of the outlet that published a document (lines as (text, kept) pairs), or None."""
    if gazetteer is None:
        from tasks.nlp.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    scores: dict[str, float] = {}
    names: dict[str, str] = {}
    for hit in outlet_hits(lines, gazetteer):
        scores[hit.entity_id] = scores.get(hit.entity_id, 0.0) + hit.weight
        names[hit.entity_id] = hit.name
    if scores:
        best = max(scores, key=lambda k: scores[k])
        if scores[best] >= MIN_SCORE:
            return names[best]
    return copyright_holder(lines)


def outlet_entity_id(outlet: str | None, gazetteer: Gazetteer | None) -> str | None:
    """Gazetteer id of an outlet name ('Press TV' -> 'outlet:press_tv'), or None when it is not a known outlet."""
    if not outlet or gazetteer is None:
        return None
    ent = gazetteer.lookup(outlet)
    return ent.entity_id if ent is not None and ent.type == "outlet" else None
