"""Copies of one story keep their bodies however many there are; site furniture around them is still dropped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tasks.boilerplate import corpus_stats_from_texts, strip_document
from tests.conftest import SEEDS
from tests.data.synthetic_articles import made_up_name, synthetic_article

HEADLINE = "Envoys agree to resume ceasefire talks in Geneva next week"
ARTICLE = [
    "GENEVA - Envoys from both sides agreed on Friday to resume talks on a ceasefire next week, according to a "
    "statement released by the United Nations after a meeting that lasted more than six hours.",
    '"We have agreed to keep working, and we expect real progress when we meet again," the special envoy told '
    "reporters outside the Palais des Nations, adding that both delegations had asked for more time.",
    "Diplomats familiar with the talks said one delegation had rejected an earlier draft, arguing that it ignored "
    "its concerns about the withdrawal of heavy weapons from the front line around the city.",
    "Officials in both capitals described the discussions as frank but useful, and said that a joint commission "
    "would meet in the coming days to work out the details of a monitoring mission.",
    "Aid agencies welcomed the news but warned that hundreds of thousands of people were still cut off from food "
    "and medicine, and urged both sides to open the roads before the winter sets in.",
    "Analysts said the outcome would depend on whether the two leaders could persuade critics at home that the "
    "deal served their interests better than the alternatives that remained on the table.",
]


def site_furniture(site: str) -> tuple[list[str], list[str]]:
    """The header and footer lines every page of one site carries."""
    head = [
        f"Home | World | Politics | Business | Sport | {site} Daily",
        "Share on Facebook | Share on Twitter | Email this story",
    ]
    foot = [
        f"{site} Media uses cookies to improve your experience on our website; by browsing it you agree to our use "
        "of cookies.",
        f"Subscribe to the {site} Daily newsletter",
        f"© 2024 {site} Media Ltd. All rights reserved. | Privacy Policy | Terms of Use",
    ]
    return head, foot


def edited(k: int) -> list[str]:
    """The article as copy k runs it: some copies carry small edits."""
    body = list(ARTICLE)
    if k % 5 == 0:
        body[0] = body[0].replace("on Friday", "on Friday evening")
    if k % 7 == 0:
        body[3] = body[3] + " A spokesman declined to comment."
    if k % 11 == 0:
        body[5] = body[5].replace("Analysts", "Several analysts")
    return body


def page(site: str, headline: str, body: list[str]) -> str:
    head, foot = site_furniture(site)
    return "\n\n".join([*head, headline, *body, *foot]) + "\n"


def test_200_copies_in_200_sites_keep_their_whole_body_and_drop_the_site_furniture() -> None:
    pages: list[tuple[int, str]] = []  # (copy number or -1 for a site's other page, text)
    for k in range(200):
        site = made_up_name(k + 7000)
        pages.append((k, page(site, HEADLINE, edited(k))))
        for j in range(2):  # the site's other pages: its furniture recurs across its own stories
            other = synthetic_article(2 * k + j).splitlines()
            pages.append((-1, page(site, other[0], other[1:])))
    stats = corpus_stats_from_texts(text for _, text in pages)
    assert stats.n_docs == 1 + 400  # the 200 copies are one story, edited or not
    for k, text in pages:
        if k < 0:
            continue
        clean = strip_document(text, stats).clean_text
        for paragraph in edited(k):
            assert paragraph in clean, (k, paragraph[:40])
        head, foot = site_furniture(made_up_name(k + 7000))
        for line in head + foot:
            assert line not in clean, (k, line)


def seed_copies(root: Path, copies: int = 60) -> int:
    """The corpus of the issue: each seed copied `copies` times with one paragraph removed and a unique last line."""
    root.mkdir(parents=True, exist_ok=True)
    n = 0
    for seed in sorted(SEEDS.glob("*.txt")):
        lines = seed.read_text(encoding="utf-8").splitlines()
        paragraphs = [i for i, line in enumerate(lines) if len(line.split()) >= 12]
        for c in range(copies):
            drop = paragraphs[c % len(paragraphs)]
            text = [line for i, line in enumerate(lines) if i != drop] + [f"Document reference {n}."]
            (root / f"{seed.stem}_copy{c:02d}.txt").write_text("\n".join(text) + "\n", encoding="utf-8")
            n += 1
    return n


def test_60_copies_of_each_seed_keep_a_body() -> None:
    tmp = Path(__import__("tempfile").mkdtemp())
    seed_copies(tmp)
    texts = [p.read_text(encoding="utf-8") for p in sorted(tmp.glob("*.txt"))]
    stats = corpus_stats_from_texts(texts)
    assert stats.n_docs == 5
    for text in texts:
        clean = strip_document(text, stats).clean_text
        assert len(clean) > 300 and not re.search(r"Document reference \d+\.$", clean)


@pytest.mark.slow
def test_the_seed_built_corpus_of_300_copies_publishes_300_documents(prefect_harness: None, tmp_path: Path) -> None:
    from flows.refresh import refresh
    from flows.settings import Settings
    from tests.conftest import query

    n = seed_copies(tmp_path / "in")
    assert n == 300
    warehouse = tmp_path / "wh"
    summary = refresh(settings=Settings(input_dir=tmp_path / "in", warehouse=warehouse, n_process=1))
    assert summary.documents == 300
    assert query(warehouse, "SELECT count(*) FROM rejects") == [(0,)]


def test_prose_that_recurs_under_many_stories_is_kept_with_the_conflict_in_its_reason() -> None:
    from tasks.steps.strip import CONFLICT_REASON, keep_recurring_prose

    notice = ARTICLE[3:5]  # two paragraphs that also close 40 different stories (a standing statement, say)
    others = [
        page(made_up_name(i), f"Story {made_up_name(i)}", [*synthetic_article(i).splitlines()[1:], *notice])
        for i in range(40)
    ]
    raw = "\n\n".join(notice) + "\n"  # a page holding only those paragraphs
    stats = corpus_stats_from_texts([raw, *others])
    by_corpus = strip_document(raw, stats)
    assert by_corpus.clean_text == ""  # the corpus calls it furniture: a no_body reject before
    kept = keep_recurring_prose(raw, by_corpus)
    assert kept.clean_text == "\n\n".join(notice)
    assert all(d.reason.endswith(";" + CONFLICT_REASON) for d in kept.lines if d.kept)
    furniture = "Home | World | Politics\n\nShare on Facebook\n"  # no paragraph-sized prose: still nothing kept
    assert keep_recurring_prose(furniture, strip_document(furniture, stats)).clean_text == ""


def test_2000_distinct_articles_on_20_sites_are_counted_per_document_as_before() -> None:
    from collections import Counter

    from tasks.boilerplate.keys import page_line_hashes

    texts = []
    for i in range(2000):
        site = made_up_name(9000 + i % 20)
        lines = synthetic_article(i).splitlines()
        texts.append(page(site, lines[0], lines[1:]))  # each site's furniture (one long cookie line) on 100 pages
    stats = corpus_stats_from_texts(texts)
    per_doc = Counter(h for t in texts for h in set(page_line_hashes([x for x in t.split("\n") if x.strip()])))
    assert stats.n_docs == 2000  # no two distinct articles are one story, whatever furniture they share
    assert dict(stats.line_doc_freq) == {h: n for h, n in per_doc.items() if n >= 2}
