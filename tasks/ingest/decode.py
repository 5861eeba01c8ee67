"""Turn a file's bytes into normalised text, or say exactly why they are not text."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from tasks.ingest.rejects import ReasonCode, detail

#: Share of C0 control bytes (other than tab, LF, CR, FF) above which bytes are treated as binary.
BINARY_CONTROL_SHARE = 0.05
#: Share of invalid UTF-8 sequences (per character) up to which we keep UTF-8 and replace the bad bytes.
MAX_INVALID_UTF8_SHARE = 0.01
#: Share of bytes >= 0x80 up to which bytes without UTF-8 sequences are read as cp1252 (Western text, mostly ASCII).
LEGACY_HIGH_BYTE_SHARE = 0.3
#: Share of NUL bytes in every other position that marks BOM-less UTF-16 text.
UTF16_ZERO_SHARE = 0.7

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u200b\ufeff]")
#: Characters str.splitlines() treats as line breaks; mapped to LF so every module sees the same lines.
_LINE_BREAKS = re.compile(r"\r\n|[\r\f\x1c\x1d\x1e\x85\u2028\u2029]")
_MOJIBAKE_MARKERS = ("Ã", "â€", "Â")
#: Normalisation repeats until the text stops changing (a repair can expose another); bounded for safety.
MAX_NORMALISE_PASSES = 4
_TRAILING_WS = re.compile(r"[ \t\u00a0]+\n")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, with the encoding used and the repairs applied."""

    text: str
    encoding: str
    repairs: tuple[str, ...]


class NotText(ValueError):
    """The bytes are not usable text; reason_code says why (binary, undecodable, empty), the message what to do."""

    def __init__(self, reason_code: ReasonCode, message: str) -> None:
        super().__init__(message)
        self.reason_code = reason_code


def _looks_binary(data: bytes) -> bool:
    """True when the bytes hold NULs or many control bytes, i.e. are not a text file."""
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > BINARY_CONTROL_SHARE * max(1, len(sample))


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the bytes look like mostly-ASCII UTF-16 without a BOM, else None."""
    sample = data[:4096]
    if len(sample) < 8 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= UTF16_ZERO_SHARE * len(zeros) and other.count(0) <= 0.05 * len(other):
            return encoding
    return None


def _cp1252_punctuation(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: one invalid byte in otherwise good UTF-8 becomes its cp1252 punctuation, or U+FFFD."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    byte = exc.object[exc.start : exc.start + 1]
    if 0x80 <= byte[0] <= 0x9F:
        try:
            return byte.decode("cp1252"), exc.start + 1
        except UnicodeDecodeError:
            pass
    return "\ufffd", exc.start + 1


codecs.register_error("stancewire_cp1252_punct", _cp1252_punctuation)


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Decode bytes that hold no UTF-8 multi-byte sequence: cp1252 when mostly ASCII, else the detected charset."""
    high = sum(1 for b in data if b >= 0x80)
    if high <= LEGACY_HIGH_BYTE_SHARE * len(data):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return data.decode("latin-1"), "latin-1"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    encoding = best.encoding if best is not None and best.encoding else "cp1252"
    if encoding in {"latin_1", "iso8859_1", "iso8859_15"}:
        encoding = "cp1252"  # a superset in the printable range: smart quotes decode as intended
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return data.decode("latin-1"), "latin-1"


def _decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode bytes by BOM, strict UTF-8, UTF-8 with a few bad bytes, BOM-less UTF-16, or a legacy charset."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", ""), []
            except UnicodeDecodeError:
                text = data.decode(encoding, errors="replace")
                return text, encoding.replace("-sig", ""), [f"invalid_{encoding}_bytes:{text.count(chr(0xFFFD))}"]
    utf16 = _bomless_utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16, [f"decoded_from:{utf16}"]
    if _looks_binary(data):
        raise NotText(ReasonCode.BINARY, detail(ReasonCode.BINARY, what="NUL or control bytes", expected="text"))
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    multibyte = sum(1 for ch in replaced if ord(ch) > 0x7F) - bad
    if multibyte > 0 and bad <= MAX_INVALID_UTF8_SHARE * max(1, len(replaced)):
        text = data.decode("utf-8", errors="stancewire_cp1252_punct")
        return text, "utf-8", [f"invalid_utf8_bytes:{bad}"]
    text, encoding = _decode_legacy(data)
    return text, encoding, [f"decoded_from:{encoding}"]


def _normalise_once(text: str, repairs: list[str]) -> str:
    """One pass of mojibake repair, line-break and control-character clean-up and NFC."""
    if any(marker in text for marker in _MOJIBAKE_MARKERS):
        import ftfy

        fixed = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False, fix_line_breaks=False)
        if fixed != text:
            repairs.append("mojibake")
            text = fixed
    text = _LINE_BREAKS.sub("\n", text)
    cleaned = _CONTROL.sub("", text)
    if cleaned != text:
        repairs.append("control_chars")
    text = unicodedata.normalize("NFC", cleaned)
    return _TRAILING_WS.sub("\n", text + "\n").strip("\n")


def normalise_text(text: str) -> tuple[str, list[str]]:
    """Repair mojibake, normalise to NFC with LF line ends and no control characters (a fixed point: idempotent)."""
    repairs: list[str] = []
    for _ in range(MAX_NORMALISE_PASSES):
        again = _normalise_once(text, repairs)
        if again == text:
            break
        text = again
    return text, sorted(set(repairs), key=repairs.index)


def decode(data: bytes) -> Decoded:
    """Decode and normalise a file's bytes; raise NotText with a reason code when they are not text."""
    if not data.strip():
        raise NotText(ReasonCode.EMPTY, detail(ReasonCode.EMPTY, what="is empty or holds only whitespace"))
    text, encoding, repairs = _decode_bytes(data)
    text, more = normalise_text(text)
    if not text.strip():
        raise NotText(ReasonCode.EMPTY, detail(ReasonCode.EMPTY, what="holds no visible text after decoding"))
    return Decoded(text=text, encoding=encoding, repairs=tuple(repairs + more))


def content_hash(text: str) -> str:
    """Full sha256 hex digest of normalised text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def doc_id_for(text: str) -> str:
    """Stable document id derived from normalised text: the first 20 hex digits of its sha256."""
    return content_hash(text)[:20]
