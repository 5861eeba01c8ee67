"""Reported-action frames as the encoder reads them (`tasks.extract.frames`), on hand-built Docs."""

from __future__ import annotations

import numpy as np
import pytest

from tasks.extract.candidates import sentence_pairs, sentences
from tasks.extract.context import build_context
from tasks.extract.decide import DIRECTED_LABELS
from tasks.extract.frames import FRAME_MIN_PROB_ANAPHOR, frame_pairs, frame_views, min_support, supports
from tasks.extract.stances import action_evidence
from tasks.offline.stances.evaluate import frame_label

spacy = pytest.importorskip("spacy")

from tests.tasks.extract_docs import link, make_doc  # noqa: E402


def _probs(**named: float) -> np.ndarray:
    """Five-class directed probabilities, the rest on neutral."""
    out = np.zeros(5, dtype=np.float32)
    for k, v in named.items():
        out[DIRECTED_LABELS.index(k)] = v
    out[0] = 1.0 - out.sum()
    return out


def test_support_needs_enough_of_the_frames_own_class_and_more_than_the_opposite() -> None:
    assert supports("against", favor=0.05, against=0.3)  # the encoder's first choice may be neutral
    assert not supports("against", favor=0.02, against=0.1)  # too faint
    assert not supports("against", favor=0.3, against=0.2)  # read the other way
    assert supports("favor", favor=0.2, against=0.1) and not supports("favor", favor=0.2, against=0.2)


def test_views_are_read_both_ways_round_a_pair() -> None:
    # Kazakhstan is a Russian ally : a frame pair, asked only when no generator asked it.
    doc = make_doc(
        [
            ("Kazakhstan", 1, "nsubj", "PROPN", "NNP"),
            ("is", 0, "ROOT", "AUX", "VBZ"),
            ("a", 2, "det", "DET", "DT"),
            ("Russian", 1, "amod", "ADJ", "JJ"),
            ("ally", -3, "attr", "NOUN", "NN"),
            (".", -4, "punct", "PUNCT", "."),
        ]
    )
    doc[4].lemma_ = "ally"
    links = [
        link(doc, "Kazakhstan", "country:kazakhstan", "country"),
        link(doc, "Russian", "country:russia", "country"),
    ]
    ctx = build_context("d1", doc, links, [], title=None, byline=None, outlet="Wire")
    sents = sentences(ctx)
    actions = action_evidence(ctx.doc, ctx.resolver)
    assert [(e.holder_id, [(t.entity_id, f) for t, f in e.targets]) for e in actions] == [
        ("country:kazakhstan", [("country:russia", "favor")])
    ]
    asked = sentence_pairs(ctx, sents)
    assert [(p.a_id, p.b_id) for p in asked] == [("country:kazakhstan", "country:russia")]
    assert frame_pairs(ctx, sents, actions, asked) == []  # the generators asked already: not twice
    added = frame_pairs(ctx, sents, actions, [])
    assert [(p.a_id, p.b_id, p.holder_fixed, p.attribution) for p in added] == [
        ("country:kazakhstan", "country:russia", True, "reported_action")
    ]
    assert (
        added[0].text[slice(*added[0].a_span)] == "Kazakhstan" and added[0].text[slice(*added[0].b_span)] == "Russian"
    )
    views = frame_views(added, np.stack([_probs(e1_pos_e2=0.2, e2_neg_e1=0.1)]))
    assert views[("country:kazakhstan", "country:russia", 0)] == pytest.approx((0.2, 0.0))
    assert views[("country:russia", "country:kazakhstan", 0)] == pytest.approx((0.0, 0.1))


def test_a_frame_label_in_the_directed_eval_follows_the_same_support() -> None:
    assert frame_label(_probs(e2_neg_e1=0.3), (False, "against")) == "e2_neg_e1"
    assert frame_label(_probs(e1_pos_e2=0.3, e1_neg_e2=0.4), (True, "favor")) is None
    assert frame_label(_probs(e1_pos_e2=0.9), None) is None


def test_a_frame_of_a_resolved_pronoun_needs_more_support() -> None:
    # He attacked Moscow . (He resolved to an earlier name)
    doc = make_doc(
        [
            ("Rhodes", 1, "nsubj", "PROPN", "NNP"),
            ("spoke", 0, "ROOT", "VERB", "VBD"),
            (".", -1, "punct", "PUNCT", "."),
            ("He", 1, "nsubj", "PRON", "PRP"),
            ("attacked", 0, "ROOT", "VERB", "VBD"),
            ("Moscow", -1, "dobj", "PROPN", "NNP"),
            (".", -2, "punct", "PUNCT", "."),
        ],
        sent_starts=[0, 3],
    )
    doc[4].lemma_ = "attack"
    links = [
        link(doc, "Rhodes", "person:ben_rhodes", "person"),
        link(doc, "Moscow", "gov:russia", "gov"),
    ]
    ctx = build_context("d1", doc, links, [], title=None, byline=None, outlet="Wire")
    actions = action_evidence(ctx.doc, ctx.resolver)
    named = [a for a in actions if a.holder_link is not None and a.holder_link.link_method != "anaphor"]
    resolved = [a for a in actions if a.holder_link is not None and a.holder_link.link_method == "anaphor"]
    assert [(a.holder_id, a.holder_link.text) for a in resolved] == [("person:ben_rhodes", "He")]
    assert named == [] and min_support(resolved[0]) == FRAME_MIN_PROB_ANAPHOR


