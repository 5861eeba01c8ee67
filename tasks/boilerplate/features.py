"""Shape features of a page's stripped lines: what a text-only method can see without the page's HTML."""

from __future__ import annotations

import operator
import re
from itertools import repeat

import numpy as np

from tasks.boilerplate.rules import ANCHOR, DATE, MONTH, NEWLINE, PERSON, STOP, Lexicon, Rule, RuleSet

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

_GLUE_RE = re.compile(r"[a-z?!.”)][A-Z][a-z]")
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


def title_glue(text: str, lex: Lexicon) -> bool:
    """Return True for a teaser: a Title Cased headline glued to its blurb ("Tape Gaffe Ends RunDenny Hamlin's...")."""
    for m in _GLUE_POINT_RE.finditer(text):
        cut = m.start()
        head, tail = text[:cut], text[cut:]
        word_start = head.rfind(" ") + 1
        word = (head[word_start:] + tail.split(" ", 1)[0]).strip("\"“”‘’'()[],.:;!?").lower()
        if word in lex.camel_words or word.startswith(("mc", "mac", "o'")):
            continue
        words = head.split()
        if len(words) < TITLE_GLUE_MIN_WORDS or len(tail.split()) < TITLE_GLUE_MIN_TAIL:
            continue
        content = [w for w in words if w.lower() not in _CONNECTORS]
        caps = sum(1 for w in content if w.lstrip("\"“‘'(")[:1].isupper() or w[:1].isdigit())
        if content and caps / len(content) >= TITLE_GLUE_CAP_SHARE:
            return True
    return False


_DATE_ANCHOR_RE = re.compile(r"\d{1,2}:\d\d|\b(?:19|20)\d\d\b|\d{1,2}/\d{1,2}/\d{2,4}")
_SEP_RE = re.compile(r"[|•·»›]|[ \t]/[ \t]")
_URL_RE = re.compile(r"https?://|www\.|\.com\b|\.org\b|@\w")
_SENT_RE = re.compile(r"[.!?…][\"”’)]?[ \t]+[\"“‘(]?[A-Z]")
_NOT_UPPER_RE = re.compile(r"[^A-ZÀ-ÖØ-ÞА-ЯЁ\n]+")
_NOT_DIGIT_RE = re.compile(r"[^\d\n]+")
_QUOTED_RE = re.compile(r"“[^”]*”|\"[^\"]*\"")
_CLOSERS = "\"”’')]»*"
_TERMINALS = ".!?…"
_BULLETS = "•-*·–—▪►"
_QUOTE_END = '"”’»'
_TERMINAL_CHARS = list(_TERMINALS)
_QUOTE_END_CHARS = list(_QUOTE_END)
_BULLET_CHARS = list(_BULLETS)


MARK = "\ue000"  # private-use character: regex matches are replaced by it and counted per line
_COUNT_MARK = operator.methodcaller("count", MARK)
_COUNT_COMMA = operator.methodcaller("count", ",")
_PUNCT_RE = re.compile(r"[^\w\s']+")


def _per_line_counts(regex: re.Pattern[str], joined: str, m: int) -> np.ndarray:
    """Count `regex` matches on each line of `joined` in one pass (the regex must never match a newline)."""
    return np.fromiter(map(_COUNT_MARK, regex.sub(MARK, joined).split("\n")), dtype=np.float64, count=m)


def _per_line_lengths(regex: re.Pattern[str], joined: str, m: int) -> np.ndarray:
    """Length of each line of `joined` after deleting `regex` matches (a count of the characters kept)."""
    return np.fromiter(map(len, regex.sub("", joined).split("\n")), dtype=np.float64, count=m)


