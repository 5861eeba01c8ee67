"""Direct quotes: quoted spans (`tasks.extract.quotes.marks`) with their cue and the cue's subject, before speakers are
resolved.

The cue is the nearest reporting verb outside the quote in the sentences it touches (or a short '..., X said.'
sentence right after it, or a sentence ending with a colon right before it, or a '― Name' signature); a quote with no
cue continues the speaker of a quote shortly before it. Scare quotes (single marks, or one or two words) are kept only
when a reporting verb governs them ('dismissed the talks as "fruitless get-togethers"'). Also the shared pieces of
the extractor: the pending item, the sentence index, subjects and paragraphs.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tasks.extract.quotes.lexicon import PHRASE_CUES, cue_lemmas, direct_cues
from tasks.extract.quotes.marks import MarkedSpan
from tasks.nlp.docview import doc_view

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

SCARE_MAX_WORDS = 2  # a double-quoted span of at most this many words is a scare quote unless a cue governs it
INHERIT_CHARS = 400  # a quote with no cue this close after another quote continues its speaker
OPENING_MARKS = frozenset("\"“‘«„'")
MARK_CHARS = "\"“”„«»‘’'`"
CLOSING_MARKS = frozenset("\"”’»'")
WORD = re.compile(r"\w+")
EDGE = " \t,;:—–-"
PARTICIPLE_DEPS = frozenset({"advcl", "acl", "xcomp", "pcomp"})  # '..., calling X "Y"': the participle's attachments
PARTICIPLE_CLIMB = 4  # heads climbed from a participle cue to the verb whose subject performs it
LEAD_IN_WORDS = 20  # at most this many words between a cue and its quote are the quote's lead-in (PolNeAR train)
#: A verb right after a quote voices it when its subject starts right after the closing mark ('"...," the party's
#: chairman barked') within TRAILING_TOKENS tokens, or when the verb is within TRAILING_CLOSE tokens (PolNeAR train).
TRAILING_TOKENS = 12
TRAILING_CLOSE = 4
COLON_NAME_TOKENS = 8  # 'Rep. Trey Gowdy (R-S.C.): "..."': a name alone before a colon, at most this long


@dataclass(slots=True)
class Pending:
    """A quote whose speaker is resolved later, in text order."""

    start: int
    end: int
    kind: str
    cue: Token | None
    cue_name: str | None
    subj: Token | None
    context: tuple[int, int]
    inherit: bool = False  # no cue: take the speaker of the previous quote of the paragraph
    pieces: list[tuple[int, int]] = field(default_factory=list)  # empty: the one piece (start, end)
    continues: bool = False  # a direct quote continuing one opened in an earlier paragraph
    lead: int = -1  # where the content starts when the reporter's words lead into the quote ('called him a "liar"')

    def spans(self) -> list[tuple[int, int]]:
        """The pieces, or the whole span as one piece."""
        return self.pieces or [(self.start, self.end)]


def is_cue(tok: Token) -> bool:
    """A reporting verb (of speech, or a mined cue of direct quotes), or a phrase cue ('as X put it')."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    lemma = tok.lemma_.lower()
    obj = PHRASE_CUES.get(lemma)
    if obj is not None:
        return any(c.dep_ == "dobj" and c.lower_ == obj for c in tok.children)
    return lemma in direct_cues()


def subject_of(verb: Token) -> Token | None:
    """Who performs a verb: its active subject (or that of the verb it is conjoined to or complements), or the
    agent of a passive ('was attacked by X'); a passive subject is the one acted upon, never the performer."""
    for tok in (verb, verb.head if verb.dep_ in ("conj", "xcomp") else verb):
        subjects = [c for c in tok.children if c.dep_ == "nsubj"]
        if len(subjects) == 1:
            return subjects[0]
        if subjects:  # the parser may hang a masthead line's name on the next sentence: prefer this paragraph's
            return min(subjects, key=lambda c: (_line_break_between(c, tok), abs(c.i - tok.i)))
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        if agent is not None:
            return next((c for c in agent.children if c.dep_ == "pobj"), None)
        if any(c.dep_ == "nsubjpass" for c in tok.children):
            return None
    return None


