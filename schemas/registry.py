"""Registry of warehouse tables: schema, primary key and how each table relates to documents."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from schemas import tables


@dataclass(frozen=True, slots=True)
class TableSpec:
    """What the warehouse promises about one table."""

    name: str
    schema: pa.Schema
    primary_key: tuple[str, ...]
    per_document: bool  # rows belong to one doc_id and are carried over / quarantined with it
    validated: bool = True  # has a GX suite in expectations/

    @property
    def description(self) -> str:
        """The table's one-line description from the schema metadata."""
        return (self.schema.metadata or {}).get(b"description", b"").decode()


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec("documents", tables.DOCUMENTS, ("doc_id",), per_document=True),
        TableSpec("sources", tables.SOURCES, ("source_path",), per_document=True),
        TableSpec("lines", tables.LINES, ("doc_id", "line_no"), per_document=True),
        TableSpec("mentions", tables.MENTIONS, ("mention_id",), per_document=True),
        TableSpec("doc_entities", tables.DOC_ENTITIES, ("doc_id", "entity_id"), per_document=True),
        TableSpec("quotes", tables.QUOTES, ("quote_id",), per_document=True),
        TableSpec("stances", tables.STANCES, ("stance_id",), per_document=True),
        TableSpec("portrayals", tables.PORTRAYALS, ("portrayal_id",), per_document=True),
        TableSpec("doc_stances", tables.DOC_STANCES, ("doc_id", "target_id"), per_document=True),
        TableSpec("entities", tables.ENTITIES, ("entity_id",), per_document=False),
        TableSpec("rejects", tables.REJECTS, ("source_path",), per_document=False),
        TableSpec("runs", tables.RUNS, ("run_id",), per_document=False, validated=False),
    )
}

#: Tables whose rows come from processing documents (carried over for unchanged documents).
DOCUMENT_TABLES: tuple[str, ...] = tuple(name for name, spec in TABLES.items() if spec.per_document)

QUARANTINE_FIELDS: tuple[pa.Field, ...] = (
    pa.field(
        "failed_expectation",
        pa.string(),
        nullable=False,
        metadata={"description": "Expectation (table.expectation_type:column) the row failed."},
    ),
    pa.field(
        "quarantine_run_id",
        pa.string(),
        nullable=False,
        metadata={"description": "Run that quarantined the row."},
    ),
)


def spec(name: str) -> TableSpec:
    """Return the spec of a table, naming the known tables when it does not exist."""
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"unknown table {name!r}; known tables: {', '.join(TABLES)}") from None


def quarantine_schema(name: str) -> pa.Schema:
    """Schema of <name>_quarantine: the table's columns, all nullable, plus why and when."""
    base = spec(name).schema
    fields = [f.with_nullable(True) for f in base] + list(QUARANTINE_FIELDS)
    return pa.schema(fields, metadata={"description": f"Rows of {name} that failed validation."})
