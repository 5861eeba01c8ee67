"""Grouping copies of one story (tasks/boilerplate/story_clusters.py) at corpus scale: prints time and peak memory.

Usage: python bench/bench_story_groups.py [N ...] [--threads T]   (default sizes 1000 10000 50000)
Each size runs in its own process (peak RSS is per process; "MB before" is the process with the synthetic rows
built, before grouping; "true" is how many stories the corpus was made of, "stories" how many were found).
The synthetic corpus is what the strip step feeds the grouping: (doc_id, line_hash, long_chars) rows, ~48 lines a
document of which 8 paragraph-sized, on 200 sites with their own furniture (8 short lines and 2 long standing
lines each); 30% of the documents are copies of 1% of the stories (~30 copies of each story), each copy with its
site's furniture and, one copy in four, one edited paragraph.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SITES = 200
PARAGRAPHS = 8
COPY_SHARE = 0.3


def corpus(n: int, seed: int = 7) -> tuple[list[str], list[str], list[int], int]:
    """Columns of (doc_id, line_hash, long_chars) rows for n synthetic documents, and how many stories they hold."""
    rng = random.Random(seed)
    popular = max(1, n // 100)
    docs, keys, chars = [], [], []
    stories = set()
    for i in range(n):
        doc = f"{i:09d}"
        site = rng.randrange(SITES)
        story = rng.randrange(popular) if rng.random() < COPY_SHARE else popular + i
        stories.add(story)
        lines = [(f"s{site}-nav{j}", 0) for j in range(8)] + [(f"s{site}-standing{j}", 140) for j in range(2)]
        edited = rng.randrange(PARAGRAPHS) if rng.random() < 0.25 else -1
        for p in range(PARAGRAPHS):
            key = f"t{story}-p{p}" + (f"-edit{i}" if p == edited else "")
            lines.append((key, 180 + 20 * p))
        lines += [(f"d{i}-short{j}", 0) for j in range(30)]  # captions, bylines, teasers of this page only
        for key, c in lines:
            docs.append(doc)
            keys.append(key)
            chars.append(c)
    return docs, keys, chars, len(stories)


def measure(n: int, threads: int) -> dict[str, float]:
    """Build the corpus, then time story_line_counts over it in DuckDB; peak RSS of this process."""
    import duckdb
    import pyarrow as pa

    from tasks.boilerplate.story_clusters import story_line_counts

    docs, keys, chars, true_stories = corpus(n)
    table = pa.table({"doc_id": docs, "line_hash": keys, "long_chars": pa.array(chars, pa.int64())})
    del docs, keys, chars
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    con.register("rows", table)
    t0 = time.perf_counter()
    counts, n_stories = story_line_counts(con, "SELECT * FROM rows")
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "docs": n,
        "rows": table.num_rows,
        "stories": n_stories,
        "true_stories": true_stories,
        "recurring_lines": len(counts),
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak),
        "rss_before_mb": round(base),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 50000])
    parser.add_argument("--threads", type=int, default=1, help="DuckDB threads (default 1: per-core figures)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.threads)))
        return
    print(f"{'docs':>7} {'rows':>9} {'stories':>8} {'true':>8} {'seconds':>8} {'peak MB':>8} {'MB before':>9}")
    for n in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--threads", str(args.threads)],
            check=True,
            capture_output=True,
            text=True,
        )
        r = json.loads(out.stdout)
        print(
            f"{r['docs']:>7} {r['rows']:>9} {r['stories']:>8} {r['true_stories']:>8} {r['seconds']:>8} "
            f"{r['peak_rss_mb']:>8} "
            f"{r['rss_before_mb']:>9}"
        )


if __name__ == "__main__":
    main()
