"""The HTML report: queries on a tiny hand-made warehouse, figures, the page, and the refresh's report step."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from tasks.report import build_figures, load_report_data, refresh_report, write_report
from tasks.report.charts import POLARITY_COLORS, network_figure
from tasks.report.layout import spring_layout
from tasks.report.page import render_html
from tests.data.tiny_warehouse import publish_tiny, row

EVIL = 'Putin said "</script><script>window.pwned=1</script>" & more'


def _entities() -> list[dict]:
    return [
        row("entities", entity_id="country:russia", canonical_name="Russia", type="country"),
        row(
            "entities",
            entity_id="gov:russia",
            canonical_name="Russian government",
            type="gov",
            parent_id="country:russia",
        ),
        row("entities", entity_id="country:united_states", canonical_name="United States", type="country"),
        row("entities", entity_id="person:vladimir_putin", canonical_name="Vladimir Putin", type="person"),
    ]


def _stance(doc: str, holder: str, target: str, polarity: str, conf: float, evidence: str, n: int) -> dict:
    return row(
        "stances",
        stance_id=f"s{n}",
        doc_id=doc,
        holder_id=holder,
        target_id=target,
        polarity=polarity,
        confidence=conf,
        evidence_text=evidence,
        attribution="direct_quote",
    )


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    rows = {
        "entities": _entities(),
        "documents": [
            row(
                "documents",
                doc_id="d1",
                title="Moscow rebuffs Washington",
                boilerplate_share=0.2,
                published_at=datetime(2019, 11, 18, 23, tzinfo=UTC),
            ),
            row("documents", doc_id="d2", title="Russia and the US", boilerplate_share=0.7),
        ],
        "stances": [
            _stance("d1", "gov:russia", "country:united_states", "against", 0.9, "Moscow condemned Washington.", 1),
            _stance("d2", "country:russia", "country:united_states", "against", 0.7, "Russia opposes the US.", 2),
            _stance("d1", "person:vladimir_putin", "country:united_states", "favor", 0.6, EVIL, 3),
        ],
        "doc_entities": [
            row("doc_entities", doc_id="d1", entity_id="gov:russia", salience=0.9, mention_count=3),
            row("doc_entities", doc_id="d2", entity_id="country:russia", salience=0.8, mention_count=2),
            row("doc_entities", doc_id="d1", entity_id="country:united_states", salience=0.5, mention_count=1),
            row("doc_entities", doc_id="d2", entity_id="person:vladimir_putin", salience=0.1, mention_count=1),
        ],
        "rejects": [
            row("rejects", source_path="a.txt", reason_code="empty"),
            row("rejects", source_path="b.txt", reason_code="empty"),
            row("rejects", source_path="c.txt", reason_code="binary"),
        ],
        "runs": [
            row(
                "runs",
                run_id="r1",
                status="published",
                stage_seconds=json.dumps({"ingest": 1.5, "publish": 0.5}),
                validation=json.dumps({"documents": {"rows": 2, "success": True, "failed_rows": 0}}),
            )
        ],
    }
    quarantined = {"documents": [{"doc_id": "d9", "failed_expectation": "documents.x:y", "quarantine_run_id": "r1"}]}
    return publish_tiny(tmp_path / "wh", rows, quarantined=quarantined)


def test_queries_roll_governments_up_and_count_documents(tiny: Path) -> None:
    data = load_report_data(tiny)
    edges = {(e["source"], e["target"], e["polarity"]): e for e in data.edges}
    assert set(edges) == {
        ("country:russia", "country:united_states", "against"),
        ("person:vladimir_putin", "country:united_states", "favor"),
    }
    rolled = edges[("country:russia", "country:united_states", "against")]
    assert (rolled["documents"], rolled["stances"]) == (2, 2)
    assert [v["evidence"] for v in rolled["evidence"]] == ["Moscow condemned Washington.", "Russia opposes the US."]
    assert data.edges[0] is rolled  # most documents first
    assert {n["id"] for n in data.nodes} == {"country:russia", "country:united_states", "person:vladimir_putin"}
    assert [a["id"] for a in data.top_actors][:2] == ["country:russia", "country:united_states"]  # 0.9 + 0.8 summed
    assert data.top_actors[0]["salience"] == pytest.approx(1.7)
    assert data.rejects_by_reason == [{"reason": "empty", "n": 2}, {"reason": "binary", "n": 1}]
    assert data.quarantine["documents"] == 1 and data.kpis["quarantined_rows"] == 1
    assert sorted(d["share"] for d in data.boilerplate) == [0.2, 0.7]
    assert data.runs[0]["stage_seconds"] == {"ingest": 1.5, "publish": 0.5}
    assert data.has_dates and data.dated_documents == 1 and data.timeline_unit == "day"
    assert data.timeline == [  # d1's two stances (d2 has no date); the rolled-up edge keeps its dates
        {"period": "2019-11-18", "polarity": "against", "stances": 1},
        {"period": "2019-11-18", "polarity": "favor", "stances": 1},
    ]
    assert (rolled["first"], rolled["last"]) == ("2019-11-18", "2019-11-18")


def test_network_draws_one_coloured_arrow_per_edge(tiny: Path) -> None:
    data = load_report_data(tiny)
    fig = network_figure(data)
    arrows = fig.layout.annotations
    assert len(arrows) == len(data.edges)
    assert [a.arrowcolor for a in arrows] == [POLARITY_COLORS[e["polarity"]] for e in data.edges]
    nodes = next(t for t in fig.data if t.meta == "node")
    assert list(nodes.customdata) == [n["id"] for n in data.nodes]
    edge_idx = sorted(i for t in fig.data if t.meta == "edge" for i in t.customdata)
    assert edge_idx == list(range(len(data.edges)))  # every edge clickable for its evidence


def test_page_is_self_contained_and_escapes_text(tiny: Path, tmp_path: Path) -> None:
    out = write_report(tiny, tmp_path / "out" / "report.html")
    html = out.read_text()
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=", html)  # nothing loaded from elsewhere
    assert "Plotly" in html and len(html) > 1_000_000  # plotly.js itself is inside
    assert "window.pwned" in html and "</script><script>window.pwned" not in html  # evidence cannot end a script
    payload = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S).group(1)
    data = json.loads(payload)
    assert EVIL in [v["evidence"] for e in data["edges"] for v in e["evidence"]]
    assert set(data["figures"]) == {"network", "top-actors", "timeline", "rejects", "boilerplate", "runs"}
    assert "1 of 2 documents have a published date" in html
    assert 'id="network" data-expected-marks="5" data-expected-arrows="2"' in html  # 3 nodes + 2 edge markers


def test_empty_warehouse_says_so_instead_of_empty_charts(tmp_path: Path) -> None:
    wh = publish_tiny(tmp_path / "wh", {})
    data = load_report_data(wh)
    figures = build_figures(data)
    assert figures["network"] is None and figures["top-actors"] is None and figures["rejects"] is None
    html = render_html(data, figures)
    assert "No stances are published yet." in html and 'class="chart" id="network"' not in html
    assert "No stance comes from a document with a known published date." in html


def test_refresh_report_logs_a_failure_and_does_not_raise(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="stancewire"):
        out = refresh_report(tmp_path / "nothing_published")
    assert out["path"] is None and "FileNotFoundError" in out["error"]
    assert "report not written" in caplog.text


def test_refresh_report_writes_the_warehouse_report(tiny: Path) -> None:
    out = refresh_report(tiny)
    assert out["error"] is None and Path(out["path"]) == tiny / "report" / "index.html"
    assert Path(out["path"]).stat().st_size > 1_000_000


def test_spring_layout_is_seeded_bounded_and_pulls_linked_actors_together() -> None:
    ids = [f"n{i}" for i in range(12)]
    pairs = [(f"n{i}", f"n{i + 1}", 1.0) for i in range(0, 10, 2)]  # five linked pairs, two loners
    a, b = spring_layout(ids, pairs), spring_layout(ids, pairs)
    assert a == b
    pts = np.array(list(a.values()))
    assert pts.min() >= 0.05 - 1e-9 and pts.max() <= 0.95 + 1e-9
    dist = {(x, y): float(np.hypot(*(np.array(a[x]) - np.array(a[y])))) for x in ids for y in ids if x < y}
    linked = np.mean([dist[tuple(sorted((x, y)))] for x, y, _ in pairs])
    assert linked < 0.6 * np.mean(list(dist.values()))
