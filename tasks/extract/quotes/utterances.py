"""Quotes: direct quotes, indirect speech and stated positions in a parsed document, one row per utterance, each
with its speaker resolved.

Direct quotes come from paired quote marks (`tasks.extract.quotes.marks`), each with its cue
(`tasks.extract.quotes.direct`); a quote with no cue continues the speaker of a quote shortly before it, and is dropped
when there is none (a quoted fragment nobody is said to have said).
Indirect speech and positions: the argument slots of a cue verb (speech verbs: their clause; positions such as demand,
call for, urge, accuse, make clear: `POSITION_CUES`; cues mined from PolNeAR train: `cues.json`; all in
`tasks.extract.quotes.lexicon`), the rest of an 'according to X' sentence, both sides of a parenthetical cue ('The hope,
he said, is that ...': two pieces), and 'Name: claim' headlines.
One utterance, one row: quoted words inside reported speech belong to it, and a quote broken by its cue ('"A," he
said, "B."') or continued in the same paragraph is one Quote whose `pieces` list the spans said.
Speakers are resolved in text order by `tasks.extract.speakers.SpeakerResolver`, so 'he' can refer to an earlier
speaker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tasks.extract.linking import Link
from tasks.extract.quotes.direct import (
    CLOSING_MARKS,
    OPENING_MARKS,
    WORD,
    Pending,
    Sentences,
    according_to,
    find_direct,
    inside,
    paragraph,
    performer,
    subject_of,
    with_marks,
)
from tasks.extract.quotes.headlines import headline_claims
from tasks.extract.quotes.lexicon import (
    CUE_VERBS,
    OBJECT_PREPS,
    POSITION_CUES,
    WEAK_CUES,
    content_frames,
    cue_lemmas,
    direct_cues,
    opinion_cues,
)
from tasks.extract.quotes.marks import marked_spans
from tasks.extract.quotes.nouns import noun_claims
from tasks.extract.speakers import SpeakerResolver
from tasks.nlp.docview import doc_view

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["CUE_VERBS", "Quote", "direct_cues", "extract_quotes", "quote_rows", "subject_of"]

MIN_INDIRECT_CHARS = 12
MIN_POSITION_CHARS = 4
PARENTHETICAL_MAX_TOKENS = 8  # '..., says an analyst.' / '..., he added, ...': the cue clause is this short
MAX_GAP_WORDS = 40  # pieces of one quote are split by a cue clause of at most this many words
FIRST_PERSON = frozenset({"i", "we"})  # subjects of the writer's own voice ('I think', 'we like')
EDGE_PUNCT = " \t\n,;:—–-"


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
    context_start: int = -1  # the sentence(s) holding the quote and its cue (evidence for short quotes)
    context_end: int = -1
    speaker_start: int = -1  # offset of the speaker phrase, when it is in the text
    speaker_end: int = -1
    #: (start, end) of each piece of the utterance in text order ('"A," he said, "B."' has two); () = one piece
    pieces: tuple[tuple[int, int], ...] = ()


def _slot(tok: Token) -> str:
    """The argument slot a child fills under its verb: its dependency, or prep_<word> for a preposition."""
    return f"prep_{tok.lower_}" if tok.dep_ == "prep" else tok.dep_


def _cue_frames(tok: Token) -> frozenset[str] | None:
    """Argument slots holding the content of a cue verb, or None when the token is no content cue."""
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    lemma = tok.lemma_.lower()
    if lemma == "make":  # 'made clear that ...'
        return frozenset({"ccomp"}) if any(c.lower_ == "clear" for c in tok.children) else None
    return content_frames().get(lemma)


def _cue_name(tok: Token) -> str:
    """The cue's name in the quotes table: its lemma ('make clear' for 'made clear')."""
    lemma = tok.lemma_.lower()
    return "make clear" if lemma == "make" else lemma


