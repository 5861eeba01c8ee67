"""Second pass of the cue mining (`python -m tasks.offline.quotes.evaluate mine`): how well the extractor does with
each mined cue whose share of annotated uses is below the lexicon's threshold
(`tasks.extract.quotes.lexicon.MIN_CUE_SHARE`).

Every mined lemma with a share of at least PROBE_SHARE (and not excluded as no position) is switched on, the
extractor runs over the annotated articles, and each lemma's rows are counted: how many it made and how many of
them matched a gold attribution (the metric of `tasks.offline.quotes.evaluate`). The counts go into the lexicon as
`probe`: [matched, predicted]; `tasks.extract.quotes.lexicon.content_frames` keeps a low-share lemma whose rows
matched often enough (e.g. 'think': people's stated opinions; not 'raise' or 'spend'). Offline only: it patches the
lexicon while it runs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

PROBE_SHARE = 0.05  # lemmas with at least this share of annotated uses are probed


def _clear_caches() -> None:
    """Forget the lexicon's cached cue sets (after patching it or when done)."""
    from tasks.extract.quotes import lexicon as lex

    for fn in (lex.mined_cues, lex.content_frames, lex.direct_cues, lex.cue_lemmas, lex.opinion_cues):
        if hasattr(fn, "cache_clear"):  # mined_cues is a plain function while patched
            fn.cache_clear()


def probe_cues(cases: Sequence[dict], docs: Sequence[Doc], lexicon: dict) -> dict[str, list[int]]:
    """[matched, predicted] rows per probed lemma, with every lemma of the lexicon at or above PROBE_SHARE on."""
    from tasks.extract.quotes import lexicon as lex
    from tasks.extract.quotes.utterances import extract_quotes
    from tasks.offline.quotes.evaluate import match, quote_record

    saved = (lex.MIN_CUE_SHARE, lex.mined_cues)
    rows = lexicon["cues"]
    probed = {
        k for k, r in rows.items() if PROBE_SHARE <= r["share"] < lex.MIN_CUE_SHARE and k not in lex.NOT_POSITION_CUES
    }
    made: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    try:
        lex.MIN_CUE_SHARE = PROBE_SHARE
        lex.mined_cues = lambda: rows  # type: ignore[assignment]
        _clear_caches()
        for case, doc in zip(cases, docs, strict=True):
            quotes = extract_quotes(doc, [])
            predicted = [quote_record(case["text"], q) for q in quotes]
            matched = {i for i, _ in match(case["text"], predicted, case.get("attributions") or [])}
            for i, q in enumerate(quotes):
                if q.cue_verb in probed:
                    made[q.cue_verb] += 1
                    hit[q.cue_verb] += i in matched
    finally:
        lex.MIN_CUE_SHARE, lex.mined_cues = saved  # type: ignore[assignment]
        _clear_caches()
    return {k: [hit[k], made[k]] for k in sorted(made)}


def add_probe(lexicon: dict, counts: dict[str, list[int]]) -> dict:
    """The lexicon with each probed lemma's [matched, predicted] as `probe`, and its `about` saying so."""
    for lemma, pair in counts.items():
        lexicon["cues"][lemma]["probe"] = pair
    lexicon["about"] += (
        f" Lemmas with a share from {PROBE_SHARE} to below the lexicon's threshold carry `probe`: [rows matching a"
        " gold attribution, rows made] when the extractor used them as cues on the same articles"
        " (tasks.offline.quotes.cue_probe)."
    )
    return lexicon
