"""Stances: holder -> target records from author voice, attributed speech and reported actions.

Every evidence span has one holder:
- attributed speech (`tasks.extract.quotes.utterances`) belongs to its speaker; a short quote with no target inside
  ('dismissed the talks as "fruitless get-togethers"') takes the sentence around it as evidence, minus the speaker's own
  phrase; a frame the speaker's own side performs inside the speech ('we will isolate X'), or a threat the target is
  said to face ('X will face isolation'), gives the speaker's polarity (and a first-person frame of the author, 'I like
  X but not Y', the author's);
- reported actions (`tasks.extract.actions`) belong to the acting entity;
- what is left of each sentence outside every quote (attributed or not) is the author's voice: the byline's person
  (`author:<slug>`), else the outlet (its gazetteer id, e.g. `outlet:press_tv`, else `outlet:<slug>`), else
  `author:unknown`. Reader comments never reach here: the stripper drops them from clean_text.
Polarity comes from the target-dependent model on the evidence span; a reported action whose frame word is known
('supports', 'snubs', 'fight against') uses the frame's polarity and keeps the model's score when they agree.
Targets are actors only (people, states, governments, organisations, armed groups, outlets), never places.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tasks.boilerplate.outlet import outlet_entity_id
from tasks.extract.actions import ACTOR_TYPES, frame_above, frame_agent, patient_frame
from tasks.extract.linking import Link
from tasks.extract.quotes.utterances import Quote
from tasks.extract.reported import reported_actions
from tasks.extract.speakers import SpeakerResolver
from tasks.nlp.docview import doc_view

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from tasks.extract.polarity import PolarityModel, PolarityPrediction
    from tasks.nlp.gazetteer import Gazetteer

EXTRACTOR = "rules-v2"
FRAME_VERSION = "frames-v1"
FRAME_SCORE, FRAME_CONFIDENCE = 0.6, 0.6  # a frame verb alone is moderately strong evidence, not certainty
FIRST_PERSON = frozenset({"i", "we", "us"})
AUTHOR_MIN_WORDS = 4  # shorter leftovers of a quoted sentence ('Rhodes said') carry no author stance
SHORT_QUOTE_WORDS = 6
_WORD = re.compile(r"\w+")
_BYLINE_CUT = re.compile(r"\s+(?:and|&)\s+|\s*[,|/•·]\s*|\s+[-–—]\s+", re.IGNORECASE)
NOT_A_PERSON = frozenset({"staff", "editors", "editorial", "board", "desk", "newsroom", "team", "agencies", "wires"})
_BYLINE_PREFIX = re.compile(r"^\s*(?:by|written by|words by|posted by|author:)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of clean_text held by one holder, with the targets inside it (and a frame polarity per target)."""

    holder_id: str
    holder_type: str
    start: int
    end: int
    sent_idx: int
    attribution: str
    quote_id: str | None
    targets: tuple[tuple[Link, str | None], ...]
    holder_link: Link | None = None  # the acting mention of a reported action
    mutual: bool = False  # a relation both sides hold: either direction of the encoder's reading supports it


def slug(text: str) -> str:
    """Lower-case ascii slug of a name ('Brooklyn Middleton' -> 'brooklyn_middleton', 'Erdoğan' -> 'erdogan')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_") or "unknown"


def byline_name(byline: str | None) -> str | None:
    """The first author's name in a byline ('By Jane Doe and John Roe, Reuters' -> 'Jane Doe'), if it is a name."""
    if not byline:
        return None
    first = _BYLINE_CUT.split(_BYLINE_PREFIX.sub("", byline.strip()), maxsplit=1)[0].strip()
    words = first.split()
    if not 1 < len(words) <= 5 or not all(w[:1].isupper() for w in words if w.lower() not in ("de", "van", "al")):
        return None
    if any(w.lower() in NOT_A_PERSON for w in words):
        return None  # 'Reuters Staff', 'Editorial Board': the outlet speaks
    return first


def author_holder(byline: str | None, outlet: str | None, gazetteer: Gazetteer | None = None) -> tuple[str, str]:
    """Holder id and type for text in the author's own voice."""
    name = byline_name(byline)
    if name and outlet_entity_id(name, gazetteer) is None:
        return f"author:{slug(name)}", "author"
    if name:
        outlet = name  # the byline names an outlet ('Associated Press')
    if outlet:
        return outlet_entity_id(outlet, gazetteer) or f"outlet:{slug(outlet)}", "outlet"
    return "author:unknown", "author"


