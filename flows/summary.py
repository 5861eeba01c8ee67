"""The end-of-run summary a person reads: counts, seconds per stage and where the warehouse is."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class RunSummary:
    """Counts and timings of one refresh."""

    run_id: str
    warehouse: str
    catalog: str
    documents: int
    docs_new: int
    docs_carried: int
    lines_kept: int
    lines_dropped: int
    mentions: int
    entities: int
    quotes: int
    stances: int
    rejects: int
    quarantined_rows: int
    seconds: dict[str, float] = field(default_factory=dict)
    total_seconds: float = 0.0
    data_docs: str | None = None
    report: str | None = None
    report_error: str | None = None

    def render(self) -> str:
        """Human-readable multi-line summary."""
        stage = ", ".join(f"{k} {v:.1f}s" for k, v in self.seconds.items())
        return "\n".join(
            [
                f"run {self.run_id}: published {self.catalog}",
                f"  documents   {self.documents} ({self.docs_new} processed, {self.docs_carried} carried over)",
                f"  lines       {self.lines_kept} kept (new documents), {self.lines_dropped} dropped",
                f"  mentions    {self.mentions}   entities {self.entities}   "
                f"quotes {self.quotes}   stances {self.stances}",
                f"  rejects     {self.rejects}   quarantined rows {self.quarantined_rows}",
                f"  seconds     {stage}; total {self.total_seconds:.1f}s",
                f"  report      {self.report or f'(not written: {self.report_error})'}",
                f"  data docs   {self.data_docs or '(not written)'}",
                f'  query it:   stancewire sql "SELECT * FROM documents" --warehouse {self.warehouse}',
            ]
        )


def build_summary(ctx: Any, stages: dict[str, dict[str, Any]], total: float) -> RunSummary:
    """Summary of a finished refresh from the stage manifests."""
    rows = stages["assemble"]["rows"]
    return RunSummary(
        run_id=ctx.run_id,
        warehouse=str(ctx.warehouse),
        catalog=stages["publish"]["catalog"],
        documents=rows.get("documents", 0),
        docs_new=stages["strip"]["docs"],
        docs_carried=stages["ingest"]["docs_carried"],
        lines_kept=stages["strip"]["lines_kept"],
        lines_dropped=stages["strip"]["lines_dropped"],
        mentions=rows.get("mentions", 0),
        entities=rows.get("entities", 0),
        quotes=rows.get("quotes", 0),
        stances=rows.get("stances", 0),
        rejects=rows.get("rejects", 0),
        quarantined_rows=stages["publish"]["quarantined_rows"],
        seconds={k: v["elapsed"] for k, v in stages.items()},
        total_seconds=total,
        data_docs=stages["publish"].get("data_docs"),
        report=stages.get("report", {}).get("path"),
        report_error=stages.get("report", {}).get("error"),
    )
