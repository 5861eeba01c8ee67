"""Boilerplate stripper: labels every line of a crawler text dump and keeps the article body (issue 3)."""

from tasks.boilerplate.keys import corpus_stats_from_texts, document_keys, line_key
from tasks.boilerplate.model import CorpusStats, LineDecision, StripResult
from tasks.boilerplate.strip import kept_text, strip_document

__all__ = [
    "CorpusStats",
    "LineDecision",
    "StripResult",
    "corpus_stats_from_texts",
    "document_keys",
    "kept_text",
    "line_key",
    "strip_document",
]
