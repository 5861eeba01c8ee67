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
# Island drop: chosen on the site-held-out CV of `python -m tasks.boilerplate.site_cv` (see the README's log).
HEADLINE_RUN_MIN = 6  # this many headline-shaped lines in a row are a list of links to other stories
HEADLINE_WORDS = (4, 25)  # a headline-shaped line: this many words and no closing punctuation (nor , ; :)
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
    return len(x1) > 0 and int(furniture_signals(x1, hits).sum()) <= CLEAN_MAX_SIGNAL_LINES


def headline_runs(texts: list[str], x1: np.ndarray) -> list[int]:
    """Return the lines in runs of at least HEADLINE_RUN_MIN headline-shaped lines in a row (link lists)."""
    words = np.expm1(x1[:, _COL["log_words"]])
    shaped = (
        (words >= HEADLINE_WORDS[0] - 0.5)
        & (words <= HEADLINE_WORDS[1] + 0.5)
        & (x1[:, _COL["terminal_punct"]] == 0)
        & (x1[:, _COL["colon_end"]] == 0)
    )
    flags = [bool(f) and not texts[i].endswith((",", ";")) for i, f in enumerate(shaped.tolist())]
    out: list[int] = []
    start = None
    for i, f in enumerate([*flags, False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            if i - start >= HEADLINE_RUN_MIN:
                out.extend(range(start, i))
            start = None
    return out


def kept_blocks(keep: list[bool], gap: int = ISLAND_GAP) -> list[list[int]]:
    """Group kept line indices into blocks split by runs of at least `gap` dropped lines."""
    blocks: list[list[int]] = []
    last = None
    for i, k in enumerate(keep):
        if not k:
            continue
        if last is None or i - last - 1 >= gap:
            blocks.append([])
        blocks[-1].append(i)
        last = i
    return blocks


def far_islands(keep: list[bool], sizes: list[int], scores: list[float]) -> list[int]:
    """Return the kept lines of small, not confidently scored blocks away from the largest kept block."""
    blocks = kept_blocks(keep)
    if len(blocks) < 2:
        return []
    chars = [sum(sizes[i] for i in block) for block in blocks]
    main = max(chars)
    return [
        i
        for block, c in zip(blocks, chars, strict=True)
        if c < ISLAND_MAX_SHARE * main and sum(scores[i] for i in block) < ISLAND_MAX_SCORE * len(block)
        for i in block
    ]
