"""Fast tokenisation of a sentence and location of the target mention among its tokens."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

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


@dataclass(frozen=True, slots=True)
class TokenisedSentence:
    """The target-independent part of a TokenisedTarget: one sentence's tokens, shared by all its targets."""

    tokens: list[str]
    raw: list[str]
    starts: list[int]
    in_quote: list[bool]
    ends: list[int]  # char end of each token (increasing, like starts: tokens never overlap)


def tokenise_sentence(sentence: str) -> TokenisedSentence:
    """Tokenise a sentence once: raw and lower-cased ('s-stripped) tokens, char starts and quote flags."""
    raw, starts = tokenise(sentence)
    tokens = list(map(_lower_token, raw))
    ends = [st + len(tok) for tok, st in zip(raw, starts, strict=True)]
    return TokenisedSentence(tokens, raw, starts, _quote_flags(raw), ends)


@lru_cache(maxsize=1 << 16)
def _lower_token(tok: str) -> str:
    """A token lower-cased without a possessive 's (memoised: words repeat)."""
    low = tok.lower()
    return _APOS_RE.sub("", low) or low


def locate_target(
    sentence: str, target_from: int, target_to: int, tokenised: TokenisedSentence | None = None
) -> TokenisedTarget:
    """Tokenise the sentence (or reuse `tokenised`, its tokenise_sentence) and find the target's token span."""
    if not 0 <= target_from < target_to <= len(sentence):
        raise ValueError(
            f"target offsets [{target_from}, {target_to}) fall outside the sentence of length {len(sentence)}"
        )
    ts = tokenise_sentence(sentence) if tokenised is None else tokenised
    raw, starts = ts.raw, ts.starts
    # the tokens overlapping [target_from, target_to): those ending after its start and starting before its end
    t_start, t_end = bisect_right(ts.ends, target_from), bisect_left(starts, target_to)
    if t_start >= t_end:  # offsets cover only whitespace: anchor at the next token
        t_start = t_end = bisect_left(starts, target_from)
    return TokenisedTarget(ts.tokens, raw, starts, t_start, t_end, ts.in_quote)


_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ed", "ers", "er", "es", "ly", "s")


@lru_cache(maxsize=1 << 16)
def crude_stem(word: str) -> str:
    """Strip one common English suffix (keeping 3+ chars) so inflected forms share a feature (memoised)."""
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            return word[: -len(suf)]
    return word
