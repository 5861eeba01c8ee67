"""Quotes on hand-built parses: cues, speakers, anaphors, scare quotes, continuation and unbalanced marks."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
import spacy
from spacy.tokens import Doc

from tasks.extract.linking import Link
from tasks.extract.quotes.utterances import extract_quotes, quote_rows

# (word, head index, dep, pos, lemma, tag); spaces come from the text.
Tok = tuple[str, int, str, str, str, str]


def parse(vocab: spacy.vocab.Vocab, text: str, toks: Sequence[Tok], sent_starts: Sequence[int] = (0,)) -> Doc:
    """A Doc with the given tokens, parse and sentence starts; token texts must appear in order in `text`."""
    words, spaces, pos = [t[0] for t in toks], [], 0
    for w in words:
        i = text.index(w, pos)
        assert not text[pos:i].strip(), f"gap before {w!r}"
        pos = i + len(w)
        spaces.append(pos < len(text) and text[pos] == " ")
    return Doc(
        vocab,
        words=words,
        spaces=spaces,
        heads=[t[1] for t in toks],
        deps=[t[2] for t in toks],
        pos=[t[3] for t in toks],
        lemmas=[t[4] for t in toks],
        tags=[t[5] for t in toks],
        sent_starts=[i in sent_starts for i in range(len(toks))],
    )


def link(
    text: str, surface: str, entity_id: str, etype: str = "person", nth: int = 0, parent: str | None = None
) -> Link:
    """A Link on the nth occurrence of `surface` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Link(start, start + len(surface), surface, "PERSON", entity_id, surface, etype, "ruler", parent)


SAID = 'Putin said "we will win the war".'
SAID_TOKS: list[Tok] = [
    ("Putin", 1, "nsubj", "PROPN", "Putin", "NNP"),
    ("said", 1, "ROOT", "VERB", "say", "VBD"),
    ('"', 5, "punct", "PUNCT", '"', "``"),
    ("we", 5, "nsubj", "PRON", "we", "PRP"),
    ("will", 5, "aux", "AUX", "will", "MD"),
    ("win", 1, "ccomp", "VERB", "win", "VB"),
    ("the", 7, "det", "DET", "the", "DT"),
    ("war", 5, "dobj", "NOUN", "war", "NN"),
    ('"', 5, "punct", "PUNCT", '"', "''"),
    (".", 1, "punct", "PUNCT", ".", "."),
]


def test_direct_quote_speaker_is_the_cue_subject(vocab: spacy.vocab.Vocab) -> None:
    doc = parse(vocab, SAID, SAID_TOKS)
    quotes = extract_quotes(doc, [link(SAID, "Putin", "person:vladimir_putin")])
    direct = [q for q in quotes if q.kind == "direct"]
    assert [(q.text, q.speaker_id, q.cue_verb) for q in direct] == [
        ("we will win the war", "person:vladimir_putin", "say")
    ]
    assert all(SAID[q.start_char : q.end_char] == q.text for q in quotes)


def test_curly_marks_and_quote_rows(vocab: spacy.vocab.Vocab) -> None:
    text = SAID.replace('"we', "“we").replace('war"', "war”")
    toks = [(("“" if i == 2 else "”" if i == 8 else t[0]), *t[1:]) for i, t in enumerate(SAID_TOKS)]
    doc = parse(vocab, text, toks)  # type: ignore[arg-type]
    rows = quote_rows("d1", extract_quotes(doc, [link(text, "Putin", "person:vladimir_putin")]))
    assert len({r["quote_id"] for r in rows}) == len(rows)
    direct = [r for r in rows if r["kind"] == "direct"]
    assert direct[0]["quote_text"] == "we will win the war" and direct[0]["speaker_id"] == "person:vladimir_putin"


