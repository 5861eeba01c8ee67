"""The cue lexicon of the quote extractor: speech verbs, position cues with the argument slots holding their content,
and the cues mined from PolNeAR train (`tasks/extract/quotes/cues.json`, rebuilt with `python -m
tasks.offline.quotes.evaluate mine`)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from tasks.extract.speakers import words

#: Lemmas of reporting verbs that introduce speech or a stated position.
CUE_VERBS = words(
    """say tell warn argue insist indicate dismiss note add claim state declare announce explain stress suggest
    accuse deny admit acknowledge assert believe charge comment complain concede confirm contend criticize criticise
    describe emphasize emphasise estimate maintain mention point predict promise recall remark reply report reiterate
    respond reveal urge vow write call agree threaten demand allege observe conclude imply caution signal hint
    reckon underline underscore tweet announce lament quip retort counter dub label brand"""
)
#: Cues whose clausal complement is not reported speech on their own ('call for', 'point at').
WEAK_CUES = frozenset({"call", "point", "agree", "maintain", "write", "report", "describe", "label", "brand", "dub"})
#: Cues of stated positions and intentions beyond speech verbs, with the argument slots holding their content
#: (a child dependency, or prep_<word>): 'demands the exclusion of X', 'calling for reforms', 'urged X to Y'.
POSITION_CUES: dict[str, tuple[str, ...]] = {
    "demand": ("dobj", "ccomp", "xcomp"),
    "call": ("dobj", "oprd", "prep_for", "xcomp"),
    "declare": ("ccomp", "dobj", "oprd"),
    "insist": ("ccomp", "prep_on"),
    "warn": ("ccomp", "xcomp", "prep_of", "prep_against", "prep_about"),
    "urge": ("xcomp", "dobj", "ccomp"),
    "reject": ("dobj", "ccomp"),
    "accuse": ("dobj", "prep_of"),
    "blame": ("dobj", "prep_for", "prep_on"),
    "praise": ("dobj", "prep_for", "prep_as"),
    "dismiss": ("dobj", "prep_as"),
    "criticize": ("dobj", "prep_for", "prep_as"),
    "criticise": ("dobj", "prep_for", "prep_as"),
    "condemn": ("dobj", "prep_for", "prep_as"),
    "denounce": ("dobj", "prep_as"),
    "blast": ("dobj", "prep_for"),
    "slam": ("dobj", "prep_for"),
    "vow": ("xcomp", "ccomp"),
    "pledge": ("xcomp", "ccomp"),
    "promise": ("xcomp", "ccomp", "dobj"),
    "threaten": ("xcomp",),
    "refuse": ("xcomp",),
    "oppose": ("dobj",),
    "endorse": ("dobj",),
    "support": ("dobj",),
    "propose": ("dobj", "xcomp", "ccomp"),
    "seek": ("xcomp",),
    "want": ("xcomp", "ccomp"),
}
#: Speech verbs keep their clausal complement as content.
SPEECH_FRAMES = ("ccomp", "xcomp")
#: Prepositions that continue an object's content ('criticized X as Y', 'blamed X for Y', 'accused X of Y').
OBJECT_PREPS = frozenset({"prep_as", "prep_for", "prep_of", "prep_over"})
#: Mined cues (tasks/extract/quotes/cues.json, PolNeAR train) are used when at least this share of a lemma's uses as a
#: verb
#: were annotated cues, over at least MIN_CUE_COUNT cues.
MIN_CUE_SHARE = 0.25
MIN_CUE_COUNT = 8
#: A mined cue below MIN_CUE_SHARE is used when, probed on PolNeAR train (tasks/offline/quotes/cue_probe.py), at least
#: MIN_PROBE_PRECISION of its MIN_PROBE_ROWS or more rows matched a gold attribution ('think', 'speak', 'like').
MIN_PROBE_ROWS = 10
MIN_PROBE_PRECISION = 0.6
#: Mined lemmas that report no position or intention of their subject ('appeared to', 'continued to', 'found').
NOT_POSITION_CUES = words(
    """appear seem continue find learn lay introduce sound identify project rattle show go take have be get do use
    try begin start need include turn give come put hold draw provide release send pass look feel see know email"""
)
#: Mined lemmas that also cue a direct quote ('asked', 'shouted', 'Sanders continued', 'the headline reads'): at least
#: MIN_DIRECT_CUES cues of direct quotes in PolNeAR train and at least MIN_DIRECT_SHARE of the lemma's uses as a verb
#: (tuned on PolNeAR train: direct-quote recall without a loss of precision or speaker accuracy).
MIN_DIRECT_CUES = 4
MIN_DIRECT_SHARE = 0.1
#: Verbs that cue a quote with a given object: 'as X put it, "..."' (9 of the 18 'put it' in PolNeAR train are cues).
PHRASE_CUES = {"put": "it"}
CUE_FILE = Path(__file__).with_name("cues.json")


@lru_cache(maxsize=1)
def content_frames() -> dict[str, frozenset[str]]:
    """Lemma -> argument slots of every cue whose content is an argument of the verb (speech, positions, mined)."""
    frames: dict[str, set[str]] = {lemma: set(SPEECH_FRAMES) for lemma in CUE_VERBS}
    for lemma, row in mined_cues().items():
        if lemma in NOT_POSITION_CUES:
            continue
        if (row["share"] >= MIN_CUE_SHARE and row["cue"] >= MIN_CUE_COUNT) or _probed_well(row):
            frames.setdefault(lemma, set()).update(row["frames"])
    for lemma, slots in POSITION_CUES.items():
        frames.setdefault(lemma, set()).update(slots)
    frames.pop("accord", None)  # 'according to' has its own rule
    return {lemma: frozenset(slots) for lemma, slots in frames.items()}


@lru_cache(maxsize=1)
def opinion_cues() -> frozenset[str]:
    """Cues taken in only by the probe ('think', 'like'): with a first-person subject they are the writer's own
    voice, not a quote."""
    return (
        frozenset(
            lemma
            for lemma, row in mined_cues().items()
            if _probed_well(row) and not (row["share"] >= MIN_CUE_SHARE and row["cue"] >= MIN_CUE_COUNT)
        )
        - CUE_VERBS
        - set(POSITION_CUES)
    )


def _probed_well(row: dict) -> bool:
    """Whether a low-share mined cue's rows matched gold attributions often enough in the probe on PolNeAR train."""
    matched, made = row.get("probe", (0, 0))
    return made >= MIN_PROBE_ROWS and matched >= MIN_PROBE_PRECISION * made


@lru_cache(maxsize=1)
def mined_cues() -> dict[str, dict]:
    """The mined cue rows of tasks/extract/quotes/cues.json (empty when the file is missing)."""
    return json.loads(CUE_FILE.read_text(encoding="utf-8"))["cues"] if CUE_FILE.exists() else {}


@lru_cache(maxsize=1)
def direct_cues() -> frozenset[str]:
    """Lemmas that cue a direct quote: the speech verbs and the mined direct-quote cues."""
    mined = {
        lemma
        for lemma, row in mined_cues().items()
        if row.get("direct", 0) >= MIN_DIRECT_CUES and row["direct"] >= MIN_DIRECT_SHARE * row["verb"]
    }
    return frozenset((CUE_VERBS | mined) - {"accord"})  # 'according to' has its own rule


@lru_cache(maxsize=1)
def cue_lemmas() -> frozenset[str]:
    """Every lemma that can be a cue verb (speech verbs, content cues, 'make' of 'make clear', 'put' of 'put it')."""
    return frozenset({*direct_cues(), *content_frames(), *PHRASE_CUES, "make"})
