"""Check step: run the GX suites over this run's new rows and decide which documents go to quarantine."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from schemas.registry import DOCUMENT_TABLES, TABLES, quarantine_schema
from tasks.quality.suite_chunks import merge_summaries, validate_table_at_once
from tasks.quality.validate import SchemaValidationError
from tasks.steps.context import RunContext
from tasks.store.parquet_io import read_parquet, write_parquet

#: Staged per-document tables validated before assembly (documents first: other checks read its texts).
STAGED_TABLES = tuple(name for name in DOCUMENT_TABLES if name != "sources")
#: Documents validated together in one GX call per table. GX costs ~0.5 s per call whatever the row count (measured
#: on 2 cores: 2,000 vs 10,000 lines rows took the same time), so chunks are large; bounded, so memory stays flat.
CHECK_CHUNK_DOCS = 1000
#: Outcome summary of a table with no rows in a chunk.
EMPTY_OUTCOME: dict[str, Any] = {"rows": 0, "success": True, "failed_schema": [], "failed_rows": 0}


@dataclass(slots=True)
class CheckManifest:
    """Validation outcome of the new rows: per-table summaries and quarantined documents."""

    outcomes: dict[str, dict] = field(default_factory=dict)
    quarantined_docs: list[str] = field(default_factory=list)
    quarantined_rows: int = 0
    quarantine_dirs: dict[str, str] = field(default_factory=dict)


def staged(ctx: RunContext, table: str, parts: list[str] | None = None) -> pa.Table:
    """Staged rows of a table for this run (all parts, or the named ones)."""
    folder = ctx.staging / table
    files = sorted(folder.glob("*.parquet")) if parts is None else [folder / p for p in parts]
    return read_parquet(files, TABLES[table].schema)


def _slices_match(
    texts: dict[str, str], doc_col: str, start: str, end: str, value: str
) -> Callable[[pa.Table], pa.Array]:
    """Check builder: text[start:end] of the row's document equals the row's value column."""

    def check(t: pa.Table) -> pa.Array:
        out = []
        for doc_id, s, e, v in zip(
            t[doc_col].to_pylist(),
            t[start].to_pylist(),
            t[end].to_pylist(),
            t[value].to_pylist(),
            strict=True,
        ):
            text = texts.get(doc_id)
            out.append(
                text is not None and s is not None and e is not None and 0 <= s <= e <= len(text) and text[s:e] == v
            )
        return pa.array(out, pa.bool_())

    return check


def _pieces_within_quote(t: pa.Table) -> pa.Array:
    """Check: a quote's pieces are ordered, disjoint, non-empty spans from start_char to end_char."""
    out = []
    for s, e, starts, ends in zip(
        t["start_char"].to_pylist(),
        t["end_char"].to_pylist(),
        t["piece_starts"].to_pylist(),
        t["piece_ends"].to_pylist(),
        strict=True,
    ):
        ok = bool(starts) and starts is not None and ends is not None and len(starts) == len(ends)
        ok = ok and starts[0] == s and ends[-1] == e and all(a < b for a, b in zip(starts, ends, strict=True))
        ok = ok and all(b <= a for b, a in zip(ends, starts[1:], strict=False))
        out.append(ok)
    return pa.array(out, pa.bool_())


def _clean_from_lines(lines: pa.Table) -> Callable[[pa.Table], pa.Array]:
    """Check builder: every kept line's text sits in clean_text at its clean_start."""
    kept = lines.filter(pc.field("kept"))
    by_doc: dict[str, list[tuple[int, str]]] = {}
    for doc_id, start, text in zip(
        kept["doc_id"].to_pylist(), kept["clean_start"].to_pylist(), kept["text"].to_pylist(), strict=True
    ):
        by_doc.setdefault(doc_id, []).append((start, text))

    def check(t: pa.Table) -> pa.Array:
        out = []
        for doc_id, clean in zip(t["doc_id"].to_pylist(), t["clean_text"].to_pylist(), strict=True):
            spans = by_doc.get(doc_id, [])
            out.append(
                bool(spans)
                and all(
                    (s is not None and clean[s : s + len(x.strip())] == x.strip())
                    or (s is not None and clean[s : s + len(x)] == x)
                    for s, x in spans
                )
            )
        return pa.array(out, pa.bool_())

    return check


