"""Ingest: find input files, read and decode them, and split them into documents and rejects."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tasks.ingest.decode import Decoded, NotText, content_hash, decode, doc_id_for
from tasks.ingest.html import decode_html, is_html_doc, is_html_name, page_bytes, page_visible_text
from tasks.ingest.rejects import ReasonCode, Reject, detail

#: py3langid scores are log-probabilities; texts shorter than this many letters keep language "und" unless clear.
MIN_LETTERS_FOR_LANGUAGE = 20
#: Characters from the middle of a text given to the language identifier (its cost is linear in them; the middle
#: is body text more often than the start, which is navigation). 2,000 is plenty for py3langid on news prose.
LANGUAGE_SAMPLE_CHARS = 2000
#: Very common English function words. Running English prose has 35-50% of its words in this set; other languages
#: (even those sharing a few of the words, like "in", "is", "a") stay far below ENGLISH_FAST_SHARE, so a sample above it
#: is English without running the statistical identifier (which is most of ingest's CPU time on a fresh corpus).
_FUNCTION_WORDS = (
    "the of and to in a is that for on with as by was it at from he be are has have said not this an his but they "
    "were will which their or been its who had would"
)
ENGLISH_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())
#: Share of sample words that must be English function words for the fast path (below it py3langid decides). Chosen
#: on the boilerplate dev pages' middles: English article prose 0.33-0.45, the non-English pages at most 0.09 (their
#: English navigation); 0.2 keeps a wide margin on both sides.
ENGLISH_FAST_SHARE = 0.2
#: Fewest words a sample needs before the fast path may answer.
ENGLISH_FAST_MIN_WORDS = 60
_WORD = re.compile(r"[a-z]+")
#: Longest text accepted (characters): spaCy's default nlp.max_length; a longer text would stop the NLP stage.
MAX_TEXT_CHARS = 1_000_000


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One input file that decoded to text."""

    source_path: str
    size_bytes: int
    mtime: datetime | None
    text: str
    encoding: str
    repairs: tuple[str, ...]
    doc_id: str
    content_hash: str


@dataclass(slots=True)
class IngestedDoc:
    """A distinct text and every file it came from."""

    doc_id: str
    content_hash: str
    text: str
    encoding: str
    repairs: tuple[str, ...]
    byte_count: int
    language: str
    source_paths: list[str] = field(default_factory=list)


def display_path(rel: str) -> str:
    """A path as valid UTF-8 text: undecodable bytes of a file name become \\xNN escapes."""
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def is_candidate_name(name: str) -> bool:
    """True for an input file name: a text dump (*.txt) or an HTML page (*.html, *.htm, *.html.gz)."""
    return name.lower().endswith(".txt") or is_html_name(name)


def iter_candidates(
    input_dir: Path, errors: list[OSError] | None = None, skip_dir: Path | None = None
) -> Iterator[tuple[Path, str]]:
    """Yield (absolute path, path relative to input_dir) of every input entry, sorted, without following dir links.

    Input entries are text dumps (*.txt) and HTML pages (*.html, *.htm, *.html.gz). `skip_dir` (the warehouse,
    when it lies inside the input directory) is not scanned: its report and data docs pages are output, not input.

    Directories that cannot be listed are appended to `errors` (when given) instead of being skipped silently.
    """
    root = Path(input_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"input directory {root} does not exist or is not a directory; pass --input DIR")
    for dirpath, dirnames, filenames in os.walk(
        root, followlinks=False, onerror=errors.append if errors is not None else None
    ):
        here = Path(dirpath)
        if skip_dir is not None:
            dirnames[:] = [d for d in dirnames if not _same_dir(here / d, skip_dir)]
        dirnames.sort()
        names = sorted(set(filenames) | {d for d in dirnames if is_candidate_name(d)})
        for name in names:
            if is_candidate_name(name):
                path = here / name
                yield path, display_path(path.relative_to(root).as_posix())


