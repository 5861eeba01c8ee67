"""Author pairs of an opinion piece on hand-built Docs: the author holds nothing towards what another actor acts on."""

from __future__ import annotations

import pytest

from tasks.extract.candidates import author_pairs, sentences
from tasks.extract.context import build_context

pytest.importorskip("spacy")

from tests.tasks.extract_docs import link, make_doc


def test_an_author_holds_nothing_towards_a_target_another_actor_acts_on_in_the_sentence() -> None:
    # Washington would silence its calls for Assad 's departure .
    doc = make_doc(
        [
            ("Washington", 2, "nsubj", "PROPN", "NNP"),
            ("would", 1, "aux", "AUX", "MD"),
            ("silence", 0, "ROOT", "VERB", "VB"),
            ("its", 1, "poss", "PRON", "PRP$"),
            ("calls", -2, "dobj", "NOUN", "NNS"),
            ("for", -1, "prep", "ADP", "IN"),
            ("Assad", 2, "poss", "PROPN", "NNP"),
            ("'s", -1, "case", "PART", "POS"),
            ("departure", -3, "pobj", "NOUN", "NN"),
            (".", -7, "punct", "PUNCT", "."),
        ]
    )
    links = [
        link(doc, "Washington", "gov:united_states", "gov"),
        link(doc, "Assad", "person:bashar_al_assad", "person"),
    ]
    ctx = build_context("d1", doc, links, [], title="Opinion: Washington", byline=None, outlet="Wire")
    assert ctx.opinion
    pairs = author_pairs(ctx, sentences(ctx))
    # the calls for Assad's departure are Washington's: the author's stance, if any, is towards Washington only
    assert [(p.a_id, p.b_id) for p in pairs] == [("outlet:wire", "gov:united_states")]
