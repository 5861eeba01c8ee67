"""Speed of the boilerplate stripper alone, one core: prints pages per second for dev-set-sized pages.

Usage: python bench/bench_boilerplate.py [CASES.jsonl] [--repeat N]
Reads ../shared/eval/boilerplate/dev_fullpage.jsonl beside the project when present (≈7.7k chars, ≈200 lines a
page), else builds pages of that size from seeds/*.txt padded with navigation lines.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tasks.boilerplate import corpus_stats_from_texts, strip_document  # noqa: E402

DEFAULT_CASES = ROOT.parent / "shared" / "eval" / "boilerplate" / "dev_fullpage.jsonl"
TARGET_PAGES_PER_S = 500  # issue 3: stripping alone, one core, dev-set-sized pages
NAV = ["Home", "World", "Politics", "Business", "Tech", "Sports", "Opinion", "Sign In", "Subscribe", "Search"]


def synthetic_pages() -> list[str]:
    """Build ~200-line pages from the seeds: nav block, seed text, related links and footer."""
    pages = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        seed = path.read_text(encoding="utf-8")
        related = [f"Related story number {i} about the same conflict and its consequences" for i in range(40)]
        lines = NAV * 8 + [""] + seed.split("\n") + [""] + related + ["© Example Media 2020. All rights reserved."]
        pages.append("\n".join(lines))
    return pages


def load_pages(cases: Path) -> tuple[list[str], str]:
    """Return the raw pages to time and where they came from."""
    if cases.exists():
        with cases.open(encoding="utf-8") as fh:
            return [json.loads(line)["raw_text"] for line in fh if line.strip()], str(cases)
    return synthetic_pages(), "synthetic pages from seeds/"


def main() -> None:
    """Time strip_document over every page, several rounds, and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("cases", nargs="?", type=Path, default=DEFAULT_CASES)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    pages, source = load_pages(args.cases)
    t0 = time.perf_counter()
    stats = corpus_stats_from_texts(pages)
    t_stats = time.perf_counter() - t0
    strip_document(pages[0], stats)  # load rules and weights outside the timing
    rounds = []
    cpu_rounds = []
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        for raw in pages:
            strip_document(raw, stats)
        rounds.append(time.perf_counter() - t0)
        cpu_rounds.append(time.process_time() - c0)
    best = min(rounds)
    best_cpu = min(cpu_rounds)
    chars = statistics.mean(len(p) for p in pages)
    lines = statistics.mean(p.count("\n") + 1 for p in pages)
    print(f"source: {source}")
    print(f"pages: {len(pages)}  mean chars/page: {chars:.0f}  mean lines/page: {lines:.0f}")
    print(f"corpus line counts (in-memory stand-in for the flow's DuckDB count): {t_stats * 1000:.1f} ms")
    print(f"strip_document: best of {args.repeat} rounds {best:.3f} s -> {len(pages) / best:.0f} pages/s")
    print(f"median round: {statistics.median(rounds):.3f} s -> {len(pages) / statistics.median(rounds):.0f} pages/s")
    print(
        f"CPU time of this process (excludes waiting for a busy core): best {best_cpu:.3f} s -> "
        f"{len(pages) / best_cpu:.0f} pages/s, {best_cpu / len(pages) * 1000:.2f} ms/page"
    )
    median_cpu = statistics.median(cpu_rounds)
    print(
        f"CPU time, median round: {median_cpu:.3f} s -> {len(pages) / median_cpu:.0f} pages/s, "
        f"{median_cpu / len(pages) * 1000:.2f} ms/page"
    )
    print(
        f"pages/s on one core (CPU time): fastest round {len(pages) / best_cpu:.0f}, "
        f"median round {len(pages) / median_cpu:.0f} (issue 3 asks >= {TARGET_PAGES_PER_S})"
    )
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} (on {os.cpu_count()} cores)")
    print(f"throughput: {len(pages) * chars / best / 1e6:.2f} M chars/s on one core")


if __name__ == "__main__":
    main()
