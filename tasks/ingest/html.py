"""HTML inputs: a page's bytes to text, its main text and metadata by trafilatura, and every visible line audited.

A page goes through three pure steps:

1. `page_bytes` / `decode_html`: gunzip (`*.html.gz`), then decode by BOM, else the charset the page declares in
   `<meta charset>` / `<meta http-equiv content-type>` / `<?xml encoding?>`, else the text path's own detection
   (tasks/ingest/decode.py); then the text path's normalisation (NFC, LF, no control characters).
2. `extract_page`: trafilatura (`EXTRACT_OPTIONS`) gives the main text, the comments, the title, author and date.
3. The page's visible text (lxml DOM: every text node outside script/style/head/..., one line per block element)
   is aligned with the main text: lines the main text covers are replaced by trafilatura's own lines (kept, so the
   documents' clean_text is exactly trafilatura's text), the others are dropped lines with an `html:<why>` reason.

The document's raw_text is those lines joined by newlines (lines.start_char/end_char slice it); the HTML itself is
not stored. The text stripper (tasks/boilerplate) is not used for HTML documents.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import re
import zlib
from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tasks.boilerplate.model import LineDecision, StripResult
from tasks.ingest.decode import Decoded, NotText, decode, normalise_text
from tasks.ingest.rejects import ReasonCode, detail

#: File name endings read as HTML pages (case-insensitive); everything else named *.txt is a text dump.
HTML_SUFFIXES = (".html", ".htm", ".html.gz")
#: documents.repairs entry that marks a document read from an HTML page (the strip step routes on it).
HTML_MARKER = "html"
#: Start of every lines.reason the HTML path writes.
HTML_REASON_PREFIX = "html:"
#: trafilatura options, chosen on the 80 dev pages (../shared/eval/boilerplate, html_dev), F1 overall / English:
#: defaults 0.952 / 0.953; favor_recall 0.950 / 0.951; favor_precision 0.961 / 0.963 (chosen); favor_precision
#: without tables 0.961 (no change); with deduplicate 0.961 (slightly lower); fast (no fallback extractors) 0.930.
#: include_comments=True only to label comment lines: comments never enter the main text.
EXTRACT_OPTIONS: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": True,
    "include_tables": True,
    "with_metadata": True,
}
#: htmldate: dates stated in the page's markup (meta tags, <time>, JSON-LD) only, no guess from free text or URL,
#: in the spirit of tasks/boilerplate/dates.py (a wrong date is worse than none).
DATE_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}
#: Bytes searched for a declared charset (the HTML standard's pre-scan looks at the first 1024; pages put it later).
CHARSET_SCAN_BYTES = 4096
#: Longest dropped line (in words) that may be labelled the byline when it names the page's author.
BYLINE_MAX_WORDS = 12

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
#: The HTML standard reads these labels as windows-1252 (a superset: smart quotes decode as intended).
_AS_CP1252 = {"iso8859-1", "latin-1", "us-ascii", "ascii", "iso-8859-1", "latin1", "l1", "cp819", "windows-1252"}
_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_SEP = "\x1f"
#: Element sets of the visible-text walk (a data file: which tags are invisible, which start a line, which landmark
#: labels a dropped line).
_TAGS = json.loads((Path(__file__).with_name("html_tags.json")).read_text(encoding="utf-8"))
_SKIP = frozenset(_TAGS["skip"])
_BLOCK = frozenset(_TAGS["block"])
_LANDMARK_LABEL: dict[str, str] = dict(_TAGS["landmark_label"])


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """An HTML page turned into audited lines: raw_text (visible lines) and the strip result over it."""

    raw_text: str
    result: StripResult


def is_html_name(name: str) -> bool:
    """True when a file name is an HTML page (*.html, *.htm, *.html.gz, any case)."""
    return name.lower().endswith(HTML_SUFFIXES)


def is_html_doc(repairs: list[str] | tuple[str, ...] | None) -> bool:
    """True when a staged or published document was read from an HTML page (its repairs carry HTML_MARKER)."""
    return bool(repairs) and HTML_MARKER in repairs


def page_bytes(data: bytes, name: str, max_bytes: int) -> tuple[bytes, list[str]]:
    """The HTML bytes of a file (gunzipped for *.gz) and the repairs noted; NotText when gzip is corrupt or huge."""
    if not name.lower().endswith(".gz"):
        return data, []
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise NotText(ReasonCode.CORRUPT_GZIP, detail(ReasonCode.CORRUPT_GZIP, error=exc)) from exc
    if len(out) > max_bytes:
        what, hint = f"decompresses to more than {max_bytes} bytes", "split it or raise STANCEWIRE_MAX_FILE_BYTES"
        raise NotText(ReasonCode.TOO_LARGE, detail(ReasonCode.TOO_LARGE, what=what, hint=hint))
    return out, ["gunzip"]


def declared_charset(data: bytes) -> str | None:
    """The codec name a page declares (meta charset, http-equiv content-type, XML declaration), or None."""
    head = data[:CHARSET_SCAN_BYTES]
    found = _XML_ENCODING_RE.search(head) or _CHARSET_RE.search(head)
    if not found:
        return None
    label = found.group(1).decode("ascii", "replace").strip().lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return None if name.startswith("utf-16") or name.startswith("utf-32") else name  # a BOM decides those


def decode_html(data: bytes) -> Decoded:
    """Decode a page's bytes: BOM, else its declared charset, else the text path's detection; then normalise."""
    if not data.strip():
        raise NotText(ReasonCode.EMPTY, detail(ReasonCode.EMPTY, what="is empty or holds only whitespace"))
    charset = declared_charset(data)
    has_bom = data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if has_bom or charset in (None, "utf-8"):
        decoded = decode(data)  # the text path: BOM, UTF-8 (with a few bad bytes), UTF-16, legacy detection
        return Decoded(decoded.text, decoded.encoding, (HTML_MARKER, *decoded.repairs))
    if b"\x00" in data[:65536]:
        raise NotText(ReasonCode.BINARY, detail(ReasonCode.BINARY, what="NUL bytes", expected="an HTML page"))
    repairs = [HTML_MARKER, f"decoded_from:{charset}"]
    try:
        text = data.decode(charset)
    except UnicodeDecodeError:
        text = data.decode(charset, errors="replace")
        repairs.append(f"invalid_{charset}_bytes:{text.count(chr(0xFFFD))}")
    text, more = normalise_text(text)
    if not text.strip():
        raise NotText(ReasonCode.EMPTY, detail(ReasonCode.EMPTY, what="holds no visible text after decoding"))
    return Decoded(text, charset, tuple(repairs + more))


def _clean_line(text: str) -> str:
    """One line of visible text: whitespace runs collapsed to one space, trimmed."""
    return _SPACE.sub(" ", text).strip()


def visible_lines(tree: Any) -> list[tuple[str, str | None]]:
    """(text, landmark label or None) of each line of visible text of a page, in document order.

    HTML comments and processing instructions are removed from `tree` first (their tails are kept).
    """
    from lxml import etree

    etree.strip_tags(tree, etree.Comment, etree.ProcessingInstruction)

    lines: list[tuple[str, str | None]] = []
    buf: list[str] = []
    landmarks: list[str] = []

    def flush() -> None:
        """End the current line."""
        text = _clean_line("".join(buf))
        buf.clear()
        if text:
            lines.append((text, landmarks[-1] if landmarks else None))

    walker = etree.iterwalk(tree, events=("start", "end"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if event == "start":
            if tag is None or tag in _SKIP:
                walker.skip_subtree()  # its "end" event still comes, and adds its tail
                continue
            if tag in _BLOCK:
                flush()
            if tag in _LANDMARK_LABEL:
                landmarks.append(_LANDMARK_LABEL[tag])
            if el.text:
                buf.append(el.text)
        elif tag is not None and tag not in _SKIP:
            if tag in _BLOCK:
                flush()
            if tag in _LANDMARK_LABEL:
                landmarks.pop()
            if el.tail and el is not tree:
                buf.append(el.tail)
        elif el.tail and el is not tree:
            buf.append(el.tail)
    flush()
    return lines


def _tokens_key(text: str) -> str:
    """A line's word tokens joined by a separator (with one at each end), for exact subsequence search."""
    return _SEP + _SEP.join(_TOKEN.findall(text)) + _SEP


