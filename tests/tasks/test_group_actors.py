"""Collective actors named by a common noun (`tasks.extract.linking.groups`), on hand-built Docs."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tasks.extract.actors import actor_rules
from tasks.extract.linking.groups import GROUP_METHOD, group_links

spacy = pytest.importorskip("spacy")

from tests.tasks.extract_docs import link, make_doc  # noqa: E402


def _found(tokens, links):
    doc = make_doc(tokens)
    made = [lk(doc) for lk in links]
    groups, absorbed = group_links(doc, made, actor_rules())
    return [(g.text, g.entity_id, g.entity_type, g.link_method) for g in groups], absorbed, made


def _demonym(text: str, entity_id: str):
    return lambda doc: replace(link(doc, text, entity_id, "country"), label="NORP", link_method="demonym")


BACKED = "Russia targeted US-backed forces."
BACKED_TOKS = [
    ("Russia", 1, "nsubj", "PROPN", "Russia", "NNP"),
    ("targeted", 1, "ROOT", "VERB", "target", "VBD"),
    ("US", 4, "npadvmod", "PROPN", "US", "NNP"),
    ("-", 4, "punct", "PUNCT", "-", "HYPH"),
    ("backed", 5, "amod", "VERB", "back", "VBN"),
    ("forces", 1, "dobj", "NOUN", "force", "NNS"),
    (".", 1, "punct", "PUNCT", ".", "."),
]


def test_a_demonym_joins_the_name_of_the_group_it_modifies() -> None:
    # Russia bombed the Syrian opposition .
    tokens = [
        ("Russia", 1, "nsubj", "PROPN", "NNP"),
        ("bombed", 0, "ROOT", "VERB", "VBD"),
        ("the", 2, "det", "DET", "DT"),
        ("Syrian", 1, "amod", "ADJ", "JJ"),
        ("opposition", -3, "dobj", "NOUN", "NN"),
        (".", -4, "punct", "PUNCT", "."),
    ]
    groups, absorbed, made = _found(
        tokens, [lambda d: link(d, "Russia", "country:russia", "country"), _demonym("Syrian", "country:syria")]
    )
    assert groups == [("Syrian opposition", "group:syrian_opposition", "group", GROUP_METHOD)]
    assert absorbed == {made[1].start_char}  # 'Syrian' is no mention of Syria here


def test_a_hyphenated_name_joins_and_an_agent_noun_stays_its_names() -> None:
    from tests.tasks.test_quotes import link as text_link
    from tests.tasks.test_quotes import parse

    text, toks = BACKED, BACKED_TOKS
    doc = parse(spacy.blank("en").vocab, text, toks)
    us = text_link(text, "US", "country:united_states", "country")
    groups, absorbed = group_links(doc, [text_link(text, "Russia", "country:russia", "country"), us], actor_rules())
    assert [(g.text, g.entity_id, g.entity_type) for g in groups] == [
        ("US-backed forces", "armed_group:us_backed_forces", "armed_group")
    ]
    assert absorbed == {us.start_char}
    # Russian forces bombed the rebels and individual terrorists .
    agent = [
        ("Russian", 1, "amod", "ADJ", "JJ"),
        ("forces", 1, "nsubj", "NOUN", "NNS"),
        ("bombed", 0, "ROOT", "VERB", "VBD"),
        ("the", 1, "det", "DET", "DT"),
        ("rebels", -2, "dobj", "NOUN", "NNS"),
        ("and", -1, "cc", "CCONJ", "CC"),
        ("individual", 1, "amod", "ADJ", "JJ"),
        ("terrorists", -3, "conj", "NOUN", "NNS"),
        (".", -6, "punct", "PUNCT", "."),
    ]
    groups, absorbed, _ = _found(agent, [_demonym("Russian", "country:russia")])
    assert groups == [("rebels", "armed_group:rebels", "armed_group", GROUP_METHOD)] and absorbed == set()
    # 'individual terrorists' is a kind of people, not a group


def test_a_qualified_head_needs_a_modifier_and_a_name_acting_for_its_side_keeps_it() -> None:
    # The groups met terrorist groups and Hezbollah fighters .
    tokens = [
        ("The", 1, "det", "DET", "DT"),
        ("groups", 1, "nsubj", "NOUN", "NNS"),
        ("met", 0, "ROOT", "VERB", "VBD"),
        ("terrorist", 1, "amod", "ADJ", "JJ"),
        ("groups", -2, "dobj", "NOUN", "NNS"),
        ("and", -1, "cc", "CCONJ", "CC"),
        ("Hezbollah", 1, "compound", "PROPN", "NNP"),
        ("fighters", -3, "conj", "NOUN", "NNS"),
        (".", -6, "punct", "PUNCT", "."),
    ]
    groups, _, _ = _found(tokens, [lambda d: link(d, "Hezbollah", "org:hezbollah", "armed_group")])
    assert groups == [("terrorist groups", "armed_group:terrorist_groups", "armed_group", GROUP_METHOD)]