def performer(tok: Token) -> Token | None:
    """Who says or holds what a cue reports: its subject, the owned noun a participle cue modifies ('Trump's tweets
    accusing X'), or the subject of the clause a participle cue hangs on ('..., saying that ...', 'he battled the
    mayor, at one point calling him a "liar"')."""
    subj = subject_of(tok)
    if subj is not None or tok.tag_ != "VBG" or tok.dep_ not in PARTICIPLE_DEPS:
        return subj
    if tok.dep_ == "acl" and tok.head.pos_ == "NOUN" and any(c.dep_ == "poss" for c in tok.head.children):
        return tok.head  # 'Trump's tweets accusing X of ...': the owner of the words says it, not the clause's subject
    head = tok.head
    for _ in range(PARTICIPLE_CLIMB):
        if head.pos_ in ("VERB", "AUX"):
            while head.dep_ == "ccomp" and head.head.pos_ == "VERB" and head.head.i < tok.i:
                head = head.head  # 'Preston argued that X has Y, noting ...': Preston notes, not X
            return subject_of(head)
        if head.head.i == head.i:
            return None
        head = head.head
    return None


def _line_break_between(a: Token, b: Token) -> bool:
    """Whether a line break separates two tokens."""
    lo, hi = sorted((a.i, b.i))
    return any("\n" in t.text or "\n" in t.whitespace_ for t in a.doc[lo:hi])


def according_to(tok: Token) -> Token | None:
    """The object of 'according to' when tok is 'according'."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if tok.lower_ != "according" or nxt is None or nxt.lower_ != "to":
        return None
    return next((c for c in nxt.children if c.dep_ == "pobj"), None)


def paragraph(text: str, offset: int) -> tuple[int, int]:
    """Bounds of the line holding an offset."""
    lo = text.rfind("\n", 0, offset) + 1
    hi = text.find("\n", offset)
    return lo, len(text) if hi < 0 else hi


def with_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """A quoted span widened over its quote marks (one character, or two for '' and ``)."""
    lo = start - 1 if start > 0 and text[start - 1] in MARK_CHARS else start
    lo -= 1 if lo > 0 and text[lo - 1] in "'`" and text[lo] in "'`" else 0
    hi = end + 1 if end < len(text) and text[end] in MARK_CHARS else end
    hi += 1 if hi < len(text) and text[hi] == "'" and text[hi - 1] == "'" else 0
    return min(lo, start - 1), max(hi, end + 1)


def inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of the spans."""
    return any(a <= start and end <= b for a, b in spans)


def _quote_root(doc: Doc, m: MarkedSpan) -> Token | None:
    """The token of a quoted span whose head lies outside it."""
    return doc_view(doc).span_root(m.start, m.end)


def _governing_cue(doc: Doc, m: MarkedSpan) -> Token | None:
    """The reporting verb a scare-quoted span depends on ('dismissed X as "Y"'), if the first verb above is one."""
    root = _quote_root(doc, m)
    tok = root.head if root is not None else None
    for _ in range(6):
        if tok is None:
            return None
        if tok.pos_ in ("VERB", "AUX"):
            return tok if is_cue(tok) else None
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


class Sentences:
    """Sentence lookup by character offset, and the tokens that can be cues ('according' or a reporting verb)."""

    def __init__(self, doc: Doc, text: str) -> None:
        self.text = text
        self.doc = doc
        view = doc_view(doc)
        self.sents: list[Span] = view.sents
        self.starts = [s.start_char for s in self.sents]
        #: indices of the only tokens is_cue or according_to can accept, in order (the rest are never cues)
        self.cue_like = sorted({*view.where(("VERB", "AUX"), cue_lemmas()), *view.where_text(["according"], "lower")})

    def cue_like_in(self, sent: Span) -> list[Token]:
        """The cue-like tokens of one sentence, in order."""
        lo = bisect.bisect_left(self.cue_like, sent.start)
        hi = bisect.bisect_left(self.cue_like, sent.end)
        doc = self.doc
        return [doc[i] for i in self.cue_like[lo:hi]]

    def index(self, offset: int) -> int:
        """Index of the sentence containing an offset."""
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def covering(self, start: int, end: int) -> range:
        """Indices of the sentences overlapping [start, end)."""
        return range(self.index(start), self.index(max(start, end - 1)) + 1)


