"""Frames a careful reader of the seeds records that the extractor missed: a relative clause hung on the wrong noun,
reactions drawn from someone ('prompting anger from X'), speakers' wanted acts ('it's time to unite against X') and
'anti-X' modifiers of what an actor wages."""

from __future__ import annotations

import spacy

from tests.tasks.frame_actions import framed_actions
from tests.tasks.test_quotes import Tok, link, parse


def test_who_refers_to_the_actor_right_before_it_when_the_parse_hangs_the_clause_elsewhere(
    vocab: spacy.vocab.Vocab,
) -> None:
    text = "relationships between Russia and resistance movements who are opposed to US hegemony."
    toks: list[Tok] = [
        ("relationships", 0, "ROOT", "NOUN", "relationship", "NNS"),
        ("between", 0, "prep", "ADP", "between", "IN"),
        ("Russia", 1, "pobj", "PROPN", "Russia", "NNP"),
        ("and", 2, "cc", "CCONJ", "and", "CC"),
        ("resistance", 5, "compound", "NOUN", "resistance", "NN"),
        ("movements", 2, "conj", "NOUN", "movement", "NNS"),
        ("who", 7, "nsubj", "PRON", "who", "WP"),
        ("are", 0, "relcl", "AUX", "be", "VBP"),  # the parser hangs it on 'relationships'
        ("opposed", 7, "acomp", "VERB", "oppose", "VBN"),
        ("to", 8, "prep", "ADP", "to", "IN"),
        ("US", 11, "compound", "PROPN", "US", "NNP"),
        ("hegemony", 9, "pobj", "NOUN", "hegemony", "NN"),
        (".", 0, "punct", "PUNCT", ".", "."),
    ]
    links = [
        link(text, "Russia", "country:russia", "country"),
        link(text, "resistance movements", "group:resistance_movements", "group"),
        link(text, "US", "country:united_states", "country"),
    ]
    found = framed_actions(parse(vocab, text, toks), links)
    assert found == [("group:resistance_movements", "country:united_states", "against")]
    # 'who' is a person or a body of people: a state right before it is not what it refers to
    states = [links[0], link(text, "resistance movements", "country:nowhere", "country"), links[2]]
    assert framed_actions(parse(vocab, text, toks), states) == []


