"""Strip step: corpus-level line counts, then the boilerplate stripper over every staged document."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from schemas import staging, tables
from tasks.boilerplate import CorpusStats, strip_document
from tasks.boilerplate.dates import parse_published
from tasks.boilerplate.keys import key_hash, page_line_hashes
from tasks.boilerplate.model import StripResult
from tasks.boilerplate.outlet import detect_outlet
from tasks.ingest.html import HTML_REASON_PREFIX, extract_page, is_html_doc
from tasks.ingest.rejects import ReasonCode, detail, reject_row
from tasks.steps.context import RunContext
from tasks.store.parquet_io import to_table, write_parquet


@dataclass(slots=True)
class StripManifest:
    """What the strip step staged."""

    parts: list[str] = field(default_factory=list)
    docs: int = 0
    lines_kept: int = 0
    lines_dropped: int = 0
    no_body: int = 0


def corpus_line_stats(ctx: RunContext) -> CorpusStats:
    """Count, with DuckDB, in how many stories of this refresh each line recurs (new and carried docs), by line hash.

    Copies of one story (tasks/boilerplate/story_clusters.py) count once, so their shared paragraphs are not furniture.
    New documents' rows are the ones ingest staged; a carried document's are made from its published lines with the
    same rules: a blank line is one whose key is empty, and long_chars is story_clusters.long_chars itself, called
    from DuckDB (a SQL regexp split would disagree with str.split on non-ASCII spaces such as U+00A0).
    """
    import duckdb

    from tasks.boilerplate.story_clusters import story_line_counts

    keys_glob = str(ctx.staging / "line_keys" / "*.parquet")
    has_new = any((ctx.staging / "line_keys").glob("*.parquet"))
    prev_lines = ctx.previous.get("lines")
    carried = ctx.staging / "tables" / "carried.parquet"
    con = duckdb.connect()
    try:
        selects = []
        if has_new:
            selects.append(f"SELECT doc_id, line_hash, long_chars FROM read_parquet('{keys_glob}')")
        if prev_lines and Path(prev_lines).exists() and carried.exists():
            register_long_chars(con)
            selects.append(
                "SELECT l.doc_id, l.line_hash, max(long_chars(l.text)) AS long_chars "
                f"FROM read_parquet('{Path(prev_lines) / '*.parquet'}') l "
                f"SEMI JOIN read_parquet('{carried}') c ON l.doc_id = c.doc_id WHERE l.line_hash <> '{key_hash('')}' "
                f"AND NOT starts_with(l.reason, '{HTML_REASON_PREFIX}') "  # HTML pages' lines are not counted
                "GROUP BY l.doc_id, l.line_hash"
            )
        if not selects:
            return CorpusStats(line_doc_freq={}, n_docs=0)
        counts, n_docs = story_line_counts(con, " UNION ALL ".join(selects))
    finally:
        con.close()
    return CorpusStats(line_doc_freq=counts, n_docs=n_docs)


def register_long_chars(con: Any) -> None:
    """Register story_clusters.long_chars as the DuckDB function long_chars(VARCHAR) -> BIGINT (Arrow batches)."""
    import duckdb

    from tasks.boilerplate.story_clusters import long_chars

    def batch(texts: pa.Array) -> pa.Array:
        """Return long_chars of each text of an Arrow batch."""
        return pa.array([long_chars(t) for t in texts.to_pylist()], pa.int64())

    con.create_function("long_chars", batch, [duckdb.sqltype("VARCHAR")], duckdb.sqltype("BIGINT"), type="arrow")


def source_paths_by_doc(ctx: RunContext) -> dict[str, list[str]]:
    """doc_id -> every input path of this run holding its text, in scan order (from the staged sources table)."""
    path = ctx.staging / "tables" / "sources.parquet"
    if not path.exists():
        return {}
    t = pq.read_table(path, columns=["doc_id", "source_path"])
    out: dict[str, list[str]] = {}
    for doc_id, source in zip(t["doc_id"].to_pylist(), t["source_path"].to_pylist(), strict=True):
        out.setdefault(doc_id, []).append(source)
    return out


#: lines.reason suffix of a line the page's own evidence keeps as prose though corpus evidence called it furniture
CONFLICT_REASON = "conflict:prose_recurs_in_corpus"


def keep_recurring_prose(raw: str, result: StripResult) -> StripResult:
    """The page stripped on its own evidence when corpus evidence left nothing of a page holding paragraph-sized prose.

    Corpus line counts drop a line that recurs under many stories; when that empties a page whose own evidence
    keeps paragraph-sized prose, the two disagree too strongly to trust the corpus: the prose is kept and each line
    kept against the corpus says so in its reason (CONFLICT_REASON), instead of a no_body reject.
    """
    from tasks.boilerplate.story_clusters import is_long_line

    if result.clean_text.strip():
        return result
    alone = strip_document(raw, None)
    if not any(d.kept and is_long_line(d.text) for d in alone.lines):
        return result
    lines = [d._replace(reason=f"{d.reason};{CONFLICT_REASON}") if d.kept else d for d in alone.lines]
    return replace(alone, lines=lines)


def strip_rows(
    ingested: dict[str, Any], stats: CorpusStats, ctx: RunContext, now: datetime
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Strip one staged document: its documents row and its lines rows."""
    raw = ingested["raw_text"]
    if not ingested["source_paths"]:
        raise ValueError(
            f"staged document {ingested['doc_id']} has no source path; the ingest step must record at least one"
        )
    if is_html_doc(ingested["repairs"]):  # an HTML page: trafilatura's main text, every visible line audited
        page = extract_page(raw, now)
        raw, result = page.raw_text, page.result
        hashes = page_line_hashes([d.text for d in result.lines])
    else:  # a text dump: the hashes ingest staged for its lines serve the corpus counts and lines.line_hash
        hashes = ingested.get("line_hashes") or page_line_hashes(raw.split("\n"))
        result = keep_recurring_prose(raw, strip_document(raw, stats, hashes))
    doc_id = ingested["doc_id"]
    lines = [
        {
            "doc_id": doc_id,
            "line_no": d.line_no,
            "start_char": d.start_char,
            "end_char": d.end_char,
            "text": d.text,
            "line_hash": h,
            "kept": d.kept,
            "label": d.label,
            "reason": d.reason,
            "clean_start": d.clean_start,
        }
        for d, h in zip(result.lines, hashes, strict=True)
    ]
    visible = sum(len(d.text.strip()) for d in result.lines) or 1
    kept = sum(len(d.text.strip()) for d in result.lines if d.kept)
    document = {
        "doc_id": doc_id,
        "source_path": ingested["source_paths"][0],
        "source_paths": ingested["source_paths"],
        "content_hash": ingested["content_hash"],
        "byte_count": ingested["byte_count"],
        "char_count": len(raw),
        "encoding": ingested["encoding"],
        "repairs": ingested["repairs"],
        "title": result.title,
        "outlet": detect_outlet([(d.text, d.kept) for d in result.lines]),
        "byline": result.byline,
        "published": result.published,
        "published_at": parse_published(result.published, now),
        "language": ingested["language"],
        "line_count": len(result.lines),
        "kept_line_count": sum(1 for d in result.lines if d.kept),
        "boilerplate_share": max(0.0, min(1.0, 1.0 - kept / visible)),
        "raw_text": raw,
        "clean_text": result.clean_text,
        "ingested_at": now,
        "run_id": ctx.run_id,
        "pipeline_version": ctx.pipeline_version,
    }
    return document, lines


