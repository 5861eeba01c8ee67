"""End-to-end: a corpus of bad inputs never stops a refresh, and every input ends in exactly one place."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import query
from tests.data.bad_inputs import documents_expected, make_bad_corpus

pytestmark = pytest.mark.slow

MAX_BYTES = 20_000


@pytest.fixture(scope="module")
def bad_run(prefect_harness: None, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], object]:
    """One real refresh over the bad-input corpus."""
    from flows.refresh import refresh
    from flows.settings import Settings

    corpus = tmp_path_factory.mktemp("bad_corpus")
    expected = make_bad_corpus(corpus, max_file_bytes=MAX_BYTES)
    warehouse = tmp_path_factory.mktemp("bad_wh")
    summary = refresh(settings=Settings(input_dir=corpus, warehouse=warehouse, n_process=1, max_file_bytes=MAX_BYTES))
    return warehouse, expected, summary


def test_every_input_is_a_source_or_a_reject_exactly_once(bad_run: tuple) -> None:
    warehouse, expected, _ = bad_run
    sources = [r[0] for r in query(warehouse, "SELECT source_path FROM sources")]
    rejects = [r[0] for r in query(warehouse, "SELECT source_path FROM rejects")]
    assert len(sources) == len(set(sources)) and len(rejects) == len(set(rejects))
    assert not set(sources) & set(rejects)
    assert set(sources) | set(rejects) == set(expected)


def test_each_bad_input_gets_its_reason(bad_run: tuple) -> None:
    warehouse, expected, _ = bad_run
    got = dict(query(warehouse, "SELECT source_path, reason_code FROM rejects"))
    want = {p: code for p, code in expected.items() if code != "document" and "|" not in code}
    assert {p: c for p, c in got.items() if p in want} == want
    for path, either in expected.items():
        if "|" in either:
            assert got.get(path, "document") in either.split("|"), path
    rows = query(warehouse, "SELECT source_path, message, size_bytes FROM rejects")
    for path, message, size in rows:
        assert path in message and message.strip()
        if got[path] in ("too_large", "binary", "empty", "not_english", "no_body"):
            assert size is not None and size >= 0


def test_sources_join_published_documents(bad_run: tuple) -> None:
    warehouse, expected, _ = bad_run
    published = {r[0] for r in query(warehouse, "SELECT source_path FROM sources")}
    assert documents_expected(expected) <= published
    assert published - documents_expected(expected) <= {p for p, c in expected.items() if "document" in c.split("|")}
    orphans = query(warehouse, "SELECT source_path FROM sources WHERE doc_id NOT IN (SELECT doc_id FROM documents)")
    assert orphans == []
    unsourced = query(warehouse, "SELECT doc_id FROM documents WHERE doc_id NOT IN (SELECT doc_id FROM sources)")
    assert unsourced == []


def test_same_text_under_three_names_is_one_document(bad_run: tuple) -> None:
    warehouse, _, _ = bad_run
    rows = query(
        warehouse,
        "SELECT d.doc_id, list_sort(d.source_paths) FROM documents d JOIN sources s USING (doc_id) "
        "WHERE s.source_path = 'good_geneva.txt'",
    )
    assert len(rows) == 1
    assert rows[0][1] == ["copy_of_geneva.txt", "crlf_geneva.txt", "good_geneva.txt"]


def test_legacy_encodings_are_decoded_and_mojibake_repaired(bad_run: tuple) -> None:
    warehouse, _, _ = bad_run
    rows = query(
        warehouse,
        "SELECT s.source_path, d.encoding, d.repairs, d.raw_text FROM documents d JOIN sources s USING (doc_id)",
    )
    by_path = {p: (enc, repairs, text) for p, enc, repairs, text in rows}
    assert by_path["cp1252.txt"][0] == "cp1252" and "\u201cnot negotiable\u201d \u2014" in by_path["cp1252.txt"][2]
    assert "caf\u00e9 talks were na\u00efve" in by_path["latin1.txt"][2]
    assert by_path["utf16_bom.txt"][0] == "utf-16"
    assert "mojibake" in by_path["mojibake.txt"][1] and "May\u2019s caf\u00e9 statement" in by_path["mojibake.txt"][2]
    assert any(r.startswith("invalid_utf8_bytes") for r in by_path["invalid_bytes.txt"][1])
    assert "caf\u00e9 in Tokyo" in by_path["invalid_bytes.txt"][2]


def test_runs_row_counts_the_rejects(bad_run: tuple) -> None:
    warehouse, expected, summary = bad_run
    rejects = query(warehouse, "SELECT count(*) FROM rejects")[0][0]
    assert rejects >= sum(1 for v in expected.values() if "document" not in v.split("|"))
    assert query(warehouse, "SELECT rejects, status FROM runs") == [(rejects, "published")]
    assert summary.rejects == rejects


def test_a_second_refresh_processes_nothing_and_rejects_the_same_files(bad_run: tuple) -> None:
    from flows.refresh import refresh
    from flows.settings import Settings

    warehouse, expected, _ = bad_run
    sql = "SELECT source_path, reason_code, message, size_bytes FROM rejects ORDER BY 1"
    before = query(warehouse, sql)
    corpus = Path(query(warehouse, "SELECT input_dir FROM runs")[0][0])
    again = refresh(settings=Settings(input_dir=corpus, warehouse=warehouse, n_process=1, max_file_bytes=MAX_BYTES))
    assert again.docs_new == 0  # furniture-only and non-English texts are remembered, not stripped again
    assert query(warehouse, sql) == before
    sources = [r[0] for r in query(warehouse, "SELECT source_path FROM sources")]
    assert sorted(sources + [r[0] for r in before]) == sorted(expected)


def test_a_document_the_extractors_fail_on_becomes_an_nlp_error_reject(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tasks.extract.context
    from flows.refresh import refresh
    from flows.settings import Settings
    from tests.data.bad_inputs import article

    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in ("geneva", "cairo", "london"):
        (corpus / f"{name}.txt").write_text(article(name), encoding="utf-8")
    real = tasks.extract.context.build_context

    def fragile(doc_id, doc, *args, **kwargs):
        if "Cairo" in doc.text:
            raise KeyError("holder")
        return real(doc_id, doc, *args, **kwargs)

    monkeypatch.setattr(tasks.extract.context, "build_context", fragile)
    warehouse = tmp_path / "wh"
    summary = refresh(settings=Settings(input_dir=corpus, warehouse=warehouse, n_process=1))
    assert summary.documents == 2  # the run went on without the failing document
    (path, code, message), *others = query(warehouse, "SELECT source_path, reason_code, message FROM rejects")
    assert not others and (path, code) == ("cairo.txt", "nlp_error")
    assert "extraction failed: KeyError" in message and "tried again on the next refresh" in message
    docs = {r[0] for r in query(warehouse, "SELECT source_path FROM documents")}
    assert docs == {"geneva.txt", "london.txt"}
    for table in ("lines", "mentions", "stances", "sources"):
        left = query(warehouse, f"SELECT count(*) FROM {table} WHERE doc_id NOT IN (SELECT doc_id FROM documents)")
        assert left == [(0,)], table

    monkeypatch.setattr(tasks.extract.context, "build_context", real)  # fixed: the next refresh processes it
    again = refresh(settings=Settings(input_dir=corpus, warehouse=warehouse, n_process=1))
    assert (again.docs_new, again.documents) == (1, 3)
    assert query(warehouse, "SELECT count(*) FROM rejects") == [(0,)]
