"""Benchmark polarity prediction throughput (predictions/s on one core) for the trained model and the fallback.

Usage: .venv/bin/python bench/bench_polarity.py [--n 20000] [--cases PATH.jsonl]
Without --cases it scores synthetic news-like sentences, so it runs anywhere.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.extract.polarity import LexiconPolarityModel, PolarityInput, load_polarity_model
from tasks.offline.polarity.data import read_cases

_TEMPLATES = [
    "{h} sharply criticised {t} on Tuesday, saying the plan would hurt working families across the state.",
    "In a statement, {h} praised {t} for what she called a courageous decision to end the shutdown.",
    "{t} met {h} at the White House, where the two discussed trade, security and the upcoming summit.",
    '"We are not going to let {t} get away with this," {h} told reporters after the vote on Capitol Hill.',
]
_NAMES = ["Senator Warren", "President Trump", "Mr. Sanders", "Ms. Haley", "Governor Newsom", "Speaker Ryan"]


def synthetic_items(n: int, seed: int = 0) -> list[PolarityInput]:
    """Build n synthetic target mentions in news-like sentences."""
    rng = random.Random(seed)
    items = []
    for _ in range(n):
        h, t = rng.sample(_NAMES, 2)
        s = rng.choice(_TEMPLATES).format(h=h, t=t)
        start = s.index(t)
        items.append(PolarityInput(s, start, start + len(t)))
    return items


def measure(model, items: list[PolarityInput], batch: int) -> tuple[float, float]:
    """Predictions per second over all items in batches: (by wall clock, by this process's CPU time)."""
    model.predict(items[:batch])  # warm-up (lexicon load)
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(0, len(items), batch):
        model.predict(items[i : i + batch])
    return len(items) / (time.perf_counter() - t0), len(items) / (time.process_time() - c0)


def main() -> None:
    """Print throughput for both models."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--batch", type=int, default=1024)
    ap.add_argument("--cases", type=Path, default=None, help="optional JSONL of real cases to score instead")
    args = ap.parse_args()
    if args.cases:
        base = [c.item for c in read_cases(args.cases)]
        items = (base * (args.n // max(1, len(base)) + 1))[: args.n]
    else:
        items = synthetic_items(args.n)
    t0 = time.perf_counter()
    model = load_polarity_model()
    print(f"load {model.method} ({model.version}): {time.perf_counter() - t0:.2f}s")
    for m in (model, LexiconPolarityModel()):
        wall, cpu = measure(m, items, args.batch)
        print(f"{m.method}: {wall:,.0f} predictions/s wall, {cpu:,.0f}/s per CPU-second (n={len(items)})")


if __name__ == "__main__":
    main()
