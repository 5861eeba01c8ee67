"""Assemble step: carried-over rows + this run's rows, corpus-level entity merge, one new version per table."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from schemas.registry import DOCUMENT_TABLES, TABLES
from tasks.extract.entities import entity_rows
from tasks.extract.linking import corpus_entity_id, merge_corpus_entities
from tasks.ingest.rejects import ReasonCode, detail, reject_row
from tasks.steps.context import RunContext
from tasks.steps.outcomes import write_ledger
from tasks.store.crashpoints import pause_point
from tasks.store.parquet_io import to_table, write_parquet
from tasks.store.publish import version_dir

BATCH_ROWS = 50_000
#: Columns holding entity ids, per table, rewritten by the corpus-level merge.
ENTITY_COLUMNS = {
    "mentions": ("entity_id",),
    "doc_entities": ("entity_id",),
    "stances": ("holder_id", "target_id"),
    "portrayals": ("entity_id", "voice_id"),
    "quotes": ("speaker_id",),
}


@dataclass(slots=True)
class AssembleManifest:
    """Where each table's new version lives and how many rows it has."""

    versions: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    merged_entities: int = 0
    unplaced_sources: int = 0  # source files whose document was not published, turned into rejects
    remembered_rejects: int = 0  # rejected texts the next run will not process again (tasks/steps/outcomes.py)


#: A corpus entity's name: its longest mention text, the greatest of equally long ones (as `entity_rows` breaks ties),
#: so that 'African American' and 'African-American' give one name whatever order the parts are read in.
CANONICAL_NAME_SQL = "first(text ORDER BY length(text) DESC, text DESC)"


def own_name(entity_id: str, longest: str, texts: list[str]) -> str:
    """A corpus entity's name: the longest of its mention texts that spells its id ('Alicia Machado' for
    person:alicia_machado, not 'Universe Alicia Machado' from 'Miss Universe Alicia Machado'), else the longest."""
    kind = entity_id.split(":", 1)[0]
    spelled = [t for t in texts if corpus_entity_id(t, kind) == entity_id]
    return max(spelled, key=lambda t: (len(t), t)) if spelled else longest


def _glob(path: Path) -> str:
    """SQL literal of a Parquet glob."""
    return "'" + str(path / "*.parquet").replace("'", "''") + "'"


def _has_files(path: Path | str | None) -> bool:
    """True when a directory holds Parquet files."""
    return bool(path) and Path(path).is_dir() and any(Path(path).glob("*.parquet"))


def _source_sql(ctx: RunContext, name: str) -> str:
    """SQL of a table's rows for this version: carried previous rows plus this run's, minus quarantined docs."""
    staged = ctx.staging / name if name != "sources" else ctx.staging / "tables"
    new = (
        f"SELECT * FROM read_parquet({_glob(staged)})"
        if name != "sources"
        else (f"SELECT * FROM read_parquet('{ctx.staging / 'tables' / 'sources.parquet'}')")
    )
    if name != "sources" and not _has_files(staged):
        new = ""
    parts = [new] if new else []
    prev = ctx.previous.get(name)
    if _has_files(prev):
        carried = f"read_parquet('{ctx.staging / 'tables' / 'carried.parquet'}')"
        cond = f"SEMI JOIN {carried} c ON p.doc_id = c.doc_id"
        if name == "sources":  # keep old source rows only for docs whose files were not seen again
            cond += f" WHERE p.source_path NOT IN (SELECT source_path FROM ({new}))" if new else ""
            if ctx.drop_missing_sources:
                cond = "WHERE false"
        parts.append(f"SELECT p.* FROM read_parquet({_glob(Path(prev))}) p {cond}")
    if not parts:
        return ""
    return " UNION ALL BY NAME ".join(f"({p})" for p in parts)


def _remap(name: str, sql: str) -> str:
    """Wrap a table's SQL so its entity id columns go through the merge map."""
    cols = ENTITY_COLUMNS.get(name, ())
    if not cols:
        return sql
    replace = ", ".join(f"coalesce((SELECT new_id FROM merge_map WHERE old_id = t.{c}), t.{c}) AS {c}" for c in cols)
    out = f"SELECT * REPLACE ({replace}) FROM ({sql}) t"
    if name == "doc_entities":
        out = (
            "SELECT doc_id, entity_id, CAST(sum(mention_count) AS INTEGER) AS mention_count, "
            f"CAST(min(first_offset) AS INTEGER) AS first_offset, max(salience) AS salience FROM ({out}) "
            "GROUP BY doc_id, entity_id"
        )
    if name == "stances":
        out = f"SELECT * FROM ({out}) WHERE holder_id <> target_id"
    return out


