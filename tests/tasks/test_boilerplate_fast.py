"""The stripper's vectorised fast paths give exactly what straightforward per-line reference code gives."""

from __future__ import annotations

import random
import re
from bisect import bisect_right

import numpy as np
import pytest

from tasks.boilerplate import charclass, comments, features
from tasks.boilerplate.charclass import (
    class_table,
    count_per_line,
    glue_counts,
    page_classes,
    separator_lines,
)
from tasks.boilerplate.hints import hint_finder
from tasks.boilerplate.keys import line_key, page_line_keys
from tasks.boilerplate.labels import drop_label, drop_labels
from tasks.boilerplate.layout import STAGE1_FEATURES, split_page
from tasks.boilerplate.rules import load_rules
from tasks.boilerplate.scorer import STAGE2_FEATURES, best_segment, stage2_matrix
from tasks.boilerplate.tokens import (
    DECIMAL,
    KEEP,
    SPACE,
    _bits_of,
    char_bits,
    pad_newlines,
    spaced_page,
    token_char_table,
    token_shapes,
    token_shapes_binned,
)
from tasks.boilerplate.trees import TreeEnsemble


def _walk_one(model: TreeEnsemble, row: np.ndarray) -> float:
    """Reference: walk every tree node by node for one row and add the leaf values in tree order."""
    leaves = []
    for root in model.roots.tolist():
        node = root
        for _ in range(model.depth):
            go_left = row[model.feature[node]] <= model.threshold[node]
            node = int(model.left[node] if go_left else model.right[node])
        leaves.append(model.value[node])
    return float(np.array(leaves).sum() + model.bias)


def _random_ensemble(rng: np.random.Generator, n_trees: int, n_features: int, depth: int) -> TreeEnsemble:
    """Build an ensemble of random trees, some with leaves above the full depth (self-looping)."""
    feats, thrs, lefts, rights, vals, roots = [], [], [], [], [], []

    def grow(level: int) -> int:
        """Append a subtree and return its node index."""
        idx = len(feats)
        feats.append(0)
        thrs.append(np.inf)
        lefts.append(idx)
        rights.append(idx)
        vals.append(0.0)
        if level == depth or (level > 0 and rng.random() < 0.25):
            vals[idx] = float(rng.normal())
            return idx
        feats[idx] = int(rng.integers(n_features))
        thrs[idx] = float(rng.normal())
        lefts[idx] = grow(level + 1)
        rights[idx] = grow(level + 1)
        return idx

    for _ in range(n_trees):
        roots.append(grow(0))
    return TreeEnsemble(
        features=tuple(f"f{i}" for i in range(n_features)),
        feature=np.asarray(feats, dtype=np.int64),
        threshold=np.asarray(thrs),
        left=np.asarray(lefts, dtype=np.int64),
        right=np.asarray(rights, dtype=np.int64),
        value=np.asarray(vals),
        roots=np.asarray(roots, dtype=np.int64),
        depth=depth,
        bias=0.25,
    )


def test_tree_logit_matches_a_node_by_node_walk() -> None:
    rng = np.random.default_rng(7)
    model = _random_ensemble(rng, n_trees=30, n_features=6, depth=3)
    x = rng.normal(size=(40, 6))
    x[::5, 2] = model.threshold[model.feature == 2][:1] if (model.feature == 2).any() else 0.0  # ties go left
    got = model.logit(x)
    want = np.array([_walk_one(model, row) for row in x])
    assert got.shape == (40,)
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)
    assert model.logit(np.zeros((0, 6))).shape == (0,)


def _level_walk(model: TreeEnsemble, x: np.ndarray) -> np.ndarray:
    """Reference: every row through every tree one level at a time, leaf values summed in tree order per row."""
    node = np.broadcast_to(model.roots, (len(x), len(model.roots))).copy()
    for _ in range(model.depth):
        go_left = x[np.arange(len(x))[:, None], model.feature[node]] <= model.threshold[node]
        node = np.where(go_left, model.left[node], model.right[node])
    return np.add.reduce(model.value[node], axis=1) + model.bias


