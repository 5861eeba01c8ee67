"""Strip step per part: staged corpus line counts round-trip, and source paths come from the staged sources."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas import staging
from tasks.boilerplate.keys import line_hash, page_line_hashes
from tasks.boilerplate.story_clusters import long_chars
from tasks.steps.context import RunContext
from tasks.steps.strip import read_line_stats, strip_part, write_line_stats
from tasks.steps.wrappers import merge_parts
from tasks.store.parquet_io import to_table, write_parquet

FURNITURE = "Share this article on Facebook"
TEXTS = {
    "d1": f"{FURNITURE}\n"
    "The minister said on Monday that the talks in Geneva would resume next week after a pause of several months.\n"
    "Delegations from both sides are expected to arrive on Sunday evening, according to officials close to the talks.",
    "d2": f"{FURNITURE}\n"
    "Rebels and the army traded fire near the border town for a third day, local officials and residents reported.\n"
    "Aid groups said hundreds of families had fled towards the coast, where shelters were already close to full.",
    "d3": f"{FURNITURE}\n"
    "The central bank kept its main interest rate unchanged on Thursday and signalled that cuts could come later.\n"
    "Analysts had expected the decision, pointing to inflation that has stayed above the target for two years.",
}


def _ctx(tmp_path: Path) -> RunContext:
    return RunContext(run_id="r1", input_dir=tmp_path, warehouse=tmp_path / "wh", model="m", pipeline_version="v")


def _stage(ctx: RunContext, name: str, doc_ids: list[str]) -> None:
    rows = [
        {
            "doc_id": d,
            "content_hash": d,
            "source_paths": [],  # the staged list may be incomplete: the sources table is the authority
            "byte_count": len(TEXTS[d]),
            "encoding": "utf-8",
            "repairs": [],
            "language": "en",
            "raw_text": TEXTS[d],
            "line_hashes": page_line_hashes(TEXTS[d].split("\n")),
        }
        for d in doc_ids
    ]
    write_parquet(ctx.stage_dir("ingested") / name, [to_table(rows, staging.INGESTED)], staging.INGESTED)
    keys = [
        {"doc_id": d, "line_hash": line_hash(x), "long_chars": long_chars(x)}
        for d in doc_ids
        for x in TEXTS[d].split("\n")
    ]
    write_parquet(ctx.stage_dir("line_keys") / name, [to_table(keys, staging.LINE_KEYS)], staging.LINE_KEYS)


def _sources(ctx: RunContext, pairs: list[tuple[str, str]]) -> None:
    t = pa.table({"source_path": [p for p, _ in pairs], "doc_id": [d for _, d in pairs]})
    write_parquet(ctx.stage_dir("tables") / "sources.parquet", [t], t.schema)


def test_line_stats_count_lines_shared_by_documents_of_every_part(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    _stage(ctx, "part-00000.parquet", ["d1", "d2"])
    _stage(ctx, "part-00001.parquet", ["d3"])
    write_line_stats(ctx)
    stats = read_line_stats(ctx)
    assert stats.n_docs == 3
    assert stats.doc_freq(FURNITURE.casefold()) == 3
    assert stats.doc_freq("never seen") == 1


def test_strip_part_writes_its_own_parts_with_every_source_path(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    _stage(ctx, "part-00000.parquet", ["d1", "d2"])
    _stage(ctx, "part-00001.parquet", ["d3"])
    _sources(ctx, [("a/d1.txt", "d1"), ("b/d1-copy.txt", "d1"), ("d2.txt", "d2"), ("d3.txt", "d3")])
    write_line_stats(ctx)
    first = strip_part(ctx, "part-00000.parquet")
    second = strip_part(ctx, "part-00001.parquet")
    docs = pq.read_table(ctx.staging / "documents" / "part-00000.parquet").to_pylist()
    by_id = {d["doc_id"]: d for d in docs}
    assert set(by_id) == {"d1", "d2"}
    assert by_id["d1"]["source_paths"] == ["a/d1.txt", "b/d1-copy.txt"]
    assert by_id["d1"]["source_path"] == "a/d1.txt"
    assert pq.read_table(ctx.staging / "documents" / "part-00001.parquet")["doc_id"].to_pylist() == ["d3"]
    lines = pq.read_table(ctx.staging / "lines" / "part-00000.parquet")
    assert set(lines["doc_id"].to_pylist()) == {"d1", "d2"}
    merged = merge_parts("strip", [asdict(first) | {"elapsed": 1.0}, asdict(second) | {"elapsed": 0.5}])
    assert merged["parts"] == ["part-00000.parquet", "part-00001.parquet"]
    assert merged["docs"] == first.docs + second.docs == 3
    assert merged["lines_kept"] + merged["lines_dropped"] == lines.num_rows + second.lines_kept + second.lines_dropped
    assert merged["elapsed"] == 1.5


def test_lines_rows_carry_the_line_hash_of_their_text(tmp_path: Path, monkeypatch) -> None:
    ctx = _ctx(tmp_path)
    d2 = TEXTS["d2"] + "\n\n   \n  Posted 12 March 2024  \n" + FURNITURE.upper()
    monkeypatch.setitem(TEXTS, "d2", d2)
    _stage(ctx, "part-00000.parquet", ["d1", "d2", "d3"])
    _sources(ctx, [("d1.txt", "d1"), ("d2.txt", "d2"), ("d3.txt", "d3")])
    write_line_stats(ctx)
    strip_part(ctx, "part-00000.parquet")
    lines = [r for r in pq.read_table(ctx.staging / "lines" / "part-00000.parquet").to_pylist() if r["doc_id"] == "d2"]
    assert len(lines) == d2.count("\n") + 1
    assert [r["line_hash"] for r in lines] == [line_hash(r["text"]) for r in lines]
    assert len({r["line_hash"] for r in lines}) >= 5


def test_line_stats_are_keyed_by_line_hash(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    _stage(ctx, "part-00000.parquet", ["d1", "d2", "d3"])
    write_line_stats(ctx)
    stats = read_line_stats(ctx)
    assert dict(stats.line_doc_freq) == {line_hash(FURNITURE): 3}
    assert stats.doc_freq(f"  {FURNITURE.upper()} ") == 3  # doc_freq takes a line's text: its key decides


def test_a_part_staged_without_line_hashes_is_hashed_at_strip_time(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    _stage(ctx, "part-00000.parquet", ["d1", "d2", "d3"])
    _sources(ctx, [("d1.txt", "d1"), ("d2.txt", "d2"), ("d3.txt", "d3")])
    write_line_stats(ctx)
    strip_part(ctx, "part-00000.parquet")
    with_hashes = pq.read_table(ctx.staging / "lines" / "part-00000.parquet")
    staged = pq.read_table(ctx.staging / "ingested" / "part-00000.parquet", schema=staging.INGESTED)
    staged = staged.set_column(
        staged.schema.get_field_index("line_hashes"), "line_hashes", pa.nulls(3, pa.list_(pa.string()))
    )
    write_parquet(ctx.staging / "ingested" / "part-00000.parquet", [staged], staging.INGESTED)
    strip_part(ctx, "part-00000.parquet")
    assert pq.read_table(ctx.staging / "lines" / "part-00000.parquet").equals(with_hashes)


def test_copies_of_one_story_count_once_and_keep_their_bodies(tmp_path: Path, monkeypatch) -> None:
    ctx = _ctx(tmp_path)
    for i in (1, 2):  # the d1 story syndicated twice more, each copy with its own closing line
        monkeypatch.setitem(TEXTS, f"d1c{i}", TEXTS["d1"] + f"\nThis copy was published by partner site number {i}.")
    _stage(ctx, "part-00000.parquet", ["d1", "d1c1", "d1c2", "d2", "d3"])
    _sources(ctx, [(f"{d}.txt", d) for d in ("d1", "d1c1", "d1c2", "d2", "d3")])
    write_line_stats(ctx)
    stats = read_line_stats(ctx)
    assert stats.n_docs == 3  # three stories, five documents
    assert stats.doc_freq(FURNITURE.casefold()) == 3  # the share bar still recurs under three different stories
    body = TEXTS["d1"].split("\n")[1]
    assert stats.doc_freq(body.casefold()) == 1  # the copied paragraph is one story's, not furniture
    strip_part(ctx, "part-00000.parquet")
    docs = {
        d["doc_id"]: d["clean_text"]
        for d in pq.read_table(ctx.staging / "documents" / "part-00000.parquet").to_pylist()
    }
    assert all(body in docs[d] for d in ("d1", "d1c1", "d1c2"))
