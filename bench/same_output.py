"""Show that a refactor changed no output: digests of every published table and every evaluation prediction file.

Usage:
    .venv/bin/python bench/same_output.py snapshot WAREHOUSE [WAREHOUSE ...] [--files DIR] -o before.json
    .venv/bin/python bench/same_output.py diff before.json after.json

A table's digest is the sha256 of its rows in a total order, over every column except those that name the run or the
code version (run ids, timestamps of the run, the pipeline fingerprint, stage timings) or the checkout of the inputs
(their directory, their files' mtimes): a code move changes those by design and nothing else. Floats are digested at
12 significant digits: an average over rows (`stance_edges.mean_confidence`) moves in its last bit with the order the
published files are read in, which varies between refreshes of the same code. Evaluation
predictions (`bench/eval_gate.py --out DIR` writes them) are compared byte for byte.
`diff` prints one line per table or file and exits 1 when any differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import duckdb

#: Columns that name the run, the code version or the input checkout (the input directory's path, the files' mtimes)
#: rather than what a document holds.
VOLATILE = frozenset(
    {
        "input_dir",
        "mtime",
        "run_id",
        "quarantine_run_id",
        "ingested_at",
        "rejected_at",
        "started_at",
        "ended_at",
        "pipeline_version",
        "code_version",
        "stage_seconds",
    }
)

#: Catalog tables that are bookkeeping of the catalog itself (version paths, run ids), not published data.
SKIP = frozenset({"_stancewire_meta", "_stancewire_versions"})


#: Significant digits a float is digested at (a sum's last bits depend on the order its rows are read in).
FLOAT_DIGITS = 12


def stable(value: object) -> object:
    """A value with its floats rounded to FLOAT_DIGITS significant digits, inside lists, tuples and dicts too."""
    if isinstance(value, float):
        return float(f"{value:.{FLOAT_DIGITS}g}")
    if isinstance(value, list | tuple):
        return type(value)(stable(v) for v in value)
    if isinstance(value, dict):
        return {k: stable(v) for k, v in value.items()}
    return value


def table_digests(warehouse: Path) -> dict[str, dict[str, object]]:
    """Row count and content digest of every table and view of a warehouse's published catalog."""
    catalog = warehouse / "catalog.duckdb"
    if not catalog.is_file():
        raise SystemExit(f"error: {catalog} not found; run `stancewire refresh --warehouse {warehouse}` first")
    con = duckdb.connect(str(catalog), read_only=True)
    out: dict[str, dict[str, object]] = {}
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        for name in names:
            if name in SKIP:
                continue
            cols = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                    [name],
                ).fetchall()
            ]
            keep = [c for c in cols if c not in VOLATILE]
            select = ", ".join(f'"{c}"' for c in keep)
            rows = con.execute(f'SELECT {select} FROM "{name}" ORDER BY ALL').fetchall()
            digest = hashlib.sha256(repr(keep).encode())
            for row in rows:
                digest.update(repr(stable(row)).encode())
            out[name] = {"rows": len(rows), "sha256": digest.hexdigest(), "ignored": sorted(set(cols) - set(keep))}
    finally:
        con.close()
    return out


def file_digests(directory: Path) -> dict[str, dict[str, object]]:
    """sha256 of every file under a directory, by relative path."""
    return {
        p.relative_to(directory).as_posix(): {
            "bytes": p.stat().st_size,
            "sha256": hashlib.sha256(p.read_bytes()).hexdigest(),
        }
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def snapshot(warehouses: list[Path], files: list[Path]) -> dict[str, object]:
    """Digests of the given warehouses (by directory name) and prediction directories."""
    return {
        "warehouses": {w.name.removeprefix("wh_"): table_digests(w) for w in warehouses},
        "files": {d.name: file_digests(d) for d in files},
    }


def diff(before: dict, after: dict) -> list[str]:
    """One line per table or file whose digest differs, or that exists on one side only."""
    problems: list[str] = []
    for kind in ("warehouses", "files"):
        for group in sorted(set(before[kind]) | set(after[kind])):
            a, b = before[kind].get(group, {}), after[kind].get(group, {})
            for item in sorted(set(a) | set(b)):
                if item not in a or item not in b:
                    problems.append(f"{kind}/{group}/{item}: only in {'after' if item not in a else 'before'}")
                elif a[item]["sha256"] != b[item]["sha256"]:
                    size = "rows" if "rows" in a[item] else "bytes"
                    problems.append(f"{kind}/{group}/{item}: differs ({size} {a[item][size]} -> {b[item][size]})")
    return problems


def main(argv: list[str] | None = None) -> int:
    """CLI: `snapshot` writes digests, `diff` compares two snapshots."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snapshot")
    s.add_argument("warehouses", nargs="+", type=Path)
    s.add_argument("--files", nargs="*", type=Path, default=[], help="directories of evaluation predictions")
    s.add_argument("-o", "--out", type=Path, required=True)
    d = sub.add_parser("diff")
    d.add_argument("before", type=Path)
    d.add_argument("after", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "snapshot":
        snap = snapshot(args.warehouses, args.files)
        args.out.write_text(json.dumps(snap, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        n_tables = sum(len(t) for t in snap["warehouses"].values())
        n_files = sum(len(f) for f in snap["files"].values())
        print(f"{args.out}: {n_tables} tables, {n_files} files")
        return 0
    before = json.loads(args.before.read_text(encoding="utf-8"))
    after = json.loads(args.after.read_text(encoding="utf-8"))
    problems = diff(before, after)
    for line in problems:
        print(line)
    n = sum(len(t) for t in before["warehouses"].values()) + sum(len(f) for f in before["files"].values())
    print(f"{n - len(problems)} of {n} identical" + ("" if not problems else f"; {len(problems)} differ"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
