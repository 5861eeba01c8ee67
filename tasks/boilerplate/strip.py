"""Strips one crawler text dump: scores every line, applies furniture rules and the comment switch, audits all."""

from __future__ import annotations

import numpy as np

from tasks.boilerplate.comments import marker_switch, markerless_switch
from tasks.boilerplate.labels import drop_label, find_meta
from tasks.boilerplate.layout import STAGE1_FEATURES, PageLines, split_page, stage1_matrix
from tasks.boilerplate.model import CorpusStats, LineDecision, StripResult
from tasks.boilerplate.rules import load_lexicon, load_rules
from tasks.boilerplate.scorer import Weights, load_weights, score_lines

_COL = {name: i for i, name in enumerate(STAGE1_FEATURES)}
JOINER = "\n\n"
TIMESTAMP_MAX_WORDS = 12  # a line this short made mostly of date words is a timestamp, not prose
PROSE_MIN_LOG_WORDS = 3.3  # log1p(words): about 26 words; hand-set, a caption or teaser is rarely that long
PROSE_MIN_STOP_FRAC = 0.3  # English prose has 40-50% stopwords; nav, lists and titles far fewer


def strip_document(raw_text: str, corpus: CorpusStats | None = None) -> StripResult:
    """Label every line of a raw text dump and return the kept article body with its audit trail."""
    return strip_with_weights(raw_text, corpus, load_weights())


def kept_text(raw_text: str) -> str:
    """Return only the kept body text of a raw dump (what the evaluation scores)."""
    return strip_document(raw_text).clean_text


def _decide(page: PageLines, x1: np.ndarray, hits: list, p2: np.ndarray, weights: Weights) -> tuple[list, list]:
    """Return per-line keep flags and reasons from scores, furniture rules and the comment switch."""
    m = len(page.stripped)
    keep = (p2 >= weights.threshold).tolist()
    reasons = [f"score={p:.2f}" for p in p2.tolist()]
    for i in range(m):
        rule = hits[i]
        if rule is not None:
            keep[i], reasons[i] = False, f"pattern:{rule.id}"
        elif x1[i, _COL["title_glue"]]:
            keep[i], reasons[i] = False, "shape:title_glue"
        elif x1[i, _COL["keyword_list"]]:
            keep[i], reasons[i] = False, "shape:keyword_list"
        elif (
            x1[i, _COL["date_frac"]] >= 0.6
            and x1[i, _COL["date_anchor"]]
            and np.expm1(x1[i, _COL["log_words"]]) <= TIMESTAMP_MAX_WORDS
        ):
            keep[i], reasons[i] = False, "shape:timestamp"
    _rescue_prose(x1, hits, keep, reasons)
    sizes = [len(t) if k else 0 for t, k in zip(page.stripped, keep, strict=True)]
    total = sum(sizes)
    markers = [i for i in range(m) if hits[i] is not None and hits[i].comment_start]
    cut = marker_switch([sum(sizes[:i]) for i in markers], total, markers)
    if cut is not None:
        for i in range(cut + 1, m):
            if keep[i]:
                keep[i], reasons[i] = False, "comment_section:marker"
    kept_idx = [i for i in range(m) if keep[i]]
    switch = markerless_switch([page.stripped[i] for i in kept_idx], load_lexicon())
    if switch is not None:
        for i in kept_idx[switch:]:
            keep[i], reasons[i] = False, "comment_section:register"
    return keep, reasons


def _is_prose(row: np.ndarray) -> bool:
    """Return True for a long, sentence-shaped, stopword-rich line: article prose in any page furniture."""
    return bool(
        row[_COL["log_words"]] >= PROSE_MIN_LOG_WORDS
        and row[_COL["terminal_punct"]]
        and row[_COL["stop_frac"]] >= PROSE_MIN_STOP_FRAC
        and row[_COL["glue"]] == 0
    )


def _rescue_prose(x1: np.ndarray, hits: list, keep: list[bool], reasons: list[str]) -> None:
    """Keep dropped prose lines next to kept body lines (recall on an article's first or last paragraph)."""
    m = len(keep)
    changed = True
    while changed:
        changed = False
        for i in range(m):
            if keep[i] or hits[i] is not None or not _is_prose(x1[i]):
                continue
            if (i > 0 and keep[i - 1]) or (i + 1 < m and keep[i + 1]):
                keep[i], reasons[i], changed = True, reasons[i] + ";rescued:prose_next_to_body", True


def strip_with_weights(raw_text: str, corpus: CorpusStats | None, weights: Weights) -> StripResult:
    """Strip one document with the given model weights (strip_document uses the shipped ones)."""
    page = split_page(raw_text)
    if not page.content:
        lines = [
            LineDecision(i, page.starts[i], page.starts[i] + len(t), t, False, "blank", "blank", None)
            for i, t in enumerate(page.raw_lines)
        ]
        return StripResult(lines, "", None, None, None)
    x1, hits = stage1_matrix(page, corpus, load_rules(), load_lexicon())
    _, p2 = score_lines(x1, weights)
    keep, reasons = _decide(page, x1, hits, p2, weights)
    kept_idx = [i for i, k in enumerate(keep) if k]
    first_body = kept_idx[0] if kept_idx else None
    last_body = kept_idx[-1] if kept_idx else None
    meta = find_meta(page.stripped, x1, hits, first_body)
    comment_from = next((i for i, r in enumerate(reasons) if r.startswith("comment_section")), None)
    by_line_no = {line_no: j for j, line_no in enumerate(page.content)}
    decisions: list[LineDecision] = []
    clean_parts: list[str] = []
    cursor = 0
    for line_no, raw in enumerate(page.raw_lines):
        j = by_line_no.get(line_no)
        if j is None:
            start = page.starts[line_no]
            decisions.append(LineDecision(line_no, start, start + len(raw), raw, False, "blank", "blank", None))
            continue
        text, start = page.stripped[j], page.strip_offsets[j]
        if keep[j]:
            if clean_parts:
                cursor += len(JOINER)
            decisions.append(LineDecision(line_no, start, start + len(text), text, True, "body", reasons[j], cursor))
            clean_parts.append(text)
            cursor += len(text)
            continue
        if j == meta.title_idx:
            label = "headline"
        elif j == meta.byline_idx:
            label = "byline"
        elif j == meta.date_idx:
            label = "dateline"
        elif comment_from is not None and j >= comment_from and hits[j] is None:
            label = "comment"
        else:
            label = drop_label(j, x1, hits[j], first_body, last_body)
        decisions.append(LineDecision(line_no, start, start + len(text), text, False, label, reasons[j], None))
    return StripResult(
        lines=decisions,
        clean_text=JOINER.join(clean_parts),
        title=page.stripped[meta.title_idx] if meta.title_idx is not None else None,
        byline=meta.byline,
        published=page.stripped[meta.date_idx] if meta.date_idx is not None else None,
    )
