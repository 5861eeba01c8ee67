"""Ingest step: scan the input directory, stage new documents in batches, record sources and rejects."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from schemas import staging, tables
from tasks.boilerplate.keys import line_long_chars, page_line_hashes
from tasks.ingest.html import is_html_doc
from tasks.ingest.inputs import (
    IngestedDoc,
    Reject,
    SourceFile,
    detect_language,
    iter_candidates,
    language_reject,
    language_text,
    safe_read_source,
    scan_error_reject,
)
from tasks.ingest.rejects import ReasonCode, reject_row
from tasks.steps.context import RunContext
from tasks.steps.outcomes import remembered_outcomes, write_staged
from tasks.store.crashpoints import pause_point
from tasks.store.parquet_io import to_table, write_parquet


@dataclass(slots=True)
class IngestManifest:
    """What the ingest step staged: batch files of new documents and the ids carried over."""

    parts: list[str] = field(default_factory=list)
    docs_new: int = 0
    docs_carried: int = 0
    files_seen: int = 0
    rejects: int = 0
    seconds: float = 0.0


def previous_documents(ctx: RunContext) -> dict[str, str]:
    """doc_id -> pipeline_version of the published documents table (empty on a first run)."""
    path = ctx.previous.get("documents")
    if not path or not Path(path).exists():
        return {}
    files = sorted(Path(path).glob("*.parquet"))
    if not files:
        return {}
    t = pq.read_table(files, columns=["doc_id", "pipeline_version"])
    return dict(zip(t.column("doc_id").to_pylist(), t.column("pipeline_version").to_pylist(), strict=True))


def unchanged_files(ctx: RunContext, current: set[str]) -> dict[str, tuple[int, Any, str, str]]:
    """source_path -> (size, mtime, doc_id, content_hash) of published files whose document is current.

    A file whose size and modification time still equal these need not be read again: its document is carried
    over (ctx.trust_file_stat; off, every file is read and hashed).
    """
    path = ctx.previous.get("sources")
    if not ctx.trust_file_stat or not current or not path or not Path(path).is_dir():
        return {}
    files = sorted(Path(path).glob("*.parquet"))
    if not files:
        return {}
    cols = ["source_path", "size_bytes", "mtime", "doc_id", "content_hash"]
    t = pq.read_table(files, columns=cols).to_pydict()
    return {
        rel: (size, mtime, doc_id, digest)
        for rel, size, mtime, doc_id, digest in zip(*(t[c] for c in cols), strict=True)
        if doc_id in current and mtime is not None
    }


def stat_unchanged(path: Path, rel: str, known: dict[str, tuple[int, Any, str, str]]) -> SourceFile | None:
    """The published record of a file whose size and mtime did not change (text not read), else None."""
    entry = known.get(rel)
    if entry is None:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None  # read_source reports it
    size, mtime, doc_id, digest = entry
    if not stat.S_ISREG(st.st_mode) or st.st_size != size or datetime.fromtimestamp(st.st_mtime, tz=UTC) != mtime:
        return None
    return SourceFile(rel, size, mtime, "", "", (), doc_id, digest)


def document_line_hashes(doc: IngestedDoc) -> list[str]:
    """line_hash of every line of a text dump, blank ones included (split as layout.split_page does); none for HTML.

    An HTML page's lines are trafilatura's, made at strip time, and are not corpus-counted furniture.
    """
    return [] if is_html_doc(doc.repairs) else page_line_hashes(doc.text.split("\n"))


def document_line_keys(text: str, hashes: list[str]) -> dict[str, int]:
    """line_hash -> characters if the line is paragraph-sized (else 0), for the distinct non-blank lines of a doc."""
    return line_long_chars(text.split("\n"), hashes)


class _Batcher:
    """Collects new documents and flushes them as staged Parquet parts."""

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        self.docs: list[IngestedDoc] = []
        self.parts: list[str] = []
        self.out = ctx.stage_dir("ingested")
        self.keys_out = ctx.stage_dir("line_keys")

    def add(self, doc: IngestedDoc) -> None:
        """Queue a document, flushing a part when the batch is full."""
        self.docs.append(doc)
        if len(self.docs) >= self.ctx.batch_docs:
            self.flush()

    def flush(self) -> None:
        """Write queued documents and their line hashes as one part."""
        if not self.docs:
            return
        name = f"part-{len(self.parts):05d}.parquet"
        hashes = [document_line_hashes(d) for d in self.docs]  # each line keyed and hashed once per refresh
        rows = [
            {
                "doc_id": d.doc_id,
                "content_hash": d.content_hash,
                "source_paths": d.source_paths,
                "byte_count": d.byte_count,
                "encoding": d.encoding,
                "repairs": list(d.repairs),
                "language": d.language,
                "raw_text": d.text,
                "line_hashes": h,
            }
            for d, h in zip(self.docs, hashes, strict=True)
        ]
        write_parquet(self.out / name, [to_table(rows, staging.INGESTED, table="ingested")], staging.INGESTED)
        keys = [
            {"doc_id": d.doc_id, "line_hash": h, "long_chars": chars}
            for d, doc_hashes in zip(self.docs, hashes, strict=True)
            if doc_hashes  # an HTML page's lines are trafilatura's, not corpus-counted furniture
            for h, chars in document_line_keys(d.text, doc_hashes).items()
        ]
        write_parquet(self.keys_out / name, [to_table(keys, staging.LINE_KEYS, table="line_keys")], staging.LINE_KEYS)
        self.parts.append(name)
        for d in self.docs:
            d.text = ""  # staged now: keep memory flat while the scan goes on (ids and paths stay)
        self.docs = []


def run_ingest(ctx: RunContext) -> IngestManifest:
    """Read every input file once; stage new or changed documents; write sources, rejects and carried ids."""
    now = datetime.now(UTC)
    previous = previous_documents(ctx)
    manifest = IngestManifest()
    batcher = _Batcher(ctx)
    seen: dict[str, IngestedDoc | None] = {}  # doc_id -> staged doc (None when carried or rejected)
    language_of: dict[str, str] = {}
    sources: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    carried: set[str] = set()
    scan_errors: list[OSError] = []
    remembered = remembered_outcomes(ctx)
    outcomes: dict[str, tuple[str, str]] = {}  # doc-level rejects decided or carried over in this run
    known = unchanged_files(ctx, {d for d, version in previous.items() if version == ctx.pipeline_version})
    for path, rel in iter_candidates(ctx.input_dir, scan_errors, skip_dir=ctx.warehouse):
        manifest.files_seen += 1
        result = stat_unchanged(path, rel, known) or safe_read_source(path, rel, ctx.max_file_bytes)
        if isinstance(result, Reject):
            rejects.append(result.row(ctx.run_id, now))
            continue
        src: SourceFile = result
        if src.doc_id not in seen:
            if previous.get(src.doc_id) == ctx.pipeline_version:
                seen[src.doc_id] = None
                carried.add(src.doc_id)
            elif src.doc_id in remembered:  # same text, same pipeline: same reject, without redoing the work
                seen[src.doc_id] = None
                outcomes[src.doc_id] = remembered[src.doc_id]
            else:
                language_of[src.doc_id] = detect_language(language_text(src.text, src.repairs))
                doc = IngestedDoc(
                    src.doc_id,
                    src.content_hash,
                    src.text,
                    src.encoding,
                    src.repairs,
                    src.size_bytes,
                    language_of[src.doc_id],
                    [rel],
                )
                if doc.language not in ("en", "und") and ctx.non_english == "reject":
                    seen[src.doc_id] = None
                else:
                    seen[src.doc_id] = doc
                    batcher.add(doc)
        elif seen[src.doc_id] is not None:
            seen[src.doc_id].source_paths.append(rel)  # staged source_paths are a hint; sources is authoritative
        lang = language_of.get(src.doc_id, "en")
        if seen[src.doc_id] is None and src.doc_id not in carried and lang not in ("en", "und"):
            stub = IngestedDoc(src.doc_id, src.content_hash, "", src.encoding, (), src.size_bytes, lang, [rel])
            (rej,) = language_reject(stub)
            rejects.append(rej.row(ctx.run_id, now))
            outcomes.setdefault(src.doc_id, (rej.reason_code.value, rej.detail))
            continue
        if src.doc_id in outcomes:
            code, detail = outcomes[src.doc_id]
            rejects.append(reject_row(rel, ReasonCode(code), detail, src.size_bytes, ctx.run_id, now))
            continue
        sources.append(
            {
                "source_path": rel,
                "doc_id": src.doc_id,
                "size_bytes": src.size_bytes,
                "mtime": src.mtime,
                "content_hash": src.content_hash,
                "run_id": ctx.run_id,
            }
        )
    rejects.extend(scan_error_reject(ctx.input_dir, exc).row(ctx.run_id, now) for exc in scan_errors)
    batcher.flush()
    pause_point("ingest")
    out = ctx.stage_dir("tables")
    write_parquet(out / "sources.parquet", [to_table(sources, tables.SOURCES, table="sources")], tables.SOURCES)
    write_parquet(out / "rejects.parquet", [to_table(rejects, tables.REJECTS, table="rejects")], tables.REJECTS)
    write_staged(ctx, outcomes)
    if not ctx.drop_missing_sources:  # keep documents whose files are gone, whatever version made them
        carried |= {d for d in previous if d not in seen}
    ids = pa.table({"doc_id": pa.array(sorted(carried), pa.string())})
    write_parquet(out / "carried.parquet", [ids], ids.schema)
    manifest.parts = batcher.parts
    manifest.docs_new = sum(1 for d in seen.values() if d is not None)
    manifest.docs_carried = len(carried)
    manifest.rejects = len(rejects)
    return manifest
