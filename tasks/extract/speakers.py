"""Speaker and role resolution: which entity a cue's subject, a pronoun or a role noun ('the official') refers to.

Heuristics, in order: a linked mention on or inside the subject phrase (same paragraph only: the parser sometimes
joins a masthead line to the next sentence); an unlinked proper noun matching a person's name in the document; an
anaphor ('he', 'she', 'the spokesman', 'the presidential advisor'): the most recent person whose title carries the
role noun, else the most recent person in focus (grammatical subject, 'according to X', or an earlier speaker),
else the most recent person. Indefinite roles ('says an analyst') look forward first: they introduce a person.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tasks.extract.linking import Link
from tasks.nlp.docview import doc_view

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def words(text: str) -> frozenset[str]:
    """A word list written as one string (keeps long lexicons readable)."""
    return frozenset(text.split())


PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
#: Role nouns that can stand for a person already named ('the spokesman said').
ROLE_NOUNS = words(
    """official spokesman spokeswoman spokesperson minister president advisor adviser analyst diplomat secretary envoy
    leader chief source ambassador general commander premier chancellor senator lawmaker expert editor director aide
    negotiator journalist correspondent prime king emir prince monarch head"""
)
#: Roles that speak for an organisation named in their modifiers.
SPOKES_ROLES = words("spokesman spokeswoman spokesperson official source aide representative diplomat")
#: Roles too generic to require a matching title.
GENERIC_ROLES = frozenset({"official", "source", "aide", "leader", "head", "chief"})
SPECIFIC_ROLES = ROLE_NOUNS - GENERIC_ROLES
RELATIVE = frozenset({"who", "which", "that"})
#: Entity types that can hold a stance or speak (places, events and works cannot).
ACTOR_TYPES = frozenset(
    {"person", "country", "gov", "org", "io", "armed_group", "agency", "outlet", "company", "party", "group"}
)
#: Links from a name to the head of the phrase it names ('Advisor Ben Rhodes', 'Russia's ministry').
NAME_DEPS = frozenset({"compound", "appos", "flat", "poss", "nmod", "amod", "conj"})
FOCUS_DEPS = frozenset({"nsubj", "nsubjpass"})
FORWARD_CHARS = 400  # how far an indefinite role ('an analyst') looks ahead for the person it introduces
TITLE_TOKENS = 6


@dataclass(frozen=True, slots=True)
class PersonMention:
    """A linked person mention with the role words of its title and whether it is in focus."""

    start: int
    entity_id: str
    titles: frozenset[str]
    focus: bool
    country: str | None  # slug of the person's country (from the link's parent), for 'the American president'


def _slug_of(entity_id: str | None) -> str | None:
    """Name part of an id ('gov:united_states' -> 'united_states')."""
    return entity_id.split(":", 1)[1] if entity_id and ":" in entity_id else None


def _span_root(doc: Doc, start: int, end: int) -> Token | None:
    """Syntactic root of the tokens covering [start, end)."""
    return doc_view(doc).span_root(start, end)


def _titles(doc: Doc, start: int, root: Token) -> frozenset[str]:
    """Lower-case role words before a name or in apposition to it ('State Department spokesman Mark Toner')."""
    words: set[str] = set()
    i = doc[root.i].left_edge.i
    first = next((t.i for t in doc[i : root.i + 1] if t.idx >= start), root.i)
    for tok in doc[max(0, first - TITLE_TOKENS) : first]:
        if tok.head.i >= first and tok.pos_ in ("NOUN", "PROPN", "ADJ"):
            words.add(tok.lower_)
    for child in root.children:
        if child.dep_ == "appos":
            words.update(t.lower_ for t in child.subtree if t.pos_ in ("NOUN", "PROPN"))
    if root.dep_ == "appos":
        words.add(root.head.lower_)
    return frozenset(words & ROLE_NOUNS | {w[:-1] for w in words if w.endswith("s") and w[:-1] in ROLE_NOUNS})


def _in_focus(root: Token) -> bool:
    """A mention is in focus when it is a subject, 'according to X' or a passive agent ('by X')."""
    if root.dep_ in FOCUS_DEPS:
        return True
    doc = root.doc
    nxt = root.i + 1
    while nxt < len(doc) and (doc[nxt].is_space or doc[nxt].lower_ in ("himself", "herself")):
        nxt += 1
    if nxt < len(doc) and doc[nxt].tag_ in ("VBD", "VBZ", "VBP", "MD"):
        return True  # 'before Rhodes himself retreated': a name right before a finite verb is its subject
    head = root.head
    return root.dep_ == "pobj" and (
        (head.lower_ == "to" and head.head.lower_ == "according") or (head.lower_ == "by" and head.dep_ == "agent")
    )


def _person_facts(doc: Doc, start: int, root: Token) -> tuple[frozenset[str], bool]:
    """Titles and focus of a person mention (pure functions of the parse: computed once per Doc and mention)."""
    memo = doc_view(doc).memo
    key = ("person_facts", start, root.i)
    got = memo.get(key)
    if got is None:
        got = memo[key] = (_titles(doc, start, root), _in_focus(root))
    return got


def _across(tok: Token, subj: Token, cue: Token | None) -> bool:
    """Whether a token of the subject's subtree lies on the far side of the cue ('X said ..., Y' parse errors)."""
    if cue is None:
        return False
    return tok.i >= cue.i if subj.i < cue.i else tok.i <= cue.i


