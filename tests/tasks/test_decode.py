"""Decoding bytes into normalised text: encodings, repairs and the reasons bytes are not text."""

from __future__ import annotations

import pytest

from tasks.ingest.decode import NotText, decode, doc_id_for, normalise_text

BODY = "The minister said the talks would resume next week in Geneva, officials confirmed on Friday. " * 4


def test_plain_utf8_is_kept_as_is() -> None:
    out = decode(("Caf\u00e9 " + BODY).encode())
    assert out.encoding == "utf-8" and out.repairs == () and out.text.startswith("Caf\u00e9 The minister")


@pytest.mark.parametrize("data", [b"", b"   ", b" \n\t\r\n ", "\ufeff  \n".encode()])
def test_empty_and_whitespace_only_are_rejected(data: bytes) -> None:
    with pytest.raises(NotText) as exc:
        decode(data)
    assert exc.value.reason_code == "empty"


def test_binary_is_rejected() -> None:
    with pytest.raises(NotText) as exc:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert exc.value.reason_code == "binary"


def test_cp1252_smart_punctuation_is_decoded() -> None:
    out = decode(("He called it \u201cunacceptable\u201d \u2014 twice. " + BODY).encode("cp1252"))
    assert out.encoding == "cp1252"
    assert "\u201cunacceptable\u201d \u2014" in out.text


def test_latin1_with_a_single_accent_is_not_mistaken_for_bad_utf8() -> None:
    out = decode(("A caf\u00e9. " + BODY * 3).encode("latin-1"))
    assert "caf\u00e9" in out.text and "\ufffd" not in out.text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
def test_unicode_encodings_with_and_without_bom(encoding: str) -> None:
    text = "Caf\u00e9 na\u00efve " + BODY
    out = decode(text.encode(encoding))
    assert out.text == text.strip()


def test_invalid_bytes_inside_good_utf8_are_replaced_not_fatal() -> None:
    good = ("Caf\u00e9 " + BODY).encode()
    out = decode(good[:50] + b"\xff\xfe" + good[50:] + b" it\x92s")
    assert out.encoding == "utf-8"
    assert out.text.count("\ufffd") == 2 and out.text.endswith("it\u2019s")
    assert any(r.startswith("invalid_utf8_bytes:") for r in out.repairs)


def test_mojibake_is_repaired() -> None:
    original = "Lavrov\u2019s caf\u00e9 remarks were \u2018clear\u2019. " + BODY
    broken = original.encode("utf-8").decode("cp1252").encode("utf-8")
    out = decode(broken)
    assert "mojibake" in out.repairs and out.text == original.strip()


def test_line_breaks_are_normalised_to_lf() -> None:
    text, _ = normalise_text("one\r\ntwo\rthree\u2028four\u2029five\x85six\fseven")
    assert text.split("\n") == ["one", "two", "three", "four", "five", "six", "seven"]
    assert text.splitlines() == text.split("\n")


def test_control_characters_are_removed() -> None:
    text, repairs = normalise_text("a\x00b\x07c\u200bd")
    assert text == "abcd" and "control_chars" in repairs


def test_doc_id_depends_only_on_normalised_text() -> None:
    a = decode(b"Same text.\r\nSecond line.\r\n").text
    b = decode("Same text.\nSecond line.".encode("utf-16")).text
    assert doc_id_for(a) == doc_id_for(b) and len(doc_id_for(a)) == 20
