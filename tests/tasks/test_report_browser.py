"""The report in a real browser (headless Chromium over the DevTools protocol): no errors, every chart drawn,
nothing fetched from the network, and clicks show the evidence and an actor's stances."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tasks.report import write_report
from tests.browser import INSTALL_HINT, find_chromium, render_page
from tests.data.tiny_warehouse import publish_tiny, row


@pytest.fixture(autouse=True)
def _needs_chromium() -> None:
    if find_chromium() is None:
        pytest.skip(INSTALL_HINT)


def test_tiny_report_renders_and_clicks_work(tmp_path: Path) -> None:
    entities = [
        row("entities", entity_id="country:russia", canonical_name="Russia", type="country"),
        row("entities", entity_id="person:ben_rhodes", canonical_name="Ben Rhodes", type="person"),
        row("entities", entity_id="org:isis", canonical_name="ISIS", type="org"),
    ]
    stances = [
        row(
            "stances",
            stance_id="s1",
            doc_id="d1",
            holder_id="person:ben_rhodes",
            target_id="country:russia",
            polarity="against",
            confidence=0.8,
            evidence_text="Rhodes warned Moscow.",
        ),
        row(
            "stances",
            stance_id="s2",
            doc_id="d1",
            holder_id="country:russia",
            target_id="org:isis",
            polarity="against",
            confidence=0.7,
            evidence_text="Russia vowed to fight ISIS.",
        ),
        row(
            "stances",
            stance_id="s3",
            doc_id="d1",
            holder_id="person:ben_rhodes",
            target_id="org:isis",
            polarity="favor",
            confidence=0.5,
            evidence_text="An odd sentence <b>with markup</b>.",
        ),
    ]
    wh = publish_tiny(
        tmp_path / "wh",
        {
            "entities": entities,
            "stances": stances,
            "documents": [
                row(
                    "documents",
                    doc_id="d1",
                    title="T1",
                    boilerplate_share=0.4,
                    published_at=datetime(2019, 11, 19, tzinfo=UTC),
                )
            ],
            "doc_entities": [row("doc_entities", doc_id="d1", entity_id="country:russia", salience=0.9)],
            "rejects": [row("rejects", source_path="a.txt", reason_code="empty")],
            "runs": [row("runs", run_id="r1", stage_seconds='{"ingest": 1.0}', validation="{}")],
        },
    )
    page = write_report(wh)
    run = render_page(
        page,
        None,
        evaluate={
            "evidence": "(showEvidence(R.edges.findIndex(e => e.source === 'country:russia')),"
            " document.getElementById('evidence').innerText)",
            "markup": "document.querySelectorAll('#evidence b, #actor-held b').length",
            "held": "(selectActor('person:ben_rhodes'), document.getElementById('actor-held').innerText)",
            "received": "document.getElementById('actor-received').innerText",
        },
    )
    assert run.exceptions == [] and run.console_errors == [], (run.exceptions, run.console_errors)
    assert run.external_requests == []
    assert run.ready and run.ready["ok"], run.ready
    charts = run.ready["charts"]
    assert set(charts) == {"network", "timeline", "top-actors", "rejects", "boilerplate", "runs"}
    assert charts["network"]["arrows"] == 3 and charts["network"]["marks"] == 3 + 3  # 3 actors, 3 edge markers
    assert "Russia vowed to fight ISIS." in run.values["evidence"]  # that edge's evidence
    assert run.values["markup"] == 0  # evidence is text, never HTML
    assert "Stances held (2)" in run.values["held"] and "Rhodes warned Moscow." in run.values["held"]
    assert "Stances received (0)" in run.values["received"]
