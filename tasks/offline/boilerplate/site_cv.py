"""Honest figures for the text stripper: website-grouped CV on the dev pages and clean-article survival (issue 16).

`python -m tasks.offline.boilerplate.site_cv --data DEV_FULL.jsonl DEV_CROPPED.jsonl --clean POLNEAR_DEV.jsonl`

1. Site-CV: the dev sites are split into folds that never share a website (url host); per fold, both model stages
   are refitted without the fold's sites and the fold's pages are stripped by the whole pipeline (rules, scores,
   post-processing, clean-article check), with corpus counts over each file as `stancewire eval boilerplate` does.
   P/R/F1 per file, all pages and English pages. `--repeats N` averages N different site-to-fold assignments
   (seeds from --first-seed), so a tuning decision is not read off one lucky split.
2. Clean-article survival: every text of a JSONL file of clean articles (field `text`, e.g. the PolNeAR dev
   articles) is stripped with the shipped weights; reports the share of characters and of non-blank lines kept and
   how many documents keep less than 99% of their characters.

Fold weights are cached under `--fold-cache` keyed by a hash of everything training reads (feature code, rules,
lexicon, hyper-parameters, the fold's sites), so a stale cache is never used.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from dataclasses import replace
from pathlib import Path

from tasks.boilerplate.keys import corpus_stats_from_texts
from tasks.boilerplate.model import StripResult
from tasks.boilerplate.scorer import Weights, load_weights
from tasks.boilerplate.strip import strip_with_weights
from tasks.offline.boilerplate import train
from tasks.offline.boilerplate.metric import aggregate, score_page

_TASKS = Path(__file__).resolve().parents[2]  # paths below are relative to tasks/
_TRAINING_INPUTS = (
    "boilerplate/charclass.py",
    "boilerplate/features.py",
    "offline/boilerplate/gold.py",
    "boilerplate/hints.py",
    "boilerplate/keys.py",
    "boilerplate/layout.py",
    "boilerplate/lexicon.json",
    "boilerplate/patterns.json",
    "boilerplate/prefilter.py",
    "boilerplate/rules.py",
    "boilerplate/scorer.py",
    "boilerplate/tokens.py",
    "offline/boilerplate/train.py",
    "boilerplate/trees.py",
)
TUNABLE = (  # training settings of train.py that `--set NAME=VALUE` may change for one run
    "C_STAGE1",
    "C_STAGE2",
    "N_TREES",
    "N_TREES_STAGE2",
    "TREE_DEPTH",
    "LEARNING_RATE",
    "MIN_LEAF",
    "PAGE_WEIGHT",
)
CLEAN_KEEP_MIN = 0.99  # issue 16: a page with no furniture keeps at least this share of its characters


def training_hash(train_sites: list[str]) -> str:
    """Return a short hash of everything a fold's training depends on: code, data files and its sites."""
    h = hashlib.sha256()
    for name in _TRAINING_INPUTS:
        h.update((_TASKS / name).read_bytes())
    h.update(json.dumps(sorted(set(train_sites))).encode())
    h.update(json.dumps({name: getattr(train, name) for name in TUNABLE}).encode())
    return h.hexdigest()[:16]


def fold_weights(pages: list[train.PageData], cache: Path | None) -> Weights:
    """Fit the weights of one fold's training pages, or load them from the cache under their training hash."""
    path = cache / f"fold-{training_hash([p.site for p in pages])}.json" if cache else None
    if path is not None and path.exists():
        return load_weights.__wrapped__(path)
    weights = train.fit_weights(pages, k=train.INNER_FOLDS)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(train._payload(weights, "site-CV fold")), encoding="utf-8")
    return weights


def cv_results(
    pages: list[train.PageData],
    cases: dict[str, list[dict]],
    k: int,
    seed: int,
    cache: Path | None,
    threshold: float | None = None,
) -> dict[str, dict[str, StripResult]]:
    """Strip every case with the weights of the fold holding its site out; return {file: {id: result}}.

    `threshold`, if given, replaces the trained keep threshold (to try one without refitting).
    """
    folds = train.site_folds([p.site for p in pages], k, seed)
    stats = {name: corpus_stats_from_texts(r["raw_text"] for r in rows) for name, rows in cases.items()}
    out: dict[str, dict[str, StripResult]] = {name: {} for name in cases}
    for fold in folds:
        weights = fold_weights([p for p in pages if p.site not in fold], cache)
        if threshold is not None:
            weights = replace(weights, threshold=threshold)
        for name, rows in cases.items():
            for r in rows:
                if train.case_site(r) in fold:
                    out[name][r["id"]] = strip_with_weights(r["raw_text"], stats[name], weights)
    return out


