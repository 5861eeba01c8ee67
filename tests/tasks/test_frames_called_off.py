"""Frames that are no act: called off (declined to threaten X), a race (went up against X), a medium (on Twitter)."""

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


def test_on_names_a_medium_after_most_verbs(vocab: spacy.vocab.Vocab) -> None:
    text = "Cruz thanked Trump on Twitter."
    toks: list[Tok] = [
        ("Cruz", 1, "nsubj", "PROPN", "Cruz", "NNP"),
        ("thanked", 1, "ROOT", "VERB", "thank", "VBD"),
        ("Trump", 1, "dobj", "PROPN", "Trump", "NNP"),
        ("on", 1, "prep", "ADP", "on", "IN"),
        ("Twitter", 3, "pobj", "PROPN", "Twitter", "NNP"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    links = [
        link(text, "Cruz", "person:ted_cruz"),
        link(text, "Trump", "person:donald_trump"),
        link(text, "Twitter", "org:twitter", "org"),
    ]
    assert _actions(parse(vocab, text, toks), links) == [("person:ted_cruz", "person:donald_trump", "favor")]


def test_going_up_against_a_rival_is_a_race(vocab: spacy.vocab.Vocab) -> None:
    text = "Clinton went up against Sanders."
    toks: list[Tok] = [
        ("Clinton", 1, "nsubj", "PROPN", "Clinton", "NNP"),
        ("went", 1, "ROOT", "VERB", "go", "VBD"),
        ("up", 1, "prt", "ADP", "up", "RP"),
        ("against", 1, "prep", "ADP", "against", "IN"),
        ("Sanders", 3, "pobj", "PROPN", "Sanders", "NNP"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    links = [link(text, "Clinton", "person:hillary_clinton"), link(text, "Sanders", "person:bernie_sanders")]
    assert _actions(parse(vocab, text, toks), links) == []


def test_rising_up_against_someone_is_hostility(vocab: spacy.vocab.Vocab) -> None:
    text = "Rebels rose up against Assad."
    toks: list[Tok] = [
        ("Rebels", 1, "nsubj", "NOUN", "rebel", "NNS"),
        ("rose", 1, "ROOT", "VERB", "rise", "VBD"),
        ("up", 1, "prt", "ADP", "up", "RP"),
        ("against", 1, "prep", "ADP", "against", "IN"),
        ("Assad", 3, "pobj", "PROPN", "Assad", "NNP"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    links = [link(text, "Rebels", "group:syrian_rebels", "group"), link(text, "Assad", "person:bashar_al_assad")]
    assert _actions(parse(vocab, text, toks), links) == [("group:syrian_rebels", "person:bashar_al_assad", "against")]