ANAPHOR = "Lavrov met Kerry. He warned that sanctions would fail."
ANAPHOR_TOKS: list[Tok] = [
    ("Lavrov", 1, "nsubj", "PROPN", "Lavrov", "NNP"),
    ("met", 1, "ROOT", "VERB", "meet", "VBD"),
    ("Kerry", 1, "dobj", "PROPN", "Kerry", "NNP"),
    (".", 1, "punct", "PUNCT", ".", "."),
    ("He", 5, "nsubj", "PRON", "he", "PRP"),
    ("warned", 5, "ROOT", "VERB", "warn", "VBD"),
    ("that", 9, "mark", "SCONJ", "that", "IN"),
    ("sanctions", 9, "nsubj", "NOUN", "sanction", "NNS"),
    ("would", 9, "aux", "AUX", "would", "MD"),
    ("fail", 5, "ccomp", "VERB", "fail", "VB"),
    (".", 5, "punct", "PUNCT", ".", "."),
]


def test_pronoun_speaker_is_the_most_recent_person_in_focus(vocab: spacy.vocab.Vocab) -> None:
    doc = parse(vocab, ANAPHOR, ANAPHOR_TOKS, sent_starts=(0, 4))
    links = [link(ANAPHOR, "Lavrov", "person:sergey_lavrov"), link(ANAPHOR, "Kerry", "person:john_kerry")]
    (q,) = extract_quotes(doc, links)
    # Kerry is mentioned later, but as an object: the subject Lavrov is the one in focus.
    assert (q.kind, q.speaker_text, q.speaker_id, q.cue_verb) == ("indirect", "He", "person:sergey_lavrov", "warn")
    assert q.text == "that sanctions would fail"


SCARE = "Lavrov dismissed the talks as 'fruitless get-togethers'. The 'peace plan' failed."
SCARE_TOKS: list[Tok] = [
    ("Lavrov", 1, "nsubj", "PROPN", "Lavrov", "NNP"),
    ("dismissed", 1, "ROOT", "VERB", "dismiss", "VBD"),
    ("the", 3, "det", "DET", "the", "DT"),
    ("talks", 1, "dobj", "NOUN", "talk", "NNS"),
    ("as", 1, "prep", "ADP", "as", "IN"),
    ("'", 7, "punct", "PUNCT", "'", "``"),
    ("fruitless", 7, "amod", "ADJ", "fruitless", "JJ"),
    ("get-togethers", 4, "pobj", "NOUN", "get-together", "NNS"),
    ("'", 7, "punct", "PUNCT", "'", "''"),
    (".", 1, "punct", "PUNCT", ".", "."),
    ("The", 13, "det", "DET", "the", "DT"),
    ("'", 13, "punct", "PUNCT", "'", "``"),
    ("peace", 13, "compound", "NOUN", "peace", "NN"),
    ("plan", 15, "nsubj", "NOUN", "plan", "NN"),
    ("'", 13, "punct", "PUNCT", "'", "''"),
    ("failed", 15, "ROOT", "VERB", "fail", "VBD"),
    (".", 15, "punct", "PUNCT", ".", "."),
]


def test_scare_quotes_are_kept_only_under_a_reporting_verb(vocab: spacy.vocab.Vocab) -> None:
    doc = parse(vocab, SCARE, SCARE_TOKS, sent_starts=(0, 10))
    quotes = extract_quotes(doc, [link(SCARE, "Lavrov", "person:sergey_lavrov")])
    # one utterance: the quoted words are part of what Lavrov's dismissal reports, not a quote of their own
    assert [(q.text, q.kind, q.speaker_id, q.cue_verb) for q in quotes] == [
        ("the talks as 'fruitless get-togethers'", "indirect", "person:sergey_lavrov", "dismiss")
    ]


