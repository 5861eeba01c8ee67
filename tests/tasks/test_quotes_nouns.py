"""Claims voiced through a possessed noun ('Trump's claim that ...'), on hand-built parses."""

from __future__ import annotations

import spacy

from tasks.extract.quotes.utterances import extract_quotes
from tests.tasks.test_quotes import Tok, link, parse

TEXT = "Trump's claim that the election is rigged spread fast."
TOKS: list[Tok] = [
    ("Trump", 2, "poss", "PROPN", "Trump", "NNP"),
    ("'s", 0, "case", "PART", "'s", "POS"),
    ("claim", 8, "nsubj", "NOUN", "claim", "NN"),
    ("that", 6, "mark", "SCONJ", "that", "IN"),
    ("the", 5, "det", "DET", "the", "DT"),
    ("election", 6, "nsubjpass", "NOUN", "election", "NN"),
    ("is", 2, "acl", "AUX", "be", "VBZ"),
    ("rigged", 6, "acomp", "VERB", "rig", "VBN"),
    ("spread", 8, "ROOT", "VERB", "spread", "VBD"),
    ("fast", 8, "advmod", "ADV", "fast", "RB"),
    (".", 8, "punct", "PUNCT", ".", "."),
]


def test_a_possessed_claim_noun_voices_its_that_clause() -> None:
    doc = parse(spacy.blank("en").vocab, TEXT, TOKS)
    (q,) = extract_quotes(doc, [link(TEXT, "Trump", "person:donald_trump")])
    assert (q.kind, q.cue_verb, q.text, q.speaker_id) == (
        "indirect",
        "claim",
        "that the election is rigged",
        "person:donald_trump",
    )


def test_a_claim_noun_without_an_owner_or_with_a_relative_clause_is_no_quote() -> None:
    vocab = spacy.blank("en").vocab
    text = "The claim that the election is rigged spread fast."
    toks: list[Tok] = [("The", 1, "det", "DET", "the", "DT"), ("claim", 7, "nsubj", "NOUN", "claim", "NN")]
    toks += [(w, h - 1, d, p, lem, t) for w, h, d, p, lem, t in TOKS[3:]]
    assert extract_quotes(parse(vocab, text, toks), []) == []
    relative = "Trump's claim that he made spread fast."
    rel: list[Tok] = [
        *TOKS[:2],
        ("claim", 6, "nsubj", "NOUN", "claim", "NN"),
        ("that", 5, "dobj", "PRON", "that", "WDT"),
        ("he", 5, "nsubj", "PRON", "he", "PRP"),
        ("made", 2, "relcl", "VERB", "make", "VBD"),
        ("spread", 6, "ROOT", "VERB", "spread", "VBD"),
        ("fast", 6, "advmod", "ADV", "fast", "RB"),
        (".", 6, "punct", "PUNCT", ".", "."),
    ]
    assert extract_quotes(parse(vocab, relative, rel), []) == []
