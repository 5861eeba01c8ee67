"""Evaluation gate: run every `stancewire eval` on the development sets and fail when a figure drops below its floor.

Usage: .venv/bin/python bench/eval_gate.py [--eval DIR] [--floors bench/eval_floors.json] [--out DIR]
DIR defaults to ../shared/eval. Each figure comes from the same function its `stancewire eval ...` command calls,
so the gate measures the pipeline's own code. Prints one line per figure (value, floor, ok) and exits 1 when any
figure is below its floor, 2 when the evaluation data is missing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _value(x: object) -> float:
    """A figure that may be a property or a method."""
    return float(x() if callable(x) else x)  # type: ignore[arg-type]


def figures(data: Path, out: Path) -> dict[str, Callable[[], dict[str, float]]]:
    """Named groups of figures, each computed on demand."""

    def boilerplate() -> dict[str, float]:
        from tasks.offline.boilerplate.evaluate import run_boilerplate_eval

        full = run_boilerplate_eval(data / "boilerplate/dev_fullpage.jsonl", out / "boilerplate_fullpage.jsonl")
        crop = run_boilerplate_eval(data / "boilerplate/dev_cropped.jsonl", out / "boilerplate_cropped.jsonl")
        html = run_boilerplate_eval(
            data / "boilerplate/dev_fullpage.jsonl",
            out / "boilerplate_html.jsonl",
            html_dir=data / "boilerplate/html_dev",
        )
        return {
            "boilerplate.fullpage.en.f1": full["en"]["f1"],
            "boilerplate.cropped.en.f1": crop["en"]["f1"],
            "boilerplate.html.f1": html["overall"]["f1"],
        }

    def stances() -> dict[str, float]:
        from tasks.offline.stances.evaluate import run_directed_eval, run_portrayal_eval

        port = run_portrayal_eval(data / "stance/dev.jsonl", out / "stance_dev.jsonl")
        directed = run_directed_eval(data / "stance/directed_dev.jsonl", out / "directed_dev.jsonl")
        return {
            "portrayal.newsmtsc.macro_f1": port["macro_f1"] if port else 0.0,
            "directed.not_train_copies.macro_f1": directed["not_train_copies"]["macro_f1"],
        }

    def quotes() -> dict[str, float]:
        from tasks.nlp.pipeline import build_nlp
        from tasks.offline.quotes.evaluate import run_quotes_eval

        r = run_quotes_eval(data / "quotes/polnear_dev.jsonl", out / "quotes_dev.jsonl", build_nlp())
        return {
            "quotes.polnear.f1": _value(r.f1),
            "quotes.polnear.precision": _value(r.precision),
            "quotes.polnear.speaker_accuracy": _value(r.speaker_accuracy),
            "quotes.polnear.direct_recall": _value(r.direct_recall),
        }

    def entities() -> dict[str, float]:
        from tasks.nlp.pipeline import build_nlp
        from tasks.offline.entities.evaluate import run_entities_eval

        m = run_entities_eval(data / "entities/conll2003_dev.jsonl", out / "entities_dev.jsonl", build_nlp())
        return {"entities.conll.micro_f1": m["micro"]["f1"]}

    return {"boilerplate": boilerplate, "stances": stances, "quotes": quotes, "entities": entities}


def main() -> None:
    """Run the evaluations, print each figure beside its floor, exit 1 on any figure below its floor."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--floors", type=Path, default=ROOT / "bench" / "eval_floors.json")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "eval_gate")
    args = ap.parse_args()
    if not args.eval.is_dir():
        print(f"eval gate: no evaluation data in {args.eval}; pass --eval DIR (or EVAL=DIR for make)", file=sys.stderr)
        raise SystemExit(2)
    floors: dict[str, float] = json.loads(args.floors.read_text(encoding="utf-8"))["floors"]
    args.out.mkdir(parents=True, exist_ok=True)
    got: dict[str, float] = {}
    for name, run in figures(args.eval, args.out).items():
        print(f"eval gate: {name} ...", flush=True)
        got.update(run())
    failed = []
    for key, floor in floors.items():
        value = got.get(key)
        ok = value is not None and value >= floor
        failed += [] if ok else [key]
        shown = "missing" if value is None else f"{value:.4f}"
        print(f"{key:<40} {shown:>8}  floor {floor:.3f}  {'ok' if ok else 'BELOW FLOOR'}")
    if failed:
        print(f"eval gate: {len(failed)} figure(s) below their floor: {', '.join(failed)}", file=sys.stderr)
        raise SystemExit(1)
    print(f"eval gate: all {len(floors)} figures at or above their floors")


if __name__ == "__main__":
    main()
