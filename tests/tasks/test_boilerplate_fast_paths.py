"""Second round of fast paths: each gives exactly what the plain code it replaced gives, on hand-built pages."""

from __future__ import annotations

import dataclasses
import random
import re

import numpy as np

from tasks.boilerplate import comments, features, keys
from tasks.boilerplate.comments import ascii_runs, comment_cues, has_comment_cue, markerless_switch
from tasks.boilerplate.keys import line_key, page_line_keys
from tasks.boilerplate.layout import STAGE1_FEATURES
from tasks.boilerplate.prefilter import RuleShape, first_atom, first_char_prefilter, literal_prefix, rule_shape
from tasks.boilerplate.rules import ANCHOR, DATE, MONTH, NEWLINE, PERSON, STOP, load_lexicon, load_rules
from tasks.boilerplate.strip import SANDWICH_MAX_RUN, _rescue_sandwiched, score_reasons
from tasks.boilerplate.tokens import lowered, page_chars, word_counts

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


def test_rule_shape_reads_one_group_of_branches_or_gives_up() -> None:
    assert rule_shape(r"(a|b[|)]c|(d|e)f)+") == RuleShape(("a", "b[|)]c", "(d|e)f"), True)
    assert rule_shape(r"(x\)|y)") == RuleShape((r"x\)", "y"), False)
    assert rule_shape(r"(a)|(b)") is None
    assert rule_shape(r"(a)(b)") is None
    assert rule_shape(r"(?:a|b)") is None
    assert rule_shape(r"a|b") is None
    assert rule_shape(r"([]|]|a)") == RuleShape(("[]|]", "a"), False)


def test_first_char_prefilter_answers_as_the_plain_alternation() -> None:
    rules = load_rules()
    plain = rules.prefilter
    fast = first_char_prefilter([r.regex.pattern for r in rules.rules if not r.search and not r.hints])
    words = ["share", "Tweet", "pin it", "e-mail", "home", "menu", "Skip to content", "read mode", "A+", "a -"]
    words += ["12 comments", "3 shares", "shares 4", "2 thoughts on this", "an hour ago", "@jane", "privacy policy"]
    words += ["terms", "ads", "español", "features icon", "sponsored by x", "\u212a", "ſhare", "İ", "x", "|", " / "]
    words += ["sort by newest", "share this story", "top", "more", "K", "5 min read", "listen", "•", "…", "⁂"]
    rng = random.Random(41)
    lines = words + [
        "".join(rng.choice(words) + rng.choice(["", " ", " | ", ", "]) for _ in range(rng.randint(1, 4))).strip()
        for _ in range(6000)
    ]
    lines = [t for t in lines if t]
    matched = 0
    for text in lines:
        want = plain.fullmatch(text) is not None
        assert fast.fullmatch(text) == want, text
        matched += want
    assert 500 < matched < len(lines) - 500


def test_first_atom_is_the_first_character_class_or_none() -> None:
    cases = {r"\d+\s*shares?": r"\d", r"[\s|/]+": r"[\s|/]", r"@\w+": "@", r"(\d+|an?) ago": r"(?:\d|a)"}
    cases |= {r"(\d+ )?thoughts": None, "x?y": None, "(?:a)b": None, "(a|)b": None, ".*": None, "a{0,2}": None}
    cases |= {r"\bx": None, r"[]a]b": "[]a]", r"\.com": r"\.", "": None}
    assert {b: first_atom(b) for b in cases} == cases


def test_literal_prefix_stops_at_optional_or_repeated_characters() -> None:
    assert [literal_prefix(b) for b in ["share", "a?b", "ab?", "a+b", "ab+", "e-?mail", r"\w+ icon", "go", "x"]] == [
        "sh",
        "",
        "a",
        "a",
        "ab",
        "e",
        "",
        "go",
        "x",
    ]
    assert literal_prefix("a b", limit=3) == "a b"


def test_first_char_prefilter_keeps_branches_whose_first_character_is_optional() -> None:
    patterns = [r"(a?b|c|\d+x|go+d|ab?c)", r"(x*y|[q]z|sm)+", r"zz|(w)", r"(@\w+|(\d+|an?) ago|(\d )?to .*|[%]?k)"]
    plain = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    fast = first_char_prefilter(patterns)
    lines = ["b", "ab", "Ab", "c", "y", "xy", "xxyy", "qz", "yqz", "zz", "w", "3x", "a", "x", "qq", "C", "XY"]
    lines += ["god", "good", "g", "go", "ac", "abc", "a", "sm", "smsm", "s", "SMy", "ſm", "\u212a"]
    lines += ["@bob", "@", "3 ago", "an ago", "a ago", "to x", "1 to y", "%k", "k", "K", "\u212a", "x ago"]
    assert [fast.fullmatch(t) for t in lines] == [plain.fullmatch(t) is not None for t in lines]


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


