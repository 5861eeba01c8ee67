"""End-to-end on Dask: the refresh flow on a local cluster of 2 workers publishes the same tables as the default."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import query

pytestmark = pytest.mark.slow

PER_DOC = {
    "mentions": "SELECT doc_id, count(*) FROM mentions GROUP BY 1 ORDER BY 1",
    "stances": "SELECT doc_id, count(*) FROM stances GROUP BY 1 ORDER BY 1",
    "quotes": "SELECT doc_id, count(*) FROM quotes GROUP BY 1 ORDER BY 1",
    "lines": "SELECT doc_id, count(*), sum(kept::INT) FROM lines GROUP BY 1 ORDER BY 1",
    "doc_entities": "SELECT doc_id, entity_id, mention_count FROM doc_entities ORDER BY 1, 2",
}


@pytest.fixture(scope="module")
def dask_warehouse(prefect_harness: None, seed_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds refreshed through prefect-dask on a local cluster of 2 single-threaded worker processes."""
    pytest.importorskip("prefect_dask")
    from flows.refresh import refresh
    from flows.settings import Settings

    warehouse = tmp_path_factory.mktemp("dask_warehouse")
    refresh(settings=Settings(input_dir=seed_corpus, warehouse=warehouse, dask_workers=2, batch_docs=2))
    return warehouse


def test_same_documents_as_the_default_runner(dask_warehouse: Path, seeded_warehouse: Path) -> None:
    sql = "SELECT doc_id, content_hash, clean_text FROM documents ORDER BY doc_id"
    assert query(dask_warehouse, sql) == query(seeded_warehouse, sql)
    assert len(query(dask_warehouse, sql)) == 5


@pytest.mark.parametrize("table", sorted(PER_DOC))
def test_same_rows_per_document_as_the_default_runner(dask_warehouse: Path, seeded_warehouse: Path, table: str) -> None:
    got = query(dask_warehouse, PER_DOC[table])
    assert got == query(seeded_warehouse, PER_DOC[table])
    assert got, f"{table} is empty"