def test_tree_logit_is_bitwise_the_level_walk_at_any_depth() -> None:
    rng = np.random.default_rng(43)
    for depth in range(5):
        model = _random_ensemble(rng, n_trees=17, n_features=5, depth=depth)
        x = rng.normal(size=(33, 5))
        x[::7, 1] = np.nan  # NaN goes right, as in the walk
        assert model.logit(x).tobytes() == _level_walk(model, x).tobytes(), depth


def test_tree_json_round_trip_keeps_decisions() -> None:
    rng = np.random.default_rng(3)
    model = _random_ensemble(rng, n_trees=12, n_features=4, depth=2)
    names = model.features
    again = TreeEnsemble.from_json(model.to_json(), names)
    x = rng.normal(size=(25, 4))
    np.testing.assert_allclose(again.logit(x), np.array([_walk_one(again, row) for row in x]), rtol=0, atol=1e-12)


def _lines_by_find(hints: list[str], lowered: str, starts: list[int]) -> set[int]:
    """Reference: every occurrence of every hint, one str.find at a time, mapped to its line."""
    found = set()
    for hint in hints:
        at = lowered.find(hint)
        while at >= 0:
            found.add(bisect_right(starts, at + (hint[0] == "\n")) - 1)
            at = lowered.find(hint, at + 1)
    return found


def _framed(lines: list[str]) -> tuple[str, list[int]]:
    """Return the "\\n"-framed lowercased page and each line's start offset in it."""
    starts, pos = [], 1
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    return "\n" + "\n".join(lines).lower() + "\n", starts


@pytest.mark.parametrize(
    "hints",
    [
        ["\nsee ", "\nsee also", "\nread", "\nread more", "\nre"],
        [")\n", ") \n", ")", "(c)", "(", "\nphoto"],
        [" is a", " is an", " was a", "covers ", "mail", "email ", "e-mail "],
        ["\nby ", "\nby\n", "ab\n", "\nb"],
    ],
)
def test_hint_finder_finds_the_lines_of_every_occurrence(hints: list[str]) -> None:
    rng = random.Random(len(hints))
    pieces = [h.strip("\n") for h in hints] + ["see", "read", "by", "a", ")", "(", " ", "x", "is", "\n"]
    for _ in range(200):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        lowered, starts = _framed(lines)
        finder = hint_finder(hints)
        assert finder.lines(lowered, starts, True) == _lines_by_find(hints, lowered, starts), lines
        assert finder.lines(lowered, starts, False) == _lines_by_find(hints, lowered, starts), lines


def test_page_hits_match_rules_tried_one_line_at_a_time() -> None:
    rules = load_rules()
    lines = [
        "Home",
        "Share on Facebook",
        "Related: Council budget vote",
        "See also: what the vote means",
        "By Jane Smith | March 3, 2024",
        "Photo: Reuters",
        "The council met on Tuesday (Photo by J. Doe/AP)",
        "© 2024 Example Media. All rights reserved.",
        "Sign up for our daily newsletter",
        "Jane Smith is a reporter covering city hall for the paper.",
        "The council voted on Tuesday to approve a new budget for schools.",
        "İstanbul office: contact us",
        "Published on March 3",
        "Tags: budget, council",
        "12 comments",
    ]
    n_words = [len(line.split()) for line in lines]
    full = [r for r in rules.rules if not r.search and not r.hints]
    checked = [r for r in rules.rules if r.search or r.hints]
    want = []
    for line, n in zip(lines, n_words, strict=True):
        rule = next((r for r in full if r.matches(line, n)), None)
        want.append(rule or next((r for r in checked if r.matches(line, n)), None))
    assert [r and r.id for r in rules.page_hits(lines, n_words)] == [r and r.id for r in want]
    assert sum(r is not None for r in want) >= 10