def test_unbalanced_marks_and_apostrophes_never_raise(vocab: spacy.vocab.Vocab) -> None:
    text = "Rhodes' aides said “the plan's dead. It's over"
    toks: list[Tok] = [
        ("Rhodes", 2, "poss", "PROPN", "Rhodes", "NNP"),
        ("'", 0, "case", "PART", "'", "POS"),
        ("aides", 3, "nsubj", "NOUN", "aide", "NNS"),
        ("said", 3, "ROOT", "VERB", "say", "VBD"),
        ("“", 7, "punct", "PUNCT", "“", "``"),
        ("the", 6, "det", "DET", "the", "DT"),
        ("plan", 7, "nsubj", "NOUN", "plan", "NN"),
        ("'s", 3, "ccomp", "AUX", "be", "VBZ"),
        ("dead", 7, "acomp", "ADJ", "dead", "JJ"),
        (".", 3, "punct", "PUNCT", ".", "."),
        ("It", 11, "nsubj", "PRON", "it", "PRP"),
        ("'s", 11, "ROOT", "AUX", "be", "VBZ"),
        ("over", 11, "advmod", "ADV", "over", "RB"),
    ]
    doc = parse(vocab, text, toks, sent_starts=(0, 10))
    quotes = extract_quotes(doc, [link(text, "Rhodes", "person:ben_rhodes")])
    assert all(q.kind == "indirect" for q in quotes)  # no direct quote from an unclosed mark or apostrophes
    assert all(text[q.start_char : q.end_char] == q.text for q in quotes)


def test_empty_doc_has_no_quotes(vocab: spacy.vocab.Vocab) -> None:
    assert extract_quotes(Doc(vocab, words=[]), []) == []


CONT = "“We will talk,” Putin said. “We will win.”"
CONT_TOKS: list[Tok] = [
    ("“", 3, "punct", "PUNCT", "“", "``"),
    ("We", 3, "nsubj", "PRON", "we", "PRP"),
    ("will", 3, "aux", "AUX", "will", "MD"),
    ("talk", 7, "ccomp", "VERB", "talk", "VB"),
    (",", 7, "punct", "PUNCT", ",", ","),
    ("”", 7, "punct", "PUNCT", "”", "''"),
    ("Putin", 7, "nsubj", "PROPN", "Putin", "NNP"),
    ("said", 7, "ROOT", "VERB", "say", "VBD"),
    (".", 7, "punct", "PUNCT", ".", "."),
    ("“", 12, "punct", "PUNCT", "“", "``"),
    ("We", 12, "nsubj", "PRON", "we", "PRP"),
    ("will", 12, "aux", "AUX", "will", "MD"),
    ("win", 12, "ROOT", "VERB", "win", "VB"),
    (".", 12, "punct", "PUNCT", ".", "."),
    ("”", 12, "punct", "PUNCT", "”", "''"),
]


def test_quote_broken_by_its_cue_is_one_quote_with_pieces(vocab: spacy.vocab.Vocab) -> None:
    doc = parse(vocab, CONT, CONT_TOKS, sent_starts=(0, 9))
    (q,) = extract_quotes(doc, [link(CONT, "Putin", "person:vladimir_putin")])
    assert (q.kind, q.speaker_id, q.speaker_text, q.cue_verb) == ("direct", "person:vladimir_putin", "Putin", "say")
    assert [CONT[a:b] for a, b in q.pieces] == ["We will talk,", "We will win."]
    assert (q.start_char, q.end_char) == (q.pieces[0][0], q.pieces[-1][1])
    (row,) = quote_rows("d", [q])
    assert [CONT[a:b] for a, b in zip(row["piece_starts"], row["piece_ends"], strict=True)] == [
        "We will talk,",
        "We will win.",
    ]


SPOKES = "A Acme spokesman said that talks failed. Adam Neumann left."
SPOKES_TOKS: list[Tok] = [
    ("A", 2, "det", "DET", "a", "DT"),
    ("Acme", 2, "compound", "PROPN", "Acme", "NNP"),
    ("spokesman", 3, "nsubj", "NOUN", "spokesman", "NN"),
    ("said", 3, "ROOT", "VERB", "say", "VBD"),
    ("that", 6, "mark", "SCONJ", "that", "IN"),
    ("talks", 6, "nsubj", "NOUN", "talk", "NNS"),
    ("failed", 3, "ccomp", "VERB", "fail", "VBD"),
    (".", 3, "punct", "PUNCT", ".", "."),
    ("Adam", 9, "compound", "PROPN", "Adam", "NNP"),
    ("Neumann", 10, "nsubj", "PROPN", "Neumann", "NNP"),
    ("left", 10, "ROOT", "VERB", "leave", "VBD"),
    (".", 10, "punct", "PUNCT", ".", "."),
]


