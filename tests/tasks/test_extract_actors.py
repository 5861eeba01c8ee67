"""Stance extraction on hand-built Docs: which linked mentions are actors (no trained model)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tasks.extract.actors import actor_links
from tasks.extract.linking import Link

spacy = pytest.importorskip("spacy")
from spacy.tokens import Doc  # noqa: E402

from tests.tasks.extract_docs import link, make_doc  # noqa: E402


def actor_ids(doc: Doc, links: list[Link]) -> list[str]:
    """Ids of the links actor_links keeps, in text order."""
    from tasks.nlp.docview import DocView

    return [lk.entity_id or "" for lk in actor_links(DocView(doc), links)]


def test_places_are_not_actors() -> None:
    # Kerry met Lavrov in Syria .
    doc = make_doc(
        [
            ("Kerry", 1, "nsubj", "PROPN", "NNP"),
            ("met", 0, "ROOT", "VERB", "VBD"),
            ("Lavrov", -1, "dobj", "PROPN", "NNP"),
            ("in", -2, "prep", "ADP", "IN"),
            ("Syria", -1, "pobj", "PROPN", "NNP"),
            (".", -4, "punct", "PUNCT", "."),
        ]
    )
    links = [
        link(doc, "Kerry", "person:john_kerry", "person"),
        link(doc, "Lavrov", "person:sergey_lavrov", "person"),
        link(doc, "Syria", "country:syria", "country"),
    ]
    assert actor_ids(doc, links) == ["person:john_kerry", "person:sergey_lavrov"]


def test_a_state_a_discussion_is_about_is_its_topic_but_sanctions_on_it_have_a_target() -> None:
    # Moscow seeks a settlement on Syria and sanctions on Turkey .
    doc = make_doc(
        [
            ("Moscow", 1, "nsubj", "PROPN", "NNP"),
            ("seeks", 0, "ROOT", "VERB", "VBZ"),
            ("a", 1, "det", "DET", "DT"),
            ("settlement", -2, "dobj", "NOUN", "NN"),
            ("on", -1, "prep", "ADP", "IN"),
            ("Syria", -1, "pobj", "PROPN", "NNP"),
            ("and", -3, "cc", "CCONJ", "CC"),
            ("sanctions", -4, "conj", "NOUN", "NNS"),
            ("on", -1, "prep", "ADP", "IN"),
            ("Turkey", -1, "pobj", "PROPN", "NNP"),
            (".", -9, "punct", "PUNCT", "."),
        ]
    )
    links = [
        link(doc, "Moscow", "gov:russia", "gov"),
        link(doc, "Syria", "country:syria", "country"),
        link(doc, "Turkey", "country:turkey", "country"),
    ]
    assert actor_ids(doc, links) == ["gov:russia", "country:turkey"]


def test_a_bare_plural_demonym_is_the_people_not_the_state() -> None:
    # Moscow failed Syrians and the Russians .
    doc = make_doc(
        [
            ("Moscow", 1, "nsubj", "PROPN", "NNP"),
            ("failed", 0, "ROOT", "VERB", "VBD"),
            ("Syrians", -1, "dobj", "PROPN", "NNPS"),
            ("and", -1, "cc", "CCONJ", "CC"),
            ("the", 1, "det", "DET", "DT"),
            ("Russians", -3, "conj", "PROPN", "NNPS"),
            (".", -5, "punct", "PUNCT", "."),
        ]
    )
    links = [
        link(doc, "Moscow", "gov:russia", "gov"),
        replace(link(doc, "Syrians", "country:syria", "country"), canonical_name="Syria"),
        replace(link(doc, "Russians", "country:russia", "country"), canonical_name="Russia"),
    ]
    assert actor_ids(doc, links) == ["gov:russia", "country:russia"]


def test_a_state_modifying_a_title_or_a_topic_is_not_an_actor_but_its_own_support_is() -> None:
    # Russian Foreign Minister Lavrov criticised the Syrian war and Russia 's support for Assad .
    doc = make_doc(
        [
            ("Russian", 2, "amod", "ADJ", "JJ"),
            ("Foreign", 1, "compound", "PROPN", "NNP"),
            ("Minister", 1, "compound", "PROPN", "NNP"),
            ("Lavrov", 1, "nsubj", "PROPN", "NNP"),
            ("criticised", 0, "ROOT", "VERB", "VBD"),
            ("the", 2, "det", "DET", "DT"),
            ("Syrian", 1, "amod", "ADJ", "JJ"),
            ("war", -3, "dobj", "NOUN", "NN"),
            ("and", -1, "cc", "CCONJ", "CC"),
            ("Russia", 2, "poss", "PROPN", "NNP"),
            ("'s", -1, "case", "PART", "POS"),
            ("support", -3, "conj", "NOUN", "NN"),
            ("for", -1, "prep", "ADP", "IN"),
            ("Assad", -1, "pobj", "PROPN", "NNP"),
            (".", -10, "punct", "PUNCT", "."),
        ]
    )
    links = [
        link(doc, "Russian", "country:russia", "country"),
        link(doc, "Lavrov", "person:sergey_lavrov", "person", parent="country:russia"),
        link(doc, "Syrian", "country:syria", "country"),
        link(doc, "Russia", "country:russia", "country", nth=0),
        link(doc, "Assad", "person:bashar_al_assad", "person"),
    ]
    links[3] = replace(links[3], start_char=doc.text.index("Russia'"), end_char=doc.text.index("Russia'") + 6)
    from tasks.nlp.docview import DocView

    kept = [(lk.text, lk.entity_id) for lk in actor_links(DocView(doc), links)]
    assert kept == [
        ("Lavrov", "person:sergey_lavrov"),
        ("Russia", "country:russia"),
        ("Assad", "person:bashar_al_assad"),
    ]


def test_labels_indefinites_fragments_and_name_modifiers_are_not_actors_but_agents_are() -> None:
    from tasks.nlp.docview import DocView

    # Trump called Holt a Democrat at Miss Universe while the Clinton campaign and Democratic nominee spoke .
    doc = make_doc(
        [
            ("Trump", 1, "nsubj", "PROPN", "NNP"),  # 0
            ("called", 0, "ROOT", "VERB", "VBD"),  # 1
            ("Holt", -1, "dobj", "PROPN", "NNP"),  # 2
            ("a", 1, "det", "DET", "DT"),  # 3
            ("Democrat", -3, "oprd", "PROPN", "NNP"),  # 4
            ("at", -4, "prep", "ADP", "IN"),  # 5
            ("Miss", 1, "compound", "PROPN", "NNP"),  # 6
            ("Universe", -2, "pobj", "PROPN", "NNP"),  # 7
            ("while", 8, "mark", "SCONJ", "IN"),  # 8
            ("the", 2, "det", "DET", "DT"),  # 9
            ("Clinton", 1, "compound", "PROPN", "NNP"),  # 10
            ("campaign", 5, "nsubj", "NOUN", "NN"),  # 11
            ("and", -1, "cc", "CCONJ", "CC"),  # 12
            ("Democratic", 1, "amod", "ADJ", "JJ"),  # 13
            ("nominee", -3, "conj", "NOUN", "NN"),  # 14
            ("spoke", -15, "advcl", "VERB", "VBD"),  # 15
            (".", -15, "punct", "PUNCT", "."),  # 16
        ]
    )
    links = [
        link(doc, "Trump", "person:donald_trump", "person"),
        link(doc, "Holt", "person:lester_holt", "person"),
        link(doc, "Democrat", "group:democrats", "group"),
        link(doc, "Universe", "person:universe", "person"),
        link(doc, "Clinton", "person:hillary_clinton", "person"),
        link(doc, "Democratic", "group:democrats", "group", nth=0),
    ]
    links[5] = replace(links[5], start_char=doc.text.index("Democratic"), end_char=doc.text.index("Democratic") + 10)
    kept = [lk.entity_id for lk in actor_links(DocView(doc), links)]
    assert kept == ["person:donald_trump", "person:lester_holt", "person:hillary_clinton"]


def _glued_doc(words: list[str], spaces: list[bool]) -> Doc:
    """A Doc with explicit spacing (hyphenated compounds have none), one flat clause."""
    nlp = spacy.blank("en")
    return Doc(nlp.vocab, words=words, spaces=spaces)


def test_a_name_glued_into_a_hyphenated_modifier_is_not_an_actor() -> None:
    # Russia targeted US-backed forces and pro-Assad militias , not Turkey .
    words = ["Russia", "targeted", "US", "-", "backed", "forces", "and", "pro", "-", "Assad", "militias", ",", "not"]
    words += ["Turkey", "."]
    spaces = [True, True, False, False, True, True, True, False, False, True, False, True, True, False, False]
    doc = _glued_doc(words, spaces)
    links = [
        link(doc, "Russia", "country:russia", "country"),
        link(doc, "US", "country:united_states", "country"),
        link(doc, "Assad", "person:bashar_al_assad", "person"),
        link(doc, "Turkey", "country:turkey", "country"),
    ]
    assert actor_ids(doc, links) == ["country:russia", "country:turkey"]


def test_a_hyphen_between_two_names_or_after_a_sentence_keeps_both_actors() -> None:
    # The Russia-Turkey deal - Erdogan said - holds .
    words = ["The", "Russia", "-", "Turkey", "deal", "-", "Erdogan", "said", "-", "holds", "."]
    spaces = [True, False, False, True, True, True, True, True, True, False, False]
    doc = _glued_doc(words, spaces)
    links = [
        link(doc, "Russia", "country:russia", "country"),
        link(doc, "Turkey", "country:turkey", "country"),
        link(doc, "Erdogan", "person:recep_tayyip_erdogan", "person"),
    ]
    assert actor_ids(doc, links) == ["country:russia", "country:turkey", "person:recep_tayyip_erdogan"]
