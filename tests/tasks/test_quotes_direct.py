"""Direct quotes found since issue 12's recall work, on hand-built parses: mined cues, doubled-apostrophe marks."""

from __future__ import annotations

import spacy

from tasks.extract.quotes.utterances import direct_cues, extract_quotes
from tests.tasks.test_quotes import Tok, link, parse


def _asked(open_mark: str, close_mark: str) -> tuple[str, list[Tok]]:
    """'"Is it over now?" Graham asked.' with the given marks."""
    text = f"{open_mark}Is it over now?{close_mark} Graham asked."
    toks: list[Tok] = [
        (open_mark, 1, "punct", "PUNCT", open_mark, "``"),
        ("Is", 8, "ccomp", "AUX", "be", "VBZ"),
        ("it", 1, "nsubj", "PRON", "it", "PRP"),
        ("over", 1, "acomp", "ADV", "over", "RB"),
        ("now", 1, "advmod", "ADV", "now", "RB"),
        ("?", 1, "punct", "PUNCT", "?", "."),
        (close_mark, 8, "punct", "PUNCT", close_mark, "''"),
        ("Graham", 8, "nsubj", "PROPN", "Graham", "NNP"),
        ("asked", 8, "ROOT", "VERB", "ask", "VBD"),
        (".", 8, "punct", "PUNCT", ".", "."),
    ]
    return text, toks


def test_a_mined_direct_cue_gives_the_quote_its_speaker(vocab: spacy.vocab.Vocab) -> None:
    assert "ask" in direct_cues() and "say" in direct_cues() and "accord" not in direct_cues()
    text, toks = _asked('"', '"')
    (q,) = extract_quotes(parse(vocab, text, toks), [link(text, "Graham", "person:lindsey_graham")])
    assert (q.kind, q.text, q.cue_verb, q.speaker_id) == ("direct", "Is it over now?", "ask", "person:lindsey_graham")


def test_doubled_apostrophes_are_a_direct_quote(vocab: spacy.vocab.Vocab) -> None:
    text, toks = _asked("''", "''")
    (q,) = extract_quotes(parse(vocab, text, toks), [link(text, "Graham", "person:lindsey_graham")])
    assert (q.kind, q.text, q.speaker_text) == ("direct", "Is it over now?", "Graham")


def test_any_verb_with_a_subject_right_after_the_quote_voices_it(vocab: spacy.vocab.Vocab) -> None:
    text = '"Go back to your network," Trump barked at the anchor.'
    toks: list[Tok] = [
        ('"', 1, "punct", "PUNCT", '"', "``"),
        ("Go", 9, "ccomp", "VERB", "go", "VB"),
        ("back", 1, "advmod", "ADV", "back", "RB"),
        ("to", 1, "prep", "ADP", "to", "IN"),
        ("your", 5, "poss", "PRON", "your", "PRP$"),
        ("network", 3, "pobj", "NOUN", "network", "NN"),
        (",", 1, "punct", "PUNCT", ",", ","),
        ('"', 9, "punct", "PUNCT", '"', "''"),
        ("Trump", 9, "nsubj", "PROPN", "Trump", "NNP"),
        ("barked", 9, "ROOT", "VERB", "bark", "VBD"),
        ("at", 9, "prep", "ADP", "at", "IN"),
        ("the", 12, "det", "DET", "the", "DT"),
        ("anchor", 10, "pobj", "NOUN", "anchor", "NN"),
        (".", 9, "punct", "PUNCT", ".", "."),
    ]
    (q,) = extract_quotes(parse(vocab, text, toks), [link(text, "Trump", "person:donald_trump")])
    assert (q.text, q.cue_verb, q.speaker_id) == ("Go back to your network,", "bark", "person:donald_trump")


