"""Page layout features: a line's position, its blank-line framing, corpus recurrence and its neighbours' shape."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, compress, repeat

import numpy as np

from tasks.boilerplate.features import MARK, SHAPE_FEATURES, page_shape
from tasks.boilerplate.keys import page_line_hashes
from tasks.boilerplate.model import CorpusStats
from tasks.boilerplate.rules import Lexicon, Rule, RuleSet
from tasks.boilerplate.tokens import lowered, page_chars, word_counts

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
    starts = list(accumulate([len(line) + 1 for line in raw_lines[:-1]], initial=0))
    all_stripped = list(map(str.strip, raw_lines))
    content = list(compress(range(len(all_stripped)), all_stripped))
    stripped = list(compress(all_stripped, all_stripped))
    # str.strip gives back the line itself when there is nothing to strip: it then starts where the line does
    offsets = [
        starts[i] if raw_lines[i] is s else starts[i] + len(raw_lines[i]) - len(raw_lines[i].lstrip())
        for i, s in zip(content, stripped, strict=True)
    ]
    return PageLines(raw_lines, starts, content, stripped, offsets)


def _window_means(cols: np.ndarray, radius: int, csum: np.ndarray | None = None) -> np.ndarray:
    """Column-wise mean over the `radius` lines either side of each line, excluding the line itself (csum: the
    column sums of cols[:k] for k = 0..n, if already known)."""
    n = len(cols)
    if csum is None:
        csum = np.zeros((n + 1, cols.shape[1]))
        cols.cumsum(axis=0, out=csum[1:])
    idx = np.arange(n)
    lo = np.maximum(idx - radius, 0)
    hi = np.minimum(idx + radius + 1, n)
    count = np.maximum(hi - lo - 1, 1)[:, None]
    return (csum[hi] - csum[lo] - cols) / count


def stage1_matrix(
    page: PageLines,
    corpus: CorpusStats | None,
    rules: RuleSet,
    lex: Lexicon,
    line_hashes: Sequence[str] | None = None,
) -> tuple[np.ndarray, list[Rule | None]]:
    """Return the STAGE1_FEATURES matrix of a page's non-blank lines and the furniture rule each line hit.

    `line_hashes`, if given, must be keys.line_hash of every raw line of the page (as ingest stages them); otherwise
    the non-blank lines are hashed here, once, when the corpus counts are read.
    """
    m = len(page.content)
    if m == 0:
        return np.zeros((0, len(STAGE1_FEATURES))), []
    texts = page.stripped
    joined = "\n".join(texts)
    chars = page_chars(joined) if MARK not in joined else None  # shared by the word counts and the shape passes
    if chars is not None:
        counts = word_counts(chars, m)
        n_words, words = counts.astype(np.float64), counts.tolist()
    else:
        words = list(map(len, map(str.split, texts)))
        n_words = np.array(words, dtype=np.float64)
    hits = rules.page_hits(texts, words, lowered(chars) if chars is not None else None)
    shape = page_shape(texts, n_words, hits, lex, chars)
    raw = page.raw_lines
    content = np.asarray(page.content)
    blank = np.ones(len(raw), dtype=bool)
    blank[content] = False  # split_page lists exactly the lines that are not blank once stripped
    blank_ext = np.concatenate(([True], blank, [True]))
    before = blank_ext[content].astype(np.float64)
    after = blank_ext[content + 2].astype(np.float64)
    if corpus is not None and corpus.n_docs >= 2:
        hashes = page_line_hashes(texts, chars) if line_hashes is None else [line_hashes[i] for i in page.content]
        df = np.fromiter(map(corpus.line_doc_freq.get, hashes, repeat(1)), dtype=np.float64, count=m)
        df_log = np.log1p(df - 1)
        df_frac = (df - 1) / (corpus.n_docs - 1)
    else:
        df_log = df_frac = np.zeros(m)
    paragraph = before * after
    layout = [
        before,
        after,
        paragraph,
        np.arange(m) / max(m - 1, 1),
        df_log,
        df_frac,
        np.full(m, np.add.reduce(paragraph) / m),  # what paragraph.mean() computes, without its overhead
        np.full(m, np.log1p(m)),
    ]
    n_base = len(_BASE)
    x1 = np.empty((m, len(STAGE1_FEATURES)))
    x1[:, : shape.shape[1]] = shape
    x1[:, shape.shape[1] : n_base] = np.array(layout).T
    src = x1[:, _SRC_IDX]
    step = len(CONTEXT_KINDS)  # context columns are source-major, kinds inner (STAGE1 order): one slice per kind
    prev, nxt, win3, win8 = (x1[:, n_base + k :: step] for k in range(step))
    prev[0], prev[1:] = 0.0, src[:-1]
    nxt[-1], nxt[:-1] = 0.0, src[1:]
    csum = np.zeros((m + 1, src.shape[1]))
    src.cumsum(axis=0, out=csum[1:])
    win3[:] = _window_means(src, 3, csum)
    win8[:] = _window_means(src, 8, csum)
    return x1, hits
