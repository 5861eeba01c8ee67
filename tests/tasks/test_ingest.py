"""Ingest: scanning the input directory, reading one file, and grouping equal texts into documents."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tasks.ingest import inputs as ingest
from tasks.ingest.decode import doc_id_for
from tasks.ingest.inputs import (
    Reject,
    SourceFile,
    display_path,
    iter_candidates,
    read_source,
    safe_read_source,
    scan_error_reject,
)
from tasks.steps.context import RunContext
from tasks.steps.ingest import run_ingest

TEXT = "Officials met in Geneva on Friday to discuss a ceasefire.\nThe talks will resume next week.\n"


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_candidates_are_sorted_recursive_txt_entries_including_dirs_named_txt(tmp_path: Path) -> None:
    _write(tmp_path / "b.txt", b"x")
    _write(tmp_path / "a.txt", b"x")
    _write(tmp_path / "skip.md", b"x")
    _write(tmp_path / "sub" / "c.TXT", b"x")
    (tmp_path / "dir.txt").mkdir()
    rels = [rel for _, rel in iter_candidates(tmp_path)]
    assert rels == ["a.txt", "b.txt", "dir.txt", "sub/c.TXT"]


def test_links_to_directories_are_not_followed(tmp_path: Path) -> None:
    _write(tmp_path / "real" / "a.txt", b"x")
    os.symlink(tmp_path / "real", tmp_path / "link")
    assert [rel for _, rel in iter_candidates(tmp_path)] == ["real/a.txt"]


def test_missing_input_directory_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="--input"):
        list(iter_candidates(tmp_path / "nope"))


def test_non_utf8_file_names_become_escaped_text(tmp_path: Path) -> None:
    with open(os.fsencode(str(tmp_path)) + b"/caf\xe9.txt", "wb") as fh:
        fh.write(TEXT.encode())
    (path, rel), *_ = iter_candidates(tmp_path)
    assert rel == "caf\\xe9.txt" and rel.encode("utf-8")
    assert isinstance(read_source(path, rel, 10_000), SourceFile)
    assert display_path("plain/name.txt") == "plain/name.txt"


def test_a_good_file_becomes_a_source(tmp_path: Path) -> None:
    src = read_source(_write(tmp_path / "a.txt", TEXT.encode()), "a.txt", 10_000)
    assert isinstance(src, SourceFile)
    assert src.doc_id == doc_id_for(src.text) and src.size_bytes == len(TEXT.encode()) and src.mtime is not None


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda p: _write(p, b""), "empty"),
        (lambda p: _write(p, b"\x00\x01\x02binary"), "binary"),
        (lambda p: _write(p, b"x" * 101), "too_large"),
        (lambda p: p.mkdir(), "not_a_file"),
        (lambda p: os.mkfifo(p), "not_a_file"),
        (lambda p: os.symlink(p.name, p), "symlink_loop"),
        (lambda p: os.symlink("missing.txt", p), "unreadable"),
    ],
    ids=["empty", "binary", "too_large", "directory", "fifo", "symlink_loop", "dangling_link"],
)
def test_bad_entries_become_rejects_with_a_reason(tmp_path: Path, make, code: str) -> None:
    path = tmp_path / "bad.txt"
    make(path)
    out = read_source(path, "bad.txt", 100)
    assert isinstance(out, Reject)
    assert out.reason_code == code and out.source_path == "bad.txt" and "bad.txt" in out.message


def test_an_unreadable_file_is_a_reject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "locked.txt", TEXT.encode())

    def deny(self: Path) -> bytes:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", deny)
    out = read_source(path, "locked.txt", 10_000)
    assert isinstance(out, Reject) and out.reason_code == "unreadable" and out.size_bytes == len(TEXT.encode())


def test_an_unexpected_error_becomes_an_ingest_error_reject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "a.txt", TEXT.encode())

    def boom(data: bytes) -> None:
        raise RuntimeError("decoder exploded")

    monkeypatch.setattr("tasks.ingest.inputs.decode", boom)
    out = safe_read_source(path, "a.txt", 10_000)
    assert isinstance(out, Reject) and out.reason_code == "ingest_error" and "decoder exploded" in out.message


def test_directories_that_cannot_be_listed_become_rejects(tmp_path: Path) -> None:
    rej = scan_error_reject(tmp_path, PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "private")))
    assert rej.reason_code == "unreadable" and rej.source_path == "private" and "cannot list" in rej.message


def test_scan_errors_are_collected_not_swallowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "a.txt", b"x")
    real_walk = os.walk

    def walk(top, **kwargs):
        kwargs["onerror"](PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "private")))
        yield from real_walk(top, **{k: v for k, v in kwargs.items() if k != "onerror"})

    monkeypatch.setattr("tasks.ingest.inputs.os.walk", walk)
    errors: list[OSError] = []
    assert [rel for _, rel in iter_candidates(tmp_path, errors)] == ["a.txt"]
    assert [e.filename for e in errors] == [str(tmp_path / "private")]


def test_equal_texts_are_one_document_with_every_source(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder / "a.txt", TEXT.encode())
    _write(folder / "b.txt", TEXT.replace("\n", "\r\n").encode("utf-16"))
    _write(folder / "c.txt", b"Another text entirely, long enough to be a document of its own.")
    ctx = RunContext(run_id="r1", input_dir=folder, warehouse=tmp_path / "wh", model="m", pipeline_version="v")
    run_ingest(ctx)  # what the flow's ingest task runs
    staged = pq.read_table(sorted((ctx.staging / "ingested").glob("*.parquet"))).to_pylist()
    assert sorted(sorted(d["source_paths"]) for d in staged) == [["a.txt", "b.txt"], ["c.txt"]]
    sources = pq.read_table(ctx.staging / "tables" / "sources.parquet").to_pylist()
    doc_of = {r["source_path"]: r["doc_id"] for r in sources}
    assert doc_of["a.txt"] == doc_of["b.txt"] != doc_of["c.txt"]


def test_text_longer_than_the_nlp_limit_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tasks.ingest.inputs.MAX_TEXT_CHARS", 50)
    out = read_source(_write(tmp_path / "long.txt", ("word " * 20).encode()), "long.txt", 10_000)
    assert isinstance(out, Reject) and out.reason_code == "too_large" and "NLP limit" in out.message
    assert isinstance(read_source(_write(tmp_path / "short.txt", b"word " * 5), "short.txt", 10_000), SourceFile)


ENGLISH_PROSE = (
    "The foreign minister said on Monday that the talks would resume in Geneva next week, but he warned that "
    "the two sides were still far apart on the question of who should be at the table. It is not clear whether "
    "the opposition groups, which have been fighting the government for five years, will accept the plan that "
    "was drafted by the envoy and his team in the last days of the previous round. "
) * 3
FRENCH_PROSE = (
    "Le ministre des affaires étrangères a déclaré lundi que les négociations reprendraient à Genève la semaine "
    "prochaine, mais il a averti que les deux camps restaient très éloignés sur la question de savoir qui devait "
    "être à la table. Il n'est pas certain que les groupes d'opposition, qui combattent le gouvernement depuis "
    "cinq ans, accepteront le plan rédigé par l'envoyé et son équipe au cours des derniers jours. "
) * 3


def test_plain_english_prose_skips_the_statistical_identifier(monkeypatch: pytest.MonkeyPatch) -> None:
    import py3langid

    def boom(_text: str) -> tuple[str, float]:
        raise AssertionError("py3langid should not run on plain English prose")

    monkeypatch.setattr(py3langid, "classify", boom)
    assert ingest.plainly_english(ENGLISH_PROSE)
    assert ingest.detect_language(ENGLISH_PROSE) == "en"


def test_other_languages_and_short_or_navigation_text_go_to_the_identifier() -> None:
    assert not ingest.plainly_english(FRENCH_PROSE)
    assert ingest.detect_language(FRENCH_PROSE) == "fr"
    nav = "\n".join(["Home", "World News", "Politics", "Business", "Sports", "Sign In", "Subscribe"] * 12)
    assert not ingest.plainly_english(nav)  # English words, but not prose: the identifier decides
    assert not ingest.plainly_english("The talks in Geneva were said to be at an end.")  # too few words to tell
