"""The whole-line rules' combined prefilter, split by a line's first character so most lines try few alternatives."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

_QUANTIFIERS = "?*{"  # after a branch's first character: that character is optional, so the branch may start anywhere


def _split_top(body: str) -> list[str] | None:
    """Split a regex body on its top-level "|"; None when a bracket or group is left open."""
    parts: list[str] = []
    depth, start, i, n = 0, 0, 0, len(body)
    while i < n:
        ch = body[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i += 2 if body[i + 1 : i + 2] == "^" else 1
            i += 1  # a "]" right after "[" or "[^" is a member, not the end
            while i < n and body[i] != "]":
                i += 2 if body[i] == "\\" else 1
            if i >= n:
                return None
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return None
        elif ch == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    if depth != 0:
        return None
    parts.append(body[start:])
    return parts


@dataclass(frozen=True, slots=True)
class RuleShape:
    """One whole-line rule as "(B1|B2|...)" or "(B1|B2|...)+": its branches and whether the group repeats."""

    branches: tuple[str, ...]
    repeated: bool


def rule_shape(pattern: str) -> RuleShape | None:
    """Read a rule's pattern as one group of branches (optionally repeated); None for any other shape."""
    repeated = pattern.endswith(")+")
    inner = pattern[:-1] if repeated else pattern
    if not (inner.startswith("(") and inner.endswith(")")) or inner.startswith("(?"):
        return None
    outer = _split_top(inner)
    branches = _split_top(inner[1:-1])
    if outer is None or len(outer) != 1 or branches is None:  # the first "(" must close at the end
        return None
    return RuleShape(tuple(branches), repeated)


def _first_literal(branch: str) -> str | None:
    """Return the character a branch must start with, or None when it may start otherwise (a class, a group...)."""
    if not branch or not branch[0].isalnum() or branch[1:2] in tuple(_QUANTIFIERS):
        return None
    return branch[0]


@dataclass(frozen=True, slots=True)
class FirstCharPrefilter:
    """Fullmatches a line against the alternation of whole-line rules, trying only branches its first char allows.

    A branch that starts with a literal character can only match a line starting with that character (compared as
    the regex engine compares it, case-insensitively); every other branch is kept for every line. For "(X)+",
    the first repetition takes a branch allowed by the first character and the rest may take any branch of X.
    The combined regex for a first character is built on first sight and reused.
    """

    patterns: tuple[str, ...]
    shapes: tuple[RuleShape | None, ...]
    by_first: dict[str, re.Pattern[str] | None] = field(default_factory=dict, compare=False, hash=False)

    def fullmatch(self, text: str) -> bool:
        """Return True when some rule's pattern fullmatches the non-empty `text` (as the plain alternation would)."""
        first = text[0]
        try:
            regex = self.by_first[first]
        except KeyError:
            regex = self.by_first[first] = self._build(first)
        return regex is not None and regex.fullmatch(text) is not None

    def _build(self, first: str) -> re.Pattern[str] | None:
        """Compile the alternation of every rule restricted to the branches that may start with `first`."""
        alternatives: list[str] = []
        for pattern, shape in zip(self.patterns, self.shapes, strict=True):
            if shape is None:
                alternatives.append(pattern)
                continue
            allowed = [b for b in shape.branches if _may_start(b, first)]
            if not allowed:
                continue
            head = "(?:" + "|".join(allowed) + ")"
            alternatives.append(head + "(?:" + "|".join(shape.branches) + ")*" if shape.repeated else head)
        if not alternatives:
            return None
        return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


def _may_start(branch: str, first: str) -> bool:
    """Return True unless the branch starts with a literal character that `first` does not match."""
    literal = _first_literal(branch)
    return literal is None or re.fullmatch(re.escape(literal), first, re.IGNORECASE) is not None


def first_char_prefilter(patterns: Sequence[str]) -> FirstCharPrefilter:
    """Build the prefilter over the given whole-line rule patterns (same answers as their "|"-joined alternation)."""
    return FirstCharPrefilter(tuple(patterns), tuple(rule_shape(p) for p in patterns))
