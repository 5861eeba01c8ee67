"""Furniture rules and word lists, loaded lazily from the package's JSON data files."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from tasks.boilerplate.hints import HintAutomaton, HintFinder, hint_automaton, hint_finder
from tasks.boilerplate.prefilter import FirstCharPrefilter, first_atom, first_char_prefilter

_DATA_DIR = Path(__file__).parent
_IGNORECASE = int(re.IGNORECASE)  # a plain int: `flags & re.IGNORECASE` would go through the enum's Python code


@dataclass(frozen=True, slots=True)
class Rule:
    """One furniture pattern: a regex over a whole stripped line, the label it gives, and its limits."""

    id: str
    label: str
    regex: re.Pattern[str]
    max_words: int
    search: bool
    comment_start: bool
    hints: tuple[str, ...] = ()
    tail_only: bool = False
    gated: re.Pattern[str] | None = None  # a search rule's regex behind a lookahead on its first character

    @property
    def scan(self) -> re.Pattern[str]:
        """The regex to search with: the gated one when there is one (the same matches, most positions skipped)."""
        return self.gated if self.gated is not None else self.regex

    def matches(self, text: str, n_words: int, lowered: str | None = None) -> bool:
        """Return True when this rule fires on a stripped line of `n_words` words."""
        if n_words > self.max_words:
            return False
        if self.hints:
            low = "\n" + (lowered if lowered is not None else text.lower()) + "\n"
            if not any(map(low.__contains__, self.hints)):
                return False
        return bool(self.scan.search(text) if self.search else self.regex.fullmatch(text))


STOP, DATE, PERSON, ANCHOR, MONTH, NEWLINE = 1, 2, 4, 8, 16, 32  # bits of Lexicon.codes


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word sets used by the line shape features."""

    stopwords: frozenset[str]
    person12: frozenset[str]
    date_words: frozenset[str]
    camel_words: frozenset[str]
    anchor_words: frozenset[str]
    months: frozenset[str]
    codes: dict[str, int]  # lowercased token -> bit mask of the word lists it belongs to ("\n" -> NEWLINE)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """All rules plus a combined prefilter regex so most lines cost one match instead of one per rule."""

    rules: tuple[Rule, ...]
    prefilter: re.Pattern[str]
    prefilter_max_words: int
    checked: tuple[Rule, ...]  # rules tried one by one (hinted or searched), after the prefiltered ones
    finders: tuple[HintFinder, ...]  # the hints of each checked rule, grouped for whole-page passes
    by_first: FirstCharPrefilter  # `prefilter` split by a line's first characters (same answers, fewer branches)
    full: tuple[Rule, ...] = ()  # the whole-line rules (neither searched nor hinted) in order: the prefiltered ones
    automaton: HintAutomaton | None = None  # every checked rule's hints in one pass (same lines as the finders)

    def page_hits(self, texts: list[str], n_words: list[int], page_lower: str | None = None) -> list[Rule | None]:
        """Return the first rule firing on each line of a page; hinted rules are tried only on lines with a hint.

        `page_lower`, if given, must be "\\n".join(texts).lower().
        """
        hits: list[Rule | None] = [None] * len(texts)
        full = self.full
        for i, k in self.by_first.matches_of_page(texts, n_words, self.prefilter_max_words):
            n = n_words[i]
            if full[k].regex.flags & _IGNORECASE and n <= full[k].max_words:
                hits[i] = full[k]  # the first whole-line rule that matches, as the loop below would find
                continue
            for rule in full:
                if rule.matches(texts[i], n):
                    hits[i] = rule
                    break
        page_lower = "\n".join(texts).lower() if page_lower is None else page_lower
        lowered = "\n" + page_lower + "\n"  # newlines mark line starts and ends for the hints
        starts = list(accumulate([len(text) + 1 for text in texts], initial=1))
        pos = starts.pop()  # one past the page's last line
        exact = len(lowered) == pos  # lowercasing kept every character's offset
        pending: dict[int, set[int]] = {}
        by_rule = self.automaton.lines(lowered, starts) if self.automaton is not None else None
        for k, (rule, finder) in enumerate(zip(self.checked, self.finders, strict=True)):
            lines: Iterable[int]
            if not rule.hints:
                lines = range(len(texts))
            else:
                lines = by_rule[k] if by_rule is not None else finder.lines(lowered, starts, exact)
            for i in lines:
                if hits[i] is None and n_words[i] <= rule.max_words:
                    pending.setdefault(i, set()).add(k)
        for i, ks in pending.items():
            for k in sorted(ks):
                rule = self.checked[k]
                if rule.scan.search(texts[i]) if rule.search else rule.regex.fullmatch(texts[i]):
                    hits[i] = rule
                    break
        return hits

    def first_match(self, text: str, n_words: int) -> Rule | None:
        """Return the first rule that fires on one line (the same decision page_hits makes)."""
        return self.page_hits([text], [n_words])[0]


def _read_json(name: str) -> dict:
    """Read one of the package's JSON data files, naming it if it is missing or broken."""
    path = _DATA_DIR / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RuntimeError(f"boilerplate data file {path} is unreadable ({exc}); reinstall the package") from exc


def _gated(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """Return `regex` behind a lookahead for the character every match starts with (None when that is not sure).

    A search tries the whole alternation at every position; the lookahead, matched with the same flags, turns away
    the positions no match can start at with one test, so the gated regex finds the same matches faster.
    """
    atom = first_atom(regex.pattern)
    return None if atom is None else re.compile(f"(?={atom})(?:{regex.pattern})", regex.flags)


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
                hints=tuple(h.lower() for h in spec.get("hints", ())),
                tail_only=bool(spec.get("tail_only", False)),
                gated=_gated(regex) if spec.get("search", False) else None,
            )
        )
    full = [r for r in rules if not r.search and not r.hints]
    checked = tuple(r for r in rules if r.search or r.hints)
    prefilter = re.compile("|".join(f"(?:{r.regex.pattern})" for r in full), re.IGNORECASE)
    return RuleSet(
        rules=tuple(rules),
        prefilter=prefilter,
        prefilter_max_words=max(r.max_words for r in full),
        checked=checked,
        finders=tuple(hint_finder(r.hints) for r in checked),
        by_first=first_char_prefilter([r.regex.pattern for r in full]),
        full=tuple(full),
        automaton=hint_automaton([r.hints for r in checked]),
    )


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Load the word lists of lexicon.json (cached after the first call)."""
    data = _read_json("lexicon.json")
    codes: dict[str, int] = {"\n": NEWLINE}
    for key, bit in (("stopwords", STOP), ("date_words", DATE), ("person12", PERSON), ("anchor_words", ANCHOR)):
        for word in data.get(key, []):
            codes[word] = codes.get(word, 0) | bit
    for word in data.get("months", []):
        codes[word] = codes.get(word, 0) | MONTH
    return Lexicon(
        stopwords=frozenset(data["stopwords"]),
        person12=frozenset(data["person12"]),
        date_words=frozenset(data["date_words"]),
        camel_words=frozenset(data.get("camel_words", [])),
        anchor_words=frozenset(data.get("anchor_words", [])),
        months=frozenset(data.get("months", [])),
        codes=codes,
    )