def _actors_in(links: Sequence[Link], start: int, end: int, exclude: set[str]) -> tuple[tuple[Link, None], ...]:
    """Actor mentions inside a span, one per entity, excluding some ids."""
    seen: dict[str, tuple[Link, None]] = {}
    for link in links:
        inside = start <= link.start_char and link.end_char <= end
        if link.entity_id and inside and link.entity_id not in exclude and link.entity_type in ACTOR_TYPES:
            seen.setdefault(link.entity_id, (link, None))
    return tuple(seen.values())


def target_links(resolver: SpeakerResolver, links: Sequence[Link]) -> list[Link]:
    """The document's links plus resolved role phrases ('the American president'), which replace what they cover."""
    roles = [
        r
        for r in resolver.role_links()
        if not any(
            lk.entity_type == "person" and lk.start_char < r.end_char and r.start_char < lk.end_char for lk in links
        )
    ]
    kept = [lk for lk in links if not any(r.start_char <= lk.start_char and lk.end_char <= r.end_char for r in roles)]
    return sorted(kept + roles, key=lambda lk: lk.start_char)


def _holder_type(links: Sequence[Link], entity_id: str) -> str:
    """The entity type of a holder id, from its links."""
    return next((lk.entity_type for lk in links if lk.entity_id == entity_id), "person")


def _nation(entity_id: str | None) -> str | None:
    """The nation slug of a country or government id ('gov:russia' -> 'russia'), else None."""
    if entity_id and entity_id.split(":", 1)[0] in ("country", "gov"):
        return entity_id.split(":", 1)[1]
    return None


def related(a: str, b: str, parents: dict[str, str | None]) -> bool:
    """Whether two ids are the same actor or one is the other's side (Putin and Russia, gov:x and country:x)."""
    if a == b or parents.get(a) == b or parents.get(b) == a:
        return True
    na, nb = _nation(a) or _nation(parents.get(a)), _nation(b) or _nation(parents.get(b))
    return na is not None and na == nb and (_nation(a) is not None or _nation(b) is not None)


def _own_frame(doc: Doc, link: Link, start: int, end: int) -> tuple[str, Token | None] | None:
    """A frame inside [start, end) governing a target, with its agent token (None when it has none)."""
    view = doc_view(doc)
    key = ("frame_above", link.start_char, link.end_char)  # the same target recurs in several evidence spans
    if key not in view.memo:
        root = view.span_root(link.start_char, link.end_char)
        view.memo[key] = frame_above(root) if root is not None else None
    found = view.memo[key]
    if found is None or not start <= found[1].idx < end:
        return None
    key = ("frame_agent", found[1].i)
    if key not in view.memo:
        view.memo[key] = frame_agent(found[1])
    return found[0], view.memo[key]


def _speech_frame(
    doc: Doc, resolver: SpeakerResolver, link: Link, q: Quote, parents: dict[str, str | None]
) -> str | None:
    """Polarity of a frame the speaker's side performs on a target inside their speech ('we will isolate X')."""
    found = _own_frame(doc, link, q.start_char, q.end_char)
    if found is None:
        root = doc_view(doc).span_root(link.start_char, link.end_char)
        return patient_frame(root) if root is not None else None
    polarity, agent = found
    if agent is None or agent.lower_ in FIRST_PERSON:
        return polarity
    lk = resolver.link_at(agent.idx, agent.idx + len(agent.text))
    speaker = q.speaker_id or ""
    return polarity if lk is not None and lk.entity_id and related(lk.entity_id, speaker, parents) else None


def _author_frame(doc: Doc, link: Link, start: int, end: int) -> str | None:
    """Polarity of a frame the author performs in the first person ('I like X but not Y')."""
    found = _own_frame(doc, link, start, end)
    return found[0] if found is not None and found[1] is not None and found[1].lower_ in FIRST_PERSON else None


