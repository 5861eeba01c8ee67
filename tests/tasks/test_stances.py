"""Stances on hand-built parses: holders (author, outlet, speaker, actor), frames and target-dependent polarity."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
import spacy
from spacy.tokens import Doc

from tasks.extract.polarity import PolarityInput, PolarityPrediction
from tasks.extract.quotes.utterances import extract_quotes
from tasks.extract.stances import author_holder, byline_name, extract_stances, related, slug
from tasks.nlp.gazetteer import Gazetteer, GazetteerEntity
from tests.tasks.test_quotes import Tok, link, parse


class NeutralModel:
    """A polarity model that always answers neutral: whatever is not neutral came from the extractor's frames."""

    method = "always-neutral"
    version = "test"

    def predict(self, items: Sequence[PolarityInput]) -> list[PolarityPrediction]:
        return [PolarityPrediction("neutral", 0.0, 0.5, self.method, self.version) for _ in items]


def _rows(doc: Doc, links: list, byline: str | None = None, outlet: str | None = None, model=None) -> list[dict]:
    quotes = extract_quotes(doc, links)
    return extract_stances("d1", doc, links, quotes, model or NeutralModel(), byline, outlet)


def _by(rows: list[dict]) -> dict[tuple[str, str, str], str]:
    return {(r["holder_id"], r["attribution"], r["target_id"]): r["polarity"] for r in rows}


def test_slug_is_ascii() -> None:
    assert slug("Recep Tayyip Erdoğan") == "recep_tayyip_erdogan"
    assert slug("  ") == "unknown"


def test_byline_name() -> None:
    assert byline_name("By Jane Doe and John Roe, Reuters") == "Jane Doe"
    assert byline_name("Brooklyn Middleton") == "Brooklyn Middleton"
    assert byline_name("staff") is None
    assert byline_name(None) is None
    assert byline_name("Reuters Staff") is None


def test_author_holder_prefers_byline_then_known_outlet_id() -> None:
    gaz = Gazetteer(
        [GazetteerEntity("outlet:press_tv", "Press TV", "outlet", "ORG", ("Press TV", "PressTV"), None, None)]
    )
    assert author_holder("By Jane Doe", "Press TV", gaz) == ("author:jane_doe", "author")
    assert author_holder(None, "PressTV", gaz) == ("outlet:press_tv", "outlet")
    assert author_holder(None, "Acme Media", gaz) == ("outlet:acme_media", "outlet")
    assert author_holder(None, None, gaz) == ("author:unknown", "author")
    assert author_holder("By Press TV", None, gaz) == ("outlet:press_tv", "outlet")
    assert author_holder("Editorial Board", "Press TV", gaz) == ("outlet:press_tv", "outlet")


def test_related_actors() -> None:
    parents = {"person:vladimir_putin": "gov:russia"}
    assert related("person:vladimir_putin", "country:russia", parents)
    assert related("gov:russia", "country:russia", {})
    assert not related("gov:russia", "country:syria", {})
    assert not related("person:vladimir_putin", "person:barack_obama", parents)


