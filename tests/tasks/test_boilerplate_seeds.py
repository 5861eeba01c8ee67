"""The stripper on the project's seed dumps: named furniture lines dropped, seed 003's reader comments dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.boilerplate import StripResult, corpus_stats_from_texts, strip_document

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FURNITURE = [
    "Leave a Reply",
    "Listen Live",
    "Get short URL",
    "Comment via FacebookComment via Sputnik",
    "Community standardsDiscussion",
    "Read Mode",
    "100% Font Size",
    "4 min read",
    "Top Content Trending",
    "Features Icon",
    "show comments",
    "16:02 GMT +322 September 2019",
]


@pytest.fixture(scope="module")
def stripped() -> dict[str, StripResult]:
    """Every seed stripped with corpus counts over all seeds, as the flow does."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    stats = corpus_stats_from_texts(texts.values())
    return {name: strip_document(text, stats) for name, text in texts.items()}


def _decisions(stripped: dict[str, StripResult]) -> list:
    """All line decisions of all seeds."""
    return [d for r in stripped.values() for d in r.lines]


@pytest.mark.parametrize("line", FURNITURE)
def test_named_furniture_is_dropped(stripped: dict[str, StripResult], line: str) -> None:
    hits = [d for d in _decisions(stripped) if d.text == line]
    assert hits, f"seed line {line!r} not found"
    assert not any(d.kept for d in hits)


@pytest.mark.parametrize("prefix", ["© The American Interest", "contradictory statements, negotiations, Mark Toner"])
def test_footer_and_keyword_lines_are_dropped(stripped: dict[str, StripResult], prefix: str) -> None:
    hits = [d for d in _decisions(stripped) if d.text.startswith(prefix)]
    assert hits and not any(d.kept for d in hits)


def test_seed_003_keeps_article_and_drops_unmarked_comments(stripped: dict[str, StripResult]) -> None:
    result = next(r for name, r in stripped.items() if name.startswith("003_"))
    lines = [d for d in result.lines if d.text.strip()]
    switch = next(i for i, d in enumerate(lines) if d.text.startswith("What pro-US rebels?"))
    assert switch == 5
    assert all(d.kept for d in lines[:switch])
    assert not any(d.kept for d in lines[switch:])
    assert {d.label for d in lines[switch:]} == {"comment"}


def test_seed_bodies_are_kept(stripped: dict[str, StripResult]) -> None:
    for name, result in stripped.items():
        assert len(result.clean_text) > 1000, name
    seed_001 = next(r for name, r in stripped.items() if name.startswith("001_"))
    assert seed_001.title == "US Officials Send Out Conflicting Signals on Cooperating With Russia in Syria"
    assert seed_001.clean_text.startswith("The US's Syria policy seems to be in a state of disarray.")


def test_seed_002_author_bio_and_disclaimer_are_dropped(stripped: dict[str, StripResult]) -> None:
    result = next(r for name, r in stripped.items() if name.startswith("002_"))
    labels = {d.text[:40]: d.label for d in result.lines if not d.kept}
    assert labels["Brooklyn Middleton is an American Politi"] == "bio"
    assert labels["Disclaimer: Views expressed by writers i"] == "disclaimer"
