"""Stance extraction on hand-built Docs: actors, candidate pairs, decisions, calibration and rows (no trained model)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from tasks.extract.actors import actor_links
from tasks.extract.candidates import author_pairs, portrayal_targets, sentence_pairs, sentences, speaker_pairs
from tasks.extract.context import build_context
from tasks.extract.decide import DIRECTED_LABELS, Calibration, Policy, decide_pair, identity_policy
from tasks.extract.pipeline import extract_doc, merge_stances
from tasks.extract.quotes.utterances import Quote
from tasks.extract.scoring import PerItemScorer, group_questions
from tasks.linking import Link

spacy = pytest.importorskip("spacy")
from spacy.tokens import Doc  # noqa: E402


def make_doc(tokens: list[tuple[str, int, str, str, str]], sent_starts: list[int] | None = None) -> Doc:
    """A Doc from (word, head offset, dep, pos, tag) tuples, one space after every word but the last of a run."""
    nlp = spacy.blank("en")
    words = [t[0] for t in tokens]
    spaces = [i + 1 < len(words) and words[i + 1] not in (".", ",", "'s") for i in range(len(words))]
    heads = [i + t[1] for i, t in enumerate(tokens)]
    starts = [i in (sent_starts or [0]) for i in range(len(words))]
    return Doc(
        nlp.vocab,
        words=words,
        spaces=spaces,
        heads=heads,
        deps=[t[2] for t in tokens],
        pos=[t[3] for t in tokens],
        tags=[t[4] for t in tokens],
        lemmas=[t[0].lower() for t in tokens],
        sent_starts=starts,
    )


def link(doc: Doc, text: str, entity_id: str, kind: str, nth: int = 0, parent: str | None = None) -> Link:
    """A linked mention of the nth occurrence of text."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    label = "PERSON" if kind == "person" else "GPE"
    return Link(start, start + len(text), text, label, entity_id, text, kind, "test", parent)


def actor_ids(doc: Doc, links: list[Link]) -> list[str]:
    """Ids of the links actor_links keeps, in text order."""
    from tasks.nlp.docview import DocView

    return [lk.entity_id or "" for lk in actor_links(DocView(doc), links)]


def test_places_are_not_actors() -> None:
    # Kerry met Lavrov in Syria .
    doc = make_doc(
        [
            ("Kerry", 1, "nsubj", "PROPN", "NNP"),
            ("met", 0, "ROOT", "VERB", "VBD"),
            ("Lavrov", -1, "dobj", "PROPN", "NNP"),
            ("in", -2, "prep", "ADP", "IN"),
            ("Syria", -1, "pobj", "PROPN", "NNP"),
            (".", -4, "punct", "PUNCT", "."),
        ]
    )
    links = [
        link(doc, "Kerry", "person:john_kerry", "person"),
        link(doc, "Lavrov", "person:sergey_lavrov", "person"),
        link(doc, "Syria", "country:syria", "country"),
    ]
    assert actor_ids(doc, links) == ["person:john_kerry", "person:sergey_lavrov"]


def test_a_state_a_discussion_is_about_is_its_topic_but_sanctions_on_it_have_a_target() -> None:
    # Moscow seeks a settlement on Syria and sanctions on Turkey .
    doc = make_doc(
        [
            ("Moscow", 1, "nsubj", "PROPN", "NNP"),
            ("seeks", 0, "ROOT", "VERB", "VBZ"),
            ("a", 1, "det", "DET", "DT"),
            ("settlement", -2, "dobj", "NOUN", "NN"),
            ("on", -1, "prep", "ADP", "IN"),
            ("Syria", -1, "pobj", "PROPN", "NNP"),
            ("and", -3, "cc", "CCONJ", "CC"),
            ("sanctions", -4, "conj", "NOUN", "NNS"),
            ("on", -1, "prep", "ADP", "IN"),
            ("Turkey", -1, "pobj", "PROPN", "NNP"),
            (".", -9, "punct", "PUNCT", "."),
        ]
    )
    links = [
        link(doc, "Moscow", "gov:russia", "gov"),
        link(doc, "Syria", "country:syria", "country"),
        link(doc, "Turkey", "country:turkey", "country"),
    ]
    assert actor_ids(doc, links) == ["gov:russia", "country:turkey"]


def test_a_bare_plural_demonym_is_the_people_not_the_state() -> None:
    # Moscow failed Syrians and the Russians .
    doc = make_doc(
        [
            ("Moscow", 1, "nsubj", "PROPN", "NNP"),
            ("failed", 0, "ROOT", "VERB", "VBD"),
            ("Syrians", -1, "dobj", "PROPN", "NNPS"),
            ("and", -1, "cc", "CCONJ", "CC"),
            ("the", 1, "det", "DET", "DT"),
            ("Russians", -3, "conj", "PROPN", "NNPS"),
            (".", -5, "punct", "PUNCT", "."),
        ]
    )
    links = [
        link(doc, "Moscow", "gov:russia", "gov"),
        replace(link(doc, "Syrians", "country:syria", "country"), canonical_name="Syria"),
        replace(link(doc, "Russians", "country:russia", "country"), canonical_name="Russia"),
    ]
    assert actor_ids(doc, links) == ["gov:russia", "country:russia"]


