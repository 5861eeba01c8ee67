"""Quotes: direct quotes, indirect speech and stated positions in a parsed document, one row per utterance, each
with its speaker resolved.

Direct quotes come from paired quote marks (`tasks.quote_marks`): straight, curly or angle, over several sentences
or paragraphs. The cue is the nearest reporting verb outside the quote in the sentences it touches (or a short
'..., X said.' sentence right after it, or a sentence ending with a colon right before it, or a '― Name' signature);
a quote with no cue continues the speaker of a quote shortly before it, and is dropped when there is none (a quoted
fragment nobody is said to have said). Scare quotes (single marks, or one or two words) are kept only when a
reporting verb governs them ('dismissed the talks as "fruitless get-togethers"').
Indirect speech and positions: the argument slots of a cue verb (speech verbs: their clause; positions such as
demand, call for, urge, accuse, make clear: `POSITION_CUES`; cues mined from PolNeAR train: `quote_cues.json`), the
rest of an 'according to X' sentence, both sides of a parenthetical cue ('The hope, he said, is that ...': two
pieces), and 'Name: claim' headlines.
One utterance, one row: quoted words inside reported speech belong to it, and a quote broken by its cue ('"A," he
said, "B."') or continued in the same paragraph is one Quote whose `pieces` list the spans said.
Speakers are resolved in text order by `tasks.speakers.SpeakerResolver`, so 'he' can refer to an earlier speaker.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from tasks.docview import doc_view
from tasks.linking import Link
from tasks.quote_marks import MarkedSpan, find_marked_spans
from tasks.speakers import SpeakerResolver, words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Lemmas of reporting verbs that introduce speech or a stated position.
CUE_VERBS = words(
    """say tell warn argue insist indicate dismiss note add claim state declare announce explain stress suggest
    accuse deny admit acknowledge assert believe charge comment complain concede confirm contend criticize criticise
    describe emphasize emphasise estimate maintain mention point predict promise recall remark reply report reiterate
    respond reveal urge vow write call agree threaten demand allege observe conclude imply caution signal hint
    reckon underline underscore tweet announce lament quip retort counter dub label brand"""
)
#: Cues whose clausal complement is not reported speech on their own ('call for', 'point at').
WEAK_CUES = frozenset({"call", "point", "agree", "maintain", "write", "report", "describe", "label", "brand", "dub"})
#: Cues of stated positions and intentions beyond speech verbs, with the argument slots holding their content
#: (a child dependency, or prep_<word>): 'demands the exclusion of X', 'calling for reforms', 'urged X to Y'.
POSITION_CUES: dict[str, tuple[str, ...]] = {
    "demand": ("dobj", "ccomp", "xcomp"),
    "call": ("dobj", "oprd", "prep_for", "xcomp"),
    "declare": ("ccomp", "dobj", "oprd"),
    "insist": ("ccomp", "prep_on"),
    "warn": ("ccomp", "xcomp", "prep_of", "prep_against", "prep_about"),
    "urge": ("xcomp", "dobj", "ccomp"),
    "reject": ("dobj", "ccomp"),
    "accuse": ("dobj", "prep_of"),
    "blame": ("dobj", "prep_for", "prep_on"),
    "praise": ("dobj", "prep_for", "prep_as"),
    "dismiss": ("dobj", "prep_as"),
    "criticize": ("dobj", "prep_for", "prep_as"),
    "criticise": ("dobj", "prep_for", "prep_as"),
    "condemn": ("dobj", "prep_for", "prep_as"),
    "denounce": ("dobj", "prep_as"),
    "blast": ("dobj", "prep_for"),
    "slam": ("dobj", "prep_for"),
    "vow": ("xcomp", "ccomp"),
    "pledge": ("xcomp", "ccomp"),
    "promise": ("xcomp", "ccomp", "dobj"),
    "threaten": ("xcomp",),
    "refuse": ("xcomp",),
    "oppose": ("dobj",),
    "endorse": ("dobj",),
    "support": ("dobj",),
    "propose": ("dobj", "xcomp", "ccomp"),
    "seek": ("xcomp",),
    "want": ("xcomp", "ccomp"),
}
#: Speech verbs keep their clausal complement as content.
SPEECH_FRAMES = ("ccomp", "xcomp")
#: Prepositions that continue an object's content ('criticized X as Y', 'blamed X for Y', 'accused X of Y').
OBJECT_PREPS = frozenset({"prep_as", "prep_for", "prep_of", "prep_over"})
#: Mined cues (tasks/quote_cues.json, PolNeAR train) are used when at least this share of a lemma's uses as a verb
#: were annotated cues, over at least MIN_CUE_COUNT cues.
MIN_CUE_SHARE = 0.25
MIN_CUE_COUNT = 8
#: Mined lemmas that report no position or intention of their subject ('appeared to', 'continued to', 'found').
NOT_POSITION_CUES = words(
    """appear seem continue find learn lay introduce sound identify project rattle show go take have be get do use
    try begin start need include turn give come put hold draw provide release send pass look feel see know email"""
)
#: Mined lemmas that also cue a direct quote ('asked', 'shouted', 'Sanders continued', 'the headline reads'): at least
#: MIN_DIRECT_CUES cues of direct quotes in PolNeAR train and at least MIN_DIRECT_SHARE of the lemma's uses as a verb
#: (tuned on PolNeAR train: direct-quote recall without a loss of precision or speaker accuracy).
MIN_DIRECT_CUES = 4
MIN_DIRECT_SHARE = 0.1
CUE_FILE = Path(__file__).with_name("quote_cues.json")
SCARE_MAX_WORDS = 2  # a double-quoted span of at most this many words is a scare quote unless a cue governs it
MIN_INDIRECT_CHARS = 12
MIN_POSITION_CHARS = 4
PARENTHETICAL_MAX_TOKENS = 8  # '..., says an analyst.' / '..., he added, ...': the cue clause is this short
HEADLINE_MAX_WORDS = 25
INHERIT_CHARS = 400  # a quote with no cue this close after another quote continues its speaker
MAX_GAP_WORDS = 40  # pieces of one quote are split by a cue clause of at most this many words
EDGE_PUNCT = " \t\n,;:—–-"
OPENING_MARKS = frozenset("\"“‘«„'")
MARK_CHARS = "\"“”„«»‘’'`"
CLOSING_MARKS = frozenset("\"”’»'")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def content_frames() -> dict[str, frozenset[str]]:
    """Lemma -> argument slots of every cue whose content is an argument of the verb (speech, positions, mined)."""
    frames: dict[str, set[str]] = {lemma: set(SPEECH_FRAMES) for lemma in CUE_VERBS}
    for lemma, row in _mined().items():
        if row["share"] >= MIN_CUE_SHARE and row["cue"] >= MIN_CUE_COUNT and lemma not in NOT_POSITION_CUES:
            frames.setdefault(lemma, set()).update(row["frames"])
    for lemma, slots in POSITION_CUES.items():
        frames.setdefault(lemma, set()).update(slots)
    frames.pop("accord", None)  # 'according to' has its own rule
    return {lemma: frozenset(slots) for lemma, slots in frames.items()}


@lru_cache(maxsize=1)
def _mined() -> dict[str, dict]:
    """The mined cue rows of tasks/quote_cues.json (empty when the file is missing)."""
    return json.loads(CUE_FILE.read_text(encoding="utf-8"))["cues"] if CUE_FILE.exists() else {}


@lru_cache(maxsize=1)
def direct_cues() -> frozenset[str]:
    """Lemmas that cue a direct quote: the speech verbs and the mined direct-quote cues."""
    mined = {
        lemma
        for lemma, row in _mined().items()
        if row.get("direct", 0) >= MIN_DIRECT_CUES and row["direct"] >= MIN_DIRECT_SHARE * row["verb"]
    }
    return frozenset((CUE_VERBS | mined) - {"accord"})  # 'according to' has its own rule


@lru_cache(maxsize=1)
def cue_lemmas() -> frozenset[str]:
    """Every lemma that can be a cue verb (speech verbs, content cues, 'make' of 'make clear')."""
    return frozenset({*direct_cues(), *content_frames(), "make"})


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


@dataclass(slots=True)
class _Pending:
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

    def spans(self) -> list[tuple[int, int]]:
        """The pieces, or the whole span as one piece."""
        return self.pieces or [(self.start, self.end)]


def _is_cue(tok: Token) -> bool:
    """A reporting verb (of speech, or a mined cue of direct quotes)."""
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in direct_cues()


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


def _line_break_between(a: Token, b: Token) -> bool:
    """Whether a line break separates two tokens."""
    lo, hi = sorted((a.i, b.i))
    return any("\n" in t.text or "\n" in t.whitespace_ for t in a.doc[lo:hi])


def _according_to(tok: Token) -> Token | None:
    """The object of 'according to' when tok is 'according'."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if tok.lower_ != "according" or nxt is None or nxt.lower_ != "to":
        return None
    return next((c for c in nxt.children if c.dep_ == "pobj"), None)


