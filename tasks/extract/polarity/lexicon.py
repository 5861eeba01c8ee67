"""The VADER sentiment lexicon (shipped by the vaderSentiment package, MIT) and negation/clause word lists."""

from __future__ import annotations

import logging
from functools import lru_cache
from importlib import resources

log = logging.getLogger(__name__)


def _words(text: str) -> frozenset[str]:
    """A word set from a whitespace-separated list."""
    return frozenset(text.split())


NEGATORS: frozenset[str] = _words(
    """not no never nor neither without n't nobody nothing none nowhere hardly barely scarcely cannot cant
    dont doesnt didnt isnt wasnt arent werent wont wouldnt shouldnt couldnt hasnt havent hadnt aint
    don't doesn't didn't isn't wasn't aren't weren't won't wouldn't shouldn't couldn't hasn't haven't hadn't
    ain't can't don’t doesn’t didn’t isn’t wasn’t aren’t weren’t won’t wouldn’t shouldn’t couldn’t can’t"""
)
"""Words that reverse the valence of what follows them within a short scope."""

CLAUSE_BREAKS: frozenset[str] = _words(", ; : — – ( ) but while although though whereas however yet")
"""Tokens that end a clause: sentiment across them counts less towards the target."""

TARGET_NEGATORS: frozenset[str] = NEGATORS | _words("except unlike")
"""Words right before a target that flip the sentiment carried over from elsewhere ("... but not Robert")."""

SPEECH_VERBS: frozenset[str] = _words(
    """said says say told tells tell added adds wrote writes according asked asks argued argues claimed claims
    stated states tweeted tweets declared declares insisted insists explained explains noted notes warned
    warns replied replies responded responds announced announces suggested suggests"""
)
PRONOUNS: frozenset[str] = _words("he she him her his hers they them their i me my we us our you")


@lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, float]:
    """Load the VADER word -> mean valence (-4..4) table from the vaderSentiment package, lower-cased."""
    try:
        text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        log.warning("vaderSentiment lexicon not found (%s): install `vaderSentiment`; using an empty lexicon", exc)
        return {}
    table: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                table[parts[0].lower()] = float(parts[1])
            except ValueError:
                continue
    return table
