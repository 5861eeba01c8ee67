"""Boilerplate fast paths for line features, keys and tokens on shared page characters, equal to the plain code."""

from __future__ import annotations

import random

import numpy as np

from tasks.boilerplate import features, keys
from tasks.boilerplate.keys import line_key, page_line_keys
from tasks.boilerplate.rules import ANCHOR, DATE, MONTH, NEWLINE, PERSON, STOP, load_lexicon
from tasks.boilerplate.tokens import lowered, page_chars, word_counts


def test_edge_chars_and_end_bits_match_per_line_string_methods() -> None:
    rng = random.Random(59)
    alphabet = "ab .?:)…\"”’'*]»•-Aé😀\ud800\u0130"
    table = features._end_table()
    bits = features.end_bits_table()
    for _ in range(400):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(rng.randint(1, 6))]
        first, end, last = features.edge_chars(texts)
        assert first.tolist() == [ord(t[0]) for t in texts]
        assert end.tolist() == [ord(t[-1]) for t in texts]
        assert last.tolist() == [ord((t.rstrip(features._CLOSERS) or t)[-1]) for t in texts]
        assert bits.take(np.minimum(last, 0xFFFF)).tolist() == [table.get(chr(c), 0) for c in last.tolist()]
    assert features.edge_chars(["a\nb", "c)"])[0].tolist() == [ord("a"), ord("c")]


def test_word_counts_are_str_split_counts() -> None:
    rng = random.Random(67)
    alphabet = ["a", "bc", " ", "\t", "\u00a0", "\u2028", "\x1c", "\u3000", "😀", "\u0085", ".", "ß"]
    for _ in range(500):
        lines = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))).strip() or "x" for _ in range(4)]
        assert word_counts(page_chars("\n".join(lines)), len(lines)).tolist() == [len(t.split()) for t in lines]


def test_page_shape_with_shared_page_chars_is_the_same_matrix() -> None:
    lex = load_lexicon()
    rng = random.Random(71)
    pieces = ["Share", "The council met on Tuesday.", "“I think you are wrong?”", "RunDenny Hamlin's run", "|", "..."]
    pieces += ["(Photo: AP)", "12:30 GMT", "www.example.com", "tags: a, b, c, d", "Ünïcode  ＴＥＸＴ 2024", "😀 ok"]
    for _ in range(100):
        texts = [rng.choice(pieces) + " " + rng.choice(pieces) for _ in range(rng.randint(1, 8))]
        n_words = np.array([len(t.split()) for t in texts], dtype=np.float64)
        plain = features.page_shape(texts, n_words, [None] * len(texts), lex)
        shared = features.page_shape(texts, n_words, [None] * len(texts), lex, page_chars("\n".join(texts)))
        assert np.array_equal(plain, shared)


def test_url_feature_is_whether_the_url_regex_finds_a_match_on_the_line() -> None:
    lex = load_lexicon()
    col = features.SHAPE_FEATURES.index("url_like")
    rng = random.Random(73)
    pieces = [
        "see",
        "HTTP://x",
        "https://a.b",
        "www.x",
        "WWW.X",
        "a.com",
        "b.Com",
        "c.org",
        "d.orgs",
        "@x",
        "@ ",
        "::/",
    ]
    for _ in range(300):
        texts = [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 5))]
        n_words = np.array([len(t.split()) for t in texts], dtype=np.float64)
        want = [float(features._URL_RE.search(t) is not None) for t in texts]
        got = features.page_shape(texts, n_words, [None] * len(texts), lex)[:, col]
        assert got.tolist() == want, texts
        chars = page_chars("\n".join(texts))
        shared = features.page_shape(texts, n_words, [None] * len(texts), lex, chars)[:, col]
        assert shared.tolist() == want, texts