def quote_evidence(
    doc: Doc, resolver: SpeakerResolver, quotes: Sequence[Quote], links: Sequence[Link], doc_id: str
) -> list[Evidence]:
    """Attributed speech as evidence held by its speaker."""
    parents = {lk.entity_id: lk.parent_id for lk in links if lk.entity_id}
    out: list[Evidence] = []
    for q in quotes:
        if not q.speaker_id:
            continue
        attribution = "direct_quote" if q.kind == "direct" else "indirect_speech"
        qid = f"{doc_id}:q:{q.start_char}"
        htype = _holder_type(links, q.speaker_id)
        targets = tuple(
            (lk, _speech_frame(doc, resolver, lk, q, parents))
            for lk, _ in _actors_in(links, q.start_char, q.end_char, {q.speaker_id})
        )
        span = (q.start_char, q.end_char)
        if not targets and len(_WORD.findall(q.text)) < SHORT_QUOTE_WORDS and q.context_start >= 0:
            speaker_phrase = [lk.entity_id for lk in links if q.speaker_start <= lk.start_char < q.speaker_end]
            wide = _actors_in(links, q.context_start, q.context_end, {q.speaker_id, *filter(None, speaker_phrase)})
            if wide:
                targets, span = wide, (q.context_start, q.context_end)
        if targets:
            out.append(Evidence(q.speaker_id, htype, span[0], span[1], q.sent_idx, attribution, qid, targets))
    return out