def _paragraph(text: str, offset: int) -> tuple[int, int]:
    """Bounds of the line holding an offset."""
    lo = text.rfind("\n", 0, offset) + 1
    hi = text.find("\n", offset)
    return lo, len(text) if hi < 0 else hi


def _inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
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
            return tok if _is_cue(tok) else None
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


class _Sentences:
    """Sentence lookup by character offset, and the tokens that can be cues ('according' or a reporting verb)."""

    def __init__(self, doc: Doc, text: str) -> None:
        self.text = text
        self.doc = doc
        view = doc_view(doc)
        self.sents: list[Span] = view.sents
        self.starts = [s.start_char for s in self.sents]
        #: indices of the only tokens _is_cue or _according_to can accept, in order (the rest are never cues)
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


def _nearest_cue(sents: _Sentences, idx: range, m: MarkedSpan, quoted: Sequence[tuple[int, int]]) -> Token | None:
    """The reporting verb nearest to a quote in the sentences it touches, outside every quote."""
    best: tuple[int, Token] | None = None
    text = sents.text
    lo, hi = _paragraph(text, m.start)[0], _paragraph(text, max(m.start, m.end - 1))[1]
    for si in idx:
        for tok in sents.cue_like_in(sents.sents[si]):
            if not lo <= tok.idx < hi or not (_is_cue(tok) or _according_to(tok) is not None):
                continue
            if _inside(quoted, tok.idx, tok.idx + len(tok.text)):
                continue
            dist = m.start - tok.idx if tok.idx < m.start else tok.idx - m.end
            if best is None or dist < best[0]:
                best = (dist, tok)
    return best[1] if best else None


