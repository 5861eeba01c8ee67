"""Names what each dropped line is (headline, byline, nav, related, ...) and picks the page's title, byline, date."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from tasks.boilerplate.layout import STAGE1_FEATURES
from tasks.boilerplate.rules import Rule

_COL = {name: i for i, name in enumerate(STAGE1_FEATURES)}
_BY_PREFIX_RE = re.compile(r"^(?:by|written by|words by|story by|posted by)\s+", re.IGNORECASE)
_NAME_RE = re.compile(r"[A-Z][\w.'’-]+(?: (?:[A-Z][\w.'’-]+|de|da|van|von|al|bin|la|le)){1,3}")
_BYLINE_DATE_RE = re.compile(
    r"\s*[-|–—•,]\s*((?:\d|updated|published|posted|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r".*)$",
    re.IGNORECASE,
)
HEADLINE_MIN_WORDS = 4  # a line above the chosen title needs this many words to be its headline, not a section
HEADER_WINDOW = 15  # non-blank lines before the first body line searched for headline, byline and date


@dataclass(frozen=True, slots=True)
class PageMeta:
    """Line indices (among non-blank lines) of the title, byline and date lines, and their texts."""

    title_idx: int | None
    byline_idx: int | None
    date_idx: int | None
    byline: str | None
    published: str | None


def _title_score(x: np.ndarray, distance: int) -> float:
    """Score how headline-like a header line is: a few to thirty words, no closing period, near the body."""
    words = float(np.expm1(x[_COL["log_words"]]))
    if words < 3 or words > 30 or (x[_COL["terminal_punct"]] and x[_COL["log_sentences"]] > 0):
        return -1.0
    if x[_COL["rule_hit"]] or x[_COL["comment_rule"]] or x[_COL["date_frac"]] > 0.5 or x[_COL["df_log"]] > 0:
        return -1.0
    return min(words, 14.0) / 14.0 + 0.5 * x[_COL["paragraph"]] - 0.04 * distance - 0.3 * x[_COL["glue"]]


def _headline_over_standfirst(texts: list[str], x1: np.ndarray, title_idx: int | None, lo: int) -> int | None:
    """Prefer the headline over the standfirst: a shorter title-shaped line directly above the chosen one wins.

    _title_score favours longer lines, so when a page gives headline then standfirst (or dek) it picks the
    standfirst. Title accuracy (chosen title == the page's <h1>) on the English dev pages, before -> after this
    rule: full pages 42/70 -> 53/70, cropped 27/39 -> 33/39 (no page that was right turned wrong).
    """
    if title_idx is None or title_idx - 1 < lo:
        return title_idx
    above, chosen = x1[title_idx - 1], x1[title_idx]
    if _title_score(above, 0) < 0 or above[_COL["log_words"]] >= chosen[_COL["log_words"]]:
        return title_idx
    first_letter = next((c for c in texts[title_idx - 1] if c.isalpha()), "")
    if float(np.expm1(above[_COL["log_words"]])) < HEADLINE_MIN_WORDS or not first_letter.isupper():
        return title_idx  # a section name ("Personal Technology: Review") or a row of share links
    return title_idx - 1


def find_meta(texts: list[str], x1: np.ndarray, hits: list[Rule | None], first_body: int | None) -> PageMeta:
    """Find the headline, byline and dateline among the lines before the first kept body line."""
    end = first_body if first_body is not None else min(len(texts), HEADER_WINDOW)
    lo = max(0, end - HEADER_WINDOW)
    title_idx = byline_idx = date_idx = None
    byline: str | None = None
    best = 0.0
    for i in range(lo, end):
        rule = hits[i]
        if rule is not None and rule.id == "byline" and byline_idx is None:
            byline_idx, byline = i, _BY_PREFIX_RE.sub("", texts[i]).strip()
            continue
        if rule is not None and rule.label == "dateline" and date_idx is None:
            date_idx = i
            continue
        if x1[i, _COL["date_frac"]] >= 0.6 and x1[i, _COL["date_anchor"]] and date_idx is None:
            date_idx = i
            continue
        score = _title_score(x1[i], end - i)
        if score > best:
            best, title_idx = score, i
    title_idx = _headline_over_standfirst(texts, x1, title_idx, lo)
    if byline_idx is None and title_idx is not None:
        for i in range(title_idx + 1, end):
            if _NAME_RE.fullmatch(texts[i]) and hits[i] is None:
                byline_idx, byline = i, texts[i]
                break
    published = texts[date_idx] if date_idx is not None else None
    dated = _BYLINE_DATE_RE.search(byline) if byline else None
    if byline and dated:
        byline = byline[: dated.start()].strip() or None
        published = published or dated.group(1).strip()
    return PageMeta(title_idx, byline_idx, date_idx, byline, published)


def drop_label(i: int, x1: np.ndarray, rule: Rule | None, first_body: int | None, last_body: int | None) -> str:
    """Name a dropped line by its rule, else by its shape and where it sits relative to the kept body."""
    if rule is not None:
        return rule.label
    row = x1[i]
    if row[_COL["title_glue"]] or row[_COL["all_caps_long"]] or row[_COL["truncated"]]:
        return "related"
    if row[_COL["keyword_list"]]:
        return "keywords"
    if row[_COL["date_frac"]] >= 0.6 and row[_COL["date_anchor"]]:
        return "timestamp"
    if first_body is None or i < first_body:
        return "nav"
    if last_body is not None and i > last_body:
        return "related" if row[_COL["terminal_punct"]] == 0 else "footer"
    return "caption" if row[_COL["terminal_punct"]] else "related"


_NAMES = ("related", "keywords", "timestamp", "nav", "footer", "caption")
_RELATED, _KEYWORDS, _TIMESTAMP, _NAV, _FOOTER, _CAPTION = range(len(_NAMES))


def drop_labels(x1: np.ndarray, hits: list[Rule | None], first_body: int | None, last_body: int | None) -> list[str]:
    """Return drop_label of every line at once: the same choice, made column-wise from the last rule to the first."""
    m = len(hits)
    closed = x1[:, _COL["terminal_punct"]] != 0
    code = np.where(closed, _CAPTION, _RELATED)
    if last_body is not None:
        code[last_body + 1 :] = np.where(closed[last_body + 1 :], _FOOTER, _RELATED)
    if first_body is None:
        code[:] = _NAV
    else:
        code[:first_body] = _NAV
    stamp = (x1[:, _COL["date_frac"]] >= 0.6) & (x1[:, _COL["date_anchor"]] != 0)
    code = np.where(stamp, _TIMESTAMP, code)
    code = np.where(x1[:, _COL["keyword_list"]] != 0, _KEYWORDS, code)
    related = (x1[:, _COL["title_glue"]] != 0) | (x1[:, _COL["all_caps_long"]] != 0) | (x1[:, _COL["truncated"]] != 0)
    code = np.where(related, _RELATED, code)
    labels = [_NAMES[c] for c in code.tolist()] if m else []
    for i, rule in enumerate(hits):
        if rule is not None:
            labels[i] = rule.label
    return labels
