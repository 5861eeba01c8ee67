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
    """The hints of every rule in one Aho-Corasick automaton: a single pass over the page finds all their lines."""

    automaton: object  # ahocorasick.Automaton: hint -> (length, 1 if it starts with "\\n" else 0, rule numbers)
    n_rules: int

    def lines(self, lowered: str, starts: Sequence[int]) -> list[set[int]]:
        """Return, per rule, the lines holding one of its hints: what _find_each gives for each rule's hints."""
        found: list[set[int]] = [set() for _ in range(self.n_rules)]
        for end, (size, skip, rules) in self.automaton.iter(lowered):  # type: ignore[attr-defined]
            line = bisect_right(starts, end - size + 1 + skip) - 1
            for k in rules:
                found[k].add(line)
        return found


def hint_automaton(hint_lists: Sequence[Sequence[str]]) -> HintAutomaton | None:
    """Build the automaton over each rule's (lowercased) hints; None without pyahocorasick or with an empty hint."""
    if ahocorasick is None or any(not hint for hints in hint_lists for hint in hints):
        return None
    owners: dict[str, set[int]] = {}
    for k, hints in enumerate(hint_lists):
        for hint in hints:
            owners.setdefault(hint, set()).add(k)
    automaton = ahocorasick.Automaton()
    for hint, rules in owners.items():
        automaton.add_word(hint, (len(hint), int(hint[0] == "\n"), tuple(sorted(rules))))
    automaton.make_automaton()
    return HintAutomaton(automaton, len(hint_lists))
