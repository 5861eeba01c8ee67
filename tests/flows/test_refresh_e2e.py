"""End-to-end: the real refresh flow on seeds/ with the real model, checked through the published catalog."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from schemas.registry import TABLES
from tests.conftest import query
from tests.tasks.test_boilerplate_seeds import FURNITURE as SEED_FURNITURE

pytestmark = pytest.mark.slow

FURNITURE = [
    *SEED_FURNITURE,
    "© The American Interest",
    "contradictory statements, negotiations, Mark Toner",
]


def test_documents_are_the_five_seeds(seeded_warehouse: Path) -> None:
    assert query(seeded_warehouse, "SELECT count(*) FROM documents") == [(5,)]
    paths = sorted(r[0] for r in query(seeded_warehouse, "SELECT source_path FROM documents"))
    assert paths == sorted(p.name for p in Path("seeds").glob("*.txt"))


@pytest.mark.parametrize("table", ["lines", "mentions", "entities", "stances", "quotes", "doc_entities", "doc_stances"])
def test_tables_are_not_empty(seeded_warehouse: Path, table: str) -> None:
    assert query(seeded_warehouse, f"SELECT count(*) FROM {table}")[0][0] > 0


def test_furniture_never_reaches_clean_text(seeded_warehouse: Path) -> None:
    texts = [r[0] for r in query(seeded_warehouse, "SELECT clean_text FROM documents")]
    for line in FURNITURE:
        assert not any(line in t for t in texts), line


def test_mention_offsets_slice_clean_text(seeded_warehouse: Path) -> None:
    bad = query(
        seeded_warehouse,
        """
        SELECT m.mention_id FROM mentions m JOIN documents d USING (doc_id)
        WHERE substring(d.clean_text, m.start_char + 1, m.end_char - m.start_char) <> m.text""",
    )
    assert bad == []


def test_stance_evidence_slices_clean_text_and_ids_join(seeded_warehouse: Path) -> None:
    bad = query(
        seeded_warehouse,
        """
        SELECT s.stance_id FROM stances s JOIN documents d USING (doc_id)
        WHERE substring(d.clean_text, s.evidence_start + 1, s.evidence_end - s.evidence_start) <> s.evidence_text""",
    )
    assert bad == []
    orphans = query(
        seeded_warehouse,
        """
        SELECT target_id FROM stances WHERE target_id NOT IN (SELECT entity_id FROM entities)""",
    )
    assert orphans == []
    polarities = {r[0] for r in query(seeded_warehouse, "SELECT DISTINCT polarity FROM stances")}
    assert polarities <= {"favor", "against"}


def test_attributed_statements_are_found(seeded_warehouse: Path) -> None:
    attributions = {r[0] for r in query(seeded_warehouse, "SELECT DISTINCT attribution FROM stances")}
    assert attributions and attributions <= {"author_voice", "direct_quote", "indirect_speech", "reported_action"}
    voices = {r[0] for r in query(seeded_warehouse, "SELECT DISTINCT attribution FROM portrayals")}
    assert {"direct_quote", "indirect_speech", "author_voice"} <= voices
    speakers = {r[0] for r in query(seeded_warehouse, "SELECT DISTINCT speaker_id FROM quotes")}
    assert any(s and "rhodes" in s for s in speakers)


def test_every_parquet_file_has_its_registry_schema(seeded_warehouse: Path) -> None:
    versions = dict(query(seeded_warehouse, "SELECT table_name, path FROM _stancewire_versions"))
    for name, spec in TABLES.items():
        files = list(Path(versions[name]).glob("*.parquet"))
        assert files, name
        for f in files:
            assert pq.read_schema(f).remove_metadata().equals(spec.schema.remove_metadata()), (name, f)


def test_runs_table_records_the_refresh(seeded_warehouse: Path) -> None:
    rows = query(seeded_warehouse, "SELECT status, docs_total, code_version, pipeline_version FROM runs")
    assert rows and rows[-1][0] in ("published", "quarantined") and rows[-1][1] == 5


def test_second_refresh_keeps_counts_and_carries_everything(seeded_warehouse: Path, seed_corpus: Path) -> None:
    from flows.refresh import refresh
    from flows.settings import Settings

    tables = ["documents", "lines", "mentions", "entities", "stances", "quotes", "doc_entities"]
    before = {t: query(seeded_warehouse, f"SELECT count(*) FROM {t}")[0][0] for t in tables}
    summary = refresh(settings=Settings(input_dir=seed_corpus, warehouse=seeded_warehouse, n_process=1))
    after = {t: query(seeded_warehouse, f"SELECT count(*) FROM {t}")[0][0] for t in tables}
    assert after == before
    assert summary.docs_new == 0 and summary.docs_carried == 5
    assert query(seeded_warehouse, "SELECT count(*) FROM runs")[0][0] == 2
