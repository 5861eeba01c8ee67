"""Finds where the article ends and reader comments begin, with or without a marker line."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from tasks.boilerplate.rules import Lexicon

_QUOTED_RE = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’")
# A sentence: text up to a run of closing punctuation. Matches start only after closing punctuation or at the
# start (as with [^.!?…]+[.!?…]+ alone), which spares a retry at every character of an unclosed tail.
_SENTENCE_RE = re.compile(r"(?<![^.!?…])[^.!?…]+[.!?…]+")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_REACTION_RE = re.compile(
    r"^(no|yes|yeah|nope|not|well|so|wow|agreed|exactly|really|lol|thanks|thank you|great|true|false|"
    r"right|wrong|sorry|ok|okay|hmm|oh|ah|indeed|absolutely|nonsense|rubbish|what)\b[,.!?]?",
    re.IGNORECASE,
)
# Tuned by hand on seed 003 and checked not to fire on the dev sets' articles (see tests and eval report).
MIN_ARTICLE_LINES = 3  # kept lines the article must keep before a marker-less switch
MIN_TAIL_LINES = 3  # lines a marker-less comment tail must have
MIN_TAIL_RATE = 0.5  # share of tail lines that read as comments
MAX_HEAD_RATE = 0.15  # share of article lines allowed to read as comments
MIN_CUE_KINDS = 3  # distinct kinds of comment cue the tail must show (first person alone is journalism too)
MIN_ARTICLE_SHARE = 0.25  # share of kept body chars the article must keep before a marker-less switch
MARKER_MIN_SHARE = 0.3  # share of kept body chars that must come before a comment marker for it to count


def comment_cues(text: str, lex: Lexicon) -> frozenset[str]:
    """Return which reader-comment cues a line shows outside quotes: person, reaction, lowercase, question, fragment."""
    plain = _QUOTED_RE.sub(" ", text)
    words = _WORD_RE.findall(plain.lower().replace("’", "'"))
    if not words:
        return frozenset()
    cues: set[str] = set()
    if not lex.person12.isdisjoint(words):
        cues.add("person")
    if _REACTION_RE.match(plain.lstrip()):
        cues.add("reaction")
    if text.lstrip()[:1].islower():
        cues.add("lowercase")
    quoted = plain != text or '"' in text
    for sentence in _SENTENCE_RE.findall(plain):
        if sentence.rstrip().endswith("?"):
            cues.add("question")
        elif not quoted and _is_fragment(sentence):
            cues.add("fragment")
    return frozenset(cues)


def _is_fragment(sentence: str) -> bool:
    """Return True for a two- or three-word sentence such as "More dead." (not an abbreviation like "U.S.")."""
    words = sentence.split(None, 3)  # up to three words, the same split as split(); four items mean more words
    if not 2 <= len(words) <= 3 or not words[0][:1].isupper():
        return False
    last = words[-1].rstrip(".!?…")
    return len(last) >= 3 and "." not in last and last.isalpha() and not last.isupper()


_ASCII_RUN_RE = re.compile(r"[a-z]+")
_LETTER_RUN_RE = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=4)
def _person_runs(person12: frozenset[str]) -> frozenset[bytes] | None:
    """The first letter run of each person word ("i" of "i'm"), as bytes; None unless every one is plain a-z."""
    runs = set()
    for word in person12:
        run = _LETTER_RUN_RE.match(word)
        if run is None or not _ASCII_RUN_RE.fullmatch(run.group()):
            return None
        runs.add(run.group().encode("ascii"))
    return frozenset(runs)


@lru_cache(maxsize=4)
def _plain_person_words(person12: frozenset[str]) -> frozenset[bytes]:
    """The person words made of a-z alone, as bytes: on ASCII text without apostrophes, the only ones a token can be."""
    return frozenset(word.encode("ascii") for word in person12 if _ASCII_RUN_RE.fullmatch(word))


_A_TO_Z_ONLY = bytes(b if ord("a") <= b <= ord("z") else ord(" ") for b in range(256))  # every other byte: a space


def ascii_runs(text: str) -> list[bytes]:
    """Return the maximal runs of a-z in `text` (what [a-z]+ finds), as bytes: one C pass, no regex."""
    # Every character outside ASCII becomes one "?", so runs keep their extent, and "?" like all but a-z is a space.
    return text.encode("ascii", "replace").translate(_A_TO_Z_ONLY).split()


def has_comment_cue(text: str, lex: Lexicon) -> bool:
    """Return bool(comment_cues(text, lex)), trying the cheap cues first and tokenising only for person words."""
    plain = _QUOTED_RE.sub(" ", text) if '"' in text or "“" in text or "‘" in text else text  # quotes open so
    low = plain.lower().replace("’", "'")
    letters = ascii_runs(low)  # an a-z run is a word for _WORD_RE; without one, ask the regex
    if not letters and not _WORD_RE.search(low):
        return False
    if text.lstrip()[:1].islower() or _REACTION_RE.match(plain.lstrip()):
        return True
    # A _WORD_RE token is bounded by non-letters, so a person token's first letter run is a whole [a-z]+ run of the
    # line: the cheap run test can only let through more lines than the tokeniser would find, never fewer.
    runs = _person_runs(lex.person12)
    if runs is None or not runs.isdisjoint(letters):
        if low.isascii() and "'" not in low:  # _WORD_RE's tokens are then the a-z runs themselves
            if not _plain_person_words(lex.person12).isdisjoint(letters):
                return True
        elif not lex.person12.isdisjoint(_WORD_RE.findall(low)):
            return True
    quoted = plain != text or '"' in text
    if quoted and "?" not in plain:
        return False  # no sentence can end with "?", and fragments do not count
    for sentence in _SENTENCE_RE.findall(plain):
        if sentence.rstrip().endswith("?") or (not quoted and _is_fragment(sentence)):
            return True
    return False


def _tail_kinds(
    texts: Sequence[str], flags: Sequence[bool], k: int, lex: Lexicon, cache: dict[int, frozenset[str]]
) -> int:
    """Count the distinct cue kinds of texts[k:], stopping once MIN_CUE_KINDS are found (enough to decide)."""
    kinds: set[str] = set()
    for i in range(k, len(texts)):
        if flags[i]:
            if i not in cache:
                cache[i] = comment_cues(texts[i], lex)
            kinds |= cache[i]
            if len(kinds) >= MIN_CUE_KINDS:
                break
    return len(kinds)


def _tail_cues(texts: Sequence[str], lex: Lexicon, first: int) -> dict[int, bool] | None:
    """Return the cues read from the end backwards until a line from `first` on reaches MIN_TAIL_RATE, or None when
    none can: reading stops once even every line still unread reading as a comment could not lift the rate."""
    m = len(texts)
    cues: dict[int, bool] = {}
    found = 0  # lines from k on that read as comments
    for k in range(m - 1, first - 1, -1):
        cues[k] = cue = has_comment_cue(texts[k], lex)
        if cue:
            found += 1
            if m - k >= MIN_TAIL_LINES and found / (m - k) >= MIN_TAIL_RATE:
                return cues
        # A candidate before k has a tail rate of at most (found + unread) / (m - first): the rate at `first` with
        # every unread line a comment line (the bound falls as the candidate moves later).
        if (found + k - first) / (m - first) < MIN_TAIL_RATE:
            return None
    return None


def markerless_switch(texts: Sequence[str], lex: Lexicon) -> int | None:
    """Return the index (into `texts`, the kept body lines) where a marker-less comment tail starts, or None."""
    m = len(texts)
    if m < MIN_ARTICLE_LINES + MIN_TAIL_LINES:
        return None
    sizes = [len(t) for t in texts]
    total = sum(sizes)
    # A switch needs MIN_ARTICLE_LINES lines and MIN_ARTICLE_SHARE of the chars before it: it is at `first` or later.
    first, head_chars = m, 0
    for k in range(m):
        if k >= MIN_ARTICLE_LINES and head_chars >= MIN_ARTICLE_SHARE * total:
            first = k
            break
        head_chars += sizes[k]
    cues = _tail_cues(texts, lex, first)
    if cues is None:
        return None
    flags = [cues[k] if k in cues else has_comment_cue(t, lex) for k, t in enumerate(texts)]
    suffix = [0] * (m + 1)
    for k in range(m - 1, -1, -1):
        suffix[k] = suffix[k + 1] + flags[k]
    cache: dict[int, frozenset[str]] = {}
    best, best_k = 0.0, None
    prefix = 0
    head_chars = 0
    for k in range(m):
        if k >= MIN_ARTICLE_LINES and m - k >= MIN_TAIL_LINES and flags[k] and head_chars >= MIN_ARTICLE_SHARE * total:
            head, tail = prefix / k, suffix[k] / (m - k)
            if (
                head <= MAX_HEAD_RATE
                and tail >= MIN_TAIL_RATE
                and tail - head > best
                and _tail_kinds(texts, flags, k, lex, cache) >= MIN_CUE_KINDS
            ):
                best, best_k = tail - head, k
        prefix += flags[k]
        head_chars += sizes[k]
    return best_k


def marker_switch(kept_chars_before: Sequence[int], total_kept: int, marker_positions: Sequence[int]) -> int | None:
    """Return the first comment-marker position preceded by enough of the article's kept text, or None."""
    for pos, before in zip(marker_positions, kept_chars_before, strict=True):
        if total_kept and before >= MARKER_MIN_SHARE * total_kept:
            return pos
    return None