def test_a_state_modifying_a_title_or_a_topic_is_not_an_actor_but_its_own_support_is() -> None:
    # Russian Foreign Minister Lavrov criticised the Syrian war and Russia 's support for Assad .
    doc = make_doc(
        [
            ("Russian", 2, "amod", "ADJ", "JJ"),
            ("Foreign", 1, "compound", "PROPN", "NNP"),
            ("Minister", 1, "compound", "PROPN", "NNP"),
            ("Lavrov", 1, "nsubj", "PROPN", "NNP"),
            ("criticised", 0, "ROOT", "VERB", "VBD"),
            ("the", 2, "det", "DET", "DT"),
            ("Syrian", 1, "amod", "ADJ", "JJ"),
            ("war", -3, "dobj", "NOUN", "NN"),
            ("and", -1, "cc", "CCONJ", "CC"),
            ("Russia", 2, "poss", "PROPN", "NNP"),
            ("'s", -1, "case", "PART", "POS"),
            ("support", -3, "conj", "NOUN", "NN"),
            ("for", -1, "prep", "ADP", "IN"),
            ("Assad", -1, "pobj", "PROPN", "NNP"),
            (".", -10, "punct", "PUNCT", "."),
        ]
    )
    links = [
        link(doc, "Russian", "country:russia", "country"),
        link(doc, "Lavrov", "person:sergey_lavrov", "person", parent="country:russia"),
        link(doc, "Syrian", "country:syria", "country"),
        link(doc, "Russia", "country:russia", "country", nth=0),
        link(doc, "Assad", "person:bashar_al_assad", "person"),
    ]
    links[3] = replace(links[3], start_char=doc.text.index("Russia'"), end_char=doc.text.index("Russia'") + 6)
    from tasks.nlp.docview import DocView

    kept = [(lk.text, lk.entity_id) for lk in actor_links(DocView(doc), links)]
    assert kept == [
        ("Lavrov", "person:sergey_lavrov"),
        ("Russia", "country:russia"),
        ("Assad", "person:bashar_al_assad"),
    ]


class RuleEncoder:
    """Stands in for the ONNX encoder: labels by a cue word so the wiring around it can be checked."""

    directed_version = "rule-directed"
    portrayal_version = "rule-portrayal"

    def __init__(self) -> None:
        self.seen: list = []

    def directed(self, items):
        from tasks.encoder import mark_pair

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


def test_labels_indefinites_fragments_and_name_modifiers_are_not_actors_but_agents_are() -> None:
    from tasks.nlp.docview import DocView

    # Trump called Holt a Democrat at Miss Universe while the Clinton campaign and Democratic nominee spoke .
    doc = make_doc(
        [
            ("Trump", 1, "nsubj", "PROPN", "NNP"),  # 0
            ("called", 0, "ROOT", "VERB", "VBD"),  # 1
            ("Holt", -1, "dobj", "PROPN", "NNP"),  # 2
            ("a", 1, "det", "DET", "DT"),  # 3
            ("Democrat", -3, "oprd", "PROPN", "NNP"),  # 4
            ("at", -4, "prep", "ADP", "IN"),  # 5
            ("Miss", 1, "compound", "PROPN", "NNP"),  # 6
            ("Universe", -2, "pobj", "PROPN", "NNP"),  # 7
            ("while", 8, "mark", "SCONJ", "IN"),  # 8
            ("the", 2, "det", "DET", "DT"),  # 9
            ("Clinton", 1, "compound", "PROPN", "NNP"),  # 10
            ("campaign", 5, "nsubj", "NOUN", "NN"),  # 11
            ("and", -1, "cc", "CCONJ", "CC"),  # 12
            ("Democratic", 1, "amod", "ADJ", "JJ"),  # 13
            ("nominee", -3, "conj", "NOUN", "NN"),  # 14
            ("spoke", -15, "advcl", "VERB", "VBD"),  # 15
            (".", -15, "punct", "PUNCT", "."),  # 16
        ]
    )
    links = [
        link(doc, "Trump", "person:donald_trump", "person"),
        link(doc, "Holt", "person:lester_holt", "person"),
        link(doc, "Democrat", "group:democrats", "group"),
        link(doc, "Universe", "person:universe", "person"),
        link(doc, "Clinton", "person:hillary_clinton", "person"),
        link(doc, "Democratic", "group:democrats", "group", nth=0),
    ]
    links[5] = replace(links[5], start_char=doc.text.index("Democratic"), end_char=doc.text.index("Democratic") + 10)
    kept = [lk.entity_id for lk in actor_links(DocView(doc), links)]
    assert kept == ["person:donald_trump", "person:lester_holt", "person:hillary_clinton"]


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

    class Unsure(RuleEncoder):  # reads 'isolate' the same way, but with little confidence
        def directed(self, items):
            out = np.full((len(items), 5), 0.15, dtype=np.float32)
            out[:, DIRECTED_LABELS.index("e1_neg_e2")] = 0.4
            return out

    assert extract_doc(ctx, PerItemScorer(Unsure()), identity_policy()).stances == []