def _no_body_rejects(row: dict[str, Any], paths: list[str], ctx: RunContext, now: datetime) -> list[dict[str, Any]]:
    """Reject rows for a document whose every line was furniture (an HTML page: trafilatura found no main text)."""
    why = (
        "trafilatura found no main text in this HTML page (its lines are furniture or it has none)"
        if is_html_doc(row["repairs"])
        else "every line was classified as furniture"
    )
    code = ReasonCode.NO_BODY
    return [reject_row(p, code, detail(code, why=why), row["byte_count"], ctx.run_id, now) for p in paths]


def write_line_stats(ctx: RunContext) -> Path:
    """Count recurring lines over the refresh once and stage them, so parts can be stripped anywhere."""
    new_docs = any((ctx.staging / "line_keys").glob("*.parquet"))
    stats = corpus_line_stats(ctx) if new_docs else CorpusStats(line_doc_freq={}, n_docs=0)
    by_hash = dict(stats.line_doc_freq)
    table = pa.table(
        {"line_hash": pa.array(list(by_hash), pa.string()), "doc_freq": pa.array(list(by_hash.values()), pa.int64())}
    )
    table = table.replace_schema_metadata(
        {**(staging.LINE_STATS.metadata or {}), b"n_docs": str(stats.n_docs).encode()}
    )
    out = ctx.stage_dir("tables") / "line_stats.parquet"
    write_parquet(out, [table], table.schema)
    return out


def read_line_stats(ctx: RunContext) -> CorpusStats:
    """The staged corpus line counts of this refresh."""
    path = ctx.staging / "tables" / "line_stats.parquet"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run write_line_stats before stripping parts")
    t = pq.read_table(path)
    n_docs = int((t.schema.metadata or {}).get(b"n_docs", b"0"))
    freq = dict(zip(t["line_hash"].to_pylist(), t["doc_freq"].to_pylist(), strict=True))
    return CorpusStats(line_doc_freq=freq, n_docs=n_docs)


def strip_part(ctx: RunContext, name: str, stats: CorpusStats | None = None) -> StripManifest:
    """Strip one staged part: write its documents and lines parts and, when needed, its no-body rejects."""
    stats = stats or read_line_stats(ctx)
    paths = source_paths_by_doc(ctx)
    now = datetime.now(UTC)
    manifest = StripManifest(parts=[name])
    ingested = pq.read_table(ctx.staging / "ingested" / name, schema=staging.INGESTED).to_pylist()
    docs, lines, no_body = [], [], []
    for row in ingested:
        row["source_paths"] = paths.get(row["doc_id"]) or row["source_paths"]
        document, doc_lines = strip_rows(row, stats, ctx, now)
        if not document["clean_text"].strip():
            no_body.extend(_no_body_rejects(row, row["source_paths"], ctx, now))
            continue
        docs.append(document)
        lines.extend(doc_lines)
        manifest.lines_kept += sum(1 for ln in doc_lines if ln["kept"])
        manifest.lines_dropped += sum(1 for ln in doc_lines if not ln["kept"])
    write_parquet(
        ctx.stage_dir("documents") / name, [to_table(docs, tables.DOCUMENTS, table="documents")], tables.DOCUMENTS
    )
    write_parquet(ctx.stage_dir("lines") / name, [to_table(lines, tables.LINES, table="lines")], tables.LINES)
    if no_body:
        write_parquet(
            ctx.stage_dir("tables") / f"rejects_no_body-{name}",
            [to_table(no_body, tables.REJECTS, table="rejects")],
            tables.REJECTS,
        )
    manifest.docs = len(docs)
    manifest.no_body = len(no_body)
    return manifest
