"""Page layout features: a line's position, its blank-line framing, corpus recurrence and its neighbours' shape."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from tasks.boilerplate.features import SHAPE_FEATURES, line_shape
from tasks.boilerplate.keys import line_key
from tasks.boilerplate.model import CorpusStats
from tasks.boilerplate.rules import Lexicon, Rule, RuleSet

LAYOUT_FEATURES: tuple[str, ...] = (
    "blank_before",
    "blank_after",
    "paragraph",
    "rel_pos",
    "df_log",
    "df_frac",
    "page_paragraph_frac",
    "page_log_lines",
)
CONTEXT_SOURCES: tuple[str, ...] = (
    "log_words",
    "terminal_punct",
    "stop_frac",
    "paragraph",
    "rule_hit",
    "df_log",
    "cap_frac",
)
CONTEXT_KINDS: tuple[str, ...] = ("prev", "next", "win3", "win8")
STAGE1_FEATURES: tuple[str, ...] = (
    SHAPE_FEATURES + LAYOUT_FEATURES + tuple(f"{kind}_{src}" for src in CONTEXT_SOURCES for kind in CONTEXT_KINDS)
)
_BASE = SHAPE_FEATURES + LAYOUT_FEATURES
_SRC_IDX = [_BASE.index(s) for s in CONTEXT_SOURCES]


@dataclass(frozen=True, slots=True)
class PageLines:
    """The raw lines of one page and the stripped text and offsets of its non-blank ones."""

    raw_lines: list[str]
    starts: list[int]
    content: list[int]  # raw line numbers of the non-blank lines, in order
    stripped: list[str]  # stripped text of each non-blank line
    strip_offsets: list[int]  # offset of the stripped text in the raw text


def split_page(raw_text: str) -> PageLines:
    """Split raw text on '\\n' and record each line's offset and its non-blank stripped content."""
    raw_lines = raw_text.split("\n")
    starts: list[int] = []
    content: list[int] = []
    stripped: list[str] = []
    offsets: list[int] = []
    pos = 0
    for i, line in enumerate(raw_lines):
        starts.append(pos)
        s = line.strip()
        if s:
            content.append(i)
            stripped.append(s)
            offsets.append(pos + len(line) - len(line.lstrip()))
        pos += len(line) + 1
    return PageLines(raw_lines, starts, content, stripped, offsets)


def _window_mean(col: np.ndarray, radius: int) -> np.ndarray:
    """Mean of `col` over the `radius` lines either side of each line, excluding the line itself."""
    n = len(col)
    csum = np.concatenate(([0.0], np.cumsum(col)))
    idx = np.arange(n)
    lo = np.maximum(idx - radius, 0)
    hi = np.minimum(idx + radius + 1, n)
    total = csum[hi] - csum[lo] - col
    count = np.maximum(hi - lo - 1, 1)
    return total / count


def stage1_matrix(
    page: PageLines, corpus: CorpusStats | None, rules: RuleSet, lex: Lexicon
) -> tuple[np.ndarray, list[Rule | None]]:
    """Return the STAGE1_FEATURES matrix of a page's non-blank lines and the furniture rule each line hit."""
    m = len(page.content)
    raw = page.raw_lines
    n_raw = len(raw)
    multi = corpus is not None and corpus.n_docs >= 2
    rows: list[list[float]] = []
    hits: list[Rule | None] = []
    for j, (line_no, text) in enumerate(zip(page.content, page.stripped, strict=True)):
        n_words = len(text.split())
        rule = rules.first_match(text, n_words)
        hits.append(rule)
        row = line_shape(text, n_words, rule, lex)
        before = 1.0 if line_no == 0 or not raw[line_no - 1].strip() else 0.0
        after = 1.0 if line_no == n_raw - 1 or not raw[line_no + 1].strip() else 0.0
        if multi:
            df = corpus.doc_freq(line_key(text))  # type: ignore[union-attr]
            df_log = math.log1p(df - 1)
            df_frac = (df - 1) / (corpus.n_docs - 1)  # type: ignore[union-attr]
        else:
            df_log = df_frac = 0.0
        row.extend((before, after, before * after, j / max(m - 1, 1), df_log, df_frac, 0.0, math.log1p(m)))
        rows.append(row)
    base = np.asarray(rows, dtype=np.float64).reshape(m, len(_BASE))
    if m:
        base[:, _BASE.index("page_paragraph_frac")] = base[:, _BASE.index("paragraph")].mean()
    ctx = []
    for k in _SRC_IDX:
        col = base[:, k]
        prev = np.concatenate(([0.0], col[:-1])) if m else col
        nxt = np.concatenate((col[1:], [0.0])) if m else col
        ctx.extend((prev, nxt, _window_mean(col, 3), _window_mean(col, 8)))
    return np.column_stack([base, *ctx]) if m else np.zeros((0, len(STAGE1_FEATURES))), hits
