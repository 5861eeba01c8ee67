"""Frame repairs: speech verbs in a non-speech sense, who performs a frame noun, and relation nouns ('ally')."""

from __future__ import annotations

import spacy

from tasks.extract.actions import frame_above
from tests.tasks.frame_actions import actions as _actions
from tests.tasks.test_quotes import Tok, link, parse


def test_a_speech_verb_used_for_an_act_keeps_its_by_clause(vocab: spacy.vocab.Vocab) -> None:
    text = "Moscow added insult by excluding Washington."
    toks: list[Tok] = [
        ("Moscow", 1, "nsubj", "PROPN", "Moscow", "NNP"),
        ("added", 1, "ROOT", "VERB", "add", "VBD"),
        ("insult", 1, "dobj", "NOUN", "insult", "NN"),
        ("by", 1, "prep", "ADP", "by", "IN"),
        ("excluding", 3, "pcomp", "VERB", "exclude", "VBG"),
        ("Washington", 4, "dobj", "PROPN", "Washington", "NNP"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    links = [link(text, "Moscow", "gov:russia", "gov"), link(text, "Washington", "gov:united_states", "gov")]
    # 'by excluding X' says how Moscow acts, not what it says: the exclusion is Moscow's own act against Washington
    assert _actions(parse(vocab, text, toks), links) == [("gov:russia", "gov:united_states", "against")]


def test_the_support_of_someone_is_theirs(vocab: spacy.vocab.Vocab) -> None:
    text = "The support of Russia for Assad grew."
    toks: list[Tok] = [
        ("The", 1, "det", "DET", "the", "DT"),
        ("support", 6, "nsubj", "NOUN", "support", "NN"),
        ("of", 1, "prep", "ADP", "of", "IN"),
        ("Russia", 2, "pobj", "PROPN", "Russia", "NNP"),
        ("for", 1, "prep", "ADP", "for", "IN"),
        ("Assad", 4, "pobj", "PROPN", "Assad", "NNP"),
        ("grew", 6, "ROOT", "VERB", "grow", "VBD"),
        (".", 6, "punct", "PUNCT", ".", "."),
    ]
    links = [link(text, "Russia", "country:russia", "country"), link(text, "Assad", "person:bashar_al_assad")]
    assert _actions(parse(vocab, text, toks), links) == [("country:russia", "person:bashar_al_assad", "favor")]


def test_in_support_of_someone_is_for_them(vocab: spacy.vocab.Vocab) -> None:
    text = "Russia rallied in support of Assad."
    toks: list[Tok] = [
        ("Russia", 1, "nsubj", "PROPN", "Russia", "NNP"),
        ("rallied", 1, "ROOT", "VERB", "rally", "VBD"),
        ("in", 1, "prep", "ADP", "in", "IN"),
        ("support", 2, "pobj", "NOUN", "support", "NN"),
        ("of", 3, "prep", "ADP", "of", "IN"),
        ("Assad", 4, "pobj", "PROPN", "Assad", "NNP"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    found = frame_above(parse(vocab, text, toks)[5])
    assert found is not None and found[0] == "favor"


def test_being_a_russian_ally_is_a_stance_towards_russia(vocab: spacy.vocab.Vocab) -> None:
    text = "Kazakhstan is a Russian ally."
    toks: list[Tok] = [
        ("Kazakhstan", 1, "nsubj", "PROPN", "Kazakhstan", "NNP"),
        ("is", 1, "ROOT", "AUX", "be", "VBZ"),
        ("a", 4, "det", "DET", "a", "DT"),
        ("Russian", 4, "amod", "ADJ", "Russian", "JJ"),
        ("ally", 1, "attr", "NOUN", "ally", "NN"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    links = [
        link(text, "Kazakhstan", "country:kazakhstan", "country"),
        link(text, "Russian", "country:russia", "country"),
    ]
    assert _actions(parse(vocab, text, toks), links) == [("country:kazakhstan", "country:russia", "favor")]


def test_attacking_an_ally_of_someone_is_no_favor_towards_them(vocab: spacy.vocab.Vocab) -> None:
    text = "Turkey attacked an ally of Russia."
    toks: list[Tok] = [
        ("Turkey", 1, "nsubj", "PROPN", "Turkey", "NNP"),
        ("attacked", 1, "ROOT", "VERB", "attack", "VBD"),
        ("an", 3, "det", "DET", "an", "DT"),
        ("ally", 1, "dobj", "NOUN", "ally", "NN"),
        ("of", 3, "prep", "ADP", "of", "IN"),
        ("Russia", 4, "pobj", "PROPN", "Russia", "NNP"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    links = [link(text, "Turkey", "country:turkey", "country"), link(text, "Russia", "country:russia", "country")]
    assert _actions(parse(vocab, text, toks), links) == []


def test_those_whose_support_it_is_are_not_its_targets(vocab: spacy.vocab.Vocab) -> None:
    text = "The support of Russia and Iran for Assad grew."
    toks: list[Tok] = [
        ("The", 1, "det", "DET", "the", "DT"),
        ("support", 8, "nsubj", "NOUN", "support", "NN"),
        ("of", 1, "prep", "ADP", "of", "IN"),
        ("Russia", 2, "pobj", "PROPN", "Russia", "NNP"),
        ("and", 3, "cc", "CCONJ", "and", "CC"),
        ("Iran", 3, "conj", "PROPN", "Iran", "NNP"),
        ("for", 1, "prep", "ADP", "for", "IN"),
        ("Assad", 6, "pobj", "PROPN", "Assad", "NNP"),
        ("grew", 8, "ROOT", "VERB", "grow", "VBD"),
        (".", 8, "punct", "PUNCT", ".", "."),
    ]
    links = [
        link(text, "Russia", "country:russia", "country"),
        link(text, "Iran", "country:iran", "country"),
        link(text, "Assad", "person:bashar_al_assad"),
    ]
    # Iran shares Russia's support for Assad: it is not what Russia supports
    assert _actions(parse(vocab, text, toks), links) == [("country:russia", "person:bashar_al_assad", "favor")]


def test_the_object_performs_what_it_is_accused_of(vocab: spacy.vocab.Vocab) -> None:
    text = "Trump accused voters of supporting Clinton."
    toks: list[Tok] = [
        ("Trump", 1, "nsubj", "PROPN", "Trump", "NNP"),
        ("accused", 1, "ROOT", "VERB", "accuse", "VBD"),
        ("voters", 1, "dobj", "NOUN", "voter", "NNS"),
        ("of", 1, "prep", "ADP", "of", "IN"),
        ("supporting", 3, "pcomp", "VERB", "support", "VBG"),
        ("Clinton", 4, "dobj", "PROPN", "Clinton", "NNP"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    links = [link(text, "Trump", "person:donald_trump"), link(text, "Clinton", "person:hillary_clinton")]
    # the voters would support Clinton; Trump holds no favour towards her (a blind reading of PolNeAR dev rows)
    assert _actions(parse(vocab, text, toks), links) == []


def test_whose_support_a_candidate_gains_is_no_target_of_theirs(vocab: spacy.vocab.Vocab) -> None:
    text = "Trump consolidates the support of Republicans."
    toks: list[Tok] = [
        ("Trump", 1, "nsubj", "PROPN", "Trump", "NNP"),
        ("consolidates", 1, "ROOT", "VERB", "consolidate", "VBZ"),
        ("the", 3, "det", "DET", "the", "DT"),
        ("support", 1, "dobj", "NOUN", "support", "NN"),
        ("of", 3, "prep", "ADP", "of", "IN"),
        ("Republicans", 4, "pobj", "PROPN", "Republicans", "NNPS"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    links = [link(text, "Trump", "person:donald_trump"), link(text, "Republicans", "group:republicans", "group")]
    assert _actions(parse(vocab, text, toks), links) == []  # the support is the Republicans', for Trump


def test_the_subject_of_a_relative_clause_is_the_noun_it_modifies(vocab: spacy.vocab.Vocab) -> None:
    text = "Russia, which backs Assad, spoke."
    toks: list[Tok] = [
        ("Russia", 6, "nsubj", "PROPN", "Russia", "NNP"),
        (",", 0, "punct", "PUNCT", ",", ","),
        ("which", 3, "nsubj", "PRON", "which", "WDT"),
        ("backs", 0, "relcl", "VERB", "back", "VBZ"),
        ("Assad", 3, "dobj", "PROPN", "Assad", "NNP"),
        (",", 0, "punct", "PUNCT", ",", ","),
        ("spoke", 6, "ROOT", "VERB", "speak", "VBD"),
        (".", 6, "punct", "PUNCT", ".", "."),
    ]
    links = [link(text, "Russia", "country:russia", "country"), link(text, "Assad", "person:bashar_al_assad")]
    assert _actions(parse(vocab, text, toks), links) == [("country:russia", "person:bashar_al_assad", "favor")]


def test_the_owner_of_an_alliance_favours_its_members(vocab: spacy.vocab.Vocab) -> None:
    text = "Iran attacked US allies such as Israel."
    toks: list[Tok] = [
        ("Iran", 1, "nsubj", "PROPN", "Iran", "NNP"),
        ("attacked", 1, "ROOT", "VERB", "attack", "VBD"),
        ("US", 3, "compound", "PROPN", "US", "NNP"),
        ("allies", 1, "dobj", "NOUN", "ally", "NNS"),
        ("such", 5, "amod", "ADJ", "such", "JJ"),
        ("as", 3, "prep", "ADP", "as", "IN"),
        ("Israel", 5, "pobj", "PROPN", "Israel", "NNP"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    links = [
        link(text, "Iran", "country:iran", "country"),
        link(text, "US", "country:united_states", "country"),
        link(text, "Israel", "country:israel", "country"),
    ]
    # the alliance is the US's; Iran's attack is on the allies, neither a favour towards Israel nor an act on the US
    assert _actions(parse(vocab, text, toks), links) == [("country:united_states", "country:israel", "favor")]


def test_conjoined_actors_of_a_reciprocal_clause_favour_each_other(vocab: spacy.vocab.Vocab) -> None:
    text = "Moscow and Ankara build on their rapprochement."
    toks: list[Tok] = [
        ("Moscow", 3, "nsubj", "PROPN", "Moscow", "NNP"),
        ("and", 0, "cc", "CCONJ", "and", "CC"),
        ("Ankara", 0, "conj", "PROPN", "Ankara", "NNP"),
        ("build", 3, "ROOT", "VERB", "build", "VBP"),
        ("on", 3, "prep", "ADP", "on", "IN"),
        ("their", 6, "poss", "PRON", "their", "PRP$"),
        ("rapprochement", 4, "pobj", "NOUN", "rapprochement", "NN"),
        (".", 3, "punct", "PUNCT", ".", "."),
    ]
    links = [link(text, "Moscow", "gov:russia", "gov"), link(text, "Ankara", "gov:turkey", "gov")]
    assert sorted(_actions(parse(vocab, text, toks), links)) == [
        ("gov:russia", "gov:turkey", "favor"),
        ("gov:turkey", "gov:russia", "favor"),
    ]
    rivals = text.replace("build on their rapprochement", "compete on their markets")
    toks2 = [*toks[:3], ("compete", 3, "ROOT", "VERB", "compete", "VBP"), toks[4], toks[5],
             ("markets", 4, "pobj", "NOUN", "market", "NNS"), toks[7]]  # fmt: skip
    assert _actions(parse(vocab, rivals, toks2), links) == []


def test_stance_adjectives_take_their_object_through_their_own_preposition(vocab: spacy.vocab.Vocab) -> None:
    def critical(prep: str, neg: bool) -> list:
        words = ["Graham", "was", *(["not"] if neg else []), "critical", prep, "Trump", "."]
        text = " ".join(words[:-1]) + "."
        n = len(words)
        adj = words.index("critical")
        toks: list[Tok] = [("Graham", 1, "nsubj", "PROPN", "Graham", "NNP"), ("was", 1, "ROOT", "AUX", "be", "VBD")]
        if neg:
            toks.append(("not", 1, "neg", "PART", "not", "RB"))
        toks += [
            ("critical", 1, "acomp", "ADJ", "critical", "JJ"),
            (prep, adj, "prep", "ADP", prep, "IN"),
            ("Trump", adj + 1, "pobj", "PROPN", "Trump", "NNP"),
            (".", 1, "punct", "PUNCT", ".", "."),
        ]
        assert len(toks) == n
        links = [link(text, "Graham", "person:lindsey_graham"), link(text, "Trump", "person:donald_trump")]
        return _actions(parse(vocab, text, toks), links)

    assert critical("of", False) == [("person:lindsey_graham", "person:donald_trump", "against")]
    assert critical("of", True) == [("person:lindsey_graham", "person:donald_trump", "neutral")]
    assert critical("to", False) == []  # 'critical to' is 'crucial to', no stance


def test_a_call_for_someones_departure_is_against_them(vocab: spacy.vocab.Vocab) -> None:
    text = "Washington's calls for Assad's departure."
    toks: list[Tok] = [
        ("Washington", 2, "poss", "PROPN", "Washington", "NNP"),
        ("'s", 0, "case", "PART", "'s", "POS"),
        ("calls", 2, "ROOT", "NOUN", "call", "NNS"),
        ("for", 2, "prep", "ADP", "for", "IN"),
        ("Assad", 6, "poss", "PROPN", "Assad", "NNP"),
        ("'s", 4, "case", "PART", "'s", "POS"),
        ("departure", 3, "pobj", "NOUN", "departure", "NN"),
        (".", 2, "punct", "PUNCT", ".", "."),
    ]
    links = [link(text, "Washington", "gov:united_states", "gov"), link(text, "Assad", "person:bashar_al_assad")]
    assert _actions(parse(vocab, text, toks), links) == [("gov:united_states", "person:bashar_al_assad", "against")]
    mourned = text.replace("calls for", "grief at")
    toks2 = [*toks[:2], ("grief", 2, "ROOT", "NOUN", "grief", "NN"), ("at", 2, "prep", "ADP", "at", "IN"), *toks[4:]]
    assert _actions(parse(vocab, mourned, toks2), links) == []  # a departure not called for is no stance


def test_a_clause_with_its_own_subject_is_not_the_outer_subjects_act(vocab: spacy.vocab.Vocab) -> None:
    text = "Trump accused groups that support Clinton."
    toks: list[Tok] = [
        ("Trump", 1, "nsubj", "PROPN", "Trump", "NNP"),
        ("accused", 1, "ROOT", "VERB", "accuse", "VBD"),
        ("groups", 1, "dobj", "NOUN", "group", "NNS"),
        ("that", 4, "nsubj", "PRON", "that", "WDT"),
        ("support", 2, "relcl", "VERB", "support", "VBP"),
        ("Clinton", 4, "dobj", "PROPN", "Clinton", "NNP"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    links = [link(text, "Trump", "person:donald_trump"), link(text, "Clinton", "person:hillary_clinton")]
    assert _actions(parse(vocab, text, toks), links) == []  # the groups support Clinton, not Trump


def test_a_cited_act_is_not_the_citers(vocab: spacy.vocab.Vocab) -> None:
    text = "Trump cited criticism of Lauer."
    toks: list[Tok] = [
        ("Trump", 1, "nsubj", "PROPN", "Trump", "NNP"),
        ("cited", 1, "ROOT", "VERB", "cite", "VBD"),
        ("criticism", 1, "dobj", "NOUN", "criticism", "NN"),
        ("of", 2, "prep", "ADP", "of", "IN"),
        ("Lauer", 3, "pobj", "PROPN", "Lauer", "NNP"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    links = [link(text, "Trump", "person:donald_trump"), link(text, "Lauer", "person:matt_lauer")]
    assert _actions(parse(vocab, text, toks), links) == []
    voiced = [*toks[:1], ("voiced", 1, "ROOT", "VERB", "voice", "VBD"), *toks[2:]]
    assert _actions(parse(vocab, text.replace("cited", "voiced"), voiced), links) == [
        ("person:donald_trump", "person:matt_lauer", "against")
    ]
