"""Shape features of a page's stripped lines: what a text-only method can see without the page's HTML."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import repeat

import numpy as np

from tasks.boilerplate.charclass import (
    COMMA,
    UPPER,
    code_points,
    count_per_line,
    glue_counts,
    page_classes,
    separator_lines,
)
from tasks.boilerplate.rules import ANCHOR, DATE, MONTH, NEWLINE, PERSON, STOP, Lexicon, Rule, RuleSet
from tasks.boilerplate.tokens import DECIMAL, LOWER, PageChars, char_bits, spaced_page, token_shapes

SHAPE_FEATURES: tuple[str, ...] = (
    "log_words",
    "log_chars",
    "terminal_punct",
    "colon_end",
    "quote_end",
    "stop_frac",
    "cap_frac",
    "upper_frac",
    "digit_frac",
    "glue",
    "separators",
    "url_like",
    "bullet_start",
    "lower_start",
    "log_sentences",
    "comma_rate",
    "person12",
    "question_end",
    "date_frac",
    "keyword_list",
    "short",
    "rule_hit",
    "comment_rule",
    "mean_word_len",
    "credit_paren",
    "date_anchor",
    "title_glue",
    "all_caps_long",
    "truncated",
)

_CREDIT_RE = re.compile(
    r"\(([^()]*(/|photo|image|getty|reuters|\bap\b|afp|credit|courtesy|file|epa|shutterstock)[^()]*)\)\.?$",
    re.IGNORECASE,
)
_GLUE_POINT_RE = re.compile(r"(?<=[a-z0-9?!’')])(?=[A-Z][a-z ])")
_CONNECTORS = frozenset(
    ["a", "an", "the", "of", "in", "on", "to", "for", "and", "at", "by", "with", "as", "is", "vs", "vs.", "or", "from"]
)
# Shape thresholds below were set by hand (not fitted) and checked with the site-held-out CV of train.py.
ALL_CAPS_MIN_SHARE = 0.85  # share of capitals among a line's letters for it to count as ALL CAPS
ALL_CAPS_MIN_WORDS = 6  # an ALL CAPS line this long without closing punctuation is a teaser, not a subhead
TITLE_GLUE_MIN_WORDS = 3  # words of a glued headline before its teaser text starts
TITLE_GLUE_MIN_TAIL = 5  # words of teaser text after the glue point
TITLE_GLUE_CAP_SHARE = 0.7  # share of the headline's non-connector words that are capitalised


def title_glue(text: str, lex: Lexicon, page_text: str = "") -> bool:
    """Return True for a teaser: a Title Cased headline glued to its blurb ("Tape Gaffe Ends RunDenny Hamlin's...").

    A glued word that also stands elsewhere in `page_text` (the page's lines) is a camel-cased name ("WeWork",
    "PlayStation"), written so on purpose, not two link texts run together.
    """
    for m in _GLUE_POINT_RE.finditer(text):
        cut = m.start()
        head, tail = text[:cut], text[cut:]
        word_start = head.rfind(" ") + 1
        cased = (head[word_start:] + tail.split(" ", 1)[0]).strip("\"“”‘’'()[],.:;!?")
        word = cased.lower()
        if word in lex.camel_words or word.startswith(("mc", "mac", "o'")):
            continue
        words = head.split()
        if len(words) < TITLE_GLUE_MIN_WORDS or len(tail.split()) < TITLE_GLUE_MIN_TAIL:
            continue
        content = [w for w in words if w.lower() not in _CONNECTORS]
        caps = sum(1 for w in content if w.lstrip("\"“‘'(")[:1].isupper() or w[:1].isdigit())
        if not content or caps / len(content) < TITLE_GLUE_CAP_SHARE:
            continue
        if not page_text or page_text.count(cased) <= text.count(cased) * max(page_text.count(text), 1):
            return True
    return False


# A date anchor: "12:30", a year 19xx/20xx standing alone, or "3/14/2024". Written to start with its first digit
# (the same matches as \d{1,2}:\d\d|\b(?:19|20)\d\d\b|\d{1,2}/\d{1,2}/\d{2,4}), so the regex engine skips to digits.
_DATE_ANCHOR_RE = re.compile(r"\d(?:\d?:\d\d|(?<!\w\d)(?:(?<=1)9|(?<=2)0)\d\d\b|\d?/\d{1,2}/\d{2,4})")
_URL_RE = re.compile(r"https?://|www\.|\.com\b|\.org\b|@\w")
_URL_PARTS = ("://", "www.", ".com", ".org", "@")  # one of these is in every _URL_RE match (case matters in both)
_SENT_RE = re.compile(r"[.!?…][\"”’)]?[ \t]+[\"“‘(]?[A-Z]")
_QUOTED_RE = re.compile(r"“[^”]*”|\"[^\"]*\"")
_CLOSERS = "\"”’')]»*"
_TERMINALS = ".!?…"
_BULLETS = "•-*·–—▪►"
_QUOTE_END = '"”’»'
TERMINAL, QUOTE_END, BULLET, CLOSER = 1, 2, 4, 8  # bits of _end_table


MARK = "\ue000"  # private-use character, removed from the page before the regex passes (as it always was)
_PUNCT_RE = re.compile(r"[^\w\s']+")
_NEWLINE_POINT = ord("\n")


@lru_cache(maxsize=1)
def _end_table() -> dict[str, int]:
    """Map the characters a line may start or end with to their TERMINAL, QUOTE_END, BULLET and CLOSER bits."""
    table: dict[str, int] = {}
    for chars, bit in ((_TERMINALS, TERMINAL), (_QUOTE_END, QUOTE_END), (_BULLETS, BULLET), (_CLOSERS, CLOSER)):
        for ch in chars:
            table[ch] = table.get(ch, 0) | bit
    return table


_BMP_TOP = 0xFFFF  # code points above share the table's last entry, which no end class holds
_COLON, _QUESTION, _CLOSE_PAREN, _PERIOD, _ELLIPSIS = map(ord, ":?).…")


@lru_cache(maxsize=1)
def end_bits_table() -> np.ndarray:
    """Return the BMP code point -> TERMINAL, QUOTE_END, BULLET and CLOSER bits table (the bits of _end_table)."""
    table = np.zeros(_BMP_TOP + 1, dtype=np.uint8)
    for ch, bits in _end_table().items():
        table[ord(ch)] = bits
    if table[_BMP_TOP]:
        raise RuntimeError("boilerplate end table: U+FFFF must stay unclassified (it stands for astral characters)")
    return table


def edge_chars(texts: list[str], cp: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the code points of each non-empty line's first and last character, and of its last character once
    trailing closers (quotes, brackets, "*") are stripped (the last character itself when nothing else is left).

    `cp`, if given, must be the code points of "\\n".join(texts).
    """
    if cp is None:
        cp = code_points("\n".join(texts))
    breaks = (cp == _NEWLINE_POINT).nonzero()[0]
    if len(breaks) != len(texts) - 1:  # a line holding a newline of its own: read the lines one by one
        firsts = [ord(t[0]) for t in texts]
        ends = [ord(t[-1]) for t in texts]
    else:
        firsts = np.concatenate(([0], breaks + 1))
        ends = np.concatenate((breaks - 1, [len(cp) - 1]))
        firsts, ends = cp[firsts].astype(np.int64), cp[ends].astype(np.int64)
    first_cp, end_cp = np.asarray(firsts, dtype=np.int64), np.asarray(ends, dtype=np.int64)
    last_cp = end_cp.copy()
    closer = (end_bits_table().take(np.minimum(end_cp, _BMP_TOP)) & CLOSER) != 0
    for i in closer.nonzero()[0].tolist():
        last_cp[i] = ord((texts[i].rstrip(_CLOSERS) or texts[i])[-1])
    return first_cp, end_cp, last_cp


