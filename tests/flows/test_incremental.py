"""Incremental refresh: only new content is processed, unchanged documents are carried over untouched."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tests.conftest import query
from tests.data.bad_inputs import article

pytestmark = pytest.mark.slow


def _write(corpus: Path, files: dict[str, str]) -> None:
    """Make the corpus hold exactly these files."""
    corpus.mkdir(parents=True, exist_ok=True)
    for old in corpus.glob("*.txt"):
        if old.name not in files:
            old.unlink()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")


def _docs(warehouse: Path) -> dict[str, str]:
    """source_path -> doc_id of the published version."""
    return dict(query(warehouse, "SELECT source_path, doc_id FROM sources"))


@pytest.fixture(scope="module")
def settings_for(prefect_harness: None):
    """Settings factory for in-process refreshes."""
    from flows.settings import Settings

    return lambda corpus, warehouse, **kw: Settings(input_dir=corpus, warehouse=warehouse, n_process=1, **kw)


def test_second_refresh_processes_only_new_and_changed_documents(
    settings_for, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.refresh import refresh

    corpus, warehouse = tmp_path / "corpus", tmp_path / "wh"
    _write(
        corpus, {"geneva.txt": article("geneva"), "brussels.txt": article("brussels"), "ankara.txt": article("ankara")}
    )
    first = refresh(settings=settings_for(corpus, warehouse))
    assert (first.docs_new, first.docs_carried, first.documents) == (3, 0, 3)
    before = _docs(warehouse)
    brussels_rows = {
        t: query(warehouse, f"SELECT * FROM {t} WHERE doc_id = '{before['brussels.txt']}' ORDER BY ALL")
        for t in ("documents", "lines", "mentions", "quotes", "stances")
    }

    reader = duckdb.connect(str(warehouse / "catalog.duckdb"), read_only=True)  # an analyst mid-query
    try:
        _write(
            corpus,
            {
                "geneva.txt": article("geneva", "Talks will resume on Monday."),  # changed
                "brussels.txt": article("brussels"),  # unchanged
                "cairo.txt": article("cairo"),  # new; ankara.txt is gone
            },
        )
        second = refresh(settings=settings_for(corpus, warehouse))
        assert sorted(r[0] for r in reader.execute("SELECT source_path FROM sources").fetchall()) == sorted(before)
    finally:
        reader.close()

    assert (second.docs_new, second.docs_carried, second.documents) == (2, 1, 3)
    after = _docs(warehouse)
    assert set(after) == {"geneva.txt", "brussels.txt", "cairo.txt"}
    assert after["brussels.txt"] == before["brussels.txt"] and after["geneva.txt"] != before["geneva.txt"]
    assert before["ankara.txt"] not in set(after.values())
    for table, rows in brussels_rows.items():
        now = query(warehouse, f"SELECT * FROM {table} WHERE doc_id = '{after['brussels.txt']}' ORDER BY ALL")
        assert now == rows, f"{table} rows of the unchanged document changed"

    runs = query(
        warehouse,
        "SELECT docs_new, docs_carried, docs_total, code_version, model_version, stage_seconds FROM runs "
        "ORDER BY started_at",
    )
    assert [r[:3] for r in runs] == [(3, 0, 3), (2, 1, 3)]
    assert all(r[3] and r[4] not in (None, "", "?") for r in runs)
    assert {"ingest", "strip", "annotate", "validate", "assemble", "publish"} <= set(json.loads(runs[-1][5]))

    # keep documents whose source file disappeared, when configured
    _write(
        corpus, {"geneva.txt": article("geneva", "Talks will resume on Monday."), "brussels.txt": article("brussels")}
    )
    kept = refresh(settings=settings_for(corpus, warehouse, drop_missing_sources=False))
    assert (kept.docs_new, kept.documents) == (0, 3)
    assert _docs(warehouse)["cairo.txt"] == after["cairo.txt"]
    latest = json.loads(query(warehouse, "SELECT validation FROM runs ORDER BY started_at DESC LIMIT 1")[0][0])
    first_run = query(warehouse, "SELECT run_id FROM runs ORDER BY started_at LIMIT 1")[0][0]
    assert latest["rejects"]["validated_in"] == first_run  # no rejects since run 1: not validated again

    # by default a vanished source drops its document
    dropped = refresh(settings=settings_for(corpus, warehouse))
    assert (dropped.docs_new, dropped.documents) == (0, 2)
    assert set(_docs(warehouse)) == {"geneva.txt", "brussels.txt"}

    # nothing changed: the per-document tables and entities are republished as they are, not written again
    from tasks.store.publish import read_published

    tables_before = {t: query(warehouse, f"SELECT * FROM {t} ORDER BY ALL") for t in ("documents", "lines", "entities")}
    published_before = read_published(warehouse).versions
    same = refresh(settings=settings_for(corpus, warehouse))
    assert (same.docs_new, same.docs_carried, same.documents) == (0, 2, 2)
    published = read_published(warehouse)
    for table in ("documents", "lines", "mentions", "stances", "doc_stances", "entities"):
        assert published.versions[table] == published_before[table], f"{table} was written again"
    for table in ("sources", "rejects", "runs"):
        assert published.versions[table].name == f"v={published.run_id}", f"{table} not written by the new run"
    assert {t: query(warehouse, f"SELECT * FROM {t} ORDER BY ALL") for t in tables_before} == tables_before
    unchanged_run = published.run_id

    # a new pipeline fingerprint (code or model version changed) reprocesses every document
    monkeypatch.setattr("tasks.steps.context.pipeline_fingerprint", lambda model, version: "changed-pipeline")
    redone = refresh(settings=settings_for(corpus, warehouse))
    assert (redone.docs_new, redone.docs_carried, redone.documents) == (2, 0, 2)
    assert {r[0] for r in query(warehouse, "SELECT pipeline_version FROM documents")} == {"changed-pipeline"}

    # retention: only keep_versions (3) runs keep their version directories
    runs_now = [r[0] for r in query(warehouse, "SELECT run_id FROM runs ORDER BY started_at")]
    assert len(runs_now) == 6
    kept_versions = {p.name[2:] for p in (warehouse / "documents").glob("v=*")}
    assert kept_versions == set(runs_now[-3:]) - {unchanged_run}  # the unchanged run wrote no documents version
    assert {p.name[2:] for p in (warehouse / "sources").glob("v=*")} == set(runs_now[-3:])
    assert {p.name for p in (warehouse / "data_docs").iterdir() if p.is_dir()} == set(runs_now[-3:])
