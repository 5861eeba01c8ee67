"""Strips one crawler text dump: scores every line, applies furniture rules and the comment switch, audits all."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from tasks.boilerplate.clean import SHORT_MAX_WORDS, far_islands, headline_runs, is_clean_article, recurring_kept
from tasks.boilerplate.comments import marker_switch, markerless_switch
from tasks.boilerplate.labels import drop_labels, find_meta
from tasks.boilerplate.layout import STAGE1_FEATURES, PageLines, split_page, stage1_matrix
from tasks.boilerplate.model import CorpusStats, LineDecision, StripResult
from tasks.boilerplate.rules import load_lexicon, load_rules
from tasks.boilerplate.scorer import Weights, load_weights, score_lines

_COL = {name: i for i, name in enumerate(STAGE1_FEATURES)}
JOINER = "\n\n"
TIMESTAMP_MAX_WORDS = 12  # a line this short made mostly of date words is a timestamp, not prose
SWITCH_MIN_LOG_WORDS = 1.6  # log1p(4): lines of at least four words take part in the marker-less comment switch
SANDWICH_MAX_RUN = 3  # longest run of score-dropped lines between kept lines that is kept (site-CV on dev sets)
TAIL_ONLY_MAX_AFTER = 2  # a tail-only rule (author bio, credits) drops a line followed by fewer kept body lines

# Prose rescue: a dropped line next to kept body is kept when it reads as prose. Set by hand, then checked with
# the site-held-out CV of `python -m tasks.offline.boilerplate.train` on the dev sets.
PROSE_MIN_WORDS = 15  # a sentence-shaped line this long is rarely a caption or teaser
PROSE_MIN_STOP_FRAC = 0.3  # English prose has 40-50% stopwords; nav, lists and titles far fewer
LOOSE_PROSE_MIN_WORDS = 10  # a line without closing punctuation must be sentence-cased prose of this length
LOOSE_PROSE_MAX_CAP_FRAC = 0.4  # ... with few capitalised words (a headline is Title Cased)
EMPTY_PAGE_MIN_SCORE = 0.3  # set by hand: the stage-2 score prose needs to be kept on a page where nothing else is


def _score_bounds() -> tuple[np.ndarray, list[str]]:
    """Return, for f"score={p:.2f}" on p in [0, 1], the smallest p giving each next string, and the 101 strings.

    Python rounds the exact binary value of p to two decimals, ties to even: "k/100" turns into "(k+1)/100" just
    above the midpoint (2k+1)/200, or at it when k is odd. The bounds are worked out exactly with fractions.
    """
    bounds = []
    for k in range(100):
        mid = Fraction(2 * k + 1, 200)
        near = float(mid)
        if Fraction(near) < mid or (Fraction(near) == mid and k % 2 == 0):
            near = math.nextafter(near, math.inf)
        bounds.append(near)
    return np.array(bounds), [f"score={k / 100:.2f}" for k in range(101)]


_SCORE_BOUNDS, _SCORE_TEXTS = _score_bounds()


def score_reasons(p2: np.ndarray) -> list[str]:
    """Return f"score={p:.2f}" for each stage-2 probability (looked up, not formatted, when all lie in [0, 1])."""
    if len(p2) and bool(((p2 >= 0.0) & (p2 <= 1.0) & ~np.signbit(p2)).all()):
        texts = _SCORE_TEXTS
        return [texts[k] for k in _SCORE_BOUNDS.searchsorted(p2, side="right").tolist()]
    return [f"score={p:.2f}" for p in p2.tolist()]


def strip_document(
    raw_text: str, corpus: CorpusStats | None = None, line_hashes: Sequence[str] | None = None
) -> StripResult:
    """Label every line of a raw text dump and return the kept article body with its audit trail.

    `line_hashes`: keys.line_hash of each line of raw_text.split("\\n"), when the caller has them (the flow's ingest
    stages them); without them the stripper hashes the lines itself when it reads the corpus counts.
    """
    return strip_with_weights(raw_text, corpus, load_weights(), line_hashes)


def kept_text(raw_text: str) -> str:
    """Return only the kept body text of a raw dump (what the evaluation scores)."""
    return strip_document(raw_text).clean_text


def _decide(
    page: PageLines, x1: np.ndarray, hits: list, p2: np.ndarray, weights: Weights
) -> tuple[list[bool], list[str], int | None]:
    """Return per-line keep flags and reasons from scores, furniture rules and the comment switch."""
    keep = (p2 >= weights.threshold).tolist()
    reasons = score_reasons(p2)
    shape_drop = [
        (x1[:, _COL["title_glue"]] > 0, "shape:title_glue"),
        (x1[:, _COL["keyword_list"]] > 0, "shape:keyword_list"),
        (x1[:, _COL["all_caps_long"]] > 0, "shape:all_caps_teaser"),
        (
            (x1[:, _COL["date_frac"]] >= 0.6)
            & (x1[:, _COL["date_anchor"]] > 0)
            & (x1[:, _COL["log_words"]] <= np.log1p(TIMESTAMP_MAX_WORDS)),
            "shape:timestamp",
        ),
    ]
    for mask, reason in reversed(shape_drop):  # the first matching shape names the reason
        for i in mask.nonzero()[0].tolist():
            keep[i], reasons[i] = False, reason
    _apply_rules(hits, keep, reasons)
    _rescue_prose(x1, hits, keep, reasons)
    _rescue_sandwiched(x1, keep, reasons)
    if True not in keep:  # an empty body scores recall 0: on a page with nothing kept, keep its prose (short items)
        for i in (_prose_mask(x1) & (p2 >= EMPTY_PAGE_MIN_SCORE)).nonzero()[0].tolist():
            if hits[i] is None:
                keep[i], reasons[i] = True, reasons[i] + ";rescued:prose_on_empty_page"
    comment_from = _comment_switch(page, x1, hits, keep, reasons)
    for i in headline_runs(page.stripped, x1):
        if keep[i]:
            keep[i], reasons[i] = False, reasons[i] + ";headline_list"
    for i in recurring_kept(keep, x1):
        keep[i], reasons[i] = False, reasons[i] + ";recurs_in_corpus"
    for i in far_islands(keep, np.expm1(x1[:, _COL["log_chars"]]), p2):
        keep[i], reasons[i] = False, reasons[i] + ";island:far_from_body"
    return keep, reasons, comment_from


def _apply_rules(hits: list, keep: list[bool], reasons: list[str]) -> None:
    """Drop the lines a furniture rule matched; a tail-only rule only near the end of the kept text."""
    m = len(keep)
    hit_at = [i for i, rule in enumerate(hits) if rule is not None]
    for i in hit_at:
        rule = hits[i]
        if not rule.tail_only:
            keep[i], reasons[i] = False, f"pattern:{rule.id}"
    tail_only = [i for i in hit_at if hits[i].tail_only]
    if tail_only:  # walk back from the end, counting kept lines, only as far as the first tail-only hit
        kept_after = 0
        for i in range(m - 1, tail_only[0] - 1, -1):
            rule = hits[i]
            if rule is not None and rule.tail_only and kept_after < TAIL_ONLY_MAX_AFTER:
                keep[i], reasons[i] = False, f"pattern:{rule.id}"
            kept_after += keep[i]


def _decide_clean(texts: list[str], x1: np.ndarray, hits: list) -> tuple[list[bool], list[str]]:
    """Return keep flags and reasons for a clean article: all lines but rule-matched furniture and a short tail.

    A last line of at most SHORT_MAX_WORDS words with a number in it ('Document reference 180.', 'Ref. 4411') is a
    reference, not article text; a letter's 'Staunton, Va.' or a closing quote line stays.
    """
    keep, reasons = [True] * len(hits), ["clean_article"] * len(hits)
    _apply_rules(hits, keep, reasons)
    last = len(hits) - 1
    short = last > 0 and np.expm1(x1[last, _COL["log_words"]]) <= SHORT_MAX_WORDS + 0.5
    if short and hits[last] is None and any(ch.isdigit() for ch in texts[last]):
        keep[last], reasons[last] = False, "clean_article:short_tail"
    return keep, reasons


def _comment_switch(page: PageLines, x1: np.ndarray, hits: list, keep: list[bool], reasons: list[str]) -> int | None:
    """Drop kept lines after the switch from article to reader comments; return the first comment line, if any."""
    m = len(keep)
    markers = [i for i, rule in enumerate(hits) if rule is not None and rule.comment_start]
    if markers:
        sizes = [len(t) if k else 0 for t, k in zip(page.stripped, keep, strict=True)]
        cut = marker_switch([sum(sizes[:i]) for i in markers], sum(sizes), markers)
        if cut is not None:
            for i in range(cut + 1, m):
                if keep[i]:
                    keep[i], reasons[i] = False, "comment_section:marker"
            return cut
    if True not in keep:
        return None
    first = keep.index(True)
    log_words = x1[:, _COL["log_words"]].tolist()
    person = x1[:, _COL["person12"]].tolist()
    prose = [i for i in range(first, m) if hits[i] is None and log_words[i] >= SWITCH_MIN_LOG_WORDS]
    chatty = sum(1 for i in prose if person[i] > 0 or "?" in page.stripped[i])
    if chatty < 2:
        return None
    switch = markerless_switch([page.stripped[i] for i in prose], load_lexicon())
    if switch is None:
        return None
    for i in prose[switch:]:
        if keep[i]:
            keep[i], reasons[i] = False, "comment_section:register"
    return prose[switch]


def _prose_mask(x1: np.ndarray) -> np.ndarray:
    """Mark sentence-shaped, stopword-rich lines: article prose in any page furniture."""
    words = np.expm1(x1[:, _COL["log_words"]])
    base = (x1[:, _COL["glue"]] == 0) & (x1[:, _COL["stop_frac"]] >= PROSE_MIN_STOP_FRAC)
    closed = (x1[:, _COL["terminal_punct"]] > 0) & (words >= PROSE_MIN_WORDS - 0.5)
    loose = (
        (x1[:, _COL["terminal_punct"]] == 0)
        & (words >= LOOSE_PROSE_MIN_WORDS - 0.5)
        & (x1[:, _COL["cap_frac"]] <= LOOSE_PROSE_MAX_CAP_FRAC)
    )
    return base & (closed | loose)


def _rescue_prose(x1: np.ndarray, hits: list, keep: list[bool], reasons: list[str]) -> None:
    """Keep dropped prose lines next to kept body lines (recall on an article's first or last paragraph)."""
    m = len(keep)
    candidates = [i for i in _prose_mask(x1).nonzero()[0].tolist() if not keep[i] and hits[i] is None]
    changed = bool(candidates)
    while changed:
        changed = False
        for i in candidates:
            if not keep[i] and ((i > 0 and keep[i - 1]) or (i + 1 < m and keep[i + 1])):
                keep[i], reasons[i], changed = True, reasons[i] + ";rescued:prose_next_to_body", True


def _rescue_sandwiched(x1: np.ndarray, keep: list[bool], reasons: list[str]) -> None:
    """Keep short runs of lines dropped on score alone between kept lines: subheads, list items, embed credits."""
    m = len(keep)
    if m < 3:
        return
    words = np.expm1(x1[:, _COL["log_words"]]).tolist()
    flags = np.array(keep, dtype=bool)
    # A run can only start at a dropped line after a kept one; a rescue changes lines before where the scan resumes.
    starts = ((flags[: m - 2] & ~flags[1 : m - 1]).nonzero()[0] + 1).tolist()
    resume = 1
    for i in starts:
        if i < resume:
            continue
        j = i
        while j < m and not keep[j] and reasons[j].startswith("score=") and words[j] >= 1.5:
            j += 1
        if j < m and keep[j] and j - i <= SANDWICH_MAX_RUN:
            for k in range(i, j):
                keep[k], reasons[k] = True, reasons[k] + ";rescued:between_body"
        resume = max(j, i + 1)


_new_tuple = tuple.__new__  # LineDecision(*fields) is tuple.__new__(LineDecision, fields), minus a Python-level call


def _fill_blanks(page: PageLines, decisions: list[LineDecision | None]) -> list[LineDecision]:
    """Put a "blank" decision on every raw line that has none yet and return the completed list."""
    starts, raw_lines = page.starts, page.raw_lines
    for i in [i for i, d in enumerate(decisions) if d is None]:
        raw, start = raw_lines[i], starts[i]
        decisions[i] = _new_tuple(LineDecision, (i, start, start + len(raw), raw, False, "blank", "blank", None))
    return decisions  # type: ignore[return-value]  # every entry is set now


def _dropped_names(
    dropped: list[str],
    hits: list,
    title_idx: int | None,
    byline_idx: int | None,
    date_idx: int | None,
    comment_from: int | None,
) -> list[str]:
    """Return the label of each line if dropped: headline, byline, dateline, comment, else its drop label."""
    labels = list(dropped)
    if comment_from is not None:
        for j in range(comment_from, len(labels)):
            if hits[j] is None or hits[j].label == "comment":
                labels[j] = "comment"
    for idx, name in ((date_idx, "dateline"), (byline_idx, "byline"), (title_idx, "headline")):  # last one wins
        if idx is not None:
            labels[idx] = name
    return labels


def strip_with_weights(
    raw_text: str, corpus: CorpusStats | None, weights: Weights, line_hashes: Sequence[str] | None = None
) -> StripResult:
    """Strip one document with the given model weights (strip_document uses the shipped ones)."""
    page = split_page(raw_text)
    if line_hashes is not None and len(line_hashes) != len(page.raw_lines):
        raise ValueError(f"{len(line_hashes)} line hashes given for a page of {len(page.raw_lines)} lines")
    if not page.content:
        lines = [
            LineDecision(i, page.starts[i], page.starts[i] + len(t), t, False, "blank", "blank", None)
            for i, t in enumerate(page.raw_lines)
        ]
        return StripResult(lines, "", None, None, None)
    x1, hits = stage1_matrix(page, corpus, load_rules(), load_lexicon(), line_hashes)
    clean = is_clean_article(x1, hits)
    if clean:
        keep, reasons = _decide_clean(page.stripped, x1, hits)
        comment_from = _comment_switch(page, x1, hits, keep, reasons)
    else:
        _, p2 = score_lines(x1, weights)
        keep, reasons, comment_from = _decide(page, x1, hits, p2, weights)
    kept_idx = [i for i, k in enumerate(keep) if k]
    first_body = kept_idx[0] if kept_idx else None
    last_body = kept_idx[-1] if kept_idx else None
    if clean:  # the headline stays in the text: look for title, byline and date before the first kept line after it
        meta = find_meta(page.stripped, x1, hits, next((i for i in kept_idx if i > 0), len(keep)))
    else:
        meta = find_meta(page.stripped, x1, hits, first_body)
    dropped = drop_labels(x1, hits, first_body, last_body)
    labels = _dropped_names(dropped, hits, meta.title_idx, meta.byline_idx, meta.date_idx, comment_from)
    decisions: list[LineDecision | None] = [None] * len(page.raw_lines)
    clean_parts: list[str] = []
    cursor = 0
    for line_no, text, start, kept, label, reason in zip(
        page.content, page.stripped, page.strip_offsets, keep, labels, reasons, strict=True
    ):
        if kept:
            if clean_parts:
                cursor += len(JOINER)
            decisions[line_no] = _new_tuple(
                LineDecision, (line_no, start, start + len(text), text, True, "body", reason, cursor)
            )
            clean_parts.append(text)
            cursor += len(text)
        else:
            decisions[line_no] = _new_tuple(
                LineDecision, (line_no, start, start + len(text), text, False, label, reason, None)
            )
    return StripResult(
        lines=_fill_blanks(page, decisions),
        clean_text=JOINER.join(clean_parts),
        title=page.stripped[meta.title_idx] if meta.title_idx is not None else None,
        byline=meta.byline,
        published=meta.published,
    )
