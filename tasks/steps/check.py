"""Check step: run the GX suites over this run's new rows and decide which documents go to quarantine."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from schemas.registry import DOCUMENT_TABLES, TABLES, quarantine_schema
from tasks.parquet_io import read_parquet, write_parquet
from tasks.steps.context import RunContext
from tasks.validate import SchemaValidationError, TableOutcome, validate_table

#: Staged per-document tables validated before assembly (documents first: other checks read its texts).
STAGED_TABLES = tuple(name for name in DOCUMENT_TABLES if name != "sources")


@dataclass(slots=True)
class CheckManifest:
    """Validation outcome of the new rows: per-table summaries and quarantined documents."""

    outcomes: dict[str, dict] = field(default_factory=dict)
    quarantined_docs: list[str] = field(default_factory=list)
    quarantined_rows: int = 0
    quarantine_dirs: dict[str, str] = field(default_factory=dict)


def staged(ctx: RunContext, table: str) -> pa.Table:
    """All staged rows of a table for this run."""
    return read_parquet(sorted((ctx.staging / table).glob("*.parquet")), TABLES[table].schema)


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
        "quotes": {"text_at_offsets": _slices_match(clean, "doc_id", "start_char", "end_char", "quote_text")},
        "stances": {
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


def run_check(ctx: RunContext) -> CheckManifest:
    """Validate the staged new rows; raise on schema failures; write quarantine parts for failing documents."""
    manifest = CheckManifest()
    docs = staged(ctx, "documents")
    lines = staged(ctx, "lines")
    outcomes: dict[str, TableOutcome] = {}
    failed_by_doc: dict[str, str] = {}
    data: dict[str, pa.Table] = {}
    for name in STAGED_TABLES:
        table = docs if name == "documents" else lines if name == "lines" else staged(ctx, name)
        data[name] = table
        outcome = validate_table(name, table, checks_for(name, docs, lines))
        outcomes[name] = outcome
        manifest.outcomes[name] = outcome.summary()
        if outcome.failed_schema:
            raise SchemaValidationError(
                f"table {name}: schema-level expectation(s) failed: {', '.join(outcome.failed_schema)}; "
                "nothing was published. Fix the producing stage or the suite in expectations/"
            )
        doc_ids = table["doc_id"].to_pylist()
        for idx, names in outcome.failed_rows.items():
            failed_by_doc.setdefault(doc_ids[idx], "; ".join(names))
    manifest.quarantined_docs = sorted(failed_by_doc)
    if failed_by_doc:
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
            out = Path(ctx.warehouse) / f"{name}_quarantine" / f"v={ctx.run_id}" / "part-0.parquet"
            write_parquet(out, [quarantine_rows(rows, name, reasons, ctx.run_id)], quarantine_schema(name))
            manifest.quarantine_dirs[name] = str(out.parent)
            manifest.quarantined_rows += rows.num_rows
    return manifest
