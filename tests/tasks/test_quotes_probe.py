"""The probe of low-share mined cues (tasks/offline/quotes/cue_probe.py) and the lexicon's use of it, on a hand-built
parse."""

from __future__ import annotations

import spacy

from tasks.extract.quotes import lexicon as lex
from tasks.extract.quotes.utterances import extract_quotes
from tasks.offline.quotes.cue_probe import add_probe, probe_cues
from tests.tasks.test_quotes import Tok, parse

TEXT = "Trump thinks that the deal is bad."
TOKS: list[Tok] = [
    ("Trump", 1, "nsubj", "PROPN", "Trump", "NNP"),
    ("thinks", 1, "ROOT", "VERB", "reckon_like", "VBZ"),  # a lemma no real lexicon holds
    ("that", 5, "mark", "SCONJ", "that", "IN"),
    ("the", 4, "det", "DET", "the", "DT"),
    ("deal", 5, "nsubj", "NOUN", "deal", "NN"),
    ("is", 1, "ccomp", "AUX", "be", "VBZ"),
    ("bad", 5, "acomp", "ADJ", "bad", "JJ"),
    (".", 1, "punct", "PUNCT", ".", "."),
]


def _lexicon(share: float) -> dict:
    return {"about": "test", "cues": {"reckon_like": {"cue": 10, "verb": 100, "share": share, "frames": ["ccomp"]}}}


def test_probe_counts_the_rows_of_a_low_share_cue_and_restores_the_lexicon() -> None:
    doc = parse(spacy.blank("en").vocab, TEXT, TOKS)
    start = TEXT.index("that")
    case = {"id": "a", "text": TEXT, "attributions": [{"source": [0, 5], "cue": [6, 12], "content": [[start, 33]]}]}
    before = lex.MIN_CUE_SHARE
    assert probe_cues([case], [doc], _lexicon(0.1)) == {"reckon_like": [1, 1]}
    assert probe_cues([case], [doc], _lexicon(0.01)) == {}  # below PROBE_SHARE: not probed
    assert before == lex.MIN_CUE_SHARE and "reckon_like" not in lex.content_frames()
    assert "probe" in add_probe(_lexicon(0.1), {"reckon_like": [1, 1]})["cues"]["reckon_like"]


def test_a_low_share_cue_is_kept_only_when_its_probe_matched_often() -> None:
    assert lex._probed_well({"probe": [86, 120]})  # 'think' on PolNeAR train
    assert not lex._probed_well({"probe": [23, 96]})  # 'raise'
    assert not lex._probed_well({"probe": [8, 9]})  # too few rows to judge
    assert not lex._probed_well({})
    assert "think" in lex.content_frames() and "raise" not in lex.content_frames()


def test_a_probed_opinion_cue_with_a_first_person_subject_is_the_writers_voice() -> None:
    vocab = spacy.blank("en").vocab
    assert "think" in lex.opinion_cues()
    third = "Trump thinks that the deal is bad."
    toks = [t if t[0] != "thinks" else ("thinks", 1, "ROOT", "VERB", "think", "VBZ") for t in TOKS]
    (q,) = extract_quotes(parse(vocab, third, toks), [])
    assert (q.cue_verb, q.text, q.speaker_text) == ("think", "that the deal is bad", "Trump")
    first = "I think that the deal is bad."
    toks = [("I", 1, "nsubj", "PRON", "I", "PRP"), ("think", 1, "ROOT", "VERB", "think", "VBP"), *toks[2:]]
    assert extract_quotes(parse(vocab, first, toks), []) == []
