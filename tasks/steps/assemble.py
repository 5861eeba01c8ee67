"""Assemble step: carried-over rows + this run's rows, corpus-level entity merge, one new version per table."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from schemas.registry import DOCUMENT_TABLES, TABLES
from tasks.entities import entity_rows
from tasks.linking import merge_corpus_entities
from tasks.parquet_io import to_table, write_parquet
from tasks.publish import version_dir
from tasks.steps.context import RunContext

BATCH_ROWS = 50_000
#: Columns holding entity ids, per table, rewritten by the corpus-level merge.
ENTITY_COLUMNS = {
    "mentions": ("entity_id",),
    "doc_entities": ("entity_id",),
    "stances": ("holder_id", "target_id"),
    "quotes": ("speaker_id",),
}


@dataclass(slots=True)
class AssembleManifest:
    """Where each table's new version lives and how many rows it has."""

    versions: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    merged_entities: int = 0


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
        f"SELECT entity_id, arg_max(text, length(text)) FROM ({mentions_sql}) "
        "WHERE entity_id IS NOT NULL GROUP BY entity_id"
    ).fetchall()
    names = [(eid, name, eid.split(":", 1)[0]) for eid, name in rows if eid not in gazetteer_ids]
    return {k: v for k, v in merge_corpus_entities(names).items() if k != v}


def run_assemble(ctx: RunContext, quarantined_docs: list[str], reject_parts: list[Path]) -> AssembleManifest:
    """Write this run's version of every table (rejects and entities included) and return where they are."""
    import duckdb

    from tasks.nlp.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    manifest = AssembleManifest()
    con = duckdb.connect()
    try:
        con.register("quarantined", pa.table({"doc_id": pa.array(quarantined_docs, pa.string())}))
        sqls = {}
        for name in DOCUMENT_TABLES:
            sql = _source_sql(ctx, name)
            sqls[name] = f"SELECT * FROM ({sql}) WHERE doc_id NOT IN (SELECT doc_id FROM quarantined)" if sql else ""
        merge = corpus_merge_map(con, sqls["mentions"], set(gazetteer.entities))
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
        if sqls["sources"] and sqls["documents"]:
            sqls["sources"] = (
                f"SELECT * FROM ({sqls['sources']}) WHERE doc_id IN (SELECT doc_id FROM ({sqls['documents']}))"
            )
        for name, sql in sqls.items():
            sql = _remap(name, sql) if sql else sql
            manifest.versions[name], manifest.rows[name] = _write(con, ctx, name, sql)
        rejects = [p for p in reject_parts if p.exists()]
        rej_sql = " UNION ALL BY NAME ".join(f"SELECT * FROM read_parquet('{p}')" for p in rejects)
        manifest.versions["rejects"], manifest.rows["rejects"] = _write(con, ctx, "rejects", rej_sql)
        m_glob = _glob(Path(manifest.versions["mentions"]))
        counts = {
            eid: (int(n), int(d))
            for eid, n, d in con.execute(
                f"SELECT entity_id, count(*), count(DISTINCT doc_id) FROM read_parquet({m_glob}) "
                "WHERE entity_id IS NOT NULL GROUP BY 1"
            ).fetchall()
        }
        names = con.execute(
            f"SELECT entity_id, arg_max(text, length(text)), list(DISTINCT text) FROM read_parquet({m_glob}) "
            "WHERE entity_id IS NOT NULL GROUP BY 1"
        ).fetchall()
        corpus = [(eid, best, eid.split(":", 1)[0], alias) for eid, best, aliases in names for alias in aliases]
        ent = to_table(entity_rows(gazetteer, corpus, counts), TABLES["entities"].schema, table="entities")
        out = version_dir(ctx.warehouse, "entities", ctx.run_id)
        manifest.rows["entities"] = write_parquet(out / "part-0.parquet", [ent], TABLES["entities"].schema)
        manifest.versions["entities"] = str(out)
    finally:
        con.close()
    return manifest
