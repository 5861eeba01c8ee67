"""Stance extraction on hand-built Docs: speakers, authors, portrayals and frames in the rows (a rule encoder)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from tasks.extract.candidates import author_pairs, portrayal_targets, sentence_pairs, sentences, speaker_pairs
from tasks.extract.context import build_context
from tasks.extract.decide import DIRECTED_LABELS, identity_policy
from tasks.extract.linking import Link
from tasks.extract.pipeline import extract_doc
from tasks.extract.quotes.utterances import Quote
from tasks.extract.scoring import PerItemScorer

spacy = pytest.importorskip("spacy")
from spacy.tokens import Doc  # noqa: E402

from tests.tasks.extract_docs import link, make_doc  # noqa: E402


class RuleEncoder:
    """Stands in for the ONNX encoder: labels by a cue word so the wiring around it can be checked."""

    directed_version = "rule-directed"
    portrayal_version = "rule-portrayal"

    def __init__(self) -> None:
        self.seen: list = []

    def directed(self, items):
        from tasks.extract.encoder import mark_pair

        self.seen.extend(items)
        out = np.full((len(items), 5), 0.025, dtype=np.float32)
        for i, it in enumerate(items):
            marked = mark_pair(it.text, it.e1, it.e2)
            k = DIRECTED_LABELS.index("e1_neg_e2") if "isolate" in marked else 0
            out[i, k] = 0.9
        return out

    def portrayal(self, items):
        out = np.full((len(items), 3), 0.05, dtype=np.float32)
        for i, it in enumerate(items):
            out[i, 0 if "failed" in it.text else 1] = 0.9
        return out


def _speech_doc() -> tuple[Doc, list[Link], list[Quote]]:
    """'Rhodes said so . " We will isolate Moscow . "' : a quote whose speaker is named one sentence before."""
    doc = make_doc(
        [
            ("Rhodes", 1, "nsubj", "PROPN", "NNP"),
            ("spoke", 0, "ROOT", "VERB", "VBD"),
            (".", -1, "punct", "PUNCT", "."),
            ("We", 2, "nsubj", "PRON", "PRP"),
            ("will", 1, "aux", "AUX", "MD"),
            ("isolate", 0, "ROOT", "VERB", "VB"),
            ("Moscow", -1, "dobj", "PROPN", "NNP"),
            (".", -2, "punct", "PUNCT", "."),
        ],
        sent_starts=[0, 3],
    )
    links = [
        link(doc, "Rhodes", "person:ben_rhodes", "person", parent="country:united_states"),
        link(doc, "Moscow", "gov:russia", "gov", parent="country:russia"),
    ]
    start = doc.text.index("We")
    q = Quote(start, len(doc.text), doc.text[start:], "direct", "say", "Rhodes", "person:ben_rhodes", 1, start,
              len(doc.text), -1, -1)  # fmt: skip
    return doc, links, [q]


def _said_doc(kind: str = "indirect") -> tuple[Doc, list[Link], list[Quote]]:
    """'Rhodes warned Washington would isolate Moscow .': the speaker's phrase in the quote's own sentence."""
    doc = make_doc(
        [
            ("Rhodes", 1, "nsubj", "PROPN", "NNP"),
            ("warned", 0, "ROOT", "VERB", "VBD"),
            ("Washington", 2, "nsubj", "PROPN", "NNP"),
            ("would", 1, "aux", "AUX", "MD"),
            ("isolate", -3, "ccomp", "VERB", "VB"),
            ("Moscow", -1, "dobj", "PROPN", "NNP"),
            (".", -5, "punct", "PUNCT", "."),
        ]
    )
    links = [
        link(doc, "Rhodes", "person:ben_rhodes", "person", parent="country:united_states"),
        link(doc, "Washington", "gov:united_states", "gov", parent="country:united_states"),
        link(doc, "Moscow", "gov:russia", "gov", parent="country:russia"),
    ]
    start, end = doc.text.index("Washington"), doc.text.index(".")
    q = Quote(start, end, doc.text[start:end], kind, "warn", "Rhodes", "person:ben_rhodes", 0, 0, len(doc.text), 0, 6)
    return doc, links, [q]


def test_speaker_holds_the_stance_of_their_own_words_in_the_same_sentence() -> None:
    doc, links, quotes = _said_doc()
    ctx = build_context("d1", doc, links, quotes, title=None, byline=None, outlet="Wire")
    pairs = speaker_pairs(ctx, sentences(ctx))
    assert [(p.a_id, p.b_id, p.attribution, p.holder_fixed) for p in pairs] == [
        ("person:ben_rhodes", "gov:russia", "indirect_speech", True)
    ]  # Washington is Rhodes's own side: no pair
    assert pairs[0].text[slice(*pairs[0].a_span)] == "Rhodes" and pairs[0].text[slice(*pairs[0].b_span)] == "Moscow"
    rows = extract_doc(ctx, PerItemScorer(RuleEncoder()), replace(identity_policy(), min_directed=0.8)).stances
    got = {(r["holder_id"], r["target_id"], r["polarity"], r["attribution"]) for r in rows}
    assert got == {
        ("person:ben_rhodes", "gov:russia", "against", "indirect_speech"),
        ("gov:united_states", "gov:russia", "against", "reported_action"),  # Washington acts in its own clause
    }
    for r in rows:
        assert r["evidence_text"] == doc.text[r["evidence_start"] : r["evidence_end"]]
    assert {r["quote_id"] for r in rows} == {f"d1:q:{quotes[0].start_char}"}


def test_a_speaker_holds_nothing_towards_a_target_another_actor_acts_on_in_their_words() -> None:
    # Rhodes warned Russia would support Assad .  (the support is Russia's: no Rhodes -> Assad pair)
    doc = make_doc(
        [
            ("Rhodes", 1, "nsubj", "PROPN", "NNP"),
            ("warned", 0, "ROOT", "VERB", "VBD"),
            ("Russia", 2, "nsubj", "PROPN", "NNP"),
            ("would", 1, "aux", "AUX", "MD"),
            ("support", -3, "ccomp", "VERB", "VB"),
            ("Assad", -1, "dobj", "PROPN", "NNP"),
            (".", -5, "punct", "PUNCT", "."),
        ]
    )
    links = [
        link(doc, "Rhodes", "person:ben_rhodes", "person", parent="country:united_states"),
        link(doc, "Russia", "country:russia", "country"),
        link(doc, "Assad", "person:bashar_al_assad", "person", parent="country:syria"),
    ]
    start, end = doc.text.index("Russia"), doc.text.index(".")
    q = Quote(start, end, doc.text[start:end], "indirect", "warn", "Rhodes", "person:ben_rhodes", 0, 0,
              len(doc.text), 0, 6)  # fmt: skip
    ctx = build_context("d1", doc, links, [q], title=None, byline=None, outlet="Wire")
    speaker = {(p.a_id, p.b_id) for p in speaker_pairs(ctx, sentences(ctx))}
    assert speaker == {("person:ben_rhodes", "country:russia")}
    acting = {(p.a_id, p.b_id) for p in sentence_pairs(ctx, sentences(ctx))}
    assert ("country:russia", "person:bashar_al_assad") in acting  # Russia's own stance, reported


def test_a_speaker_named_in_another_sentence_holds_nothing_and_direct_quotes_need_more() -> None:
    doc, links, quotes = _speech_doc()
    ctx = build_context("d1", doc, links, quotes, title=None, byline=None, outlet="Wire")
    assert speaker_pairs(ctx, sentences(ctx)) == []
    doc, links, quotes = _said_doc("direct")
    ctx = build_context("d1", doc, links, quotes, title=None, byline=None, outlet="Wire")
    policy = replace(identity_policy(), min_directed=0.8, min_direct_quote=0.95)
    assert {r["holder_id"] for r in extract_doc(ctx, PerItemScorer(RuleEncoder()), policy).stances} == {
        "gov:united_states"
    }


def test_no_row_below_the_threshold_and_no_author_pairs_in_hard_news() -> None:
    doc, links, quotes = _said_doc()
    ctx = build_context("d1", doc, links, quotes, title=None, byline=None, outlet="Wire")
    rows = extract_doc(ctx, PerItemScorer(RuleEncoder()), replace(identity_policy(), min_directed=0.95)).stances
    assert [r["method"] for r in rows] == ["frames-v1"]  # 'would isolate Moscow': a frame the encoder agrees with
    assert not ctx.opinion and author_pairs(ctx, sentences(ctx)) == []


def test_each_attribution_has_its_own_row_threshold() -> None:
    doc, links, quotes = _said_doc()  # the encoder stand-in answers 0.9 for both pairs of the sentence
    ctx = build_context("d1", doc, links, quotes, title=None, byline=None, outlet="Wire")
    speech = replace(identity_policy(), min_directed=0.95, floors=(("indirect_speech", 0.85),))
    rows = extract_doc(ctx, PerItemScorer(RuleEncoder()), speech).stances
    assert {(r["holder_id"], r["method"]) for r in rows} == {
        ("person:ben_rhodes", "encoder-speaker"),  # 0.9 clears its attribution's 0.85
        ("gov:united_states", "frames-v1"),  # the acting actor's encoder row (0.9 < 0.95) is gone; its frame stays
    }
    assert speech.floor("reported_action") == 0.95 and speech.floor("direct_quote") == speech.min_direct_quote


def test_an_opinion_author_holds_stances_on_actors_of_their_own_sentences_only() -> None:
    doc, links, quotes = _speech_doc()
    ctx = build_context("d1", doc, links, [], title="Opinion: Rhodes", byline=None, outlet="Wire")
    assert ctx.opinion  # the title says so
    pairs = author_pairs(ctx, sentences(ctx))
    assert [(p.a_id, p.b_id, p.attribution, p.holder_fixed) for p in pairs] == [
        ("outlet:wire", "person:ben_rhodes", "author_voice", True),
        ("outlet:wire", "gov:russia", "author_voice", True),
    ]
    assert pairs[1].text == "Wire wrote: We will isolate Moscow." and pairs[1].text[slice(*pairs[1].b_span)] == "Moscow"
    rows = extract_doc(ctx, PerItemScorer(RuleEncoder()), replace(identity_policy(), min_directed=0.8)).stances
    assert {(r["holder_id"], r["target_id"], r["attribution"]) for r in rows} == {
        ("outlet:wire", "gov:russia", "author_voice")
    }
    quoted = replace(ctx, quotes=tuple(quotes))  # Moscow inside a quote is the speaker's, not the author's
    assert [p.b_id for p in author_pairs(quoted, sentences(quoted))] == ["person:ben_rhodes"]


def test_portrayals_carry_the_voice_of_the_quote_around_them() -> None:
    doc, links, quotes = _speech_doc()
    ctx = build_context("d1", doc, links, quotes, title=None, byline=None, outlet="Wire")
    targets = portrayal_targets(ctx, sentences(ctx))
    assert [(t.entity_id, t.voice_id, t.attribution) for t in targets] == [
        ("person:ben_rhodes", "outlet:wire", "author_voice"),
        ("gov:russia", "person:ben_rhodes", "direct_quote"),
    ]


def test_a_race_against_someone_is_no_frame() -> None:
    from tasks.extract.actions import frame_polarity

    # Obama ran against McCain ; Russia fought against ISIS .
    doc = make_doc(
        [
            ("Obama", 1, "nsubj", "PROPN", "NNP"),
            ("ran", 0, "ROOT", "VERB", "VBD"),
            ("against", -1, "prep", "ADP", "IN"),
            ("McCain", -1, "pobj", "PROPN", "NNP"),
            (".", -3, "punct", "PUNCT", "."),
            ("Russia", 1, "nsubj", "PROPN", "NNP"),
            ("fought", 0, "ROOT", "VERB", "VBD"),
            ("against", -1, "prep", "ADP", "IN"),
            ("ISIS", -1, "pobj", "PROPN", "NNP"),
            (".", -3, "punct", "PUNCT", "."),
        ],
        sent_starts=[0, 5],
    )
    doc[1].lemma_, doc[6].lemma_ = "run", "fight"
    assert frame_polarity(doc[2]) is None
    assert frame_polarity(doc[7]) == "against"


def test_a_frame_needs_the_encoder_to_read_it_the_same_way() -> None:
    class Neutral(RuleEncoder):
        def directed(self, items):
            out = np.full((len(items), 5), 0.025, dtype=np.float32)
            out[:, 0] = 0.9
            return out

    doc, links, quotes = _said_doc()
    ctx = build_context("d1", doc, links, quotes, title=None, byline=None, outlet="Wire")
    agreeing = extract_doc(ctx, PerItemScorer(RuleEncoder()), replace(identity_policy(), min_directed=0.95)).stances
    assert [(r["holder_id"], r["method"], r["quote_id"]) for r in agreeing] == [
        ("gov:united_states", "frames-v1", f"d1:q:{quotes[0].start_char}")
    ]
    assert extract_doc(ctx, PerItemScorer(Neutral()), identity_policy()).stances == []

    def reading(neg: float, pos: float) -> type[RuleEncoder]:
        class Reading(RuleEncoder):  # every pair read as neutral but for these two e1 -> e2 probabilities
            def directed(self, items):
                out = np.zeros((len(items), 5), dtype=np.float32)
                out[:, DIRECTED_LABELS.index("e1_neg_e2")], out[:, DIRECTED_LABELS.index("e1_pos_e2")] = neg, pos
                out[:, 0] = 1.0 - neg - pos
                return out

        return Reading

    unsure = extract_doc(ctx, PerItemScorer(reading(0.3, 0.05)()), identity_policy()).stances
    assert [(r["holder_id"], r["method"]) for r in unsure] == [("gov:united_states", "frames-v1")]  # neutral first
    assert extract_doc(ctx, PerItemScorer(reading(0.1, 0.02)()), identity_policy()).stances == []  # below 0.15
    assert extract_doc(ctx, PerItemScorer(reading(0.2, 0.3)()), identity_policy()).stances == []  # the other way


def test_a_speaker_holds_the_act_against_a_target_they_warn_of() -> None:
    from tests.tasks.test_name_ties import Against

    # Rhodes warned of the isolation of Moscow .  ('said' instead: a forecast, no stance)
    doc = make_doc(
        [
            ("Rhodes", 1, "nsubj", "PROPN", "NNP"),
            ("warned", 0, "ROOT", "VERB", "VBD"),
            ("of", -1, "prep", "ADP", "IN"),
            ("the", 1, "det", "DET", "DT"),
            ("isolation", -2, "pobj", "NOUN", "NN"),
            ("of", -1, "prep", "ADP", "IN"),
            ("Moscow", -1, "pobj", "PROPN", "NNP"),
            (".", -6, "punct", "PUNCT", "."),
        ]
    )
    links = [
        link(doc, "Rhodes", "person:ben_rhodes", "person", parent="country:united_states"),
        link(doc, "Moscow", "gov:russia", "gov", parent="country:russia"),
    ]
    start, end = doc.text.index("the"), doc.text.index(".")
    strict = replace(identity_policy(), min_directed=0.95)  # the encoder's own 0.5 speaker row is below this
    got = []
    for cue in ("warn", "say"):
        q = Quote(start, end, doc.text[start:end], "indirect", cue, "Rhodes", "person:ben_rhodes", 0, 0, 40, 0, 6)
        ctx = build_context("d1", doc, links, [q], title=None, byline=None, outlet="Wire")
        rows = extract_doc(ctx, PerItemScorer(Against()), strict).stances
        got.append([(r["holder_id"], r["target_id"], r["polarity"], r["attribution"]) for r in rows])
    assert got == [[("person:ben_rhodes", "gov:russia", "against", "indirect_speech")], []]


def test_a_speaker_holds_what_their_words_want_done_to_a_target() -> None:
    # Rhodes said Moscow must be isolated .
    doc = make_doc(
        [
            ("Rhodes", 1, "nsubj", "PROPN", "NNP"),
            ("said", 0, "ROOT", "VERB", "VBD"),
            ("Moscow", 3, "nsubjpass", "PROPN", "NNP"),
            ("must", 2, "aux", "AUX", "MD"),
            ("be", 1, "auxpass", "AUX", "VB"),
            ("isolated", -4, "ccomp", "VERB", "VBN"),
            (".", -5, "punct", "PUNCT", "."),
        ]
    )
    doc[5].lemma_ = "isolate"
    links = [
        link(doc, "Rhodes", "person:ben_rhodes", "person", parent="country:united_states"),
        link(doc, "Moscow", "gov:russia", "gov", parent="country:russia"),
    ]
    start, end = doc.text.index("Moscow"), doc.text.index(".")
    q = Quote(
        start, end, doc.text[start:end], "indirect", "say", "Rhodes", "person:ben_rhodes", 0, 0, len(doc.text), 0, 6
    )
    ctx = build_context("d1", doc, links, [q], title=None, byline=None, outlet="Wire")
    strict = replace(identity_policy(), min_directed=0.95)  # the encoder's own 0.9 speaker row is below this
    rows = extract_doc(ctx, PerItemScorer(RuleEncoder()), strict).stances
    assert [(r["holder_id"], r["target_id"], r["polarity"], r["attribution"], r["method"]) for r in rows] == [
        ("person:ben_rhodes", "gov:russia", "against", "indirect_speech", "frames-v1")
    ]
