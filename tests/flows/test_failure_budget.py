"""The failure budget: a broken extractor stops the refresh with nothing published; one strange document does not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import query
from tests.data.bad_inputs import article
from tests.data.synthetic_articles import made_up_name, write_synthetic_corpus


def _notes(n: int, site: str = "extraction: KeyError at context.py:10") -> tuple[dict[str, str], dict[str, str]]:
    failed = {f"d{i:03d}": f"extraction failed: KeyError: 'x{i}' at context.py:10" for i in range(n)}
    return failed, {doc: site for doc in failed}


def test_failures_at_one_site_over_the_share_stop_the_run_naming_the_site_and_an_example() -> None:
    from tasks.steps.annotate import SystemicFailure, check_failure_budget

    failed, at = _notes(6)
    with pytest.raises(SystemicFailure) as info:
        check_failure_budget(failed, at, total=100, max_share=0.05, paths={"d000": "in/a.txt"})
    message = str(info.value)
    assert "6 of 100 new documents" in message and "extraction: KeyError at context.py:10" in message
    assert "d000 (in/a.txt)" in message and "KeyError: 'x0'" in message and "nothing was published" in message


@pytest.mark.parametrize(
    ("n", "total", "share"),
    [
        (5, 100, 0.05),  # exactly the share: within the budget
        (2, 2, 0.05),  # all of two documents: fewer than three never stop a run
        (1, 100, 0.05),
        (40, 100, 0.5),  # a configured budget
    ],
)
def test_failures_within_the_budget_stay_rejects(n: int, total: int, share: float) -> None:
    from tasks.steps.annotate import check_failure_budget

    failed, at = _notes(n)
    check_failure_budget(failed, at, total=total, max_share=share)


def test_failures_spread_over_sites_are_counted_per_site() -> None:
    from tasks.steps.annotate import SystemicFailure, check_failure_budget

    failed = {f"d{i}": f"note {i}" for i in range(10)}
    spread = {doc: f"extraction: KeyError at x.py:{i}" for i, doc in enumerate(failed)}
    check_failure_budget(failed, spread, total=100, max_share=0.05)  # ten sites, one failure each
    one_site = {doc: "spaCy: ValueError at pipe.py:3" for doc in failed}
    with pytest.raises(SystemicFailure, match=r"spaCy: ValueError at pipe\.py:3"):
        check_failure_budget(failed, one_site, total=100, max_share=0.05)


def test_failure_site_leaves_out_the_message() -> None:
    from tasks.steps.annotate import failure_site

    sites = set()
    for key in ("a", "b"):
        try:
            {}[key]
        except KeyError as exc:
            sites.add(failure_site("extraction", exc))
    (site,) = sites
    assert site.startswith("extraction: KeyError at test_failure_budget.py:")


def test_failure_budget_setting_is_a_share() -> None:
    from flows.settings import Settings, load_settings

    assert Settings().failure_budget == 0.05
    assert load_settings(environ={"STANCEWIRE_FAILURE_BUDGET": "0.2"}).failure_budget == 0.2
    with pytest.raises(ValueError, match="failure_budget"):
        load_settings(environ={"STANCEWIRE_FAILURE_BUDGET": "5"})


@pytest.mark.slow
def test_an_extractor_failing_on_every_document_exits_70_and_publishes_nothing(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    import tasks.extract.context
    from flows.cli import app
    from flows.refresh import refresh
    from flows.settings import Settings

    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in ("geneva", "cairo", "london"):
        (corpus / f"{name}.txt").write_text(article(name), encoding="utf-8")
    warehouse = tmp_path / "wh"
    refresh(settings=Settings(input_dir=corpus, warehouse=warehouse, n_process=1))
    published = (warehouse / "catalog.duckdb").read_bytes()
    runs = query(warehouse, "SELECT run_id FROM runs")

    for name in ("brussels", "ankara", "tokyo", "delhi"):  # four new documents, all failing
        (corpus / f"{name}.txt").write_text(article(name), encoding="utf-8")

    def broken(*args, **kwargs):
        raise KeyError("holder")

    monkeypatch.setattr(tasks.extract.context, "build_context", broken)
    result = CliRunner().invoke(
        app, ["refresh", "--input", str(corpus), "--warehouse", str(warehouse), "--n-process", "1"]
    )
    assert result.exit_code == 70, result.output
    assert "4 of 4 new documents failed at the same code site (extraction: KeyError at test_failure_budget.py:" in (
        " ".join(result.output.split())
    )
    assert re.search(r"Example: document \w+ \((brussels|ankara|tokyo|delhi)\.txt\): extraction failed", result.output)
    assert (warehouse / "catalog.duckdb").read_bytes() == published
    assert query(warehouse, "SELECT run_id FROM runs") == runs


@pytest.mark.slow
def test_an_extractor_failing_on_one_document_in_100_publishes_99(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tasks.extract.context
    from flows.refresh import refresh
    from flows.settings import Settings

    corpus = tmp_path / "in"
    write_synthetic_corpus(corpus, 100)
    odd_one = made_up_name(37)
    real = tasks.extract.context.build_context

    def fragile(doc_id, doc, *args, **kwargs):
        if f"council of {odd_one} met" in doc.text:
            raise KeyError("holder")
        return real(doc_id, doc, *args, **kwargs)

    monkeypatch.setattr(tasks.extract.context, "build_context", fragile)
    warehouse = tmp_path / "wh"
    summary = refresh(settings=Settings(input_dir=corpus, warehouse=warehouse, n_process=1))
    assert summary.documents == 99
    assert query(warehouse, "SELECT source_path, reason_code FROM rejects") == [("article_0037.txt", "nlp_error")]
