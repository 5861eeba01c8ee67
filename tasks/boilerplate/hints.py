"""Finds which lines of a page contain a rule's hint words: a few whole-page passes instead of one per hint."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

try:
    import ahocorasick
except ImportError:  # HintFinder.lines gives the same lines, with one pass per hint or group of hints
    ahocorasick = None
try:
    import ahocorasick_rs
except ImportError:  # pyahocorasick's automaton finds the same matches, about 3x slower
    ahocorasick_rs = None


@dataclass(frozen=True, slots=True)
class HintFinder:
    """One rule's hints: hints sharing a non-alphanumeric first character go into one regex, the rest stay strings."""

    hints: tuple[str, ...]
    grouped: tuple[tuple[re.Pattern[str], int], ...]  # (alternation of hints, 1 if they start with "\n" else 0)
    single: tuple[str, ...]  # hints searched one by one

    def lines(self, lowered: str, starts: Sequence[int], exact: bool) -> set[int]:
        """Return the line numbers (by `starts`) holding a hint in `lowered` ("\\n"-framed, lowercased page)."""
        if not exact:  # lowercasing changed the page length: keep the original per-hint offsets, quirks and all
            return _find_each(self.hints, lowered, starts)
        found = _find_each(self.single, lowered, starts)
        for regex, skip in self.grouped:
            for m in regex.finditer(lowered):
                found.add(bisect_right(starts, m.start() + skip) - 1)
        return found


def _find_each(hints: Sequence[str], lowered: str, starts: Sequence[int]) -> set[int]:
    """Return the lines holding each occurrence of each hint, found with str.find."""
    found: set[int] = set()
    for hint in hints:
        skip = hint[0] == "\n"
        at = lowered.find(hint)
        while at >= 0:
            found.add(bisect_right(starts, at + skip) - 1)
            at = lowered.find(hint, at + 1)
    return found


def _groupable(hint: str, first: str) -> bool:
    """Return True if every occurrence of `hint` overlapping a grouped match lies on that match's line."""
    return "\n" not in hint[1:-1] and not (first == "\n" and len(hint) > 1 and hint.endswith("\n"))


def hint_finder(hints: Sequence[str]) -> HintFinder:
    """Group a rule's (lowercased) hints for HintFinder.lines."""
    by_first: dict[str, list[str]] = {}
    for hint in hints:
        by_first.setdefault(hint[0], []).append(hint)
    grouped: list[tuple[re.Pattern[str], int]] = []
    single: list[str] = []
    for first, group in by_first.items():
        if len(group) >= 2 and not first.isalnum() and all(_groupable(h, first) for h in group):
            ordered = sorted(group, key=len, reverse=True)
            grouped.append((re.compile("|".join(map(re.escape, ordered))), int(first == "\n")))
        else:
            single.extend(group)
    return HintFinder(tuple(hints), tuple(grouped), tuple(single))


@dataclass(frozen=True, slots=True)
class HintAutomaton:
    """The hints of every rule in one Aho-Corasick automaton: a single pass over the page finds all their lines.

    Two builds of the same automaton, either may be missing: ahocorasick_rs's DFA (the fastest; it reads UTF-8, so
    not a page holding a lone surrogate) and pyahocorasick's (any page).
    """

    automaton: object | None  # ahocorasick.Automaton: hint -> (length, 1 if it starts with "\\n" else 0, rule numbers)
    n_rules: int
    dfa: object | None = None  # ahocorasick_rs.AhoCorasick over `hints`, overlapping matches
    hints: tuple[str, ...] = ()  # the distinct hints, in the dfa's pattern order
    skips: tuple[int, ...] = ()  # per hint: 1 if it starts with "\\n" (the line is the one after it) else 0
    owners: tuple[tuple[int, ...], ...] = ()  # per hint: the rules it belongs to

    def lines(self, lowered: str, starts: Sequence[int]) -> list[set[int]] | None:
        """Return, per rule, the lines holding one of its hints: what _find_each gives for each rule's hints (None
        when neither build can read this page: the caller falls back to the finders)."""
        found: list[set[int]] = [set() for _ in range(self.n_rules)]
        matches = None
        if self.dfa is not None:
            try:
                matches = self.dfa.find_matches_as_indexes(lowered, overlapping=True)  # type: ignore[attr-defined]
            except UnicodeEncodeError:  # a lone surrogate: UTF-8 cannot hold it
                matches = None
        if matches is not None:
            skips, owners = self.skips, self.owners
            for hint, start, _ in matches:
                line = bisect_right(starts, start + skips[hint]) - 1
                for k in owners[hint]:
                    found[k].add(line)
            return found
        if self.automaton is None:
            return None
        for end, (size, skip, rules) in self.automaton.iter(lowered):  # type: ignore[attr-defined]
            line = bisect_right(starts, end - size + 1 + skip) - 1
            for k in rules:
                found[k].add(line)
        return found


def hint_automaton(hint_lists: Sequence[Sequence[str]]) -> HintAutomaton | None:
    """Build the automata over each rule's (lowercased) hints; None without either package or with an empty hint."""
    if (ahocorasick is None and ahocorasick_rs is None) or any(not hint for hints in hint_lists for hint in hints):
        return None
    owners: dict[str, set[int]] = {}
    for k, hints in enumerate(hint_lists):
        for hint in hints:
            owners.setdefault(hint, set()).add(k)
    automaton = None
    if ahocorasick is not None:
        automaton = ahocorasick.Automaton()
        for hint, rules in owners.items():
            automaton.add_word(hint, (len(hint), int(hint[0] == "\n"), tuple(sorted(rules))))
        automaton.make_automaton()
    distinct = tuple(owners)
    dfa = None
    if ahocorasick_rs is not None:
        dfa = ahocorasick_rs.AhoCorasick(list(distinct), implementation=ahocorasick_rs.Implementation.DFA)
    return HintAutomaton(
        automaton,
        len(hint_lists),
        dfa,
        distinct,
        tuple(int(hint[0] == "\n") for hint in distinct),
        tuple(tuple(sorted(owners[hint])) for hint in distinct),
    )
