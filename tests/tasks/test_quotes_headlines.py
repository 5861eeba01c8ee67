"""Claims in headline form ('Speaker: claim'), on hand-built parses."""

from __future__ import annotations

import spacy

from tasks.extract.quotes.headlines import headline_claims
from tasks.extract.quotes.utterances import extract_quotes
from tests.tasks.test_quotes import Tok, link, parse

HEADLINE = "Clinton camp: Trump rhetoric threatens security\nThe campaign met."
HEADLINE_TOKS: list[Tok] = [
    ("Clinton", 1, "compound", "PROPN", "Clinton", "NNP"),
    ("camp", 1, "ROOT", "NOUN", "camp", "NN"),
    (":", 1, "punct", "PUNCT", ":", ":"),
    ("Trump", 4, "compound", "PROPN", "Trump", "NNP"),
    ("rhetoric", 5, "nsubj", "NOUN", "rhetoric", "NN"),
    ("threatens", 5, "ROOT", "VERB", "threaten", "VBZ"),
    ("security", 5, "dobj", "NOUN", "security", "NN"),
    ("\n", 6, "dep", "SPACE", "\n", "_SP"),
    ("The", 9, "det", "DET", "the", "DT"),
    ("campaign", 10, "nsubj", "NOUN", "campaign", "NN"),
    ("met", 10, "ROOT", "VERB", "meet", "VBD"),
    (".", 10, "punct", "PUNCT", ".", "."),
]


def test_a_headline_opened_by_a_noun_phrase_and_a_colon_is_its_claim(vocab: spacy.vocab.Vocab) -> None:
    doc = parse(vocab, HEADLINE, HEADLINE_TOKS, sent_starts=(0, 3, 8))
    quotes = extract_quotes(doc, [link(HEADLINE, "Clinton", "person:hillary_clinton")])
    claims = [(q.text, q.speaker_text, q.speaker_id) for q in quotes if q.cue_verb is None]
    assert claims == [("Trump rhetoric threatens security", "Clinton camp", None)]


def test_only_the_first_line_and_a_noun_before_the_colon_count(vocab: spacy.vocab.Vocab) -> None:
    text = "Wow: Trump rhetoric threatens security\nThe campaign met."
    toks = [("Wow", 0, "ROOT", "INTJ", "wow", "UH"), *HEADLINE_TOKS[2:]]
    toks = [(w, h - 1 if i else h, d, p, lem, tag) for i, (w, h, d, p, lem, tag) in enumerate(toks)]
    assert headline_claims(parse(vocab, text, toks, sent_starts=(0, 2, 7)), text, []) == []
    later = "The campaign met.\nClinton camp: Trump rhetoric threatens security"
    body = [(w, h + 4, d, p, lem, tag) for w, h, d, p, lem, tag in HEADLINE_TOKS[:7]]
    first = [(w, h - 8, d, p, lem, tag) for w, h, d, p, lem, tag in HEADLINE_TOKS[8:]]
    toks2 = [*first, ("\n", 2, "dep", "SPACE", "\n", "_SP"), *body]
    assert headline_claims(parse(vocab, later, toks2, sent_starts=(0, 4, 7)), later, []) == []
