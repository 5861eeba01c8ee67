"""Annotate step per part: rows land in the part's files, empty parts cost no model, manifests merge."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from schemas import tables
from tasks.steps import annotate
from tasks.steps.annotate import AnnotateManifest, Models, annotate_part
from tasks.steps.context import RunContext
from tasks.steps.wrappers import merge_parts
from tasks.store.parquet_io import to_table, write_parquet

OUTPUTS = ("mentions", "doc_entities", "quotes", "stances", "doc_stances")


def _ctx(tmp_path: Path) -> RunContext:
    return RunContext(run_id="r1", input_dir=tmp_path, warehouse=tmp_path / "wh", model="m", pipeline_version="v")


def _document(doc_id: str, clean: str) -> dict:
    now = datetime.now(UTC)
    return {
        "doc_id": doc_id,
        "source_path": f"{doc_id}.txt",
        "source_paths": [f"{doc_id}.txt"],
        "content_hash": doc_id,
        "byte_count": len(clean),
        "char_count": len(clean),
        "encoding": "utf-8",
        "repairs": [],
        "title": None,
        "outlet": None,
        "byline": None,
        "published": None,
        "language": "en",
        "line_count": 1,
        "kept_line_count": 1,
        "boilerplate_share": 0.0,
        "raw_text": clean,
        "clean_text": clean,
        "ingested_at": now,
        "run_id": "r1",
        "pipeline_version": "v",
    }


def _stage_documents(ctx: RunContext, name: str, rows: list[dict]) -> None:
    write_parquet(
        ctx.stage_dir("documents") / name, [to_table(rows, tables.DOCUMENTS, table="documents")], tables.DOCUMENTS
    )


def _blank_models() -> Models:
    """A blank English pipeline with a sentencizer and a ruler that tags two country names (no trained model)."""
    spacy = pytest.importorskip("spacy")
    from tasks.extract.decide import identity_policy
    from tasks.extract.polarity import load_polarity_model
    from tasks.nlp.gazetteer import load_gazetteer

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "GPE", "pattern": "Russia"}, {"label": "GPE", "pattern": "Syria"}])
    return Models(nlp, load_gazetteer(), load_polarity_model(None), None, identity_policy())


def test_empty_part_writes_empty_outputs_without_loading_models(tmp_path: Path, monkeypatch) -> None:
    ctx = _ctx(tmp_path)
    _stage_documents(ctx, "part-00000.parquet", [])

    def no_models(_ctx: RunContext) -> Models:
        raise AssertionError("models must not be loaded for a part without documents")

    monkeypatch.setattr(annotate, "load_models", no_models)
    out = annotate_part(ctx, "part-00000.parquet")
    assert out.docs == 0 and out.parts == ["part-00000.parquet"]
    for name in OUTPUTS:
        assert pq.read_metadata(ctx.staging / name / "part-00000.parquet").num_rows == 0


def test_part_rows_go_to_that_part_and_name_its_documents(tmp_path: Path, monkeypatch) -> None:
    ctx = _ctx(tmp_path)
    models = _blank_models()
    monkeypatch.setattr(annotate, "load_models", lambda _ctx: models)
    _stage_documents(ctx, "part-00000.parquet", [_document("d1", "Russia met Syria on Monday.")])
    _stage_documents(
        ctx,
        "part-00001.parquet",
        [_document("d2", "Officials in Russia spoke."), _document("d3", "Nothing to see here.")],
    )
    first = annotate_part(ctx, "part-00000.parquet")
    second = annotate_part(ctx, "part-00001.parquet")
    assert (first.docs, second.docs) == (1, 2)
    m0 = pq.read_table(ctx.staging / "mentions" / "part-00000.parquet")
    m1 = pq.read_table(ctx.staging / "mentions" / "part-00001.parquet")
    assert set(m0["doc_id"].to_pylist()) == {"d1"} and m0.num_rows == first.mentions >= 2
    assert set(m1["doc_id"].to_pylist()) == {"d2"} and m1.num_rows == second.mentions >= 1
    for name in OUTPUTS:
        assert (ctx.staging / name / "part-00001.parquet").exists()


def test_merge_parts_adds_counts_and_seconds_in_part_order_and_keeps_failures() -> None:
    a = AnnotateManifest(parts=["p0"], docs=2, mentions=5, quotes=1, stances=3, seconds={"nlp": 1.0, "load": 2.0})
    b = AnnotateManifest(parts=["p1"], docs=1, mentions=2, quotes=0, stances=1, seconds={"nlp": 0.5})
    b.failed["d9"] = "extraction failed: ValueError"
    b.failed_at["d9"] = "quotes.py:10"
    out = merge_parts("annotate", [asdict(a) | {"elapsed": 2.0}, asdict(b) | {"elapsed": 1.0}])
    assert out["parts"] == ["p0", "p1"]
    assert (out["docs"], out["mentions"], out["quotes"], out["stances"]) == (3, 7, 1, 4)
    assert out["seconds"] == {"nlp": 1.5, "load": 2.0}
    assert out["failed"] == {"d9": "extraction failed: ValueError"} and out["failed_at"] == {"d9": "quotes.py:10"}
    assert out["elapsed"] == 3.0
    assert merge_parts("annotate", [])["parts"] == []  # no new part: an empty manifest


def _three_documents(ctx: RunContext) -> None:
    _stage_documents(
        ctx,
        "part-00000.parquet",
        [
            _document("d1", "Russia met Syria on Monday."),
            _document("d2", "BOOM: Officials in Russia spoke."),
            _document("d3", "Syria said Russia was late."),
        ],
    )


def _rows_by_doc(ctx: RunContext) -> set[str]:
    return set(pq.read_table(ctx.staging / "mentions" / "part-00000.parquet")["doc_id"].to_pylist())


def test_a_document_an_extractor_fails_on_is_left_out_and_named(tmp_path: Path, monkeypatch) -> None:
    import tasks.extract.quotes.utterances

    ctx = _ctx(tmp_path)
    models = _blank_models()
    monkeypatch.setattr(annotate, "load_models", lambda _ctx: models)
    real = tasks.extract.quotes.utterances.extract_quotes

    def fragile(doc, links, resolver=None):
        if doc.text.startswith("BOOM"):
            raise IndexError("list index out of range")
        return real(doc, links, resolver)

    monkeypatch.setattr(tasks.extract.quotes.utterances, "extract_quotes", fragile)
    _three_documents(ctx)
    out = annotate_part(ctx, "part-00000.parquet")
    assert out.docs == 2 and list(out.failed) == ["d2"]
    assert "extraction failed: IndexError: list index out of range at test_annotate_parts.py" in out.failed["d2"]
    assert _rows_by_doc(ctx) == {"d1", "d3"}  # no partial rows of the failed document


def test_a_text_that_breaks_spacy_mid_batch_is_isolated(tmp_path: Path, monkeypatch) -> None:
    from spacy.language import Language

    ctx = _ctx(tmp_path)
    models = _blank_models()

    @Language.component("explode_on_boom")
    def explode_on_boom(doc):
        if doc.text.startswith("BOOM"):
            raise ValueError("[E000] cannot process this text")
        return doc

    models.nlp.add_pipe("explode_on_boom")
    monkeypatch.setattr(annotate, "load_models", lambda _ctx: models)
    _three_documents(ctx)
    out = annotate_part(ctx, "part-00000.parquet")
    assert out.docs == 2 and set(out.failed) == {"d2"} and out.failed["d2"].startswith("spaCy failed: ValueError")
    assert _rows_by_doc(ctx) == {"d1", "d3"}
    assert out.mentions == pq.read_metadata(ctx.staging / "mentions" / "part-00000.parquet").num_rows
