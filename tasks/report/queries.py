"""Report queries: read the published catalog (read-only) into plain Python data, nothing drawn here."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

#: A government counts as its state (gov:russia -> country:russia), as in the stance_edges view.
ROLL = """
roll AS (
  SELECT entity_id, canonical_name, type,
         CASE WHEN type = 'gov' AND parent_id IS NOT NULL THEN parent_id ELSE entity_id END AS actor_id
  FROM entities
)"""


@dataclass(slots=True)
class ReportData:
    """Everything the report shows, as plain values (JSON-serialisable)."""

    warehouse: str
    run_id: str | None
    generated_at: str
    kpis: dict[str, int]
    nodes: list[dict[str, Any]]  # actors of the network: id, name, type, held, received, documents
    edges: list[dict[str, Any]]  # holder -> target per polarity, with up to EVIDENCE_PER_EDGE evidence rows
    top_actors: list[dict[str, Any]]  # by summed salience: id, name, type, salience, documents, mentions
    stance_rows: list[dict[str, Any]]  # every stance with rolled-up actors (for the actor panel)
    timeline: list[dict[str, Any]]  # period, polarity, stances (documents with a published date only)
    timeline_unit: str  # day or month
    dated_documents: int
    has_dates: bool  # the catalog has documents.published_at
    rejects_by_reason: list[dict[str, Any]]
    boilerplate: list[dict[str, Any]]  # doc title, boilerplate_share
    quarantine: dict[str, int]  # table -> quarantined rows
    runs: list[dict[str, Any]]  # newest first
    validation: dict[str, Any]  # the latest run's per-table validation outcome
    data_docs: str | None = None  # the latest run's GX Data Docs index, if present
    notes: list[str] = field(default_factory=list)


EVIDENCE_PER_EDGE = 8
ROWS_PER_ACTOR = 50


def _rows(con: Any, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    """Run a query and return its rows as dicts."""
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _has_column(con: Any, table: str, column: str) -> bool:
    """True when a published view has the column (catalogs published before a schema change may not)."""
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_columns() WHERE database_name = current_database() "
            "AND table_name = ? AND column_name = ?",
            [table, column],
        ).fetchone()[0]
    )


def _day(value: Any) -> str | None:
    """ISO day of a timestamp or date (UTC), or None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.astimezone(UTC) if value.tzinfo else value
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def _iso(value: Any) -> str | None:
    """ISO text of a timestamp (seconds), or None."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if value.tzinfo else value.isoformat()
    return None if value is None else str(value)


def load_report_data(warehouse: Path, *, max_edges: int = 60, top_n: int = 20, last_runs: int = 10) -> ReportData:
    """Query the published catalog of a warehouse for the report (raises FileNotFoundError when none is published)."""
    from tasks.store.publish import catalog_path, open_catalog

    path = catalog_path(warehouse)
    if not path.exists():
        raise FileNotFoundError(f"no published catalog at {path}; run `stancewire refresh` first")
    con = open_catalog(path)
    try:
        return _load(con, Path(warehouse), max_edges=max_edges, top_n=top_n, last_runs=last_runs)
    finally:
        con.close()


def _load(con: Any, warehouse: Path, *, max_edges: int, top_n: int, last_runs: int) -> ReportData:
    has_dates = _has_column(con, "documents", "published_at")
    pub = "d.published_at" if has_dates else "CAST(NULL AS TIMESTAMPTZ)"
    stance_rows = _rows(
        con,
        f"""
        WITH {ROLL}
        SELECT coalesce(h.actor_id, s.holder_id) AS holder, coalesce(t.actor_id, s.target_id) AS target,
               s.polarity, s.confidence, s.attribution, s.evidence_text AS evidence, s.doc_id,
               coalesce(d.title, d.source_path) AS title, {pub} AS published_at
        FROM stances s
        LEFT JOIN roll h ON h.entity_id = s.holder_id
        LEFT JOIN roll t ON t.entity_id = s.target_id
        LEFT JOIN documents d ON d.doc_id = s.doc_id
        WHERE coalesce(h.actor_id, s.holder_id) <> coalesce(t.actor_id, s.target_id)
        ORDER BY s.confidence DESC, s.stance_id
        """,
    )
    names = {
        r["entity_id"]: (r["canonical_name"], r["type"])
        for r in _rows(con, "SELECT entity_id, canonical_name, type FROM entities")
    }

    def name(eid: str) -> str:
        return names.get(eid, (eid, ""))[0]

    def kind(eid: str) -> str:
        return names.get(eid, ("", eid.split(":", 1)[0]))[1]

    for r in stance_rows:
        r["date"] = _day(r.pop("published_at"))
        r["holder_name"], r["target_name"] = name(r["holder"]), name(r["target"])
        r["confidence"] = round(float(r["confidence"]), 3)

    # Edges: (holder, target, polarity) with stance and document counts, strongest first.
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in stance_rows:
        key = (r["holder"], r["target"], r["polarity"])
        e = grouped.setdefault(key, {"docs": set(), "rows": [], "dates": []})
        e["docs"].add(r["doc_id"])
        e["rows"].append(r)
        if r["date"]:
            e["dates"].append(r["date"])
    ranked = sorted(grouped.items(), key=lambda kv: (-len(kv[1]["docs"]), -len(kv[1]["rows"]), kv[0]))[:max_edges]
    edges = []
    for (holder, target, polarity), e in ranked:
        edges.append(
            {
                "source": holder,
                "target": target,
                "polarity": polarity,
                "stances": len(e["rows"]),
                "documents": len(e["docs"]),
                "confidence": round(sum(r["confidence"] for r in e["rows"]) / len(e["rows"]), 3),
                "first": min(e["dates"]) if e["dates"] else None,
                "last": max(e["dates"]) if e["dates"] else None,
                "evidence": [
                    {k: r[k] for k in ("evidence", "title", "date", "attribution", "confidence")}
                    for r in e["rows"][:EVIDENCE_PER_EDGE]
                ],
            }
        )
    degree: dict[str, dict[str, Any]] = {}
    for e in edges:
        for end, role in ((e["source"], "held"), (e["target"], "received")):
            d = degree.setdefault(end, {"held": 0, "received": 0})
            d[role] += e["stances"]
    nodes = [
        {"id": a, "name": name(a), "type": kind(a), "held": d["held"], "received": d["received"]}
        for a, d in sorted(degree.items(), key=lambda kv: (-(kv[1]["held"] + kv[1]["received"]), kv[0]))
    ]

    top_actors = _rows(
        con,
        f"""
        WITH {ROLL}
        SELECT r.actor_id AS id, sum(de.salience) AS salience, count(DISTINCT de.doc_id) AS documents,
               sum(de.mention_count) AS mentions
        FROM doc_entities de JOIN roll r USING (entity_id)
        GROUP BY 1 ORDER BY salience DESC, id LIMIT ?
        """,
        [top_n],
    )
    for a in top_actors:
        a["name"], a["type"], a["salience"] = name(a["id"]), kind(a["id"]), round(float(a["salience"]), 3)

    # Stances over time: by the documents' published day (or month over long spans).
    dated = [r for r in stance_rows if r["date"]]
    days = sorted({r["date"] for r in dated})
    unit = "month" if days and (date.fromisoformat(days[-1]) - date.fromisoformat(days[0])).days > 120 else "day"
    buckets: dict[tuple[str, str], int] = {}
    for r in dated:
        period = r["date"][:7] + "-01" if unit == "month" else r["date"]
        buckets[(period, r["polarity"])] = buckets.get((period, r["polarity"]), 0) + 1
    timeline = [{"period": p, "polarity": pol, "stances": n} for (p, pol), n in sorted(buckets.items())]
    dated_documents = (
        con.execute("SELECT count(*) FROM documents WHERE published_at IS NOT NULL").fetchone()[0] if has_dates else 0
    )

    rejects = _rows(con, "SELECT reason_code AS reason, count(*) AS n FROM rejects GROUP BY 1 ORDER BY 2 DESC, 1")
    boilerplate = _rows(
        con,
        "SELECT coalesce(title, source_path) AS title, boilerplate_share AS share FROM documents ORDER BY doc_id",
    )
    quarantine = {}
    for (view,) in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE database_name = current_database() "
        "AND view_name LIKE '%\\_quarantine' ESCAPE '\\' ORDER BY 1"
    ).fetchall():
        quarantine[view.removesuffix("_quarantine")] = con.execute(f'SELECT count(*) FROM "{view}"').fetchone()[0]

    runs = _rows(
        con,
        "SELECT run_id, started_at, ended_at, status, docs_total, docs_new, docs_carried, rejects, "
        "quarantined_rows, stage_seconds, validation FROM runs ORDER BY started_at DESC LIMIT ?",
        [last_runs],
    )
    for r in runs:
        r["seconds"] = round((r["ended_at"] - r["started_at"]).total_seconds(), 1) if r["ended_at"] else None
        r["started_at"], r["ended_at"] = _iso(r["started_at"]), _iso(r["ended_at"])
        r["stage_seconds"] = json.loads(r["stage_seconds"] or "{}")
        r["validation"] = json.loads(r["validation"] or "{}")
    run_id = runs[0]["run_id"] if runs else None
    docs_index = warehouse / "data_docs" / run_id / "index.html" if run_id else None

    panel = {n["id"] for n in nodes} | {a["id"] for a in top_actors}
    kept: dict[tuple[str, str], int] = {}
    panel_rows = []
    for r in stance_rows:  # strongest first; at most ROWS_PER_ACTOR held and received per panel actor
        roles = [(r["holder"], "held"), (r["target"], "received")]
        if any(a in panel and kept.get((a, role), 0) < ROWS_PER_ACTOR for a, role in roles):
            panel_rows.append({k: v for k, v in r.items() if k != "doc_id"})
            for key in roles:
                kept[key] = kept.get(key, 0) + 1

    counts = {
        t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
        for t in ("documents", "stances", "quotes", "mentions", "rejects")
    }
    kpis = {
        "documents": counts["documents"],
        "stances": counts["stances"],
        "actors_in_network": len(nodes),
        "quotes": counts["quotes"],
        "mentions": counts["mentions"],
        "rejects": counts["rejects"],
        "quarantined_rows": sum(quarantine.values()),
        "dated_documents": dated_documents,
    }
    return ReportData(
        warehouse=str(warehouse),
        run_id=run_id,
        generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        kpis=kpis,
        nodes=nodes,
        edges=edges,
        top_actors=top_actors,
        stance_rows=panel_rows,
        timeline=timeline,
        timeline_unit=unit,
        dated_documents=dated_documents,
        has_dates=has_dates,
        rejects_by_reason=rejects,
        boilerplate=boilerplate,
        quarantine=quarantine,
        runs=runs,
        validation=runs[0]["validation"] if runs else {},
        data_docs=str(docs_index) if docs_index and docs_index.is_file() else None,
    )
