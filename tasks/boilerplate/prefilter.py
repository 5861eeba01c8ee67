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


PREFIX_CHARS = 2  # lines are told apart by this many leading characters


def literal_prefix(branch: str, limit: int = PREFIX_CHARS) -> str:
    """Return the characters (letters, digits, spaces; at most `limit`) every match of a branch must start with."""
    prefix = ""
    for i, ch in enumerate(branch):
        if len(prefix) == limit or not (ch.isalnum() or ch == " "):
            break
        after = branch[i + 1 : i + 2]
        if after and after in _QUANTIFIERS:  # "x?", "x*", "x{0,2}": the character may be absent
            break
        prefix += ch
        if after == "+":  # "x+": x is there, but what follows it may be another x
            break
    return prefix


def _skip_class(pattern: str, i: int) -> int | None:
    """Return the index just past the character class opening at pattern[i] ("["), or None if it never closes."""
    i += 2 if pattern[i + 1 : i + 2] == "^" else 1
    i += 1  # a "]" right after "[" or "[^" is a member, not the end
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1 if i < len(pattern) else None


def _skip_group(pattern: str, i: int) -> int | None:
    """Return the index just past the group opening at pattern[i] ("("), or None if it never closes."""
    depth = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            end = _skip_class(pattern, i)
            if end is None:
                return None
            i = end
            continue
        depth += ch == "("
        depth -= ch == ")"
        i += 1
        if depth == 0:
            return i
    return None


def first_atom(branch: str) -> str | None:
    """Return a regex for the one character every match of a branch starts with, or None when that is not sure."""
    if not branch:
        return None
    ch = branch[0]
    if ch == "\\":
        if len(branch) < 2 or branch[1] in "bBAZ" or branch[1].isdigit():  # anchors and back references
            return None
        atom, end = branch[:2], 2
    elif ch == "[":
        class_end = _skip_class(branch, 0)
        if class_end is None:
            return None
        atom, end = branch[:class_end], class_end
    elif ch == "(":
        group_end = _skip_group(branch, 0)
        if branch.startswith("(?") or group_end is None:
            return None
        alternatives = _split_top(branch[1 : group_end - 1])
        atoms = [first_atom(a) for a in alternatives] if alternatives is not None else [None]
        if None in atoms:
            return None
        atom, end = "(?:" + "|".join(atoms) + ")", group_end  # type: ignore[arg-type]  # no None left
    elif ch in ".^$|)*+?{":
        return None
    else:
        atom, end = re.escape(ch), 1
    if branch[end : end + 1] in ("?", "*", "{"):  # the first atom may be absent
        return None
    return atom


