"""Read-only SQL over the published catalog, and result formatting for the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tasks.store.publish import VERSIONS_TABLE, catalog_path, open_catalog

#: Statement types an analyst may run; everything else (DDL, DML, ATTACH, COPY, SET, CALL, LOAD, ...) is refused.
ALLOWED_STATEMENTS = frozenset({"SELECT", "EXPLAIN"})
_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
_EXPLAIN_ANALYZE = re.compile(r"^\s*explain\s*(\(\s*)?analy[sz]e\b", re.IGNORECASE)
_PRAGMA = re.compile(r"(^|;)\s*pragma\b", re.IGNORECASE)
#: Name the catalog is attached under (queries may qualify tables with it).
CATALOG_ALIAS = "stancewire"
#: Settings applied to every query connection, then locked so a query cannot undo them.
LOCKDOWN = (
    ("autoinstall_known_extensions", "false"),
    ("autoload_known_extensions", "false"),
    ("enable_external_access", "false"),
    ("lock_configuration", "true"),
)


class QueryRejected(ValueError):
    """The query would change the warehouse or leave it: only reads are allowed."""


def _refuse(kind: str) -> QueryRejected:
    """The error for a refused statement kind, saying what is allowed instead."""
    return QueryRejected(
        f"{kind} statements are not allowed: `stancewire sql` is read-only (SELECT, WITH ... SELECT, FROM ..., "
        "DESCRIBE, SUMMARIZE, EXPLAIN); write to the warehouse only through `stancewire refresh`"
    )


def check_read_only(con: Any, query: str) -> None:
    """Refuse any statement that is not a plain read (EXPLAIN ANALYZE runs its statement, so it is refused too)."""
    bare = _COMMENTS.sub(" ", query)
    if _PRAGMA.search(bare):
        raise _refuse("PRAGMA")
    statements = con.extract_statements(query)
    if not statements:
        raise QueryRejected("empty query: pass one SELECT statement")
    for stmt in statements:
        kind = stmt.type.name
        if kind not in ALLOWED_STATEMENTS:
            raise _refuse(kind)
        if kind == "EXPLAIN":
            text = _COMMENTS.sub(" ", stmt.query)
            if _EXPLAIN_ANALYZE.search(text):
                raise _refuse("EXPLAIN ANALYZE")
            inner = re.sub(r"^\s*explain\b", "", text, count=1, flags=re.IGNORECASE)
            for sub in con.extract_statements(inner):
                if sub.type.name != "SELECT":
                    raise _refuse(f"EXPLAIN {sub.type.name}")


def lock_down(con: Any, readable: list[str]) -> None:
    """Confine a connection to reading the given directories: no other file access, no extensions, no SET."""
    dirs = ", ".join("'" + (d.rstrip("/") + "/").replace("'", "''") + "'" for d in readable)
    con.execute(f"SET allowed_directories = [{dirs}]")
    for name, value in LOCKDOWN:
        con.execute(f"SET {name} = {value}")


def published_dirs(con: Any) -> list[str]:
    """Version directories the open catalog's views read."""
    return [r[0] for r in con.execute(f"SELECT DISTINCT path FROM {VERSIONS_TABLE}").fetchall()]


def run_query(warehouse: Path, query: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run a read-only query on the catalog; return column names and rows."""

    path = catalog_path(warehouse)
    if not path.exists():
        raise FileNotFoundError(f"no published warehouse at {path}; run `stancewire refresh` first")
    con = open_catalog(path, CATALOG_ALIAS)  # a private instance: the lockdown must not leak into other connections
    try:
        check_read_only(con, query)
        lock_down(con, published_dirs(con))
        cur = con.execute(query)
        columns = [d[0] for d in cur.description or []]
        return columns, cur.fetchall()
    finally:
        con.close()


def _cell(value: Any) -> Any:
    """JSON-friendly cell value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def format_result(columns: list[str], rows: list[tuple[Any, ...]], fmt: str) -> str:
    """Render a result as an aligned table, CSV or JSON lines."""
    if fmt == "json":
        return "\n".join(json.dumps(dict(zip(columns, map(_cell, r), strict=True)), default=str) for r in rows)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")  # \n like the DuckDB CLI and COPY, not the csv default \r\n
        writer.writerow(columns)
        writer.writerows(rows)
        return buf.getvalue().rstrip("\n")
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; use table, csv or json")
    cells = [[str(c) if c is not None else "NULL" for c in r] for r in rows]
    cells = [[c if len(c) <= 80 else c[:77] + "..." for c in r] for r in cells]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(columns)]
    line = " | ".join(h.ljust(w) for h, w in zip(columns, widths, strict=True))
    sep = "-+-".join("-" * w for w in widths)
    body = [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join([line, sep, *body, f"({len(rows)} rows)"])
