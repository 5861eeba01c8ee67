"""Great Expectations Data Docs (HTML) for one refresh, rendered from the compact results kept in `runs`.

Layout under the warehouse (outside the versioned table directories):
`data_docs/index.html` lists the retained runs; `data_docs/<run_id>/index.html` lists that run's tables;
`data_docs/<run_id>/<table>.html` is GX's validation-results page of one table and `results.json` the compact
per-expectation results (machine-readable; `runs.validation` keeps only the per-table outcome). Pages are rendered
with GX's own `ValidationResultsPageRenderer` and `DefaultJinjaPageView` from the per-expectation results that
`tasks.quality.validate.TableOutcome.summary()` records, so no GX store or context is needed.

Offline: GX's page template loads Bootstrap, Font Awesome, jQuery, Popper, bootstrap-table and Vega from public CDNs
and fetches its logo from GX's web bucket. GX ships none of those libraries (only its own stylesheet, which the page
already inlines, its fonts and its images). `offline_html` drops every remote <link>/<script>, inlines
`data_docs_assets/offline.css` (the Bootstrap 4 classes and Font Awesome icons the pages use) and
`data_docs_assets/offline.js` (the collapse, filter and toggle behaviours that came from jQuery/Bootstrap, and a
note in place of Vega charts), swaps GX's remote images for data: URIs of the copies GX ships, and points GX's links
outside the run (home, suite pages we do not write) at this site. Each page is one file that fetches nothing.
"""

from __future__ import annotations

import base64
import functools
import html
import importlib.util
import json
import logging
import mimetypes
import os
import re
from pathlib import Path
from typing import Any

DOCS_DIR = "data_docs"
ASSETS = Path(__file__).resolve().parent / "data_docs_assets"
#: GX's own images (great_expectations/render/view/static/images) that its pages fetch from GX's web bucket, by the
#: file name in the URL. GX does not ship the dark-mode logo, so the light one stands in for it.
GX_IMAGES = {"logo-long.png": "logo-long.png", "full_logo_dark.png": "logo-long.png", "favicon.ico": "favicon.ico"}
BLANK = "data:,"  # an empty resource: what a remote reference we have no local copy of becomes
_REMOTE = r"(?:https?:)?//"
_REMOTE_LINK = re.compile(rf"<link\b[^>]*\bhref\s*=\s*[\"']?{_REMOTE}[^>]*>[ \t]*\n?", re.I)
_REMOTE_SCRIPT = re.compile(rf"<script\b[^>]*\bsrc\s*=\s*[\"']?{_REMOTE}[^>]*>\s*</script>[ \t]*\n?", re.I)
_REMOTE_SRC = re.compile(rf"\b(src|srcset)\s*=\s*([\"'])({_REMOTE}.*?)\2", re.I | re.S)
_REMOTE_CSS_URL = re.compile(rf"url\(\s*(&quot;|&#3[49];|[\"']?)({_REMOTE}[^)]*?)\1\s*\)", re.I)
_SUITE_LINK = re.compile(r"<a\b[^>]*\bhref=\"(?:\.\./)+expectations/[^\"]*\"[^>]*>(.*?)</a>", re.I | re.S)
_SITE_HREF = re.compile(r"\b(href|src)=\"(?:\.\./){3,}(index\.html|static/images/([^\"/]+))\"")
_GX_FOOTER = re.compile(r"<footer>.*?</footer>", re.S)  # GX's newsletter bar (a web link, fixed over the page)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
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


@functools.cache
def _asset(name: str) -> str:
    """One of our offline assets (data_docs_assets/offline.css, offline.js), read once."""
    return (ASSETS / name).read_text(encoding="utf-8")


@functools.cache
def gx_image(name: str) -> str | None:
    """A data: URI of an image GX ships beside its templates; None if this GX version does not ship it."""
    spec = importlib.util.find_spec("great_expectations")  # finds the package without importing it
    roots = list(spec.submodule_search_locations or []) if spec else []
    for root in roots:
        path = Path(root) / "render" / "view" / "static" / "images" / name
        if path.is_file():
            mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
    log.warning("GX ships no image %s (looked under %s); Data Docs show none in its place", name, roots)
    return None


