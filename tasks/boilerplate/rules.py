"""Furniture rules and word lists, loaded lazily from the package's JSON data files."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_DATA_DIR = Path(__file__).parent


@dataclass(frozen=True, slots=True)
class Rule:
    """One furniture pattern: a regex over a whole stripped line, the label it gives, and its limits."""

    id: str
    label: str
    regex: re.Pattern[str]
    max_words: int
    search: bool
    comment_start: bool

    def matches(self, text: str, n_words: int) -> bool:
        """Return True when this rule fires on a stripped line of `n_words` words."""
        if n_words > self.max_words:
            return False
        return bool(self.regex.search(text) if self.search else self.regex.fullmatch(text))


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word sets used by the line shape features."""

    stopwords: frozenset[str]
    person12: frozenset[str]
    date_words: frozenset[str]
    camel_words: frozenset[str]


@dataclass(frozen=True, slots=True)
class RuleSet:
    """All rules plus a combined prefilter regex so most lines cost one match instead of one per rule."""

    rules: tuple[Rule, ...]
    prefilter: re.Pattern[str]
    prefilter_max_words: int

    def first_match(self, text: str, n_words: int) -> Rule | None:
        """Return the first rule (in file order) that fires on the line, or None."""
        if n_words <= self.prefilter_max_words and self.prefilter.fullmatch(text):
            for rule in self.rules:
                if not rule.search and rule.matches(text, n_words):
                    return rule
        for rule in self.rules:
            if rule.search and rule.matches(text, n_words):
                return rule
        return None


def _read_json(name: str) -> dict:
    """Read one of the package's JSON data files, naming it if it is missing or broken."""
    path = _DATA_DIR / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RuntimeError(f"boilerplate data file {path} is unreadable ({exc}); reinstall the package") from exc


@lru_cache(maxsize=1)
def load_rules() -> RuleSet:
    """Compile the furniture rules of patterns.json (cached after the first call)."""
    rules: list[Rule] = []
    for spec in _read_json("patterns.json")["rules"]:
        try:
            flags = 0 if spec.get("case_sensitive") else re.IGNORECASE
            regex = re.compile(spec["regex"], flags)
        except re.error as exc:
            raise RuntimeError(f"patterns.json rule {spec.get('id')!r} has a bad regex: {exc}") from exc
        rules.append(
            Rule(
                id=spec["id"],
                label=spec["label"],
                regex=regex,
                max_words=int(spec["max_words"]),
                search=bool(spec.get("search", False)),
                comment_start=bool(spec.get("comment_start", False)),
            )
        )
    full = [r for r in rules if not r.search and r.regex.flags & re.IGNORECASE]
    if any(not r.search and not r.regex.flags & re.IGNORECASE for r in rules):
        raise RuntimeError("patterns.json: a case-sensitive rule must set 'search': true (the prefilter is case-blind)")
    prefilter = re.compile("|".join(f"(?:{r.regex.pattern})" for r in full), re.IGNORECASE)
    return RuleSet(rules=tuple(rules), prefilter=prefilter, prefilter_max_words=max(r.max_words for r in full))


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Load the word lists of lexicon.json (cached after the first call)."""
    data = _read_json("lexicon.json")
    return Lexicon(
        stopwords=frozenset(data["stopwords"]),
        person12=frozenset(data["person12"]),
        date_words=frozenset(data["date_words"]),
        camel_words=frozenset(data.get("camel_words", [])),
    )
