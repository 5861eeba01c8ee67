"""Annotate step: one spaCy pass per document feeding the entity, quote and stance extractors."""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

import pyarrow as pa
import pyarrow.parquet as pq

from schemas import tables
from tasks.steps.context import RunContext
from tasks.store.parquet_io import to_table, write_parquet

DOC_COLUMNS = ["doc_id", "clean_text", "title", "byline", "outlet", "language"]


@dataclass(slots=True)
class AnnotateManifest:
    """Counts and timings of the annotate step."""

    parts: list[str] = field(default_factory=list)
    docs: int = 0
    mentions: int = 0
    quotes: int = 0
    stances: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    #: doc_id -> what failed, for documents spaCy or an extractor could not process (left out, rejected as nlp_error)
    failed: dict[str, str] = field(default_factory=dict)
    #: doc_id -> the code site it failed at (failure_site): what the failure budget groups by
    failed_at: dict[str, str] = field(default_factory=dict)


def _iter_docs(ctx: RunContext, parts: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Stream (clean_text, context) tuples of the staged documents, one part at a time."""
    for name in parts:
        table = pq.read_table(ctx.staging / "documents" / name, columns=DOC_COLUMNS)
        for row in table.to_pylist():
            text = row["clean_text"]
            yield text, {**{k: row[k] for k in DOC_COLUMNS if k != "clean_text"}, "part": name, "text": text}


def count_docs(ctx: RunContext, parts: list[str]) -> int:
    """Number of staged documents in the given parts."""
    return sum(pq.ParquetFile(ctx.staging / "documents" / name).metadata.num_rows for name in parts)


class _PartWriter:
    """Buffers one part's output rows and writes them when the part is complete."""

    NAMES = ("mentions", "doc_entities", "quotes", "stances", "portrayals", "doc_stances")
    SCHEMAS: ClassVar[dict[str, pa.Schema]] = {
        "mentions": tables.MENTIONS,
        "doc_entities": tables.DOC_ENTITIES,
        "quotes": tables.QUOTES,
        "stances": tables.STANCES,
        "portrayals": tables.PORTRAYALS,
        "doc_stances": tables.DOC_STANCES,
    }

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        self.part: str | None = None
        self.rows: dict[str, list[dict[str, Any]]] = {n: [] for n in self.NAMES}

    def switch(self, part: str) -> None:
        """Start collecting a new part, writing the previous one."""
        if part != self.part:
            self.flush()
            self.part = part

    def flush(self) -> None:
        """Write the buffered rows of the current part."""
        if self.part is None:
            return
        for name in self.NAMES:
            schema = self.SCHEMAS[name]
            write_parquet(self.ctx.stage_dir(name) / self.part, [to_table(self.rows[name], schema, table=name)], schema)
            self.rows[name] = []
        self.part = None


@dataclass(frozen=True, slots=True)
class Models:
    """What the annotate step reads besides the texts: spaCy, the gazetteer, and the stance models."""

    nlp: Any
    gazetteer: Any
    polarity: Any  # linear portrayal model: the fallback when the encoder artifact is missing
    encoder: Any  # tasks.extract.scoring.Scorer over the shipped encoder, or None without the artifact
    policy: Any  # tasks.extract.decide.Policy: calibration and row thresholds


@cache
def _stance_scorer() -> Any:
    """The shipped stance encoder as a scorer (once per process), or None with a warning naming what is missing."""
    from tasks.extract.encoder import DEFAULT_MODEL_DIR
    from tasks.extract.scoring import load_scorer

    scorer = load_scorer()
    if scorer is None:
        logging.getLogger("stancewire").warning(
            "stance encoder artifact not found in %s: stances fall back to the rule extractor (stances.method "
            "rules-v2+...); run `make train-stance` or restore the files from git",
            DEFAULT_MODEL_DIR,
        )
    return scorer


def load_models(ctx: RunContext) -> Models:
    """Load (once per process: each loader is cached) the pipeline and the models the extractors use."""
    from tasks.extract.decide import load_policy
    from tasks.extract.polarity import load_polarity_model
    from tasks.nlp.gazetteer import load_gazetteer
    from tasks.nlp.pipeline import shared_nlp

    return Models(
        shared_nlp(ctx.model),
        load_gazetteer(),
        load_polarity_model(ctx.polarity_model),
        _stance_scorer(),
        load_policy(),
    )


def _annotate_stream(stream: Any, models: Models, writer: _PartWriter, manifest: AnnotateManifest) -> None:
    """Run the extractors over a stream of (Doc, meta) and buffer their rows in the writer.

    One way per document: mentions -> quotes -> one DocContext -> candidate pairs -> model -> rows.
    """
    # extractors import spaCy: imported here, only when there is text to annotate
    from tasks.extract.context import build_context
    from tasks.extract.doc_stances import doc_stance_rows
    from tasks.extract.entities import extract_entities
    from tasks.extract.pipeline import extract_doc, fallback_doc
    from tasks.extract.quotes.utterances import extract_quotes, quote_rows, speaker_resolver
    from tasks.nlp.docview import attach_view, release_view

    spent = manifest.seconds
    for doc, meta in stream:
        t1 = time.perf_counter()
        writer.switch(meta["part"])
        doc_id = meta["doc_id"]
        try:
            attach_view(doc, meta.get("text"))  # the Doc's text is the one it was made from: no rebuild from its tokens
            found = extract_entities(doc_id, doc, models.gazetteer, title_len=len(meta["title"] or ""))
            t2 = time.perf_counter()
            resolver = speaker_resolver(doc, found.links)  # one per document: quotes, then stances
            quotes = extract_quotes(doc, found.links, resolver)
            t3 = time.perf_counter()
            ctx = build_context(
                doc_id,
                doc,
                found.links,
                quotes,
                title=meta["title"],
                byline=meta["byline"],
                outlet=meta["outlet"],
                gazetteer=models.gazetteer,
                resolver=resolver,
            )
            if models.encoder is not None:
                rows = extract_doc(ctx, models.encoder, models.policy)
            else:
                rows = fallback_doc(ctx, models.polarity)
            doc_stances = doc_stance_rows(doc_id, rows.portrayals, found.doc_entities)
        except Exception as exc:  # one document an extractor cannot handle must not stop the refresh
            manifest.failed[doc_id] = failure_note("extraction", exc)
            manifest.failed_at[doc_id] = failure_site("extraction", exc)
            continue
        finally:
            release_view(doc)  # the Doc's shared view (tasks/nlp/docview.py) goes with its rows
        t4 = time.perf_counter()
        spent["entities"] = spent.get("entities", 0.0) + t2 - t1
        spent["quotes"] = spent.get("quotes", 0.0) + t3 - t2
        spent["stances"] = spent.get("stances", 0.0) + t4 - t3
        writer.rows["mentions"].extend(found.mentions)
        writer.rows["doc_entities"].extend(found.doc_entities)
        writer.rows["quotes"].extend(quote_rows(doc_id, quotes))
        writer.rows["stances"].extend(rows.stances)
        writer.rows["portrayals"].extend(rows.portrayals)
        writer.rows["doc_stances"].extend(doc_stances)
        manifest.docs += 1
        manifest.mentions += len(found.mentions)
        manifest.quotes += len(quotes)
        manifest.stances += len(rows.stances)


def failure_note(stage: str, exc: BaseException) -> str:
    """One line saying what failed on a document, for its nlp_error reject."""
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
    return f"{stage} failed: {type(exc).__name__}: {str(exc)[:200]}{at}"


def failure_site(stage: str, exc: BaseException) -> str:
    """Where a document failed: stage, exception type and the innermost code line (no per-document message)."""
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
    return f"{stage}: {type(exc).__name__}{at}"


class SystemicFailure(RuntimeError):
    """Too many new documents failed at one code site: a broken extractor or model, not strange documents."""

    def __init__(self, site: str, count: int, total: int, example_doc: str, example_note: str) -> None:
        self.site, self.count, self.total, self.example_doc = site, count, total, example_doc
        super().__init__(
            f"{count} of {total} new documents failed at the same code site ({site}), over the failure budget; "
            f"nothing was published and the warehouse is unchanged. Example: document {example_doc}: {example_note}"
        )


#: Fewest documents failing at one site that can stop a refresh (below this, failures stay nlp_error rejects).
MIN_SYSTEMIC_FAILURES = 3


def check_failure_budget(
    failed: dict[str, str], failed_at: dict[str, str], total: int, max_share: float, paths: dict[str, str] | None = None
) -> None:
    """Raise SystemicFailure when more than max_share of the total new documents (and at least
    MIN_SYSTEMIC_FAILURES) failed at one code site; isolated failures stay rejects."""
    by_site: dict[str, list[str]] = {}
    for doc_id in sorted(failed):
        by_site.setdefault(failed_at.get(doc_id, failed[doc_id]), []).append(doc_id)
    if not by_site:
        return
    site, docs = max(by_site.items(), key=lambda kv: (len(kv[1]), kv[0]))
    if len(docs) >= MIN_SYSTEMIC_FAILURES and len(docs) > max_share * max(total, 1):
        example = docs[0]
        name = (paths or {}).get(example)
        raise SystemicFailure(site, len(docs), total, f"{example} ({name})" if name else example, failed[example])


def _one_by_one(
    nlp: Any, items: Iterator[tuple[str, dict[str, Any]]], failed: dict[str, str], failed_at: dict[str, str]
) -> Iterator[Any]:
    """Parse texts one at a time, recording (not raising) a text spaCy fails on."""
    for text, meta in items:
        try:
            doc = nlp(text)
        except Exception as exc:  # isolate the document that broke the batch
            failed[meta["doc_id"]] = failure_note("spaCy", exc)
            failed_at[meta["doc_id"]] = failure_site("spaCy", exc)
            continue
        yield doc, meta


def annotate_parts(ctx: RunContext, parts: list[str], n_process: int = 1) -> AnnotateManifest:
    """Run spaCy over the staged clean texts of the given parts and write their annotation parts.

    Parallelism normally comes from running parts in several worker processes (the flow's task runner), so
    n_process is 1 there; n_process > 1 lets spaCy fan one call out itself.
    """
    manifest = AnnotateManifest(parts=list(parts))
    if not count_docs(ctx, parts):
        writer = _PartWriter(ctx)
        for name in parts:  # empty parts still get (empty) annotation files
            writer.switch(name)
        writer.flush()
        return manifest
    t0 = time.perf_counter()
    models = load_models(ctx)
    manifest.seconds["load"] = time.perf_counter() - t0
    writer = _PartWriter(ctx)
    t_loop = time.perf_counter()
    # A memory zone frees the strings and caches spaCy adds for these texts once the rows are out, so a worker that
    # annotates part after part stays flat (without it the vocab grows with every new word of the corpus).
    try:
        with models.nlp.memory_zone():
            stream = models.nlp.pipe(
                _iter_docs(ctx, parts), as_tuples=True, batch_size=ctx.nlp_batch_size, n_process=max(1, n_process)
            )
            _annotate_stream(stream, models, writer, manifest)
    except Exception:  # spaCy failed inside a batch: do these parts again one text at a time to find the culprit
        manifest = AnnotateManifest(parts=list(parts), seconds={"load": manifest.seconds["load"]})
        writer = _PartWriter(ctx)
        with models.nlp.memory_zone():
            stream = _one_by_one(models.nlp, _iter_docs(ctx, parts), manifest.failed, manifest.failed_at)
            _annotate_stream(stream, models, writer, manifest)
    writer.flush()
    extract = sum(manifest.seconds.get(k, 0.0) for k in ("entities", "quotes", "stances"))
    manifest.seconds["nlp"] = max(0.0, time.perf_counter() - t_loop - extract)
    return manifest


def annotate_part(ctx: RunContext, name: str) -> AnnotateManifest:
    """Annotate one staged part in this process (the unit of work a task-runner worker gets)."""
    return annotate_parts(ctx, [name], n_process=1)