def local_image(url: str) -> str:
    """What a remote image URL of a GX page becomes: GX's shipped copy as a data: URI, else an empty resource."""
    name = url.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    local = GX_IMAGES.get(name)
    return (gx_image(local) if local else None) or BLANK


def _site_href(match: re.Match[str], home: str) -> str:
    """GX's links to its site's home or static images, pointed at this site's index or GX's shipped image."""
    attr, target, image = match.group(1), match.group(2), match.group(3)
    return f'{attr}="{home if target == "index.html" else local_image(image)}"'


def offline_html(page: str, home: str = "../index.html") -> str:
    """A GX page that fetches nothing: remote styles/scripts dropped for our inlined ones, remote images made local.

    `home` is where GX's "Home" links (its site index) go, relative to the page.
    """
    page = _REMOTE_LINK.sub("", page)
    page = _REMOTE_SCRIPT.sub("", page)
    page = _REMOTE_SRC.sub(lambda m: f"{m.group(1)}={m.group(2)}{local_image(m.group(3))}{m.group(2)}", page)
    page = _REMOTE_CSS_URL.sub(lambda m: f"url('{local_image(m.group(2))}')", page)
    page = _SITE_HREF.sub(lambda m: _site_href(m, home), page)
    page = _SUITE_LINK.sub(r"\1", page)  # no suite pages are written: keep the suite's name, drop the dead link
    page = _GX_FOOTER.sub("", page)
    # Ours first, so that GX's own inline stylesheet (after it in <head>) still overrides Bootstrap's defaults.
    inlined = f"\n<style>{_asset('offline.css')}</style>\n<script>{_asset('offline.js')}</script>\n"
    return _HEAD.sub(lambda m: m.group(0) + inlined, page, count=1)


def render_table_page(table: str, run_id: str, run_time: str, summary: dict[str, Any]) -> str:
    """GX's HTML validation-results page of one table."""
    from great_expectations.render.renderer.page_renderer import ValidationResultsPageRenderer
    from great_expectations.render.view.view import DefaultJinjaPageView

    document = ValidationResultsPageRenderer().render(suite_result(table, run_id, run_time, summary))
    # show_how_to_buttons=False: no GX walkthrough modal (a jQuery call on load, and a GX Cloud advert)
    return offline_html(str(DefaultJinjaPageView().render(document, show_how_to_buttons=False)))


def plain_page(title: str, body: str) -> str:
    """One of our own pages of the site (indexes, fallback), styled by the same inlined stylesheet as GX's pages."""
    return (
        f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<style>{_asset('offline.css')}</style></head>"
        f"<body><div class='container-fluid pt-4 pb-4 pl-5 pr-5'>{body}</div></body></html>"
    )


def _fallback_page(table: str, summary: dict[str, Any], error: str) -> str:
    """A plain HTML table of results, used when GX cannot render a page (the run still publishes)."""
    rows = "".join(
        f"<tr><td>{html.escape(r['type'])}</td><td>{html.escape(str(r['kwargs']))}</td>"
        f"<td>{'pass' if r['success'] else 'FAIL'}</td><td>{html.escape(str(r.get('result')))}</td></tr>"
        for r in summary.get("expectations", [])
    )
    return plain_page(
        table,
        f"<h1>{html.escape(table)}</h1><p class='alert alert-warning'>GX rendering failed: {html.escape(error)}</p>"
        "<table class='table table-sm table-bordered'>"
        f"<tr><th>expectation</th><th>kwargs</th><th>outcome</th><th>result</th></tr>{rows}</table>",
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
    return plain_page(
        f"stancewire validation {run_id}",
        f"<h1>Validation of run {html.escape(run_id)}</h1><p>{html.escape(run_time)} &middot; "
        '<a href="../index.html">all runs</a> &middot; <a href="results.json">results.json</a></p>'
        "<table class='table table-sm table-bordered'>"
        f"<tr><th>table</th><th>rows validated</th><th>expectations</th><th>outcome</th></tr>{rows}</table>",
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
        plain_page(
            "stancewire Data Docs",
            "<h1>stancewire Data Docs</h1>"
            f"<p>Validation results of the retained runs, newest first.</p><ul>{items}</ul>",
        ),
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
