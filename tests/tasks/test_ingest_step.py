"""The ingest step over a directory: staged batches, sources, rejects, carried ids and language handling."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from schemas import staging, tables
from tasks.steps.context import RunContext
from tasks.steps.ingest import run_ingest
from tasks.store.parquet_io import to_table, write_parquet
from tests.data.bad_inputs import FRENCH, article


def _ctx(tmp_path: Path, **kw) -> RunContext:
    kw.setdefault("run_id", "r2")
    return RunContext(
        input_dir=tmp_path / "in",
        warehouse=tmp_path / "wh",
        model="m",
        pipeline_version="p1",
        **kw,
    )


def _corpus(tmp_path: Path, files: dict[str, str]) -> None:
    (tmp_path / "in").mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (tmp_path / "in" / name).write_text(text, encoding="utf-8")


def _staged(ctx: RunContext) -> list[dict]:
    parts = sorted((ctx.staging / "ingested").glob("*.parquet"))
    return [r for p in parts for r in pq.read_table(p, schema=staging.INGESTED).to_pylist()]


def _table(ctx: RunContext, name: str) -> list[dict]:
    return pq.read_table(ctx.staging / "tables" / f"{name}.parquet").to_pylist()


def test_duplicates_are_staged_once_even_across_batches(tmp_path: Path) -> None:
    _corpus(tmp_path, {"a.txt": article("geneva"), "b.txt": article("cairo"), "c.txt": article("geneva")})
    ctx = _ctx(tmp_path, batch_docs=1)
    manifest = run_ingest(ctx)
    staged = _staged(ctx)
    assert manifest.docs_new == 2 and len(manifest.parts) == 2 and manifest.files_seen == 3
    assert sorted(len(r["source_paths"]) for r in staged) == [1, 1]  # the hint lists the first path at least
    assert all(r["raw_text"] for r in staged)
    sources = _table(ctx, "sources")
    assert sorted(s["source_path"] for s in sources) == ["a.txt", "b.txt", "c.txt"]
    assert len({s["doc_id"] for s in sources}) == 2


def test_non_english_is_rejected_with_its_language_or_processed_when_configured(tmp_path: Path) -> None:
    _corpus(tmp_path, {"en.txt": article("geneva"), "fr.txt": "\n".join(FRENCH), "fr2.txt": "\n".join(FRENCH)})
    ctx = _ctx(tmp_path)
    run_ingest(ctx)
    rejects = {r["source_path"]: r for r in _table(ctx, "rejects")}
    assert set(rejects) == {"fr.txt", "fr2.txt"}
    assert all(r["reason_code"] == "not_english" and "'fr'" in r["message"] for r in rejects.values())
    assert [s["source_path"] for s in _table(ctx, "sources")] == ["en.txt"]

    ctx = _ctx(tmp_path, non_english="process")
    ctx = RunContext(**{**{f: getattr(ctx, f) for f in ctx.__dataclass_fields__}, "run_id": "r3"})
    run_ingest(ctx)
    assert {r["language"] for r in _staged(ctx)} == {"en", "fr"}
    assert _table(ctx, "rejects") == []


def _previous(tmp_path: Path, doc_ids: dict[str, str]) -> str:
    """A fake published documents version holding these doc_id -> pipeline_version rows."""
    out = tmp_path / "wh" / "documents" / "v=r1"
    table = pa.table({"doc_id": list(doc_ids), "pipeline_version": list(doc_ids.values())})
    write_parquet(out / "part-0.parquet", [table], table.schema)
    return str(out)


@pytest.mark.parametrize("drop_missing", [True, False])
def test_unchanged_documents_are_carried_and_missing_ones_configurable(tmp_path: Path, drop_missing: bool) -> None:
    from tasks.ingest.decode import decode, doc_id_for

    _corpus(tmp_path, {"a.txt": article("geneva"), "b.txt": article("cairo"), "c.txt": article("london")})
    ids = {n: doc_id_for(decode((tmp_path / "in" / n).read_bytes()).text) for n in ("a.txt", "b.txt", "c.txt")}
    prev = _previous(tmp_path, {ids["a.txt"]: "p1", ids["b.txt"]: "p0", "gone": "p1", "gone_old": "p0"})
    ctx = _ctx(tmp_path, previous={"documents": prev}, drop_missing_sources=drop_missing)
    manifest = run_ingest(ctx)
    carried = set(pq.read_table(ctx.staging / "tables" / "carried.parquet")["doc_id"].to_pylist())
    expected = {ids["a.txt"]} | (set() if drop_missing else {"gone", "gone_old"})
    assert carried == expected and manifest.docs_carried == len(expected)
    assert {r["doc_id"] for r in _staged(ctx)} == {ids["b.txt"], ids["c.txt"]}  # changed pipeline, new


def test_staged_rows_fit_their_schema(tmp_path: Path) -> None:
    _corpus(tmp_path, {"a.txt": article("geneva")})
    ctx = _ctx(tmp_path)
    run_ingest(ctx)
    for p in (ctx.staging / "ingested").glob("*.parquet"):
        assert pq.read_schema(p).remove_metadata().equals(staging.INGESTED.remove_metadata())
    assert to_table(_table(ctx, "rejects"), tables.REJECTS).num_rows == 0


def _ledger(tmp_path: Path, rows: list[tuple[str, str, str, str]]) -> None:
    from tasks.steps.outcomes import SCHEMA, ledger_path

    table = pa.table({name: [r[i] for r in rows] for i, name in enumerate(SCHEMA.names)}, schema=SCHEMA)
    write_parquet(ledger_path(tmp_path / "wh", "r1"), [table], SCHEMA)


@pytest.mark.parametrize(
    ("version", "code", "non_english", "remembered"),
    [
        ("p1", "no_body", "reject", True),
        ("p0", "no_body", "reject", False),  # another pipeline may find a body: process it again
        ("p1", "not_english", "reject", True),
        ("p1", "not_english", "process", False),  # now such texts are wanted
    ],
)
def test_rejected_texts_are_remembered_per_pipeline(
    tmp_path: Path, version: str, code: str, non_english: str, remembered: bool
) -> None:
    from tasks.ingest.decode import decode, doc_id_for
    from tasks.steps.outcomes import staged_path

    _corpus(tmp_path, {"a.txt": article("geneva"), "b.txt": article("geneva"), "c.txt": article("cairo")})
    doc = doc_id_for(decode((tmp_path / "in" / "a.txt").read_bytes()).text)
    _ledger(tmp_path, [(doc, version, code, "was rejected before")])
    ctx = _ctx(tmp_path, previous_run_id="r1", non_english=non_english)
    run_ingest(ctx)
    rejects = {r["source_path"]: r for r in _table(ctx, "rejects")}
    staged = {r["doc_id"] for r in _staged(ctx)}
    if remembered:
        assert set(rejects) == {"a.txt", "b.txt"} and doc not in staged
        assert rejects["b.txt"]["reason_code"] == code and rejects["b.txt"]["message"] == "b.txt: was rejected before"
        assert pq.read_table(staged_path(ctx))["doc_id"].to_pylist() == [doc]  # carried into the next ledger
        assert {s["source_path"] for s in _table(ctx, "sources")} == {"c.txt"}
    else:
        assert rejects == {} and doc in staged


def _published_run(tmp_path: Path, **kw) -> RunContext:
    """Ingest a corpus once and publish its documents and sources as a previous run would."""
    first = _ctx(tmp_path)
    run_ingest(first)
    docs = {r["doc_id"]: "p1" for r in _staged(first)}
    sources = tmp_path / "wh" / "sources" / "v=r1"
    sources.mkdir(parents=True)
    (first.staging / "tables" / "sources.parquet").rename(sources / "part-0.parquet")
    return _ctx(tmp_path, run_id="r3", previous={"documents": _previous(tmp_path, docs), "sources": str(sources)}, **kw)


@pytest.mark.parametrize("trust_stat", [True, False])
def test_files_with_unchanged_size_and_mtime_are_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trust_stat: bool
) -> None:
    import os

    import tasks.steps.ingest as step

    _corpus(tmp_path, {"a.txt": article("geneva"), "b.txt": article("cairo")})
    ctx = _published_run(tmp_path, trust_file_stat=trust_stat)
    # b.txt gets new text of the same size with its old mtime (a copy that kept times); a.txt is untouched
    b = tmp_path / "in" / "b.txt"
    st = b.stat()
    b.write_text(article("cairo").replace("Cairo", "Kairo"), encoding="utf-8")
    assert b.stat().st_size == st.st_size
    os.utime(b, ns=(st.st_atime_ns, st.st_mtime_ns))
    read: list[str] = []
    real = step.safe_read_source
    monkeypatch.setattr(step, "safe_read_source", lambda path, rel, limit: read.append(rel) or real(path, rel, limit))
    manifest = run_ingest(ctx)
    if trust_stat:  # neither file is opened: both documents are carried over as published
        assert read == [] and manifest.docs_carried == 2 and manifest.docs_new == 0
    else:  # every file is read: the changed text is a new document
        assert read == ["a.txt", "b.txt"] and manifest.docs_carried == 1 and manifest.docs_new == 1
    assert sorted(s["source_path"] for s in _table(ctx, "sources")) == ["a.txt", "b.txt"]


def test_a_touched_file_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    import tasks.steps.ingest as step

    _corpus(tmp_path, {"a.txt": article("geneva"), "b.txt": article("cairo")})
    ctx = _published_run(tmp_path)
    a = tmp_path / "in" / "a.txt"
    os.utime(a, ns=(a.stat().st_atime_ns, a.stat().st_mtime_ns + 5_000_000_000))
    read: list[str] = []
    real = step.safe_read_source
    monkeypatch.setattr(step, "safe_read_source", lambda path, rel, limit: read.append(rel) or real(path, rel, limit))
    manifest = run_ingest(ctx)
    assert read == ["a.txt"] and manifest.docs_carried == 2 and manifest.docs_new == 0  # same text: still carried
    mtimes = {s["source_path"]: s["mtime"] for s in _table(ctx, "sources")}
    assert mtimes["a.txt"] == datetime.fromtimestamp(a.stat().st_mtime, tz=UTC)  # recorded for the next run
