"""Direct quotes found since issue 12's recall work, on hand-built parses: mined cues, doubled-apostrophe marks."""

from __future__ import annotations

import pytest
import spacy

from tasks.quotes import direct_cues, extract_quotes
from tests.tasks.test_quotes import Tok, link, parse


@pytest.fixture(scope="module")
def vocab() -> spacy.vocab.Vocab:
    return spacy.blank("en").vocab


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
