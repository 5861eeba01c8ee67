"""Reported actions: frame words, what a frame noun's modifiers mean, reporting verbs and line breaks."""

from __future__ import annotations

import spacy

from tasks.extract.actions import frame_above
from tests.tasks.frame_actions import actions as _actions
from tests.tasks.test_quotes import Tok, link, parse


def test_frame_noun_modifier_is_not_its_target(vocab: spacy.vocab.Vocab) -> None:
    text = "Russia opposes the Syrian war."
    toks: list[Tok] = [
        ("Russia", 1, "nsubj", "PROPN", "Russia", "NNP"),
        ("opposes", 1, "ROOT", "VERB", "oppose", "VBZ"),
        ("the", 4, "det", "DET", "the", "DT"),
        ("Syrian", 4, "amod", "ADJ", "Syrian", "JJ"),
        ("war", 1, "dobj", "NOUN", "war", "NN"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    doc = parse(vocab, text, toks)
    assert frame_above(doc[3]) is None  # 'Syrian' modifies the frame noun 'war': not its target
    links = [link(text, "Russia", "country:russia", "country"), link(text, "Syrian", "country:syria", "country")]
    # nor does the verb frame reach it through 'war': opposing the Syrian war is no stance against Syria
    assert _actions(doc, links) == []


def test_nominal_frame_with_possessor_and_object(vocab: spacy.vocab.Vocab) -> None:
    text = "Russia's support for Assad grew."
    toks: list[Tok] = [
        ("Russia", 2, "poss", "PROPN", "Russia", "NNP"),
        ("'s", 0, "case", "PART", "'s", "POS"),
        ("support", 5, "nsubj", "NOUN", "support", "NN"),
        ("for", 2, "prep", "ADP", "for", "IN"),
        ("Assad", 3, "pobj", "PROPN", "Assad", "NNP"),
        ("grew", 5, "ROOT", "VERB", "grow", "VBD"),
        (".", 5, "punct", "PUNCT", ".", "."),
    ]
    links = [link(text, "Russia", "country:russia", "country"), link(text, "Assad", "person:bashar_al_assad")]
    assert _actions(parse(vocab, text, toks), links) == [("country:russia", "person:bashar_al_assad", "favor")]


def test_reporting_verb_complement_is_speech_not_action(vocab: spacy.vocab.Vocab) -> None:
    text = "Putin said Turkey would attack Kurds."
    toks: list[Tok] = [
        ("Putin", 1, "nsubj", "PROPN", "Putin", "NNP"),
        ("said", 1, "ROOT", "VERB", "say", "VBD"),
        ("Turkey", 4, "nsubj", "PROPN", "Turkey", "NNP"),
        ("would", 4, "aux", "AUX", "would", "MD"),
        ("attack", 1, "ccomp", "VERB", "attack", "VB"),
        ("Kurds", 4, "dobj", "PROPN", "Kurds", "NNPS"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    links = [
        link(text, "Putin", "person:vladimir_putin"),
        link(text, "Turkey", "country:turkey", "country"),
        link(text, "Kurds", "group:kurds", "group"),
    ]
    # Turkey attacks the Kurds (an action reported inside Putin's speech); Putin himself acts on nobody
    assert _actions(parse(vocab, text, toks), links) == [("country:turkey", "group:kurds", "against")]


def test_action_does_not_run_over_a_line_break(vocab: spacy.vocab.Vocab) -> None:
    text = "Reuters:\nsnubs Washington"
    toks: list[Tok] = [
        ("Reuters", 3, "nsubj", "PROPN", "Reuters", "NNP"),
        (":", 0, "punct", "PUNCT", ":", ":"),
        ("\n", 1, "dep", "SPACE", "\n", "_SP"),
        ("snubs", 3, "ROOT", "VERB", "snub", "VBZ"),
        ("Washington", 3, "dobj", "PROPN", "Washington", "NNP"),
    ]
    links = [link(text, "Reuters", "outlet:reuters", "outlet"), link(text, "Washington", "gov:united_states", "gov")]
    assert _actions(parse(vocab, text, toks), links) == []


def test_working_with_someone_is_a_favor_frame(vocab: spacy.vocab.Vocab) -> None:
    text = "Washington will work with Moscow."
    toks: list[Tok] = [
        ("Washington", 2, "nsubj", "PROPN", "Washington", "NNP"),
        ("will", 2, "aux", "AUX", "will", "MD"),
        ("work", 2, "ROOT", "VERB", "work", "VB"),
        ("with", 2, "prep", "ADP", "with", "IN"),
        ("Moscow", 3, "pobj", "PROPN", "Moscow", "NNP"),
        (".", 2, "punct", "PUNCT", ".", "."),
    ]
    links = [link(text, "Washington", "gov:united_states", "gov"), link(text, "Moscow", "gov:russia", "gov")]
    assert _actions(parse(vocab, text, toks), links) == [("gov:united_states", "gov:russia", "favor")]
