"""Stances: holder -> target records from author voice, attributed speech and reported actions."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tasks.linking import Link
from tasks.quotes import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from tasks.polarity import PolarityModel

#: Verbs whose subject acts on its object: "Russia snubs the US", "Russia supports Assad".
ACTION_DEPS = ("dobj", "pobj", "dative", "attr")
EXTRACTOR = "rules-v1"


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of clean_text held by one holder, with the targets mentioned inside it."""

    holder_id: str
    holder_type: str
    start: int
    end: int
    sent_idx: int
    attribution: str
    quote_id: str | None
    targets: tuple[Link, ...]


def slug(text: str) -> str:
    """Lower-case ascii slug of a name ('Brooklyn Middleton' -> 'brooklyn_middleton')."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "unknown"


def author_holder(byline: str | None, outlet: str | None) -> tuple[str, str]:
    """Holder id and type for text in the author's own voice."""
    if byline:
        return f"author:{slug(byline)}", "author"
    if outlet:
        return f"outlet:{slug(outlet)}", "outlet"
    return "author:unknown", "author"


def _targets_in(links: Sequence[Link], start: int, end: int, holder_id: str) -> tuple[Link, ...]:
    """Linked mentions inside a span, one per entity, excluding the holder."""
    seen: dict[str, Link] = {}
    for link in links:
        if (
            link.entity_id
            and start <= link.start_char
            and link.end_char <= end
            and link.entity_id != holder_id
        ):
            seen.setdefault(link.entity_id, link)
    return tuple(seen.values())


def _holder_type(links: Sequence[Link], entity_id: str) -> str:
    """The entity type of a holder id, from its links."""
    return next((lk.entity_type for lk in links if lk.entity_id == entity_id), "person")


def evidence_spans(
    doc: Doc, links: Sequence[Link], quotes: Sequence[Quote], doc_id: str, author: tuple[str, str]
) -> list[Evidence]:
    """Split a document into evidence spans: quotes for speakers, actions for actors, the rest for the author."""
    out: list[Evidence] = []
    spans = [(q.start_char, q.end_char) for q in quotes]
    for q in quotes:
        if q.speaker_id:
            targets = _targets_in(links, q.start_char, q.end_char, q.speaker_id)
            attribution = "direct_quote" if q.kind == "direct" else "indirect_speech"
            out.append(
                Evidence(
                    q.speaker_id,
                    _holder_type(links, q.speaker_id),
                    q.start_char,
                    q.end_char,
                    q.sent_idx,
                    attribution,
                    f"{doc_id}:q:{q.start_char}",
                    targets,
                )
            )
    for si, sent in enumerate(doc.sents):
        s, e = sent.start_char, sent.end_char
        inside = [(a, b) for a, b in spans if a < e and b > s]
        if not inside:
            targets = _targets_in(links, s, e, author[0])
            if targets:
                out.append(Evidence(author[0], author[1], s, e, si, "author_voice", None, targets))
        out.extend(_actions(sent, si, links))
    return out


def _actions(sent: Any, si: int, links: Sequence[Link]) -> list[Evidence]:
    """Reported actions in a sentence: an entity subject of a verb acting on another entity."""
    out: list[Evidence] = []
    for tok in sent:
        if tok.pos_ != "VERB":
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        holder = next((lk for lk in links if lk.entity_id and lk.start_char <= subj.idx < lk.end_char), None)
        if holder is None or holder.entity_id is None:
            continue
        objs = [c for c in tok.children if c.dep_ in ACTION_DEPS]
        objs += [
            g
            for c in tok.children
            if c.dep_ in ("prep", "xcomp")
            for g in c.children
            if g.dep_ in ACTION_DEPS
        ]
        if not objs:
            continue
        start = min(subj.left_edge.idx, tok.idx)
        last = max(o.right_edge for o in objs)
        end = last.idx + len(last.text)
        targets = _targets_in(links, tok.idx, end, holder.entity_id)
        if targets:
            out.append(
                Evidence(
                    holder.entity_id, holder.entity_type, start, end, si, "reported_action", None, targets
                )
            )
    return out


def stance_id(doc_id: str, holder_id: str, target_id: str, start: int, end: int) -> str:
    """Stable id of a stance record."""
    key = f"{doc_id}|{holder_id}|{target_id}|{start}|{end}"
    return hashlib.sha1(key.encode()).hexdigest()[:20]


def stance_rows(
    doc_id: str, doc: Doc, evidence: Sequence[Evidence], model: PolarityModel
) -> list[dict[str, Any]]:
    """Score the polarity of each (holder, target, evidence) with the target-dependent model."""
    from tasks.polarity import PolarityInput

    text = doc.text
    items: list[tuple[Evidence, Link, PolarityInput]] = []
    for ev in evidence:
        for target in ev.targets:
            items.append(
                (
                    ev,
                    target,
                    PolarityInput(
                        text[ev.start : ev.end], target.start_char - ev.start, target.end_char - ev.start
                    ),
                )
            )
    predictions = model.predict([it[2] for it in items]) if items else []
    rows: dict[str, dict[str, Any]] = {}
    for (ev, target, _), pred in zip(items, predictions, strict=True):
        assert target.entity_id is not None
        sid = stance_id(doc_id, ev.holder_id, target.entity_id, ev.start, ev.end)
        rows[sid] = {
            "stance_id": sid,
            "doc_id": doc_id,
            "holder_id": ev.holder_id,
            "holder_type": ev.holder_type,
            "target_id": target.entity_id,
            "polarity": pred.polarity,
            "score": float(pred.score),
            "confidence": float(pred.confidence),
            "evidence_text": text[ev.start : ev.end],
            "evidence_start": ev.start,
            "evidence_end": ev.end,
            "sent_idx": ev.sent_idx,
            "attribution": ev.attribution,
            "quote_id": ev.quote_id,
            "method": f"{EXTRACTOR}+{pred.method}",
            "model_version": pred.model_version,
        }
    return list(rows.values())


def extract_stances(
    doc_id: str,
    doc: Doc,
    links: Sequence[Link],
    quotes: Sequence[Quote],
    model: PolarityModel,
    byline: str | None,
    outlet: str | None,
) -> list[dict[str, Any]]:
    """All stance rows of one parsed document."""
    evidence = evidence_spans(doc, links, quotes, doc_id, author_holder(byline, outlet))
    return stance_rows(doc_id, doc, evidence, model)