# The regexes the whole-page numpy passes replace, as features.py first wrote them.
_UPPER_CLASS = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯЁ]")
_GLUE_RE = re.compile(r"[a-z?!.”)][A-Z][a-z]")
_SEP_RE = re.compile(r"[|•·»›]|[ \t]/[ \t]")
_DATE_ANCHOR_RE = re.compile(r"\d{1,2}:\d\d|\b(?:19|20)\d\d\b|\d{1,2}/\d{1,2}/\d{2,4}")


def test_class_table_bits_are_the_regex_classes() -> None:
    table = class_table()
    classes = [
        (charclass.UPPER, _UPPER_CLASS),
        (charclass.SEP, re.compile(r"[|•·»›]")),
        (charclass.BLANK, re.compile(r"[ \t]")),
        (charclass.SLASH, re.compile(r"/")),
        (charclass.GLUE_BEFORE, re.compile(r"[a-z?!.”)]")),
        (charclass.CAPITAL, re.compile(r"[A-Z]")),
        (charclass.SMALL, re.compile(r"[a-z]")),
        (charclass.COMMA, re.compile(r",")),
    ]
    for bit, regex in classes:
        want = [i for i in range(0x10000) if regex.fullmatch(chr(i))]
        assert np.flatnonzero(table & bit).tolist() == want, regex.pattern


def _random_lines(rng: random.Random, alphabet: str, n_lines: int) -> list[str]:
    """Random non-empty lines over `alphabet`."""
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 25))) for _ in range(n_lines)]


def test_per_line_glue_separator_and_upper_counts_match_the_regexes() -> None:
    rng = random.Random(5)
    for _ in range(300):
        lines = _random_lines(rng, "aBcDeF?!.”) /\t|•xÀЯ😀,", rng.randint(1, 6))
        line, cls = page_classes("\n".join(lines))
        m = len(lines)
        assert glue_counts(line, cls, m).tolist() == [len(_GLUE_RE.findall(t)) for t in lines], lines
        assert separator_lines(line, cls, m).tolist() == [_SEP_RE.search(t) is not None for t in lines], lines
        upper = count_per_line(line, (cls & charclass.UPPER) != 0, m)
        assert upper.tolist() == [len(_UPPER_CLASS.findall(t)) for t in lines], lines


def test_date_anchor_regex_finds_the_same_matches_as_the_plain_one() -> None:
    rng = random.Random(11)
    texts = ["at 12:30 on 3/14/2024 in 1999", "x2019 2019x 2019 20199 a1:00", "01/02/03/2004 19:45:00"]
    texts += ["".join(rng.choice("0123456789:/ a_.٣") for _ in range(rng.randint(0, 16))) for _ in range(20000)]
    for text in texts:
        want = [m.span() for m in _DATE_ANCHOR_RE.finditer(text)]
        assert [m.span() for m in features._DATE_ANCHOR_RE.finditer(text)] == want, text


def test_sentence_regex_finds_the_same_sentences_as_the_plain_one() -> None:
    plain = re.compile(r"[^.!?…]+[.!?…]+")
    rng = random.Random(13)
    texts = ["No. Really?! I said so… and then", "...", "U.S. officials said", "ends without a stop"]
    texts += ["".join(rng.choice("ab .!?…'\"") for _ in range(rng.randint(0, 18))) for _ in range(20000)]
    for text in texts:
        assert comments._SENTENCE_RE.findall(text) == plain.findall(text), text


def test_str_split_whitespace_is_regex_whitespace() -> None:
    space = re.compile(r"\s")
    assert [i for i in range(0x110000) if chr(i).isspace()] == [i for i in range(0x110000) if space.fullmatch(chr(i))]
    lines = ["A\u00a0 B\t\u2009C  12", "x\x1cy", "Ünïcode  ＴＥＸＴ 2024", "ß and ﬁ"]
    assert page_line_keys(lines) == [line_key(t) for t in lines]


