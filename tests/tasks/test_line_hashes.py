"""Each line of a text dump is keyed and hashed once per refresh, and carried documents' lines are counted by the
same rules as new ones (issue 17.4)."""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import tasks.boilerplate.keys as keys
from schemas import staging, tables
from tasks.boilerplate.keys import line_hash, page_line_hashes
from tasks.boilerplate.layout import split_page
from tasks.boilerplate.story_clusters import long_chars
from tasks.steps.context import RunContext
from tasks.steps.ingest import run_ingest
from tasks.steps.strip import corpus_line_stats, strip_part, write_line_stats
from tasks.store.parquet_io import to_table, write_parquet

SHARE = "Share this article on Facebook"


def _story(topic: str, sep: str = " ") -> list[str]:
    """Three paragraph-sized lines about one topic, words separated by `sep`."""
    words = f"The {topic} talks resumed in Geneva on Monday after a pause of several months, {{}} officials said."
    return [sep.join(words.format(n).split()) for n in ("two", "three", "four")]


def _ctx(tmp_path: Path, files: dict[str, str]) -> RunContext:
    """A run over `files` written to an input folder of tmp_path."""
    (tmp_path / "in").mkdir(parents=True)
    for name, text in files.items():
        (tmp_path / "in" / name).write_text(text, encoding="utf-8")
    return RunContext(
        run_id="r1", input_dir=tmp_path / "in", warehouse=tmp_path / "wh", model="m", pipeline_version="v"
    )


def test_page_line_hashes_are_line_hash_of_each_line_and_of_the_stripped_lines() -> None:
    rng = random.Random(7)
    alphabet = ["a", "B", "7", "42", " ", "\t", "\u00a0", "\u2009", "ß", "İ", "Σ", ".", "\u3000"]
    for _ in range(300):
        text = "\n".join("".join(rng.choices(alphabet, k=rng.randint(0, 12))) for _ in range(rng.randint(1, 8)))
        raw = text.split("\n")
        hashes = page_line_hashes(raw)
        assert hashes == [line_hash(x) for x in raw], raw
        page = split_page(text)  # the stripper hashes the stripped non-blank lines: the same hashes
        assert page_line_hashes(page.stripped) == [hashes[i] for i in page.content], raw
    assert page_line_hashes([]) == []


def _count_keying(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the lines every keying function of the loaded tasks modules is asked to key: [lines]."""
    keyed = [0]
    originals = {"page_line_keys": keys.page_line_keys, "line_key": keys.line_key}

    def counting(name: str, fn: Callable) -> Callable:
        """Wrap a keying function so that it counts the lines it keys."""

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            keyed[0] += len(args[0]) if name == "page_line_keys" else 1
            return fn(*args, **kwargs)

        return wrapper

    for module in [m for n, m in sys.modules.items() if n.startswith("tasks.") and m is not None]:
        for name, fn in originals.items():
            if getattr(module, name, None) is fn:
                monkeypatch.setattr(module, name, counting(name, fn))
    return keyed


def test_each_line_of_a_text_dump_is_keyed_once_per_refresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {
        f"d{i}.txt": "\n".join(["Home | World | Politics", "", *_story(topic), "", "  ", SHARE, "Posted 3 March 2024"])
        for i, topic in enumerate(("trade", "climate", "border", "water"))
    }
    ctx = _ctx(tmp_path, files)
    keyed = _count_keying(monkeypatch)
    manifest = run_ingest(ctx)
    write_line_stats(ctx)
    for name in manifest.parts:
        strip_part(ctx, name)
    staged = [r for p in manifest.parts for r in pq.read_table(ctx.staging / "ingested" / p).to_pylist()]
    n_lines = sum(len(r["raw_text"].split("\n")) for r in staged)
    assert len(staged) == 4 and n_lines == 4 * 9
    assert keyed[0] == n_lines  # ingest keys each line once; the stripper and the lines rows reuse its hashes
    lines = [r for p in manifest.parts for r in pq.read_table(ctx.staging / "lines" / p).to_pylist()]
    assert len(lines) == n_lines
    monkeypatch.undo()
    assert all(r["line_hash"] == line_hash(r["text"]) for r in lines)
    assert all(r["line_hashes"] == page_line_hashes(r["raw_text"].split("\n")) for r in staged)


def test_an_html_page_stages_no_line_hashes(tmp_path: Path) -> None:
    page = "<html><body><p>" + "</p><p>".join(_story("trade")) + "</p></body></html>"
    ctx = _ctx(tmp_path, {"a.html": page, "b.txt": "\n".join(_story("climate"))})
    manifest = run_ingest(ctx)
    staged = {
        r["repairs"] != []: r for p in manifest.parts for r in pq.read_table(ctx.staging / "ingested" / p).to_pylist()
    }
    assert staged[True]["line_hashes"] == []
    assert staged[False]["line_hashes"] == page_line_hashes(staged[False]["raw_text"].split("\n"))


def _published_lines(tmp_path: Path, doc_id: str, text: str) -> Path:
    """A published lines table holding one document's lines, as an earlier refresh wrote them."""
    rows, start = [], 0
    for i, line in enumerate(text.split("\n")):
        rows.append(
            {
                "doc_id": doc_id,
                "line_no": i,
                "start_char": start,
                "end_char": start + len(line),
                "text": line,
                "line_hash": line_hash(line),
                "kept": bool(line.strip()),
                "label": "body" if line.strip() else "blank",
                "reason": "score=0.90" if line.strip() else "blank",
                "clean_start": None,
            }
        )
        start += len(line) + 1
    out = tmp_path / "published_lines"
    write_parquet(out / "part-0.parquet", [to_table(rows, tables.LINES)], tables.LINES)
    return out


def test_carried_and_new_documents_agree_on_long_lines_spaced_with_no_break_spaces(tmp_path: Path) -> None:
    copy = "\n".join([SHARE, *_story("trade", sep="\u00a0")])  # words separated by U+00A0, not ' '
    assert long_chars(copy.split("\n")[1]) > 0  # paragraph-sized for str.split (a SQL '\s+' split sees one word)
    others = {
        "b.txt": copy + "\nThis copy was published by a partner site.",  # the same story again
        "c.txt": "\n".join([SHARE, *_story("climate")]),
    }
    all_new = _ctx(tmp_path / "new", {"a.txt": copy, **others})
    run_ingest(all_new)
    carried = _ctx(tmp_path / "carried", others)
    run_ingest(carried)
    carried.previous["lines"] = str(_published_lines(tmp_path, "a-carried", copy))
    ids = pa.table({"doc_id": pa.array(["a-carried"], pa.string())})
    write_parquet(carried.staging / "tables" / "carried.parquet", [ids], ids.schema)
    new_stats, carried_stats = corpus_line_stats(all_new), corpus_line_stats(carried)
    assert new_stats.n_docs == carried_stats.n_docs == 2  # the two copies are one story either way
    assert dict(carried_stats.line_doc_freq) == dict(new_stats.line_doc_freq) == {line_hash(SHARE): 2}


def test_staged_ingested_schema_has_line_hashes() -> None:
    assert staging.INGESTED.field("line_hashes").type == pa.list_(pa.string())