def _svo(verb: str, lemma: str) -> tuple[str, list[Tok]]:
    text = f"Russia {verb} Assad."
    return text, [
        ("Russia", 1, "nsubj", "PROPN", "Russia", "NNP"),
        (verb, 1, "ROOT", "VERB", lemma, "VBZ"),
        ("Assad", 1, "dobj", "PROPN", "Assad", "NNP"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]


@pytest.mark.parametrize(
    ("verb", "lemma", "expected"), [("supports", "support", "favor"), ("snubs", "snub", "against")]
)
def test_reported_action_frame_gives_the_actor_stance(
    vocab: spacy.vocab.Vocab, verb: str, lemma: str, expected: str
) -> None:
    text, toks = _svo(verb, lemma)
    doc = parse(vocab, text, toks)
    links = [link(text, "Russia", "country:russia", "country"), link(text, "Assad", "person:bashar_al_assad")]
    rows = _rows(doc, links, outlet="Wire")
    assert _by(rows)[("country:russia", "reported_action", "person:bashar_al_assad")] == expected
    action = next(r for r in rows if r["attribution"] == "reported_action")
    assert (
        "frame" in action["method"]
        and text[action["evidence_start"] : action["evidence_end"]] == action["evidence_text"]
    )


def test_negated_frame_flips(vocab: spacy.vocab.Vocab) -> None:
    text = "Russia does not support Assad."
    toks: list[Tok] = [
        ("Russia", 3, "nsubj", "PROPN", "Russia", "NNP"),
        ("does", 3, "aux", "AUX", "do", "VBZ"),
        ("not", 3, "neg", "PART", "not", "RB"),
        ("support", 3, "ROOT", "VERB", "support", "VB"),
        ("Assad", 3, "dobj", "PROPN", "Assad", "NNP"),
        (".", 3, "punct", "PUNCT", ".", "."),
    ]
    links = [link(text, "Russia", "country:russia", "country"), link(text, "Assad", "person:bashar_al_assad")]
    rows = _rows(parse(vocab, text, toks), links)
    assert _by(rows)[("country:russia", "reported_action", "person:bashar_al_assad")] == "against"


QUOTED = 'Putin said "we will defeat Kerry".'
QUOTED_TOKS: list[Tok] = [
    ("Putin", 1, "nsubj", "PROPN", "Putin", "NNP"),
    ("said", 1, "ROOT", "VERB", "say", "VBD"),
    ('"', 5, "punct", "PUNCT", '"', "``"),
    ("we", 5, "nsubj", "PRON", "we", "PRP"),
    ("will", 5, "aux", "AUX", "will", "MD"),
    ("defeat", 1, "ccomp", "VERB", "defeat", "VB"),
    ("Kerry", 5, "dobj", "PROPN", "Kerry", "NNP"),
    ('"', 5, "punct", "PUNCT", '"', "''"),
    (".", 1, "punct", "PUNCT", ".", "."),
]


def test_quoted_content_belongs_to_the_speaker_not_the_author(vocab: spacy.vocab.Vocab) -> None:
    links = [link(QUOTED, "Putin", "person:vladimir_putin"), link(QUOTED, "Kerry", "person:john_kerry")]
    rows = _rows(parse(vocab, QUOTED, QUOTED_TOKS), links, byline="By Jane Doe")
    by = _by(rows)
    # 'we will defeat X': a frame the speaker's own side performs gives the speaker's stance
    assert by[("person:vladimir_putin", "direct_quote", "person:john_kerry")] == "against"
    assert not [r for r in rows if r["attribution"] == "author_voice" and r["target_id"] == "person:john_kerry"]
    quote_row = next(r for r in rows if r["attribution"] == "direct_quote")
    assert quote_row["quote_id"] == f"d1:q:{QUOTED.index('we')}"


class ByTargetModel:
    """A model whose answer depends on the target's text only: rows must carry each target's own offsets."""

    method = "by-target"
    version = "test"

    def predict(self, items: Sequence[PolarityInput]) -> list[PolarityPrediction]:
        out = []
        for it in items:
            favor = it.sentence[it.target_from : it.target_to] == "Peter"
            out.append(PolarityPrediction("favor" if favor else "against", 0.9 if favor else -0.9, 0.9, "t", "t"))
        return out


LIKE = "I like Peter but not Robert."
LIKE_TOKS: list[Tok] = [
    ("I", 1, "nsubj", "PRON", "I", "PRP"),
    ("like", 1, "ROOT", "VERB", "like", "VBP"),
    ("Peter", 1, "dobj", "PROPN", "Peter", "NNP"),
    ("but", 2, "cc", "CCONJ", "but", "CC"),
    ("not", 5, "neg", "PART", "not", "RB"),
    ("Robert", 2, "conj", "PROPN", "Robert", "NNP"),
    (".", 1, "punct", "PUNCT", ".", "."),
]


def test_model_polarity_is_scored_per_target(vocab: spacy.vocab.Vocab) -> None:
    text = "Peter and Robert met today."
    toks: list[Tok] = [
        ("Peter", 3, "nsubj", "PROPN", "Peter", "NNP"),
        ("and", 0, "cc", "CCONJ", "and", "CC"),
        ("Robert", 0, "conj", "PROPN", "Robert", "NNP"),
        ("met", 3, "ROOT", "VERB", "meet", "VBD"),
        ("today", 3, "npadvmod", "NOUN", "today", "NN"),
        (".", 3, "punct", "PUNCT", ".", "."),
    ]
    links = [link(text, "Peter", "person:peter"), link(text, "Robert", "person:robert")]
    rows = _rows(parse(vocab, text, toks), links, byline="Jane Doe", model=ByTargetModel())
    by = _by(rows)
    assert by[("author:jane_doe", "author_voice", "person:peter")] == "favor"
    assert by[("author:jane_doe", "author_voice", "person:robert")] == "against"
    assert {r["method"] for r in rows} == {"rules-v2+t"}


def test_first_person_frame_is_target_dependent(vocab: spacy.vocab.Vocab) -> None:
    links = [link(LIKE, "Peter", "person:peter"), link(LIKE, "Robert", "person:robert")]
    by = _by(_rows(parse(vocab, LIKE, LIKE_TOKS), links, byline="Jane Doe"))
    assert by[("author:jane_doe", "author_voice", "person:peter")] == "favor"
    assert by[("author:jane_doe", "author_voice", "person:robert")] == "against"


def test_speaker_warning_that_target_will_face_isolation_is_against_it(vocab: spacy.vocab.Vocab) -> None:
    text = "Rhodes warned that Russia will face isolation."
    toks: list[Tok] = [
        ("Rhodes", 1, "nsubj", "PROPN", "Rhodes", "NNP"),
        ("warned", 1, "ROOT", "VERB", "warn", "VBD"),
        ("that", 5, "mark", "SCONJ", "that", "IN"),
        ("Russia", 5, "nsubj", "PROPN", "Russia", "NNP"),
        ("will", 5, "aux", "AUX", "will", "MD"),
        ("face", 1, "ccomp", "VERB", "face", "VB"),
        ("isolation", 5, "dobj", "NOUN", "isolation", "NN"),
        (".", 1, "punct", "PUNCT", ".", "."),
    ]
    links = [link(text, "Rhodes", "person:ben_rhodes"), link(text, "Russia", "country:russia", "country")]
    by = _by(_rows(parse(vocab, text, toks), links))
    assert by[("person:ben_rhodes", "indirect_speech", "country:russia")] == "against"
