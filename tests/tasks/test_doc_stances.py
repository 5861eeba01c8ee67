"""Document-level author stance: aggregation of author-voice records, salient targets, modest confidence."""

from __future__ import annotations

from tasks.extract.doc_stances import MAX_CONFIDENCE, aggregate, doc_stance_rows, salient_targets


def _rec(target: str, polarity: str, score: float, attribution: str = "author_voice", conf: float = 0.8) -> dict:
    return {
        "holder_id": "author:jane_doe",
        "holder_type": "author",
        "target_id": target,
        "polarity": polarity,
        "score": score,
        "confidence": conf,
        "attribution": attribution,
    }


def _ent(entity_id: str, salience: float, first: int = 0) -> dict:
    return {"entity_id": entity_id, "salience": salience, "first_offset": first}


def test_majority_against_wins_with_bounded_confidence() -> None:
    pol, score, conf = aggregate([_rec("x", "against", -0.8), _rec("x", "against", -0.6), _rec("x", "favor", 0.3)])
    assert pol == "against" and -1 <= score < 0
    assert 0 < conf <= MAX_CONFIDENCE


def test_neutral_records_do_not_push_a_side() -> None:
    pol, score, conf = aggregate([_rec("x", "neutral", -0.3), _rec("x", "neutral", -0.25)])
    assert (pol, score) == ("neutral", 0.0) and conf > 0


def test_more_evidence_more_confidence() -> None:
    one = aggregate([_rec("x", "favor", 0.7)])[2]
    five = aggregate([_rec("x", "favor", 0.7)] * 5)[2]
    assert one < five <= MAX_CONFIDENCE


def test_salient_targets_rank_and_floor() -> None:
    ents = [_ent("a", 0.9), _ent("b", 0.5), _ent("c", 0.2), _ent("d", 0.7)]
    assert salient_targets(ents, {"a", "b", "c"}) == ["a", "b"]  # d has no author records, c is below the floor


def _portrayal(entity: str, polarity: str, score: float, attribution: str = "author_voice") -> dict:
    voice = ("author:jane_doe", "author") if attribution == "author_voice" else ("person:x", "person")
    return {
        "entity_id": entity,
        "polarity": polarity,
        "score": score,
        "confidence": 0.8,
        "attribution": attribution,
        "voice_id": voice[0],
        "voice_type": voice[1],
    }


def test_rows_use_author_voice_portrayals_only() -> None:
    stances = [
        _portrayal("country:russia", "negative", -0.7),
        _portrayal("country:russia", "negative", -0.5),
        _portrayal("gov:syria", "positive", 0.9, attribution="direct_quote"),
    ]
    rows = doc_stance_rows("d1", stances, [_ent("country:russia", 0.8), _ent("gov:syria", 0.9)])
    assert [(r["target_id"], r["polarity"], r["evidence_count"], r["against_count"]) for r in rows] == [
        ("country:russia", "against", 2, 2)
    ]
    assert rows[0]["holder_id"] == "author:jane_doe" and rows[0]["salience"] == 0.8
    assert doc_stance_rows("d1", stances[2:], [_ent("gov:syria", 0.9)]) == []
