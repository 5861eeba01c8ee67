"""Boilerplate fast paths for comment cues, the comment switch and stripping, each equal to the plain code."""

from __future__ import annotations

import random
import re

import numpy as np

from tasks.boilerplate import comments
from tasks.boilerplate.comments import ascii_runs, comment_cues, has_comment_cue, markerless_switch
from tasks.boilerplate.layout import STAGE1_FEATURES
from tasks.boilerplate.rules import load_lexicon
from tasks.boilerplate.strip import SANDWICH_MAX_RUN, _rescue_sandwiched, score_reasons

_PIECES = [
    "I",
    "i'm",
    "I’m",
    "you’d",
    "You",
    "rock'n'roll",
    "me",
    "my2",
    "haha",
    "lol",
    "the council",
    "said",
    "budget",
    "More dead.",
    "U.S.",
    "No,",
    "Exactly",
    "what?",
    '"I am thrilled,"',
    "“you people”",
    "‘mine’",
    "?",
    ".",
    "!",
    "…",
    " ",
    " ",
    "Wow",
    "idiots",
    "é",
    "_you_",
    "3you",
    "éyou",
    "youé",
    "you'",
    "'you",
    "rock'n'you",
    "İ",
    "ÿou",
    "Big win.",
    "Two words .",
    "Gone\u00a0for good!",
    "ABC DEF.",
    "Not²ab.",
    "x\tYes sir…",
    "Wow. Such nonsense",
]


def _markerless_reference(texts: list[str], lex) -> int | None:
    """The marker-less switch as first written: every line's cues up front, the tail's kinds at every candidate."""
    m = len(texts)
    if m < comments.MIN_ARTICLE_LINES + comments.MIN_TAIL_LINES:
        return None
    cues = [comment_cues(t, lex) for t in texts]
    flags = [1 if c else 0 for c in cues]
    sizes = [len(t) for t in texts]
    total = sum(sizes)
    best, best_k = 0.0, None
    prefix = head_chars = 0
    for k in range(m):
        if (
            k >= comments.MIN_ARTICLE_LINES
            and m - k >= comments.MIN_TAIL_LINES
            and flags[k]
            and head_chars >= comments.MIN_ARTICLE_SHARE * total
        ):
            head, tail = prefix / k, sum(flags[k:]) / (m - k)
            kinds = set().union(*cues[k:])
            if (
                head <= comments.MAX_HEAD_RATE
                and tail >= comments.MIN_TAIL_RATE
                and len(kinds) >= comments.MIN_CUE_KINDS
                and tail - head > best
            ):
                best, best_k = tail - head, k
        prefix += flags[k]
        head_chars += sizes[k]
    return best_k


def _random_line(rng: random.Random) -> str:
    """A line glued from prose, comment and punctuation pieces."""
    return "".join(rng.choice(_PIECES) + rng.choice(["", " ", " "]) for _ in range(rng.randint(1, 9))).strip() or "x"


def test_has_comment_cue_is_whether_comment_cues_finds_any() -> None:
    lex = load_lexicon()
    rng = random.Random(31)
    lines = [_random_line(rng) for _ in range(5000)]
    assert sum(has_comment_cue(t, lex) for t in lines) > 1000
    for text in lines:
        assert has_comment_cue(text, lex) == bool(comment_cues(text, lex)), text


def test_markerless_switch_matches_the_plain_scan() -> None:
    lex = load_lexicon()
    rng = random.Random(37)
    prose = "The council approved the budget on Tuesday after a long debate about schools and roads."
    found = 0
    for _ in range(400):
        head = [prose] * rng.randint(0, 8)
        tail = [_random_line(rng) for _ in range(rng.randint(0, 10))]
        texts = head + tail + [prose] * rng.randint(0, 2)
        want = _markerless_reference(texts, lex)
        assert markerless_switch(texts, lex) == want, texts
        found += want is not None
    assert found >= 20


def test_ascii_runs_are_the_regex_runs_of_a_to_z() -> None:
    rng = random.Random(61)
    alphabet = "ab z?A1_'\t\né😀\ud800—yz"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert ascii_runs(text) == [r.encode() for r in re.findall("[a-z]+", text)], text


def _sandwiched_reference(words: list[float], keep: list[bool], reasons: list[str]) -> None:
    """The sandwich rescue as first written: a scan over every line."""
    m = len(keep)
    i = 1
    while i < m - 1:
        if keep[i] or not keep[i - 1]:
            i += 1
            continue
        j = i
        while j < m and not keep[j] and reasons[j].startswith("score=") and words[j] >= 1.5:
            j += 1
        if j < m and keep[j] and j - i <= SANDWICH_MAX_RUN:
            for k in range(i, j):
                keep[k], reasons[k] = True, reasons[k] + ";rescued:between_body"
        i = max(j, i + 1)


def test_sandwich_rescue_matches_the_scan_over_every_line() -> None:
    rng = random.Random(43)
    col = STAGE1_FEATURES.index("log_words")
    rescued = 0
    for _ in range(3000):
        m = rng.randint(0, 14)
        keep = [rng.random() < 0.5 for _ in range(m)]
        reasons = [rng.choice(["score=0.10", "score=0.40", "score=0.3", "pattern:site_nav"]) for _ in range(m)]
        words = [float(rng.choice([1, 2, 5, 9])) for _ in range(m)]
        x1 = np.zeros((m, len(STAGE1_FEATURES)))
        x1[:, col] = np.log1p(words)
        want_keep, want_reasons = keep.copy(), reasons.copy()
        _sandwiched_reference(np.expm1(x1[:, col]).tolist(), want_keep, want_reasons)
        _rescue_sandwiched(x1, keep, reasons)
        assert (keep, reasons) == (want_keep, want_reasons)
        rescued += any("rescued" in r for r in want_reasons)
    assert rescued > 200


def test_score_reasons_are_the_formatted_probabilities() -> None:
    rng = np.random.default_rng(53)
    mids = [k / 200 for k in range(1, 200, 2)]
    probe = [0.0, 1.0, 0.125, 0.375, 0.625, 0.875, 0.005, 0.995, *mids]
    probe += [np.nextafter(v, d) for v in mids for d in (0.0, 1.0)]
    values = np.concatenate((np.array(probe), rng.random(20000), rng.random(50) * 1e-3, 1.0 - rng.random(50) * 1e-3))
    assert score_reasons(values) == [f"score={p:.2f}" for p in values.tolist()]
    odd = np.array([0.5, -0.0, np.nan, 1.5, -0.2])
    assert score_reasons(odd) == [f"score={p:.2f}" for p in odd.tolist()]
    assert score_reasons(np.zeros(0)) == []