def _write(con: Any, ctx: RunContext, name: str, sql: str) -> tuple[str, int]:
    """Stream a query's result into the table's new version directory with the registry schema."""
    schema = TABLES[name].schema
    out = version_dir(ctx.warehouse, name, ctx.run_id)
    if sql:
        reader = con.execute(sql).fetch_record_batch(BATCH_ROWS)
        rows = write_parquet(out / "part-0.parquet", reader, schema)
    else:
        rows = write_parquet(out / "part-0.parquet", [schema.empty_table()], schema)
    return str(out), rows


def corpus_merge_map(con: Any, mentions_sql: str, gazetteer_ids: set[str]) -> dict[str, str]:
    """Map of corpus entity ids to merge (bare surname -> unique full name) over the assembled mentions."""
    if not mentions_sql:
        return {}
    rows = con.execute(
        f"SELECT entity_id, arg_max(text, length(text)), count(*) FROM ({mentions_sql}) "
        "WHERE entity_id IS NOT NULL GROUP BY entity_id"
    ).fetchall()
    names = [(eid, name, eid.split(":", 1)[0], n) for eid, name, n in rows if eid not in gazetteer_ids]
    known = {eid for eid, _, _ in rows if eid in gazetteer_ids and eid.startswith("person:")}
    return {k: v for k, v in merge_corpus_entities(names, known).items() if k != v}


def holder_entities(con: Any, versions: dict[str, str], known: set[str]) -> list[tuple[str, str, str, str]]:
    """Entity rows (id, name, type, alias) for stance holders no mention names: authors and outlets of the text."""
    parts = [
        f"SELECT DISTINCT holder_id FROM read_parquet({_glob(Path(versions[t]))})"
        for t in ("stances", "doc_stances")
        if _has_files(versions.get(t))
    ]
    if not parts:
        return []
    ids = [r[0] for r in con.execute(" UNION ".join(parts)).fetchall()]
    out: list[tuple[str, str, str, str]] = []
    for eid in sorted(set(ids) - known):
        kind, _, rest = eid.partition(":")
        name = rest.replace("_", " ").title() if rest != "unknown" else f"unknown {kind}"
        out.append((eid, name, kind, name))
    return out


def quarantine_reasons(ctx: RunContext) -> dict[str, str]:
    """doc_id -> failed expectations of this run's quarantined rows (read back from the quarantine parts)."""
    import duckdb

    parts = [
        p
        for name in DOCUMENT_TABLES
        for p in version_dir(ctx.warehouse, f"{name}_quarantine", ctx.run_id).glob("*.parquet")
    ]
    if not parts:
        return {}
    union = " UNION ALL ".join(f"SELECT doc_id, failed_expectation FROM read_parquet('{p}')" for p in parts)
    con = duckdb.connect()
    try:
        rows = con.execute(
            f"SELECT doc_id, string_agg(DISTINCT failed_expectation, '; ') FROM ({union}) "
            "WHERE NOT starts_with(failed_expectation, 'document_quarantined') GROUP BY doc_id"
        ).fetchall()
    finally:
        con.close()
    return {doc_id: reasons for doc_id, reasons in rows}