def checks_for(table: str, docs: pa.Table, lines: pa.Table) -> dict[str, Callable[[pa.Table], pa.Array]]:
    """Computed business-rule columns of a table (they need the documents' texts)."""
    raw = dict(zip(docs["doc_id"].to_pylist(), docs["raw_text"].to_pylist(), strict=True))
    clean = dict(zip(docs["doc_id"].to_pylist(), docs["clean_text"].to_pylist(), strict=True))
    return {
        "documents": {"clean_text_from_kept_lines": _clean_from_lines(lines)},
        "lines": {"text_at_offsets": _slices_match(raw, "doc_id", "start_char", "end_char", "text")},
        "mentions": {"text_at_offsets": _slices_match(clean, "doc_id", "start_char", "end_char", "text")},
        "quotes": {
            "text_at_offsets": _slices_match(clean, "doc_id", "start_char", "end_char", "quote_text"),
            "pieces_within_quote": _pieces_within_quote,
        },
        "stances": {
            "evidence_at_offsets": _slices_match(clean, "doc_id", "evidence_start", "evidence_end", "evidence_text")
        },
        "portrayals": {
            "evidence_at_offsets": _slices_match(clean, "doc_id", "evidence_start", "evidence_end", "evidence_text")
        },
    }.get(table, {})


def quarantine_rows(table: pa.Table, name: str, reasons: list[str], run_id: str) -> pa.Table:
    """Rows of a table annotated with the expectation they failed, in the quarantine schema."""
    schema = quarantine_schema(name)
    cols = [table[f.name] if f.name in table.column_names else None for f in schema]
    n = table.num_rows
    cols[-2] = pa.array(reasons, pa.string())
    cols[-1] = pa.array([run_id] * n, pa.string())
    return pa.Table.from_arrays([c.cast(f.type) for c, f in zip(cols, schema, strict=True)], schema=schema)


def check_chunk(ctx: RunContext, parts: list[str]) -> CheckManifest:
    """Validate the staged rows of some parts; stage quarantine rows of failing documents (moved on merge)."""
    manifest = CheckManifest()
    docs = staged(ctx, "documents", parts)
    lines = staged(ctx, "lines", parts)
    outcomes: dict[str, Any] = {}
    failed_by_doc: dict[str, str] = {}
    data: dict[str, pa.Table] = {}
    for name in STAGED_TABLES:
        table = docs if name == "documents" else lines if name == "lines" else staged(ctx, name, parts)
        data[name] = table
    if not any(t.num_rows for t in data.values()):  # nothing new (written with the registry schemas): no GX
        manifest.outcomes = {name: EMPTY_OUTCOME | {"expectations": []} for name in data}
        return manifest
    for name, table in data.items():
        outcome = validate_table_at_once(name, table, checks_for(name, docs, lines))
        outcomes[name] = outcome
        manifest.outcomes[name] = outcome.summary()
        if outcome.failed_schema:
            return manifest  # the merge raises: nothing of this run may be published
        doc_ids = table["doc_id"].to_pylist()
        for idx, names in outcome.failed_rows.items():
            failed_by_doc.setdefault(doc_ids[idx], "; ".join(names))
    manifest.quarantined_docs = sorted(failed_by_doc)
    if not failed_by_doc:
        return manifest
    bad = pa.array(manifest.quarantined_docs, pa.string())
    for name, table in data.items():
        mask = pc.is_in(table["doc_id"], value_set=bad)
        rows = table.filter(mask)
        if not rows.num_rows:
            continue
        own = outcomes[name].failed_rows
        idx = [i for i, m in enumerate(mask.to_pylist()) if m]
        reasons = [
            "; ".join(own[i]) if i in own else f"document_quarantined: {failed_by_doc[d]}"
            for i, d in zip(idx, rows["doc_id"].to_pylist(), strict=True)
        ]
        out = ctx.staging / "quarantine" / name / parts[0]
        write_parquet(out, [quarantine_rows(rows, name, reasons, ctx.run_id)], quarantine_schema(name))
        manifest.quarantine_dirs[name] = str(out.parent)
        manifest.quarantined_rows += rows.num_rows
    return manifest


def merge_checks(ctx: RunContext, manifests: list[CheckManifest]) -> CheckManifest:
    """Combine chunk outcomes; raise on any schema failure; move staged quarantine rows into the warehouse."""
    out = CheckManifest()
    for name in STAGED_TABLES:
        summaries = [m.outcomes[name] for m in manifests if name in m.outcomes]
        if summaries:
            out.outcomes[name] = merge_summaries(summaries)
    failed = {name: o["failed_schema"] for name, o in out.outcomes.items() if o["failed_schema"]}
    if failed:
        detail = "; ".join(f"table {name}: {', '.join(names)}" for name, names in failed.items())
        raise SchemaValidationError(
            f"schema-level expectation(s) failed ({detail}); nothing was published. "
            "Fix the producing stage or the suite in expectations/"
        )
    for m in manifests:
        out.quarantined_docs.extend(m.quarantined_docs)
        out.quarantined_rows += m.quarantined_rows
    out.quarantined_docs.sort()
    staged_q = ctx.staging / "quarantine"
    for name in STAGED_TABLES:
        files = sorted((staged_q / name).glob("*.parquet"))
        if not files:
            continue
        target = Path(ctx.warehouse) / f"{name}_quarantine" / f"v={ctx.run_id}"
        target.mkdir(parents=True, exist_ok=True)
        for f in files:
            os.replace(f, target / f.name)
        out.quarantine_dirs[name] = str(target)
    return out