def score_results(cases: dict[str, list[dict]], results: dict[str, dict[str, StripResult]]) -> dict[str, dict]:
    """Return {file: {"overall": P/R/F1, "en": P/R/F1}} of the held-out results."""
    report = {}
    for name, rows in cases.items():
        scored = [(r.get("lang") or "", score_page(results[name][r["id"]].clean_text, r["gold_text"])) for r in rows]
        report[name] = {
            "overall": aggregate(s for _, s in scored),
            "en": aggregate(s for lang, s in scored if lang == "en"),
        }
    return report


def mean_reports(reports: list[dict[str, dict]]) -> dict[str, dict]:
    """Average P, R and F1 of several CV reports of the same files (one per site-to-fold assignment)."""
    out: dict[str, dict] = {}
    for name, parts in reports[0].items():
        out[name] = {
            part: {key: sum(r[name][part][key] for r in reports) / len(reports) for key in parts[part]}
            for part in parts
        }
    return out


def survival(texts: list[str], strip) -> dict[str, float]:
    """Share of characters and of non-blank lines kept over clean texts, and how many keep < CLEAN_KEEP_MIN."""
    corpus = corpus_stats_from_texts(texts)
    chars = kept_chars = lines = kept_lines = short_docs = 0
    for text in texts:
        result = strip(text, corpus)
        doc = [d for d in result.lines if d.label != "blank"]
        total, kept = sum(len(d.text) for d in doc), sum(len(d.text) for d in doc if d.kept)
        chars, kept_chars = chars + total, kept_chars + kept
        lines, kept_lines = lines + len(doc), kept_lines + sum(d.kept for d in doc)
        short_docs += kept < CLEAN_KEEP_MIN * total
    return {
        "chars_kept": kept_chars / max(chars, 1),
        "lines_kept": kept_lines / max(lines, 1),
        "docs_below_99": short_docs,
        "n_docs": len(texts),
    }


def read_texts(path: Path, field: str = "text") -> list[str]:
    """Read one text field of every record of a JSONL file."""
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line)[field] for line in fh if line.strip()]


def format_report(report: dict[str, dict], repeats: int) -> list[str]:
    """Render a (mean) site-CV report, one line per file and page set."""
    lines = []
    for name, rep in report.items():
        for part in ("overall", "en"):
            m = rep[part]
            lines.append(
                f"site-CV x{repeats} {Path(name).name:<20} {part:<7} "
                f"P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f}"
            )
    return lines


def main(argv: list[str] | None = None) -> None:
    """Print the site-CV figures and the clean-article survival."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--data", type=Path, nargs="+", required=True, help="dev JSONL files (id, url, raw_text, gold_text)"
    )
    ap.add_argument("--clean", type=Path, nargs="*", default=[], help="JSONL files of clean articles (field text)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=1, help="site-to-fold assignments to average")
    ap.add_argument("--first-seed", type=int, default=0, help="seed of the first site-to-fold assignment")
    ap.add_argument("--fold-cache", type=Path, help="cache fold weights here (keyed by a hash of the training inputs)")
    ap.add_argument("--threshold", type=float, help="try this keep threshold instead of the trained one")
    ap.add_argument("--set", nargs="*", default=[], metavar="NAME=VALUE", help=f"try training settings: {TUNABLE}")
    ap.add_argument("--explain", type=Path, help="write every held-out line decision here (JSONL), first repeat")
    args = ap.parse_args(argv)
    for item in args.set:
        name, value = item.split("=", 1)
        if name not in TUNABLE:
            ap.error(f"--set {name}: not one of {TUNABLE}")
        setattr(train, name, type(getattr(train, name))(value))
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        pages, cases = train.build_pages(args.data)
        reports = []
        for seed in range(args.first_seed, args.first_seed + args.repeats):
            results = cv_results(pages, cases, args.folds, seed, args.fold_cache, args.threshold)
            reports.append(score_results(cases, results))
            if seed == args.first_seed and args.explain:
                write_explain(args.explain, cases, results)
        for line in format_report(mean_reports(reports), args.repeats):
            print(line)
        weights = load_weights()
        for path in args.clean:
            s = survival(read_texts(path), lambda text, corpus: strip_with_weights(text, corpus, weights))
            print(
                f"clean-article survival {path.name}: chars {s['chars_kept']:.4f} lines {s['lines_kept']:.4f} "
                f"docs<99% {s['docs_below_99']}/{s['n_docs']}"
            )


def write_explain(path: Path, cases: dict[str, list[dict]], results: dict[str, dict[str, StripResult]]) -> None:
    """Write one JSONL record per held-out page: file, id, url and its (kept, label, reason, text) lines."""
    with path.open("w", encoding="utf-8") as fh:
        for name, rows in cases.items():
            for r in rows:
                res = results[name][r["id"]]
                lines = [(d.kept, d.label, d.reason, d.text) for d in res.lines if d.label != "blank" or d.kept]
                rec = {"file": Path(name).name, "id": r["id"], "url": r.get("url", ""), "lines": lines}
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
