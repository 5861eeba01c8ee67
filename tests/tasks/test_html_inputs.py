"""HTML inputs (tasks/ingest/html.py): charset and gzip decoding, main text and metadata, the lines audit, rejects."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tasks.ingest.decode import NotText
from tasks.ingest.html import (
    declared_charset,
    decode_html,
    extract_page,
    is_html_doc,
    page_bytes,
)
from tasks.ingest.inputs import Reject, SourceFile, iter_candidates, language_text, read_source

PARAGRAPHS = [
    "The foreign minister said on Monday that the talks in Geneva would resume next week after a pause of several "
    "months, and that both delegations had agreed on an agenda covering prisoners, borders and trade.",
    "Officials close to the negotiations said the “new framework” would be presented to parliament before the end "
    "of the month, although opposition leaders warned that they would not support any deal reached in secret.",
    "Analysts in the capital said the resumption was a sign that pressure from neighbouring states had worked, "
    "pointing to a series of meetings between envoys that took place quietly over the summer.",
    "The ministry’s spokesman declined to say whether the president would attend the opening session in person, "
    "but said the government remained committed to a settlement that protected its citizens.",
]
NAV = ["Home", "World", "Politics", "Business", "Sport", "Subscribe"]
FOOTER = "© 2026 Example Media Group. All rights reserved."


def article_html(charset: str | None = "utf-8", title: str = "Talks in Geneva to resume next week") -> str:
    """A small news page: nav, headline, byline, four paragraphs, related links and a footer, with metadata."""
    meta = f'<meta charset="{charset}">' if charset else ""
    nav = "".join(f'<li><a href="/{x.lower()}">{x}</a></li>' for x in NAV)
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<!DOCTYPE html><html lang='en'><head>{meta}<title>{title} | Example</title>"
        f'<meta property="og:title" content="{title}">'
        '<meta name="author" content="Jane Doe">'
        '<meta property="article:published_time" content="2019-11-18T09:30:00+00:00">'
        "<script>var tracking = 'do not show this';</script><style>p { color: red }</style></head>"
        f"<body><header><nav><ul>{nav}</ul></nav><h1>{title}</h1></header>"
        '<main><div class="byline">By Jane Doe</div>'
        f"<article>{body}</article>"
        '<aside><h3>Most read</h3><ul><li><a href="/a">Storm hits the coast as thousands flee</a></li>'
        '<li><a href="/b">Markets fall on rate fears</a></li></ul></aside></main>'
        f"<footer><p>{FOOTER}</p></footer></body></html>"
    )


def test_declared_charset_forms() -> None:
    assert declared_charset(b'<meta charset="windows-1252">') == "cp1252"
    assert declared_charset(b"<meta charset=ISO-8859-1>") == "cp1252"  # read as its superset, like browsers
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">') == "koi8-r"
    assert declared_charset(b'<?xml version="1.0" encoding="iso-8859-15"?><html>') == "iso8859-15"
    assert declared_charset(b'<meta charset="no-such-charset">') is None
    assert declared_charset(b"<html><p>no declaration</p></html>") is None


def test_windows_1252_page_with_smart_quotes_decodes_by_its_meta() -> None:
    data = article_html("windows-1252").encode("cp1252")
    assert b"\x93new framework\x94" in data  # cp1252 smart quotes, invalid as UTF-8
    decoded = decode_html(data)
    assert decoded.encoding == "cp1252"
    assert "“new framework”" in decoded.text and "ministry’s" in decoded.text
    assert is_html_doc(decoded.repairs)


def test_declared_charset_beats_guessing_for_a_cyrillic_page() -> None:
    text = "<html><head><meta charset='koi8-r'></head><body><p>Переговоры в Женеве возобновятся</p></body></html>"
    decoded = decode_html(text.encode("koi8-r"))
    assert decoded.encoding == "koi8-r"
    assert "Переговоры в Женеве" in decoded.text


def test_utf8_bom_page_decodes_without_the_bom() -> None:
    data = b"\xef\xbb\xbf" + article_html(None).encode("utf-8")
    decoded = decode_html(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text.startswith("<!DOCTYPE html>") and "“new framework”" in decoded.text


def test_gzip_pages_and_corrupt_gzip() -> None:
    html = article_html().encode()
    assert page_bytes(gzip.compress(html), "a.html.gz", 10**6) == (html, ["gunzip"])
    assert page_bytes(html, "a.html", 10**6) == (html, [])
    with pytest.raises(NotText) as bad:
        page_bytes(gzip.compress(html)[:40], "a.html.gz", 10**6)
    assert bad.value.reason_code == "corrupt_gzip"
    with pytest.raises(NotText) as not_gz:
        page_bytes(html, "a.HTML.GZ", 10**6)
    assert not_gz.value.reason_code == "corrupt_gzip"
    with pytest.raises(NotText) as bomb:
        page_bytes(gzip.compress(b" " * 5000 + html), "a.html.gz", 1000)
    assert bomb.value.reason_code == "too_large"


def test_extract_page_keeps_the_article_and_audits_every_visible_line() -> None:
    page = extract_page(article_html(), datetime(2026, 1, 1, tzinfo=UTC))
    result = page.result
    kept = [d for d in result.lines if d.kept]
    assert [d.text for d in kept] == PARAGRAPHS
    assert result.clean_text == "\n\n".join(PARAGRAPHS)
    assert all(d.label == "body" and d.reason == "html:main_text" for d in kept)
    assert all(result.clean_text[d.clean_start : d.clean_start + len(d.text)] == d.text for d in kept)
    assert all(page.raw_text[d.start_char : d.end_char] == d.text for d in result.lines)
    assert [d.line_no for d in result.lines] == list(range(len(result.lines)))
    dropped = {d.text: (d.label, d.reason) for d in result.lines if not d.kept}
    assert all(reason.startswith("html:") for _, reason in dropped.values())
    assert dropped["Politics"] == ("nav", "html:not_main_text:in_nav")
    assert dropped["Talks in Geneva to resume next week"] == ("headline", "html:title")
    assert dropped["By Jane Doe"] == ("byline", "html:author")
    assert dropped["Markets fall on rate fears"][0] == "related"
    assert dropped[FOOTER] == ("footer", "html:not_main_text:in_footer")
    assert "tracking" not in page.raw_text and "color: red" not in page.raw_text  # scripts and styles are not text
    assert (result.title, result.byline, result.published) == (
        "Talks in Geneva to resume next week",
        "Jane Doe",
        "2019-11-18",
    )


def test_visible_text_trafilatura_drops_is_audited_in_document_order() -> None:
    page = extract_page(article_html())
    texts = [d.text for d in page.result.lines]
    assert texts.index("Home") < texts.index(PARAGRAPHS[0]) < texts.index(PARAGRAPHS[-1]) < texts.index(FOOTER)


def test_a_page_without_an_article_extracts_nothing() -> None:
    page = extract_page("<html><body><img src='a.jpg' alt='x'><button>  </button><script>x = 1</script></body></html>")
    assert page.result.clean_text == "" and not any(d.kept for d in page.result.lines)


def test_a_page_of_links_only_is_no_article() -> None:
    labels = "".join(f'<p><a href="/{x.lower()}">{x}</a></p>' for x in [*NAV, "World news today"])
    page = extract_page(f"<html><body>{labels}</body></html>")  # trafilatura's fallback returns these labels
    assert page.result.clean_text == "" and not any(d.kept for d in page.result.lines)
    assert len(page.result.lines) > 0  # every visible line is still audited, as dropped


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_iter_candidates_takes_html_pages_beside_text_dumps(tmp_path: Path) -> None:
    for name in ["a.txt", "b.html", "c.HTM", "d.html.gz", "e.xml", "f.gz", "g.htmlx"]:
        _write(tmp_path, name, b"x")
    assert [rel for _, rel in iter_candidates(tmp_path)] == ["a.txt", "b.html", "c.HTM", "d.html.gz"]


@pytest.mark.parametrize(
    ("name", "data", "encoding", "marks"),
    [
        ("p.html", article_html("windows-1252").encode("cp1252"), "cp1252", ["html", "decoded_from:cp1252"]),
        ("p.htm", b"\xef\xbb\xbf" + article_html(None).encode(), "utf-8", ["html"]),
        ("p.html.gz", gzip.compress(article_html("windows-1252").encode("cp1252")), "cp1252", ["html", "gunzip"]),
    ],
    ids=["html_cp1252", "htm_bom", "html_gz_cp1252"],
)
def test_read_source_decodes_html_inputs(tmp_path: Path, name: str, data: bytes, encoding: str, marks: list) -> None:
    src = read_source(_write(tmp_path, name, data), name, 10**6)
    assert isinstance(src, SourceFile), src
    assert src.encoding == encoding and set(marks) <= set(src.repairs)
    assert "“new framework”" in src.text
    sample = language_text(src.text, src.repairs)
    assert "<p>" not in sample and PARAGRAPHS[0] in sample


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("broken.html.gz", gzip.compress(article_html().encode())[:50], "corrupt_gzip"),
        ("empty.html", b"  \n ", "empty"),
        ("binary.html", b"\x00\x01\x02<html>" * 50, "binary"),
    ],
)
def test_broken_pages_are_rejects_with_their_reason(tmp_path: Path, name: str, data: bytes, code: str) -> None:
    rej = read_source(_write(tmp_path, name, data), name, 10**6)
    assert isinstance(rej, Reject) and rej.reason_code == code
    assert rej.message.startswith(f"{name}: ")


def test_text_dumps_keep_the_text_path(tmp_path: Path) -> None:
    html_like = article_html().encode()
    src = read_source(_write(tmp_path, "page.txt", html_like), "page.txt", 10**6)
    assert isinstance(src, SourceFile) and not is_html_doc(src.repairs) and src.text == html_like.decode()


def test_a_warehouse_inside_the_input_directory_is_not_scanned(tmp_path: Path) -> None:
    (tmp_path / "wh" / "report").mkdir(parents=True)
    _write(tmp_path / "wh" / "report", "index.html", b"<html><body><p>report</p></body></html>")
    _write(tmp_path, "page.html", b"x")
    assert [rel for _, rel in iter_candidates(tmp_path, skip_dir=tmp_path / "wh")] == ["page.html"]
    assert [rel for _, rel in iter_candidates(tmp_path)] == ["page.html", "wh/report/index.html"]