def test_the_clause_before_a_colon_voices_the_quote(vocab: spacy.vocab.Vocab) -> None:
    text = 'As Foner put it: "The country does a better job."'
    toks: list[Tok] = [
        ("As", 2, "mark", "SCONJ", "as", "IN"),
        ("Foner", 2, "nsubj", "PROPN", "Foner", "NNP"),
        ("put", 10, "advcl", "VERB", "put", "VBD"),
        ("it", 2, "dobj", "PRON", "it", "PRP"),
        (":", 10, "punct", "PUNCT", ":", ":"),
        ('"', 10, "punct", "PUNCT", '"', "``"),
        ("The", 7, "det", "DET", "the", "DT"),
        ("country", 8, "nsubj", "NOUN", "country", "NN"),
        ("does", 10, "aux", "AUX", "do", "VBZ"),
        ("a", 10, "det", "DET", "a", "DT"),
        ("better", 10, "amod", "ADJ", "good", "JJR"),
        ("job", 10, "ROOT", "NOUN", "job", "NN"),
        (".", 10, "punct", "PUNCT", ".", "."),
        ('"', 10, "punct", "PUNCT", '"', "''"),
    ]
    (q,) = extract_quotes(parse(vocab, text, toks), [link(text, "Foner", "person:eric_foner")])
    assert (q.text, q.cue_verb, q.speaker_id) == ("The country does a better job.", "put", "person:eric_foner")


def test_a_name_alone_before_a_colon_voices_the_quote(vocab: spacy.vocab.Vocab) -> None:
    text = 'Rep. Trey Gowdy: "Who told you that figure?"'
    toks: list[Tok] = [
        ("Rep.", 2, "compound", "PROPN", "Rep.", "NNP"),
        ("Trey", 2, "compound", "PROPN", "Trey", "NNP"),
        ("Gowdy", 2, "ROOT", "PROPN", "Gowdy", "NNP"),
        (":", 2, "punct", "PUNCT", ":", ":"),
        ('"', 6, "punct", "PUNCT", '"', "``"),
        ("Who", 6, "nsubj", "PRON", "who", "WP"),
        ("told", 2, "appos", "VERB", "tell", "VBD"),
        ("you", 6, "dative", "PRON", "you", "PRP"),
        ("that", 9, "det", "DET", "that", "DT"),
        ("figure", 6, "dobj", "NOUN", "figure", "NN"),
        ("?", 6, "punct", "PUNCT", "?", "."),
        ('"', 6, "punct", "PUNCT", '"', "''"),
    ]
    (q,) = extract_quotes(parse(vocab, text, toks), [link(text, "Trey Gowdy", "person:trey_gowdy")])
    assert (q.text, q.speaker_id) == ("Who told you that figure?", "person:trey_gowdy")


def test_reporter_lead_in_starts_the_content_and_a_participle_cue_takes_the_clause_subject(
    vocab: spacy.vocab.Vocab,
) -> None:
    text = 'Christie battled Guardian, at one point calling the mayor a "liar."'
    toks: list[Tok] = [
        ("Christie", 1, "nsubj", "PROPN", "Christie", "NNP"),
        ("battled", 1, "ROOT", "VERB", "battle", "VBD"),
        ("Guardian", 1, "dobj", "PROPN", "Guardian", "NNP"),
        (",", 1, "punct", "PUNCT", ",", ","),
        ("at", 1, "prep", "ADP", "at", "IN"),
        ("one", 6, "nummod", "NUM", "one", "CD"),
        ("point", 4, "pobj", "NOUN", "point", "NN"),
        ("calling", 6, "acl", "VERB", "call", "VBG"),  # hung on 'point', as the small model parses it
        ("the", 9, "det", "DET", "the", "DT"),
        ("mayor", 7, "dobj", "NOUN", "mayor", "NN"),
        ("a", 13, "det", "DET", "a", "DT"),
        ('"', 13, "punct", "PUNCT", '"', "``"),
        ("liar", 7, "oprd", "NOUN", "liar", "NN"),
        (".", 1, "punct", "PUNCT", ".", "."),
        ('"', 1, "punct", "PUNCT", '"', "''"),
    ]
    links = [link(text, "Christie", "person:chris_christie")]
    quotes = extract_quotes(parse(vocab, text, toks), links)
    (q,) = [q for q in quotes if "liar" in q.text]
    assert (q.text, q.speaker_id) == ('the mayor a "liar', "person:chris_christie")


