"""Throughput of the entity stage (ruler + NER + linking) against bare `nlp.pipe`, same model and texts.

Usage: .venv/bin/python bench/bench_entities.py [--texts FILE.jsonl|DIR] [--repeat 10] [--rounds 5] [--groups]
Texts default to seeds/*.txt repeated --repeat times; a JSONL file is read for its "text" or "raw_text" field.
Prints docs/s and chars/s of both, the entity stage's throughput as a share of bare nlp.pipe, and the CPU time per
document of linking alone and of extract_entities (what annotate calls) on already parsed Docs. The two are
timed alternately and the fastest round of each is kept (the least disturbed by other load on a shared machine).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tasks.extract.entities import extract_entities  # noqa: E402
from tasks.extract.linking import candidates_from_doc, link_mentions  # noqa: E402
from tasks.nlp.gazetteer import load_gazetteer  # noqa: E402
from tasks.nlp.pipeline import DEFAULT_MODEL, build_nlp  # noqa: E402


def load_texts(source: Path | None, repeat: int) -> list[str]:
    """Benchmark texts: a JSONL file's text fields, a directory's *.txt, or the seeds repeated."""
    if source is not None and source.is_file():
        rows = [json.loads(line) for line in source.open(encoding="utf-8") if line.strip()]
        return [r.get("text") or r.get("raw_text") or "" for r in rows]
    folder = source if source is not None else ROOT / "seeds"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no *.txt texts in {folder}; pass --texts FILE.jsonl or a folder of .txt files")
    return texts * repeat


def run_bare(nlp, texts: list[str], batch_size: int) -> int:
    """Bare nlp.pipe: count entities so the work is not optimised away."""
    return sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=batch_size))


def run_stage(nlp, gaz, texts: list[str], batch_size: int) -> int:
    """The entity stage: nlp.pipe with the gazetteer ruler, then candidates and linking per document."""
    n = 0
    for doc in nlp.pipe(texts, batch_size=batch_size):
        n += len(link_mentions(candidates_from_doc(doc), doc.text, gaz))
    return n


SEED_GROUPS = {
    "Lavrov": ("Sergey Lavrov", "Sergei Lavrov", "Lavrov", "Larvov"),
    "ISIS": ("ISIS", "ISIL", "Daesh", "Daesh group"),
    "Fateh al-Sham": ("Jabhat Fateh al-Sham", "Fateh al-Sham", "Nusra"),
    "Assad": ("Bashar al-Assad", "Bashar Assad", "Assad"),
    "Putin": ("Vladimir Putin", "Putin"),
    "Obama": ("Barack Obama", "Obama"),
    "Kerry": ("John Kerry", "Kerry"),
    "Rhodes": ("Ben Rhodes", "Rhodes"),
    "Toner": ("Mark Toner", "Toner"),
    "US": ("US", "U.S.", "United States"),
}


def print_seed_groups(nlp, gaz) -> None:
    """For each seed actor, the entity_ids its names got on seeds/*.txt (one id each is the target)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    ids: dict[str, set[str]] = {}
    for doc in nlp.pipe(texts):
        for lk in link_mentions(candidates_from_doc(doc), doc.text, gaz):
            ids.setdefault(lk.text, set()).add(lk.entity_id)
    owners: dict[str, str] = {}
    for actor, names in SEED_GROUPS.items():
        found = sorted({i for n in names for i in ids.get(n, ())})
        clash = [owners[i] for i in found if owners.setdefault(i, actor) != actor]
        status = "OK" if len(found) == 1 and not clash else "FAIL"
        print(f"{status:4} {actor:<14} {', '.join(found)}{'  shared with ' + ', '.join(clash) if clash else ''}")


def main() -> None:
    """Time both configurations alternately and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--groups", action="store_true", help="only print the seed actor -> entity_id table")
    args = ap.parse_args()
    if args.groups:
        print_seed_groups(build_nlp(args.model), load_gazetteer())
        return

    import spacy

    texts = load_texts(args.texts, args.repeat)
    chars = sum(map(len, texts))
    gaz = load_gazetteer()
    bare = spacy.load(args.model)
    stage = build_nlp(args.model)
    run_bare(bare, texts[:10], args.batch_size)  # warm-up
    run_stage(stage, gaz, texts[:10], args.batch_size)
    times: dict[str, list[float]] = {"bare": [], "stage": []}
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        run_bare(bare, texts, args.batch_size)
        times["bare"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        run_stage(stage, gaz, texts, args.batch_size)
        times["stage"].append(time.perf_counter() - t0)
    docs = list(stage.pipe(texts, batch_size=args.batch_size))
    link_cpu: list[float] = []
    entity_cpu: list[float] = []
    for _ in range(args.rounds):
        c0 = time.process_time()
        for doc in docs:
            link_mentions(candidates_from_doc(doc), doc.text, gaz)
        link_cpu.append(time.process_time() - c0)
        c0 = time.process_time()
        for i, doc in enumerate(docs):
            extract_entities(str(i), doc, gaz)
        entity_cpu.append(time.process_time() - c0)
    link_only = min(link_cpu)
    print(f"model {args.model}; {len(texts)} docs, {chars} chars; best of {args.rounds} alternating rounds")
    for name, label in (("bare", "bare nlp.pipe"), ("stage", "entity stage (ruler+NER+linking)")):
        t = min(times[name])
        print(f"{label:<34} {len(texts) / t:8.1f} docs/s {chars / t / 1000:8.1f} kchars/s  ({t:.2f} s)")
    print(f"{'of which candidates+linking alone':<34} {len(texts) / link_only:8.1f} docs/s ({link_only:.3f} s)")
    print(f"candidates+linking CPU time {link_only * 1000 / len(docs):8.2f} ms/doc (best of {args.rounds})")
    print(f"extract_entities CPU time   {min(entity_cpu) * 1000 / len(docs):8.2f} ms/doc (linking + mention rows)")
    share = min(times["bare"]) / min(times["stage"])
    med = statistics.median(times["bare"]) / statistics.median(times["stage"])
    print(f"entity stage throughput = {share:.1%} of bare nlp.pipe (median rounds: {med:.1%}; target >= 85%)")


if __name__ == "__main__":
    main()
