"""`stancewire eval boilerplate`: strip every case with corpus counts over the file and score the kept text."""

from __future__ import annotations

import gzip
import html
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from tasks.boilerplate.keys import corpus_stats_from_texts
from tasks.boilerplate.model import CorpusStats, StripResult
from tasks.boilerplate.strip import strip_document
from tasks.offline.boilerplate.metric import PageScore, aggregate, score_page


def read_cases(cases: Path) -> list[dict]:
    """Read {id, raw_text, gold_text, lang?} records from a JSONL file, naming the file and line on errors."""
    rows: list[dict] = []
    with Path(cases).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise ValueError(f"{cases}:{n} is not JSON ({exc}); fix or remove that line") from exc
            if "raw_text" not in row or "id" not in row:
                raise ValueError(f"{cases}:{n} lacks 'id' or 'raw_text'; each case needs id, raw_text, gold_text")
            rows.append(row)
    return rows


def _norm(line: str) -> str:
    """Collapse runs of whitespace and trim, so a headline matches across spacing differences."""
    return " ".join(line.split())


def _h1_texts(html_text: str) -> list[str]:
    """Texts of the page's <h1> elements, tags removed, entities decoded, whitespace normalised."""
    found = re.findall(r"<h1\b[^>]*>(.*?)</h1\s*>", html_text, re.IGNORECASE | re.DOTALL)
    return [_norm(html.unescape(re.sub(r"<[^>]+>", " ", x))) for x in found]


def gold_headline(row: dict, html_text: str | None = None) -> str | None:
    """The page's headline: the first <h1> of its HTML that is also a line of raw_text, else None.

    The benchmark's gold_text is the article body only (its first line is the lede, not the headline), so the
    headline is taken from the original HTML (html_dev/<id>.html.gz beside the cases file).
    """
    if not html_text:
        return None
    lines = {_norm(x) for x in row.get("raw_text", "").splitlines()}
    return next((h for h in _h1_texts(html_text) if h and h in lines), None)


def read_page_html(cases: Path, case_id: str) -> str | None:
    """The original HTML of a case (html_dev/<id>.html.gz next to the cases file), or None when absent."""
    path = Path(cases).parent / "html_dev" / f"{case_id}.html.gz"
    if not path.is_file():
        return None
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
        return fh.read()


def title_accuracy(rows: list[dict], titles: list[str | None], pages_html: list[str | None]) -> dict:
    """Share of English pages with a gold headline (see gold_headline) whose chosen title equals it."""
    n = correct = 0
    for row, title, page_html in zip(rows, titles, pages_html, strict=True):
        if (row.get("lang") or "") != "en":
            continue
        head = gold_headline(row, page_html)
        if head is None:
            continue
        n += 1
        correct += title is not None and _norm(title) == head
    return {"n_pages": n, "correct": correct, "accuracy": correct / n if n else 0.0}


def evaluate_cases(
    rows: list[dict],
    strip: Callable[[str, CorpusStats | None], StripResult] = strip_document,
    use_corpus: bool = True,
    pages_html: list[str | None] | None = None,
    inputs: list[str] | None = None,
) -> tuple[dict, list[dict]]:
    """Strip and score cases; return (metrics, predictions) with overall, English and dropped-label figures.

    `inputs` (one per row) replaces each case's raw_text as what `strip` reads (the HTML path reads the page).
    """
    texts = inputs if inputs is not None else [r["raw_text"] for r in rows]
    corpus = corpus_stats_from_texts(texts) if use_corpus else None
    scores: list[tuple[str, PageScore]] = []
    predictions: list[dict] = []
    dropped_lines: Counter[str] = Counter()
    dropped_chars: Counter[str] = Counter()
    titles: list[str | None] = []
    for row, text in zip(rows, texts, strict=True):
        result = strip(text, corpus)
        titles.append(result.title)
        predictions.append({"id": row["id"], "text": result.clean_text})
        for d in result.lines:
            if not d.kept and d.label != "blank":
                dropped_lines[d.label] += 1
                dropped_chars[d.label] += len(d.text)
        if "gold_text" in row:
            scores.append((row.get("lang") or "", score_page(result.clean_text, row["gold_text"])))
    metrics = {
        "overall": aggregate(s for _, s in scores),
        "en": aggregate(s for lang, s in scores if lang == "en"),
        "dropped": {k: {"lines": dropped_lines[k], "chars": dropped_chars[k]} for k in sorted(dropped_lines)},
        "corpus_stats": use_corpus,
        "title": title_accuracy(rows, titles, pages_html or [None] * len(rows)),
    }
    return metrics, predictions


