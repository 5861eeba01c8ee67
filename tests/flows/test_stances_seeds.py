"""Seed stances through the catalog (issues 5 and 11): who is for or against whom, portrayals, document tone."""

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


def test_oped_author_tone_is_against_russia_and_the_assad_regime(seeded_warehouse: Path) -> None:
    doc = _doc(seeded_warehouse, "002")
    author = _stances(seeded_warehouse, doc, "attribution = 'author_voice'")
    assert {r[0] for r in author} <= {"author:brooklyn_middleton"}, author  # only the op-ed's author speaks as author
    overall = dict(query(seeded_warehouse, f"SELECT target_id, polarity FROM doc_stances WHERE doc_id = '{doc}'"))
    assert "against" in {overall.get(t) for t in RUSSIA}
    assert overall.get("gov:syria") == "against"
    holders = query(seeded_warehouse, f"SELECT DISTINCT holder_id, holder_type FROM doc_stances WHERE doc_id = '{doc}'")
    assert holders == [("author:brooklyn_middleton", "author")]


def test_hard_news_gives_no_author_voice_stances(seeded_warehouse: Path) -> None:
    rows = query(
        seeded_warehouse,
        "SELECT left(d.source_path, 3), s.holder_id FROM stances s JOIN documents d USING (doc_id) "
        "WHERE s.attribution = 'author_voice'",
    )
    assert {r[0] for r in rows} <= {"002"}, rows  # only the op-ed is opinion; 000, 001, 003 and 004 report


def test_stances_are_decided_actors_only(seeded_warehouse: Path) -> None:
    polarities = {p for (p,) in query(seeded_warehouse, "SELECT DISTINCT polarity FROM stances")}
    assert polarities <= {"favor", "against"}
    kinds = query(
        seeded_warehouse,
        "SELECT DISTINCT e.type FROM stances s JOIN entities e ON e.entity_id IN (s.holder_id, s.target_id)",
    )
    assert {k for (k,) in kinds}.isdisjoint({"city", "place", "region", "facility"}), kinds
    orphans = query(
        seeded_warehouse,
        "SELECT holder_id, target_id FROM stances WHERE holder_id NOT IN (SELECT entity_id FROM entities) "
        "OR target_id NOT IN (SELECT entity_id FROM entities)",
    )
    assert orphans == []
    spurious = query(
        seeded_warehouse,
        "SELECT DISTINCT target_id FROM stances WHERE target_id IN "
        "('person:dusting', 'org:national_security', 'person:john')",
    )
    assert spurious == []


def test_places_do_not_lead_salience(seeded_warehouse: Path) -> None:
    tops = query(
        seeded_warehouse,
        "SELECT doc_id, arg_max(entity_id, salience) FROM doc_entities GROUP BY 1",
    )
    assert all(top not in ("country:syria", "city:aleppo", "region:west") for _, top in tops), tops


def test_portrayals_and_stance_edges_are_published(seeded_warehouse: Path) -> None:
    voices = {v for (v,) in query(seeded_warehouse, "SELECT DISTINCT attribution FROM portrayals")}
    assert voices == {"author_voice", "direct_quote", "indirect_speech"}
    edges = query(seeded_warehouse, "SELECT holder_actor_id, target_actor_id FROM stance_edges")
    assert edges and not [h for h, _ in edges if h.startswith("gov:")], edges  # governments roll up to states


def test_washingtons_threat_to_isolate_moscow_is_against_russia(seeded_warehouse: Path) -> None:
    doc = _doc(seeded_warehouse, "001")
    rows = _stances(seeded_warehouse, doc, "polarity = 'against'")
    assert any(
        h in ("gov:united_states", "country:united_states", "person:ben_rhodes") and t in RUSSIA and "isolat" in ev
        for h, t, _, _, ev in rows
    ), rows


def test_no_stance_is_given_to_a_reporter_or_a_cited_outlet(seeded_warehouse: Path) -> None:
    holders = {h for (h,) in query(seeded_warehouse, "SELECT DISTINCT holder_type FROM stances")}
    assert "outlet" not in holders


def test_lavrov_fruitless_get_togethers_is_against_kerry(seeded_warehouse: Path) -> None:
    doc = _doc(seeded_warehouse, "004")
    rows = _stances(seeded_warehouse, doc, "holder_id = 'person:sergey_lavrov' AND target_id = 'person:john_kerry'")
    assert any(p == "against" and ("fruitless" in ev or "disdain" in ev) for _, _, p, _, ev in rows), rows
    quotes = query(
        seeded_warehouse, f"SELECT speaker_id FROM quotes WHERE doc_id = '{doc}' AND quote_text LIKE '%fruitless%'"
    )
    assert quotes == [("person:sergey_lavrov",)]


def test_preston_holds_his_statements_not_press_tv(seeded_warehouse: Path) -> None:
    doc = _doc(seeded_warehouse, "000")
    spans = query(
        seeded_warehouse,
        f"SELECT start_char, end_char, speaker_id FROM quotes WHERE doc_id = '{doc}' AND speaker_text LIKE '%Preston%'",
    )
    assert len(spans) >= 2 and {s for _, _, s in spans if s} == {"person:keith_preston"}
    assert _stances(seeded_warehouse, doc, "holder_id = 'outlet:press_tv'") == []  # the outlet reports, it holds none
    voice = query(
        seeded_warehouse,
        f"SELECT evidence_start, evidence_end, voice_id FROM portrayals WHERE doc_id = '{doc}' "
        "AND attribution <> 'author_voice'",
    )
    assert {v for *_, v in voice} >= {"person:keith_preston"}


def test_reader_comments_are_never_the_authors_voice(seeded_warehouse: Path) -> None:
    doc = _doc(seeded_warehouse, "003")
    comments = [
        t for (t,) in query(seeded_warehouse, f"SELECT text FROM lines WHERE doc_id = '{doc}' AND label = 'comment'")
    ]
    assert comments, "the stripper labels 003's reader comments"
    voice = query(
        seeded_warehouse,
        f"SELECT evidence_text FROM portrayals WHERE doc_id = '{doc}' AND attribution = 'author_voice'",
    )
    assert voice
    for (evidence,) in voice:
        assert not any(evidence in line for line in comments), evidence


def test_every_stance_holder_and_quote_speaker_is_well_formed(seeded_warehouse: Path) -> None:
    bad = query(
        seeded_warehouse,
        "SELECT holder_id FROM stances WHERE NOT regexp_matches(holder_id, '^[a-z_]+:[a-z0-9_.\\-]+$') "
        "OR holder_id = target_id",
    )
    assert bad == []
    assert query(seeded_warehouse, "SELECT count(*) FROM doc_stances")[0][0] > 0
