"""The analyst's report: one self-contained HTML page built from the published catalog.

Pure steps: `load_report_data` (read-only SQL -> plain data), `build_figures` (data -> Plotly figures),
`render_html` (data + figures -> one page with plotly.js inlined). `write_report` runs them and writes the file
atomically. Not part of the pipeline fingerprint (it never changes a document's rows).
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from tasks.report.charts import build_figures
from tasks.report.page import render_html
from tasks.report.queries import ReportData, load_report_data

REPORT_DIR = "report"


def default_report_path(warehouse: Path) -> Path:
    """Where a refresh writes the report: <warehouse>/report/index.html."""
    return Path(warehouse) / REPORT_DIR / "index.html"


def build_report(warehouse: Path, out: Path | None = None) -> str:
    """The report page of a warehouse's published catalog (links are made relative to out)."""
    data = load_report_data(Path(warehouse))
    return render_html(data, build_figures(data), out)


def write_report(warehouse: Path, out: Path | None = None) -> Path:
    """Write the report (default: <warehouse>/report/index.html) atomically; return its path."""
    out = Path(out) if out else default_report_path(warehouse)
    out.parent.mkdir(parents=True, exist_ok=True)
    html = build_report(warehouse, out)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, out)
    return out


def refresh_report(warehouse: Path) -> dict[str, Any]:
    """The report step of a refresh: write <warehouse>/report/index.html after publish; never raises.

    The refresh is already published when this runs, so a failure here is logged (with its traceback) and returned
    as `error`, and the run goes on.
    """
    t0 = time.perf_counter()
    try:
        path: str | None = str(write_report(warehouse))
        error = None
    except Exception as exc:
        logging.getLogger("stancewire").exception("report not written (the refresh is published): %s", exc)
        path, error = None, f"{type(exc).__name__}: {exc}"
    return {"path": path, "error": error, "elapsed": time.perf_counter() - t0}


__all__ = [
    "ReportData",
    "build_figures",
    "build_report",
    "default_report_path",
    "load_report_data",
    "refresh_report",
    "write_report",
]