def _same_dir(a: Path, b: Path) -> bool:
    """True when two paths name the same existing directory."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def scan_error_reject(input_dir: Path, exc: OSError) -> Reject:
    """A reject for a directory the scan could not list (its files cannot be accounted for one by one)."""
    where = Path(exc.filename or input_dir)
    try:
        rel = display_path(where.relative_to(input_dir).as_posix())
    except ValueError:
        rel = display_path(str(where))
    rel = rel if rel not in ("", ".") else "."
    hint = "the files in it were not read. Check its permissions"
    return Reject(
        rel,
        ReasonCode.UNREADABLE,
        detail(ReasonCode.UNREADABLE, action="list directory", error=exc.strerror, hint=hint),
        None,
    )


def safe_read_source(path: Path, rel: str, max_bytes: int) -> SourceFile | Reject:
    """read_source that never raises: an unexpected failure becomes an `ingest_error` reject naming it."""
    try:
        return read_source(path, rel, max_bytes)
    except Exception as exc:  # one bad file must not stop the run: it becomes a reject row
        size = None
        with contextlib.suppress(OSError):
            size = os.lstat(path).st_size
        why = detail(ReasonCode.INGEST_ERROR, kind=type(exc).__name__, error=exc)
        return Reject(rel, ReasonCode.INGEST_ERROR, why, size)


def read_source(path: Path, rel: str, max_bytes: int) -> SourceFile | Reject:
    """Read one candidate file; every failure becomes a Reject naming the file and what to do."""
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Reject(rel, ReasonCode.SYMLINK_LOOP, detail(ReasonCode.SYMLINK_LOOP, error=exc.strerror), None)
        hint = "check that the file exists and is readable"
        why = detail(ReasonCode.UNREADABLE, action="stat", error=exc.strerror, hint=hint)
        return Reject(rel, ReasonCode.UNREADABLE, why, None)
    if stat.S_ISDIR(st.st_mode):
        why = detail(ReasonCode.NOT_A_FILE, what="a directory named like an input file; rename it")
        return Reject(rel, ReasonCode.NOT_A_FILE, why, None)
    if not stat.S_ISREG(st.st_mode):
        why = detail(ReasonCode.NOT_A_FILE, what="not a regular file (device, socket or pipe)")
        return Reject(rel, ReasonCode.NOT_A_FILE, why, st.st_size)
    if st.st_size > max_bytes:
        what = f"{st.st_size} bytes exceeds the limit of {max_bytes}"
        why = detail(ReasonCode.TOO_LARGE, what=what, hint="split it or raise STANCEWIRE_MAX_FILE_BYTES")
        return Reject(rel, ReasonCode.TOO_LARGE, why, st.st_size)
    try:
        data = path.read_bytes()
    except OSError as exc:
        why = detail(ReasonCode.UNREADABLE, action="read", error=exc.strerror, hint="check its permissions")
        return Reject(rel, ReasonCode.UNREADABLE, why, st.st_size)
    try:
        decoded = decode_input(data, rel, max_bytes)
    except NotText as exc:
        return Reject(rel, exc.reason_code, str(exc), st.st_size)
    if len(decoded.text) > MAX_TEXT_CHARS:
        what = f"{len(decoded.text)} characters exceeds the NLP limit of {MAX_TEXT_CHARS}"
        return Reject(
            rel, ReasonCode.TOO_LARGE, detail(ReasonCode.TOO_LARGE, what=what, hint="split the file"), st.st_size
        )
    mtime = datetime.fromtimestamp(st.st_mtime, tz=UTC)
    digest = content_hash(decoded.text)
    return SourceFile(
        rel,
        st.st_size,
        mtime,
        decoded.text,
        decoded.encoding,
        decoded.repairs,
        doc_id_for(decoded.text),
        digest,
    )


def decode_input(data: bytes, rel: str, max_bytes: int) -> Decoded:
    """Decode one input file's bytes: a text dump as text, an HTML page (gunzipped if *.gz) by its charset."""
    if not is_html_name(rel):
        return decode(data)
    page, repairs = page_bytes(data, rel, max_bytes)
    decoded = decode_html(page)
    return Decoded(decoded.text, decoded.encoding, (*decoded.repairs, *repairs))


def language_text(text: str, repairs: tuple[str, ...] | list[str]) -> str:
    """The text whose language is detected: a text dump itself, the visible text of an HTML page."""
    return page_visible_text(text) if is_html_doc(repairs) else text


def plainly_english(sample: str) -> bool:
    """True when a text sample is so dense in English function words that it can only be English."""
    words = _WORD.findall(sample.lower())
    if len(words) < ENGLISH_FAST_MIN_WORDS:
        return False
    share = sum(1 for w in words if w in ENGLISH_FUNCTION_WORDS) / len(words)
    return share >= ENGLISH_FAST_SHARE


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language ('und' when too short to tell)."""
    middle = len(text) // 2
    sample = text[max(0, middle - LANGUAGE_SAMPLE_CHARS // 2) : middle + LANGUAGE_SAMPLE_CHARS // 2]
    if sum(map(str.isalpha, sample)) < MIN_LETTERS_FOR_LANGUAGE:
        return "und"
    if plainly_english(sample):
        return "en"
    import py3langid

    lang, _score = py3langid.classify(sample)
    return str(lang)


def language_reject(doc: IngestedDoc) -> list[Reject]:
    """Rejects for a document in a language the pipeline does not process (one per source file)."""
    return [
        Reject(path, ReasonCode.NOT_ENGLISH, detail(ReasonCode.NOT_ENGLISH, language=doc.language), doc.byte_count)
        for path in doc.source_paths
    ]
