"""Per-line character counts of a whole page in numpy: the page's code points looked up in one class table."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

# Bits of the class table. Each class is exactly one regex character class of features.py, spelled out here.
UPPER = 1  # [A-ZÀ-ÖØ-ÞА-ЯЁ]: what _NOT_UPPER_RE deletes everything but
SEP = 2  # [|•·»›]: a separator character
BLANK = 4  # [ \t]: framing a " / " separator
SLASH = 8  # "/"
GLUE_BEFORE = 16  # [a-z?!.”)]: the character before a glued capital
CAPITAL = 32  # [A-Z]
SMALL = 64  # [a-z]
COMMA = 128  # ","
_TABLE_SIZE = 0x10000  # classes hold only BMP characters; code points above are looked up at the (empty) last entry


def _ranges(*spans: str) -> list[int]:
    """Expand 'AZ'-style two-character spans (or single characters) into code points."""
    points: list[int] = []
    for span in spans:
        points.extend(range(ord(span[0]), ord(span[-1]) + 1))
    return points


@lru_cache(maxsize=1)
def class_table() -> np.ndarray:
    """Return the code point -> class bits table (built on first use)."""
    table = np.zeros(_TABLE_SIZE, dtype=np.uint8)
    for bit, points in (
        (UPPER, _ranges("AZ", "ÀÖ", "ØÞ", "АЯ", "Ё")),
        (SEP, _ranges("|", "•", "·", "»", "›")),
        (BLANK, _ranges(" ", "\t")),
        (SLASH, _ranges("/")),
        (GLUE_BEFORE, _ranges("az", "?", "!", ".", "”", ")")),
        (CAPITAL, _ranges("AZ")),
        (SMALL, _ranges("az")),
        (COMMA, _ranges(",")),
    ):
        table[points] |= bit
    if table[_TABLE_SIZE - 1]:
        raise RuntimeError("boilerplate class table: U+FFFF must stay unclassified (it stands for astral characters)")
    return table


def code_points(text: str) -> np.ndarray:
    """Return the code points of `text` as a read-only uint32 array (lone surrogates kept as their values)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def page_classes(
    joined: str, cp: np.ndarray | None = None, line: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Return (line number of each character, class bits of each character) of a '\\n'-joined page (cp: its code
    points, line: those line numbers, if already known)."""
    if cp is None:
        cp = code_points(joined)
    if line is None:
        line = (cp == 10).cumsum()  # a newline counts with the line after it; no class includes it
    return line, class_table().take(np.minimum(cp, _TABLE_SIZE - 1))


def count_per_line(line: np.ndarray, mask: np.ndarray, m: int) -> np.ndarray:
    """Count the characters of each of the `m` lines where `mask` is set."""
    return np.bincount(line[mask], minlength=m).astype(np.float64)


def separator_lines(line: np.ndarray, cls: np.ndarray, m: int) -> np.ndarray:
    """Mark lines with a separator: one of [|•·»›], or "/" between a space or tab on each side."""
    found = (cls & SEP) != 0
    found[1:-1] |= ((cls[:-2] & BLANK) != 0) & ((cls[1:-1] & SLASH) != 0) & ((cls[2:] & BLANK) != 0)
    return count_per_line(line, found, m) > 0


def glue_counts(line: np.ndarray, cls: np.ndarray, m: int) -> np.ndarray:
    """Count, per line, the non-overlapping left-to-right matches of [a-z?!.”)][A-Z][a-z] (a glued capital)."""
    at = (((cls[:-2] & GLUE_BEFORE) != 0) & ((cls[1:-1] & CAPITAL) != 0) & ((cls[2:] & SMALL) != 0)).nonzero()[0]
    counts = np.zeros(m)
    last = -3
    for start in at.tolist():  # a match covers three characters; the next one may start right after it
        if start >= last + 3:
            counts[line[start]] += 1
            last = start
    return counts