def _pieces(start: int, end: int, holes: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """[start, end) minus the holes, as contiguous pieces."""
    out: list[tuple[int, int]] = []
    cur = start
    for a, b in sorted(holes):
        if b <= cur or a >= end:
            continue
        if a > cur:
            out.append((cur, a))
        cur = max(cur, b)
    if cur < end:
        out.append((cur, end))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without surrounding spaces, quote marks and punctuation."""
    junk = " \t\n\"'“”‘’«»,;:-–—([)]"
    while start < end and text[start] in junk:
        start += 1
    while end > start and text[end - 1] in junk:
        end -= 1
    return start, end


def author_evidence(
    doc: Doc, links: Sequence[Link], quotes: Sequence[Quote], author: tuple[str, str], text: str | None = None
) -> list[Evidence]:
    """What is left of every sentence outside quotes, held by the author (or outlet)."""
    text = doc_view(doc).text if text is None else text
    holes = [(q.start_char - 1, q.end_char + 1) for q in quotes]
    holes += [(m.start(), m.end()) for m in re.finditer(r"\n+", text)]
    own = {author[0], f"person:{author[0].split(':', 1)[1]}"}
    out: list[Evidence] = []
    view = doc_view(doc)
    # a first-person frame needs a first-person agent in the frame's sentence: sentences without one skip the search
    first = view.where_text(sorted(FIRST_PERSON), "lower") if view.sentence_trees() else None
    for si, sent in enumerate(view.sents):
        own_voice = first is None or bisect_left(first, sent.start) < bisect_left(first, sent.end)
        speakers = {
            q.speaker_id
            for q in quotes
            if q.speaker_id and q.context_start < sent.end_char and q.end_char > sent.start_char
        }
        for a, b in _pieces(sent.start_char, sent.end_char, holes):
            a, b = _trim(text, a, b)
            if len(_WORD.findall(text[a:b])) < AUTHOR_MIN_WORDS:
                continue
            targets = tuple(
                (lk, _author_frame(doc, lk, a, b) if own_voice else None)
                for lk, _ in _actors_in(links, a, b, own | speakers)
            )
            if targets:
                out.append(Evidence(author[0], author[1], a, b, si, "author_voice", None, targets))
    return out


def _actor_reach(resolver: SpeakerResolver) -> tuple[list[int], list[int]]:
    """Starts of the resolver's actor links (in order) and the furthest end among each prefix of them."""
    starts: list[int] = []
    reach: list[int] = []
    for lk in resolver.links:  # sorted by start
        if lk.entity_type in ACTOR_TYPES:
            starts.append(lk.start_char)
            reach.append(max(lk.end_char, reach[-1]) if reach else lk.end_char)
    return starts, reach


def action_evidence(doc: Doc, resolver: SpeakerResolver) -> list[Evidence]:
    """Reported actions as evidence held by the acting entity."""
    out: list[Evidence] = []
    view = doc_view(doc)
    reach = _actor_reach(resolver) if view.sentence_trees() else None
    for si, sent in enumerate(view.sents):
        if reach is not None:  # an action needs a linked actor target in its sentence: skip sentences without one
            i = bisect_left(reach[0], sent.end_char)
            if i == 0 or reach[1][i - 1] <= sent.start_char:
                continue
        for act in reported_actions(sent, resolver):
            assert act.holder.entity_id is not None
            out.append(
                Evidence(
                    act.holder.entity_id,
                    act.holder.entity_type,
                    act.start,
                    act.end,
                    si,
                    "reported_action",
                    None,
                    act.targets,
                    act.holder,
                    act.mutual,
                )
            )
    return out


def evidence_spans(
    doc: Doc,
    links: Sequence[Link],
    quotes: Sequence[Quote],
    doc_id: str,
    author: tuple[str, str],
    text: str | None = None,
) -> list[Evidence]:
    """Every evidence span of a document: attributed speech, reported actions, then the author's voice."""
    text = doc_view(doc).text if text is None else text
    direct = [(q.start_char, q.end_char) for q in quotes if q.kind == "direct"]
    resolver = SpeakerResolver(doc, links, quoted=direct, text=text)
    targets = target_links(resolver, resolver.links)
    return (
        quote_evidence(doc, resolver, quotes, targets, doc_id)
        + action_evidence(doc, resolver)
        + author_evidence(doc, targets, quotes, author, text)
    )


def stance_id(doc_id: str, holder_id: str, target_id: str, start: int, end: int) -> str:
    """Stable id of a stance record."""
    key = f"{doc_id}|{holder_id}|{target_id}|{start}|{end}"
    return hashlib.sha1(key.encode()).hexdigest()[:20]


def _with_frame(pred: PolarityPrediction, frame: str | None) -> tuple[str, float, float, str, str]:
    """Polarity, score, confidence, method and version: the frame's when it has one, the model's otherwise."""
    if frame is None or frame == pred.polarity:
        method = f"{EXTRACTOR}+{pred.method}" + ("+frame" if frame else "")
        return pred.polarity, float(pred.score), float(pred.confidence), method, pred.model_version
    score = {"favor": FRAME_SCORE, "against": -FRAME_SCORE}.get(frame, 0.0)
    return frame, score, FRAME_CONFIDENCE, f"{EXTRACTOR}+frame", FRAME_VERSION


def stance_rows(
    doc_id: str, doc: Doc, evidence: Sequence[Evidence], model: PolarityModel, text: str | None = None
) -> list[dict[str, Any]]:
    """Score the polarity of each (holder, target, evidence) with the target-dependent model (or its frame)."""
    from tasks.extract.polarity import PolarityInput

    text = doc_view(doc).text if text is None else text
    items: list[tuple[Evidence, Link, str | None, PolarityInput]] = []
    for ev in evidence:
        for target, frame in ev.targets:
            rel = PolarityInput(text[ev.start : ev.end], target.start_char - ev.start, target.end_char - ev.start)
            items.append((ev, target, frame, rel))
    predictions = model.predict([it[3] for it in items]) if items else []
    parents = {target.entity_id: target.parent_id for _, target, _, _ in items if target.entity_id}
    rows: dict[str, dict[str, Any]] = {}
    for (ev, target, frame, _), pred in zip(items, predictions, strict=True):
        if target.entity_id is None or related(ev.holder_id, target.entity_id, parents):
            continue
        polarity, score, confidence, method, version = _with_frame(pred, frame)
        sid = stance_id(doc_id, ev.holder_id, target.entity_id, ev.start, ev.end)
        rows.setdefault(
            sid,
            {
                "stance_id": sid,
                "doc_id": doc_id,
                "holder_id": ev.holder_id,
                "holder_type": ev.holder_type,
                "target_id": target.entity_id,
                "polarity": polarity,
                "score": max(-1.0, min(1.0, score)),
                "confidence": max(0.0, min(1.0, confidence)),
                "evidence_text": text[ev.start : ev.end],
                "evidence_start": ev.start,
                "evidence_end": ev.end,
                "sent_idx": ev.sent_idx,
                "attribution": ev.attribution,
                "quote_id": ev.quote_id,
                "method": method,
                "model_version": version,
            },
        )
    return list(rows.values())


def extract_stances(
    doc_id: str,
    doc: Doc,
    links: Sequence[Link],
    quotes: Sequence[Quote],
    model: PolarityModel,
    byline: str | None,
    outlet: str | None,
    gazetteer: Gazetteer | None = None,
) -> list[dict[str, Any]]:
    """All stance rows of one parsed document."""
    text = doc_view(doc).text
    evidence = evidence_spans(doc, links, quotes, doc_id, author_holder(byline, outlet, gazetteer), text)
    return stance_rows(doc_id, doc, evidence, model, text)
