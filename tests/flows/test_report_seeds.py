"""The seed warehouse's report, as the refresh wrote it, in headless Chromium: a screenshot, no JavaScript errors,
every chart drawn with its marks, nothing fetched from the network.

Set STANCEWIRE_REPORT_SCREENSHOT=docs/report_seeds.png to keep the screenshot (the README shows it).
"""

from __future__ import annotations

import os
import shutil
import struct
from pathlib import Path

import pytest

from tasks.report import build_figures, load_report_data
from tests.browser import INSTALL_HINT, find_chromium, render_page


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.slow
def test_seed_report_renders_every_chart_in_chromium(seeded_warehouse: Path, tmp_path: Path) -> None:
    if find_chromium() is None:
        pytest.skip(INSTALL_HINT)
    page = seeded_warehouse / "report" / "index.html"
    assert page.is_file(), "the refresh did not write warehouse/report/index.html"
    data = load_report_data(seeded_warehouse)
    drawn = {cid for cid, fig in build_figures(data).items() if fig is not None}
    assert {"network", "top-actors", "boilerplate", "runs"} <= drawn  # the seeds have stances, actors and a run
    shot = tmp_path / "report_seeds.png"
    run = render_page(page, shot, scale=0.6)
    assert run.exceptions == [], run.exceptions
    assert run.console_errors == [], run.console_errors
    assert run.external_requests == [], run.external_requests  # works offline
    assert run.ready is not None, "the page never finished drawing its charts"
    assert run.ready["errors"] == [] and run.ready["ok"], run.ready
    charts = run.ready["charts"]
    assert set(charts) == drawn
    for cid, check in charts.items():
        assert check["svg"] > 0 and check["marks"] > 0, (cid, check)
    assert charts["network"]["arrows"] == len(data.edges)
    assert charts["network"]["marks"] == len(data.nodes) + len(data.edges)
    assert charts["top-actors"]["marks"] == len(data.top_actors)
    width, height = _png_size(shot.read_bytes())
    assert width >= 700 and height >= 1000
    keep = os.environ.get("STANCEWIRE_REPORT_SCREENSHOT")
    if keep:
        shutil.copy(shot, keep)