def test_a_long_subject_between_quote_and_verb_still_voices_it(vocab: spacy.vocab.Vocab) -> None:
    text = '"He should resign now!" the presumptive Republican nominee, Donald Trump, fumed.'
    toks: list[Tok] = [
        ('"', 3, "punct", "PUNCT", '"', "``"),
        ("He", 3, "nsubj", "PRON", "he", "PRP"),
        ("should", 3, "aux", "AUX", "should", "MD"),
        ("resign", 15, "ccomp", "VERB", "resign", "VB"),
        ("now", 3, "advmod", "ADV", "now", "RB"),
        ("!", 3, "punct", "PUNCT", "!", "."),
        ('"', 15, "punct", "PUNCT", '"', "''"),
        ("the", 10, "det", "DET", "the", "DT"),
        ("presumptive", 10, "amod", "ADJ", "presumptive", "JJ"),
        ("Republican", 10, "amod", "ADJ", "republican", "JJ"),
        ("nominee", 15, "nsubj", "NOUN", "nominee", "NN"),
        (",", 10, "punct", "PUNCT", ",", ","),
        ("Donald", 13, "compound", "PROPN", "Donald", "NNP"),
        ("Trump", 10, "appos", "PROPN", "Trump", "NNP"),
        (",", 10, "punct", "PUNCT", ",", ","),
        ("fumed", 15, "ROOT", "VERB", "fume", "VBD"),  # no speech verb, and five words after the quote
        (".", 15, "punct", "PUNCT", ".", "."),
    ]
    (q,) = extract_quotes(parse(vocab, text, toks), [link(text, "Donald Trump", "person:donald_trump")])
    assert (q.text, q.cue_verb, q.speaker_id) == ("He should resign now!", "fume", "person:donald_trump")


def test_reported_speech_between_two_quotes_keeps_them_apart(vocab: spacy.vocab.Vocab) -> None:
    text = '"We will win the war," Putin said. Lavrov says the talks failed. "Nobody wants peace now."'
    toks: list[Tok] = [
        ('"', 3, "punct", "PUNCT", '"', "``"),
        ("We", 3, "nsubj", "PRON", "we", "PRP"),
        ("will", 3, "aux", "AUX", "will", "MD"),
        ("win", 9, "ccomp", "VERB", "win", "VB"),
        ("the", 5, "det", "DET", "the", "DT"),
        ("war", 3, "dobj", "NOUN", "war", "NN"),
        (",", 3, "punct", "PUNCT", ",", ","),
        ('"', 9, "punct", "PUNCT", '"', "''"),
        ("Putin", 9, "nsubj", "PROPN", "Putin", "NNP"),
        ("said", 9, "ROOT", "VERB", "say", "VBD"),
        (".", 9, "punct", "PUNCT", ".", "."),
        ("Lavrov", 12, "nsubj", "PROPN", "Lavrov", "NNP"),
        ("says", 12, "ROOT", "VERB", "say", "VBZ"),
        ("the", 14, "det", "DET", "the", "DT"),
        ("talks", 15, "nsubj", "NOUN", "talk", "NNS"),
        ("failed", 12, "ccomp", "VERB", "fail", "VBD"),
        (".", 12, "punct", "PUNCT", ".", "."),
        ('"', 19, "punct", "PUNCT", '"', "``"),
        ("Nobody", 19, "nsubj", "PRON", "nobody", "NN"),
        ("wants", 19, "ROOT", "VERB", "want", "VBZ"),
        ("peace", 19, "dobj", "NOUN", "peace", "NN"),
        ("now", 19, "advmod", "ADV", "now", "RB"),
        (".", 19, "punct", "PUNCT", ".", "."),
        ('"', 19, "punct", "PUNCT", '"', "''"),
    ]
    links = [link(text, "Putin", "person:vladimir_putin"), link(text, "Lavrov", "person:sergey_lavrov")]
    quotes = extract_quotes(parse(vocab, text, toks, sent_starts=(0, 11, 17)), links)
    first = next(q for q in quotes if q.text.startswith("We will win"))
    assert first.pieces == () and first.end_char < text.index("Lavrov")  # not merged across Lavrov's words
    assert any(q.text == "Nobody wants peace now." for q in quotes)


def test_clause_before_a_closing_speech_verb_is_its_content(vocab: spacy.vocab.Vocab) -> None:
    text = 'The bill\'s failure was "heartbreaking," she said.'
    toks: list[Tok] = [
        ("The", 1, "det", "DET", "the", "DT"),
        ("bill", 3, "poss", "NOUN", "bill", "NN"),
        ("'s", 1, "case", "PART", "'s", "POS"),
        ("failure", 4, "nsubj", "NOUN", "failure", "NN"),
        ("was", 10, "ccomp", "AUX", "be", "VBD"),
        ('"', 6, "punct", "PUNCT", '"', "``"),
        ("heartbreaking", 4, "acomp", "ADJ", "heartbreaking", "JJ"),
        (",", 4, "punct", "PUNCT", ",", ","),
        ('"', 4, "punct", "PUNCT", '"', "''"),
        ("she", 10, "nsubj", "PRON", "she", "PRP"),
        ("said", 10, "ROOT", "VERB", "say", "VBD"),
        (".", 10, "punct", "PUNCT", ".", "."),
    ]
    (q,) = extract_quotes(parse(vocab, text, toks), [])
    assert (q.kind, q.text, q.cue_verb, q.speaker_text) == (
        "indirect",
        'The bill\'s failure was "heartbreaking,"',
        "say",
        "she",
    )


