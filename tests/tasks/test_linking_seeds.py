"""Golden check on the seed corpus (needs the spaCy model; skipped without it): each actor is one entity_id."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from tasks.extract.linking import candidates_from_doc, link_mentions
from tasks.nlp.gazetteer import load_gazetteer

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
GROUPS = {
    "person:sergey_lavrov": {"Sergey Lavrov", "Sergei Lavrov", "Lavrov", "Larvov"},
    "org:isis": {"ISIS", "ISIL", "Daesh", "Daesh group"},
    "org:jabhat_fateh_al_sham": {"Jabhat Fateh al-Sham", "Fateh al-Sham", "Nusra"},
    "person:bashar_al_assad": {"Bashar al-Assad", "Bashar Assad", "Assad"},
    "person:vladimir_putin": {"Vladimir Putin", "Putin"},
    "person:barack_obama": {"Barack Obama", "Obama"},
    "person:john_kerry": {"John Kerry", "Kerry"},
    "person:ben_rhodes": {"Ben Rhodes", "Rhodes"},
    "person:mark_toner": {"Mark Toner", "Toner"},
    "country:united_states": {"US", "U.S.", "United States"},
}


@pytest.fixture(scope="module")
def seed_links() -> list:
    from tasks.nlp.pipeline import build_nlp

    try:
        nlp = build_nlp()
    except RuntimeError as exc:  # build_nlp's error when the model package is missing
        pytest.skip(f"spaCy model not installed: {exc}")
    gaz = load_gazetteer()
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    if not texts:
        pytest.skip("no seeds/*.txt")
    return [lk for doc in nlp.pipe(texts) for lk in link_mentions(candidates_from_doc(doc), doc.text, gaz)]


def test_each_seed_actor_is_exactly_one_entity(seed_links: list) -> None:
    ids_by_text: dict[str, set[str]] = defaultdict(set)
    for lk in seed_links:
        ids_by_text[lk.text].add(lk.entity_id)
    for entity_id, names in GROUPS.items():
        seen = {name for name in names if name in ids_by_text}
        assert seen, f"no mention of {entity_id} found"
        for name in seen:
            assert ids_by_text[name] == {entity_id}, (name, ids_by_text[name])


def test_no_two_actors_share_an_id(seed_links: list) -> None:
    texts_by_id: dict[str, set[str]] = defaultdict(set)
    for lk in seed_links:
        texts_by_id[lk.entity_id].add(lk.text)
    for entity_id in GROUPS:
        others = [n for eid, ns in GROUPS.items() if eid != entity_id for n in ns]
        assert not texts_by_id[entity_id] & set(others), (entity_id, texts_by_id[entity_id])


def test_seed_mentions_are_clean(seed_links: list) -> None:
    for lk in seed_links:
        assert "\n" not in lk.text and "[" not in lk.text and "]" not in lk.text, lk
        assert not lk.text.lower().startswith("the ") and not lk.text.endswith(("'s", "’s")), lk