def test_drop_labels_name_lines_as_drop_label_does() -> None:
    rng = np.random.default_rng(17)
    m = 300
    x1 = rng.choice([0.0, 0.3, 0.6, 1.0, np.nan], size=(m, len(STAGE1_FEATURES)), p=[0.5, 0.1, 0.1, 0.25, 0.05])
    rules = load_rules().rules
    hits = [rules[k] if k < len(rules) else None for k in rng.integers(0, 4 * len(rules), size=m).tolist()]
    for first_body, last_body in ((None, None), (40, 250), (0, m - 1)):
        want = [drop_label(i, x1, hits[i], first_body, last_body) for i in range(m)]
        assert drop_labels(x1, hits, first_body, last_body) == want


def test_spaced_page_and_token_shapes_match_the_regex_and_str_methods() -> None:
    rng = random.Random(19)
    alphabet = "aZ09 ' ’\n\t.,!—ǅß٣²½İ😀\ud800\udc00Ⅻⅻ𝟘_\u00a0"
    for _ in range(800):
        joined = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        want = features._PUNCT_RE.sub(" ", joined.replace("’", "'")).replace("\n", " \n ")
        spaced, cp, bits = spaced_page(joined)
        assert spaced == want, joined
        tokens = want.split(" ")
        lengths, is_number, is_lower = token_shapes(cp, bits)
        assert lengths.tolist() == [float(len(t)) for t in tokens], joined
        assert is_number.tolist() == [float(t.isdigit()) for t in tokens], joined
        assert is_lower.tolist() == [float(t.islower()) for t in tokens], joined


def test_packed_token_shapes_equal_the_binned_ones() -> None:
    rng = random.Random(31)
    alphabet = "aZ09 ' ’\n\t.,!—ǅß٣²½İ😀Ⅻⅻ𝟘_\u00a0\u0345"
    pages = ["", " ", "  ", "\n", "\n\n", " \n", ".\n.", "12 ab", " x1 "]
    pages += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))) for _ in range(600)]
    for joined in pages:
        _, cp, bits = spaced_page(joined)
        got, want = token_shapes(cp, bits), token_shapes_binned(*pad_newlines(cp, bits))
        for g, w in zip(got, want, strict=True):
            assert g.dtype == w.dtype and g.tolist() == w.tolist(), joined


def test_token_keep_bit_is_what_the_punctuation_regex_spares() -> None:
    punct = re.compile(r"[^\w\s']")
    table = token_char_table()
    spared = [i for i in range(0x10000) if not punct.fullmatch(chr(i)) or i == ord("’")]
    assert np.flatnonzero(table & KEEP).tolist() == spared
    astral = [i for i in range(0x10000, 0x110000, 7)]
    assert [bool(char_bits(np.array([i]))[0] & KEEP) for i in astral] == [not punct.fullmatch(chr(i)) for i in astral]


def test_decimal_and_space_bits_are_the_regex_classes() -> None:
    table = token_char_table()
    digit, space = re.compile(r"\d"), re.compile(r"\s")
    assert np.flatnonzero(table & DECIMAL).tolist() == [i for i in range(0x10000) if digit.fullmatch(chr(i))]
    assert np.flatnonzero(table & SPACE).tolist() == [i for i in range(0x10000) if space.fullmatch(chr(i))]
    assert all(chr(i).isdecimal() == bool(digit.fullmatch(chr(i))) for i in range(0x10000, 0x110000))


def test_page_line_keys_match_line_key_on_random_lines() -> None:
    rng = random.Random(23)
    alphabet = "aB 1٣23\t\u00a0\u2009ẞß.İ😀\ud800x"
    assert page_line_keys([]) == [line_key("")]
    for _ in range(500):
        lines = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(rng.randint(1, 5))]
        assert page_line_keys(lines) == [line_key(t) for t in lines], lines
    long_line = "word " * 100 + "12345"
    assert page_line_keys([long_line, " x "]) == [line_key(long_line), "x"]