def _nearest_cue(sents: Sentences, idx: range, m: MarkedSpan, quoted: Sequence[tuple[int, int]]) -> Token | None:
    """The reporting verb nearest to a quote in the sentences it touches, outside every quote."""
    best: tuple[int, Token] | None = None
    text = sents.text
    lo, hi = paragraph(text, m.start)[0], paragraph(text, max(m.start, m.end - 1))[1]
    for si in idx:
        for tok in sents.cue_like_in(sents.sents[si]):
            if not lo <= tok.idx < hi or not (is_cue(tok) or according_to(tok) is not None):
                continue
            if inside(quoted, tok.idx, tok.idx + len(tok.text)):
                continue
            dist = m.start - tok.idx if tok.idx < m.start else tok.idx - m.end
            if best is None or dist < best[0]:
                best = (dist, tok)
    return best[1] if best else None


def _adjacent_cue(text: str, sents: Sentences, idx: range, m: MarkedSpan, *, after_only: bool = False) -> Token | None:
    """A cue in a short '"...." X said.' sentence right after the quote, or a 'X said:' sentence before it; with
    after_only, a cue within the few tokens right after the closing mark ('"No," she said')."""
    if after_only:
        doc = sents.doc
        nxt = doc_view(doc).span_root(m.end, m.end + 1)
        first = nxt.i if nxt is not None else len(doc)
        return next((t for t in doc[first : first + 5] if is_cue(t)), None)
    hi = paragraph(text, m.start)[1]
    nxt = idx[-1] + 1
    if nxt < len(sents.sents) and sents.sents[nxt].start_char < hi and sents.sents[nxt].start_char - m.end <= 3:
        head = list(sents.sents[nxt])[:6]
        cue = next((t for t in head if is_cue(t)), None)
        if cue is not None:
            return cue
    before = text[: m.start].rstrip().rstrip(MARK_CHARS).rstrip()
    if before.endswith(":"):  # 'X said:' right before the quote, on its line or the line above
        colon = len(before) - 1
        line_lo = paragraph(text, colon)[0]
        si = sents.index(colon)
        cues = [t for t in sents.sents[si] if is_cue(t) and line_lo <= t.idx < colon]
        return cues[-1] if cues else None
    return None


def _trailing_verb(doc: Doc, m: MarkedSpan, quoted: Sequence[tuple[int, int]]) -> Token | None:
    """Any verb with a subject right after a quote's closing mark ('"Go back," Trump barked', '"...?" reacted
    Trump', '"...!" the presumptive nominee, Donald Trump, tweeted'): a quote followed by who voiced it."""
    nxt = doc_view(doc).span_root(m.end, m.end + 1)
    first = nxt.i if nxt is not None else len(doc)
    while first < len(doc) and doc[first].idx <= m.end:  # the closing mark
        first += 1
    for tok in doc[first : first + TRAILING_TOKENS]:
        if "\n" in tok.text or inside(quoted, tok.idx, tok.idx + 1) or tok.is_sent_start:
            return None
        if tok.pos_ == "VERB":
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None) or _name_before(tok, m)
            if subj is None:
                return None
            close = tok.i - first < TRAILING_CLOSE or subj.left_edge.i == first  # 'X barked', 'the ..., X, tweeted'
            return tok if close or 0 < subj.i - tok.i <= 2 else None  # 'reacted Trump', 'says Gloria Garcia'
    return None


def _name_before(verb: Token, m: MarkedSpan) -> Token | None:
    """The name or pronoun right before a verb after a quote, when the parser made it no subject ('"Go back,"
    Trump barked' parsed with 'Trump' as a compound of 'barked')."""
    prev = verb.doc[verb.i - 1] if verb.i > 0 else None
    if prev is None or prev.idx <= m.end or prev.pos_ not in ("PROPN", "PRON") or prev.dep_ == "nsubjpass":
        return None
    return prev


def _lead_in(doc: Doc, text: str, cue: Token, m: MarkedSpan, quoted: Sequence[tuple[int, int]]) -> int:
    """Where the content of a quote that finishes its cue's clause starts: right after the cue when a few words of
    the reporter's lead into the quoted words ('calling the mayor a "liar"', 'says no matter what X does, "his
    word ..."'), else -1 (the content starts at the opening mark)."""
    end = cue.idx + len(cue.text)
    if cue.lemma_.lower() in PHRASE_CUES or not end <= m.start - 1 or "\n" in text[end : m.start]:
        return -1
    gap = text[end : m.start - 1]
    if gap.rstrip().endswith(":"):
        return -1  # 'X put it: "..."': the quote is the whole content
    if len(WORD.findall(gap)) > LEAD_IN_WORDS or any(a < m.start - 1 and end < b for a, b in quoted if a >= end):
        return -1
    span = doc.char_span(end, m.start - 1, alignment_mode="expand")
    if span is None:
        return -1
    lead = end + len(gap) - len(gap.lstrip(EDGE))
    return lead if WORD.search(text, lead, m.start - 1) else -1