def _trim(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """A content span without edge punctuation, closing a parenthesis it opens ('the Daesh (ISIL/ISIS)')."""
    if text.count("(", start, end) > text.count(")", start, end):
        close = text.find(")", end, hi)
        if close >= 0:
            end = close + 1
    while start < end and text[start] in EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in EDGE_PUNCT:
        end -= 1
    return max(start, lo), min(end, hi)


def _arguments(text: str, tok: Token, frames: frozenset[str]) -> tuple[int, int] | None:
    """Offsets of the arguments of a cue verb that hold its content, clipped to its paragraph and ended before a
    cue clause of its own; a speech verb with nothing after it reports the clause before it ('The bill was
    "dead," she said.')."""
    heads = [tok, *(c for c in tok.children if c.lower_ == "clear")] if tok.lemma_.lower() == "make" else [tok]
    kids = [c for h in heads for c in h.children if c.i > tok.i and _slot(c) in frames]
    if not kids and tok.lemma_.lower() in CUE_VERBS and tok.lemma_.lower() not in WEAK_CUES:
        kids = [c for c in tok.children if c.i < tok.i and c.dep_ == "ccomp"][-1:]  # 'The bill was "dead," she said.'
        if kids and (kids[0].right_edge.i >= tok.i or kids[0].lemma_.lower() in CUE_VERBS):
            return None  # a clause running past the cue, or another speech verb's ('"A," she said, "B," said X')
    if not kids:
        return None
    if any(c.dep_ == "dobj" for c in kids):  # 'criticized X as Y', 'blamed X for Y'
        kids += [c for c in tok.children if c.i > tok.i and _slot(c) in OBJECT_PREPS and c not in kids]
    start = min(_arg_start(c) for c in kids)
    last = max((c.right_edge for c in kids), key=lambda t: t.i)
    nested = [t for c in kids for t in c.subtree if t.i > c.i and _nested_cue(t)]
    if nested:  # 'said X, noting that Y': Y is an utterance of its own
        first = min(nested, key=lambda t: t.left_edge.i).left_edge
        if first.i > min(c.left_edge.i for c in kids) and first.i - 1 > tok.i:
            last = tok.doc[first.i - 1]
    lo, hi = paragraph(text, tok.idx)
    return _trim(text, start, last.idx + len(last.text), lo, hi)


def _nested_cue(t: Token) -> bool:
    """A cue verb inside a content that starts an utterance of its own: a participle clause ('..., noting that');
    a conjoined one does not ('he would sit Putin down and tell him "no more"' is one content in PolNeAR)."""
    if t.lemma_.lower() not in cue_lemmas():
        return False
    return t.dep_ == "advcl" and t.tag_ == "VBG"


def _arg_start(kid: Token) -> int:
    """Where an argument's content starts: after its preposition ('calling for [reforms]')."""
    if kid.dep_ == "prep":
        objs = [c for c in kid.children if c.i > kid.i]
        if objs:
            return objs[0].left_edge.idx
    return kid.left_edge.idx


def _sides(sent: Span, lo_i: int, hi_i: int) -> list[tuple[int, int]]:
    """The parts of a sentence before and after the tokens lo_i..hi_i (inclusive), without edge punctuation; the
    side without words is left out ('The plan, he said, is dead' has two pieces)."""
    out = []
    for side in ([t for t in sent if t.i < lo_i], [t for t in sent if t.i > hi_i]):
        while side and (side[0].is_punct or side[0].is_space) and side[0].text not in OPENING_MARKS:
            side = side[1:]
        while side and (side[-1].is_punct or side[-1].is_space) and side[-1].text not in CLOSING_MARKS:
            side = side[:-1]
        if sum(1 for t in side if not (t.is_punct or t.is_space)) >= 2:
            out.append((side[0].idx, side[-1].idx + len(side[-1].text)))
    return out


def _parenthetical(tok: Token, sent: Span) -> list[tuple[int, int]] | None:
    """Content around a short parenthetical cue clause ('..., says an analyst.', 'X, he added, is Y')."""
    if any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in tok.children) or tok.lemma_.lower() in WEAK_CUES:
        return None
    if tok.lemma_.lower() not in CUE_VERBS:
        return None
    if not any(c.dep_ == "nsubj" for c in tok.children) or any(c.dep_ == "neg" for c in tok.children):
        return None  # 'declined to comment', 'is estimated': no speaker of its own, or nothing said
    sub = list(tok.subtree)
    if len(sub) > PARENTHETICAL_MAX_TOKENS or len(sub) >= len(sent) - 3:
        return None
    lo_i, hi_i = sub[0].i, sub[-1].i
    after = tok.doc[hi_i + 1] if hi_i + 1 < len(tok.doc) else None
    commas = sub[0].text == "," and sub[-1].text == "," and lo_i > sent.start  # 'X, they said, raised Y'
    if after is not None and after.i < sent.end and not after.is_punct and not commas:
        return None
    return _sides(sent, lo_i, hi_i) or None


