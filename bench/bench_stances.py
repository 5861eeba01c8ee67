"""Throughput of the stance stage (quotes, stances, document-level stance) on parsed documents, in documents/s.

Usage: .venv/bin/python bench/bench_stances.py [--texts DIR] [--repeat 20] [--rounds 5]
Texts default to seeds/*.txt (boilerplate-stripped as the pipeline does) repeated --repeat times. spaCy parsing and
entity linking run once, untimed, beforehand; the timed part is exactly what tasks/steps/annotate.py calls after
them: extract_quotes, extract_stances (with the polarity model) and doc_stance_rows. Prints the fastest round (the
least disturbed on a shared machine), the median, the stage's CPU time per document (ms/doc: the figure to compare
on a loaded machine) and the parse + entity time for scale.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tasks.boilerplate import strip_document  # noqa: E402
from tasks.doc_stances import doc_stance_rows  # noqa: E402
from tasks.entities import extract_entities  # noqa: E402
from tasks.nlp.gazetteer import load_gazetteer  # noqa: E402
from tasks.nlp.pipeline import DEFAULT_MODEL, build_nlp  # noqa: E402
from tasks.outlet import detect_outlet  # noqa: E402
from tasks.polarity import load_polarity_model  # noqa: E402
from tasks.quotes import extract_quotes  # noqa: E402
from tasks.stances import extract_stances  # noqa: E402


def load_docs(folder: Path, repeat: int) -> list[dict]:
    """Stripped seed documents with their byline and outlet, repeated."""
    docs = []
    for path in sorted(folder.glob("*.txt")):
        result = strip_document(path.read_text(encoding="utf-8"))
        outlet = detect_outlet([(d.text, d.kept) for d in result.lines])
        docs.append({"text": result.clean_text, "title": result.title, "byline": result.byline, "outlet": outlet})
    if not docs:
        raise SystemExit(f"no *.txt texts in {folder}; pass --texts DIR with crawler text dumps")
    return docs * repeat


def stance_stage(items: list[tuple], gaz, model) -> int:
    """What annotate runs per document after the entity stage; returns the number of stance rows."""
    n = 0
    for i, (doc, meta, found) in enumerate(items):
        quotes = extract_quotes(doc, found.links)
        rows = extract_stances(str(i), doc, found.links, quotes, model, meta["byline"], meta["outlet"], gazetteer=gaz)
        n += len(rows) + len(doc_stance_rows(str(i), rows, found.doc_entities))
    return n


def main() -> None:
    """Parse once, then time the stance stage over several rounds and print documents per second."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, default=ROOT / "seeds")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--model", default=DEFAULT_MODEL)
    args = ap.parse_args()

    metas = load_docs(args.texts, args.repeat)
    nlp = build_nlp(args.model)
    gaz = load_gazetteer()
    model = load_polarity_model()
    t0 = time.perf_counter()
    parsed = list(nlp.pipe([m["text"] for m in metas], batch_size=64))
    items = [
        (doc, m, extract_entities(str(i), doc, gaz, title_len=len(m["title"] or "")))
        for i, (doc, m) in enumerate(zip(parsed, metas, strict=True))
    ]
    parse_s = time.perf_counter() - t0
    stance_stage(items[:5], gaz, model)  # warm-up
    times, cpu = [], []
    rows = 0
    for _ in range(args.rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        rows = stance_stage(items, gaz, model)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    n, chars = len(items), sum(len(m["text"]) for m in metas)
    best, med = min(times), statistics.median(times)
    print(f"model {args.model}; {n} docs, {chars} chars, {rows} stance + doc_stance rows per round")
    per_doc = min(cpu) * 1000 / n, statistics.median(cpu) * 1000 / n
    print(f"stance stage CPU time {per_doc[0]:8.2f} ms/doc best, {per_doc[1]:.2f} ms/doc median")
    print(f"stance stage (quotes+stances+doc_stances) {n / best:8.1f} docs/s best, {n / med:8.1f} docs/s median")
    print(f"{'':<42}{chars / best / 1000:8.1f} kchars/s best ({best:.3f} s for {n} docs)")
    print(f"for scale: spaCy parse + entity stage     {n / parse_s:8.1f} docs/s ({parse_s:.2f} s, one round)")


if __name__ == "__main__":
    main()
