"""Turn a file's bytes into normalised text, or say exactly why they are not text."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass

#: Share of C0 control bytes (other than tab, LF, CR, FF) above which bytes are treated as binary.
BINARY_CONTROL_SHARE = 0.05
#: Share of invalid UTF-8 sequences (per character) up to which we keep UTF-8 and replace the bad bytes.
MAX_INVALID_UTF8_SHARE = 0.01

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u200b\ufeff]")
_TRAILING_WS = re.compile(r"[ \t\u00a0]+\n")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, with the encoding used and the repairs applied."""

    text: str
    encoding: str
    repairs: tuple[str, ...]


class NotText(ValueError):
    """The bytes are not usable text; reason_code says why (binary, undecodable, empty)."""

    def __init__(self, reason_code: str, message: str) -> None:
        super().__init__(message)
        self.reason_code = reason_code


def _looks_binary(data: bytes) -> bool:
    """True when the bytes hold NULs or many control bytes, i.e. are not a text file."""
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > BINARY_CONTROL_SHARE * max(1, len(sample))


def _decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode bytes by BOM, strict UTF-8, UTF-8 with few bad bytes, or a detected legacy charset."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", ""), []
            except UnicodeDecodeError as exc:
                raise NotText(
                    "undecodable", f"has a {encoding} byte-order mark but is not {encoding}: {exc}"
                ) from exc
    if _looks_binary(data):
        raise NotText("binary", "holds NUL or control bytes: a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    if bad <= MAX_INVALID_UTF8_SHARE * max(1, len(replaced)):
        return replaced, "utf-8", [f"invalid_utf8_bytes:{bad}"]
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise NotText("undecodable", "is neither UTF-8 nor any charset we can detect; re-save it as UTF-8")
    encoding = best.encoding
    if encoding in {"latin_1", "iso8859_1", "iso8859_15"}:
        encoding = "cp1252"  # a superset in the printable range: smart quotes decode as intended
    try:
        return data.decode(encoding), encoding, [f"decoded_from:{encoding}"]
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1", ["decoded_from:latin-1"]


def normalise_text(text: str) -> tuple[str, list[str]]:
    """Repair mojibake, normalise to NFC with LF line ends and no control characters."""
    repairs: list[str] = []
    if any(marker in text for marker in ("Ã", "â€", "Â")):
        import ftfy

        fixed = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False, fix_line_breaks=False)
        if fixed != text:
            repairs.append("mojibake")
            text = fixed
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    cleaned = _CONTROL.sub("", text)
    if cleaned != text:
        repairs.append("control_chars")
    text = unicodedata.normalize("NFC", cleaned)
    text = _TRAILING_WS.sub("\n", text).strip("\n")
    return text, repairs


def decode(data: bytes) -> Decoded:
    """Decode and normalise a file's bytes; raise NotText with a reason code when they are not text."""
    if not data.strip():
        raise NotText("empty", "is empty or holds only whitespace")
    text, encoding, repairs = _decode_bytes(data)
    text, more = normalise_text(text)
    if not text.strip():
        raise NotText("empty", "holds no visible text after decoding")
    return Decoded(text=text, encoding=encoding, repairs=tuple(repairs + more))


def content_hash(text: str) -> str:
    """Full sha256 hex digest of normalised text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def doc_id_for(text: str) -> str:
    """Stable document id derived from normalised text: the first 20 hex digits of its sha256."""
    return content_hash(text)[:20]
