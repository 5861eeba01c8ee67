"""Property-based tests: arbitrary bytes and strings thrown at ingest and stripping never escape as exceptions,
and every offset stays inside its text."""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.ingest.decode import NotText, decode, doc_id_for, normalise_text
from tasks.ingest.inputs import Reject, SourceFile, safe_read_source

REASONS = {"empty", "binary", "undecodable"}
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Text that looks like crawler dumps: words, furniture, odd whitespace, line separators, controls, accents, emoji.
_pieces = st.sampled_from(
    [
        "Share on Facebook",
        "Leave a Reply",
        "Home | World | Politics",
        "© 2019 News",
        "Sergey Lavrov said talks would resume.",
        '"We agree," Kerry told reporters.',
        "\u00a0",
        "\t",
        "\r\n",
        "\r",
        "\n\n",
        "\u2028",
        "\u2029",
        "\x85",
        "\x0b",
        "\x0c",
        "\x00",
        "\ufeff",
        "\u200b",
        "caf\u00e9",
        "cafe\u0301",
        "\U0001f600",
        "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
        "\u00c3\u00a9",
        "\u00e2\u20ac\u2122",
    ]
)
dumps = st.one_of(st.text(max_size=600), st.lists(st.one_of(_pieces, st.text(max_size=40)), max_size=60).map("".join))
encodings = st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252", "latin-1", "utf-32"])


def _check_decoded(text: str) -> None:
    """Invariants of normalised text."""
    assert text.strip()
    assert "\r" not in text and "\x00" not in text
    assert text.splitlines() == text.split("\n")
    assert unicodedata.normalize("NFC", text) == text


@FAST
@given(st.binary(max_size=3000))
def test_decode_never_raises_anything_but_not_text(data: bytes) -> None:
    try:
        out = decode(data)
    except NotText as exc:
        assert exc.reason_code in REASONS and str(exc)
        return
    _check_decoded(out.text)


@FAST
@given(dumps, encodings)
def test_encoded_text_decodes_to_normalised_text(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode(encoding, errors="replace")
    try:
        out = decode(data)
    except NotText as exc:
        assert exc.reason_code in REASONS
        return
    _check_decoded(out.text)


@FAST
@given(dumps)
def test_normalising_is_idempotent_so_doc_ids_are_stable(text: str) -> None:
    once, _ = normalise_text(text)
    twice, _ = normalise_text(once)
    assert twice == once
    if once.strip():
        assert doc_id_for(decode(once.encode("utf-8")).text) == doc_id_for(once)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.binary(max_size=400), min_size=1, max_size=6))
def test_reading_arbitrary_files_yields_sources_or_rejects(blobs: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        results = []
        for i, blob in enumerate(blobs):
            path = Path(tmp) / f"f{i}.txt"
            path.write_bytes(blob)
            results.append(safe_read_source(path, path.name, 300))
    assert all(isinstance(r, SourceFile | Reject) for r in results)
    assert all(r.reason_code != "ingest_error" for r in results if isinstance(r, Reject))
    texts: dict[str, str] = {}
    for r in results:  # a document is keyed by its normalised text: equal ids mean equal texts
        if isinstance(r, SourceFile):
            assert texts.setdefault(r.doc_id, r.text) == r.text


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dumps)
def test_stripping_any_text_keeps_offsets_inside_it(raw: str) -> None:
    from tasks.boilerplate import CorpusStats, strip_document

    text, _ = normalise_text(raw)
    if not text.strip():
        return
    result = strip_document(text, CorpusStats(line_doc_freq={}, n_docs=1))
    clean = result.clean_text
    for line in result.lines:
        assert 0 <= line.start_char <= line.end_char <= len(text)
        assert text[line.start_char : line.end_char] == line.text
        if line.kept:
            s = line.clean_start
            assert s is not None and 0 <= s <= len(clean)
            stripped = line.text.strip()
            assert clean[s : s + len(stripped)] == stripped or clean[s : s + len(line.text)] == line.text
    assert [ln.line_no for ln in result.lines] == list(range(len(result.lines)))
