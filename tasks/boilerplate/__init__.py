"""Boilerplate stripper: labels every line of a crawler text dump and keeps the article body (issue 3).

How a page is stripped (`strip.strip_document`):
1. `layout.split_page` splits the raw text on newlines; every line, blank or not, gets a `LineDecision`.
2. `rules.RuleSet.page_hits` matches the furniture patterns of `patterns.json` (share bars, nav, comment markers,
   copyright, newsletter, captions, bios, ...): data, not code.
3. `features.page_shape` and `layout.stage1_matrix` describe each line by its shape (words, closing punctuation,
   stopwords, capitals, digits, glued link text, dates), its place (position, blank-line framing), its neighbours
   (windows of the same measures) and how many stories of the refresh contain it (`CorpusStats`, keyed by
   `keys.line_hash`, the hash of a line's `line_key`: the flow's ingest hashes each line of a text dump once and
   counts them in DuckDB, and the stripper reuses those hashes; `keys.corpus_stats_from_texts` counts in memory).
4. `scorer.score_lines`: stage 1, gradient-boosted trees over those features; stage 2, a logistic regression over
   the stage-1 scores around each line and the best contiguous body segment (smoothing). Weights in
   `weights.json`, trained by `python -m tasks.offline.boilerplate.train --data DEV.jsonl ...` (prints the site-held-out
   CV figure; inference needs numpy only).
5. `strip._decide`: rule and shape overrides, prose rescue next to the body, and the comment switch
   (`comments.py`: a marker line, or a marker-less change of register such as seed 003's reader comments).
6. `labels.py` names dropped lines and picks the headline, byline and dateline.

Speed (issue 3): the per-page work runs as whole-page passes. `hints.py` finds rule hints with one regex per group
of hints, `charclass.py` and `tokens.py` classify the page's code points with lookup tables (built on first use from
Python's own str predicates and regex classes) and count per line with numpy, `trees.py` walks every tree at once.
`prefilter.py` tries the whole-line rules only with the branches a line's first two characters allow, and names
the rule that matched; `comments.py` tests each line for any comment cue cheaply before tokenising it; reasons'
score strings come from exact rounding bounds. Each fast path is tested against the plain code it replaced
(`tests/tasks/test_boilerplate_fast.py`, `tests/tasks/test_boilerplate_fast_{comments,rules,features}.py`);
`bench/bench_boilerplate.py` prints pages per second on one core.
"""

from tasks.boilerplate.keys import corpus_stats_from_texts, document_keys, line_hash, line_key, page_line_hashes
from tasks.boilerplate.model import CorpusStats, LineDecision, StripResult
from tasks.boilerplate.strip import kept_text, strip_document

__all__ = [
    "CorpusStats",
    "LineDecision",
    "StripResult",
    "corpus_stats_from_texts",
    "document_keys",
    "kept_text",
    "line_hash",
    "line_key",
    "page_line_hashes",
    "strip_document",
]
