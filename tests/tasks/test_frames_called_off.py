"""Frames a verb calls off ('declined to threaten X', 'ended an emergency against X', 'decided against attacking X')."""

from __future__ import annotations

import spacy

from tests.tasks.frame_actions import framed_actions as _actions
from tests.tasks.test_quotes import Tok, link, parse


def _threaten(vocab: spacy.vocab.Vocab, governor: str, lemma: str) -> tuple[spacy.tokens.Doc, list]:
    text = f"Obama {governor} to threaten Moscow."
    toks: list[Tok] = [
        ("Obama", 1, "nsubj", "PROPN", "Obama", "NNP"),
        (governor, 1, "ROOT", "VERB", lemma, "VBD"),
        ("to", 3, "aux", "PART", "to", "TO"),
        ("threaten", 1, "xcomp", "VERB", "threaten", "VB"),
        ("Moscow", 3, "dobj", "PROPN", "Moscow", "NNP"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    links = [link(text, "Obama", "person:barack_obama"), link(text, "Moscow", "gov:russia", "gov")]
    return parse(vocab, text, toks), links


def test_a_threat_declined_is_no_act_against_its_target(vocab: spacy.vocab.Vocab) -> None:
    assert _actions(*_threaten(vocab, "declined", "decline")) == []
    assert _actions(*_threaten(vocab, "refused", "refuse")) == []
    # the same frame under a verb that carries it out stays
    assert _actions(*_threaten(vocab, "tried", "try")) == [("person:barack_obama", "gov:russia", "against")]


def test_ending_an_emergency_against_a_state_is_no_act_against_it(vocab: spacy.vocab.Vocab) -> None:
    def doc(verb: str, lemma: str) -> tuple[spacy.tokens.Doc, list]:
        text = f"Washington will {verb} an emergency against Burma."
        toks: list[Tok] = [
            ("Washington", 2, "nsubj", "PROPN", "Washington", "NNP"),
            ("will", 2, "aux", "AUX", "will", "MD"),
            (verb, 2, "ROOT", "VERB", lemma, "VB"),
            ("an", 4, "det", "DET", "an", "DT"),
            ("emergency", 2, "dobj", "NOUN", "emergency", "NN"),
            ("against", 4, "prep", "ADP", "against", "IN"),
            ("Burma", 5, "pobj", "PROPN", "Burma", "NNP"),
            (".", 2, "punct", "PUNCT", ".", "."),
        ]
        links = [
            link(text, "Washington", "gov:united_states", "gov"),
            link(text, "Burma", "country:myanmar", "country"),
        ]
        return parse(vocab, text, toks), links

    assert _actions(*doc("end", "end")) == []
    assert _actions(*doc("declare", "declare")) == [("gov:united_states", "country:myanmar", "against")]


def test_deciding_against_doing_something_to_someone_is_no_hostility(vocab: spacy.vocab.Vocab) -> None:
    text = "Lauer decided against attacking Trump."
    toks: list[Tok] = [
        ("Lauer", 1, "nsubj", "PROPN", "Lauer", "NNP"),
        ("decided", 1, "ROOT", "VERB", "decide", "VBD"),
        ("against", 1, "prep", "ADP", "against", "IN"),
        ("attacking", 2, "pcomp", "VERB", "attack", "VBG"),
        ("Trump", 3, "dobj", "PROPN", "Trump", "NNP"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    links = [link(text, "Lauer", "person:matt_lauer"), link(text, "Trump", "person:donald_trump")]
    assert _actions(parse(vocab, text, toks), links) == []