def test_laws_buildings_and_creeds_are_no_actors() -> None:
    from tasks.extract.actors import actor_rules, non_actor_name
    from tasks.extract.linking import Link

    words = actor_rules()["non_actor_last_words"]

    def named(text: str, canonical: str) -> bool:
        return non_actor_name(Link(0, len(text), text, "ORG", "org:x", canonical, "org", "test", None), words)

    assert named("NAFTA", "North American Free Trade Agreement") and named("Islam", "Islam")
    assert not named("the Carter Center", "Carter Center") and not named("NATO", "North Atlantic Treaty Organization")


def test_a_shared_relation_stands_on_either_direction_of_the_encoders_reading() -> None:
    from tasks.extract.pipeline import frame_rows

    # Moscow and Ankara build on their rapprochement .
    doc = make_doc(
        [
            ("Moscow", 3, "nsubj", "PROPN", "NNP"),
            ("and", -1, "cc", "CCONJ", "CC"),
            ("Ankara", -2, "conj", "PROPN", "NNP"),
            ("build", 0, "ROOT", "VERB", "VBP"),
            ("on", -1, "prep", "ADP", "IN"),
            ("their", 1, "poss", "PRON", "PRP$"),
            ("rapprochement", -2, "pobj", "NOUN", "NN"),
            (".", -4, "punct", "PUNCT", "."),
        ]
    )
    links = [link(doc, "Moscow", "gov:russia", "gov"), link(doc, "Ankara", "gov:turkey", "gov")]
    ctx = build_context("d1", doc, links, [], title=None, byline=None, outlet="Wire")
    actions = action_evidence(ctx.doc, ctx.resolver)
    assert sorted((a.holder_id, a.mutual) for a in actions) == [("gov:russia", True), ("gov:turkey", True)]
    one_way = {("gov:russia", "gov:turkey", 0): (0.4, 0.0), ("gov:turkey", "gov:russia", 0): (0.05, 0.0)}
    rows = frame_rows(ctx, actions, one_way)
    assert sorted((r["holder_id"], r["target_id"], r["polarity"]) for r in rows) == [
        ("gov:russia", "gov:turkey", "favor"),
        ("gov:turkey", "gov:russia", "favor"),
    ]
    faint = {k: (0.05, 0.0) for k in one_way}
    assert frame_rows(ctx, actions, faint) == []


def test_its_refers_to_the_nearest_state_or_organisation_of_its_sentence() -> None:
    # Obama said . The US dropped its calls .
    doc = make_doc(
        [
            ("Obama", 1, "nsubj", "PROPN", "NNP"),
            ("said", 0, "ROOT", "VERB", "VBD"),
            (".", -1, "punct", "PUNCT", "."),
            ("The", 1, "det", "DET", "DT"),
            ("US", 1, "nsubj", "PROPN", "NNP"),
            ("dropped", 0, "ROOT", "VERB", "VBD"),
            ("its", 1, "poss", "PRON", "PRP$"),
            ("calls", -2, "dobj", "NOUN", "NNS"),
            (".", -3, "punct", "PUNCT", "."),
        ],
        sent_starts=[0, 3],
    )
    links = [link(doc, "Obama", "person:barack_obama", "person"), link(doc, "US", "country:united_states", "country")]
    ctx = build_context("d1", doc, links, [], title=None, byline=None, outlet="Wire")
    assert ctx.resolver.anaphor(doc[6]) == "country:united_states"  # not the person before it
    alone = build_context("d1", doc, links[:1], [], title=None, byline=None, outlet="Wire")
    assert alone.resolver.anaphor(doc[6]) is None  # nothing of its kind in its sentence


