"""The word tokens of a page in numpy: punctuation runs turned into spaces, and each token's length and case."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from tasks.boilerplate.charclass import code_points

DIGIT, LOWER, UPPER_OR_TITLE, KEEP, DECIMAL, SPACE = 1, 2, 4, 8, 16, 32  # bits of token_char_table
_TABLE_SIZE = 0x10000  # BMP characters come from the table, astral ones are classified one by one
_APOSTROPHE, _RIGHT_QUOTE, _SPACE, _NEWLINE = ord("'"), ord("’"), ord(" "), ord("\n")


def _bits_of(c: str) -> int:
    """Classify one character: str.isdigit, str.islower, str.istitle (titlecase or uppercase), KEEP, and the regex
    classes \\d (str.isdecimal) and \\s (str.isspace).

    KEEP marks what the regex [^\\w\\s']+ (features._PUNCT_RE) leaves alone: \\w is str.isalnum() or "_", \\s is
    str.isspace(); "’" is kept too because the page's right quotes become apostrophes first.
    """
    keep = c.isalnum() or c == "_" or c.isspace() or c in "'’"
    bits = c.isdigit() * DIGIT | c.islower() * LOWER | c.istitle() * UPPER_OR_TITLE | keep * KEEP
    return bits | c.isdecimal() * DECIMAL | c.isspace() * SPACE


@lru_cache(maxsize=1)
def token_char_table() -> np.ndarray:
    """Return the BMP code point -> bits table (built on first use from Python's own str predicates)."""
    chars = "".join(map(chr, range(_TABLE_SIZE)))

    def has(predicate: object, bit: int) -> np.ndarray:
        """Evaluate a str predicate on every BMP character and give `bit` where it holds."""
        return np.fromiter(map(predicate, chars), dtype=bool, count=_TABLE_SIZE) * np.uint8(bit)

    keep = np.fromiter(map(str.isalnum, chars), dtype=bool, count=_TABLE_SIZE)
    keep |= np.fromiter(map(str.isspace, chars), dtype=bool, count=_TABLE_SIZE)
    keep[[ord("_"), _APOSTROPHE, _RIGHT_QUOTE]] = True
    table = keep * np.uint8(KEEP)
    for predicate, bit in (
        (str.isdigit, DIGIT),
        (str.islower, LOWER),
        (str.istitle, UPPER_OR_TITLE),
        (str.isdecimal, DECIMAL),
        (str.isspace, SPACE),
    ):
        table |= has(predicate, bit)
    return table  # the same bits as _bits_of on each character


def char_bits(cp: np.ndarray) -> np.ndarray:
    """Look up each code point's bits (astral ones one by one)."""
    bits = token_char_table().take(np.minimum(cp, _TABLE_SIZE - 1))
    for k in (cp >= _TABLE_SIZE).nonzero()[0].tolist():
        bits[k] = _bits_of(chr(int(cp[k])))
    return bits


@dataclass(frozen=True, slots=True)
class PageChars:
    """A '\\n'-joined page with its code points and token_char_table bits, worked out once for several passes."""

    joined: str
    cp: np.ndarray
    bits: np.ndarray
    line: np.ndarray  # line number of each character (a newline counts with the line after it)


def page_chars(joined: str) -> PageChars:
    """Return the PageChars of a '\\n'-joined page."""
    cp = code_points(joined)
    return PageChars(joined, cp, char_bits(cp), (cp == _NEWLINE).cumsum())


_NO_LOWER = 0xFFFFFFFF  # in the lower table: the character does not lower to exactly one character on its own
_SIGMA = 0x3A3  # "Σ" lowers by its context (final sigma)


@lru_cache(maxsize=1)
def _lower_table() -> np.ndarray:
    """Return the BMP code point -> code point of its str.lower (_NO_LOWER where that is not one character)."""
    lows = [chr(c).lower() for c in range(_TABLE_SIZE)]
    table = np.array([ord(low) if len(low) == 1 else _NO_LOWER for low in lows], dtype=np.uint32)
    table[[_SIGMA, _TABLE_SIZE - 1]] = _NO_LOWER  # U+FFFF stands for every astral character: str path
    return table


def lowered(chars: PageChars) -> str:
    """Return chars.joined.lower(), from the code points when every character lowers to one by itself."""
    if len(chars.cp) and not chars.joined.isascii():  # str.lower is fastest on ASCII text
        low = _lower_table().take(np.minimum(chars.cp, _TABLE_SIZE - 1))
        if not bool((low == _NO_LOWER).any()):
            return low.tobytes().decode("utf-32-le", "surrogatepass")
    return chars.joined.lower()


def word_counts(chars: PageChars, m: int) -> np.ndarray:
    """Return len(line.split()) of each of the page's m lines: the starts of runs of non-whitespace, per line."""
    space = (chars.bits & SPACE) != 0  # str.isspace, the newlines between lines included
    start = ~space
    start[1:] &= space[:-1]
    return np.bincount(chars.line[start], minlength=m)


def spaced_page(joined: str, chars: PageChars | None = None) -> tuple[str, np.ndarray, np.ndarray]:
    """Return the page as features tokenises it, and the code points and bits of that text before its newlines get
    their padding spaces (what token_shapes reads; `chars`: those of `joined`, if known).

    The text is `_PUNCT_RE.sub(" ", joined.replace("’", "'")).replace("\\n", " \\n ")`, built with array operations.
    The bits of a punctuation run's space are its first character's: token_shapes never reads a separator's bits.
    """
    cp, bits = (chars.cp, chars.bits) if chars is not None else (code_points(joined), None)
    if bits is None:
        bits = char_bits(cp)
    word = (bits & KEEP) != 0
    kept = word.copy()
    kept[1:] |= word[:-1]  # a run of punctuation becomes the single space at its start
    kept[:1] = True
    cp = cp[kept]
    cp[~word[kept]] = _SPACE
    cp[cp == _RIGHT_QUOTE] = _APOSTROPHE
    text = cp.astype(np.uint32, copy=False).tobytes().decode("utf-32-le", "surrogatepass")
    return text.replace("\n", " \n ") if "\n" in text else text, cp, bits[kept]


def pad_newlines(cp: np.ndarray, bits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the code points and bits with a space (bits 0) on each side of every newline, as the text has them."""
    newline = cp == _NEWLINE
    if not newline.any():
        return cp, bits
    widths = 1 + 2 * newline
    source = np.arange(len(cp)).repeat(widths)
    at = (widths.cumsum() - widths)[newline]
    cp, bits = cp[source], bits[source]
    cp[at] = cp[at + 2] = _SPACE
    bits[at] = bits[at + 2] = 0
    return cp, bits


_FIELD = 20  # bits of each count packed into one int64 (three fields): pages below 2**20 characters
_FIELD_MASK = (1 << _FIELD) - 1


@lru_cache(maxsize=1)
def _packed_counts_table() -> np.ndarray:
    """Map a character's bits to 1 (not a digit) + 1 << _FIELD (lower) + 1 << 2 * _FIELD (upper or title)."""
    b = np.arange(256)
    return ((b & DIGIT) == 0) + (((b & LOWER) != 0) << _FIELD) + (((b & UPPER_OR_TITLE) != 0) << (2 * _FIELD))


def token_shapes(cp: np.ndarray, bits: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return len, str.isdigit and str.islower (as floats) of each token of spaced_page's text split on " ".

    `cp` and `bits` are spaced_page's: its text before the newlines are padded, so each newline stands for " \\n ".
    """
    n = len(cp)
    if n >= 1 << _FIELD:
        return token_shapes_binned(*pad_newlines(cp, bits))
    # A token is the characters [start, end) between separators: a space ends one token and starts the next after
    # it; a newline at p is a token [p, p + 1) of its own, between its padding spaces.
    seps = ((cp == _SPACE) | (cp == _NEWLINE)).nonzero()[0]
    is_newline = cp.take(seps) == _NEWLINE
    if is_newline.any():
        twice = 1 + is_newline
        ends = np.empty(int(np.add.reduce(twice)) + 1, dtype=np.int64)
        ends[:-1] = seps.repeat(twice)
        ends[(twice.cumsum() - 1)[is_newline]] += 1  # the newline's token ends after it; the next one starts there
        starts = np.empty_like(ends)
        starts[1:] = ends[:-1] + ~is_newline.repeat(twice)
    else:
        ends = np.empty(len(seps) + 1, dtype=np.int64)
        starts = np.empty(len(seps) + 1, dtype=np.int64)
        ends[:-1] = seps
        starts[1:] = seps + 1
    starts[0], ends[-1] = 0, n
    # One running sum of the packed per-character counts, read at the bounds, counts all three at once.
    csum = np.zeros(n + 1, dtype=np.int64)
    _packed_counts_table().take(bits).cumsum(out=csum[1:])
    packed = csum.take(ends) - csum.take(starts)
    lengths = ends - starts
    not_digit = packed & _FIELD_MASK
    lower = (packed >> _FIELD) & _FIELD_MASK
    upper = packed >> (2 * _FIELD)
    is_number = ((lengths > 0) & (not_digit == 0)).astype(np.float64)
    return lengths.astype(np.float64), is_number, ((lower > 0) & (upper == 0)).astype(np.float64)


def token_shapes_binned(cp: np.ndarray, bits: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """token_shapes of padded arrays (pad_newlines) by one bincount per count, for pages of any length."""
    space = cp == _SPACE
    token = space.cumsum()  # a space counts with the token after it and is left out below
    n = int(token[-1]) + 1 if len(cp) else 1
    lengths = np.bincount(token[~space], minlength=n).astype(np.float64)
    not_digit = np.bincount(token[~space & ((bits & DIGIT) == 0)], minlength=n)
    lower = np.bincount(token[~space & ((bits & LOWER) != 0)], minlength=n)
    upper = np.bincount(token[~space & ((bits & UPPER_OR_TITLE) != 0)], minlength=n)
    is_number = ((lengths > 0) & (not_digit == 0)).astype(np.float64)
    return lengths, is_number, ((lower > 0) & (upper == 0)).astype(np.float64)