class SpeakerResolver:
    """Resolves cue subjects and role noun phrases of one document to entity ids."""

    def __init__(
        self, doc: Doc, links: Sequence[Link], quoted: Sequence[tuple[int, int]] = (), text: str | None = None
    ) -> None:
        self.doc = doc
        self.text = doc_view(doc).text if text is None else text  # Doc.text rebuilds the string on every access
        self.links = sorted((lk for lk in links if lk.entity_id), key=lambda lk: lk.start_char)
        self.starts = [lk.start_char for lk in self.links]
        self.persons: list[PersonMention] = []
        names: dict[str, set[str]] = {}
        for lk in self.links:
            if lk.entity_type != "person" or lk.entity_id is None:
                continue
            root = _span_root(doc, lk.start_char, lk.end_char)
            titles, in_focus = _person_facts(doc, lk.start_char, root) if root is not None else (frozenset(), False)
            in_quote = any(a <= lk.start_char < b for a, b in quoted)
            focus = root is not None and not in_quote and in_focus
            country = _slug_of(lk.parent_id)
            self.persons.append(PersonMention(lk.start_char, lk.entity_id, titles, focus, country))
            for word in (*lk.text.split(), *lk.canonical_name.split()):
                if len(word) >= 3 and word[:1].isupper():
                    names.setdefault(word, set()).add(lk.entity_id)
        self.names = {w: next(iter(ids)) for w, ids in names.items() if len(ids) == 1}
        self._add_name_mentions(quoted)
        self.person_starts = [p.start for p in self.persons]
        self.speakers: list[tuple[int, str]] = []  # (offset, entity_id) of resolved speakers, in text order
        self.members: dict[int, Link] = {}  # group noun's token index -> the actor placed in it (`members.py`)

    def _add_name_mentions(self, quoted: Sequence[tuple[int, int]]) -> None:
        """Person names the linker missed ('Rhodes himself retreated'): known name words not inside any link."""
        added: list[Link] = []
        names, doc = self.names, self.doc
        for i in doc_view(doc).where_text(names):  # only tokens spelled like a known name word
            tok = doc[i]
            entity_id = self.names.get(tok.text)
            if entity_id is None or tok.pos_ != "PROPN" or self.link_at(tok.idx, tok.idx + len(tok.text)) is not None:
                continue
            if tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].pos_ == "PROPN":
                continue  # part of a longer name
            template = next(lk for lk in self.links if lk.entity_id == entity_id)
            end = tok.idx + len(tok.text)
            added.append(replace(template, start_char=tok.idx, end_char=end, text=tok.text, link_method="name"))
            in_quote = any(a <= tok.idx < b for a, b in quoted)
            titles, in_focus = _person_facts(self.doc, tok.idx, tok)
            self.persons.append(
                PersonMention(tok.idx, entity_id, titles, not in_quote and in_focus, _slug_of(template.parent_id))
            )
        if added:
            self.links = sorted([*self.links, *added], key=lambda lk: lk.start_char)
            self.starts = [lk.start_char for lk in self.links]
            self.persons.sort(key=lambda p: p.start)

    def add_speaker(self, offset: int, entity_id: str | None) -> None:
        """Remember a resolved speaker: later anaphors may refer back to them."""
        if entity_id and entity_id.startswith("person:"):
            bisect.insort(self.speakers, (offset, entity_id))

    def add_members(self, members: dict[int, Link]) -> None:
        """Remember the actors sentences place in acting groups ('Russia is the biggest of these nations')."""
        self.members.update(members)

    def link_at(self, start: int, end: int) -> Link | None:
        """The first linked mention overlapping [start, end)."""
        i = bisect.bisect_left(self.starts, end)
        for lk in reversed(self.links[max(0, i - 8) : i]):
            if lk.end_char > start:
                return lk
        return None

    def links_in(self, start: int, end: int) -> list[Link]:
        """Linked mentions inside [start, end)."""
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return [lk for lk in self.links[lo:hi] if lk.end_char <= end]

    def resolve(self, subj: Token | None, cue: Token | None = None) -> tuple[str | None, str | None]:
        """Speaker text and entity id for a cue's subject token (None when there is no subject)."""
        if subj is None:
            return None, None
        if subj.lower_ in RELATIVE and cue is not None and cue.dep_ == "relcl":
            subj = cue.head
        text = self.text
        anchor = cue.idx if cue is not None else subj.idx
        para_lo = text.rfind("\n", 0, anchor) + 1
        nl = text.find("\n", anchor)
        para_hi = len(text) if nl < 0 else nl
        toks = [t for t in subj.subtree if para_lo <= t.idx < para_hi and not _across(t, subj, cue)]
        toks = toks or [subj]
        lo, hi = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        phrase = text[lo:hi]
        own = self.link_at(subj.idx, subj.idx + len(subj.text))
        if own is not None and para_lo <= own.start_char:
            return phrase, own.entity_id
        if subj.lemma_.lower() in ROLE_NOUNS and subj.tag_ not in ("NNS", "NNPS"):
            titled = self._titled(subj, bisect.bisect_left(self.person_starts, subj.idx))
            if titled is not None:  # 'the Kremlin spokesman' after 'Kremlin spokesman Dmitry Peskov'
                return phrase, titled
        inside = [
            lk
            for lk in self.links_in(lo, hi)
            if lk.entity_type in ACTOR_TYPES
            and (self._names(lk, subj) or (lk.entity_type == "person" and lk.end_char == hi))
        ]  # a name closing the subject phrase is its head whatever the parse ('Envoy for Syria Staffan de Mistura')
        if inside:
            people = [lk for lk in inside if lk.entity_type == "person"] or inside
            best = min(people, key=lambda lk: abs(lk.start_char - subj.idx))
            return phrase, best.entity_id
        if subj.pos_ == "PROPN":
            for tok in (subj, *[t for t in toks if t.dep_ == "compound"]):
                if tok.text in self.names:
                    return phrase, self.names[tok.text]
        return phrase, self.anaphor(subj)

    def _names(self, link: Link, subj: Token) -> bool:
        """Whether a mention inside a subject phrase names the subject itself ('Ben Rhodes' in 'Deputy Advisor Ben
        Rhodes', 'Russia' in 'Russia's foreign ministry'), not something in a modifier ('analysts of Rukban camp')."""
        tok = next((t for t in subj.subtree if t.idx >= link.start_char), None)
        for _ in range(6):
            if tok is None:
                return False
            if tok.i == subj.i:
                return True
            if tok.dep_ not in NAME_DEPS or (tok.dep_ == "amod" and subj.pos_ == "NOUN"):
                return False  # 'the German automaker' is not Germany
            tok = tok.head
        return False

    def anaphor(self, tok: Token) -> str | None:
        """Entity id a pronoun or role noun refers to, or None when it is neither or nothing fits."""
        word = tok.lower_
        lemma = tok.lemma_.lower()
        if word == "its":
            return self._its(tok)
        if (word not in PRONOUNS and lemma not in ROLE_NOUNS) or tok.tag_ in ("NNS", "NNPS"):
            return None
        country = self._demonym_country(tok)
        indefinite = any(c.lower_ in ("a", "an") for c in tok.children)
        i = bisect.bisect_left(self.person_starts, tok.idx)
        before = self.persons[:i][::-1]
        represented = self._represented(tok) if lemma in SPOKES_ROLES else None
        if indefinite:
            if represented is not None or any(c.pos_ == "PROPN" for c in tok.children):
                return represented  # 'a WeWork spokesperson said': speaks for WeWork, never for a named person
            ahead = [p for p in self.persons[i:] if p.start - tok.idx <= FORWARD_CHARS]
            if ahead:
                return ahead[0].entity_id
        titled = self._titled(tok, i)
        if titled is not None:
            return titled
        if represented is not None:
            return represented
        focus = next((p for p in before if p.focus and self._fits(p, country)), None)
        j = bisect.bisect_left(self.speakers, (tok.idx, ""))
        speaker = self.speakers[j - 1] if j > 0 else None
        if speaker is not None and (focus is None or speaker[0] >= focus.start):
            return speaker[1]
        if focus is not None:
            return focus.entity_id
        fallback = next((p for p in before if self._fits(p, country)), None)
        return fallback.entity_id if fallback else None

    def _its(self, tok: Token) -> str | None:
        """The state or organisation 'its' refers to: the nearest such actor before it in its own sentence ('the US
        would silence its own calls', 'the Syrian government in its fight'), or None."""
        start = tok.sent.start_char if tok.doc.has_annotation("SENT_START") else 0
        i = bisect.bisect_left(self.starts, tok.idx)
        for lk in self.links[:i][::-1]:
            if lk.start_char < start:
                return None
            if lk.entity_type in ACTOR_TYPES and lk.entity_type not in ("person", "outlet"):
                return lk.entity_id
        return None

    def _titled(self, tok: Token, i: int) -> str | None:
        """The most recent person before persons[i] whose title carries the role of a specific role noun."""
        lemma = tok.lemma_.lower()
        if lemma not in ROLE_NOUNS:
            return None
        specific = ({lemma} | {c.lower_ for c in tok.children if c.lower_ in ROLE_NOUNS}) - GENERIC_ROLES
        country = self._demonym_country(tok)
        match = next((p for p in self.persons[:i][::-1] if p.titles & specific and self._fits(p, country)), None)
        return match.entity_id if match is not None else None

    def _represented(self, tok: Token) -> str | None:
        """The organisation or state a spokesperson speaks for ('a Kremlin spokesman', 'a senior US official')."""
        for child in tok.children:
            if child.dep_ in ("compound", "amod", "poss", "nmod"):
                lk = self.link_at(child.idx, child.idx + len(child.text))
                if lk is not None and lk.entity_type in ACTOR_TYPES and lk.entity_type != "person":
                    return lk.entity_id
        return None

    def _demonym_country(self, tok: Token) -> str | None:
        """Country slug of a demonym modifying a role noun ('the American president' -> 'united_states')."""
        for child in tok.children:
            if child.dep_ in ("amod", "compound"):
                lk = self.link_at(child.idx, child.idx + len(child.text))
                if lk is not None and lk.entity_id and lk.entity_id.startswith(("country:", "gov:")):
                    return _slug_of(lk.entity_id)
        return None

    @staticmethod
    def _fits(person: PersonMention, country: str | None) -> bool:
        """Whether a person can be the referent given the role's country (unknown countries fit)."""
        return country is None or person.country is None or person.country == country

    def role_links(self, exclude: frozenset[str] = frozenset()) -> list[Link]:
        """Extra links for definite role phrases ('the American president') resolved to a named person."""
        out: list[Link] = []
        nouns = doc_view(self.doc).where(("NOUN",), SPECIFIC_ROLES)
        for tok in map(self.doc.__getitem__, nouns):  # only nouns of specific roles can start a role phrase
            if not any(c.lower_ in ("the", "his", "her", "their") for c in tok.children):
                continue
            own = self.link_at(tok.idx, tok.idx + len(tok.text))
            if own is not None and own.entity_type == "person":
                continue
            if any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in tok.children):
                continue
            if tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].pos_ == "PROPN":
                continue  # a title before a name: the name itself is linked
            entity_id = self.anaphor(tok)
            if entity_id is None or entity_id in exclude:
                continue
            mods = [c for c in tok.children if c.dep_ in ("amod", "compound") and c.i < tok.i]
            start = mods[0].idx if mods else tok.idx
            template = next(lk for lk in self.links if lk.entity_id == entity_id)
            out.append(
                replace(
                    template,
                    start_char=start,
                    end_char=tok.idx + len(tok.text),
                    text=self.text[start : tok.idx + len(tok.text)],
                    link_method="role",
                )
            )
        return out