def test_a_reaction_drawn_from_someone_is_their_stance_towards_who_drew_it(vocab: spacy.vocab.Vocab) -> None:
    text = "Russia targeted rebels, prompting anger from the Pentagon."
    toks: list[Tok] = [
        ("Russia", 1, "nsubj", "PROPN", "Russia", "NNP"),
        ("targeted", 1, "ROOT", "VERB", "target", "VBD"),
        ("rebels", 1, "dobj", "NOUN", "rebel", "NNS"),
        (",", 1, "punct", "PUNCT", ",", ","),
        ("prompting", 1, "advcl", "VERB", "prompt", "VBG"),
        ("anger", 4, "dobj", "NOUN", "anger", "NN"),
        ("from", 5, "prep", "ADP", "from", "IN"),
        ("the", 8, "det", "DET", "the", "DT"),
        ("Pentagon", 6, "pobj", "PROPN", "Pentagon", "NNP"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    links = [link(text, "Russia", "country:russia", "country"), link(text, "Pentagon", "org:pentagon", "org")]
    assert framed_actions(parse(vocab, text, toks), links) == [("org:pentagon", "country:russia", "against")]
    praise = text.replace("anger", "praise")
    toks[5] = ("praise", 4, "dobj", "NOUN", "praise", "NN")
    assert framed_actions(parse(vocab, praise, toks), links) == [("org:pentagon", "country:russia", "favor")]
    toks[4] = ("quoting", 1, "advcl", "VERB", "quote", "VBG")  # not a verb of drawing a reaction
    quoting = praise.replace("prompting", "quoting")
    assert framed_actions(parse(vocab, quoting, toks), links) == []


def test_a_subjectless_infinitive_of_a_wanted_noun_is_what_the_words_want(vocab: spacy.vocab.Vocab) -> None:
    from tasks.extract.frames import deontic_frame

    text = "it is time to put aside interests and unite against ISIS."
    toks: list[Tok] = [
        ("it", 1, "nsubj", "PRON", "it", "PRP"),
        ("is", 1, "ROOT", "AUX", "be", "VBZ"),
        ("time", 1, "attr", "NOUN", "time", "NN"),
        ("to", 4, "aux", "PART", "to", "TO"),
        ("put", 2, "relcl", "VERB", "put", "VB"),
        ("aside", 4, "advmod", "ADV", "aside", "RB"),
        ("interests", 4, "dobj", "NOUN", "interest", "NNS"),
        ("and", 4, "cc", "CCONJ", "and", "CC"),
        ("unite", 4, "conj", "VERB", "unite", "VB"),
        ("against", 8, "prep", "ADP", "against", "IN"),
        ("ISIS", 9, "pobj", "PROPN", "ISIS", "NNP"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    doc = parse(vocab, text, toks)
    assert deontic_frame(doc[10]) == "against"
    # 'it is a place to unite against ISIS' wants nothing; nor does 'they unite against ISIS' with its own subject
    place = parse(
        vocab,
        text.replace("time", "place"),
        [t if t[0] != "time" else ("place", 1, "attr", "NOUN", "place", "NN") for t in toks],
    )
    assert deontic_frame(place[10]) is None
    subj = [*toks[:8], ("they", 9, "nsubj", "PRON", "they", "PRP"), ("unite", 4, "conj", "VERB", "unite", "VB")]
    subj += [("against", 9, "prep", "ADP", "against", "IN"), ("ISIS", 10, "pobj", "PROPN", "ISIS", "NNP")]
    subj += [(".", 1, "punct", "PUNCT", ".", ".")]
    own = parse(vocab, text.replace("and unite", "and they unite"), subj)
    assert deontic_frame(own[11]) is None


def test_an_anti_prefix_frames_what_the_actor_wages(vocab: spacy.vocab.Vocab) -> None:
    text = "the US-led coalition fighting an anti-ISIS war."
    toks: list[Tok] = [
        ("the", 4, "det", "DET", "the", "DT"),
        ("US", 3, "npadvmod", "PROPN", "US", "NNP"),
        ("-", 3, "punct", "PUNCT", "-", "HYPH"),
        ("led", 4, "amod", "VERB", "lead", "VBN"),
        ("coalition", 4, "ROOT", "NOUN", "coalition", "NN"),
        ("fighting", 4, "acl", "VERB", "fight", "VBG"),
        ("an", 10, "det", "DET", "an", "DT"),
        ("anti", 10, "amod", "ADJ", "anti", "JJ"),
        ("-", 10, "amod", "ADJ", "-", "JJ"),
        ("ISIS", 10, "amod", "ADJ", "isis", "JJ"),
        ("war", 5, "dobj", "NOUN", "war", "NN"),
        (".", 4, "punct", "PUNCT", ".", "."),
    ]
    links = [
        link(text, "US-led coalition", "armed_group:us_led_coalition", "armed_group"),
        link(text, "ISIS", "org:isis", "org"),
    ]
    doc = parse(vocab, text, toks)
    assert framed_actions(doc, links) == [("armed_group:us_led_coalition", "org:isis", "against")]
    # an agent noun holds the prefix's stance itself: fighting 'anti-ISIS rebels' is no stance towards ISIS
    rebels = [*toks[:10], ("rebels", 5, "dobj", "NOUN", "rebel", "NNS"), toks[11]]
    text2 = text.replace("an anti-ISIS war", "an anti-ISIS rebels")
    assert framed_actions(parse(vocab, text2, rebels), [links[0], link(text2, "ISIS", "org:isis", "org")]) == []


def test_a_reaction_to_a_reported_act_is_towards_who_did_it_not_who_reported_it(vocab: spacy.vocab.Vocab) -> None:
    text = "Reuters reported that Russia targeted rebels, prompting anger from the Pentagon."
    toks: list[Tok] = [
        ("Reuters", 1, "nsubj", "PROPN", "Reuters", "NNP"),
        ("reported", 1, "ROOT", "VERB", "report", "VBD"),
        ("that", 4, "mark", "SCONJ", "that", "IN"),
        ("Russia", 4, "nsubj", "PROPN", "Russia", "NNP"),
        ("targeted", 1, "ccomp", "VERB", "target", "VBD"),
        ("rebels", 4, "dobj", "NOUN", "rebel", "NNS"),
        (",", 4, "punct", "PUNCT", ",", ","),
        ("prompting", 4, "advcl", "VERB", "prompt", "VBG"),
        ("anger", 7, "dobj", "NOUN", "anger", "NN"),
        ("from", 8, "prep", "ADP", "from", "IN"),
        ("the", 11, "det", "DET", "the", "DT"),
        ("Pentagon", 9, "pobj", "PROPN", "Pentagon", "NNP"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    links = [
        link(text, "Reuters", "outlet:reuters", "outlet"),
        link(text, "Russia", "country:russia", "country"),
        link(text, "Pentagon", "org:pentagon", "org"),
    ]
    assert framed_actions(parse(vocab, text, toks), links) == [("org:pentagon", "country:russia", "against")]