@pytest.mark.parametrize(("acme", "expected"), [(True, "org:acme"), (False, None)])
def test_spokesperson_speaks_for_the_organisation(vocab: spacy.vocab.Vocab, acme: bool, expected: str | None) -> None:
    doc = parse(vocab, SPOKES, SPOKES_TOKS, sent_starts=(0, 8))
    links = [link(SPOKES, "Adam Neumann", "person:adam_neumann")]
    if acme:
        links.insert(0, link(SPOKES, "Acme", "org:acme", "org"))
    (q,) = extract_quotes(doc, links)
    # never the person named next: an unnamed spokesperson is not them
    assert (q.speaker_id, q.cue_verb, q.text) == (expected, "say", "that talks failed")


COLON = "Lavrov told reporters:\n“The talks were fruitless and long.”"
COLON_TOKS: list[Tok] = [
    ("Lavrov", 1, "nsubj", "PROPN", "Lavrov", "NNP"),
    ("told", 1, "ROOT", "VERB", "tell", "VBD"),
    ("reporters", 1, "dobj", "NOUN", "reporter", "NNS"),
    (":", 1, "punct", "PUNCT", ":", ":"),
    ("\n", 3, "dep", "SPACE", "\n", "_SP"),
    ("“", 7, "punct", "PUNCT", "“", "``"),
    ("The", 6, "det", "DET", "the", "DT"),
    ("talks", 7, "nsubj", "NOUN", "talk", "NNS"),
    ("were", 7, "ROOT", "AUX", "be", "VBD"),
    ("fruitless", 7, "acomp", "ADJ", "fruitless", "JJ"),
    ("and", 9, "cc", "CCONJ", "and", "CC"),
    ("long", 9, "conj", "ADJ", "long", "JJ"),
    (".", 7, "punct", "PUNCT", ".", "."),
    ("”", 7, "punct", "PUNCT", "”", "''"),
]


def test_colon_on_the_line_above_introduces_the_quote(vocab: spacy.vocab.Vocab) -> None:
    doc = parse(vocab, COLON, COLON_TOKS, sent_starts=(0, 5))
    (q,) = extract_quotes(doc, [link(COLON, "Lavrov", "person:sergey_lavrov")])
    assert (q.kind, q.speaker_id, q.cue_verb, q.text) == (
        "direct",
        "person:sergey_lavrov",
        "tell",
        "The talks were fruitless and long.",
    )


ACCORDING = "According to Lavrov, the talks failed badly."
ACCORDING_TOKS: list[Tok] = [
    ("According", 6, "prep", "VERB", "accord", "VBG"),
    ("to", 0, "prep", "ADP", "to", "IN"),
    ("Lavrov", 1, "pobj", "PROPN", "Lavrov", "NNP"),
    (",", 6, "punct", "PUNCT", ",", ","),
    ("the", 5, "det", "DET", "the", "DT"),
    ("talks", 6, "nsubj", "NOUN", "talk", "NNS"),
    ("failed", 6, "ROOT", "VERB", "fail", "VBD"),
    ("badly", 6, "advmod", "ADV", "badly", "RB"),
    (".", 6, "punct", "PUNCT", ".", "."),
]


def test_according_to_attributes_the_rest_of_the_sentence(vocab: spacy.vocab.Vocab) -> None:
    doc = parse(vocab, ACCORDING, ACCORDING_TOKS)
    (q,) = extract_quotes(doc, [link(ACCORDING, "Lavrov", "person:sergey_lavrov")])
    assert (q.kind, q.speaker_id, q.cue_verb, q.text) == (
        "indirect",
        "person:sergey_lavrov",
        "according to",
        "the talks failed badly",
    )