def _straddles(text: str, quoted: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a content starts inside a direct quote, after some of its words, and ends outside it (a parse
    joining the quote's last sentence to its cue clause: '"We are open. We need calm," Rhodes said, as cited by
    RIA' — the same utterance twice; a clause opened by a quote, 'said "it gets me mad" every time ...', is not)."""
    return any(a + 2 < start < b < end and WORD.search(text, a, start) for a, b in quoted)


def _nested_ok(taken: Sequence[tuple[int, int, int]], start: int, end: int, cue_at: int, speech: bool) -> bool:
    """Whether a new content may join the taken ones: no overlap, or nested with a speech cue inside the outer one
    ('X said that Y warned that Z': Y's warning is X's report, and an attribution of its own); a position cue inside
    another content is part of it ('said that Trump wanted to X': no row of its own; PolNeAR train: 52 of 556 such
    rows were annotated attributions)."""
    for a, b, c in taken:
        if not (a < end and start < b):
            continue
        if a <= start and end <= b and a <= cue_at < b and speech:
            continue
        if start <= a and b <= end and start <= c < end:
            continue
        return False
    return True


def _indirect(text: str, sents: Sentences, quoted: Sequence[tuple[int, int]]) -> list[Pending]:
    """Pending indirect speech items: arguments of cues, 'according to' and parenthetical cues."""
    out: list[Pending] = []
    taken: list[tuple[int, int, int]] = []
    for sent in sents.sents:
        for tok in sents.cue_like_in(sent):  # other tokens are neither 'according to' nor a cue
            if inside(quoted, tok.idx, tok.idx + 1):
                continue
            obj = according_to(tok)
            pieces: list[tuple[int, int]] | None = None
            if obj is not None:
                pieces = _sides(sent, tok.i, obj.right_edge.i)
                subj, name = obj, "according to"
            else:
                frames = _cue_frames(tok)
                if frames is None:
                    continue
                subj, name = performer(tok), _cue_name(tok)
                if subj is None or (subj.lower_ in FIRST_PERSON and name in opinion_cues()):
                    continue  # no performer, or the writer's own opinion ('I like Peter'): author voice
                content = _arguments(text, tok, frames)
                pieces = [content] if content is not None else _parenthetical(tok, sent)
            if not pieces or subj is None:
                continue
            start, end = pieces[0][0], pieces[-1][1]
            shortest = MIN_POSITION_CHARS if name in POSITION_CUES else MIN_INDIRECT_CHARS  # 'calling for reforms'
            if end - start < shortest or inside(quoted, start, end) or _straddles(text, quoted, start, end):
                continue
            if not _nested_ok(taken, start, end, tok.idx, tok.lemma_.lower() in CUE_VERBS):
                continue
            context = (sent.start_char, sent.end_char)
            split = pieces if len(pieces) > 1 else []
            out.append(Pending(start, end, "indirect", tok, name, subj, context, pieces=split))
            taken.append((start, end, tok.idx))
    return out


def _merge(text: str, direct: list[Pending], indirect: list[Pending]) -> list[Pending]:
    """One utterance, one item: a direct quote inside (or running on from) reported speech becomes part of it;
    quotes broken by their cue ('"A," he said, "B."') or continued without a cue in the same paragraph (or the
    next, by newspaper convention) become pieces of one quote, unless reported speech of its own comes between them
    ('"A," X said. She says Y. "B."')."""
    absorbed: set[int] = set()
    for k, d in enumerate(direct):
        for item in indirect:
            if item.start <= d.start < item.end or (d.cue is not None and d.cue is item.cue and d.start >= item.start):
                item.end = max(item.end, d.end + (1 if text[d.end : d.end + 1] in CLOSING_MARKS else 0))
                if item.pieces:
                    item.pieces[-1] = (item.pieces[-1][0], item.end)
                absorbed.add(k)
                break
    merged: list[Pending] = []
    for k, d in enumerate(direct):
        if k in absorbed:
            continue
        prev = merged[-1] if merged else None
        if prev is not None and prev.kind == "direct":
            same_para = paragraph(text, prev.end)[0] == paragraph(text, d.start)[0] or d.continues
            same_cue = d.cue is not None and d.cue is prev.cue
            short_gap = len(WORD.findall(text, prev.end, d.start)) <= MAX_GAP_WORDS
            voiced = any(prev.end <= it.cue.idx < d.start for it in indirect if it.cue not in (None, prev.cue))
            if same_para and short_gap and not voiced and (same_cue or (d.cue is None and d.inherit)):
                prev.pieces = [*prev.spans(), (d.start, d.end)]
                prev.end = d.end
                prev.context = (prev.context[0], max(prev.context[1], d.context[1]))
                continue
        merged.append(d)
    return merged


def speaker_resolver(doc: Doc, links: Sequence[Link]) -> SpeakerResolver:
    """The document's one speaker resolver: its linked mentions, with names inside quote marks told apart."""
    quoted = [(m.start, m.end) for m in marked_spans(doc)]
    return SpeakerResolver(doc, links, quoted=quoted, text=doc_view(doc).text)


def extract_quotes(doc: Doc, links: Sequence[Link], resolver: SpeakerResolver | None = None) -> list[Quote]:
    """All direct and indirect quotes of a parsed document, in text order, speakers resolved in that order.

    `resolver` is the document's speaker resolver (`speaker_resolver`), shared with the stance extractor; it learns
    each quote's speaker, so a later 'he' can refer to them.
    """
    text = doc_view(doc).text
    sents = Sentences(doc, text)
    if not sents.sents:
        return []
    marks = marked_spans(doc)
    if resolver is None:
        resolver = speaker_resolver(doc, links)
    direct = find_direct(doc, text, sents, marks)
    quoted = [with_marks(text, p.start, p.end) for p in direct]
    indirect = _indirect(text, sents, quoted)
    indirect += noun_claims(doc, text, quoted, indirect)
    pending = _merge(text, direct, indirect) + indirect
    pending.sort(key=lambda p: (p.cue.idx if p.cue is not None else p.start, p.start))
    quotes: list[Quote] = []
    for c in headline_claims(doc, text, links):
        if any(p.kind == "direct" and p.start < c.end and c.start < p.end for p in pending):
            continue  # 'Name: "quote"' is a direct quote already
        entity_id = c.link.entity_id if c.link is not None else None
        resolver.add_speaker(c.speaker_start, entity_id)
        quotes.append(
            Quote(
                c.start,
                c.end,
                text[c.start : c.end],
                "indirect",
                None,
                text[c.speaker_start : c.speaker_end],
                entity_id,
                sents.index(c.start),
                context_start=c.start,
                context_end=c.end,
                speaker_start=c.speaker_start,
                speaker_end=c.speaker_end,
            )
        )
    last: dict[tuple[int, int], Quote] = {}
    for p in pending:
        if p.lead >= 0:  # the reporter's lead-in words start the content (absorbed quotes never get here)
            p.pieces = [(p.lead, p.spans()[0][1]), *p.spans()[1:]] if p.pieces else []
            p.start = p.lead
        para = paragraph(text, p.start)
        if p.kind == "direct" and p.cue is None and p.subj is None and not p.inherit:
            continue  # a quoted fragment nobody is said to have said ('they may be planning –'): no utterance
        if p.inherit:
            prev = last.get(para) or (quotes[-1] if quotes and quotes[-1].kind == "direct" else None)
            s_text, s_id = (prev.speaker_text, prev.speaker_id) if prev else (None, None)
            cue_name, s_lo, s_hi = (prev.cue_verb, prev.speaker_start, prev.speaker_end) if prev else (None, -1, -1)
        else:
            s_text, s_id = resolver.resolve(p.subj, p.cue)
            cue_name = p.cue_name
            s_lo = p.subj.left_edge.idx if p.subj is not None else -1
            s_hi = p.subj.right_edge.idx + len(p.subj.right_edge.text) if p.subj is not None else -1
        if p.cue is not None:
            resolver.add_speaker(p.cue.idx, s_id)
        si = sents.index(p.start)
        q = Quote(
            p.start,
            p.end,
            text[p.start : p.end],
            p.kind,
            cue_name,
            s_text,
            s_id,
            si,
            context_start=p.context[0],
            context_end=p.context[1],
            speaker_start=s_lo,
            speaker_end=s_hi,
            pieces=tuple(p.pieces),
        )
        quotes.append(q)
        if p.kind == "direct":
            last[para] = q
    return sorted(quotes, key=lambda q: (q.start_char, q.kind))


def quote_rows(doc_id: str, quotes: Sequence[Quote]) -> list[dict[str, object]]:
    """Rows of the quotes table for one document (one row per start offset: the first quote there wins)."""
    rows: dict[str, dict[str, object]] = {}
    for q in quotes:
        rows.setdefault(
            f"{doc_id}:q:{q.start_char}",
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
                "piece_starts": [a for a, _ in q.pieces] or [q.start_char],
                "piece_ends": [b for _, b in q.pieces] or [q.end_char],
            },
        )
    return list(rows.values())
