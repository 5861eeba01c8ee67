"""One utterance, one row, and reported positions beyond speech verbs, on hand-built parses (one per pattern)."""

from __future__ import annotations

import spacy

from tasks.extract.quotes.utterances import extract_quotes, quote_rows
from tests.tasks.test_quotes import Tok, link, parse


def test_quoted_words_inside_reported_speech_are_one_indirect_row(vocab: spacy.vocab.Vocab) -> None:
    text = 'Toner said that talks would resume "after a cessation of hostilities".'
    toks: list[Tok] = [
        ("Toner", 1, "nsubj", "PROPN", "Toner", "NNP"),
        ("said", 1, "ROOT", "VERB", "say", "VBD"),
        ("that", 5, "mark", "SCONJ", "that", "IN"),
        ("talks", 5, "nsubj", "NOUN", "talk", "NNS"),
        ("would", 5, "aux", "AUX", "would", "MD"),
        ("resume", 1, "ccomp", "VERB", "resume", "VB"),
        ('"', 7, "punct", "PUNCT", '"', "``"),
        ("after", 5, "prep", "ADP", "after", "IN"),
        ("a", 9, "det", "DET", "a", "DT"),
        ("cessation", 7, "pobj", "NOUN", "cessation", "NN"),
        ("of", 9, "prep", "ADP", "of", "IN"),
        ("hostilities", 10, "pobj", "NOUN", "hostility", "NNS"),
        ('"', 1, "punct", "PUNCT", '"', "''"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    doc = parse(vocab, text, toks)
    quotes = extract_quotes(doc, [link(text, "Toner", "person:mark_toner")])
    assert [(q.kind, q.text, q.speaker_id) for q in quotes] == [
        ("indirect", 'that talks would resume "after a cessation of hostilities"', "person:mark_toner")
    ]
    assert len(quote_rows("d", quotes)) == 1


def test_content_cut_inside_a_parenthesis_is_closed(vocab: spacy.vocab.Vocab) -> None:
    text = "Lavrov said Russia would fight the militants (IS and others) in Syria."
    toks: list[Tok] = [
        ("Lavrov", 1, "nsubj", "PROPN", "Lavrov", "NNP"),
        ("said", 1, "ROOT", "VERB", "say", "VBD"),
        ("Russia", 4, "nsubj", "PROPN", "Russia", "NNP"),
        ("would", 4, "aux", "AUX", "would", "MD"),
        ("fight", 1, "ccomp", "VERB", "fight", "VB"),
        ("the", 6, "det", "DET", "the", "DT"),
        ("militants", 4, "dobj", "NOUN", "militant", "NNS"),
        ("(", 6, "punct", "PUNCT", "(", "-LRB-"),
        ("IS", 6, "appos", "PROPN", "IS", "NNP"),
        ("and", 8, "cc", "CCONJ", "and", "CC"),
        ("others", 8, "conj", "NOUN", "other", "NNS"),
        (")", 1, "punct", "PUNCT", ")", "-RRB-"),  # the parser hangs the closing bracket and the rest on 'said'
        ("in", 1, "prep", "ADP", "in", "IN"),
        ("Syria", 12, "pobj", "PROPN", "Syria", "NNP"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    (q,) = extract_quotes(parse(vocab, text, toks), [link(text, "Lavrov", "person:sergey_lavrov")])
    assert q.text == "Russia would fight the militants (IS and others)"


def test_quoted_fragment_nobody_said_is_no_quote(vocab: spacy.vocab.Vocab) -> None:
    text = "The talks went on. Nobody knew what “they may be planning next” in the north."
    toks: list[Tok] = [
        ("The", 1, "det", "DET", "the", "DT"),
        ("talks", 2, "nsubj", "NOUN", "talk", "NNS"),
        ("went", 2, "ROOT", "VERB", "go", "VBD"),
        ("on", 2, "prt", "ADP", "on", "RP"),
        (".", 2, "punct", "PUNCT", ".", "."),
        ("Nobody", 6, "nsubj", "PRON", "nobody", "NN"),
        ("knew", 6, "ROOT", "VERB", "know", "VBD"),
        ("what", 12, "dobj", "PRON", "what", "WP"),
        ("“", 12, "punct", "PUNCT", "“", "``"),
        ("they", 12, "nsubj", "PRON", "they", "PRP"),
        ("may", 12, "aux", "AUX", "may", "MD"),
        ("be", 12, "aux", "AUX", "be", "VB"),
        ("planning", 6, "ccomp", "VERB", "plan", "VBG"),
        ("next", 12, "advmod", "ADV", "next", "RB"),
        ("”", 12, "punct", "PUNCT", "”", "''"),
        ("in", 12, "prep", "ADP", "in", "IN"),
        ("the", 17, "det", "DET", "the", "DT"),
        ("north", 15, "pobj", "NOUN", "north", "NN"),
        (".", 6, "punct", "PUNCT", ".", "."),
    ]
    assert extract_quotes(parse(vocab, text, toks, sent_starts=(0, 5)), []) == []


def test_parenthetical_cue_keeps_both_sides_as_pieces(vocab: spacy.vocab.Vocab) -> None:
    text = "Kerry spoke. The hope, he said, is that both sides would talk."
    toks: list[Tok] = [
        ("Kerry", 1, "nsubj", "PROPN", "Kerry", "NNP"),
        ("spoke", 1, "ROOT", "VERB", "speak", "VBD"),
        (".", 1, "punct", "PUNCT", ".", "."),
        ("The", 4, "det", "DET", "the", "DT"),
        ("hope", 9, "nsubj", "NOUN", "hope", "NN"),
        (",", 9, "punct", "PUNCT", ",", ","),
        ("he", 7, "nsubj", "PRON", "he", "PRP"),
        ("said", 9, "parataxis", "VERB", "say", "VBD"),
        (",", 9, "punct", "PUNCT", ",", ","),
        ("is", 9, "ROOT", "AUX", "be", "VBZ"),
        ("that", 14, "mark", "SCONJ", "that", "IN"),
        ("both", 12, "det", "DET", "both", "DT"),
        ("sides", 14, "nsubj", "NOUN", "side", "NNS"),
        ("would", 14, "aux", "AUX", "would", "MD"),
        ("talk", 9, "ccomp", "VERB", "talk", "VB"),
        (".", 9, "punct", "PUNCT", ".", "."),
    ]
    doc = parse(vocab, text, toks, sent_starts=(0, 3))
    (q,) = extract_quotes(doc, [link(text, "Kerry", "person:john_kerry")])
    assert [text[a:b] for a, b in q.pieces] == ["The hope", "is that both sides would talk"]
    assert (q.text, q.speaker_text, q.speaker_id) == (
        "The hope, he said, is that both sides would talk",
        "he",
        "person:john_kerry",
    )
    assert text[q.speaker_start : q.speaker_end] == "he"


def _one(vocab: spacy.vocab.Vocab, text: str, toks: list[Tok]) -> tuple[str, str | None, str | None, str]:
    (q,) = extract_quotes(parse(vocab, text, toks), [])
    return q.text, q.cue_verb, q.speaker_text, q.kind


def test_made_clear_reports_a_position(vocab: spacy.vocab.Vocab) -> None:
    text = "Putin made clear on Friday that the initiative was over."
    toks: list[Tok] = [
        ("Putin", 1, "nsubj", "PROPN", "Putin", "NNP"),
        ("made", 1, "ROOT", "VERB", "make", "VBD"),
        ("clear", 1, "oprd", "ADJ", "clear", "JJ"),
        ("on", 1, "prep", "ADP", "on", "IN"),
        ("Friday", 3, "pobj", "PROPN", "Friday", "NNP"),
        ("that", 8, "mark", "SCONJ", "that", "IN"),
        ("the", 7, "det", "DET", "the", "DT"),
        ("initiative", 8, "nsubj", "NOUN", "initiative", "NN"),
        ("was", 1, "ccomp", "AUX", "be", "VBD"),
        ("over", 8, "acomp", "ADV", "over", "RB"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    assert _one(vocab, text, toks) == ("that the initiative was over", "make clear", "Putin", "indirect")


def test_declared_desire_with_scare_quotes_is_one_indirect_row(vocab: spacy.vocab.Vocab) -> None:
    text = 'French officials have declared their desire to see a "grand coalition".'
    toks: list[Tok] = [
        ("French", 1, "amod", "ADJ", "french", "JJ"),
        ("officials", 3, "nsubj", "NOUN", "official", "NNS"),
        ("have", 3, "aux", "AUX", "have", "VBP"),
        ("declared", 3, "ROOT", "VERB", "declare", "VBN"),
        ("their", 5, "poss", "PRON", "their", "PRP$"),
        ("desire", 3, "dobj", "NOUN", "desire", "NN"),
        ("to", 7, "aux", "PART", "to", "TO"),
        ("see", 5, "acl", "VERB", "see", "VB"),
        ("a", 11, "det", "DET", "a", "DT"),
        ('"', 11, "punct", "PUNCT", '"', "``"),
        ("grand", 11, "amod", "ADJ", "grand", "JJ"),
        ("coalition", 7, "dobj", "NOUN", "coalition", "NN"),
        ('"', 11, "punct", "PUNCT", '"', "''"),
        (".", 3, "punct", "PUNCT", ".", "."),
    ]
    assert _one(vocab, text, toks) == (
        'their desire to see a "grand coalition"',
        "declare",
        "French officials",
        "indirect",
    )


def test_demands_an_object(vocab: spacy.vocab.Vocab) -> None:
    text = "The Obama Administration demands the exclusion of President Assad."
    toks: list[Tok] = [
        ("The", 2, "det", "DET", "the", "DT"),
        ("Obama", 2, "compound", "PROPN", "Obama", "NNP"),
        ("Administration", 3, "nsubj", "PROPN", "Administration", "NNP"),
        ("demands", 3, "ROOT", "VERB", "demand", "VBZ"),
        ("the", 5, "det", "DET", "the", "DT"),
        ("exclusion", 3, "dobj", "NOUN", "exclusion", "NN"),
        ("of", 5, "prep", "ADP", "of", "IN"),
        ("President", 8, "compound", "PROPN", "President", "NNP"),
        ("Assad", 6, "pobj", "PROPN", "Assad", "NNP"),
        (".", 3, "punct", "PUNCT", ".", "."),
    ]
    assert _one(vocab, text, toks) == (
        "the exclusion of President Assad",
        "demand",
        "The Obama Administration",
        "indirect",
    )


def test_calling_for_reports_what_is_called_for(vocab: spacy.vocab.Vocab) -> None:
    text = "Russia has been calling for reforms."
    toks: list[Tok] = [
        ("Russia", 3, "nsubj", "PROPN", "Russia", "NNP"),
        ("has", 3, "aux", "AUX", "have", "VBZ"),
        ("been", 3, "aux", "AUX", "be", "VBN"),
        ("calling", 3, "ROOT", "VERB", "call", "VBG"),
        ("for", 3, "prep", "ADP", "for", "IN"),
        ("reforms", 4, "pobj", "NOUN", "reform", "NNS"),
        (".", 3, "punct", "PUNCT", ".", "."),
    ]
    assert _one(vocab, text, toks) == ("reforms", "call", "Russia", "indirect")


def test_cue_clause_between_commas_mid_sentence_splits_the_content(vocab: spacy.vocab.Vocab) -> None:
    text = "The outreach, they said, raised new worries about the mood."
    toks: list[Tok] = [
        ("The", 1, "det", "DET", "the", "DT"),
        ("outreach", 6, "nsubj", "NOUN", "outreach", "NN"),
        (",", 4, "punct", "PUNCT", ",", ","),
        ("they", 4, "nsubj", "PRON", "they", "PRP"),
        ("said", 6, "parataxis", "VERB", "say", "VBD"),  # the small model's parse: the cue hangs on 'raised'
        (",", 4, "punct", "PUNCT", ",", ","),
        ("raised", 6, "ROOT", "VERB", "raise", "VBD"),
        ("new", 8, "amod", "ADJ", "new", "JJ"),
        ("worries", 6, "dobj", "NOUN", "worry", "NNS"),
        ("about", 8, "prep", "ADP", "about", "IN"),
        ("the", 11, "det", "DET", "the", "DT"),
        ("mood", 9, "pobj", "NOUN", "mood", "NN"),
        (".", 6, "punct", "PUNCT", ".", "."),
    ]
    (q,) = extract_quotes(parse(vocab, text, toks), [])
    assert (q.kind, q.speaker_text) == ("indirect", "they")
    assert [text[a:b] for a, b in q.pieces] == ["The outreach", "raised new worries about the mood"]


def test_reported_speech_ends_before_a_participle_cue_of_its_own(vocab: spacy.vocab.Vocab) -> None:
    text = "Carson said he saw no need to change, telling reporters that voters still back him."
    toks: list[Tok] = [
        ("Carson", 1, "nsubj", "PROPN", "Carson", "NNP"),
        ("said", 1, "ROOT", "VERB", "say", "VBD"),
        ("he", 3, "nsubj", "PRON", "he", "PRP"),
        ("saw", 1, "ccomp", "VERB", "see", "VBD"),
        ("no", 5, "det", "DET", "no", "DT"),
        ("need", 3, "dobj", "NOUN", "need", "NN"),
        ("to", 7, "aux", "PART", "to", "TO"),
        ("change", 5, "acl", "VERB", "change", "VB"),
        (",", 3, "punct", "PUNCT", ",", ","),
        ("telling", 3, "advcl", "VERB", "tell", "VBG"),  # hung inside the reported clause, as parsed
        ("reporters", 9, "dobj", "NOUN", "reporter", "NNS"),
        ("that", 14, "mark", "SCONJ", "that", "IN"),
        ("voters", 14, "nsubj", "NOUN", "voter", "NNS"),
        ("still", 14, "advmod", "ADV", "still", "RB"),
        ("back", 9, "ccomp", "VERB", "back", "VBP"),
        ("him", 14, "dobj", "PRON", "him", "PRP"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    quotes = extract_quotes(parse(vocab, text, toks), [link(text, "Carson", "person:ben_carson")])
    said = next(q for q in quotes if q.cue_verb == "say")
    assert said.text == "he saw no need to change"
    told = next(q for q in quotes if q.cue_verb == "tell")
    assert told.text == "that voters still back him"


def test_a_position_inside_reported_speech_is_part_of_it(vocab: spacy.vocab.Vocab) -> None:
    text = "Manafort said that Trump wanted to coordinate with the forces."
    toks: list[Tok] = [
        ("Manafort", 1, "nsubj", "PROPN", "Manafort", "NNP"),
        ("said", 1, "ROOT", "VERB", "say", "VBD"),
        ("that", 4, "mark", "SCONJ", "that", "IN"),
        ("Trump", 4, "nsubj", "PROPN", "Trump", "NNP"),
        ("wanted", 1, "ccomp", "VERB", "want", "VBD"),
        ("to", 6, "aux", "PART", "to", "TO"),
        ("coordinate", 4, "xcomp", "VERB", "coordinate", "VB"),
        ("with", 6, "prep", "ADP", "with", "IN"),
        ("the", 9, "det", "DET", "the", "DT"),
        ("forces", 7, "pobj", "NOUN", "force", "NNS"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    links = [link(text, "Manafort", "person:paul_manafort"), link(text, "Trump", "person:donald_trump")]
    (q,) = extract_quotes(parse(vocab, text, toks), links)  # no row for 'wanted to coordinate' inside 'said'
    assert (q.cue_verb, q.text, q.speaker_id) == (
        "say",
        "that Trump wanted to coordinate with the forces",
        "person:paul_manafort",
    )


def test_reported_speech_starting_inside_a_quote_and_running_past_it_is_the_same_utterance() -> None:
    from tasks.extract.quotes.utterances import _straddles

    text = '"We are open. We need calm," Rhodes said, as cited by RIA. He said "it gets me mad" every time.'
    quote = (0, text.index("Rhodes") - 1)
    mid = text.index("We need")
    assert _straddles(text, [quote], mid, text.index("RIA") + 3)  # from mid-quote to past the cue: dropped
    second = (text.index('"it'), text.index('mad"') + 4)
    assert not _straddles(text, [second], second[0] + 1, len(text) - 1)  # a clause opened by the quote
    assert not _straddles(text, [quote], mid, quote[1] - 1)  # inside the quote: another rule's business