def _adjacent_cue(text: str, sents: _Sentences, idx: range, m: MarkedSpan, *, after_only: bool = False) -> Token | None:
    """A cue in a short '"...." X said.' sentence right after the quote, or a 'X said:' sentence before it; with
    after_only, a cue within the few tokens right after the closing mark ('"No," she said')."""
    if after_only:
        doc = sents.doc
        nxt = doc_view(doc).span_root(m.end, m.end + 1)
        first = nxt.i if nxt is not None else len(doc)
        return next((t for t in doc[first : first + 5] if _is_cue(t)), None)
    hi = _paragraph(text, m.start)[1]
    nxt = idx[-1] + 1
    if nxt < len(sents.sents) and sents.sents[nxt].start_char < hi and sents.sents[nxt].start_char - m.end <= 3:
        head = list(sents.sents[nxt])[:6]
        cue = next((t for t in head if _is_cue(t)), None)
        if cue is not None:
            return cue
    before = text[: m.start].rstrip().rstrip(MARK_CHARS).rstrip()
    if before.endswith(":"):  # 'X said:' right before the quote, on its line or the line above
        colon = len(before) - 1
        line_lo = _paragraph(text, colon)[0]
        si = sents.index(colon)
        cues = [t for t in sents.sents[si] if _is_cue(t) and line_lo <= t.idx < colon]
        return cues[-1] if cues else None
    return None


_SIGNATURE = re.compile(r"[\"”’'`]{0,2}\s*[―—–]\s*(\w[\w.'’ -]{1,60}?)[\s.]*$")


def _signature(doc: Doc, text: str, m: MarkedSpan, line_end: int) -> Token | None:
    """The name signing a quote that ends its line with a dash and a name ('"...." ― Jane Doe')."""
    found = _SIGNATURE.match(text, m.end, line_end)
    if found is None or not found.group(1)[:1].isupper():
        return None
    root = doc_view(doc).span_root(found.start(1), found.end(1))
    return root if root is not None and root.pos_ == "PROPN" else None


