"""Cost of the stance stage (quotes, context, candidates, encoder, rows) on parsed documents, beside bare spaCy's.

Usage: .venv/bin/python bench/bench_stances.py [--texts DIR] [--repeat 20] [--rounds 5] [--fallback] [--ab]
Texts default to seeds/*.txt (boilerplate-stripped as the pipeline does) repeated --repeat times. spaCy parsing and
entity linking run once, timed separately; the timed part is exactly what tasks/steps/annotate.py calls after them:
extract_quotes, build_context, extract_doc (the ONNX encoder on candidate pairs and portrayal targets, in batches;
`--fallback` runs the rule extractor instead) and doc_stance_rows. Prints the fastest round (the least disturbed on a
shared machine), the median, CPU ms per document of the stage and of the encoder calls within it, and spaCy's parse
time per document for scale: the encoder's share of a refresh is encoder ms / parse ms. ``--ab`` also runs the
sentence encoder's pre-issue-11.7 runtime (fixed batches of 32, all fusions) in alternate rounds and prints both.
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
from tasks.boilerplate.outlet import detect_outlet  # noqa: E402
from tasks.extract.context import build_context  # noqa: E402
from tasks.extract.decide import load_policy  # noqa: E402
from tasks.extract.doc_stances import doc_stance_rows  # noqa: E402
from tasks.extract.entities import extract_entities  # noqa: E402
from tasks.extract.pipeline import extract_doc, fallback_doc  # noqa: E402
from tasks.extract.polarity import load_polarity_model  # noqa: E402
from tasks.extract.quotes.utterances import extract_quotes, speaker_resolver  # noqa: E402
from tasks.extract.scoring import load_scorer  # noqa: E402
from tasks.nlp.gazetteer import load_gazetteer  # noqa: E402
from tasks.nlp.pipeline import DEFAULT_MODEL, build_nlp  # noqa: E402


class TimedEncoder:
    """Wraps a scorer to add up the CPU time of its calls and the questions it answered."""

    def __init__(self, scorer) -> None:
        self.scorer, self.cpu, self.pairs, self.targets = scorer, 0.0, 0, 0
        self.directed_version, self.portrayal_version = scorer.directed_version, scorer.portrayal_version

    def score(self, pairs, targets):
        c0 = time.process_time()
        out = self.scorer.score(pairs, targets)
        self.cpu += time.process_time() - c0
        self.pairs += len(pairs)
        self.targets += len(targets)
        return out


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


def stance_stage(items: list[tuple], gaz, encoder, policy, polarity) -> int:
    """What annotate runs per document after the entity stage; returns the number of stance and portrayal rows."""
    n = 0
    for i, (doc, meta, found) in enumerate(items):
        resolver = speaker_resolver(doc, found.links)  # one per document, as annotate builds it
        quotes = extract_quotes(doc, found.links, resolver)
        ctx = build_context(
            str(i), doc, found.links, quotes, title=meta["title"], byline=meta["byline"], outlet=meta["outlet"],
            gazetteer=gaz, resolver=resolver,
        )  # fmt: skip
        rows = extract_doc(ctx, encoder, policy) if encoder is not None else fallback_doc(ctx, polarity)
        n += (
            len(rows.stances) + len(rows.portrayals) + len(doc_stance_rows(str(i), rows.portrayals, found.doc_entities))
        )
    return n


def legacy_encoder(shipped):
    """The shipped sentence encoder with the runtime settings before issue 11.7, wrapped like the shipped one."""
    from tasks.extract.encoder.runtime import DEFAULT_MODEL_DIR
    from tasks.extract.encoder.sentence import SentenceEncoder
    from tasks.extract.scoring import PerSentenceScorer

    m = shipped.encoder.manifest
    enc = SentenceEncoder(
        DEFAULT_MODEL_DIR / m["file"], DEFAULT_MODEL_DIR / m["tokenizer"], version=shipped.encoder.version,
        max_padding=float("inf"), disabled_optimizers=(),
    )  # fmt: skip
    return TimedEncoder(PerSentenceScorer(enc))


def main() -> None:
    """Parse once, then time the stance stage over several rounds and print documents per second."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, default=ROOT / "seeds")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--fallback", action="store_true", help="time the rule extractor (no encoder)")
    ap.add_argument("--ab", action="store_true", help="alternate rounds with the encoder's pre-11.7 runtime")
    args = ap.parse_args()

    metas = load_docs(args.texts, args.repeat)
    nlp = build_nlp(args.model)
    gaz = load_gazetteer()
    model = load_polarity_model()
    shipped = None if args.fallback else load_scorer()
    encoder = TimedEncoder(shipped) if shipped is not None else None
    policy = load_policy()
    t0, c0 = time.perf_counter(), time.process_time()
    parsed = list(nlp.pipe([m["text"] for m in metas], batch_size=64))
    parse_cpu = time.process_time() - c0
    items = [
        (doc, m, extract_entities(str(i), doc, gaz, title_len=len(m["title"] or "")))
        for i, (doc, m) in enumerate(zip(parsed, metas, strict=True))
    ]
    parse_s = time.perf_counter() - t0
    stance_stage(items[:5], gaz, encoder, policy, model)  # warm-up
    legacy = legacy_encoder(shipped) if args.ab and hasattr(shipped, "encoder") else None
    legacy_cpu: list[float] = []
    if legacy is not None:
        stance_stage(items[:5], gaz, legacy, policy, model)
    times, cpu, enc_cpu = [], [], []
    rows = 0
    for _ in range(args.rounds):
        if legacy is not None:
            legacy.cpu = 0.0
            stance_stage(items, gaz, legacy, policy, model)
            legacy_cpu.append(legacy.cpu)
        if encoder is not None:
            encoder.cpu = 0.0
        t0, c0 = time.perf_counter(), time.process_time()
        rows = stance_stage(items, gaz, encoder, policy, model)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        enc_cpu.append(encoder.cpu if encoder is not None else 0.0)
    n, chars = len(items), sum(len(m["text"]) for m in metas)
    best, med = min(times), statistics.median(times)
    method = type(encoder.scorer).__name__ if encoder is not None else "rules (fallback)"
    print(f"model {args.model}; stances by {method}; {n} docs, {chars} chars, {rows} rows per round")
    per_doc = min(cpu) * 1000 / n, statistics.median(cpu) * 1000 / n
    parse_ms = parse_cpu * 1000 / n
    print(f"{'spaCy parse (bare, CPU)':<34}{parse_ms:8.2f} ms/doc")
    print(f"{'stance stage (CPU)':<34}{per_doc[0]:8.2f} ms/doc best, {per_doc[1]:.2f} median")
    if encoder is not None:
        enc = min(enc_cpu) * 1000 / n
        rounds = max(1, args.rounds + 1)
        print(f"{'  of which encoder (CPU)':<34}{enc:8.2f} ms/doc best ({encoder.pairs // rounds} pairs, "
              f"{encoder.targets // rounds} portrayal targets per round)")  # fmt: skip
        print(f"{'encoder / bare spaCy':<34}{enc / parse_ms:8.2f}")
        if legacy_cpu:
            old = min(legacy_cpu) * 1000 / n
            print(f"{'  pre-11.7 runtime (CPU)':<34}{old:8.2f} ms/doc best, alternate rounds ({old / enc:.2f}x)")
            print(f"{'  pre-11.7 encoder / bare spaCy':<34}{old / parse_ms:8.2f}")
    print(f"{'stance stage / bare spaCy':<34}{per_doc[0] / parse_ms:8.2f}")
    print(f"stance stage {n / best:8.1f} docs/s best, {n / med:8.1f} docs/s median ({best:.3f} s for {n} docs)")
    print(f"for scale: spaCy parse + entity stage {n / parse_s:8.1f} docs/s ({parse_s:.2f} s, one round)")


if __name__ == "__main__":
    main()