def page_shape(texts: list[str], n_words: np.ndarray, hits: list[Rule | None], lex: Lexicon) -> np.ndarray:
    """Return the SHAPE_FEATURES matrix of a page's non-empty stripped lines (whole-page regex passes)."""
    m = len(texts)
    joined = "\n".join(texts).replace(MARK, "")
    n_chars = np.fromiter(map(len, texts), dtype=np.float64, count=m)
    upper = _per_line_lengths(_NOT_UPPER_RE, joined, m)
    glue = _per_line_counts(_GLUE_RE, joined, m)
    sentences = _per_line_counts(_SENT_RE, joined, m)
    seps = _per_line_counts(_SEP_RE, joined, m)
    urls = _per_line_counts(_URL_RE, joined, m)
    anchors = _per_line_counts(_DATE_ANCHOR_RE, joined, m)
    commas = np.fromiter(map(_COUNT_COMMA, texts), dtype=np.float64, count=m)
    tokens = _PUNCT_RE.sub(" ", joined.replace("’", "'")).replace("\n", " \n ").split(" ")
    n = len(tokens)
    is_number = np.fromiter(map(str.isdigit, tokens), dtype=np.float64, count=n)
    lengths = np.fromiter(map(len, tokens), dtype=np.float64, count=n)
    codes = np.fromiter(map(lex.codes.get, map(str.lower, tokens), repeat(0)), dtype=np.int64, count=n)
    line_of = np.cumsum((codes & NEWLINE) != 0)

    def per_line(values: np.ndarray) -> np.ndarray:
        """Sum per-token values into per-line totals."""
        return np.bincount(line_of, weights=values, minlength=m)[:m]

    def per_line_bit(bit: int) -> np.ndarray:
        """Count the tokens of each line whose lexicon code has `bit` set."""
        return per_line(((codes & bit) != 0).astype(np.float64))

    numbers = per_line(is_number)
    digits = per_line(is_number * lengths)
    n_tokens = per_line((lengths > 0).astype(np.float64) - (codes & NEWLINE != 0))
    stop = per_line_bit(STOP)
    datey = per_line_bit(DATE)
    person = per_line_bit(PERSON)
    caps = n_tokens - numbers - per_line(np.fromiter(map(str.islower, tokens), dtype=np.float64, count=n))
    anchors += per_line_bit(ANCHOR)
    anchors += np.minimum(numbers, 1.0) * per_line_bit(MONTH)
    letters = np.maximum(n_chars - n_words + 1 - digits, 1.0)
    n_alpha = n_tokens - numbers
    alpha = np.maximum(n_alpha, 1.0)
    for i, text in enumerate(texts):
        if person[i] and ('"' in text or "“" in text):
            toks = _PUNCT_RE.sub(" ", _QUOTED_RE.sub(" ", text.lower().replace("’", "'"))).split()
            person[i] = sum(map(lex.person12.__contains__, toks))
    lasts = [(t.rstrip(_CLOSERS) or t)[-1] for t in texts]
    last_arr = np.array(lasts)
    first_arr = np.array([t[0] for t in texts])
    end_arr = np.array([t[-1] for t in texts])
    terminal = np.isin(last_arr, _TERMINAL_CHARS).astype(np.float64)
    words = np.maximum(n_words, 1.0)
    keyword_list = (commas >= 3) & (terminal == 0) & (n_words / (commas + 1) <= 3.5) & (stop / alpha < 0.15)
    credit = np.zeros(m)
    for i in np.flatnonzero(last_arr == ")").tolist():
        credit[i] = _CREDIT_RE.search(texts[i]) is not None
    truncated = (end_arr == "…").astype(np.float64)
    for i in np.flatnonzero(end_arr == ".").tolist():
        truncated[i] = texts[i].endswith("...")
    tglue = np.zeros(m)
    for i in np.flatnonzero(glue).tolist():
        tglue[i] = title_glue(texts[i], lex)
    n_tok = np.maximum(n_alpha + numbers, 1.0)
    return np.column_stack(
        [
            np.log1p(n_words),
            np.log1p(n_chars),
            terminal,
            (last_arr == ":").astype(np.float64),
            np.isin(end_arr, _QUOTE_END_CHARS).astype(np.float64),
            stop / alpha,
            caps / alpha,
            upper / letters,
            digits / n_chars,
            np.minimum(glue, 3.0) / 3.0,
            (seps > 0).astype(np.float64),
            (urls > 0).astype(np.float64),
            np.isin(first_arr, _BULLET_CHARS).astype(np.float64),
            np.char.islower(first_arr).astype(np.float64),
            np.where(n_words > 3, np.log1p(sentences), 0.0),
            commas / words,
            np.minimum(person / words * 5.0, 1.0),
            (last_arr == "?").astype(np.float64),
            np.minimum((datey + numbers) / n_tok, 1.0),
            keyword_list.astype(np.float64),
            (n_words <= 3).astype(np.float64),
            np.fromiter((r is not None and not r.comment_start for r in hits), dtype=np.float64, count=m),
            np.fromiter((r is not None and r.comment_start for r in hits), dtype=np.float64, count=m),
            np.minimum(letters / alpha, 15.0) / 15.0,
            credit,
            (anchors > 0).astype(np.float64),
            tglue,
            ((upper / letters >= ALL_CAPS_MIN_SHARE) & (n_words >= ALL_CAPS_MIN_WORDS) & (terminal == 0)).astype(float),
            truncated * (n_words <= 25),
        ]
    )


def match_rule(text: str, n_words: int, rules: RuleSet) -> Rule | None:
    """Return the furniture rule that fires on the stripped line, if any."""
    return rules.first_match(text, n_words)
