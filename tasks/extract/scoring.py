"""Scorers: the encoder asked about pair and target questions, whatever its design, answering in one shape.

A question is a text with char spans in it: a directed pair (text, earlier span, later span) or a portrayal target
(text, span). `PerItemScorer` runs the per-question encoder (`tasks.extract.encoder.runtime`, one forward pass per
question, task markers); `PerSentenceScorer` runs the sentence encoder (`tasks.extract.encoder.sentence`): every
question on one text is answered by one forward pass with all its spans marked, so a sentence with five actors costs one
pass, not twenty. Both return directed probabilities (n, 5) with e1 = the earlier span, and portrayal probabilities (m,
3).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

Span = tuple[int, int]
PairQuestion = tuple[str, Span, Span]  # text, earlier span, later span
TargetQuestion = tuple[str, Span]


class Scorer(Protocol):
    """Answers pair and target questions."""

    directed_version: str
    portrayal_version: str

    def score(
        self, pairs: Sequence[PairQuestion], targets: Sequence[TargetQuestion]
    ) -> tuple[np.ndarray, np.ndarray]: ...


@dataclass(slots=True)
class PerItemScorer:
    """One forward pass per question (tasks.extract.encoder.runtime.StanceEncoder)."""

    encoder: Any
    directed_version: str = ""
    portrayal_version: str = ""

    def __post_init__(self) -> None:
        self.directed_version = self.encoder.directed_version
        self.portrayal_version = self.encoder.portrayal_version

    def score(self, pairs: Sequence[PairQuestion], targets: Sequence[TargetQuestion]) -> tuple[np.ndarray, np.ndarray]:
        """Directed and portrayal probabilities of the questions, in their order."""
        from tasks.extract.encoder import PairInput, TargetInput

        d = self.encoder.directed([PairInput(t, a, b) for t, a, b in pairs]) if pairs else np.zeros((0, 5), np.float32)
        p = self.encoder.portrayal([TargetInput(t, s) for t, s in targets]) if targets else np.zeros((0, 3), np.float32)
        return d, p


@dataclass(slots=True)
class _Group:
    """Questions on one text that can share one marking (no two marked spans overlap)."""

    text: str
    spans: list[Span] = field(default_factory=list)
    pairs: list[tuple[int, int, int]] = field(default_factory=list)  # (question index, i, j)
    targets: list[tuple[int, int]] = field(default_factory=list)  # (question index, i)

    def index(self, span: Span) -> int | None:
        """Index of a span in this group's marking (added if new), None if it overlaps another marked span."""
        if span in self.spans:
            return self.spans.index(span)
        if any(s[0] < span[1] and span[0] < s[1] for s in self.spans):
            return None
        self.spans.append(span)
        return len(self.spans) - 1


def group_questions(pairs: Sequence[PairQuestion], targets: Sequence[TargetQuestion]) -> list[_Group]:
    """Questions grouped by text, a further group of the same text where spans would overlap."""
    groups: dict[str, list[_Group]] = {}

    def place(text: str, spans: Sequence[Span]) -> tuple[_Group, list[int]]:
        for g in groups.setdefault(text, []):
            trial = list(g.spans)
            idx = [g.index(s) for s in spans]
            if all(i is not None for i in idx):
                return g, [i for i in idx if i is not None]
            g.spans = trial  # undo
        g = _Group(text)
        groups[text].append(g)
        idx = [g.index(s) for s in spans]
        if any(i is None for i in idx):
            raise ValueError(f"question spans overlap each other: {spans}")
        return g, [i for i in idx if i is not None]

    for q, (text, a, b) in enumerate(pairs):
        g, (i, j) = place(text, (a, b))
        g.pairs.append((q, i, j))
    for q, (text, s) in enumerate(targets):
        g, (i,) = place(text, (s,))
        g.targets.append((q, i))
    return [g for gs in groups.values() for g in gs]


@dataclass(slots=True)
class PerSentenceScorer:
    """One forward pass per text, all its questions answered together (`SentenceEncoder` of tasks.extract.encoder)."""

    encoder: Any
    directed_version: str = ""
    portrayal_version: str = ""

    def __post_init__(self) -> None:
        self.directed_version = self.portrayal_version = self.encoder.version

    def score(self, pairs: Sequence[PairQuestion], targets: Sequence[TargetQuestion]) -> tuple[np.ndarray, np.ndarray]:
        """Directed and portrayal probabilities of the questions, in their order."""
        from tasks.extract.encoder.sentence import SentenceInput

        d = np.zeros((len(pairs), 5), np.float32)
        p = np.zeros((len(targets), 3), np.float32)
        inputs, groups = [], []
        for g in group_questions(pairs, targets):
            order = sorted(range(len(g.spans)), key=lambda k: g.spans[k])
            rank = {k: r for r, k in enumerate(order)}
            inputs.append(
                SentenceInput(
                    g.text,
                    tuple(g.spans[k] for k in order),
                    tuple((rank[i], rank[j]) for _, i, j in g.pairs),
                    tuple(rank[i] for _, i in g.targets),
                )
            )
            groups.append(g)
        if not inputs:
            return d, p
        dirs, ports = self.encoder.score(inputs)
        for g, dd, pp in zip(groups, dirs, ports, strict=True):
            for (q, _, _), row in zip(g.pairs, dd, strict=True):
                d[q] = row
            for (q, _), row in zip(g.targets, pp, strict=True):
                p[q] = row
        return d, p


def load_scorer(model_dir: Any = None) -> Scorer | None:
    """The shipped scorer: the sentence encoder when shipped, else the per-question one, else None."""
    from tasks.extract.encoder import load_stance_encoder

    try:
        from tasks.extract.encoder.sentence import load_sentence_encoder
    except ImportError:  # the sentence encoder's runtime is not part of this build
        load_sentence_encoder = None  # type: ignore[assignment]
    if load_sentence_encoder is not None:
        enc = load_sentence_encoder(model_dir)
        if enc is not None:
            return PerSentenceScorer(enc)
    enc = load_stance_encoder(model_dir)
    return PerItemScorer(enc) if enc is not None else None
