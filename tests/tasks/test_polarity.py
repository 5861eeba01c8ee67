"""Unit tests for the polarity package: tokenisation, lexicon fallback, metrics, loader fallback."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tasks.extract.polarity import (
    LEXICON_METHOD,
    POLARITIES,
    LexiconPolarityModel,
    PolarityInput,
    PolarityPrediction,
    clear_model_cache,
    load_polarity_model,
    to_stance_label,
)
from tasks.extract.polarity.features import extract_features, lexicon_score
from tasks.extract.polarity.lexicon import vader_lexicon
from tasks.extract.polarity.text import locate_target
from tasks.offline.polarity.metrics import classification_metrics


def _item(sentence: str, target: str, nth: int = 0) -> PolarityInput:
    """Build an input whose offsets point at the nth occurrence of `target` in `sentence`."""
    start = -1
    for _ in range(nth + 1):
        start = sentence.index(target, start + 1)
    return PolarityInput(sentence, start, start + len(target))


def _check_ranges(preds: list[PolarityPrediction]) -> None:
    """Every prediction has a known label and fields in range."""
    for p in preds:
        assert p.polarity in POLARITIES
        assert -1.0 <= p.score <= 1.0
        assert 0.0 <= p.confidence <= 1.0
        assert p.method and p.model_version


def test_locate_target_covers_multi_token_mention() -> None:
    tt = locate_target("Yesterday President Donald Trump's aide spoke.", 10, 32)
    assert tt.raw[tt.t_start : tt.t_end] == ["President", "Donald", "Trump's"]
    assert tt.tokens[tt.t_end - 1] == "trump"


def test_locate_target_rejects_offsets_outside_sentence() -> None:
    with pytest.raises(ValueError, match="outside the sentence"):
        locate_target("Short.", 3, 40)


def test_quote_flags_mark_quoted_tokens() -> None:
    tt = locate_target('Smith said "Jones is a fraud" today.', 0, 5)
    inside = [tok for tok, q in zip(tt.raw, tt.in_quote, strict=True) if q]
    assert inside == ["Jones", "is", "a", "fraud"]


def test_lexicon_gives_different_polarities_to_contrasted_targets() -> None:
    s = "I like Peter but not Robert"
    preds = LexiconPolarityModel().predict([_item(s, "Peter"), _item(s, "Robert")])
    assert [p.polarity for p in preds] == ["favor", "against"]
    _check_ranges(preds)
    assert all(p.method == LEXICON_METHOD for p in preds)


def test_lexicon_is_target_windowed_not_sentence_level() -> None:
    s = "Critics praised Anna for her brave reforms, while the scandal engulfing Boris deepened into a disaster."
    preds = LexiconPolarityModel().predict([_item(s, "Anna"), _item(s, "Boris")])
    assert preds[0].score > preds[1].score
    assert preds[0].polarity == "favor"
    assert preds[1].polarity == "against"


def test_lexicon_negation_flips_valence() -> None:
    lex = vader_lexicon()
    plain, _, _ = lexicon_score(locate_target("Voters trust Maria completely.", 13, 18), lex)
    negated, _, _ = lexicon_score(locate_target("Voters do not trust Maria at all.", 20, 25), lex)
    assert plain > 0 > negated


def test_lexicon_neutral_sentence_is_neutral() -> None:
    (pred,) = LexiconPolarityModel().predict([_item("Smith travelled to Ohio on Tuesday.", "Smith")])
    assert pred.polarity == "neutral"
    assert pred.score == 0.0


def test_features_mask_the_target_and_mark_side() -> None:
    feats = extract_features(locate_target("Reporters asked Obama about taxes", 16, 21), vader_lexicon())
    assert "s:obama" not in feats
    assert "l1:asked" in feats and "r1:about" in feats
    assert "t2:asked_T" in feats


def test_missing_artifact_falls_back_to_lexicon(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    clear_model_cache()
    with caplog.at_level("WARNING"):
        model = load_polarity_model(tmp_path / "absent.json.gz")
    assert model.method == LEXICON_METHOD
    assert "lexicon fallback" in caplog.text
    preds = model.predict([_item("Nobody hates Carla.", "Carla")])
    assert preds[0].method == LEXICON_METHOD
    assert preds[0].model_version == model.version


def test_corrupt_artifact_falls_back_to_lexicon(tmp_path: Path) -> None:
    clear_model_cache()
    bad = tmp_path / "bad.json.gz"
    with gzip.open(bad, "wb") as fh:
        fh.write(json.dumps({"format": 999}).encode())
    assert load_polarity_model(bad).method == LEXICON_METHOD
    (tmp_path / "garbage.json.gz").write_bytes(b"not gzip at all")
    assert load_polarity_model(tmp_path / "garbage.json.gz").method == LEXICON_METHOD


def test_load_is_cached_by_path(tmp_path: Path) -> None:
    clear_model_cache()
    path = tmp_path / "absent.json.gz"
    assert load_polarity_model(path) is load_polarity_model(path)


def test_metrics_macro_f1_and_confusion() -> None:
    gold = ["favor", "favor", "against", "neutral"]
    pred = ["favor", "against", "against", "favor"]
    m = classification_metrics(gold, pred)
    assert m["n"] == 4
    assert m["accuracy"] == pytest.approx(0.5)
    assert m["per_class"]["favor"]["precision"] == pytest.approx(0.5)
    assert m["per_class"]["against"]["f1"] == pytest.approx(2 / 3)
    assert m["per_class"]["neutral"]["f1"] == 0.0
    assert m["macro_f1"] == pytest.approx((0.5 + 2 / 3 + 0.0) / 3)
    assert m["confusion"]["favor"]["against"] == 1


def test_label_mapping() -> None:
    assert to_stance_label("positive") == "favor"
    assert to_stance_label("negative") == "against"
    assert to_stance_label("neutral") == "neutral"
    with pytest.raises(ValueError, match="unknown polarity"):
        to_stance_label("mixed")


def test_batch_features_equal_one_by_one_and_share_sentences() -> None:
    from tasks.extract.polarity.linear import batch_features

    lex = {"praised": 2.0, "bad": -2.5, "good": 1.9}
    s1 = 'Reporters praised Obama, but "Putin is bad" said Xi and not Merkel.'
    s2 = "Nobody thinks Carla is good."
    items = [_item(s1, "Obama"), _item(s1, "Putin"), _item(s2, "Carla"), _item(s1, "Merkel"), _item(s1, "Obama")]
    batch = batch_features(items, lex)
    for item, feats in zip(items, batch, strict=True):
        alone = extract_features(locate_target(item.sentence, item.target_from, item.target_to), lex)
        assert list(alone.items()) == list(feats.items())  # same keys, same order, same float values
    assert batch[0] is batch[4]  # a repeated input is scored once
    assert batch[0] != batch[1]


def test_features_count_other_names_and_target_caps() -> None:
    feats = extract_features(locate_target("Reporters asked Obama about Putin and Xi", 16, 21), {})
    assert feats["names:2"] == 1.0  # Putin, Xi; the sentence-initial word and the target do not count
    assert feats["tk:caps1_len1"] == 1.0
    feats = extract_features(locate_target("They never trust the Kremlin press office", 16, 41), {})
    assert "tw:the" in feats and "tw:press" in feats and "tw:kremlin" not in feats
    assert feats["tk:caps1_len4"] == 1.0 and feats["names:0"] == 1.0
    assert feats["l1:neg_trust"] == 1.0  # 'trust' lies in the scope of 'never'
