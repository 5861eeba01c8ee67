"""Quotes: direct quotes and indirect speech in a parsed document, each with its speaker resolved."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tasks.linking import Link

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Lemmas of reporting verbs that introduce speech or a stated position.
CUE_VERBS = frozenset(
    [
        "say",
        "tell",
        "warn",
        "argue",
        "insist",
        "indicate",
        "dismiss",
        "note",
        "add",
        "claim",
        "state",
        "declare",
        "announce",
        "explain",
        "stress",
        "suggest",
        "accuse",
        "deny",
        "admit",
        "acknowledge",
        "assert",
        "believe",
        "charge",
        "comment",
        "complain",
        "concede",
        "confirm",
        "contend",
        "criticize",
        "criticise",
        "describe",
        "emphasize",
        "emphasise",
        "estimate",
        "maintain",
        "mention",
        "point",
        "predict",
        "promise",
        "recall",
        "remark",
        "reply",
        "report",
        "reiterate",
        "respond",
        "reveal",
        "urge",
        "vow",
        "write",
        "call",
        "agree",
        "threaten",
        "demand",
        "allege",
        "observe",
        "conclude",
    ]
)
#: Words that refer back to an earlier person when they are the speaker.
ANAPHORS = frozenset(
    [
        "he",
        "she",
        "they",
        "official",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "minister",
        "president",
        "advisor",
        "adviser",
        "analyst",
        "diplomat",
        "secretary",
        "envoy",
        "leader",
        "chief",
        "source",
    ]
)
_QUOTE_PAIRS = re.compile(r"“([^”\n]{3,}?)”|\"([^\"\n]{3,}?)\"|«([^»\n]{3,}?)»")
PERSONISH = frozenset({"person", "gov", "country", "org", "io", "armed_group", "outlet"})


@dataclass(frozen=True, slots=True)
class Quote:
    """One quote or reported statement in clean_text."""

    start_char: int
    end_char: int
    text: str
    kind: str  # direct | indirect
    cue_verb: str | None
    speaker_text: str | None
    speaker_id: str | None
    sent_idx: int


def _link_at(links: Sequence[Link], starts: list[int], start: int, end: int) -> Link | None:
    """The linked mention overlapping [start, end), if any."""
    i = bisect.bisect_right(starts, end) - 1
    while i >= 0:
        link = links[i]
        if link.end_char > start and link.start_char < end and link.entity_id:
            return link
        if link.end_char < start - 200:
            break
        i -= 1
    return None


def _recent_person(links: Sequence[Link], starts: list[int], before: int) -> Link | None:
    """The most recent linked person mentioned before an offset."""
    i = bisect.bisect_left(starts, before) - 1
    while i >= 0:
        link = links[i]
        if link.entity_id and (link.entity_type == "person" or link.label == "PERSON"):
            return link
        i -= 1
    return None


def _subject(verb: Token) -> Token | None:
    """The nominal subject of a verb (or of the verb it is conjoined to)."""
    for tok in (verb, verb.head if verb.dep_ == "conj" else verb):
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
    return None


def _resolve_speaker(
    subj: Token | None, links: Sequence[Link], starts: list[int]
) -> tuple[str | None, str | None]:
    """Speaker text and entity id for a cue's subject, falling back to the last person for anaphors."""
    if subj is None:
        return None, None
    span = subj.doc[subj.left_edge.i : subj.right_edge.i + 1]
    link = _link_at(links, starts, subj.idx, subj.idx + len(subj.text))
    if link is None:
        link = _link_at(links, starts, span.start_char, span.end_char)
    if link is not None:
        return span.text, link.entity_id
    if subj.lower_ in ANAPHORS or subj.lemma_.lower() in ANAPHORS:
        recent = _recent_person(links, starts, subj.idx)
        return span.text, recent.entity_id if recent else None
    return span.text, None


def _cue_in(sent: Span) -> Token | None:
    """The reporting verb of a sentence, if it has one."""
    for tok in sent:
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in CUE_VERBS:
            return tok
    return None


