"""The report page: one self-contained HTML file (plotly.js, styles, data and scripts inlined; no network)."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

import plotly
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from tasks.report.charts import CHARTS, POLARITY_COLORS
from tasks.report.queries import ReportData

ASSETS = Path(__file__).resolve().parent


def _asset(name: str) -> str:
    """A static file of the page (report.css, report.js), inlined."""
    return (ASSETS / name).read_text(encoding="utf-8")


def _css() -> str:
    colors = f":root {{ --favor:{POLARITY_COLORS['favor']}; --against:{POLARITY_COLORS['against']}; }}\n"
    return colors + _asset("report.css")


ERROR_HOOK = """
window.__reportErrors = [];
window.addEventListener('error', e => window.__reportErrors.push(String(e.message || e)));
window.addEventListener('unhandledrejection', e => window.__reportErrors.push(String(e.reason)));
"""


def _json_script(value: Any) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(value, ensure_ascii=False, default=str).replace("</", "<\\/").replace("<!--", "<\\!--")


class Markup(str):
    """Text that is already HTML."""


def _table(head: list[str], rows: list[list[Any]], num: set[int] | None = None) -> str:
    num = num or set()
    th = "".join(
        f'<th class="num">{escape(h)}</th>' if i in num else f"<th>{escape(h)}</th>" for i, h in enumerate(head)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{escape(str(c))}</td>'
            if i in num
            else f"<td>{c if isinstance(c, Markup) else escape(str(c))}</td>"
            for i, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _chart_div(chart_id: str, fig: go.Figure | None, empty: str, data: ReportData) -> str:
    if fig is None:
        return f'<p class="empty" id="{chart_id}-empty">{escape(empty)}</p>'
    attrs = ""
    if chart_id == "network":
        attrs = f' data-expected-marks="{len(data.nodes) + len(data.edges)}" data-expected-arrows="{len(data.edges)}"'
    elif chart_id == "top-actors":
        attrs = f' data-expected-marks="{len(data.top_actors)}"'
    return f'<div class="chart" id="{chart_id}"{attrs}></div>'


def _link(path: str | None, report_path: Path | None) -> str:
    """A relative link from the report to a file of the warehouse when possible."""
    if not path:
        return ""
    target = Path(path)
    if report_path is not None:
        try:
            import os

            return os.path.relpath(target.resolve(), report_path.resolve().parent)
        except ValueError:
            pass
    return target.resolve().as_uri()


def render_html(data: ReportData, figures: dict[str, go.Figure | None], report_path: Path | None = None) -> str:
    """The whole page as one string."""
    empty = {chart_id: msg for chart_id, _, msg in CHARTS}
    charts = {cid: _chart_div(cid, fig, empty[cid], data) for cid, fig in figures.items()}
    names = {n["id"]: n["name"] for n in data.nodes} | {a["id"]: a["name"] for a in data.top_actors}
    for r in data.stance_rows:
        names.setdefault(r["holder"], r["holder_name"])
        names.setdefault(r["target"], r["target_name"])
    with_stances = {r["holder"] for r in data.stance_rows} | {r["target"] for r in data.stance_rows}
    panel = [n["id"] for n in data.nodes] + [
        a["id"] for a in data.top_actors if a["id"] in with_stances and a["id"] not in {n["id"] for n in data.nodes}
    ]
    payload = {
        "figures": {cid: json.loads(fig.to_json()) for cid, fig in figures.items() if fig is not None},
        "edges": data.edges,
        "stances": [
            {
                k: r[k]
                for k in ("holder", "target", "polarity", "confidence", "attribution", "evidence", "title", "date")
            }
            for r in data.stance_rows
        ],
        "names": names,
        "panel": panel,
    }
    k = data.kpis
    kpis = "".join(
        f'<div class="kpi"><b>{v:,}</b><span>{escape(label)}</span></div>'
        for label, v in (
            ("documents", k["documents"]),
            ("with a published date", k["dated_documents"]),
            ("stances", k["stances"]),
            ("actors in the network", k["actors_in_network"]),
            ("quotes", k["quotes"]),
            ("entity mentions", k["mentions"]),
            ("rejected inputs", k["rejects"]),
            ("quarantined rows", k["quarantined_rows"]),
        )
    )
    runs_table = _table(
        ["run", "started", "status", "documents", "processed", "carried", "rejects", "quarantined", "seconds"],
        [
            [
                r["run_id"],
                r["started_at"],
                Markup(f'<span class="{"ok" if r["status"] == "published" else "bad"}">{escape(r["status"])}</span>'),
                r["docs_total"],
                r["docs_new"],
                r["docs_carried"],
                r["rejects"],
                r["quarantined_rows"],
                r["seconds"],
            ]
            for r in data.runs
        ],
        num={3, 4, 5, 6, 7, 8},
    )
    quarantine_table = _table(
        ["table", "quarantined rows"], [[t, n] for t, n in sorted(data.quarantine.items())], num={1}
    )
    validation_table = _table(
        ["table", "rows", "outcome", "failed rows", "failed schema expectations", "validated in"],
        [
            [
                t,
                v.get("rows", ""),
                Markup('<span class="ok">passed</span>' if v.get("success") else '<span class="bad">failed</span>'),
                v.get("failed_rows", 0),
                ", ".join(v.get("failed_schema") or []) or "—",
                v.get("validated_in") or "this run",
            ]
            for t, v in sorted(data.validation.items())
        ],
        num={1, 3},
    )
    docs_link = _link(data.data_docs, report_path)
    all_runs = Path(data.data_docs).parent.parent / "index.html" if data.data_docs else None
    runs_link = _link(str(all_runs), report_path) if all_runs and all_runs.is_file() else ""
    docs_html = (
        '<p class="hint">Great Expectations Data Docs of this run, one page per table with every expectation and '
        f'its observed value (readable offline): <a id="data-docs-link" href="{escape(docs_link)}">'
        f"{escape(docs_link)}</a>"
        + (f' · <a href="{escape(runs_link)}">all retained runs</a>' if runs_link else "")
        + ".</p>"
        if docs_link
        else ""
    )
    dated = (
        f"{k['dated_documents']} of {k['documents']} documents have a published date the page states; "
        "stances of undated documents are left out of this chart."
        if data.has_dates
        else "This catalog has no documents.published_at column (published before dates were parsed)."
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>stancewire report — {escape(data.warehouse)}</title>
<style>{_css()}</style>
<script>{ERROR_HOOK}</script>
<script>{get_plotlyjs()}</script>
</head><body>
<header><h1>stancewire report</h1>
<div class="meta">warehouse {escape(data.warehouse)} · run {escape(data.run_id or "—")}
 · generated {escape(data.generated_at)}</div>
</header>
<nav><a href="#network-section">Stance network</a><a href="#actors-section">Actors</a>
<a href="#time-section">Over time</a><a href="#health-section">Corpus health</a></nav>
<main>
<div class="kpis">{kpis}</div>
<section id="network-section"><h2>Who is for or against whom</h2>
<p class="hint">Actors are nodes (governments rolled up to their state); arrows go from the holder to the target,
<span class="pol favor">green: favor</span>, <span class="pol against">red: against</span>, wider when more documents
say so. Hover an arrow's ◆ for counts, click it to read the evidence; click an actor to show its stances below.
The {len(data.edges)} strongest edges by documents are drawn.</p>
<div class="grid2"><div>{charts["network"]}</div>
<div class="panel" id="evidence"><p class="empty">Click an edge's ◆ to read its evidence.</p></div></div>
</section>
<section id="actors-section"><h2>Actors</h2>
<div class="grid-half"><div><h3>Top actors by salience</h3>
<p class="hint">Salience summed over documents (often and early mentioned actors score high; places, topics and
cited outlets low). Click a bar to show its stances.</p>
{charts["top-actors"]}</div>
<div><h3>Stances of an actor</h3><p><select id="actor-select" aria-label="actor"></select></p>
<div id="actor-held" class="scroll"></div><div id="actor-received" class="scroll"></div></div></div>
</section>
<section id="time-section"><h2>Stances over time</h2>
<p class="hint">By the published date of the document the stance comes from. {escape(dated)}</p>
{charts["timeline"]}
</section>
<section id="health-section"><h2>Corpus health</h2>
<div class="grid-half">
<div><h3>Rejected inputs by reason</h3>{charts["rejects"]}</div>
<div><h3>Boilerplate share per document</h3>{charts["boilerplate"]}</div>
</div>
<div class="grid-half">
<div><h3>Seconds per stage, last runs</h3>{charts["runs"]}</div>
<div><h3>Quarantined rows (rows that failed validation)</h3>{quarantine_table}</div>
</div>
<h3>Last runs</h3>{runs_table}
<h3>Validation of the latest run</h3>{validation_table}{docs_html}
</section>
</main>
<footer>Charts drawn with Plotly.js {escape(plotly.__version__)} (Python package; JavaScript inlined: this file
works offline).
<pre id="render-check" hidden></pre></footer>
<script type="application/json" id="report-data">{_json_script(payload)}</script>
<script>{_asset("report.js")}</script>
</body></html>
"""
