"""GX Data Docs that work offline: the written pages fetch nothing from the web, every link stays inside the site,
every class they use is styled, and in headless Chromium they render styled, without errors, with GX's filter and
"Show more" working; the report links the run's pages."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tasks.quality.data_docs import offline_html, write_data_docs, write_site_index
from tests.browser import INSTALL_HINT, find_chromium, render_page

RUN = "20260102T030405-abcdef"
RUN_TIME = "2026-01-02T03:04:05+00:00"
#: Classes GX uses as hooks for its scripts or its own stylesheet's descendants, never styled themselves.
HOOK_CLASSES = re.compile(r"^(NO-CACHE|ge-.*|hide-succeeded-.*)$")
RESOURCE_ATTRS = {  # tag -> attributes whose URL the browser fetches without a click
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "object": ("data",),
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]*)|@import\s+['"]([^'"]+)""", re.I)


class _Refs(HTMLParser):
    """Every URL a page loads by itself (tags, inline styles, <style> blocks), its links and its classes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.resources: list[str] = []
        self.links: list[str] = []
        self.classes: set[str] = set()
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for attr in RESOURCE_ATTRS.get(tag, ()):
            if values.get(attr):
                self.resources += (
                    [u.split()[0] for u in values[attr].split(",")] if attr == "srcset" else [values[attr]]
                )
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        self.resources += [a or b for a, b in CSS_URL.findall(values.get("style", ""))]
        self.classes |= set(values.get("class", "").split())
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.resources += [a or b for a, b in CSS_URL.findall(data)]


def refs(page: str) -> _Refs:
    """Parse a page's resource URLs, links and classes."""
    parser = _Refs()
    parser.feed(page)
    return parser


def is_remote(url: str) -> bool:
    """True for a URL that leaves the machine (http, https, protocol-relative)."""
    return bool(re.match(r"\s*(https?:)?//", url, re.I))


def _expectation(type_: str, kwargs: dict, success: bool, result: dict) -> dict:
    return {"type": type_, "kwargs": kwargs, "success": success, "result": result}


#: Compact results as `tasks.quality.validate.TableOutcome.summary()` records them: one failing set rule among passing
#: ones.
DOCUMENTS = {
    "rows": 3,
    "success": False,
    "failed_rows": 1,
    "failed_schema": [],
    "expectations": [
        _expectation(
            "expect_table_columns_to_match_ordered_list",
            {"column_list": ["doc_id", "lang"]},
            True,
            {"observed_value": ["doc_id", "lang"]},
        ),
        _expectation("expect_column_values_to_not_be_null", {"column": "doc_id"}, True, {"unexpected_count": 0}),
        _expectation("expect_column_values_to_be_unique", {"column": "doc_id"}, True, {"unexpected_count": 0}),
        _expectation(
            "expect_column_values_to_be_in_set",
            {"column": "lang", "value_set": ["en"]},
            False,
            {
                "element_count": 3,
                "unexpected_count": 1,
                "unexpected_percent": 33.3,
                "partial_unexpected_list": ["fr"],
                "partial_unexpected_counts": [{"value": "fr", "count": 1}],
            },
        ),
    ],
}
BROKEN = {  # GX cannot render this one: the plain fallback page must be offline too
    "rows": 1,
    "success": False,
    "failed_schema": ["x"],
    "expectations": [_expectation("no_such_expectation_type", {}, False, {})],
}


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse directory holding one run's Data Docs (a GX page, a fallback page, the indexes)."""
    warehouse = tmp_path_factory.mktemp("wh")
    write_data_docs(warehouse, RUN, RUN_TIME, {"documents": DOCUMENTS, "weird": BROKEN})
    write_site_index(warehouse, [RUN])
    return warehouse / "data_docs"


def _pages(docs: Path) -> dict[str, str]:
    return {str(p.relative_to(docs)): p.read_text(encoding="utf-8") for p in sorted(docs.rglob("*.html"))}