def test_doubled_apostrophe_quote_before_its_cue_stays_direct_with_its_second_piece(vocab: spacy.vocab.Vocab) -> None:
    text = "''We are in the pleasing business,'' he said. ''These people paid a lot.''"
    toks: list[Tok] = [
        ("''", 2, "punct", "PUNCT", "''", "``"),  # spaCy keeps '' as one token
        ("We", 2, "nsubj", "PRON", "we", "PRP"),
        ("are", 10, "ccomp", "AUX", "be", "VBP"),
        ("in", 2, "prep", "ADP", "in", "IN"),
        ("the", 6, "det", "DET", "the", "DT"),
        ("pleasing", 6, "compound", "NOUN", "pleasing", "NN"),
        ("business", 3, "pobj", "NOUN", "business", "NN"),
        (",", 2, "punct", "PUNCT", ",", ","),
        ("''", 10, "punct", "PUNCT", "''", "''"),
        ("he", 10, "nsubj", "PRON", "he", "PRP"),
        ("said", 10, "ROOT", "VERB", "say", "VBD"),
        (".", 10, "punct", "PUNCT", ".", "."),
        ("''", 15, "punct", "PUNCT", "''", "``"),
        ("These", 14, "det", "DET", "these", "DT"),
        ("people", 15, "nsubj", "NOUN", "people", "NNS"),
        ("paid", 15, "ROOT", "VERB", "pay", "VBD"),
        ("a", 17, "det", "DET", "a", "DT"),
        ("lot", 15, "dobj", "NOUN", "lot", "NN"),
        (".", 15, "punct", "PUNCT", ".", "."),
        ("''", 15, "punct", "PUNCT", "''", "''"),
    ]
    (q,) = extract_quotes(parse(vocab, text, toks, sent_starts=(0, 12)), [])
    assert q.kind == "direct" and len(q.pieces) == 2
    assert text[slice(*q.pieces[1])] == "These people paid a lot."


def test_as_someone_put_it_cues_the_quote(vocab: spacy.vocab.Vocab) -> None:
    text = 'As Amar put it, "Senate Republicans should remember that."'
    toks: list[Tok] = [
        ("As", 2, "mark", "SCONJ", "as", "IN"),
        ("Amar", 2, "nsubj", "PROPN", "Amar", "NNP"),
        ("put", 9, "advcl", "VERB", "put", "VBD"),
        ("it", 2, "dobj", "PRON", "it", "PRP"),
        (",", 9, "punct", "PUNCT", ",", ","),
        ('"', 9, "punct", "PUNCT", '"', "``"),
        ("Senate", 7, "compound", "PROPN", "Senate", "NNP"),
        ("Republicans", 9, "nsubj", "PROPN", "Republicans", "NNPS"),
        ("should", 9, "aux", "AUX", "should", "MD"),
        ("remember", 9, "ROOT", "VERB", "remember", "VB"),
        ("that", 9, "dobj", "PRON", "that", "DT"),
        (".", 9, "punct", "PUNCT", ".", "."),
        ('"', 9, "punct", "PUNCT", '"', "''"),
    ]
    (q,) = extract_quotes(parse(vocab, text, toks), [link(text, "Amar", "person:akhil_amar")])
    assert (q.kind, q.text, q.cue_verb, q.speaker_id) == (
        "direct",
        "Senate Republicans should remember that.",
        "put",
        "person:akhil_amar",
    )


