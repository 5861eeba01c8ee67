"""Great Expectations Data Docs (HTML) for one refresh, rendered from the compact results kept in `runs`.

Layout under the warehouse (outside the versioned table directories):
`data_docs/index.html` lists the retained runs; `data_docs/<run_id>/index.html` lists that run's tables;
`data_docs/<run_id>/<table>.html` is GX's validation-results page of one table and `results.json` the compact
per-expectation results (machine-readable; `runs.validation` keeps only the per-table outcome). Pages are rendered
with GX's own `ValidationResultsPageRenderer` and `DefaultJinjaPageView` from the per-expectation results that
`tasks.validate.TableOutcome.summary()` records, so no GX store or context is needed.
"""

from __future__ import annotations

import html
import json
import logging
import os
from pathlib import Path
from typing import Any

DOCS_DIR = "data_docs"
log = logging.getLogger(__name__)


def docs_root(warehouse: Path) -> Path:
    """Directory holding every run's Data Docs."""
    return Path(warehouse) / DOCS_DIR


def run_docs_dir(warehouse: Path, run_id: str) -> Path:
    """Directory holding one run's Data Docs."""
    return docs_root(warehouse) / run_id


def _write_text(path: Path, text: str) -> None:
    """Write a file via a temporary name and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def suite_result(table: str, run_id: str, run_time: str, summary: dict[str, Any]) -> Any:
    """An ExpectationSuiteValidationResult rebuilt from a table's compact summary."""
    from great_expectations.core.expectation_validation_result import (
        ExpectationSuiteValidationResult,
        ExpectationValidationResult,
    )
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    results = [
        ExpectationValidationResult(
            success=bool(r["success"]),
            expectation_config=ExpectationConfiguration(type=r["type"], kwargs=r["kwargs"], meta=r.get("meta")),
            result=r.get("result") or {},
        )
        for r in summary.get("expectations", [])
    ]
    passed = sum(1 for r in results if r.success)
    return ExpectationSuiteValidationResult(
        success=bool(summary.get("success", passed == len(results))),
        results=results,
        suite_name=f"stancewire.{table}",
        statistics={
            "evaluated_expectations": len(results),
            "successful_expectations": passed,
            "unsuccessful_expectations": len(results) - passed,
            "success_percent": 100.0 * passed / len(results) if results else None,
        },
        meta={
            "run_id": {"run_name": run_id, "run_time": run_time},
            "active_batch_definition": {
                "datasource_name": "stancewire",
                "data_connector_name": "dataframe",
                "data_asset_name": table,
                "batch_identifiers": {},
            },
        },
    )


def render_table_page(table: str, run_id: str, run_time: str, summary: dict[str, Any]) -> str:
    """GX's HTML validation-results page of one table."""
    from great_expectations.render.renderer.page_renderer import ValidationResultsPageRenderer
    from great_expectations.render.view.view import DefaultJinjaPageView

    document = ValidationResultsPageRenderer().render(suite_result(table, run_id, run_time, summary))
    return str(DefaultJinjaPageView().render(document))


def _fallback_page(table: str, summary: dict[str, Any], error: str) -> str:
    """A plain HTML table of results, used when GX cannot render a page (the run still publishes)."""
    rows = "".join(
        f"<tr><td>{html.escape(r['type'])}</td><td>{html.escape(str(r['kwargs']))}</td>"
        f"<td>{'pass' if r['success'] else 'FAIL'}</td><td>{html.escape(str(r.get('result')))}</td></tr>"
        for r in summary.get("expectations", [])
    )
    return (
        f"<html><body><h1>{html.escape(table)}</h1><p>GX rendering failed: {html.escape(error)}</p>"
        f"<table border=1><tr><th>expectation</th><th>kwargs</th><th>outcome</th><th>result</th></tr>{rows}"
        "</table></body></html>"
    )


def needs_page(summary: dict[str, Any]) -> bool:
    """False for tables with nothing new to show: no rows validated, or unchanged since a validated run."""
    if summary.get("validated_in"):
        return False
    return bool(summary.get("rows")) or not summary.get("success", True)


def _status(summary: dict[str, Any]) -> str:
    """One word for a table's outcome."""
    if summary.get("validated_in"):
        return f"unchanged since run {summary['validated_in']} (validated then)"
    if not summary.get("rows") and summary.get("success", True):
        return "no new rows"
    if summary.get("failed_schema"):
        return "schema failure"
    if summary.get("failed_rows"):
        return f"{summary['failed_rows']} rows quarantined"
    return "passed" if summary.get("success", True) else "failed"


def _link(name: str, page: bool) -> str:
    """A table's name, linked to its page when it has one."""
    return f'<a href="{html.escape(name)}.html">{html.escape(name)}</a>' if page else html.escape(name)


def _run_index(run_id: str, run_time: str, validation: dict[str, dict[str, Any]]) -> str:
    """HTML index of one run's table pages."""
    rows = "".join(
        f"<tr><td>{_link(name, needs_page(summary))}</td>"
        f"<td>{summary.get('rows', '')}</td><td>{len(summary.get('expectations', []))}</td>"
        f"<td>{html.escape(_status(summary))}</td></tr>"
        for name, summary in sorted(validation.items())
    )
    return (
        f"<html><head><meta charset='utf-8'><title>stancewire validation {html.escape(run_id)}</title></head><body>"
        f"<h1>Validation of run {html.escape(run_id)}</h1><p>{html.escape(run_time)} &middot; "
        '<a href="../index.html">all runs</a></p><table border=1 cellpadding=4>'
        f"<tr><th>table</th><th>rows validated</th><th>expectations</th><th>outcome</th></tr>{rows}</table>"
        "</body></html>"
    )


def write_site_index(warehouse: Path, runs: list[str]) -> Path:
    """(Re)write data_docs/index.html listing the given runs (newest first) whose pages exist."""
    root = docs_root(warehouse)
    items = "".join(
        f'<li><a href="{html.escape(r)}/index.html">{html.escape(r)}</a></li>'
        for r in reversed(runs)
        if (root / r / "index.html").exists()
    )
    path = root / "index.html"
    _write_text(
        path,
        "<html><head><meta charset='utf-8'><title>stancewire Data Docs</title></head><body>"
        f"<h1>stancewire Data Docs</h1><p>Validation results of the retained runs, newest first.</p><ul>{items}</ul>"
        "</body></html>",
    )
    return path


def write_data_docs(warehouse: Path, run_id: str, run_time: str, validation: dict[str, dict[str, Any]]) -> Path:
    """Write one run's Data Docs (a page per validated table and an index); return the run's index page."""
    out = run_docs_dir(warehouse, run_id)
    for table, summary in validation.items():
        if not isinstance(summary, dict) or not needs_page(summary):
            continue
        try:
            page = render_table_page(table, run_id, run_time, summary)
        except Exception as exc:  # rendering must never stop a publish: write a plain page saying why
            log.warning("GX could not render Data Docs for %s: %s", table, exc)
            page = _fallback_page(table, summary, f"{type(exc).__name__}: {exc}")
        _write_text(out / f"{table}.html", page)
    _write_text(out / "results.json", json.dumps(validation, indent=1, sort_keys=True, default=str))
    index = out / "index.html"
    _write_text(index, _run_index(run_id, run_time, {k: v for k, v in validation.items() if isinstance(v, dict)}))
    return index
