"""Actors a sentence places in a group that acts ('Russia is the biggest of these nations'), on hand-built Docs: the
groups `tasks.extract.members.group_members` finds and the frame rows their members get."""

from __future__ import annotations

from dataclasses import replace

import spacy

from tasks.extract.context import build_context
from tasks.extract.decide import identity_policy
from tasks.extract.holders import token_actor
from tasks.extract.linking import Link
from tasks.extract.members import group_members
from tasks.extract.pipeline import extract_doc
from tasks.extract.scoring import PerItemScorer
from tasks.extract.speakers import SpeakerResolver
from tests.tasks.test_name_ties import Against
from tests.tasks.test_quotes import Tok, link, parse

BIGGEST = "Several nations fighting ISIS met. Russia is the biggest of these nations."
BIGGEST_TOKS: list[Tok] = [
    ("Several", 1, "amod", "ADJ", "several", "JJ"),
    ("nations", 4, "nsubj", "NOUN", "nation", "NNS"),
    ("fighting", 1, "acl", "VERB", "fight", "VBG"),
    ("ISIS", 2, "dobj", "PROPN", "ISIS", "NNP"),
    ("met", 4, "ROOT", "VERB", "meet", "VBD"),
    (".", 4, "punct", "PUNCT", ".", "."),
    ("Russia", 7, "nsubj", "PROPN", "Russia", "NNP"),
    ("is", 7, "ROOT", "AUX", "be", "VBZ"),
    ("the", 9, "det", "DET", "the", "DT"),
    ("biggest", 7, "attr", "ADJ", "big", "JJS"),
    ("of", 9, "prep", "ADP", "of", "IN"),
    ("these", 12, "det", "DET", "these", "DT"),
    ("nations", 10, "pobj", "NOUN", "nation", "NNS"),
    (".", 7, "punct", "PUNCT", ".", "."),
]


def _links(text: str) -> list[Link]:
    isis = [link(text, "ISIS", "org:isis", "org")] if "ISIS" in text else []
    return [*isis, link(text, "Russia", "country:russia", "country")]


def _members(vocab: spacy.vocab.Vocab, text: str, toks: list[Tok], starts: tuple[int, ...]) -> dict[int, tuple]:
    doc = parse(vocab, text, toks, sent_starts=starts)
    resolver = SpeakerResolver(doc, _links(text))
    found = group_members(doc, lambda tok: token_actor(resolver, tok))
    return {i: (lk.entity_id, lk.text, lk.link_method) for i, lk in found.items()}


def test_an_actor_placed_in_a_group_stands_for_the_group_noun_that_defines_it(vocab: spacy.vocab.Vocab) -> None:
    assert _members(vocab, BIGGEST, BIGGEST_TOKS, (0, 6)) == {1: ("country:russia", "nations", "member")}
    # 'is not among these nations' places no one
    among = BIGGEST.replace("the biggest of", "not among")
    among_toks = [
        *BIGGEST_TOKS[:8],
        ("not", 7, "neg", "PART", "not", "RB"),
        ("among", 7, "prep", "ADP", "among", "IN"),
        ("these", 11, "det", "DET", "these", "DT"),
        ("nations", 9, "pobj", "NOUN", "nation", "NNS"),
        (".", 7, "punct", "PUNCT", ".", "."),
    ]
    assert _members(vocab, among, among_toks, (0, 6)) == {}
    placed = among.replace("not among", "among")
    placed_toks = [
        *BIGGEST_TOKS[:8],
        ("among", 7, "prep", "ADP", "among", "IN"),
        ("these", 10, "det", "DET", "these", "DT"),
        ("nations", 8, "pobj", "NOUN", "nation", "NNS"),
        (".", 7, "punct", "PUNCT", ".", "."),
    ]
    assert _members(vocab, placed, placed_toks, (0, 6)) == {1: ("country:russia", "nations", "member")}
    # a group no clause defines ('several nations met') does nothing the member could be credited with
    bare = BIGGEST.replace(" fighting ISIS", "")
    bare_toks = [t for t in BIGGEST_TOKS if t[0] not in ("fighting", "ISIS")]
    bare_toks = [(w, h - 2 if h > 3 else h, *rest) for w, h, *rest in bare_toks]
    assert _members(vocab, bare, bare_toks, (0, 4)) == {}


def test_an_appositive_places_its_name_in_the_group_of_its_own_sentence(vocab: spacy.vocab.Vocab) -> None:
    text = "Iran, one of the countries backing Assad, spoke."
    toks: list[Tok] = [
        ("Iran", 9, "nsubj", "PROPN", "Iran", "NNP"),
        (",", 0, "punct", "PUNCT", ",", ","),
        ("one", 0, "appos", "NUM", "one", "CD"),
        ("of", 2, "prep", "ADP", "of", "IN"),
        ("the", 5, "det", "DET", "the", "DT"),
        ("countries", 3, "pobj", "NOUN", "country", "NNS"),
        ("backing", 5, "acl", "VERB", "back", "VBG"),
        ("Assad", 6, "dobj", "PROPN", "Assad", "NNP"),
        (",", 0, "punct", "PUNCT", ",", ","),
        ("spoke", 9, "ROOT", "VERB", "speak", "VBD"),
        (".", 9, "punct", "PUNCT", ".", "."),
    ]
    doc = parse(vocab, text, toks)
    names = [link(text, "Iran", "country:iran", "country"), link(text, "Assad", "person:bashar_al_assad")]
    resolver = SpeakerResolver(doc, names)
    found = group_members(doc, lambda tok: token_actor(resolver, tok))
    assert {i: lk.entity_id for i, lk in found.items()} == {5: "country:iran"}


def _rows(vocab: spacy.vocab.Vocab, text: str, toks: list[Tok], starts: tuple[int, ...]) -> list[tuple]:
    doc = parse(vocab, text, toks, sent_starts=starts)
    ctx = build_context("d1", doc, _links(text), [], title=None, byline=None, outlet="Wire")
    rows = extract_doc(ctx, PerItemScorer(Against()), replace(identity_policy(), min_directed=0.95)).stances
    return sorted((r["holder_id"], r["target_id"], r["polarity"], r["evidence_text"]) for r in rows)


def test_what_the_group_does_its_placed_member_does(vocab: spacy.vocab.Vocab) -> None:
    assert _rows(vocab, BIGGEST, BIGGEST_TOKS, (0, 6)) == [
        ("country:russia", "org:isis", "against", "nations fighting ISIS")
    ]
    bare = BIGGEST.replace("the biggest of these nations", "big")
    bare_toks = [*BIGGEST_TOKS[:8], ("big", 7, "acomp", "ADJ", "big", "JJ"), (".", 7, "punct", "PUNCT", ".", ".")]
    assert _rows(vocab, bare, bare_toks, (0, 6)) == []