def _colon_cue(doc: Doc, text: str, sents: Sentences, m: MarkedSpan) -> tuple[Token | None, Token | None]:
    """(cue, subject) of a quote right after a colon: the verb closing the clause before it ('As Foner put it:',
    'The rally had one message:'), or the name alone before it ('Rep. Trey Gowdy (R-S.C.):')."""
    before = text[: m.start].rstrip().rstrip(MARK_CHARS).rstrip()
    if not before.endswith(":"):
        return None, None
    colon = len(before) - 1
    line_lo = paragraph(text, colon)[0]
    span = doc.char_span(max(line_lo, sents.sents[sents.index(colon)].start_char), colon, alignment_mode="expand")
    if span is None or not len(span):
        return None, None
    root = span.root
    if root.pos_ in ("VERB", "AUX"):
        subj = subject_of(root)
        return (root, subj) if subj is not None and subj.i >= span.start else (None, None)
    if root.pos_ == "PROPN" and span.start_char == line_lo and len(span) <= COLON_NAME_TOKENS:
        return None, root
    return None, None


_SIGNATURE = re.compile(r"[\"”’'`]{0,2}\s*[―—–]\s*(\w[\w.'’ -]{1,60}?)[\s.]*$")


def _signature(doc: Doc, text: str, m: MarkedSpan, line_end: int) -> Token | None:
    """The name signing a quote that ends its line with a dash and a name ('"...." ― Jane Doe')."""
    found = _SIGNATURE.match(text, m.end, line_end)
    if found is None or not found.group(1)[:1].isupper():
        return None
    root = doc_view(doc).span_root(found.start(1), found.end(1))
    return root if root is not None and root.pos_ == "PROPN" else None


def find_direct(doc: Doc, text: str, sents: Sentences, marks: Sequence[MarkedSpan]) -> list[Pending]:
    """Pending direct quotes with their cues (speakers resolved later)."""
    quoted = [with_marks(text, m.start, m.end) for m in marks if not m.single]
    out: list[Pending] = []
    prev_para: tuple[int, int] | None = None
    for m in marks:
        words = len(WORD.findall(text[m.start : m.end]))
        if words == 0:
            continue
        idx = sents.covering(m.start, m.end)
        context = (sents.sents[idx[0]].start_char, sents.sents[idx[-1]].end_char)
        if m.single or words <= SCARE_MAX_WORDS:
            cue = _governing_cue(doc, m)
            if cue is None and not m.single and text[m.end - 1 : m.end] in ",?!":
                cue = _adjacent_cue(text, sents, idx, m, after_only=True)  # '"I would," she said.': a reply
                cue = cue or _trailing_verb(doc, m, quoted)  # '"Denver," he answered.'
            if cue is None:
                continue
        else:
            cue = _nearest_cue(sents, idx, m, quoted) or _adjacent_cue(text, sents, idx, m)
        para = paragraph(text, m.start)
        named = None
        if cue is None and not (m.single or words <= SCARE_MAX_WORDS):
            cue = _trailing_verb(doc, m, quoted)
            if cue is None:
                cue, subj = _colon_cue(doc, text, sents, m)
                named = subj if cue is None else None
        signed = _signature(doc, text, m, para[1]) if cue is None else None
        signed = signed or named
        if signed is not None:  # '"...." ― Jane Doe': a signed quote
            out.append(Pending(m.start, m.end, "direct", None, None, signed, context, continues=m.continues))
        elif cue is None:
            near = bool(out) and m.start - out[-1].end <= INHERIT_CHARS  # the previous quote's speaker goes on
            inherit = m.continues or (bool(out) and prev_para == para) or near
            out.append(
                Pending(m.start, m.end, "direct", None, None, None, context, inherit=inherit, continues=m.continues)
            )
        else:
            obj = according_to(cue)
            name = "according to" if obj is not None else cue.lemma_.lower()
            subj = obj or performer(cue) or (_name_before(cue, m) if cue.idx > m.end else None)
            lead = _lead_in(doc, text, cue, m, quoted) if obj is None else -1
            out.append(Pending(m.start, m.end, "direct", cue, name, subj, context, continues=m.continues, lead=lead))
        prev_para = para
    return out
