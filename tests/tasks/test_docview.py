"""DocView: the per-Doc text, sentences and token columns shared by the extractors, on hand-built Docs."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from tasks.nlp.docview import DocView, attach_view, doc_view, release_view


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
    for attr in ("orth", "lower", "lemma", "pos"):
        assert view.strings(attr) == [getattr(t, attr + "_") for t in doc], attr
    assert [s.text for s in view.sents] == ["Russia backs Assad.", "He said so."]


def test_where_picks_tokens_by_tag_lemma_and_text() -> None:
    view = DocView(_doc())
    assert view.where(("VERB",)) == [1, 5]
    assert view.where(("VERB", "PROPN")) == [0, 1, 2, 5]
    assert view.where(("VERB",), frozenset({"say"})) == [5]
    assert view.where(("PROPN",), frozenset({"assad"})) == [2]  # lemmas compared lower-cased
    assert view.where(("NOUN",), frozenset({"say"})) == []
    assert view.where_text(["Assad", "so", "Putin"]) == [2, 6]
    assert view.where_text(["russia"]) == [] and view.where_text(["russia"], "lower") == [0]
    assert view.where_text([]) == []
    many = ["Putin", "Obama", "Kerry", "Lavrov", "Assad", "Rhodes", "Toner", "Merkel", "Erdogan", "He"]
    assert view.where_text(many) == [2, 4]  # more than a few words: the np.isin path


def test_each_doc_keeps_its_own_view_and_no_module_state_holds_one() -> None:
    import tasks.nlp.docview as docview

    a, b = _doc(), _doc()
    va = doc_view(a)
    assert doc_view(a) is va
    vb = doc_view(b)
    assert vb is not va and vb.doc is b
    assert doc_view(a) is va  # b's view did not replace a's: each lives on its own Doc
    assert a.user_data[docview.VIEW_KEY] is va
    held = [
        k
        for k, v in vars(docview).items()
        if isinstance(v, (list, dict)) and DocView in map(type, v.values() if isinstance(v, dict) else v)
    ]
    assert not held and not [k for k, v in vars(docview).items() if isinstance(v, DocView)]
    release_view(a)
    assert docview.VIEW_KEY not in a.user_data
    assert doc_view(a) is not va and doc_view(a).text == va.text  # rebuilt on the next use


def test_a_copied_doc_gets_a_view_of_its_own() -> None:
    a = _doc()
    va = doc_view(a)
    c = a.copy()
    assert doc_view(c).doc is c and doc_view(c) is not va


def test_unknown_attribute_names_the_choices() -> None:
    with pytest.raises(ValueError, match="unknown column 'shape'"):
        DocView(_doc()).strings("shape")


def test_sentence_trees_tells_a_parse_from_heads_that_cross_sentences() -> None:
    assert DocView(_doc()).sentence_trees()
    doc = _doc()
    view = DocView(doc)
    view._sents = [doc[0:2], doc[2:8]]  # boundaries that cut 'Assad' off its head 'backs' (spaCy refuses to set them)
    assert not view.sentence_trees()


def test_attach_view_takes_the_parsed_text_and_is_the_docs_view() -> None:
    doc = _doc()
    given = "Russia backs Assad. He said so."
    view = attach_view(doc, given)
    assert view.text is given and doc_view(doc) is view
    release_view(doc)
    assert attach_view(doc, "too short").text == doc.text  # a text of another length is not taken
    assert attach_view(doc, None).text == doc.text