def unplaced_rejects(
    con: Any,
    ctx: RunContext,
    sources_sql: str,
    documents_sql: str,
    rejects_sql: str,
    quarantined: list[str],
    failed: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Rejects rows for source files whose document is not published and that are not rejected yet.

    Every input file must end in exactly one place: its document (through `sources`) or `rejects`. A document
    can vanish after ingest (quarantined by validation, or nothing left after stripping); its files are recorded
    here with the reason.
    """
    if not sources_sql:
        return []
    docs = f"SELECT doc_id FROM ({documents_sql})" if documents_sql else "SELECT NULL::VARCHAR AS doc_id WHERE false"
    rejected = f"SELECT source_path FROM ({rejects_sql})" if rejects_sql else "SELECT NULL::VARCHAR WHERE false"
    rows = con.execute(
        f"SELECT source_path, doc_id, size_bytes FROM ({sources_sql}) WHERE doc_id NOT IN ({docs}) "
        f"AND source_path NOT IN ({rejected}) ORDER BY source_path"
    ).fetchall()
    if not rows:
        return []
    no_body_docs: set[str] = set()
    if rejects_sql:
        no_body_docs = {
            r[0]
            for r in con.execute(
                f"SELECT DISTINCT s.doc_id FROM ({sources_sql}) s JOIN ({rejects_sql}) r USING (source_path) "
                f"WHERE r.reason_code = '{ReasonCode.NO_BODY.value}'"
            ).fetchall()
        }
    why = quarantine_reasons(ctx) if quarantined else {}
    bad = set(quarantined)
    now = datetime.now(UTC)
    out = []
    for path, doc_id, size in rows:
        if failed and doc_id in failed:
            code, fields = ReasonCode.NLP_ERROR, {"doc_id": doc_id, "error": failed[doc_id]}
        elif doc_id in bad:
            code, fields = (
                ReasonCode.QUARANTINED,
                {"doc_id": doc_id, "why": why.get(doc_id, "see the quarantine tables")},
            )
        elif doc_id in no_body_docs:
            code, fields = ReasonCode.NO_BODY, {"why": "every line was classified as furniture"}
        else:
            code, fields = ReasonCode.NOT_PUBLISHED, {"doc_id": doc_id}
        out.append(reject_row(path, code, detail(code, **fields), size, ctx.run_id, now))
    return out


#: Tables whose published version a refresh that changed nothing republishes as it is (sources and rejects carry the
#: run id of the run that read the files, so they are always written again).
REUSABLE_TABLES: tuple[str, ...] = tuple(n for n in (*DOCUMENT_TABLES, "entities") if n != "sources")


def _different_rows(con: Any, a: str, b: str) -> int:
    """Rows in one query's result and not the other's (both ways)."""
    return int(con.execute(f"SELECT count(*) FROM (({a} EXCEPT {b}) UNION ALL ({b} EXCEPT {a}))").fetchone()[0])


def reusable_versions(con: Any, ctx: RunContext, quarantined_docs: list[str]) -> dict[str, str]:
    """Published version dirs this run can republish unchanged: every table's when the run changed nothing.

    Nothing changed when no document was staged or quarantined, every published document was carried over, and
    the same files map to the same documents (documents.source_paths comes from them). Otherwise the tables are
    assembled afresh (an empty dict).
    """
    if quarantined_docs or _has_files(ctx.staging / "documents"):
        return {}
    if not all(_has_files(ctx.previous.get(name)) for name in (*REUSABLE_TABLES, "sources")):
        return {}
    prev = {name: f"read_parquet({_glob(Path(ctx.previous[name]))})" for name in ("documents", "sources")}
    carried = f"read_parquet('{ctx.staging / 'tables' / 'carried.parquet'}')"
    staged_sources = f"read_parquet('{ctx.staging / 'tables' / 'sources.parquet'}')"
    if _different_rows(con, f"SELECT doc_id FROM {carried}", f"SELECT doc_id FROM {prev['documents']}"):
        return {}
    if _different_rows(
        con, f"SELECT source_path, doc_id FROM {staged_sources}", f"SELECT source_path, doc_id FROM {prev['sources']}"
    ):
        return {}
    return {name: ctx.previous[name] for name in REUSABLE_TABLES}


def _row_count(path: str) -> int:
    """Rows of a version directory, from the Parquet footers."""
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(p).metadata.num_rows for p in Path(path).glob("*.parquet"))


def run_assemble(
    ctx: RunContext, quarantined_docs: list[str], reject_parts: list[Path], failed_docs: dict[str, str] | None = None
) -> AssembleManifest:
    """Write this run's version of every table (rejects and entities included) and return where they are.

    Quarantined documents (failed validation) and failed ones (spaCy or an extractor raised: doc_id -> note) are
    left out of every table; their files become rejects.
    """
    failed_docs = failed_docs or {}
    import duckdb

    from tasks.nlp.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    manifest = AssembleManifest()
    con = duckdb.connect()
    try:
        left_out = sorted({*quarantined_docs, *failed_docs})
        con.register("quarantined", pa.table({"doc_id": pa.array(left_out, pa.string())}))
        sqls = {}
        for name in DOCUMENT_TABLES:
            sql = _source_sql(ctx, name)
            sqls[name] = f"SELECT * FROM ({sql}) WHERE doc_id NOT IN (SELECT doc_id FROM quarantined)" if sql else ""
        reuse = reusable_versions(con, ctx, left_out)
        merge = {} if reuse else corpus_merge_map(con, sqls["mentions"], set(gazetteer.entities))
        manifest.merged_entities = len(merge)
        con.register(
            "merge_map",
            pa.table(
                {
                    "old_id": pa.array(list(merge), pa.string()),
                    "new_id": pa.array(list(merge.values()), pa.string()),
                }
            ),
        )
        if sqls["documents"] and sqls["sources"]:
            sqls["documents"] = (
                "SELECT d.* REPLACE (coalesce(s.paths, d.source_paths) AS source_paths, "
                "coalesce(s.paths[1], d.source_path) AS source_path) FROM (" + sqls["documents"] + ") d "
                "LEFT JOIN (SELECT doc_id, list(source_path ORDER BY source_path) AS paths FROM ("
                + sqls["sources"]
                + ") GROUP BY doc_id) s USING (doc_id)"
            )
        rejects = [p for p in reject_parts if p.exists()]
        rej_sql = " UNION ALL BY NAME ".join(f"SELECT * FROM read_parquet('{p}')" for p in rejects)
        all_sources = _source_sql(ctx, "sources")  # before the quarantine filter: every file read this run
        unplaced = unplaced_rejects(con, ctx, all_sources, sqls["documents"], rej_sql, quarantined_docs, failed_docs)
        if unplaced:
            con.register("unplaced_rejects", to_table(unplaced, TABLES["rejects"].schema, table="rejects"))
            rej_sql = " UNION ALL BY NAME ".join(p for p in (rej_sql, "SELECT * FROM unplaced_rejects") if p)
        manifest.unplaced_sources = len(unplaced)
        manifest.remembered_rejects = write_ledger(con, ctx, all_sources, rej_sql)
        if sqls["sources"]:
            docs = sqls["documents"] or "SELECT NULL::VARCHAR AS doc_id WHERE false"
            sqls["sources"] = f"SELECT * FROM ({sqls['sources']}) WHERE doc_id IN (SELECT doc_id FROM ({docs}))"
        for i, (name, sql) in enumerate(sqls.items()):
            if name in reuse:  # nothing changed: the published version is this run's too
                manifest.versions[name], manifest.rows[name] = reuse[name], _row_count(reuse[name])
            else:
                manifest.versions[name], manifest.rows[name] = _write(con, ctx, name, _remap(name, sql) if sql else sql)
            if i == 0:
                pause_point("assemble")
        manifest.versions["rejects"], manifest.rows["rejects"] = _write(con, ctx, "rejects", rej_sql)
        if "entities" in reuse:
            manifest.versions["entities"], manifest.rows["entities"] = reuse["entities"], _row_count(reuse["entities"])
            return manifest
        m_glob = _glob(Path(manifest.versions["mentions"]))
        counts = {
            eid: (int(n), int(d))
            for eid, n, d in con.execute(
                f"SELECT entity_id, count(*), count(DISTINCT doc_id) FROM read_parquet({m_glob}) "
                "WHERE entity_id IS NOT NULL GROUP BY 1"
            ).fetchall()
        }
        names = con.execute(
            f"SELECT entity_id, {CANONICAL_NAME_SQL}, list(DISTINCT text) FROM read_parquet({m_glob}) "
            "WHERE entity_id IS NOT NULL GROUP BY 1"
        ).fetchall()
        corpus = [
            (eid, own_name(eid, best, aliases), eid.split(":", 1)[0], alias)
            for eid, best, aliases in names
            for alias in aliases
        ]
        corpus += holder_entities(con, manifest.versions, set(gazetteer.entities) | {c[0] for c in corpus})
        ent = to_table(entity_rows(gazetteer, corpus, counts), TABLES["entities"].schema, table="entities")
        out = version_dir(ctx.warehouse, "entities", ctx.run_id)
        manifest.rows["entities"] = write_parquet(out / "part-0.parquet", [ent], TABLES["entities"].schema)
        manifest.versions["entities"] = str(out)
    finally:
        con.close()
    return manifest
