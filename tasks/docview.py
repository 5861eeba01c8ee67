"""One read-only view per parsed Doc, shared by the extractors: its text, sentences and token attributes, built once.

`Doc.text` rebuilds the string from every token on each access, `Doc.sents` builds its spans anew, and `for t in doc`
makes a Python Token object per token: the entity, quote and stance extractors used to pay each of these several
times per document. `doc_view(doc)` computes them once, on first use, and hands the same view to every extractor
that asks for the same Doc (a one-entry cache: annotate runs the extractors document by document). Token attributes
come from `Doc.to_array` as plain lists, so extractors can pick the few tokens a rule can fire on before making
Token objects. A Doc's annotations are taken as final once the extractors run (they never change them).
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


class DocView:
    """Text, sentences and per-token attribute lists of one Doc, each computed on first use."""

    __slots__ = ("_attrs", "_sent_of", "_sents", "doc", "text")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._sents: list[Span] | None = None
        self._sent_of: list[int] | None = None
        self._attrs: dict[str, list] = {}
        self.text: str = _doc_text(doc, self.strings("orth"))

    @property
    def sents(self) -> list[Span]:
        """The Doc's sentences (raises like `Doc.sents` when the Doc has no sentence boundaries)."""
        if self._sents is None:
            self._sents = list(self.doc.sents)
        return self._sents

    def sent_of(self) -> list[int]:
        """Sentence index of every token."""
        if self._sent_of is None:
            out = [0] * len(self.doc)
            for si, sent in enumerate(self.sents):
                out[sent.start : sent.end] = [si] * (sent.end - sent.start)
            self._sent_of = out
        return self._sent_of

    def strings(self, attr: str) -> list[str]:
        """A string attribute of every token ('orth', 'lower', 'lemma', 'pos', 'tag', 'dep'), as Token.<attr>_ gives."""
        got = self._attrs.get(attr)
        if got is None:
            got = _string_column(self.doc, attr)
            self._attrs[attr] = got
        return got

    def ints(self, attr: str) -> list[int]:
        """An integer attribute of every token ('idx', 'head' as an absolute index)."""
        got = self._attrs.get(attr)
        if got is None:
            got = _int_column(self.doc, attr)
            self._attrs[attr] = got
        return got


def _string_column(doc: Doc, attr: str) -> list[str]:
    """Strings of one attribute for every token, looking each distinct value up once."""
    from spacy import attrs

    ids = {"orth": attrs.ORTH, "lower": attrs.LOWER, "lemma": attrs.LEMMA, "pos": attrs.POS, "tag": attrs.TAG}
    ids["dep"] = attrs.DEP
    if attr not in ids:
        raise ValueError(f"DocView: unknown string attribute {attr!r}; use one of {sorted(ids)}")
    column = doc.to_array([ids[attr]]).tolist()
    if attr == "pos":
        from spacy.parts_of_speech import NAMES

        lookup = {v: NAMES.get(v, "") for v in dict.fromkeys(column)}
    else:
        strings = doc.vocab.strings
        lookup = {v: strings[v] if v else "" for v in dict.fromkeys(column)}  # each distinct value once
    return list(map(lookup.__getitem__, column))


def _int_column(doc: Doc, attr: str) -> list[int]:
    """Integers of one attribute for every token: char offset ('idx') or absolute head index ('head')."""
    from spacy import attrs

    if attr == "idx":
        return doc.to_array([attrs.IDX]).tolist()
    if attr == "head":
        rel = doc.to_array([attrs.HEAD]).astype("int64").tolist()  # uint64 in spaCy: negative offsets wrap
        return [i + r for i, r in enumerate(rel)]
    raise ValueError(f"DocView: unknown integer attribute {attr!r}; use 'idx' or 'head'")


def _doc_text(doc: Doc, orth: list[str]) -> str:
    """Doc.text from the token strings and their trailing-space flags (no Token objects)."""
    from spacy import attrs

    spaces = doc.to_array([attrs.SPACY]).tolist()
    return "".join([w + " " if sp else w for w, sp in zip(orth, spaces, strict=True)])


_LAST: list = [None, None]  # (weak reference to the last Doc, its view): one entry, replaced per document


def doc_view(doc: Doc) -> DocView:
    """The shared view of a Doc: the one built for the same Doc object last time, or a new one."""
    ref, view = _LAST
    if ref is not None and ref() is doc:
        return view
    view = DocView(doc)
    _LAST[0], _LAST[1] = weakref.ref(doc), view
    return view
