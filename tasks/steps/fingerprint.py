"""The pipeline fingerprint: a hash of the code and data that make a document's rows (an explicit allow-list)."""

from __future__ import annotations

import hashlib
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent

#: Per-document entry points: the steps that turn one input file into its rows.
FINGERPRINT_ENTRY_POINTS = ("steps/ingest.py", "steps/strip.py", "steps/annotate.py")

#: Modules the entry points import whose imports are not followed: run bookkeeping shared by every step (run context,
#: remembered reject outcomes, crash hooks for tests). They make no document's rows.
FINGERPRINT_BOUNDARY = frozenset({"steps/context.py", "steps/outcomes.py", "steps/fingerprint.py", "crashpoints.py"})

#: Everything whose content decides a document's rows (paths relative to tasks/). Derived by following every import
#: (module level and inside functions) from FINGERPRINT_ENTRY_POINTS through tasks/, not past FINGERPRINT_BOUNDARY,
#: plus the data files those modules read (rule data, gazetteer, model artifacts, calibration). Offline training,
#: evaluation, validation, publishing and querying modules are not reachable, so editing them reprocesses nothing.
#: tests/tasks/test_pipeline_fingerprint.py recomputes the import closure and fails when a module is missing here.
FINGERPRINT_FILES = (
    # ingest: scan, decode, language, HTML extraction
    "__init__.py",
    "decode.py",
    "html_extract.py",
    "html_tags.json",
    "ingest.py",
    "parquet_io.py",
    "rejects.py",
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
    "dates.py",
    "outlet.py",
    "steps/strip.py",
    "story_clusters.py",
    # annotate: spaCy pipeline, gazetteer and linking
    "docview.py",
    "linking/__init__.py",
    "linking/candidates.py",
    "linking/corpus.py",
    "linking/fuzzy.py",
    "linking/linker.py",
    "linking/metonymy.py",
    "linking/spans.py",
    "linking/types.py",
    "nlp/__init__.py",
    "nlp/gazetteer.jsonl",
    "nlp/gazetteer.py",
    "nlp/pipeline.py",
    "steps/annotate.py",
    # annotate: extractors
    "actions.py",
    "doc_stances.py",
    "entities.py",
    "quote_cues.json",
    "quote_direct.py",
    "quote_headlines.py",
    "quote_lexicon.py",
    "quote_marks.py",
    "quote_nouns.py",
    "quotes.py",
    "speakers.py",
    "stances.py",
    "extract/__init__.py",
    "extract/actor_rules.json",
    "extract/actors.py",
    "extract/calibration.json",
    "extract/candidates.py",
    "extract/context.py",
    "extract/decide.py",
    "extract/genre.py",
    "extract/pipeline.py",
    "extract/scoring.py",
    # annotate: encoder runtime and its artifacts
    "encoder/__init__.py",
    "encoder/runtime.py",
    "encoder/sentence.py",
    "encoder/model/MANIFEST.json",
    "encoder/model/SENTENCE_MANIFEST.json",
    "encoder/model/directed.onnx",
    "encoder/model/portrayal.onnx",
    "encoder/model/sentence.onnx",
    "encoder/model/sentence_tokenizer.json",
    "encoder/model/tokenizer.json",
    # annotate: linear polarity fallback and its artifact
    "polarity/__init__.py",
    "polarity/fallback.py",
    "polarity/features.py",
    "polarity/lexicon.py",
    "polarity/linear.py",
    "polarity/loader.py",
    "polarity/text.py",
    "polarity/types.py",
    "polarity/model/polarity-linear.json.gz",
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
