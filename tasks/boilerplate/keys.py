"""Normalised line keys and their hashes, for counting recurring lines (furniture) across the documents of a refresh.

A line's key (`line_key`, page at a time `page_line_keys`) folds away case, digits and spacing; its hash (`key_hash`
of the key, `page_line_hashes` for a page) is what the flow stages, counts and stores in lines.line_hash, and what
CorpusStats.line_doc_freq is keyed by. Ingest hashes each line of a text dump once; the stripper reuses those hashes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from tasks.boilerplate.charclass import code_points
from tasks.boilerplate.model import CorpusStats
from tasks.boilerplate.tokens import DECIMAL, SPACE, PageChars, char_bits

_DIGITS_RE = re.compile(r"\d+")
_SPACE_RE = re.compile(r"\s+")
MAX_KEY_CHARS = 200
_NEWLINE, _SPACE, _ZERO = ord("\n"), ord(" "), ord("0")


def line_key(text: str) -> str:
    """Return the corpus-count key of a line: casefolded, digit runs as '0', whitespace collapsed, trimmed."""
    key = _SPACE_RE.sub(" ", _DIGITS_RE.sub("0", text.casefold())).strip()
    return key[:MAX_KEY_CHARS]


_NO_FOLD = 0xFFFFFFFF  # in the fold table: the character does not casefold to exactly one character
_BMP_TOP = 0xFFFF  # code points above share the table's last entry, which is _NO_FOLD


@lru_cache(maxsize=1)
def _fold_table() -> np.ndarray:
    """Return the BMP code point -> code point of its str.casefold (_NO_FOLD where that is not one character)."""
    folds = [chr(c).casefold() for c in range(_BMP_TOP + 1)]
    table = np.array([ord(f) if len(f) == 1 else _NO_FOLD for f in folds], dtype=np.uint32)
    table[_BMP_TOP] = _NO_FOLD  # U+FFFF stands for every astral character: those take the str path
    return table


def _folded_points(cp: np.ndarray) -> np.ndarray | None:
    """Return the code points of the casefolded text (str.casefold works character by character), or None when a
    character folds to several or lies outside the BMP, or the text is empty."""
    if not len(cp):
        return None
    folded = _fold_table().take(np.minimum(cp, _BMP_TOP))
    return None if bool((folded == _NO_FOLD).any()) else folded


def page_line_keys(lines: list[str], chars: PageChars | None = None) -> list[str]:
    """Return line_key of each line (which must hold no newline): one casefold and array passes over the page.

    `chars`, if given, must be page_chars("\\n".join(lines)): when casefolding keeps the page's length, every
    character folds to one character that is a digit or a space exactly when the original is, so its bits serve.
    """
    cp = _folded_points(chars.cp) if chars is not None else None
    if cp is not None:  # every character folds to one: the bits of the page's own characters serve
        bits = chars.bits
    else:
        folded = "\n".join(lines).casefold()
        if not folded:
            return folded.split("\n")
        cp = code_points(folded)
        bits = chars.bits if chars is not None and len(chars.joined) == len(folded) else char_bits(cp)
    digit = (bits & DECIMAL) != 0  # regex \d
    space = ((bits & SPACE) != 0) & (cp != _NEWLINE)  # regex \s on one line
    keep = ~(digit[1:] & digit[:-1])  # a digit run keeps its first character, written as "0"
    keep &= ~(space[1:] & space[:-1])  # a space run keeps its first character, written as " "
    keep = np.concatenate(([True], keep))
    edge = np.concatenate(([True], cp[:-1] == _NEWLINE))  # a line's first character
    at_end = np.concatenate((cp[1:] == _NEWLINE, [True]))  # a line's last character
    run = (space & ~np.concatenate(([False], space[:-1]))).cumsum()  # space runs numbered from 1
    trailing = np.zeros(int(run[-1]) + 1 if len(run) else 1, dtype=bool)
    trailing[run[space & at_end]] = True  # runs that end a line are trimmed, as are runs that start one
    keep &= ~(space & (edge | trailing[run]))
    cp = np.where(digit, _ZERO, np.where(space, _SPACE, cp))[keep]
    text = cp.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    return [k[:MAX_KEY_CHARS] for k in text.split("\n")]


def key_hash(key: str) -> str:
    """Return the short hash of a normalised line key (what lines.line_hash and the corpus counts hold)."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def line_hash(text: str) -> str:
    """Return the hash of one line's normalised key, as stored in lines.line_hash."""
    return key_hash(line_key(text))


def page_line_hashes(lines: list[str], chars: PageChars | None = None) -> list[str]:
    """Return line_hash of each line (which must hold no newline): one keying pass, one hash per distinct key.

    `chars` as for page_line_keys.
    """
    if not lines:
        return []
    keys = page_line_keys(lines, chars)
    hashes = {key: key_hash(key) for key in dict.fromkeys(keys)}
    return list(map(hashes.__getitem__, keys))


def line_long_chars(lines: list[str], hashes: list[str]) -> dict[str, int]:
    """Return line hash -> long_chars (characters if paragraph-sized, else 0) over the non-blank lines of a page."""
    from tasks.boilerplate.story_clusters import long_chars

    out: dict[str, int] = {}
    for line, h in zip(lines, hashes, strict=True):
        if line.strip():
            out[h] = max(out.get(h, 0), long_chars(line))
    return out


def document_keys(raw_text: str) -> set[str]:
    """Return the distinct non-empty line keys of one document (what the flow stages per doc_id)."""
    keys = {line_key(line) for line in raw_text.split("\n")}
    keys.discard("")
    return keys


def corpus_stats_from_texts(raw_texts: Iterable[str]) -> CorpusStats:
    """Count line hashes per story over in-memory documents (eval and tests; the flow does the same in DuckDB).

    Copies of one story count once (tasks/boilerplate/story_clusters.py), so paragraphs they share are not read as
    furniture.
    """
    from tasks.boilerplate.story_clusters import story_key_counts

    docs = []
    for raw in raw_texts:
        lines = raw.split("\n")
        docs.append(line_long_chars(lines, page_line_hashes(lines)))
    counts, n_docs = story_key_counts(docs)
    return CorpusStats(line_doc_freq=counts, n_docs=n_docs)