def test_date_anchor_searched_per_line_is_the_whole_page_pass() -> None:
    lex = load_lexicon()
    col = features.SHAPE_FEATURES.index("date_anchor")
    rng = random.Random(79)
    pieces = ["12:30", "1:5", "x1999", "1999", "2024x", "_2020", "3/14/2024", "3/1/24", "٣:٤٥", "19", "20", "a", ""]
    for _ in range(300):
        texts = ["".join(rng.choice([*pieces, " "]) for _ in range(rng.randint(1, 5))) or "a" for _ in range(4)]
        n_words = np.array([len(t.split()) for t in texts], dtype=np.float64)
        plain = features.page_shape(texts, n_words, [None] * len(texts), lex)[:, col]
        shared = features.page_shape(texts, n_words, [None] * len(texts), lex, page_chars("\n".join(texts)))[:, col]
        assert shared.tolist() == plain.tolist(), texts
    assert features.page_shape(["at 12:30"], np.array([2.0]), [None], lex, page_chars("at 12:30"))[0, col] == 1.0


def test_casefold_to_one_character_keeps_digits_and_spaces() -> None:
    for i in range(0x110000):
        c = chr(i)
        f = c.casefold()
        if len(f) == 1:
            assert (f.isdecimal(), f.isspace()) == (c.isdecimal(), c.isspace()), hex(i)


def test_page_line_keys_with_shared_page_chars() -> None:
    rng = random.Random(79)
    alphabet = "aB 1٣2\t\u00a0ẞß.İ😀x\u2028"
    for _ in range(500):
        lines = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10))) for _ in range(rng.randint(1, 4))]
        assert page_line_keys(lines, page_chars("\n".join(lines))) == [line_key(t) for t in lines], lines


def test_token_line_sums_are_bincounts_over_line_numbers() -> None:
    rng = np.random.default_rng(83)
    for _ in range(200):
        n = int(rng.integers(1, 40))
        codes = rng.integers(0, 64, n) & ~NEWLINE
        breaks = rng.choice(np.arange(n), size=min(n, int(rng.integers(0, 6))), replace=False)
        codes[np.asarray(breaks, dtype=np.int64)] |= NEWLINE
        m = int(((codes & NEWLINE) != 0).sum()) + 1
        lengths = rng.integers(0, 6, n).astype(np.float64)
        is_number = (rng.random(n) < 0.3).astype(np.float64)
        is_lower = (rng.random(n) < 0.5).astype(np.float64)
        got = features._token_line_sums(codes, lengths, is_number, is_lower, m)
        line_of = ((codes & NEWLINE) != 0).cumsum()
        rows = [is_number, is_number * lengths, (lengths > 0).astype(np.float64) - ((codes & NEWLINE) != 0), is_lower]
        rows += [((codes & bit) != 0).astype(np.float64) for bit in (STOP, DATE, PERSON, ANCHOR, MONTH)]
        want = np.array([np.bincount(line_of, weights=w, minlength=m)[:m] for w in rows])
        assert np.array_equal(got, want)


def test_folded_points_are_the_casefolded_text_or_none() -> None:
    rng = random.Random(89)
    alphabet = "aB 1٣2\t\u00a0ΣςÀ.Ωx\u2028\n"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        got = keys._folded_points(page_chars(text).cp)
        assert got is not None and got.tolist() == [ord(c) for c in text.casefold()], text
    for text in ("Straße", "İ", "a😀", "\uffff", ""):
        assert keys._folded_points(page_chars(text).cp) is None, text
    lines = ["ΣΑΣ  Straße-less 12 34", "ÀB\tc", " x "]
    assert page_line_keys(lines, page_chars("\n".join(lines))) == [line_key(t) for t in lines]


def test_lowered_page_is_str_lower() -> None:
    rng = random.Random(97)
    alphabet = "aB 1\tÀΩΣσςİ😀\u00a0.\n"
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        assert lowered(page_chars(text)) == text.lower(), text
    assert lowered(page_chars("ÀB “Q”")) == "àb “q”"