def test_lead_in_may_hold_a_clause_of_its_own(vocab: spacy.vocab.Vocab) -> None:
    text = 'Ryan says no matter what Obama takes, "his word does not trump the law."'
    toks: list[Tok] = [
        ("Ryan", 1, "nsubj", "PROPN", "Ryan", "NNP"),
        ("says", 1, "ROOT", "VERB", "say", "VBZ"),
        ("no", 3, "neg", "ADV", "no", "RB"),
        ("matter", 1, "advmod", "ADV", "matter", "RB"),
        ("what", 6, "dobj", "PRON", "what", "WP"),
        ("Obama", 6, "nsubj", "PROPN", "Obama", "NNP"),
        ("takes", 3, "ccomp", "VERB", "take", "VBZ"),
        (",", 13, "punct", "PUNCT", ",", ","),
        ('"', 13, "punct", "PUNCT", '"', "``"),
        ("his", 10, "poss", "PRON", "his", "PRP$"),
        ("word", 13, "nsubj", "NOUN", "word", "NN"),
        ("does", 13, "aux", "AUX", "do", "VBZ"),
        ("not", 13, "neg", "PART", "not", "RB"),
        ("trump", 1, "ccomp", "VERB", "trump", "VB"),
        ("the", 15, "det", "DET", "the", "DT"),
        ("law", 13, "dobj", "NOUN", "law", "NN"),
        (".", 1, "punct", "PUNCT", ".", "."),
        ('"', 1, "punct", "PUNCT", '"', "''"),
    ]
    (q,) = extract_quotes(parse(vocab, text, toks), [link(text, "Ryan", "person:paul_ryan")])
    assert (q.kind, q.text, q.speaker_id) == (
        "direct",
        'no matter what Obama takes, "his word does not trump the law.',
        "person:paul_ryan",
    )


def test_a_name_misparsed_as_a_compound_of_the_verb_after_the_quote_is_its_speaker(vocab: spacy.vocab.Vocab) -> None:
    text = '"Go back to your network," Trump barked and a guard escorted him out.'
    toks: list[Tok] = [
        ('"', 1, "punct", "PUNCT", '"', "``"),
        ("Go", 9, "ccomp", "VERB", "go", "VB"),
        ("back", 1, "advmod", "ADV", "back", "RB"),
        ("to", 2, "prep", "ADP", "to", "IN"),
        ("your", 5, "poss", "PRON", "your", "PRP$"),
        ("network", 3, "pobj", "NOUN", "network", "NN"),
        (",", 1, "punct", "PUNCT", ",", ","),
        ('"', 9, "punct", "PUNCT", '"', "''"),
        ("Trump", 9, "compound", "PROPN", "Trump", "NNP"),  # as the small model parses it: no subject
        ("barked", 9, "ROOT", "VERB", "bark", "VBD"),
        ("and", 9, "cc", "CCONJ", "and", "CC"),
        ("a", 12, "det", "DET", "a", "DT"),
        ("guard", 13, "nsubj", "NOUN", "guard", "NN"),
        ("escorted", 9, "conj", "VERB", "escort", "VBD"),
        ("him", 13, "dobj", "PRON", "him", "PRP"),
        ("out", 13, "prt", "ADP", "out", "RP"),
        (".", 9, "punct", "PUNCT", ".", "."),
    ]
    (q,) = extract_quotes(parse(vocab, text, toks), [link(text, "Trump", "person:donald_trump")])
    assert (q.text, q.cue_verb, q.speaker_id) == ("Go back to your network,", "bark", "person:donald_trump")


def test_a_participle_cue_inside_reported_speech_belongs_to_the_reporting_subject(vocab: spacy.vocab.Vocab) -> None:
    text = 'Preston argued that Russia has other goals, noting, "Russia wants to protect Assad."'
    toks: list[Tok] = [
        ("Preston", 1, "nsubj", "PROPN", "Preston", "NNP"),
        ("argued", 1, "ROOT", "VERB", "argue", "VBD"),
        ("that", 4, "mark", "SCONJ", "that", "IN"),
        ("Russia", 4, "nsubj", "PROPN", "Russia", "NNP"),
        ("has", 1, "ccomp", "VERB", "have", "VBZ"),
        ("other", 6, "amod", "ADJ", "other", "JJ"),
        ("goals", 4, "dobj", "NOUN", "goal", "NNS"),
        (",", 4, "punct", "PUNCT", ",", ","),
        ("noting", 4, "advcl", "VERB", "note", "VBG"),  # hung on 'has', inside what Preston argued
        (",", 8, "punct", "PUNCT", ",", ","),
        ('"', 12, "punct", "PUNCT", '"', "``"),
        ("Russia", 12, "nsubj", "PROPN", "Russia", "NNP"),
        ("wants", 8, "ccomp", "VERB", "want", "VBZ"),
        ("to", 14, "aux", "PART", "to", "TO"),
        ("protect", 12, "xcomp", "VERB", "protect", "VB"),
        ("Assad", 14, "dobj", "PROPN", "Assad", "NNP"),
        (".", 1, "punct", "PUNCT", ".", "."),
        ('"', 1, "punct", "PUNCT", '"', "''"),
    ]
    links = [link(text, "Preston", "person:keith_preston"), link(text, "Russia", "country:russia", "country")]
    quotes = extract_quotes(parse(vocab, text, toks), links)
    (q,) = [q for q in quotes if q.kind == "direct"]
    assert (q.text, q.speaker_id) == ("Russia wants to protect Assad.", "person:keith_preston")