def test_words_that_want_something_done_to_a_target_give_the_speaker_that_stance() -> None:
    from tasks.extract.frames import deontic_frame

    # Russia needed to be kept out . Trump must be defeated . Trump was defeated .
    doc = make_doc(
        [
            ("Russia", 1, "nsubj", "PROPN", "NNP"),
            ("needed", 0, "ROOT", "VERB", "VBD"),
            ("to", 2, "aux", "PART", "TO"),
            ("be", 1, "auxpass", "AUX", "VB"),
            ("kept", -3, "xcomp", "VERB", "VBN"),
            ("out", -1, "prep", "ADP", "RP"),
            (".", -5, "punct", "PUNCT", "."),
            ("Trump", 3, "nsubjpass", "PROPN", "NNP"),
            ("must", 2, "aux", "AUX", "MD"),
            ("be", 1, "auxpass", "AUX", "VB"),
            ("defeated", 0, "ROOT", "VERB", "VBN"),
            (".", -1, "punct", "PUNCT", "."),
            ("Trump", 2, "nsubjpass", "PROPN", "NNP"),
            ("was", 1, "auxpass", "AUX", "VBD"),
            ("defeated", 0, "ROOT", "VERB", "VBN"),
            (".", -1, "punct", "PUNCT", "."),
        ],
        sent_starts=[0, 7, 12],
    )
    doc[1].lemma_, doc[4].lemma_, doc[10].lemma_, doc[14].lemma_ = "need", "keep", "defeat", "defeat"
    assert deontic_frame(doc[0]) == "against"  # 'kept out': a phrasal verb of exclusion, wanted
    assert deontic_frame(doc[7]) == "against"
    assert deontic_frame(doc[12]) is None  # a reported fact, not what the words want


def test_conjoined_targets_of_one_frame_share_the_encoders_clearest_reading() -> None:
    from tasks.extract.pipeline import frame_rows

    # Moscow is excluding the US and UN .
    doc = make_doc(
        [
            ("Moscow", 2, "nsubj", "PROPN", "NNP"),
            ("is", 1, "aux", "AUX", "VBZ"),
            ("excluding", 0, "ROOT", "VERB", "VBG"),
            ("the", 1, "det", "DET", "DT"),
            ("US", -2, "dobj", "PROPN", "NNP"),
            ("and", -1, "cc", "CCONJ", "CC"),
            ("UN", -2, "conj", "PROPN", "NNP"),
            (".", -5, "punct", "PUNCT", "."),
        ]
    )
    doc[2].lemma_ = "exclude"
    links = [
        link(doc, "Moscow", "gov:russia", "gov"),
        link(doc, "US", "country:united_states", "country"),
        link(doc, "UN", "io:united_nations", "io"),
    ]
    ctx = build_context("d1", doc, links, [], title=None, byline=None, outlet="Wire")
    actions = action_evidence(ctx.doc, ctx.resolver)
    views = {
        ("gov:russia", "country:united_states", 0): (0.07, 0.13),
        ("gov:russia", "io:united_nations", 0): (0.0, 0.4),
    }
    rows = frame_rows(ctx, actions, views)
    assert sorted((r["holder_id"], r["target_id"], r["polarity"]) for r in rows) == [
        ("gov:russia", "country:united_states", "against"),
        ("gov:russia", "io:united_nations", "against"),
    ]
    faint = {k: (0.07, 0.13) for k in views}
    assert frame_rows(ctx, actions, faint) == []  # neither reading is clear: neither stands


def test_a_pronoun_reporting_on_itself_is_resolved_by_syntax() -> None:
    from tasks.extract.holders import token_actor
    from tasks.extract.speakers import SpeakerResolver

    # Putin said he backs Erdogan . Lavrov added that he backs Erdogan .
    doc = make_doc(
        [
            ("Putin", 1, "nsubj", "PROPN", "NNP"),
            ("said", 0, "ROOT", "VERB", "VBD"),
            ("he", 1, "nsubj", "PRON", "PRP"),
            ("backs", -2, "ccomp", "VERB", "VBZ"),
            ("Erdogan", -1, "dobj", "PROPN", "NNP"),
            (".", -4, "punct", "PUNCT", "."),
        ]
    )
    doc[1].lemma_, doc[3].lemma_ = "say", "back"
    links = [link(doc, "Putin", "person:vladimir_putin", "person"), link(doc, "Erdogan", "person:erdogan", "person")]
    resolver = SpeakerResolver(doc, links)
    found = token_actor(resolver, doc[2])
    assert found is not None and (found.entity_id, found.link_method) == ("person:vladimir_putin", "self_reference")
    ctx = build_context("d1", doc, links, [], title=None, byline=None, outlet="Wire")
    (action,) = [a for a in action_evidence(ctx.doc, ctx.resolver) if a.holder_id == "person:vladimir_putin"]
    assert min_support(action) < FRAME_MIN_PROB_ANAPHOR  # the syntax fixes who 'he' is
    doc[1].lemma_ = "meet"  # 'Putin met he backs ...': no report, an ordinary pronoun
    again = token_actor(SpeakerResolver(doc, links), doc[2])
    assert again is None or again.link_method == "anaphor"
