"""The pipeline fingerprint: a hash of the code and data that make a document's rows (an explicit allow-list)."""

from __future__ import annotations

import hashlib
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent

#: Per-document entry points: the steps that turn one input file into its rows.
FINGERPRINT_ENTRY_POINTS = ("steps/ingest.py", "steps/strip.py", "steps/annotate.py")

#: Modules the entry points import whose imports are not followed: run bookkeeping shared by every step (run context,
#: remembered reject outcomes, crash hooks for tests). They make no document's rows.
FINGERPRINT_BOUNDARY = frozenset(
    {"steps/context.py", "steps/outcomes.py", "steps/fingerprint.py", "store/crashpoints.py"}
)

#: Everything whose content decides a document's rows (paths relative to tasks/). Derived by following every import
#: (module level and inside functions) from FINGERPRINT_ENTRY_POINTS through tasks/, not past FINGERPRINT_BOUNDARY,
#: plus the data files those modules read (rule data, gazetteer, model artifacts, calibration). Offline training,
#: evaluation, validation, publishing and querying modules are not reachable, so editing them reprocesses nothing.
#: tests/tasks/test_pipeline_fingerprint.py recomputes the import closure and fails when a module is missing here.
FINGERPRINT_FILES = (
    # ingest: scan, decode, language, HTML extraction
    "__init__.py",
    "ingest/__init__.py",
    "ingest/decode.py",
    "ingest/html.py",
    "ingest/html_tags.json",
    "ingest/inputs.py",
    "store/__init__.py",
    "store/parquet_io.py",
    "ingest/rejects.py",
    "steps/__init__.py",
    "steps/ingest.py",
    # strip: boilerplate removal, dates, outlet, long lines
    "boilerplate/__init__.py",
    "boilerplate/charclass.py",
    "boilerplate/clean.py",
    "boilerplate/comments.py",
    "boilerplate/features.py",
    "boilerplate/hints.py",
    "boilerplate/keys.py",
    "boilerplate/labels.py",
    "boilerplate/layout.py",
    "boilerplate/lexicon.json",
    "boilerplate/model.py",
    "boilerplate/patterns.json",
    "boilerplate/prefilter.py",
    "boilerplate/rules.py",
    "boilerplate/scorer.py",
    "boilerplate/strip.py",
    "boilerplate/tokens.py",
    "boilerplate/trees.py",
    "boilerplate/weights.json",
    "boilerplate/dates.py",
    "boilerplate/outlet.py",
    "steps/strip.py",
    "boilerplate/story_clusters.py",
    # annotate: spaCy pipeline, gazetteer and linking
    "nlp/docview.py",
    "extract/linking/__init__.py",
    "extract/linking/candidates.py",
    "extract/linking/corpus.py",
    "extract/linking/fuzzy.py",
    "extract/linking/groups.py",
    "extract/linking/linker.py",
    "extract/linking/metonymy.py",
    "extract/linking/spans.py",
    "extract/linking/types.py",
    "nlp/__init__.py",
    "nlp/gazetteer.jsonl",
    "nlp/gazetteer.py",
    "nlp/pipeline.py",
    "steps/annotate.py",
    # annotate: extractors
    "extract/actions.py",
    "extract/doc_stances.py",
    "extract/entities.py",
    "extract/quotes/__init__.py",
    "extract/quotes/cues.json",
    "extract/quotes/direct.py",
    "extract/quotes/headlines.py",
    "extract/quotes/lexicon.py",
    "extract/quotes/marks.py",
    "extract/quotes/nouns.py",
    "extract/quotes/utterances.py",
    "extract/speakers.py",
    "extract/stances.py",
    "extract/__init__.py",
    "extract/actor_rules.json",
    "extract/actors.py",
    "extract/calibration.json",
    "extract/candidates.py",
    "extract/context.py",
    "extract/decide.py",
    "extract/frames.py",
    "extract/frame_lexicon.json",
    "extract/reported.py",
    "extract/genre.py",
    "extract/holders.py",
    "extract/frame_words.py",
    "extract/ties.py",
    "extract/members.py",
    "extract/bio.py",
    "extract/pipeline.py",
    "extract/scoring.py",
    # annotate: encoder runtime and its artifacts
    "extract/encoder/__init__.py",
    "extract/encoder/runtime.py",
    "extract/encoder/sentence.py",
    "extract/encoder/model/MANIFEST.json",
    "extract/encoder/model/SENTENCE_MANIFEST.json",
    "extract/encoder/model/directed.onnx",
    "extract/encoder/model/portrayal.onnx",
    "extract/encoder/model/sentence.onnx",
    "extract/encoder/model/sentence_tokenizer.json",
    "extract/encoder/model/tokenizer.json",
    # annotate: linear polarity fallback and its artifact
    "extract/polarity/__init__.py",
    "extract/polarity/fallback.py",
    "extract/polarity/features.py",
    "extract/polarity/lexicon.py",
    "extract/polarity/linear.py",
    "extract/polarity/loader.py",
    "extract/polarity/text.py",
    "extract/polarity/types.py",
    "extract/polarity/model/polarity-linear.json.gz",
)


def fingerprint_files(root: Path = PACKAGE_ROOT) -> list[Path]:
    """The allow-listed files that exist under root, sorted (an artifact may be absent: then it counts as absent)."""
    return sorted(p for p in (root / name for name in FINGERPRINT_FILES) if p.is_file())


def pipeline_fingerprint(model: str, model_version: str, root: Path = PACKAGE_ROOT) -> str:
    """Hash of the model and the code and data that make a document's rows: a change reprocesses every document."""
    digest = hashlib.sha256(f"{model}|{model_version}".encode())
    for path in fingerprint_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
