"""Document-level reject outcomes remembered across runs, so unchanged rejected texts are not processed again.

A text that stripped to nothing (`no_body`) or is not English (`not_english`, when such texts are rejected) gets
the same outcome from the same pipeline: the next refresh writes its rejects rows again without decoding its
language or stripping it. The ledger is internal state, versioned like the tables
(`warehouse/_outcomes/v=<run_id>/part-0.parquet`, written before the catalog swap); a run reads the ledger of the
run the catalog publishes, so a crashed run's ledger is never read (and is pruned with its versions).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tasks.ingest.rejects import ReasonCode
from tasks.steps.context import RunContext
from tasks.store.parquet_io import to_table, write_parquet

OUTCOMES_DIR = "_outcomes"
#: Reject reasons that depend only on the text and the pipeline version (so they can be remembered).
REMEMBERED = (ReasonCode.NO_BODY, ReasonCode.NOT_ENGLISH)
#: Explicit schema of the ledger (internal state: not a published table, so not in schemas/).
SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("pipeline_version", pa.string(), nullable=False),
        pa.field("reason_code", pa.string(), nullable=False),
        pa.field("detail", pa.string(), nullable=False),  # the reject message without its leading "<path>: "
    ]
)


def ledger_path(warehouse: Path, run_id: str) -> Path:
    """Where one run's ledger lives."""
    return Path(warehouse) / OUTCOMES_DIR / f"v={run_id}" / "part-0.parquet"


def staged_path(ctx: RunContext) -> Path:
    """Where the ingest step stages the outcomes it decided or carried over."""
    return ctx.staging / "tables" / "doc_outcomes.parquet"


def detail_of(message: str, path: str) -> str:
    """A reject message without its leading path (to be re-attached to each file of the same text)."""
    prefix = f"{path}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def remembered_outcomes(ctx: RunContext) -> dict[str, tuple[str, str]]:
    """doc_id -> (reason_code, detail) of the published run's ledger that still apply to this run."""
    if not ctx.previous_run_id:
        return {}
    path = ledger_path(ctx.warehouse, ctx.previous_run_id)
    if not path.exists():
        return {}
    t = pq.read_table(path, schema=SCHEMA)
    out = {}
    for doc_id, version, code, detail in zip(*(t[c].to_pylist() for c in SCHEMA.names), strict=True):
        if version == ctx.pipeline_version and code in REMEMBERED:
            if code == ReasonCode.NOT_ENGLISH and ctx.non_english != "reject":
                continue
            out[doc_id] = (code, detail)
    return out


def write_staged(ctx: RunContext, outcomes: dict[str, tuple[str, str]]) -> None:
    """Stage the outcomes the ingest step decided or carried over."""
    rows = [
        {"doc_id": d, "pipeline_version": ctx.pipeline_version, "reason_code": c, "detail": m}
        for d, (c, m) in sorted(outcomes.items())
    ]
    write_parquet(staged_path(ctx), [to_table(rows, SCHEMA, table="doc_outcomes")], SCHEMA)


def write_ledger(con: object, ctx: RunContext, sources_sql: str, rejects_sql: str) -> int:
    """Write this run's ledger: the staged outcomes plus texts the strip step found empty; return its rows."""
    parts = []
    if staged_path(ctx).exists():
        parts.append(f"SELECT doc_id, reason_code, detail FROM read_parquet('{staged_path(ctx)}')")
    if sources_sql and rejects_sql:
        parts.append(
            f"SELECT DISTINCT s.doc_id, r.reason_code, substr(r.message, length(s.source_path) + 3) AS detail "
            f"FROM ({sources_sql}) s JOIN ({rejects_sql}) r USING (source_path) "
            f"WHERE r.reason_code = '{ReasonCode.NO_BODY.value}'"
        )
    sql = (
        f"SELECT doc_id, '{ctx.pipeline_version}' AS pipeline_version, reason_code, any_value(detail) AS detail "
        f"FROM ({' UNION ALL '.join(parts)}) GROUP BY doc_id, reason_code"
        if parts
        else ""
    )
    reader = con.execute(sql).fetch_record_batch(10_000) if sql else [SCHEMA.empty_table()]  # type: ignore[attr-defined]
    return write_parquet(ledger_path(ctx.warehouse, ctx.run_id), reader, SCHEMA)
