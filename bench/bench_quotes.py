"""Quote extraction time next to bare spaCy's on the same documents (budget: quotes < 10% of spaCy).

Usage: .venv/bin/python bench/bench_quotes.py [--texts DIR | --cases PolNeAR.jsonl] [--repeat 4] [--rounds 3]
Texts default to seeds/*.txt (boilerplate-stripped as the pipeline does) repeated --repeat times; --cases takes the
`text` of every article of a PolNeAR-style JSONL instead (e.g. ../shared/eval/quotes/polnear_dev.jsonl). spaCy
(the refresh's pipeline: model + gazetteer ruler) parses them, timed; entity linking runs untimed; then
extract_quotes runs over the parsed documents for several rounds. Prints CPU seconds of both (the fastest round of
quotes; CPU time is the figure to compare on a shared machine) and their ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tasks.boilerplate import strip_document  # noqa: E402
from tasks.extract.entities import extract_entities  # noqa: E402
from tasks.extract.quotes.utterances import extract_quotes  # noqa: E402
from tasks.nlp.gazetteer import load_gazetteer  # noqa: E402
from tasks.nlp.pipeline import DEFAULT_MODEL, build_nlp  # noqa: E402

BUDGET = 0.10


def load_texts(folder: Path | None, cases: Path | None, repeat: int) -> list[str]:
    """The texts to parse: PolNeAR article texts, or stripped seed texts repeated."""
    if cases is not None:
        with cases.open(encoding="utf-8") as fh:
            return [json.loads(line)["text"] for line in fh if line.strip()]
    texts = [strip_document(p.read_text(encoding="utf-8")).clean_text for p in sorted((folder or ROOT).glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no *.txt texts in {folder}; pass --texts DIR or --cases FILE")
    return texts * repeat


def main() -> None:
    """Parse (timed), link (untimed), then time extract_quotes; print both and the ratio."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, default=ROOT / "seeds")
    ap.add_argument("--cases", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--model", default=DEFAULT_MODEL)
    args = ap.parse_args()

    texts = load_texts(args.texts, args.cases, args.repeat)
    nlp = build_nlp(args.model)
    nlp("warm up")
    c0 = time.process_time()
    docs = list(nlp.pipe(texts, batch_size=16))
    spacy_cpu = time.process_time() - c0
    gaz = load_gazetteer()
    links = [extract_entities(str(i), doc, gaz).links for i, doc in enumerate(docs)]
    rounds, n_quotes = [], 0
    for _ in range(args.rounds):
        c0 = time.process_time()
        n_quotes = sum(len(extract_quotes(doc, lk)) for doc, lk in zip(docs, links, strict=True))
        rounds.append(time.process_time() - c0)
    quotes_cpu = min(rounds)
    ratio = quotes_cpu / spacy_cpu
    chars = sum(len(t) for t in texts)
    print(f"model {args.model}; {len(texts)} docs, {chars} chars, {n_quotes} quotes")
    print(f"{'stage':<16}{'CPU s':>9}{'ms/doc':>9}")
    print(f"{'bare spaCy':<16}{spacy_cpu:9.3f}{spacy_cpu * 1000 / len(texts):9.2f}")
    print(f"{'extract_quotes':<16}{quotes_cpu:9.3f}{quotes_cpu * 1000 / len(texts):9.2f}")
    verdict = "within" if ratio < BUDGET else "OVER"
    print(f"quotes / spaCy = {ratio:.1%} ({verdict} the {BUDGET:.0%} budget)")


if __name__ == "__main__":
    main()
