"""Page-level checks after line scoring: clean articles kept whole, stray kept islands far from the body dropped.

Issue 16. Both are general signals of a page's shape rather than of any one site:
- A clean article (text from a news API, an archive or another extractor) has no furniture to find: its lines are
  prose or headline-shaped. When at most CLEAN_MAX_SIGNAL_LINES lines carry a furniture signal (a furniture rule,
  a short line without closing punctuation, a URL, separators, a keyword list, a glued teaser, a line of four or
  more words that recurs in other documents of the refresh), every line is kept but rule-matched furniture
  (tail-only rules such as an author bio at the end, as on any page). None of the 160 dev dumps (full or cropped)
  passes this check (the fewest signal lines on one is 2); 81 of the 84 PolNeAR dev articles do.
- A list of other stories' headlines is a run of at least HEADLINE_RUN_MIN lines in a row without closing
  punctuation, of HEADLINE_WORDS words each: kept lines in such a run are dropped. (On the dev dumps such runs hold
  3,664 characters of kept furniture and 89 of article text on full pages; shorter runs are mostly article lists.)
- A kept line of four or more words that also stands in other documents of the refresh is the site's blurb ("X is
  a global provider of ..."), unless recurring lines make up RECUR_MAX_SHARE or more of the kept text.
- On a text dump the article is one block. A run of kept lines separated from the largest kept block by at least
  ISLAND_GAP dropped lines, holding less than ISLAND_MAX_SHARE of its characters and scored below ISLAND_MAX_SCORE
  on average is a teaser list, a "most read" box or a site blurb, not the article: it is dropped.
"""

from __future__ import annotations

import numpy as np

from tasks.boilerplate.layout import STAGE1_FEATURES
from tasks.boilerplate.rules import Rule

_COL = {name: i for i, name in enumerate(STAGE1_FEATURES)}
CLEAN_MAX_SIGNAL_LINES = 1  # set by hand from the dev dumps (>= 2 signal lines each) and PolNeAR dev articles
SHORT_MAX_WORDS = 3  # a line of at most this many words without closing punctuation is nav-shaped
# Island drop: chosen on the site-held-out CV of `python -m tasks.offline.boilerplate.site_cv` (see the README's log).
HEADLINE_RUN_MIN = 6  # this many headline-shaped lines in a row are a list of links to other stories
HEADLINE_WORDS = (4, 25)  # a headline-shaped line: this many words and no closing punctuation (nor , ; :)
RECUR_MAX_SHARE = 0.2  # kept lines found in other documents are dropped when they are less than this share of the
# kept text (more is a story syndicated to several sites, whose body recurs as a whole)
ISLAND_GAP = 3  # dropped lines between two kept blocks for them to count as separate blocks
ISLAND_MAX_SHARE = 0.35  # a separate kept block with less than this share of the largest block's characters goes
ISLAND_MAX_SCORE = 0.8  # ... unless its mean stage-2 score is at least this (article parts split off by a figure)


def furniture_signals(x1: np.ndarray, hits: list[Rule | None]) -> np.ndarray:
    """Mark the lines that look like page furniture by their own shape or a furniture rule (not by score)."""
    words = np.expm1(x1[:, _COL["log_words"]])
    closed = (x1[:, _COL["terminal_punct"]] > 0) | (x1[:, _COL["quote_end"]] > 0) | (x1[:, _COL["colon_end"]] > 0)
    rule = np.array([r is not None and not r.tail_only for r in hits], dtype=bool)
    return (
        rule
        | ((words <= SHORT_MAX_WORDS + 0.5) & ~closed)
        | (x1[:, _COL["url_like"]] > 0)
        | (x1[:, _COL["separators"]] > 0)
        | (x1[:, _COL["keyword_list"]] > 0)
        | (x1[:, _COL["title_glue"]] > 0)
        | ((x1[:, _COL["df_log"]] > 0) & (words > SHORT_MAX_WORDS + 0.5))
    )


def is_clean_article(x1: np.ndarray, hits: list[Rule | None]) -> bool:
    """Return True when a page has (almost) no furniture signal: it is already an article."""
    if len(x1) == 0:
        return False
    n_hits = len(hits) - hits.count(None)
    if n_hits > CLEAN_MAX_SIGNAL_LINES and sum(not r.tail_only for r in hits if r is not None) > CLEAN_MAX_SIGNAL_LINES:
        return False  # most dumps: several furniture rules fire, no need to look at the shapes
    return int(furniture_signals(x1, hits).sum()) <= CLEAN_MAX_SIGNAL_LINES


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the [start, end) bounds of the runs of True in a boolean vector."""
    edges = np.diff(np.concatenate(([0], mask.view(np.int8), [0])))
    return (edges == 1).nonzero()[0], (edges == -1).nonzero()[0]


def headline_runs(texts: list[str], x1: np.ndarray) -> list[int]:
    """Return the lines in runs of at least HEADLINE_RUN_MIN headline-shaped lines in a row (link lists)."""
    words = x1[:, _COL["log_words"]]
    shaped = (
        (words >= np.log1p(HEADLINE_WORDS[0] - 0.5))
        & (words <= np.log1p(HEADLINE_WORDS[1] + 0.5))
        & (x1[:, _COL["terminal_punct"]] == 0)
        & (x1[:, _COL["colon_end"]] == 0)
    )
    starts, ends = _runs(shaped)
    if not bool((ends - starts >= HEADLINE_RUN_MIN).any()):
        return []
    for i in shaped.nonzero()[0].tolist():  # a line ending in a comma or semicolon runs on: not a headline
        if texts[i].endswith((",", ";")):
            shaped[i] = False
    starts, ends = _runs(shaped)
    return [
        i for a, b in zip(starts.tolist(), ends.tolist(), strict=True) if b - a >= HEADLINE_RUN_MIN for i in range(a, b)
    ]


def recurring_kept(keep: list[bool], x1: np.ndarray) -> list[int]:
    """Return kept lines of four or more words found in other documents, when they are a small part of the kept text."""
    kept = np.asarray(keep, dtype=bool)
    recur = kept & (x1[:, _COL["df_log"]] > 0) & (x1[:, _COL["log_words"]] >= np.log1p(SHORT_MAX_WORDS + 0.5))
    if not recur.any():
        return []
    chars = np.expm1(x1[:, _COL["log_chars"]])
    if chars[recur].sum() >= RECUR_MAX_SHARE * chars[kept].sum():
        return []
    return recur.nonzero()[0].tolist()


def kept_blocks(keep: np.ndarray, gap: int = ISLAND_GAP) -> tuple[np.ndarray, np.ndarray]:
    """Return the kept line indices and where each block of them starts (blocks split by >= `gap` dropped lines)."""
    idx = np.flatnonzero(keep)
    return idx, np.concatenate(([0], (np.diff(idx) > gap).nonzero()[0] + 1)) if len(idx) else idx


def far_islands(keep: list[bool], sizes: np.ndarray, scores: np.ndarray) -> list[int]:
    """Return the kept lines of small, not confidently scored blocks away from the largest kept block."""
    idx, starts = kept_blocks(np.asarray(keep, dtype=bool))
    if len(starts) < 2:
        return []
    chars = np.add.reduceat(sizes[idx], starts)
    mean_score = np.add.reduceat(scores[idx], starts) / np.diff(np.append(starts, len(idx)))
    far = (chars < ISLAND_MAX_SHARE * chars.max()) & (mean_score < ISLAND_MAX_SCORE)
    return idx[np.repeat(far, np.diff(np.append(starts, len(idx))))].tolist()