def _direct(doc: Doc, text: str, sents: _Sentences, marks: Sequence[MarkedSpan]) -> list[_Pending]:
    """Pending direct quotes with their cues (speakers resolved later)."""
    quoted = [(m.start - 1, m.end + 1) for m in marks if not m.single]
    out: list[_Pending] = []
    prev_para: tuple[int, int] | None = None
    for m in marks:
        words = len(_WORD.findall(text[m.start : m.end]))
        if words == 0:
            continue
        idx = sents.covering(m.start, m.end)
        context = (sents.sents[idx[0]].start_char, sents.sents[idx[-1]].end_char)
        if m.single or words <= SCARE_MAX_WORDS:
            cue = _governing_cue(doc, m)
            if cue is None and not m.single and text[m.end - 1 : m.end] in ",?!":
                cue = _adjacent_cue(text, sents, idx, m, after_only=True)  # '"I would," she said.': a reply
            if cue is None:
                continue
        else:
            cue = _nearest_cue(sents, idx, m, quoted) or _adjacent_cue(text, sents, idx, m)
        para = _paragraph(text, m.start)
        signed = _signature(doc, text, m, para[1]) if cue is None else None
        if signed is not None:  # '"...." ― Jane Doe': a signed quote
            out.append(_Pending(m.start, m.end, "direct", None, None, signed, context, continues=m.continues))
        elif cue is None:
            near = bool(out) and m.start - out[-1].end <= INHERIT_CHARS  # the previous quote's speaker goes on
            inherit = m.continues or (bool(out) and prev_para == para) or near
            out.append(
                _Pending(m.start, m.end, "direct", None, None, None, context, inherit=inherit, continues=m.continues)
            )
        else:
            obj = _according_to(cue)
            name = "according to" if obj is not None else cue.lemma_.lower()
            subj = obj or subject_of(cue)
            out.append(_Pending(m.start, m.end, "direct", cue, name, subj, context, continues=m.continues))
        prev_para = para
    return out


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
    """Offsets of the arguments of a cue verb that hold its content, clipped to its paragraph."""
    heads = [tok, *(c for c in tok.children if c.lower_ == "clear")] if tok.lemma_.lower() == "make" else [tok]
    kids = [c for h in heads for c in h.children if c.i > tok.i and _slot(c) in frames]
    if not kids:
        return None
    if any(c.dep_ == "dobj" for c in kids):  # 'criticized X as Y', 'blamed X for Y'
        kids += [c for c in tok.children if c.i > tok.i and _slot(c) in OBJECT_PREPS and c not in kids]
    start = min(_arg_start(c) for c in kids)
    last = max((c.right_edge for c in kids), key=lambda t: t.i)
    lo, hi = _paragraph(text, tok.idx)
    return _trim(text, start, last.idx + len(last.text), lo, hi)


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
    if after is not None and after.i < sent.end and not after.is_punct:
        return None
    return _sides(sent, lo_i, hi_i) or None


def _performer(tok: Token) -> Token | None:
    """Who says or holds what a cue reports: its subject, or the subject of the clause a participle cue hangs on
    ('..., saying that ...')."""
    subj = subject_of(tok)
    if subj is None and tok.dep_ == "advcl" and tok.tag_ == "VBG":
        subj = subject_of(tok.head)
    return subj


def _nested_ok(taken: Sequence[tuple[int, int, int]], start: int, end: int, cue_at: int) -> bool:
    """Whether a new content may join the taken ones: no overlap, or nested with its cue inside the outer one
    ('X said that Y warned that Z': Y's warning is X's report, and an attribution of its own)."""
    for a, b, c in taken:
        if not (a < end and start < b):
            continue
        if a <= start and end <= b and a <= cue_at < b:
            continue
        if start <= a and b <= end and start <= c < end:
            continue
        return False
    return True


def _indirect(text: str, sents: _Sentences, quoted: Sequence[tuple[int, int]]) -> list[_Pending]:
    """Pending indirect speech items: arguments of cues, 'according to' and parenthetical cues."""
    out: list[_Pending] = []
    taken: list[tuple[int, int, int]] = []
    for sent in sents.sents:
        for tok in sents.cue_like_in(sent):  # other tokens are neither 'according to' nor a cue
            if _inside(quoted, tok.idx, tok.idx + 1):
                continue
            obj = _according_to(tok)
            pieces: list[tuple[int, int]] | None = None
            if obj is not None:
                pieces = _sides(sent, tok.i, obj.right_edge.i)
                subj, name = obj, "according to"
            else:
                frames = _cue_frames(tok)
                if frames is None:
                    continue
                subj, name = _performer(tok), _cue_name(tok)
                if subj is None:
                    continue
                content = _arguments(text, tok, frames)
                pieces = [content] if content is not None else _parenthetical(tok, sent)
            if not pieces or subj is None:
                continue
            start, end = pieces[0][0], pieces[-1][1]
            shortest = MIN_POSITION_CHARS if name in POSITION_CUES else MIN_INDIRECT_CHARS  # 'calling for reforms'
            if end - start < shortest or _inside(quoted, start, end):
                continue
            if not _nested_ok(taken, start, end, tok.idx):
                continue
            context = (sent.start_char, sent.end_char)
            split = pieces if len(pieces) > 1 else []
            out.append(_Pending(start, end, "indirect", tok, name, subj, context, pieces=split))
            taken.append((start, end, tok.idx))
    return out


