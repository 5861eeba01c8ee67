"""Line-level training targets from a page's gold article body (which whole lines belong to the body)."""

from __future__ import annotations

from tasks.offline.boilerplate.metric import SHINGLE_SIZE, shingles

MIN_SHINGLE_HIT = 0.5  # share of a line's shingles found in the gold body for the line to count as body


def gold_line_labels(stripped_lines: list[str], gold_text: str) -> list[bool]:
    """Return, for each non-blank stripped line of a page, whether it belongs to the gold article body."""
    gold_lines = {line.strip() for line in gold_text.split("\n") if line.strip()}
    gold_sh = shingles(gold_text)
    labels: list[bool] = []
    for text in stripped_lines:
        if text in gold_lines:
            labels.append(True)
            continue
        sh = shingles(text)
        total = sum(sh.values())
        if total == 0 or len(next(iter(sh))) < SHINGLE_SIZE:
            labels.append(False)
            continue
        hit = sum(min(c, gold_sh.get(k, 0)) for k, c in sh.items())
        labels.append(hit / total >= MIN_SHINGLE_HIT)
    return labels
