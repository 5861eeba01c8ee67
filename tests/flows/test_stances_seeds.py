"""Seeds figures for issue 5 (quotes, holders, stances, document-level author stance), through the catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import query

pytestmark = pytest.mark.slow

RUSSIA = ("country:russia", "gov:russia")  # 'against Russia': the state or its government (gov:russia.parent_id)


def _doc(wh: Path, prefix: str) -> str:
    """doc_id of the seed whose file name starts with prefix."""
    rows = query(wh, f"SELECT doc_id FROM documents WHERE source_path LIKE '{prefix}%'")
    assert len(rows) == 1, f"seed {prefix} not found once: {rows}"
    return rows[0][0]


def _stances(wh: Path, doc_id: str, where: str) -> list[tuple]:
    return query(
        wh,
        f"SELECT holder_id, target_id, polarity, attribution, evidence_text FROM stances "
        f"WHERE doc_id = '{doc_id}' AND {where}",
    )


def test_outlets_are_detected(seeded_warehouse: Path) -> None:
    outlets = dict(query(seeded_warehouse, "SELECT left(source_path, 3), outlet FROM documents"))
    assert outlets["000"] == "Press TV"
    assert outlets["002"] == "Al Arabiya"
    assert outlets["004"] == "The American Interest"


def test_oped_author_is_against_russia_and_the_assad_regime(seeded_warehouse: Path) -> None:
    doc = _doc(seeded_warehouse, "002")
    author = "holder_id = 'author:brooklyn_middleton' AND attribution = 'author_voice'"
    against = {r[1] for r in _stances(seeded_warehouse, doc, f"{author} AND polarity = 'against'")}
    assert against & set(RUSSIA) and "gov:syria" in against
    overall = dict(query(seeded_warehouse, f"SELECT target_id, polarity FROM doc_stances WHERE doc_id = '{doc}'"))
    assert "against" in {overall.get(t) for t in RUSSIA}
    assert overall.get("gov:syria") == "against"
    holders = query(seeded_warehouse, f"SELECT DISTINCT holder_id, holder_type FROM doc_stances WHERE doc_id = '{doc}'")
    assert holders == [("author:brooklyn_middleton", "author")]


def test_rhodes_warning_of_isolation_is_against_russia(seeded_warehouse: Path) -> None:
    doc = _doc(seeded_warehouse, "001")
    rows = _stances(seeded_warehouse, doc, "holder_id = 'person:ben_rhodes' AND polarity = 'against'")
    assert any(t in RUSSIA and "isolat" in ev for _, t, _, _, ev in rows), rows


def test_putin_favours_his_talks_with_obama(seeded_warehouse: Path) -> None:
    doc = _doc(seeded_warehouse, "001")
    rows = _stances(seeded_warehouse, doc, "holder_id = 'person:vladimir_putin' AND target_id = 'person:barack_obama'")
    assert any(p == "favor" and "meeting" in ev for _, _, p, _, ev in rows), rows


def test_lavrov_fruitless_get_togethers_is_against_kerry(seeded_warehouse: Path) -> None:
    doc = _doc(seeded_warehouse, "004")
    rows = _stances(seeded_warehouse, doc, "holder_id = 'person:sergey_lavrov' AND target_id = 'person:john_kerry'")
    assert any(p == "against" and "fruitless" in ev for _, _, p, _, ev in rows), rows
    quotes = query(
        seeded_warehouse, f"SELECT speaker_id FROM quotes WHERE doc_id = '{doc}' AND quote_text LIKE 'fruitless%'"
    )
    assert quotes == [("person:sergey_lavrov",)]


def test_preston_holds_his_statements_not_press_tv(seeded_warehouse: Path) -> None:
    doc = _doc(seeded_warehouse, "000")
    spans = query(
        seeded_warehouse,
        f"SELECT start_char, end_char, speaker_id FROM quotes WHERE doc_id = '{doc}' AND speaker_text LIKE '%Preston%'",
    )
    assert len(spans) >= 3 and {s for _, _, s in spans} == {"person:keith_preston"}
    outlet_rows = query(
        seeded_warehouse,
        f"SELECT evidence_start, evidence_end FROM stances WHERE doc_id = '{doc}' AND holder_id = 'outlet:press_tv'",
    )
    for a, b, _ in spans:
        assert not [(s, e) for s, e in outlet_rows if s < b and a < e], "Press TV holds text attributed to Preston"
    preston = _stances(seeded_warehouse, doc, "holder_id = 'person:keith_preston'")
    assert preston and {r[3] for r in preston} <= {"direct_quote", "indirect_speech", "reported_action"}


def test_reader_comments_are_never_the_authors_voice(seeded_warehouse: Path) -> None:
    doc = _doc(seeded_warehouse, "003")
    comments = [
        t for (t,) in query(seeded_warehouse, f"SELECT text FROM lines WHERE doc_id = '{doc}' AND label = 'comment'")
    ]
    assert comments, "the stripper labels 003's reader comments"
    voice = _stances(seeded_warehouse, doc, "attribution = 'author_voice'")
    assert voice
    for *_, evidence in voice:
        assert not any(evidence in line for line in comments), evidence


def test_every_stance_holder_and_quote_speaker_is_well_formed(seeded_warehouse: Path) -> None:
    bad = query(
        seeded_warehouse,
        "SELECT holder_id FROM stances WHERE NOT regexp_matches(holder_id, '^[a-z_]+:[a-z0-9_.\\-]+$') "
        "OR holder_id = target_id",
    )
    assert bad == []
    assert query(seeded_warehouse, "SELECT count(*) FROM doc_stances")[0][0] > 0