def test_two_quotes_each_with_its_own_speech_verb_are_two_rows(vocab: spacy.vocab.Vocab) -> None:
    text = '"He is grumpy," she said, but "I think he will do it," said Kunin.'
    toks: list[Tok] = [
        ('"', 2, "punct", "PUNCT", '"', "``"),
        ("He", 2, "nsubj", "PRON", "he", "PRP"),
        ("is", 7, "ccomp", "AUX", "be", "VBZ"),
        ("grumpy", 2, "acomp", "ADJ", "grumpy", "JJ"),
        (",", 2, "punct", "PUNCT", ",", ","),
        ('"', 7, "punct", "PUNCT", '"', "''"),
        ("she", 7, "nsubj", "PRON", "she", "PRP"),
        ("said", 19, "ccomp", "VERB", "say", "VBD"),  # the small model hangs the first cue on the second
        (",", 7, "punct", "PUNCT", ",", ","),
        ("but", 7, "cc", "CCONJ", "but", "CC"),
        ('"', 12, "punct", "PUNCT", '"', "``"),
        ("I", 12, "nsubj", "PRON", "I", "PRP"),
        ("think", 19, "ccomp", "VERB", "think", "VBP"),
        ("he", 15, "nsubj", "PRON", "he", "PRP"),
        ("will", 15, "aux", "AUX", "will", "MD"),
        ("do", 12, "ccomp", "VERB", "do", "VB"),
        ("it", 15, "dobj", "PRON", "it", "PRP"),
        (",", 12, "punct", "PUNCT", ",", ","),
        ('"', 19, "punct", "PUNCT", '"', "''"),
        ("said", 19, "ROOT", "VERB", "say", "VBD"),
        ("Kunin", 19, "nsubj", "PROPN", "Kunin", "NNP"),
        (".", 19, "punct", "PUNCT", ".", "."),
    ]
    quotes = extract_quotes(parse(vocab, text, toks), [link(text, "Kunin", "person:madeleine_kunin")])
    assert sorted((q.kind, q.text) for q in quotes) == [
        ("direct", "He is grumpy,"),
        ("direct", "I think he will do it,"),
    ]


def test_a_participle_cue_on_someones_words_is_theirs_not_the_clause_subjects(vocab: spacy.vocab.Vocab) -> None:
    from tasks.extract.quotes.direct import performer

    text = "She says Trump's tweets accusing Machado are lies."
    toks: list[Tok] = [
        ("She", 1, "nsubj", "PRON", "she", "PRP"),
        ("says", 1, "ROOT", "VERB", "say", "VBZ"),
        ("Trump", 4, "poss", "PROPN", "Trump", "NNP"),
        ("'s", 2, "case", "PART", "'s", "POS"),
        ("tweets", 7, "nsubj", "NOUN", "tweet", "NNS"),
        ("accusing", 4, "acl", "VERB", "accuse", "VBG"),
        ("Machado", 5, "dobj", "PROPN", "Machado", "NNP"),
        ("are", 1, "ccomp", "AUX", "be", "VBP"),
        ("lies", 7, "attr", "NOUN", "lie", "NNS"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    doc = parse(vocab, text, toks)
    assert performer(doc[5]).text == "tweets"  # Trump's tweets accuse Machado; she says they lie
    bare = text.replace("Trump's ", "")  # words nobody owns: the participle climbs to the clause as before
    bare_toks = [(w, h - 2 if h > 3 else h, *rest) for w, h, *rest in toks if w not in ("Trump", "'s")]
    assert performer(parse(vocab, bare, bare_toks)[3]).text == "She"
