"""Report charts: ReportData -> Plotly figures (validated by plotly.graph_objects, drawn by plotly.js in the page).

A function returns None when it has nothing to draw; the page then says why instead of showing an empty chart.
"""

from __future__ import annotations

import math
from typing import Any

import plotly.graph_objects as go

from tasks.report.layout import spring_layout
from tasks.report.queries import ReportData

POLARITY_COLORS = {"favor": "#1a7f37", "against": "#c62828"}
TYPE_COLORS = {
    "person": "#3b6fb6",
    "country": "#8e5ea2",
    "gov": "#8e5ea2",
    "org": "#e08a00",
    "armed_group": "#6d4c41",
    "io": "#00897b",
    "author": "#546e7a",
    "outlet": "#90a4ae",
}
OTHER_COLOR = "#9e9d24"
FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 12}


def _base_layout(**kw: Any) -> dict[str, Any]:
    return {"font": FONT, "margin": {"l": 10, "r": 10, "t": 10, "b": 10}, "paper_bgcolor": "white", **kw}


def network_figure(data: ReportData) -> go.Figure | None:
    """Actors as nodes, favor/against as coloured arrows (width by documents); edge markers carry the evidence."""
    if not data.edges:
        return None
    ids = [n["id"] for n in data.nodes]
    pos = spring_layout(ids, [(e["source"], e["target"], 0.3 * math.log2(1 + e["documents"])) for e in data.edges])
    fig = go.Figure()
    annotations = []
    mids: dict[str, dict[str, list[Any]]] = {p: {"x": [], "y": [], "text": [], "idx": []} for p in POLARITY_COLORS}
    pair_seen: dict[frozenset[str], int] = {}
    names = {n["id"]: n["name"] for n in data.nodes}
    for i, e in enumerate(data.edges):
        (x0, y0), (x1, y1) = pos[e["source"]], pos[e["target"]]
        pair = frozenset((e["source"], e["target"]))
        k = pair_seen.get(pair, 0)
        pair_seen[pair] = k + 1
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy) or 1e-9
        nx, ny = -dy / length, dx / length
        off = 0.0 if k == 0 else 0.018 * ((k + 1) // 2) * (1 if k % 2 else -1)  # parallel edges side by side
        if k and e["source"] > e["target"]:
            off = -off  # the reversed direction bends the other way
        shrink = min(0.035 / length, 0.3)  # stop short of the node markers
        sx, sy = x0 + dx * shrink + nx * off, y0 + dy * shrink + ny * off
        tx, ty = x1 - dx * shrink + nx * off, y1 - dy * shrink + ny * off
        color = POLARITY_COLORS.get(e["polarity"], "#555")
        annotations.append(
            {
                "x": tx,
                "y": ty,
                "ax": sx,
                "ay": sy,
                "xref": "x",
                "yref": "y",
                "axref": "x",
                "ayref": "y",
                "showarrow": True,
                "arrowhead": 2,
                "arrowsize": 1.1,
                "arrowwidth": 1.2 + 1.6 * math.log2(1 + e["documents"]),
                "arrowcolor": color,
                "opacity": 0.75,
                "text": "",
            }
        )
        m = mids.setdefault(e["polarity"], {"x": [], "y": [], "text": [], "idx": []})
        m["x"].append((sx + tx) / 2)
        m["y"].append((sy + ty) / 2)
        when = f"<br>{e['first']} … {e['last']}" if e["first"] else ""
        m["text"].append(
            f"{_h(names.get(e['source'], e['source']))} → {_h(names.get(e['target'], e['target']))}<br>"
            f"<b>{e['polarity']}</b>: {e['documents']} document(s), {e['stances']} stance(s), "
            f"confidence {e['confidence']:.2f}{when}<br><i>click for the evidence</i>"
        )
        m["idx"].append(i)
    for polarity, m in mids.items():
        if not m["x"]:
            continue
        fig.add_trace(
            go.Scatter(
                x=m["x"],
                y=m["y"],
                mode="markers",
                name=f"{polarity} (edge)",
                marker={"symbol": "diamond", "size": 9, "color": POLARITY_COLORS.get(polarity, "#555")},
                hovertext=m["text"],
                hoverinfo="text",
                customdata=m["idx"],
                meta="edge",
            )
        )
    max_deg = max((n["held"] + n["received"] for n in data.nodes), default=1)
    fig.add_trace(
        go.Scatter(
            x=[pos[n["id"]][0] for n in data.nodes],
            y=[pos[n["id"]][1] for n in data.nodes],
            mode="markers+text",
            name="actor",
            text=[n["name"] for n in data.nodes],
            textposition="top center",
            textfont={"size": 11},
            marker={
                "size": [12 + 22 * math.sqrt((n["held"] + n["received"]) / max_deg) for n in data.nodes],
                "color": [TYPE_COLORS.get(n["type"], OTHER_COLOR) for n in data.nodes],
                "line": {"width": 1, "color": "white"},
            },
            hovertext=[
                f"<b>{_h(n['name'])}</b> ({n['type'] or '?'})<br>holds {n['held']}, receives {n['received']} "
                "stance(s)<br><i>click to show its stances</i>"
                for n in data.nodes
            ],
            hoverinfo="text",
            customdata=[n["id"] for n in data.nodes],
            meta="node",
            showlegend=False,
        )
    )
    fig.update_layout(
        _base_layout(
            height=680,
            annotations=annotations,
            xaxis={"visible": False, "range": [-0.02, 1.02]},
            yaxis={"visible": False, "range": [-0.02, 1.06]},
            legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
            dragmode="pan",
            hovermode="closest",
            plot_bgcolor="white",
        )
    )
    return fig


def top_actors_figure(data: ReportData) -> go.Figure | None:
    """Horizontal bars of summed salience over documents, the top actor on top."""
    if not data.top_actors:
        return None
    rows = list(reversed(data.top_actors))
    fig = go.Figure(
        go.Bar(
            x=[a["salience"] for a in rows],
            y=[a["name"] for a in rows],
            orientation="h",
            marker={"color": [TYPE_COLORS.get(a["type"], OTHER_COLOR) for a in rows]},
            customdata=[a["id"] for a in rows],
            hovertext=[
                f"<b>{_h(a['name'])}</b> ({a['type']})<br>salience {a['salience']:.2f} over {a['documents']} "
                f"document(s), {a['mentions']} mention(s)"
                for a in rows
            ],
            hoverinfo="text",
        )
    )
    fig.update_layout(
        _base_layout(
            height=max(260, 22 * len(rows) + 60),
            margin={"l": 10, "r": 10, "t": 10, "b": 40},
            xaxis={"title": {"text": "summed salience (documents × prominence)"}},
            yaxis={"automargin": True},
        )
    )
    return fig


def timeline_figure(data: ReportData) -> go.Figure | None:
    """Stacked bars of stances per published day or month, by polarity."""
    if not data.timeline:
        return None
    fig = go.Figure()
    for polarity, color in POLARITY_COLORS.items():
        pts = [t for t in data.timeline if t["polarity"] == polarity]
        if pts:
            fig.add_trace(
                go.Bar(
                    x=[t["period"] for t in pts],
                    y=[t["stances"] for t in pts],
                    name=polarity,
                    marker={"color": color},
                    xperiod="M1" if data.timeline_unit == "month" else None,
                )
            )
    fig.update_layout(
        _base_layout(
            height=300,
            barmode="stack",
            margin={"l": 50, "r": 10, "t": 10, "b": 40},
            xaxis={"type": "date", "title": {"text": f"published ({data.timeline_unit})"}},
            yaxis={"title": {"text": "stances"}},
        )
    )
    return fig


def rejects_figure(data: ReportData) -> go.Figure | None:
    """Rejected inputs by reason code."""
    if not data.rejects_by_reason:
        return None
    fig = go.Figure(
        go.Bar(
            x=[r["reason"] for r in data.rejects_by_reason],
            y=[r["n"] for r in data.rejects_by_reason],
            marker={"color": "#8d6e63"},
        )
    )
    fig.update_layout(_base_layout(height=260, margin={"l": 40, "r": 10, "t": 10, "b": 40}))
    return fig


def boilerplate_figure(data: ReportData) -> go.Figure | None:
    """Histogram of the share of each page dropped as furniture."""
    if not data.boilerplate:
        return None
    fig = go.Figure(
        go.Histogram(
            x=[d["share"] for d in data.boilerplate],
            xbins={"start": 0, "end": 1.0001, "size": 0.05},
            marker={"color": "#5c6bc0"},
            hovertemplate="%{x} dropped: %{y} document(s)<extra></extra>",
        )
    )
    fig.update_layout(
        _base_layout(
            height=260,
            margin={"l": 40, "r": 10, "t": 10, "b": 40},
            xaxis={"range": [0, 1], "tickformat": ".0%", "title": {"text": "share of the page dropped"}},
            yaxis={"title": {"text": "documents"}},
            bargap=0.05,
        )
    )
    return fig


def runs_figure(data: ReportData) -> go.Figure | None:
    """Seconds per stage of the last runs (oldest left), stacked."""
    if not data.runs:
        return None
    runs = list(reversed(data.runs))
    stages: list[str] = []
    for r in runs:
        stages += [s for s in r["stage_seconds"] if s not in stages]
    fig = go.Figure()
    for stage in stages:
        fig.add_trace(
            go.Bar(x=[r["run_id"] for r in runs], y=[r["stage_seconds"].get(stage, 0) for r in runs], name=stage)
        )
    fig.update_layout(
        _base_layout(
            height=300,
            barmode="stack",
            margin={"l": 50, "r": 10, "t": 30, "b": 40},
            legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
            xaxis={"type": "category"},
            yaxis={"title": {"text": "seconds"}},
        )
    )
    return fig


def _h(text: Any) -> str:
    """Escape text for Plotly's hover labels (a small HTML subset)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


#: (chart id, builder, what the page says when there is nothing to draw)
CHARTS = (
    ("network", network_figure, "No stances are published yet."),
    ("top-actors", top_actors_figure, "No entities are published yet."),
    ("timeline", timeline_figure, "No stance comes from a document with a known published date."),
    ("rejects", rejects_figure, "No input was rejected."),
    ("boilerplate", boilerplate_figure, "No documents."),
    ("runs", runs_figure, "No runs recorded."),
)


def build_figures(data: ReportData) -> dict[str, go.Figure | None]:
    """Every chart of the report by id (None where there is nothing to draw)."""
    return {chart_id: build(data) for chart_id, build, _ in CHARTS}
