"""End-to-end: a real refresh over one text dump, one HTML page (windows-1252) and one corrupt gzipped page."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from tests.conftest import SEEDS, query
from tests.tasks.test_html_inputs import PARAGRAPHS, article_html

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def html_run(prefect_harness: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real refresh over the mixed corpus; returns the warehouse."""
    from flows.refresh import refresh
    from flows.settings import Settings

    corpus = tmp_path_factory.mktemp("html_corpus")
    seed = sorted(SEEDS.glob("*.txt"))[0]
    shutil.copy(seed, corpus / seed.name)
    (corpus / "page.html").write_bytes(article_html("windows-1252").encode("cp1252"))
    (corpus / "broken.html.gz").write_bytes(gzip.compress(article_html().encode())[:60])
    warehouse = tmp_path_factory.mktemp("html_wh")
    refresh(settings=Settings(input_dir=corpus, warehouse=warehouse, n_process=1))
    return warehouse


def test_the_text_dump_and_the_html_page_are_published(html_run: Path) -> None:
    rows = query(html_run, "SELECT source_path, title, byline, published, published_at, clean_text FROM documents")
    docs = {r[0]: r for r in rows}
    assert set(docs) == {sorted(SEEDS.glob("*.txt"))[0].name, "page.html"}
    _, title, byline, published, published_at, clean = docs["page.html"]
    assert (title, byline, published) == ("Talks in Geneva to resume next week", "Jane Doe", "2019-11-18")
    assert published_at is not None and published_at.isoformat().startswith("2019-11-18")
    assert clean == "\n\n".join(PARAGRAPHS)


def test_html_lines_are_audited_and_the_broken_page_rejected(html_run: Path) -> None:
    reasons = query(
        html_run,
        "SELECT l.kept, l.label, l.reason FROM lines l JOIN documents d USING (doc_id) "
        "WHERE d.source_path = 'page.html'",
    )
    assert reasons and all(r[2].startswith("html:") for r in reasons)
    assert ("nav" in {r[1] for r in reasons if not r[0]}) and sum(r[0] for r in reasons) == len(PARAGRAPHS)
    assert query(html_run, "SELECT reason_code FROM rejects WHERE source_path = 'broken.html.gz'") == [
        ("corrupt_gzip",)
    ]
    assert query(html_run, "SELECT count(*) FROM lines_quarantine") == [(0,)]


def test_the_html_page_reaches_the_nlp_stages(html_run: Path) -> None:
    mentions = query(
        html_run,
        "SELECT count(*) FROM mentions m JOIN documents d USING (doc_id) WHERE d.source_path = 'page.html'",
    )
    assert mentions[0][0] > 0