def read_html_inputs(rows: list[dict], html_dir: Path) -> list[str]:
    """Each case's page from html_dir/<id>.html.gz, read and decoded as the pipeline reads an HTML input."""
    from tasks.ingest.decode import NotText
    from tasks.ingest.html import decode_html, page_bytes

    paths = [Path(html_dir) / f"{r['id']}.html.gz" for r in rows]
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        raise FileNotFoundError(
            f"{len(missing)} case(s) have no page in {html_dir} (e.g. {', '.join(missing[:3])}); "
            "pass the cases file that matches --html-dir"
        )
    out = []
    for path in paths:
        try:
            data, _ = page_bytes(path.read_bytes(), path.name, 1 << 30)
            out.append(decode_html(data).text)
        except NotText as exc:
            raise ValueError(f"{path}: {exc} ({exc.reason_code}); fix or remove that page") from exc
    return out


def _html_strip(text: str, corpus: CorpusStats | None) -> StripResult:
    """The HTML path's strip (corpus counts play no part in it)."""
    from tasks.ingest.html import extract_page

    return extract_page(text).result


def run_boilerplate_eval(cases: Path, predictions: Path, html_dir: Path | None = None) -> dict:
    """Evaluate the stripper on a cases file, write {id, text} predictions, return metrics (also without corpus).

    With html_dir, each case's page html_dir/<id>.html.gz goes through the HTML path (tasks/ingest/html.py)
    instead of its raw_text going through the text stripper; the metric and report are the same.
    """
    rows = read_cases(Path(cases))
    pages_html = [read_page_html(Path(cases), str(r["id"])) for r in rows]
    if html_dir is not None:
        inputs = read_html_inputs(rows, Path(html_dir))
        metrics, preds = evaluate_cases(rows, _html_strip, use_corpus=False, pages_html=pages_html, inputs=inputs)
    else:
        metrics, preds = evaluate_cases(rows, pages_html=pages_html)
    Path(predictions).parent.mkdir(parents=True, exist_ok=True)
    with Path(predictions).open("w", encoding="utf-8") as fh:
        for p in preds:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    if html_dir is None:
        single, _ = evaluate_cases(rows, use_corpus=False)
        metrics["without_corpus"] = {"overall": single["overall"], "en": single["en"]}
    else:
        metrics["html_dir"] = str(html_dir)
    metrics["cases"] = str(cases)
    return metrics


def _fmt(name: str, m: dict) -> str:
    """Format one P/R/F1 row."""
    return f"{name:<24} P={m['precision']:.3f}  R={m['recall']:.3f}  F1={m['f1']:.3f}  pages={m['n_pages']}"


def format_boilerplate_report(metrics: dict) -> str:
    """Render the metrics of run_boilerplate_eval as a short text report."""
    source = f" (HTML pages from {metrics['html_dir']})" if metrics.get("html_dir") else ""
    lines = [f"boilerplate eval: {metrics.get('cases', '')}{source}", _fmt("overall", metrics["overall"])]
    lines.append(_fmt('lang == "en"', metrics["en"]))
    if "without_corpus" in metrics:
        lines.append(_fmt("overall (no corpus)", metrics["without_corpus"]["overall"]))
        lines.append(_fmt("en (no corpus)", metrics["without_corpus"]["en"]))
    if "title" in metrics:
        t = metrics["title"]
        lines.append(
            f"{'title (en, <h1> headline)':<24} accuracy={t['accuracy']:.3f}  ({t['correct']}/{t['n_pages']} pages)"
        )
    lines.append("dropped by label (lines, chars):")
    for label, d in sorted(metrics["dropped"].items(), key=lambda kv: -kv[1]["chars"]):
        lines.append(f"  {label:<14} {d['lines']:>6} {d['chars']:>9}")
    return "\n".join(lines)
