"""Span cleaning: trim spaCy entity spans to the bare name, keeping offsets that slice the text exactly."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\[\](){}<>|\n\r]| [-–—] ")
_LEAD_STRIP = " \t\"'“”‘’«»-–—,.:;!?*•·/"
_TRAIL_STRIP = " \t\"“”‘’'«»-–—,:;!?*•·/"
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_THE = re.compile(r"^(?:[Tt][Hh][Ee]|a|an)\s+")
_AFFIX_PREFIX = re.compile(r"^(?:pro|anti|non|ex|post|pre)-(?=[A-Z])")
_AFFIX_SUFFIX = re.compile(r"-(?:led|backed|based|brokered|funded|sponsored|made|born|style|owned|run|allied|held)$")
TITLES = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gen|Gov|Col|Lt|Sgt|Capt|Prof|Rev|St)\.?|President|Vice President|"
    r"Prime Minister|Foreign Minister|Defen[cs]e Minister|Minister|Secretary of State|Secretary|"
    r"Chancellor|King|Queen|Prince|Princess|Sheikh|Sheik|Emir|General|Senator|Governor|Ambassador|"
    r"Ayatollah|Pope|Premier|Judge|Justice|Spokesman|Spokeswoman|Spokesperson|Envoy|Sir|Dame|Lord|Lady|"
    r"Captain|Coach|Manager|Chairman|Chairwoman|Chief|Director|Analyst|Commander|Colonel|Lieutenant|"
    r"Sergeant|Correspondent|Reporter|Columnist|Editor|Lawyer|Attorney|Leader|Deputy|Mayor|Professor|"
    r"Bishop|Cardinal|Archbishop|Rabbi|Imam|Defender|Midfielder|Forwards?|Striker|Goalkeepers?|Centre|"
    r"Winger|Fullback|Halfback|Pitcher|Quarterback|Skipper|Opener|Batsman|Bowler|Superintendent|"
    r"Commissioner|Inspector|Detective|Officer|Agent|Sheriff|Trooper|Representative|Congressman|"
    r"Congresswoman|Councilman|Councilwoman|Councillor|Assemblyman|Assemblywoman|Speaker|Principal|"
    r"Doctor|Father|Brother|Sister|Rev\.|Comrade|Marshal|Admiral|Major|Brigadier|Field Marshal)\s+(?=[A-Z])"
)
# A standalone number inside or at the end of a span separates or follows names ('Hartford 4 BOSTON 2').
_NUMBER = re.compile(r"(?<!\S)[\d][\d.,:/-]*(?!\S)")
NUMBER_SPLIT_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past leading/trailing punctuation, possessives, 'the' and -led style affixes."""
    for _ in range(6):
        old = (start, end)
        sub = text[start:end]
        lead = len(sub) - len(sub.lstrip(_LEAD_STRIP))
        start += lead
        sub = text[start:end]
        end -= len(sub) - len(sub.rstrip(_TRAIL_STRIP))
        sub = text[start:end]
        m = _POSSESSIVE.search(sub)
        if m and len(sub) > m.end() - m.start():
            end -= m.end() - m.start()
        sub = text[start:end]
        m = _THE.match(sub)
        if m and len(sub) > m.end():
            start += m.end()
        sub = text[start:end]
        m = _AFFIX_PREFIX.match(sub)
        if m:
            start += m.end()
        sub = text[start:end]
        m = _AFFIX_SUFFIX.search(sub)
        if m and m.start() > 0:
            end -= m.end() - m.start()
        if (start, end) == old:
            break
    return start, end


def split_on_numbers(text: str, start: int, end: int, label: str) -> list[tuple[int, int]]:
    """Pieces of a name span between standalone numbers ('Greg Blewett 57' -> 'Greg Blewett')."""
    if label not in NUMBER_SPLIT_LABELS:
        return [(start, end)]
    pieces, pos = [], start
    for m in _NUMBER.finditer(text, start, end):
        if m.end() > end:
            break
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, end))
    return [p for p in pieces if any(c.isalpha() for c in text[p[0] : p[1]])]


def clean_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Cleaned [start, end) of a span: last bracket/newline/dash-free piece, trimmed; None when no name is left."""
    sub = text[start:end]
    if _SEPARATORS.search(sub):
        cuts = [0, *(x for m in _SEPARATORS.finditer(sub) for x in (m.start(), m.end())), len(sub)]
        pieces = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
        pieces = [p for p in pieces if any(c.isalpha() for c in sub[p[0] : p[1]])]
        if not pieces:
            return None
        start, end = start + pieces[-1][0], start + pieces[-1][1]
    start, end = _trim(text, start, end)
    sub = text[start:end]
    if not any(c.isupper() for c in sub) or sub[0] in "@#" or "http" in sub or "www." in sub:
        return None
    return start, end


def strip_title(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading honorific or office ('President Assad' -> 'Assad'), when a capitalised name follows."""
    m = TITLES.match(text[start:end])
    return (start + m.end(), end) if m else (start, end)


# Office words spaCy tags alone inside a title ('Secretary of State John Kerry' -> 'State' ORG).
_OFFICE_WORDS = frozenset(
    {"state", "defense", "defence", "treasury", "justice", "commerce", "energy", "labor", "labour"}
)
_OFFICE_PREFIX = re.compile(r"(?:Secretary|Minister|Department|Ministry|Office|Under[- ]?Secretary)\s+(?:of\s+)?$")


def is_office_word(text: str, start: int, end: int) -> bool:
    """True when the span is the department word of an office title ('Secretary of State')."""
    return text[start:end].lower() in _OFFICE_WORDS and bool(_OFFICE_PREFIX.search(text[max(0, start - 30) : start]))
