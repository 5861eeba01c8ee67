"""Shingle metric of the Article Extraction Benchmark: 4-token shingles, per-page P/R averaged over pages."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN_RE = re.compile(r"\w+")
SHINGLE_SIZE = 4


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Return the multiset of overlapping `size`-token shingles of `text` (tokens are runs of \\w+, case kept)."""
    tokens = _TOKEN_RE.findall(text)
    if len(tokens) < size:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True, slots=True)
class PageScore:
    """True positives, false positives and false negatives of one page."""

    tp: int
    fp: int
    fn: int


def score_page(predicted: str, gold: str) -> PageScore:
    """Score one page's kept text against its gold body."""
    pred, ref = shingles(predicted), shingles(gold)
    tp = sum((pred & ref).values())
    return PageScore(tp=tp, fp=sum(pred.values()) - tp, fn=sum(ref.values()) - tp)


def aggregate(scores: Iterable[PageScore]) -> dict[str, float]:
    """Average per-page precision and recall over pages and return precision, recall, F1 and page count."""
    precisions: list[float] = []
    recalls: list[float] = []
    n = 0
    for s in scores:
        n += 1
        if s.tp + s.fp > 0:
            precisions.append(s.tp / (s.tp + s.fp))
        if s.tp + s.fn > 0:
            recalls.append(s.tp / (s.tp + s.fn))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return {"precision": p, "recall": r, "f1": f1, "n_pages": n}
