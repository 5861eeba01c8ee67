"""Shape features of one stripped line: what a text-only method can see without the page's HTML."""

from __future__ import annotations

import math
import re

from tasks.boilerplate.rules import Lexicon, Rule, RuleSet

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
)

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_TOKEN_RE = re.compile(r"\w+")
_GLUE_RE = re.compile(r"[a-z?!.”)][A-Z][a-z]")
_CREDIT_RE = re.compile(
    r"\(([^()]*(/|photo|image|getty|reuters|\bap\b|afp|credit|courtesy|file|epa|shutterstock)[^()]*)\)\.?$",
    re.IGNORECASE,
)
_GLUE_POINT_RE = re.compile(r"(?<=[a-z0-9?!’')])(?=[A-Z][a-z ])")
_CONNECTORS = frozenset(["a", "an", "the", "of", "in", "on", "to", "for", "and", "at", "by", "with", "as", "is", "vs", "vs.", "or", "from"])
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


_DATE_ANCHOR_RE = re.compile(
    r"\b\d{1,2}:\d{2}\b|\b(19|20)\d\d\b|\b(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*\d|"
    r"\d\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*day\b|"
    r"\bago\b|\b(gmt|utc)\b|\d{1,2}/\d{1,2}/\d{2,4}",
    re.IGNORECASE,
)
_SEP_RE = re.compile(r"[|•·»›]|\s/\s")
_URL_RE = re.compile(r"https?://|www\.|\.com\b|\.org\b|@\w")
_SENT_RE = re.compile(r"[.!?…][\"”’)]?\s+[\"“‘(]?[A-Z]")
_QUOTED_RE = re.compile(r"“[^”]*”|\"[^\"]*\"")
_CLOSERS = "\"”’')]»*"
_TERMINALS = ".!?…"
_BULLETS = "•-*·–—▪►"
_QUOTE_END = '"”’»'


def line_shape(text: str, n_words: int, rule: Rule | None, lex: Lexicon) -> list[float]:
    """Return the SHAPE_FEATURES of a non-empty stripped line, in that order."""
    n_chars = len(text)
    core = text.rstrip(_CLOSERS) or text
    last = core[-1]
    words = _WORD_RE.findall(text)
    lowered = [w.lower() for w in words]
    n_alpha = len(words) or 1
    stop = sum(1 for w in lowered if w in lex.stopwords)
    caps = sum(1 for w in words if w[0].isupper())
    letters = sum(len(w) for w in words) or 1
    upper = sum(1 for ch in text if ch.isupper())
    digits = sum(1 for ch in text if ch.isdigit())
    unquoted = _QUOTED_RE.sub(" ", text).lower() if ('"' in text or "“" in text) else text.lower()
    person = sum(1 for w in _WORD_RE.findall(unquoted) if w.replace("’", "'") in lex.person12)
    tokens = _TOKEN_RE.findall(text.lower())
    n_tok = len(tokens) or 1
    datey = sum(1 for t in tokens if t.isdigit() or t in lex.date_words)
    commas = text.count(",")
    is_terminal = last in _TERMINALS
    keyword_list = commas >= 3 and not is_terminal and n_words / (commas + 1) <= 3.5 and stop / n_alpha < 0.15
    first = text[0]
    return [
        math.log1p(n_words),
        math.log1p(n_chars),
        1.0 if is_terminal else 0.0,
        1.0 if last == ":" else 0.0,
        1.0 if text[-1] in _QUOTE_END else 0.0,
        stop / n_alpha,
        caps / n_alpha,
        upper / letters,
        digits / n_chars,
        min(len(_GLUE_RE.findall(text)), 3) / 3.0,
        1.0 if _SEP_RE.search(text) else 0.0,
        1.0 if _URL_RE.search(text) else 0.0,
        1.0 if first in _BULLETS else 0.0,
        1.0 if first.islower() else 0.0,
        math.log1p(len(_SENT_RE.findall(text))),
        commas / max(n_words, 1),
        min(person / max(n_words, 1) * 5.0, 1.0),
        1.0 if last == "?" else 0.0,
        datey / n_tok,
        1.0 if keyword_list else 0.0,
        1.0 if n_words <= 3 else 0.0,
        1.0 if rule is not None and not rule.comment_start else 0.0,
        1.0 if rule is not None and rule.comment_start else 0.0,
        min(letters / n_alpha, 15.0) / 15.0,
        1.0 if _CREDIT_RE.search(text) else 0.0,
        1.0 if _DATE_ANCHOR_RE.search(text) else 0.0,
        1.0 if _GLUE_RE.search(text) and title_glue(text, lex) else 0.0,
    ]


def match_rule(text: str, n_words: int, rules: RuleSet) -> Rule | None:
    """Return the furniture rule that fires on the stripped line, if any."""
    return rules.first_match(text, n_words)