@dataclass(frozen=True, slots=True)
class FirstCharPrefilter:
    """Fullmatches a line against the alternation of whole-line rules, trying only branches its first chars allow.

    A branch that starts with literal characters can only match a line starting with them (compared as the regex
    engine compares them, case-insensitively); every other branch is kept for every line. For "(X)+", the first
    repetition takes a branch allowed by the line's start and the rest may take any branch of X. The branches a
    line start allows are worked out on first sight of that start; one regex is compiled per distinct set of them.
    """

    patterns: tuple[str, ...]
    shapes: tuple[RuleShape | None, ...]
    prefixes: tuple[tuple[str, ...] | None, ...]  # per rule, the literal prefix of each branch
    atoms: tuple[tuple[str | None, ...] | None, ...]  # per rule, the first-character regex of each branch
    by_start: dict[str, re.Pattern[str] | None] = field(default_factory=dict, compare=False, hash=False)
    by_allowed: dict[tuple, re.Pattern[str] | None] = field(default_factory=dict, compare=False, hash=False)
    same_char: dict[tuple[str, str], bool] = field(default_factory=dict, compare=False, hash=False)  # memo

    def fullmatch(self, text: str) -> bool:
        """Return True when some rule's pattern fullmatches the non-empty `text` (as the plain alternation would)."""
        return self.first(text) is not None

    def first(self, text: str) -> int | None:
        """Return the index of the first pattern that fullmatches the non-empty `text` (ignoring case), or None."""
        return self.first_of_page([text])[0]

    def first_of_page(self, texts: Sequence[str], limits: Sequence[int] | None = None) -> list[int | None]:
        """Return `first` of each non-empty line (None without trying it where its limit is below 0, if given)."""
        out: list[int | None] = [None] * len(texts)
        n_words = [0] * len(texts) if limits is None else [-limit for limit in limits]
        for i, k in self.matches_of_page(texts, n_words, 0):
            out[i] = k
        return out

    def matches_of_page(self, texts: Sequence[str], n_words: Sequence[int], max_words: int) -> list[tuple[int, int]]:
        """Return (line, `first` of it) for each non-empty line of at most `max_words` words that some pattern fits."""
        found: list[tuple[int, int]] = []
        by_start = self.by_start
        get = by_start.get
        for i, (text, n) in enumerate(zip(texts, n_words, strict=True)):
            if n > max_words:
                continue
            regex = get(text[:PREFIX_CHARS], self)  # self: not seen yet (None means no rule can match such a line)
            if regex is self:
                start = text[:PREFIX_CHARS]
                regex = self._regex_for(start)
                if len(by_start) < 100_000:  # distinct line starts are few; the bound only guards memory
                    by_start[start] = regex
            if regex is not None and (match := regex.fullmatch(text)) is not None:
                # Each pattern is one named group; the alternation takes the first pattern that can match the whole
                # line, and that outer group closes after any group inside it, so it is the last one matched.
                found.append((i, int(match.lastgroup[1:])))  # type: ignore[index]
        return found

    def _matches(self, literal: str, ch: str) -> bool:
        """Return True if the regex literal `literal` matches the character `ch` case-insensitively (memoised)."""
        key = (literal, ch)
        if key not in self.same_char:
            self.same_char[key] = re.fullmatch(re.escape(literal), ch, re.IGNORECASE) is not None
        return self.same_char[key]

    def _allows(self, prefix: str, atom: str | None, start: str) -> bool:
        """Return True unless a branch with this literal prefix and first atom cannot match a line starting so."""
        if len(prefix) > len(start):  # the line is shorter than the characters the branch needs
            return False
        if prefix:
            return all(map(self._matches, prefix, start))
        if atom is None:
            return True
        key = (atom, start[0])
        if key not in self.same_char:
            self.same_char[key] = re.fullmatch(atom, start[0], re.IGNORECASE) is not None
        return self.same_char[key]

    def _regex_for(self, start: str) -> re.Pattern[str] | None:
        """Return the compiled alternation of the branches a line beginning with `start` allows."""
        allowed = tuple(
            None
            if prefixes is None or atoms is None
            else tuple(
                k for k, (pre, atom) in enumerate(zip(prefixes, atoms, strict=True)) if self._allows(pre, atom, start)
            )
            for prefixes, atoms in zip(self.prefixes, self.atoms, strict=True)
        )
        if allowed not in self.by_allowed:
            self.by_allowed[allowed] = self._build(allowed)
        return self.by_allowed[allowed]

    def _build(self, allowed: tuple) -> re.Pattern[str] | None:
        """Compile the alternation of every rule restricted to its allowed branches."""
        alternatives: list[str] = []
        for k, (pattern, shape, keep) in enumerate(zip(self.patterns, self.shapes, allowed, strict=True)):
            if shape is None or keep is None:
                alternatives.append(f"(?P<p{k}>{pattern})")
                continue
            if not keep:
                continue
            head = "(?:" + "|".join(shape.branches[b] for b in keep) + ")"
            body = head + "(?:" + "|".join(shape.branches) + ")*" if shape.repeated else head
            alternatives.append(f"(?P<p{k}>{body})")
        if not alternatives:
            return None
        return re.compile("|".join(alternatives), re.IGNORECASE)


def first_char_prefilter(patterns: Sequence[str]) -> FirstCharPrefilter:
    """Build the prefilter over the given whole-line rule patterns (same answers as their "|"-joined alternation)."""
    shapes = tuple(rule_shape(p) for p in patterns)
    prefixes = tuple(None if sh is None else tuple(map(literal_prefix, sh.branches)) for sh in shapes)
    atoms = tuple(None if sh is None else tuple(map(first_atom, sh.branches)) for sh in shapes)
    return FirstCharPrefilter(tuple(patterns), shapes, prefixes, atoms)
