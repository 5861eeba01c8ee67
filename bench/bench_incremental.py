"""Incremental refresh cost: first refresh of N documents, then a refresh of the unchanged corpus, then one with
1% of the documents changed. Prints wall seconds, the ratio second/first (target <= 5%) and per-stage seconds.

    .venv/bin/python bench/bench_incremental.py --docs 1000 [--seeds seeds] [--work /tmp/bench_incr]

One Prefect API is started for the whole benchmark (or PREFECT_API_URL is used), so its start-up is not counted.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


@contextlib.contextmanager
def prefect_api() -> Iterator[None]:
    """Use PREFECT_API_URL when set, else one temporary local API for the whole benchmark."""
    if os.environ.get("PREFECT_API_URL"):
        yield
        return
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


def timed_refresh(corpus: Path, warehouse: Path) -> tuple[float, object]:
    """Run one in-process refresh; return (wall seconds, summary)."""
    from flows.refresh import refresh
    from flows.settings import load_settings

    settings = load_settings().with_overrides(input_dir=corpus, warehouse=warehouse)
    t0 = time.perf_counter()
    summary = refresh(settings=settings)
    return time.perf_counter() - t0, summary


def change_some(corpus: Path, share: float) -> int:
    """Append a sentence to a share of the documents (they become new content); return how many."""
    files = sorted(corpus.glob("*.txt"))
    picked = files[:: max(1, round(1 / share))] if share > 0 else []
    for path in picked:
        with path.open("a", encoding="utf-8") as fh:
            fh.write("\nOfficials added on Sunday that a further round of talks had been scheduled for next month.\n")
    return len(picked)


def main() -> None:
    """Build the corpus, run the three refreshes and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--work", type=Path, default=Path("/tmp/stancewire_bench_incremental"))
    parser.add_argument("--changed", type=float, default=0.01, help="share of documents changed for run 3")
    args = parser.parse_args()

    from corpus import write_corpus

    shutil.rmtree(args.work, ignore_errors=True)
    corpus, warehouse = args.work / "corpus", args.work / "warehouse"
    size = write_corpus(corpus, args.docs, [args.seeds])
    print(f"corpus: {args.docs} documents, {size / 1e6:.1f} MB in {corpus}")
    with prefect_api():
        first, s1 = timed_refresh(corpus, warehouse)
        second, s2 = timed_refresh(corpus, warehouse)
        n_changed = change_some(corpus, args.changed)
        third, s3 = timed_refresh(corpus, warehouse)
    for label, secs, s in (("first", first, s1), ("unchanged", second, s2), (f"{n_changed} changed", third, s3)):
        stages = ", ".join(f"{k} {v:.1f}" for k, v in s.seconds.items())  # type: ignore[attr-defined]
        print(
            f"{label:>12}: {secs:7.1f} s wall  new {s.docs_new:5d}  carried {s.docs_carried:5d}  "  # type: ignore[attr-defined]
            f"[{stages}]"
        )
    print(f"second/first = {second / first:.1%} (target <= 5%)")
    print(f"changed/first = {third / first:.1%}")


if __name__ == "__main__":
    main()