def _sent_index(sent_starts: list[int], offset: int) -> int:
    """Index of the sentence containing an offset."""
    return max(0, bisect.bisect_right(sent_starts, offset) - 1)


def direct_quotes(doc: Doc, links: Sequence[Link]) -> list[Quote]:
    """Quoted passages (straight, curly or guillemet marks) with the speaker of the nearest cue."""
    starts = [lk.start_char for lk in links]
    sents = list(doc.sents)
    sent_starts = [s.start_char for s in sents]
    quotes: list[Quote] = []
    for m in _QUOTE_PAIRS.finditer(doc.text):
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        start, end = m.start(group), m.end(group)
        if len(m.group(group).split()) < 3:
            continue  # scare quotes around a word or two are not speech
        si = _sent_index(sent_starts, start)
        ei = _sent_index(sent_starts, max(start, end - 1))
        cue = None
        for idx in (ei, ei + 1, si, si - 1):
            if 0 <= idx < len(sents):
                cue = _cue_in(sents[idx])
                if cue is not None:
                    break
        speaker_text, speaker_id = _resolve_speaker(_subject(cue) if cue else None, links, starts)
        quotes.append(
            Quote(
                start,
                end,
                doc.text[start:end],
                "direct",
                cue.lemma_.lower() if cue else None,
                speaker_text,
                speaker_id,
                si,
            )
        )
    return quotes


def indirect_quotes(doc: Doc, links: Sequence[Link], direct: Sequence[Quote]) -> list[Quote]:
    """Reported speech: the clausal complement of a reporting verb, and 'according to X' sentences."""
    starts = [lk.start_char for lk in links]
    covered = [(q.start_char, q.end_char) for q in direct]
    out: list[Quote] = []
    for si, sent in enumerate(doc.sents):
        for tok in sent:
            content: tuple[int, int] | None = None
            subj: Token | None = None
            cue = tok.lemma_.lower()
            if tok.lemma_.lower() in CUE_VERBS and tok.pos_ in ("VERB", "AUX"):
                comp = next((c for c in tok.children if c.dep_ in ("ccomp", "xcomp")), None)
                if comp is None:
                    continue
                content = (
                    doc[comp.left_edge.i].idx,
                    doc[comp.right_edge.i].idx + len(doc[comp.right_edge.i]),
                )
                subj = _subject(tok)
            elif tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                obj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
                if obj is None:
                    continue
                subj, cue = obj, "according to"
                rest = [t for t in sent if not (tok.i <= t.i <= obj.right_edge.i) and not t.is_punct]
                if not rest:
                    continue
                content = (rest[0].idx, rest[-1].idx + len(rest[-1]))
            if content is None or content[1] - content[0] < 12:
                continue
            if any(a <= content[0] < b or a < content[1] <= b for a, b in covered):
                continue
            speaker_text, speaker_id = _resolve_speaker(subj, links, starts)
            if speaker_text is None:
                continue
            out.append(
                Quote(
                    content[0],
                    content[1],
                    doc.text[content[0] : content[1]],
                    "indirect",
                    cue,
                    speaker_text,
                    speaker_id,
                    si,
                )
            )
            covered.append(content)
    return out


def extract_quotes(doc: Doc, links: Sequence[Link]) -> list[Quote]:
    """All direct and indirect quotes of a parsed document, in text order."""
    direct = direct_quotes(doc, links)
    return sorted(direct + indirect_quotes(doc, links, direct), key=lambda q: q.start_char)


def quote_rows(doc_id: str, quotes: Sequence[Quote]) -> list[dict[str, object]]:
    """Rows of the quotes table for one document."""
    return [
        {
            "quote_id": f"{doc_id}:q:{q.start_char}",
            "doc_id": doc_id,
            "speaker_id": q.speaker_id,
            "speaker_text": q.speaker_text,
            "cue_verb": q.cue_verb,
            "quote_text": q.text,
            "start_char": q.start_char,
            "end_char": q.end_char,
            "kind": q.kind,
        }
        for q in quotes
    ]