def test_prefilter_names_the_first_whole_line_rule_that_matches() -> None:
    rules = load_rules()
    full = [r for r in rules.rules if not r.search and not r.hints]
    lines = ["Home", "Share", "12 comments", "Privacy Policy | Terms", "Advertisement", "Reply", "5 min read", "x"]
    lines += ["Share | Tweet | Email", "2 hours ago", "Top", "Contact us", "Sponsored by Acme", "Read mode", "Ads"]
    for text in lines:
        want = next((k for k, r in enumerate(full) if re.fullmatch(r.regex.pattern, text, re.IGNORECASE)), None)
        assert rules.by_first.first(text) == want, text
    assert sum(rules.by_first.first(t) is not None for t in lines) >= 12


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


def test_ascii_runs_are_the_regex_runs_of_a_to_z() -> None:
    rng = random.Random(61)
    alphabet = "ab z?A1_'\t\né😀\ud800—yz"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert ascii_runs(text) == [r.encode() for r in re.findall("[a-z]+", text)], text


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


def test_hint_automaton_finds_the_lines_each_finder_finds() -> None:
    rules = load_rules()
    assert rules.automaton is not None, "pyahocorasick is a dependency: pip install -e . to get it"
    rng = random.Random(83)
    hints = sorted({h.strip("\n ") for r in rules.checked for h in r.hints} - {""})
    words = [*hints, "x", "the", "(", ")", "©", "İ", "ß", "\ud800", "😀", " ", "by", "photo"]
    builds = [rules.automaton]  # both builds (the DFA first), and each on its own
    if rules.automaton.dfa is not None:
        builds.append(dataclasses.replace(rules.automaton, automaton=None))
    if rules.automaton.automaton is not None:
        builds.append(dataclasses.replace(rules.automaton, dfa=None))
    for _ in range(300):
        texts = ["".join(rng.choice(words) for _ in range(rng.randint(1, 6))).strip() or "x" for _ in range(5)]
        lowered = "\n" + "\n".join(texts).lower() + "\n"
        starts, pos = [], 1
        for t in texts:
            starts.append(pos)
            pos += len(t) + 1
        exact = len(lowered) == pos
        for auto in builds:
            by_rule = auto.lines(lowered, starts)
            if by_rule is None:  # only the DFA build is there and it cannot read a lone surrogate
                assert auto.automaton is None and "\ud800" in lowered
                continue
            for k, (rule, finder) in enumerate(zip(rules.checked, rules.finders, strict=True)):
                if rule.hints:
                    assert by_rule[k] == finder.lines(lowered, starts, exact), (rule.id, texts)


def test_page_hits_are_the_same_without_the_automaton() -> None:
    rules = load_rules()
    plain = dataclasses.replace(rules, automaton=None)
    rng = random.Random(89)
    lines = ["Share on Facebook", "By Jane Smith", "Photo: Reuters", "© 2024 Example. All rights reserved.", "Home"]
    lines += ["Sign up for our newsletter", "Tags: a, b", "Published on May 3", "(Photo by J. Doe/AP)", "İstanbul"]
    lines += ["Jane Smith is a reporter for the paper.", "We use cookies to improve the site", "Read more: x"]
    for _ in range(200):
        page = [rng.choice(lines) for _ in range(rng.randint(1, 8))]
        n_words = [len(t.split()) for t in page]
        assert [r and r.id for r in rules.page_hits(page, n_words)] == [
            r and r.id for r in plain.page_hits(page, n_words)
        ]


def test_gated_search_regexes_find_what_the_plain_ones_find() -> None:
    rules = [r for r in load_rules().rules if r.gated is not None]
    assert len(rules) >= 3
    rng = random.Random(97)
    words = sorted({h.strip("\n ") for r in load_rules().checked for h in r.hints} - {""})
    words += ["Sign up for our", "NEWSLETTER", "Subscribe", "© 2024", "(c) 1999", "Photo", "(AP Photo)", "x", "İ"]
    words += ["We use cookies", "Share on", "ſign", "K", "\u017f", "the", " ", ".", "(", ")", "Copyright ©"]
    for _ in range(3000):
        text = "".join(rng.choice(words) + rng.choice(["", " "]) for _ in range(rng.randint(1, 8)))
        for rule in rules:
            want, got = rule.regex.search(text), rule.gated.search(text)
            assert (got and got.span()) == (want and want.span()), (rule.id, text)
    assert any(rule.gated.search("Sign up for our daily newsletter") for rule in rules)


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