def _per_line_counts(regex: re.Pattern[str], joined: str, char_line: np.ndarray, m: int) -> np.ndarray:
    """Count `regex` matches on each line of `joined` in one pass (the regex must never match a newline)."""
    return np.bincount(char_line[[g.start() for g in regex.finditer(joined)]], minlength=m).astype(np.float64)


def _part_lines(joined: str, parts: tuple[str, ...], char_line: np.ndarray, m: int) -> np.ndarray:
    """Mark the lines of `joined` holding one of the substrings `parts` (str.find scans, no regex)."""
    at: list[int] = []
    for part in parts:
        k = joined.find(part)
        while k >= 0:
            at.append(k)
            k = joined.find(part, k + 1)
    return np.bincount(char_line[at], minlength=m) > 0


def _lines_with_match(regex: re.Pattern[str], texts: list[str], candidates: np.ndarray) -> np.ndarray:
    """Mark (1.0) the lines among `candidates` (a mask: every line `regex` can match) where `regex` finds a match.

    The regex must not see past a line: its lookarounds treat a line's ends as the page's newlines would be.
    """
    found = np.zeros(len(texts))
    search = regex.search
    for i in candidates.nonzero()[0].tolist():
        found[i] = search(texts[i]) is not None
    return found


_CODE_BITS = np.array([STOP, DATE, PERSON, ANCHOR, MONTH], dtype=np.int64)[:, None]


