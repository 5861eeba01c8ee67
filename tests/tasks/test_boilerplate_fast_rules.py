"""Boilerplate fast paths for the pattern rules (prefilter, hint automaton, gated regexes), equal to the plain code."""

from __future__ import annotations

import dataclasses
import random
import re

from tasks.boilerplate.prefilter import RuleShape, first_atom, first_char_prefilter, literal_prefix, rule_shape
from tasks.boilerplate.rules import load_rules


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


def test_prefilter_names_the_first_whole_line_rule_that_matches() -> None:
    rules = load_rules()
    full = [r for r in rules.rules if not r.search and not r.hints]
    lines = ["Home", "Share", "12 comments", "Privacy Policy | Terms", "Advertisement", "Reply", "5 min read", "x"]
    lines += ["Share | Tweet | Email", "2 hours ago", "Top", "Contact us", "Sponsored by Acme", "Read mode", "Ads"]
    for text in lines:
        want = next((k for k, r in enumerate(full) if re.fullmatch(r.regex.pattern, text, re.IGNORECASE)), None)
        assert rules.by_first.first(text) == want, text
    assert sum(rules.by_first.first(t) is not None for t in lines) >= 12


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