def _merge(text: str, direct: list[_Pending], indirect: list[_Pending]) -> list[_Pending]:
    """One utterance, one item: a direct quote inside (or running on from) reported speech becomes part of it;
    quotes broken by their cue ('"A," he said, "B."') or continued without a cue in the same paragraph (or the
    next, by newspaper convention) become pieces of one quote."""
    absorbed: set[int] = set()
    for k, d in enumerate(direct):
        for item in indirect:
            if item.start <= d.start < item.end or (d.cue is not None and d.cue is item.cue and d.start >= item.start):
                item.end = max(item.end, d.end + (1 if text[d.end : d.end + 1] in CLOSING_MARKS else 0))
                if item.pieces:
                    item.pieces[-1] = (item.pieces[-1][0], item.end)
                absorbed.add(k)
                break
    merged: list[_Pending] = []
    for k, d in enumerate(direct):
        if k in absorbed:
            continue
        prev = merged[-1] if merged else None
        if prev is not None and prev.kind == "direct":
            same_para = _paragraph(text, prev.end)[0] == _paragraph(text, d.start)[0] or d.continues
            same_cue = d.cue is not None and d.cue is prev.cue
            short_gap = len(_WORD.findall(text, prev.end, d.start)) <= MAX_GAP_WORDS
            if same_para and short_gap and (same_cue or (d.cue is None and d.inherit)):
                prev.pieces = [*prev.spans(), (d.start, d.end)]
                prev.end = d.end
                prev.context = (prev.context[0], max(prev.context[1], d.context[1]))
                continue
        merged.append(d)
    return merged


def _headline_claims(text: str, links: Sequence[Link]) -> list[tuple[int, int, Link]]:
    """'Keith Preston: Russia, US have conflicting policies' lines: a person, a colon, then their claim."""
    out: list[tuple[int, int, Link]] = []
    for lk in links:
        if lk.entity_type != "person" or not lk.entity_id:
            continue
        lo, hi = _paragraph(text, lk.start_char)
        if text[lo : lk.start_char].strip() or not text[lk.end_char :].startswith(":"):
            continue
        claim = text[lk.end_char + 1 : hi].strip()
        if 3 <= len(claim.split()) <= HEADLINE_MAX_WORDS:
            start = text.index(claim, lk.end_char + 1)
            out.append((start, start + len(claim), lk))
    return out


def extract_quotes(doc: Doc, links: Sequence[Link]) -> list[Quote]:
    """All direct and indirect quotes of a parsed document, in text order, speakers resolved in that order."""
    text = doc_view(doc).text
    sents = _Sentences(doc, text)
    if not sents.sents:
        return []
    marks = find_marked_spans(text)
    resolver = SpeakerResolver(doc, links, quoted=[(m.start, m.end) for m in marks], text=text)
    direct = _direct(doc, text, sents, marks)
    quoted = [(p.start - 1, p.end + 1) for p in direct]
    indirect = _indirect(text, sents, quoted)
    pending = _merge(text, direct, indirect) + indirect
    pending.sort(key=lambda p: (p.cue.idx if p.cue is not None else p.start, p.start))
    quotes: list[Quote] = []
    for start, end, lk in _headline_claims(text, links):
        resolver.add_speaker(lk.start_char, lk.entity_id)
        si = sents.index(start)
        quotes.append(
            Quote(
                start,
                end,
                text[start:end],
                "indirect",
                None,
                lk.text,
                lk.entity_id,
                si,
                context_start=start,
                context_end=end,
                speaker_start=lk.start_char,
                speaker_end=lk.end_char,
            )
        )
    last: dict[tuple[int, int], Quote] = {}
    for p in pending:
        para = _paragraph(text, p.start)
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
