"""One read-only view per parsed Doc, shared by the extractors: its text, sentences and token attributes, built once.

`Doc.text` rebuilds the string from every token on each access, `Doc.sents` builds its spans anew, and `for t in doc`
makes a Python Token object per token: the entity, quote and stance extractors used to pay each of these several times
per document. `doc_view(doc)` computes them once, on first use, and keeps the view in the Doc's own `user_data`, so
every extractor given the Doc reads the same view and no state outlives or crosses documents; annotate releases it when
the document's rows are made (`release_view`). Token attributes come from one `Doc.to_array` call, so extractors can
pick the few tokens a rule can fire on (`where`, `where_text`) before making Token objects. A Doc's annotations are
taken as final once the extractors run (they never change them).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


class DocView:
    """Text, sentences and token attribute columns of one Doc, each computed on first use."""

    __slots__ = ("_columns", "_sents", "_strings", "_where", "doc", "memo", "text")

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        """A copied or pickled Doc carries no view (it would describe the original): `doc_view` builds a new one."""
        return (_no_view, ())

    def __init__(self, doc: Doc, text: str | None = None) -> None:
        self.doc = doc
        self.text: str = doc.text if text is None else text
        self._sents: list[Span] | None = None
        self._columns: np.ndarray | None = None
        self._strings: dict[str, list[str]] = {}
        self._where: dict[tuple, list[int]] = {}
        self.memo: dict[tuple, Any] = {}  # results of pure functions of this Doc's parse, keyed (name, *args)

    @property
    def sents(self) -> list[Span]:
        """The Doc's sentences (raises like `Doc.sents` when the Doc has no sentence boundaries)."""
        if self._sents is None:
            self._sents = list(self.doc.sents)
        return self._sents

    def span_root(self, start: int, end: int) -> Token | None:
        """Syntactic root of the tokens covering chars [start, end) (None when none do), computed once per span."""
        key = ("span_root", start, end)
        if key not in self.memo:
            span = self.doc.char_span(start, end, alignment_mode="expand")
            self.memo[key] = span.root if span is not None and len(span) else None
        return self.memo[key]

    def column(self, attr: str) -> np.ndarray:
        """One attribute ('orth', 'lower', 'lemma', 'pos' ids, 'head' offset) for every token, as spaCy stores it."""
        if attr not in _COLUMNS:
            raise ValueError(f"DocView: unknown column {attr!r}; use one of {list(_COLUMNS)}")
        if self._columns is None:
            from spacy import attrs

            columns = [attrs.ORTH, attrs.LOWER, attrs.LEMMA, attrs.POS, attrs.HEAD]
            self._columns = self.doc.to_array(columns).reshape(-1, len(columns))
        return self._columns[:, _COLUMNS[attr]]

    def sentence_trees(self) -> bool:
        """Whether every token's head lies in its own sentence (true of parser output; hand-built Docs may differ),
        so that a rule following dependencies from a token never leaves its sentence."""
        key = ("sentence_trees",)
        if key not in self.memo:
            n = len(self.doc)
            sent_of = np.zeros(n, dtype=np.int64)
            for si, sent in enumerate(self.sents):
                sent_of[sent.start : sent.end] = si
            heads = np.arange(n, dtype=np.int64) + self.column("head").astype(np.int64)  # uint64: offsets wrap
            self.memo[key] = bool(n == 0 or (sent_of[heads] == sent_of).all())
        return self.memo[key]

    def strings(self, attr: str) -> list[str]:
        """A string attribute of every token ('orth', 'lower', 'lemma', 'pos'), as Token.<attr>_ gives it."""
        got = self._strings.get(attr)
        if got is None:
            ids = self.column(attr).tolist()
            if attr == "pos":
                from spacy.parts_of_speech import NAMES

                lookup = {v: NAMES.get(v, "") for v in dict.fromkeys(ids)}
            else:
                strings = self.doc.vocab.strings
                lookup = {v: strings[v] if v else "" for v in dict.fromkeys(ids)}  # each distinct value once
            got = self._strings[attr] = list(map(lookup.__getitem__, ids))
        return got

    def where(self, pos: tuple[str, ...], lemmas: frozenset[str] | None = None) -> list[int]:
        """Indices (in order) of the tokens with one of the coarse tags `pos` and, if given, a lower-cased lemma in
        `lemmas`: what `tok.pos_ in pos and tok.lemma_.lower() in lemmas` keeps, without making Token objects."""
        got = self._where.get((pos, lemmas))
        if got is None:
            got = self._where[(pos, lemmas)] = self._select(pos, lemmas)
        return got

    def _select(self, pos: tuple[str, ...], lemmas: frozenset[str] | None) -> list[int]:
        """`where` without the memo."""
        from spacy.parts_of_speech import IDS

        found = np.flatnonzero(_among(self.column("pos"), [IDS[p] for p in pos]))
        if lemmas is None or not len(found):
            return found.tolist()
        lemma_ids = self.column("lemma")[found]
        strings = self.doc.vocab.strings
        keep = [v for v in set(lemma_ids.tolist()) if strings[v].lower() in lemmas]  # each distinct lemma once
        return found[_among(lemma_ids, keep)].tolist() if keep else []

    def where_text(self, words: Iterable[str], attr: str = "orth") -> list[int]:
        """Indices (in order) of the tokens whose text ('orth') or lower-cased text ('lower') is one of `words`."""
        key = ("text", attr, *words)
        got = self._where.get(key)
        if got is None:
            from spacy.strings import get_string_id

            ids = [get_string_id(w) for w in key[2:]]
            got = self._where[key] = np.flatnonzero(_among(self.column(attr), ids)).tolist()
        return got


def _among(column: np.ndarray, values: Iterable[int]) -> np.ndarray:
    """Mask of the entries of a uint64 column equal to one of the values (np.isin costs more for a few values)."""
    values = list(values)
    if len(values) > 8:
        return np.isin(column, np.asarray(values, dtype=np.uint64))
    mask = np.zeros(len(column), dtype=bool)
    for v in values:
        mask |= column == np.uint64(v)
    return mask


_COLUMNS = {"orth": 0, "lower": 1, "lemma": 2, "pos": 3, "head": 4}  # head: offset to the head, as spaCy keeps it


#: Key of the view in `Doc.user_data`, spaCy's per-document store: the view lives with its Doc, not in a module global.
VIEW_KEY = "stancewire.view"


def _no_view() -> None:
    """What a pickled DocView becomes: nothing."""
    return None


def doc_view(doc: Doc) -> DocView:
    """The view of a Doc: the one stored on it (`attach_view`), or a new one stored there on first use."""
    view = doc.user_data.get(VIEW_KEY)
    if view is None or view.doc is not doc:  # a copied Doc carries its original's user_data
        view = DocView(doc)
        doc.user_data[VIEW_KEY] = view
    return view


def attach_view(doc: Doc, text: str | None) -> DocView:
    """Store a new view of a Doc parsed from `text`: spaCy keeps every character, so `Doc.text` is that string and
    need not be rebuilt from the tokens (it is, as by `doc_view`, when no text is given or its length differs)."""
    end = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    view = doc.user_data[VIEW_KEY] = DocView(doc, text if text is not None and len(text) == end else None)
    return view


def release_view(doc: Doc) -> None:
    """Drop the view stored on a Doc (it refers back to the Doc: dropping it frees both at once)."""
    doc.user_data.pop(VIEW_KEY, None)
