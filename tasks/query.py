"""Read-only SQL over the published catalog, and result formatting for the CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tasks.publish import catalog_path

#: Statement types an analyst may run; everything else (DDL, DML, ATTACH, COPY, SET, ...) is refused.
ALLOWED_STATEMENTS = frozenset({"SELECT", "EXPLAIN"})


class QueryRejected(ValueError):
    """The query would change the warehouse or leave it: only reads are allowed."""


def check_read_only(con: Any, query: str) -> None:
    """Refuse any statement that is not a plain read."""
    statements = con.extract_statements(query)
    if not statements:
        raise QueryRejected("empty query")
    for stmt in statements:
        kind = stmt.type.name
        if kind not in ALLOWED_STATEMENTS:
            raise QueryRejected(
                f"{kind} statements are not allowed: `stancewire sql` is read-only (SELECT, WITH ... SELECT, "
                "EXPLAIN); write to the warehouse only through `stancewire refresh`"
            )


def run_query(warehouse: Path, query: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run a read-only query on the catalog; return column names and rows."""
    import duckdb

    path = catalog_path(warehouse)
    if not path.exists():
        raise FileNotFoundError(f"no published warehouse at {path}; run `stancewire refresh` first")
    con = duckdb.connect(str(path), read_only=True)
    try:
        check_read_only(con, query)
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
        return "\n".join(
            json.dumps(dict(zip(columns, map(_cell, r), strict=True)), default=str) for r in rows
        )
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
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
