"""Quote-mark pairing over plain text: straight, curly and angle marks, the doubled apostrophes some newspapers
write (NYT: ''...''; also ``...''), marks of mixed styles ('“...,"'), quotes running over several sentences or
paragraphs, and apostrophes that are not quote marks. Never raises on unbalanced marks: they are skipped.

Double marks are one class: whether a mark opens or closes is read from its context (after a space or at a
paragraph start, before a word: it opens; after a word, not before one: it closes), so a quote opened with “ may
close with " and a paragraph may even open with ” (both seen in PolNeAR train). Scanning runs over a copy of the
text of the same length in which every double mark is '"' (a doubled apostrophe becomes '"' on the quote's side and
a space on the other), so offsets are those of the text.

Newspaper convention for a quote over several paragraphs: every paragraph opens with a mark, only the last one
closes. An opening mark left open at the end of a paragraph therefore continues when the next paragraph opens with
a mark; otherwise it is an unbalanced mark and dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from tasks.nlp.docview import doc_view

if TYPE_CHECKING:
    from spacy.tokens import Doc

_OPEN_CTX = " \t([{—–-/:;,…"  # characters that may precede an opening mark
MAX_SINGLE_CHARS = 300  # a single-quoted span longer than this is an apostrophe pairing, not a quote


@dataclass(frozen=True, slots=True)
class MarkedSpan:
    """The content between a pair of quote marks (offsets exclude the marks)."""

    start: int
    end: int
    single: bool  # single marks ('...' or ‘...’): often scare quotes, kept only with a reporting cue
    continued: bool  # the quote runs on into the next paragraph (no closing mark here)
    continues: bool  # this paragraph continues a quote opened in an earlier paragraph


_PAIRS = {'"': '"', "«": "»"}
_SINGLE_PAIRS = {"‘": "’", "'": "'", "‹": "›"}
_DOUBLE = str.maketrans({"“": '"', "”": '"', "„": '"'})
_DOUBLED = re.compile(r"''+|``")  # two apostrophes (or backticks) written for one double mark


@lru_cache(maxsize=16)
def _marks(*chars: str) -> re.Pattern[str]:
    """A pattern matching any of the given mark characters (the only ones a scan reacts to)."""
    return re.compile("[" + re.escape("".join(sorted(set(chars)))) + "]")


def normalise_marks(text: str) -> str:
    """A copy of the text of the same length where every double quote mark is '"': curly and low marks, and a
    doubled apostrophe ('' or ``), which becomes '"' next to the quoted words and a space on the other side."""
    norm = text.translate(_DOUBLE)
    if "''" not in norm and "``" not in norm:
        return norm
    chars = list(norm)
    for m in _DOUBLED.finditer(text):
        i, j = m.start(), m.end()
        opening = m.group().startswith("`") or (
            (i == 0 or text[i - 1].isspace() or text[i - 1] in _OPEN_CTX) and j < len(text) and not text[j].isspace()
        )
        if opening:  # ''We ... / '''inner: the double mark is the first two
            chars[i], chars[i + 1] = " ", '"'
        else:  # ...story,'' / ...'.'' : the double mark is the last two
            chars[j - 2], chars[j - 1] = '"', " "
    return "".join(chars)


def _can_open(text: str, i: int, lo: int) -> bool:
    """A mark at i can open a quote: at paragraph start or after a space (a no-break space too) or opening
    punctuation, before a non-space."""
    before_ok = i == lo or text[i - 1].isspace() or text[i - 1] in _OPEN_CTX or text[i - 1] in "‘\"'"
    after_ok = i + 1 < len(text) and not text[i + 1].isspace()
    return before_ok and after_ok


def _can_close(text: str, i: int, hi: int) -> bool:
    """A mark at i can close a quote: after a non-space, and not glued to a following letter."""
    before_ok = i > 0 and not text[i - 1].isspace()
    after_ok = i + 1 >= hi or not text[i + 1].isalnum()
    return before_ok and after_ok


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _scan(text: str, lo: int, hi: int, pairs: dict[str, str], single: bool) -> tuple[list[tuple[int, int]], int | None]:
    """Paired (start, end) content spans in text[lo:hi] and the offset of a mark still open at the end."""
    out: list[tuple[int, int]] = []
    open_at: int | None = None
    closer = ""
    for m in _marks(*pairs, *pairs.values()).finditer(text, lo, hi):  # every other character leaves the state as it is
        i, ch = m.start(), m.group()
        if open_at is not None and ch == closer and _can_close(text, i, hi):
            if not single or i - open_at <= MAX_SINGLE_CHARS:
                out.append((open_at + 1, i))
            open_at = None
        elif ch in pairs and _can_open(text, i, lo):
            if single and open_at is not None:
                continue  # nested single marks inside a single quote: leave the first open
            open_at, closer = i, pairs[ch]
    return out, open_at


def _first_mark(text: str, lo: int, hi: int) -> int:
    """Offset of the first non-space character of text[lo:hi] (hi when there is none)."""
    stripped = text[lo:hi].lstrip()
    return hi - len(stripped)


def find_marked_spans(text: str) -> list[MarkedSpan]:
    """Every quoted span of a text, in order, double-marked quotes first in priority over single ones inside them."""
    out: list[MarkedSpan] = []
    norm = normalise_marks(text)
    paragraphs = _paragraph_spans(norm)
    carrying = False
    for k, (lo, hi) in enumerate(paragraphs):
        first = _first_mark(norm, lo, hi)
        spans, open_at = _scan(norm, first, hi, _PAIRS, single=False)
        continues = carrying
        carrying = False
        for j, (s, e) in enumerate(spans):
            out.append(MarkedSpan(s, e, False, False, continues and j == 0 and s == first + 1))
        if open_at is not None:
            nxt = paragraphs[k + 1] if k + 1 < len(paragraphs) else None
            if nxt is not None and norm[_first_mark(norm, *nxt) : nxt[1]][:1] in _PAIRS:
                end = hi
                while end > open_at + 1 and norm[end - 1].isspace():
                    end -= 1
                if end - open_at > 1:
                    out.append(MarkedSpan(open_at + 1, end, False, True, continues and open_at == first))
                carrying = True
        doubles = [(m.start, m.end) for m in out if lo <= m.start < hi]
        singles, _ = _scan(norm, lo, hi, _SINGLE_PAIRS, single=True)
        for s, e in singles:
            if not any(a <= s and e <= b for a, b in doubles) and e - s >= 2:
                out.append(MarkedSpan(s, e, True, False, False))
    return sorted(out, key=lambda m: m.start)


def marked_spans(doc: Doc) -> list[MarkedSpan]:
    """The document's paired quote marks, found once per Doc (kept in its view's memo)."""
    view = doc_view(doc)
    key = ("marked_spans",)
    if key not in view.memo:
        view.memo[key] = find_marked_spans(view.text)
    return view.memo[key]
