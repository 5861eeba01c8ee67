"""The shipped gazetteer validates, covers the seed actors, and yields ruler patterns that spaCy matches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from tasks.nlp.gazetteer import Gazetteer, GazetteerEntity, fold, load_gazetteer


def _ent(entity_id: str, aliases: tuple[str, ...], **kw) -> GazetteerEntity:
    label = kw.pop("spacy_label", "PERSON")
    parent = kw.pop("parent_id", None)
    return GazetteerEntity(entity_id, aliases[0], entity_id.split(":")[0], label, aliases, None, parent, **kw)


def test_packaged_gazetteer_validates_and_is_large() -> None:
    gaz = load_gazetteer()
    assert gaz.validate() == []
    types = {e.type for e in gaz.entities.values()}
    assert {"person", "country", "gov", "io", "armed_group", "outlet", "capital"} <= types
    assert sum(e.type == "country" for e in gaz.entities.values()) >= 190
    for ent in gaz.entities.values():
        if ent.type == "gov":
            assert gaz.get(ent.parent_id) is not None and gaz.get(ent.parent_id).type == "country"


@pytest.mark.parametrize(
    ("name", "entity_id"),
    [
        ("Sergei Lavrov", "person:sergey_lavrov"),
        ("ISIL", "org:isis"),
        ("Daesh", "org:isis"),
        ("Nusra", "org:jabhat_fateh_al_sham"),
        ("Bashar Assad", "person:bashar_al_assad"),
        ("U.S.", "country:united_states"),
        ("Tayyip Erdoğan", "person:recep_tayyip_erdogan"),
        ("Kremlin", "landmark:kremlin"),
        ("Press TV", "outlet:press_tv"),
        ("UN", "io:united_nations"),
    ],
)
def test_lookup_of_seed_actors(name: str, entity_id: str) -> None:
    ent = load_gazetteer().lookup(name)
    assert ent is not None and ent.entity_id == entity_id


def test_folded_lookup_ignores_case_diacritics_and_particles() -> None:
    gaz = Gazetteer([_ent("person:bashar_al_assad", ("Bashar al-Assad",)), _ent("person:x_erdogan", ("Erdoğan",))])
    assert gaz.lookup_method("Bashar al-Assad")[1] == "alias"
    assert gaz.lookup_method("BASHAR AL-ASSAD") == (gaz.entities["person:bashar_al_assad"], "folded")
    assert gaz.lookup("Bashar Assad").entity_id == "person:bashar_al_assad"
    assert gaz.lookup("erdogan").entity_id == "person:x_erdogan"
    assert gaz.lookup("Obama") is None
    assert fold("the U.S.") == "us"


def test_validate_reports_bad_ids_parents_and_shared_aliases() -> None:
    gaz = Gazetteer(
        [
            _ent("person:a", ("Alpha",), parent_id="gov:missing"),
            _ent("Bad Id", ("Beta",)),
            _ent("person:c", ("alpha",)),
            _ent("country:d", ("Delta",), demonyms=("Deltan",)),
            _ent("group:e", ("Epsilon",), demonyms=("Deltan",)),
        ]
    )
    problems = "\n".join(gaz.validate())
    assert "gov:missing" in problems and "Bad Id" in problems and "also belongs to person:a" in problems
    assert "demonym 'Deltan' also belongs to country:d" in problems


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        Gazetteer([_ent("person:a", ("A",)), _ent("person:a", ("B",))])


def test_weak_aliases_and_demonyms_are_not_ruler_patterns() -> None:
    gaz = Gazetteer([_ent("city:washington", ("Washington DC",), spacy_label="GPE", weak_aliases=("Washington",))])
    patterns = {p["pattern"] for p in gaz.ruler_patterns()}
    assert patterns == {"Washington DC", "WASHINGTON DC"}
    assert gaz.lookup("Washington").entity_id == "city:washington"


def test_ruler_patterns_match_spacy_tokens_with_ids() -> None:
    gaz = load_gazetteer()
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": None})
    ruler.add_patterns(gaz.ruler_patterns())
    doc = nlp("Daesh (ISIL/ISIS) and Jabhat Fateh al-Sham met Bashar al-Assad in ALEPPO with the U.S.")
    found = {(e.text, e.ent_id_) for e in doc.ents}
    assert ("ISIL", "org:isis") in found and ("ISIS", "org:isis") in found and ("Daesh", "org:isis") in found
    assert ("Jabhat Fateh al-Sham", "org:jabhat_fateh_al_sham") in found
    assert ("Bashar al-Assad", "person:bashar_al_assad") in found
    assert ("ALEPPO", "city:aleppo") in found and ("U.S.", "country:united_states") in found


def test_load_from_path_and_bad_line(tmp_path: Path) -> None:
    good = tmp_path / "g.jsonl"
    rec = {
        "entity_id": "org:x",
        "canonical_name": "X Corp",
        "type": "org",
        "spacy_label": "ORG",
        "aliases": ["X"],
    }
    good.write_text(json.dumps(rec) + "\n\n", encoding="utf-8")
    assert load_gazetteer(good).lookup("X Corp").entity_id == "org:x"
    bad = tmp_path / "b.jsonl"
    bad.write_text('{"entity_id": "org:y"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"b\.jsonl:1"):
        load_gazetteer(bad)
    with pytest.raises(FileNotFoundError):
        load_gazetteer(tmp_path / "missing.jsonl")