def test_split_page_matches_a_line_by_line_walk() -> None:
    rng = random.Random(29)
    for _ in range(300):
        raw = "".join(rng.choice(["a", " ", "\t", "\n", "\u00a0", "bc", "\r"]) for _ in range(rng.randint(0, 40)))
        page = split_page(raw)
        pos, starts, content, stripped, offsets = 0, [], [], [], []
        for i, line in enumerate(raw.split("\n")):
            starts.append(pos)
            if line.strip():
                content.append(i)
                stripped.append(line.strip())
                offsets.append(pos + len(line) - len(line.lstrip()))
            pos += len(line) + 1
        assert (page.starts, page.content, page.stripped, page.strip_offsets) == (starts, content, stripped, offsets)


def test_token_table_holds_the_bits_of_each_character() -> None:
    assert token_char_table().tolist() == [_bits_of(chr(i)) for i in range(0x10000)]


def _stage2_reference(x1: np.ndarray, logit1: np.ndarray, p1: np.ndarray) -> np.ndarray:
    """The stage-2 matrix built column by column, as the scorer first did."""
    col = {name: i for i, name in enumerate(STAGE1_FEATURES)}
    m = len(logit1)

    def window_mean(values: np.ndarray, radius: int) -> np.ndarray:
        csum = np.concatenate(([0.0], values.cumsum()))
        idx = np.arange(m)
        lo, hi = np.maximum(idx - radius, 0), np.minimum(idx + radius + 1, m)
        return (csum[hi] - csum[lo]) / (hi - lo)

    lo, hi = best_segment((p1 - 0.5) * x1[:, col["log_chars"]])
    idx = np.arange(m)
    dist = np.where(idx < lo, lo - idx, np.where(idx >= hi, idx - hi + 1, 0))
    marker_after = x1[:, col["comment_rule"]] * (idx >= lo + 2)
    after_marker = np.concatenate(([0.0], np.minimum(marker_after.cumsum()[:-1], 1.0))) if m else marker_after
    prev = np.concatenate(([0.0], p1[:-1])) if m else p1
    nxt = np.concatenate((p1[1:], [0.0])) if m else p1
    columns = [logit1, prev, nxt, window_mean(p1, 2), window_mean(p1, 5), window_mean(p1, 12)]
    columns += [((idx >= lo) & (idx < hi)).astype(float), np.minimum(dist / 10.0, 1.0)]
    columns += [(idx < lo).astype(float), (idx >= hi).astype(float)]
    columns += [x1[:, col["rule_hit"]], x1[:, col["comment_rule"]], after_marker]
    columns += [x1[:, col[name]] for name in STAGE2_FEATURES[13:21]]
    columns += [np.full(m, (hi - lo) / max(m, 1))]
    return np.column_stack(columns) if m else np.zeros((0, len(STAGE2_FEATURES)))


def test_stage2_matrix_equals_the_column_by_column_build() -> None:
    rng = np.random.default_rng(41)
    for m in [0, 1, 2, 3, 4, 5, 7, 30, 200, *rng.integers(1, 400, size=20).tolist()]:
        x1 = rng.random((m, len(STAGE1_FEATURES))) * 5
        x1[:, STAGE1_FEATURES.index("comment_rule")] = rng.random(m) < 0.2
        logit1 = rng.normal(0, 3, size=m)
        p1 = 1.0 / (1.0 + np.exp(-logit1))
        got = stage2_matrix(x1, logit1, p1)
        assert got.shape == (m, len(STAGE2_FEATURES)) and got.flags["C_CONTIGUOUS"]
        assert got.tobytes() == _stage2_reference(x1, logit1, p1).tobytes(), m