def _token_line_sums(
    codes: np.ndarray, lengths: np.ndarray, is_number: np.ndarray, is_lower: np.ndarray, m: int
) -> np.ndarray:
    """Return per-line token sums, one row each: numbers, their digits, tokens, lowercase tokens, and the tokens
    whose lexicon code has STOP, DATE, PERSON, ANCHOR, MONTH (a newline token opens the line after it)."""
    newline = (codes & NEWLINE) != 0
    weights = np.empty((9, len(codes)))
    weights[0] = is_number
    weights[1] = is_number * lengths
    weights[2] = (lengths > 0).astype(np.float64) - newline
    weights[3] = is_lower
    weights[4:] = (codes & _CODE_BITS) != 0
    firsts = newline.nonzero()[0]
    starts = np.concatenate(([0], firsts))
    if len(firsts) == m - 1 and bool((np.diff(starts) > 0).all()):  # no line without tokens: one block per line
        return np.add.reduceat(weights, starts, axis=1)  # (sums of whole numbers, exact in any order)
    line_of = newline.cumsum()
    return np.array([np.bincount(line_of, weights=w, minlength=m)[:m] for w in weights])


def page_shape(
    texts: list[str], n_words: np.ndarray, hits: list[Rule | None], lex: Lexicon, chars: PageChars | None = None
) -> np.ndarray:
    """Return the SHAPE_FEATURES matrix of a page's non-empty stripped lines (whole-page regex passes).

    `chars`, if given, must be page_chars("\\n".join(texts)) of lines free of MARK (stage1_matrix shares it).
    """
    m = len(texts)
    joined = chars.joined if chars is not None else "\n".join(texts).replace(MARK, "")
    n_chars = np.array(list(map(len, texts)), dtype=np.float64)
    char_line, cls = page_classes(joined, chars.cp, chars.line) if chars is not None else page_classes(joined)
    upper = count_per_line(char_line, (cls & UPPER) != 0, m)
    commas = count_per_line(char_line, (cls & COMMA) != 0, m)
    glue = glue_counts(char_line, cls, m)
    seps = separator_lines(char_line, cls, m)
    sentences = _per_line_counts(_SENT_RE, joined, char_line, m)
    zeros = np.zeros(m)
    # every _URL_RE match holds one of _URL_PARTS: a page without them has no URL (the regex pass is skipped)
    if chars is not None:  # only whether a line has a URL or a date anchor counts: search the lines that may
        urls = _lines_with_match(_URL_RE, texts, _part_lines(joined, _URL_PARTS, char_line, m))
        anchors = _lines_with_match(_DATE_ANCHOR_RE, texts, count_per_line(char_line, (chars.bits & DECIMAL) != 0, m))
    else:
        urls = _per_line_counts(_URL_RE, joined, char_line, m) if any(map(joined.__contains__, _URL_PARTS)) else zeros
        anchors = _per_line_counts(_DATE_ANCHOR_RE, joined, char_line, m)
    spaced, spaced_cp, spaced_bits = spaced_page(joined, chars)
    lengths, is_number, is_lower = token_shapes(spaced_cp, spaced_bits)
    tokens = spaced.lower().split(" ")
    codes = np.fromiter(map(lex.codes.get, tokens, repeat(0)), dtype=np.int64, count=len(tokens))
    numbers, digits, n_tokens, lower, stop, datey, person, anchor_words, months = _token_line_sums(
        codes, lengths, is_number, is_lower, m
    )
    caps = n_tokens - numbers - lower
    anchors += anchor_words
    anchors += np.minimum(numbers, 1.0) * months
    letters = np.maximum(n_chars - n_words + 1 - digits, 1.0)
    n_alpha = n_tokens - numbers
    alpha = np.maximum(n_alpha, 1.0)
    for i in person.nonzero()[0].tolist():
        text = texts[i]
        if '"' in text or "“" in text:
            toks = _PUNCT_RE.sub(" ", _QUOTED_RE.sub(" ", text.lower().replace("’", "'"))).split()
            person[i] = sum(map(lex.person12.__contains__, toks))
    first_cp, end_cp, last_cp = edge_chars(texts, chars.cp if chars is not None else None)
    table = end_bits_table()
    last_bits = table.take(np.minimum(last_cp, _BMP_TOP))
    end_bits = table.take(np.minimum(end_cp, _BMP_TOP))
    terminal = ((last_bits & TERMINAL) != 0).astype(np.float64)
    words = np.maximum(n_words, 1.0)
    keyword_list = (commas >= 3) & (terminal == 0) & (n_words / (commas + 1) <= 3.5) & (stop / alpha < 0.15)
    credit = np.zeros(m)
    truncated = (end_cp == _ELLIPSIS).astype(np.float64)
    colon_end = (last_cp == _COLON).astype(np.float64)
    question_end = (last_cp == _QUESTION).astype(np.float64)
    for i in (last_cp == _CLOSE_PAREN).nonzero()[0].tolist():
        credit[i] = _CREDIT_RE.search(texts[i]) is not None
    for i in (end_cp == _PERIOD).nonzero()[0].tolist():
        truncated[i] = texts[i].endswith("...")
    tglue = np.zeros(m)
    for i in glue.nonzero()[0].tolist():
        tglue[i] = title_glue(texts[i], lex, joined)
    n_tok = np.maximum(n_alpha + numbers, 1.0)
    first_bullet = ((table.take(np.minimum(first_cp, _BMP_TOP)) & BULLET) != 0).astype(np.float64)
    first_lower = ((char_bits(first_cp) & LOWER) != 0).astype(np.float64)
    rule_hit = np.array([r is not None and not r.comment_start for r in hits], dtype=np.float64)
    comment_rule = np.array([r is not None and r.comment_start for r in hits], dtype=np.float64)
    return np.array(  # one row per feature, transposed: the same matrix as np.column_stack, built faster
        [
            np.log1p(n_words),
            np.log1p(n_chars),
            terminal,
            colon_end,
            ((end_bits & QUOTE_END) != 0).astype(np.float64),
            stop / alpha,
            caps / alpha,
            upper / letters,
            digits / n_chars,
            np.minimum(glue, 3.0) / 3.0,
            seps.astype(np.float64),
            (urls > 0).astype(np.float64),
            first_bullet,
            first_lower,
            np.where(n_words > 3, np.log1p(sentences), 0.0),
            commas / words,
            np.minimum(person / words * 5.0, 1.0),
            question_end,
            np.minimum((datey + numbers) / n_tok, 1.0),
            keyword_list.astype(np.float64),
            (n_words <= 3).astype(np.float64),
            rule_hit,
            comment_rule,
            np.minimum(letters / alpha, 15.0) / 15.0,
            credit,
            (anchors > 0).astype(np.float64),
            tglue,
            ((upper / letters >= ALL_CAPS_MIN_SHARE) & (n_words >= ALL_CAPS_MIN_WORDS) & (terminal == 0)).astype(float),
            truncated * (n_words <= 25),
        ]
    ).T


def match_rule(text: str, n_words: int, rules: RuleSet) -> Rule | None:
    """Return the furniture rule that fires on the stripped line, if any."""
    return rules.first_match(text, n_words)