def test_gx_alone_would_fetch_its_libraries_from_cdns() -> None:
    """The check below can fail: GX's own page references Bootstrap, jQuery, Font Awesome and Vega on the web."""
    from great_expectations.render.renderer.page_renderer import ValidationResultsPageRenderer
    from great_expectations.render.view.view import DefaultJinjaPageView

    from tasks.quality.data_docs import suite_result

    raw = str(
        DefaultJinjaPageView().render(
            ValidationResultsPageRenderer().render(suite_result("documents", RUN, RUN_TIME, DOCUMENTS))
        )
    )
    remote = [u for u in refs(raw).resources if is_remote(u)]
    for library in ("bootstrap.min.css", "jquery", "font-awesome", "vega@5", "logo-long.png", "full_logo_dark.png"):
        assert any(library in u for u in remote), library
    assert not [u for u in refs(offline_html(raw)).resources if is_remote(u)]


def test_written_pages_fetch_nothing_from_the_network(docs: Path) -> None:
    pages = _pages(docs)
    assert set(pages) == {"index.html", f"{RUN}/index.html", f"{RUN}/documents.html", f"{RUN}/weird.html"}
    for name, page in pages.items():
        found = refs(page)
        assert not [u for u in found.resources if is_remote(u)], name
    gx = refs(pages[f"{RUN}/documents.html"])
    images = [u for u in gx.resources if u.startswith("data:image/")]
    assert len(images) >= 2  # GX's logo (light and dark mode) from the copy GX ships, inlined
    assert "Expectation Validation Result" in pages[f"{RUN}/documents.html"]  # still GX's page
    assert "GX rendering failed" in pages[f"{RUN}/weird.html"]


def test_links_stay_inside_the_site_and_resolve(docs: Path) -> None:
    for name, page in _pages(docs).items():
        here = (docs / name).parent
        found = refs(page)
        for url in found.links + found.resources:
            if url.startswith(("#", "data:")) or is_remote(url):
                continue  # anchors, inlined data, and web links a person may click (none is loaded by itself)
            target = (here / url.split("#")[0]).resolve()
            assert target.is_file(), f"{name}: {url} -> {target} does not exist"
            assert docs.resolve() in target.parents, f"{name}: {url} leaves the Data Docs site"
    run_page = _pages(docs)[f"{RUN}/documents.html"]
    assert 'href="../index.html"' in run_page and "expectations/" not in " ".join(refs(run_page).links)


def test_every_class_the_pages_use_is_styled(docs: Path) -> None:
    for name, page in _pages(docs).items():
        styles = " ".join(re.findall(r"<style>(.*?)</style>", page, re.S))
        styled = set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", re.sub(r"url\([^)]*\)", "", styles)))
        unstyled = {c for c in refs(page).classes - styled if not HOOK_CLASSES.match(c)}
        assert not unstyled, f"{name} uses classes no inlined stylesheet styles: {sorted(unstyled)}"


def test_offline_html_makes_unknown_remote_references_empty() -> None:
    page = (
        '<html><head><link rel="stylesheet" href="//cdn.example/x.css"><script src="https://cdn.example/y.js">'
        '</script></head><body><img src="https://bucket.example/logo-long.png?d=1"><iframe src="http://t.example/">'
        '</iframe><div style="background: url(&quot;https://x.example/a.png&quot;)"></div>'
        "<style>.b { background: url('https://bucket.example/full_logo_dark.png') }</style>"
        '<a href="../../../../../expectations/stancewire/documents.html">stancewire.documents</a>'
        '<a href="https://greatexpectations.io">GX</a><footer><p>newsletter</p></footer></body></html>'
    )
    out = offline_html(page)
    found = refs(out)
    assert not [u for u in found.resources if is_remote(u)], found.resources
    assert "cdn.example" not in out and "newsletter" not in out
    assert "stancewire.documents" in out and "expectations/stancewire" not in out  # name kept, dead link dropped
    assert found.links == ["https://greatexpectations.io"]  # a link to click is not a request
    logos = [u for u in found.resources if u.startswith("data:image/png;base64,")]
    assert len(logos) == 2  # both GX logos from GX's shipped logo-long.png
    assert out.index("<style>") < out.index(".b { background")  # ours before the page's own styles


