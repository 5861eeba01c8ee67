"""DocView: the per-Doc text, sentences and token columns shared by the extractors, on hand-built Docs."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from tasks.docview import DocView, doc_view


def _doc() -> Doc:
    """Two parsed sentences built by hand (no model)."""
    nlp = spacy.blank("en")
    words = ["Russia", "backs", "Assad", ".", "He", "said", "so", "."]
    return Doc(
        nlp.vocab,
        words=words,
        spaces=[True, True, False, True, True, True, False, False],
        pos=["PROPN", "VERB", "PROPN", "PUNCT", "PRON", "VERB", "ADV", "PUNCT"],
        tags=["NNP", "VBZ", "NNP", ".", "PRP", "VBD", "RB", "."],
        deps=["nsubj", "ROOT", "dobj", "punct", "nsubj", "ROOT", "advmod", "punct"],
        heads=[1, 1, 1, 1, 5, 5, 5, 5],
        lemmas=["Russia", "back", "Assad", ".", "he", "say", "so", "."],
        sent_starts=[True, False, False, False, True, False, False, False],
    )


def test_view_columns_equal_token_attributes() -> None:
    doc = _doc()
    view = DocView(doc)
    assert view.text == doc.text == "Russia backs Assad. He said so."
    for attr in ("orth", "lower", "lemma", "pos", "tag", "dep"):
        assert view.strings(attr) == [getattr(t, attr + "_") for t in doc], attr
    assert view.ints("idx") == [t.idx for t in doc]
    assert view.ints("head") == [t.head.i for t in doc] == [1, 1, 1, 1, 5, 5, 5, 5]
    assert [s.text for s in view.sents] == ["Russia backs Assad.", "He said so."]
    assert view.sent_of() == [0, 0, 0, 0, 1, 1, 1, 1]


def test_doc_view_is_shared_per_doc_and_rebuilt_for_another() -> None:
    a, b = _doc(), _doc()
    va = doc_view(a)
    assert doc_view(a) is va
    vb = doc_view(b)
    assert vb is not va and vb.doc is b
    assert doc_view(a) is not va and doc_view(a).text == va.text  # one entry: a was replaced by b


def test_unknown_attribute_names_the_choices() -> None:
    with pytest.raises(ValueError, match="unknown string attribute"):
        DocView(_doc()).strings("shape")
    with pytest.raises(ValueError, match="'idx' or 'head'"):
        DocView(_doc()).ints("i")
