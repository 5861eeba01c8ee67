"""Stance extraction: candidate pairs, decisions, calibration, policy, merging rows and grouping questions."""

from __future__ import annotations

import numpy as np
import pytest

from tasks.extract.candidates import sentence_pairs, sentences
from tasks.extract.context import build_context
from tasks.extract.decide import Calibration, Policy, decide_pair, identity_policy
from tasks.extract.pipeline import merge_stances
from tasks.extract.scoring import group_questions

spacy = pytest.importorskip("spacy")
from tests.tasks.extract_docs import link, make_doc  # noqa: E402


def test_sentence_pairs_need_an_acting_holder_and_skip_an_actor_and_its_own_side() -> None:
    # Putin and Russia criticised Obama and Kerry .
    doc = make_doc(
        [
            ("Putin", 3, "nsubj", "PROPN", "NNP"),
            ("and", -1, "cc", "CCONJ", "CC"),
            ("Russia", -2, "conj", "PROPN", "NNP"),
            ("criticised", 0, "ROOT", "VERB", "VBD"),
            ("Obama", -1, "dobj", "PROPN", "NNP"),
            ("and", -1, "cc", "CCONJ", "CC"),
            ("Kerry", -2, "conj", "PROPN", "NNP"),
            (".", -4, "punct", "PUNCT", "."),
        ]
    )
    links = [
        link(doc, "Putin", "person:vladimir_putin", "person", parent="country:russia"),
        link(doc, "Russia", "country:russia", "country"),
        link(doc, "Obama", "person:barack_obama", "person", parent="country:united_states"),
        link(doc, "Kerry", "person:john_kerry", "person", parent="country:united_states"),
    ]
    ctx = build_context("d1", doc, links, [], title=None, byline=None, outlet=None)
    pairs = {(p.a_id, p.b_id, p.holder_fixed) for p in sentence_pairs(ctx, sentences(ctx))}
    assert pairs == {
        ("person:vladimir_putin", "person:barack_obama", True),
        ("person:vladimir_putin", "person:john_kerry", True),
        ("country:russia", "person:barack_obama", True),
        ("country:russia", "person:john_kerry", True),
    }  # never Obama -> Kerry (neither acts), never Putin -> Russia (one side)


def test_decide_pair_maps_direction_and_respects_a_fixed_holder() -> None:
    cal = Calibration((0.0,), (0.5,))
    probs = np.array([0.05, 0.05, 0.05, 0.05, 0.8])  # e2_neg_e1: the later mention is against the earlier
    d = decide_pair(probs, cal, a_first=True, holder_fixed=False)
    assert d is not None and not d.holder_is_a and d.polarity == "against" and d.score == pytest.approx(-0.75)
    d = decide_pair(probs, cal, a_first=False, holder_fixed=True)  # a is the later mention: a holds it
    assert d is not None and d.holder_is_a
    assert decide_pair(probs, cal, a_first=True, holder_fixed=True) is None
    assert decide_pair(np.array([0.9, 0.025, 0.025, 0.025, 0.025]), cal, a_first=True, holder_fixed=False) is None


def test_calibration_keeps_its_promise_on_the_data_it_was_fitted_on() -> None:
    rng = np.random.default_rng(7)
    p = rng.uniform(0.3, 1.0, 4000)
    ok = rng.uniform(0, 1, 4000) < p**2  # right more often when more probable, but over-confident
    cal = Calibration.fit(p, ok)
    conf = np.array([cal(x) for x in p])
    assert list(cal.confidences) == sorted(cal.confidences)
    for c in (0.3, 0.5, 0.7):
        sel = conf >= c
        if sel.any():
            assert ok[sel].mean() >= c - 1e-9
    assert cal(0.0) == 0.0


def test_merge_prefers_frames_and_keeps_one_row_per_holder_target_sentence() -> None:
    base = {"holder_id": "a:x", "target_id": "b:y", "sent_idx": 3, "evidence_start": 0, "confidence": 0.9}
    rows = [
        base | {"method": "encoder-directed", "polarity": "favor"},
        base | {"method": "frames-v1", "polarity": "against", "confidence": 0.85},
    ]
    assert [r["method"] for r in merge_stances(rows)] == ["frames-v1"]


def test_merge_keeps_one_row_for_a_sentence_repeated_on_the_page() -> None:
    row = {"holder_id": "a:x", "target_id": "b:y", "method": "encoder-author", "polarity": "against", "confidence": 0.7}
    pull = "The fight against ISIS should be a joint effort."
    rows = [
        row | {"sent_idx": 3, "evidence_start": 100, "evidence_text": pull},
        row | {"sent_idx": 9, "evidence_start": 900, "evidence_text": "“" + pull.replace(" ", "  ")[:-1]},
        row | {"sent_idx": 5, "evidence_start": 500, "evidence_text": "Another sentence entirely."},
    ]
    assert [r["sent_idx"] for r in merge_stances(rows)] == [3, 5]


def test_uncalibrated_policy_is_strict() -> None:
    pol: Policy = identity_policy()
    assert pol.version == "uncalibrated" and pol.min_directed >= 0.9 and pol.directed(0.42) == pytest.approx(0.42)


def test_questions_on_one_text_share_one_marking_unless_their_spans_overlap() -> None:
    text = "Rhodes said Washington would isolate Moscow."
    pairs = [(text, (0, 6), (37, 43)), (text, (12, 22), (37, 43))]
    targets = [(text, (37, 43)), (text, (12, 15))]  # the second overlaps 'Washington': a group of its own
    groups = group_questions(pairs, targets)
    assert [(g.spans, g.pairs, g.targets) for g in groups] == [
        ([(0, 6), (37, 43), (12, 22)], [(0, 0, 1), (1, 2, 1)], [(0, 1)]),
        ([(12, 15)], [], [(1, 0)]),
    ]
