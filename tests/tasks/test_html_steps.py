"""HTML inputs through the ingest and strip steps: routing, documents metadata, lines audit and rejects."""

from __future__ import annotations

import gzip
from dataclasses import asdict
from pathlib import Path

import pyarrow.parquet as pq

from schemas import staging
from tasks.steps.context import RunContext
from tasks.steps.ingest import run_ingest
from tasks.steps.strip import strip_part, write_line_stats
from tasks.steps.wrappers import merge_parts
from tests.data.bad_inputs import article
from tests.tasks.test_html_inputs import PARAGRAPHS, article_html


def _ctx(tmp_path: Path) -> RunContext:
    return RunContext(
        run_id="r1", input_dir=tmp_path / "in", warehouse=tmp_path / "wh", model="m", pipeline_version="p1"
    )


def _corpus(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir(parents=True)
    (folder / "dump.txt").write_text(article("geneva"), encoding="utf-8")
    (folder / "page.html").write_bytes(article_html("windows-1252").encode("cp1252"))
    (folder / "same.htm").write_bytes(article_html("windows-1252").encode("cp1252"))  # the same page twice
    (folder / "zipped.html.gz").write_bytes(gzip.compress(article_html(title="A second headline").encode()))
    (folder / "broken.html.gz").write_bytes(gzip.compress(article_html().encode())[:60])
    (folder / "nothing.html").write_bytes(b"<html><body><img src='a.jpg'><script>x = 1</script></body></html>")


def _read(ctx: RunContext, folder: str) -> list[dict]:
    return [r for p in sorted((ctx.staging / folder).glob("*.parquet")) for r in pq.read_table(p).to_pylist()]


def test_html_pages_become_documents_with_metadata_and_audited_lines(tmp_path: Path) -> None:
    _corpus(tmp_path)
    ctx = _ctx(tmp_path)
    manifest = run_ingest(ctx)
    rejects = {r["source_path"]: r for r in _read(ctx, "tables") if "reason_code" in r}
    assert rejects["broken.html.gz"]["reason_code"] == "corrupt_gzip"
    assert "broken.html.gz" in rejects["broken.html.gz"]["message"]
    staged = {tuple(r["source_paths"]): r for r in _read(ctx, "ingested")}
    assert set(staged) == {("dump.txt",), ("nothing.html",), ("page.html", "same.htm"), ("zipped.html.gz",)}
    assert all(r["language"] in ("en", "und") for r in staged.values())
    assert staged[("page.html", "same.htm")]["encoding"] == "cp1252"
    # an HTML page's lines are not counted as corpus furniture: only the text dump has line keys
    keys = pq.read_table(sorted((ctx.staging / "line_keys").glob("*.parquet")), schema=staging.LINE_KEYS)
    assert set(keys["doc_id"].to_pylist()) == {staged[("dump.txt",)]["doc_id"]}

    write_line_stats(ctx)  # as the flow does: line stats once, then one strip task per part
    strip = merge_parts("strip", [asdict(strip_part(ctx, part)) for part in manifest.parts])
    docs = {r["source_path"]: r for r in _read(ctx, "documents")}
    assert set(docs) == {"dump.txt", "page.html", "zipped.html.gz"}
    page = docs["page.html"]
    assert page["source_paths"] == ["page.html", "same.htm"]
    assert (page["title"], page["byline"], page["published"]) == (
        "Talks in Geneva to resume next week",
        "Jane Doe",
        "2019-11-18",
    )
    assert page["published_at"].isoformat().startswith("2019-11-18")
    assert page["clean_text"] == "\n\n".join(PARAGRAPHS) and "“new framework”" in page["clean_text"]
    assert "<p>" not in page["raw_text"] and page["char_count"] == len(page["raw_text"])
    assert "html" in page["repairs"] and "gunzip" in docs["zipped.html.gz"]["repairs"]
    assert docs["zipped.html.gz"]["title"] == "A second headline"
    assert 0 < page["boilerplate_share"] < 1

    lines = [r for r in _read(ctx, "lines") if r["doc_id"] == page["doc_id"]]
    assert len(lines) == page["line_count"] and sum(r["kept"] for r in lines) == page["kept_line_count"] == 4
    assert all(r["reason"].startswith("html:") for r in lines)
    assert all(page["raw_text"][r["start_char"] : r["end_char"]] == r["text"] for r in lines)
    assert {r["label"] for r in lines if not r["kept"]} >= {"nav", "headline", "byline", "footer"}
    dump_lines = [r for r in _read(ctx, "lines") if r["doc_id"] == docs["dump.txt"]["doc_id"]]
    assert dump_lines and not any(r["reason"].startswith("html:") for r in dump_lines)

    no_body = {r["source_path"]: r for r in _read(ctx, "tables") if r.get("reason_code") == "no_body"}
    assert set(no_body) == {"nothing.html"} and strip["no_body"] == 1
    assert "trafilatura found no main text" in no_body["nothing.html"]["message"]