class _Cover:
    """Finds a line's tokens, in order, in a text's token stream (after a cursor) and says which text line holds it."""

    def __init__(self, lines: list[str]) -> None:
        self.starts: list[int] = []
        parts: list[str] = []
        pos = 0
        for line in lines:
            self.starts.append(pos)
            toks = _TOKEN.findall(line)
            piece = _SEP.join(toks) + _SEP if toks else ""
            parts.append(piece)
            pos += len(piece)
        self.stream = _SEP + "".join(parts)
        self.cursor = 0

    def find(self, text: str) -> int | None:
        """Index of the text line where `text`'s tokens start (searching from the cursor, then anywhere), or None."""
        key = _tokens_key(text)
        if key == _SEP + _SEP:
            return None
        at = self.stream.find(key, self.cursor)
        if at < 0:
            at = self.stream.find(key)
            if at < 0:
                return None
        else:
            self.cursor = at + len(key) - 1
        return max(0, bisect_right(self.starts, at) - 1)


def _main_lines(text: str | None) -> list[str]:
    """The non-empty lines of trafilatura's text, whitespace collapsed."""
    return [x for x in (_clean_line(t) for t in (text or "").split("\n")) if x]


#: A main text needs one line of at least this many words: on a page of links trafilatura's fallback returns the
#: link texts ('Home', 'World', ...), which are navigation, not an article. Set by hand, checked on the 80 dev pages
#: (`eval boilerplate --html-dir`: F1 0.961 with and without it); a one-sentence brief of 7 words still passes.
MIN_PROSE_WORDS = 7


