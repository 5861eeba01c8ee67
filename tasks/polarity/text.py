"""Fast tokenisation of a sentence and location of the target mention among its tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN_RE = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_QUOTE_CHARS = frozenset('"“”«»')
_APOS_RE = re.compile(r"['’]s$")


@dataclass(frozen=True, slots=True)
class TokenisedTarget:
    """Lower-cased tokens of a sentence, their char starts, the target's token span and quote flags."""

    tokens: list[str]
    raw: list[str]
    starts: list[int]
    t_start: int  # first target token index
    t_end: int  # one past the last target token index
    in_quote: list[bool]  # token lies between an opening and a closing double quote


def tokenise(sentence: str) -> tuple[list[str], list[int]]:
    """Split a sentence into word and punctuation tokens with their char start offsets."""
    raw: list[str] = []
    starts: list[int] = []
    for m in _TOKEN_RE.finditer(sentence):
        raw.append(m.group())
        starts.append(m.start())
    return raw, starts


def _quote_flags(raw: list[str]) -> list[bool]:
    """Mark tokens inside double quotes (straight quotes toggle; curly quotes open and close)."""
    flags: list[bool] = []
    inside = False
    for tok in raw:
        if tok in _QUOTE_CHARS:
            if tok == "“":
                inside = True
            elif tok == "”":
                inside = False
            else:
                inside = not inside
            flags.append(False)
        else:
            flags.append(inside)
    return flags


def locate_target(sentence: str, target_from: int, target_to: int) -> TokenisedTarget:
    """Tokenise the sentence and find the token span covering the target's char offsets."""
    if not 0 <= target_from < target_to <= len(sentence):
        raise ValueError(
            f"target offsets [{target_from}, {target_to}) fall outside the sentence of length {len(sentence)}"
        )
    raw, starts = tokenise(sentence)
    t_start = t_end = -1
    for i, (tok, st) in enumerate(zip(raw, starts, strict=True)):
        if st < target_to and st + len(tok) > target_from:
            if t_start < 0:
                t_start = i
            t_end = i + 1
    if t_start < 0:  # offsets cover only whitespace: anchor at the next token
        t_start = next((i for i, st in enumerate(starts) if st >= target_from), len(raw))
        t_end = t_start
    tokens = [_APOS_RE.sub("", t.lower()) or t.lower() for t in raw]
    return TokenisedTarget(tokens, raw, starts, t_start, t_end, _quote_flags(raw))


_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ed", "ers", "er", "es", "ly", "s")


def crude_stem(word: str) -> str:
    """Strip one common English suffix (keeping 3+ chars) so inflected forms share a feature."""
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            return word[: -len(suf)]
    return word