def test_report_links_the_runs_data_docs(tmp_path: Path) -> None:
    from tasks.report import write_report
    from tests.data.tiny_warehouse import publish_tiny, row

    runs = [
        row(
            "runs",
            run_id=RUN,
            status="published",
            stage_seconds=json.dumps({"publish": 0.5}),
            validation=json.dumps({"documents": DOCUMENTS}),
        )
    ]
    warehouse = publish_tiny(tmp_path / "wh", {"runs": runs}, run_id=RUN)
    write_data_docs(warehouse, RUN, RUN_TIME, {"documents": DOCUMENTS})
    write_site_index(warehouse, [RUN])
    report = write_report(warehouse, warehouse / "report" / "index.html")
    html = report.read_text(encoding="utf-8")
    link = re.search(r'<a id="data-docs-link" href="([^"]+)"', html)
    assert link, "the report's health section has no link to the run's Data Docs"
    assert link.group(1) == f"../data_docs/{RUN}/index.html"
    assert (report.parent / link.group(1)).resolve() == (warehouse / "data_docs" / RUN / "index.html").resolve()
    assert 'href="../data_docs/index.html">all retained runs</a>' in html
    assert html.index('id="health-section"') < link.start()


STYLE_CHECKS = """(() => {
  const cs = (sel, pseudo) => getComputedStyle(document.querySelector(sel), pseudo);
  return {
    row: cs('.row').display, badge: cs('.badge').backgroundColor, card: cs('.card').borderTopWidth,
    alert: cs('.alert-secondary').backgroundColor, pass: cs('.fa-check-circle', '::before').content,
    fail: cs('.fa-times', '::before').content, collapsed: cs('.collapse').display,
    stylesheets: document.styleSheets.length,
  };
})()"""
VISIBLE = "el => el.offsetParent !== null"
FILTER_CHECKS = f"""(() => {{
  const rows = sel => [...document.querySelectorAll(sel)].filter({VISIBLE}).length;
  const passed = () => rows('td.hide-succeeded-validation-target-child');
  const failed = () => rows('td .fa-times');
  const all = [passed(), failed()];
  document.querySelectorAll('[data-toggle="buttons"] .btn')[1].click();
  const failedOnly = [passed(), failed()];
  document.querySelectorAll('[data-toggle="buttons"] .btn')[0].click();
  const link = document.querySelector('[data-toggle="collapse"]');
  link.click();
  const opened = getComputedStyle(document.querySelector(link.getAttribute('href'))).display;
  return {{all, failedOnly, back: [passed(), failed()], opened}};
}})()"""


def test_gx_page_renders_styled_in_chromium_without_errors(docs: Path) -> None:
    if find_chromium() is None:
        pytest.skip(INSTALL_HINT)
    run = render_page(
        docs / RUN / "documents.html",
        None,
        ready_expr="document.readyState === 'complete' ? true : null",
        evaluate={"style": STYLE_CHECKS, "filter": FILTER_CHECKS},
        timeout=30,
    )
    assert run.ready is True, "the page never finished loading"
    assert run.exceptions == [], run.exceptions
    assert run.console_errors == [], run.console_errors  # a missing local file would show here
    assert run.external_requests == [], run.external_requests
    style = run.values["style"]
    assert style["row"] == "flex"  # Bootstrap's grid (browser default: block)
    assert style["badge"] == "rgb(108, 117, 125)"  # badge-secondary (default: transparent)
    assert style["card"] == "1px"  # card border (default: 0px)
    assert style["alert"] == "rgb(226, 227, 229)"  # alert-secondary (default: transparent)
    assert style["pass"] == '"✔"' and style["fail"] == '"✖"'  # pass/fail icons without Font Awesome
    assert style["collapsed"] == "none"  # "Show more..." blocks start closed
    flt = run.values["filter"]
    assert flt["all"][0] >= 3 and flt["all"][1] == 1  # passing rows and the one failing rule are shown
    assert flt["failedOnly"] == [0, 1]  # "Failed Only" hides the passing rows, keeps the failure
    assert flt["back"] == flt["all"]  # "Show All" brings them back
    assert flt["opened"] != "none"  # "Show more..." opens its block