def has_prose(lines: list[str]) -> bool:
    """Whether extracted lines hold at least one sentence-sized line (not only link or menu labels)."""
    return any(len(line.split()) >= MIN_PROSE_WORDS for line in lines)


def _dropped(text: str, landmark: str | None, meta: dict[str, str | None], in_comments: bool) -> tuple[str, str]:
    """(label, reason) of a visible line trafilatura did not keep."""
    if in_comments:
        return "comment", "html:comment"
    norm = text.casefold()
    if meta.get("title") and norm == _clean_line(meta["title"] or "").casefold():
        return "headline", "html:title"
    author = meta.get("author")
    if author and len(text.split()) <= BYLINE_MAX_WORDS and author.split(";")[0].strip().casefold() in norm:
        return "byline", "html:author"
    if landmark:
        return landmark, f"html:not_main_text:in_{landmark}"
    return "other", "html:not_main_text"


def audit_lines(
    visible: list[tuple[str, str | None]], main: list[str], comments: list[str], meta: dict[str, str | None]
) -> tuple[str, list[LineDecision], str]:
    """Merge visible lines and main-text lines: (raw_text, one decision per line, clean_text).

    Main-text lines appear where the visible lines they cover were (trafilatura's text, kept, reason
    html:main_text); visible lines the main text does not cover are dropped with an html:<why> reason.
    """
    cover, comment_cover = _Cover(main), _Cover(comments)
    rows: list[tuple[str, bool, str, str]] = []
    emitted = 0  # main lines written so far

    def emit_main(upto: int) -> None:
        """Write the main-text lines before index `upto` not written yet."""
        nonlocal emitted
        while emitted < upto:
            rows.append((main[emitted], True, "body", "html:main_text"))
            emitted += 1

    for text, landmark in visible:
        at = cover.find(text)
        if at is not None:
            emit_main(at + 1)
            continue
        rows.append((text, False, *_dropped(text, landmark, meta, comment_cover.find(text) is not None)))
    emit_main(len(main))
    if not rows:  # no visible text at all: one blank line, as a text dump's empty page has
        rows.append(("", False, "blank", "html:no_visible_text"))
    decisions: list[LineDecision] = []
    clean_parts: list[str] = []
    start = clean_pos = 0
    for line_no, (text, kept, label, reason) in enumerate(rows):
        clean_start = None
        if kept:
            clean_pos += 2 if clean_parts else 0
            clean_start = clean_pos
            clean_parts.append(text)
            clean_pos += len(text)
        decisions.append(LineDecision(line_no, start, start + len(text), text, kept, label, reason, clean_start))
        start += len(text) + 1
    return "\n".join(r[0] for r in rows), decisions, "\n\n".join(clean_parts)


def page_visible_text(html_text: str) -> str:
    """All visible text of a decoded page, one line per block (for language detection at ingest)."""
    from trafilatura.utils import load_html

    tree = load_html(html_text)
    return "" if tree is None else "\n".join(text for text, _ in visible_lines(tree))


def extract_page(html_text: str, now: datetime | None = None) -> HtmlPage:
    """Main text, metadata and the audited lines of one decoded HTML page (empty clean_text when nothing is found)."""
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(html_text)
    if tree is None:
        return HtmlPage("", StripResult([], "", None, None, None))
    max_date = (now or datetime.now(UTC)).strftime("%Y-%m-%d")
    doc = trafilatura.bare_extraction(
        tree, date_extraction_params={**DATE_PARAMS, "max_date": max_date}, **EXTRACT_OPTIONS
    )
    main = _main_lines(doc.text if doc is not None else None)
    if not has_prose(main):
        main = []  # only menu or link labels: no article on this page (a no_body reject downstream)
    comments = _main_lines(doc.comments if doc is not None else None)
    meta = {
        "title": _clean_line(doc.title) or None if doc is not None and doc.title else None,
        "author": _clean_line(doc.author) or None if doc is not None and doc.author else None,
        "date": doc.date if doc is not None and doc.date else None,
    }
    raw_text, lines, clean_text = audit_lines(visible_lines(tree), main, comments, meta)
    return HtmlPage(raw_text, StripResult(lines, clean_text, meta["title"], meta["author"], meta["date"]))
