"""Near-duplicate documents grouped as one story (MinHash LSH in DuckDB): copies link however many there are,
furniture-only overlap does not link."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from tasks.boilerplate.story_clusters import (
    BAND_ROWS,
    SIGNATURE_HASHES,
    is_long_line,
    long_chars,
    same_story_pairs,
    same_story_pairs_sql,
    story_key_counts,
    story_line_counts,
    story_of,
)

P = [
    f"Paragraph {i} of the story: the envoy said the talks would resume next week in Geneva, and that both sides "
    f"had agreed to a list of {i + 3} points that officials will take back to their capitals for approval."
    for i in range(8)
]
COOKIES = "We use cookies to improve your experience on our website; by browsing it you agree to our use of cookies."
NEWSLETTER = "Sign up for our morning newsletter and get the day's most important stories in your inbox for free."
COMPANY = "Example Media Ltd, registered in England, company number 01234567, VAT number GB 123 4567 89 here."


def _weights(lines: list[str]) -> dict[str, int]:
    return {x: long_chars(x) for x in lines if long_chars(x)}


def _pairs_both_ways(docs: dict[str, list[str]]) -> list[tuple[str, str]]:
    py = same_story_pairs({d: _weights(lines) for d, lines in docs.items()})
    rows = [(d, x, long_chars(x)) for d, lines in docs.items() for x in lines if long_chars(x)]
    con = duckdb.connect()
    con.register(
        "t",
        pa.table({"doc_id": [r[0] for r in rows], "line_hash": [r[1] for r in rows], "chars": [r[2] for r in rows]}),
    )
    sql = [tuple(r) for r in con.execute(same_story_pairs_sql("SELECT * FROM t")).fetchall()]
    assert sql == py  # the flow (DuckDB over staged rows) and the evaluator (in memory) group documents the same way
    return py


def test_long_lines_are_paragraph_sized_and_weigh_their_characters() -> None:
    assert is_long_line(P[0]) and long_chars(P[0]) == len(P[0]) and is_long_line(COOKIES)
    assert long_chars("Share this article on Facebook") == 0 and long_chars("") == 0


def test_copies_of_a_story_are_grouped_and_an_update_with_one_new_paragraph_too() -> None:
    docs = {
        "a": P[:6],
        "b": [*P[:6], COOKIES],  # syndicated copy on a site with a cookie notice
        "c": [*P[:6], P[7], COMPANY],  # updated version elsewhere
        "d": [P[6], P[7], COOKIES],  # another story that shares a paragraph and the standing notice
    }
    pairs = _pairs_both_ways(docs)
    assert set(pairs) <= {("a", "b"), ("a", "c"), ("b", "c")}  # checked pairs: each bucket's members vs its first
    assert story_of(pairs) == {"a": "a", "b": "a", "c": "a"}


def test_pages_of_one_site_sharing_long_standing_text_but_not_their_bodies_stay_apart() -> None:
    standing = [COOKIES, COMPANY, NEWSLETTER]
    docs = {"p0": [f"{P[0]} {P[1]}", *standing], "p1": [f"{P[2]} {P[3]}", *standing]}
    # three of four long lines are shared (a line-count rule would link them), but not most of the characters
    assert _pairs_both_ways(docs) == []
    docs["p1"] = [f"{P[0]} {P[1]}", *standing]  # the same body on both: copies
    assert _pairs_both_ways(docs) == [("p0", "p1")]


def test_copies_are_grouped_however_many_there_are() -> None:
    site = [f"{COOKIES} Site {i // 20}." for i in range(1000)]  # 50 sites, each with its own long notice
    docs = {f"d{i:04d}": [*P[: 6 + i % 3], site[i]] for i in range(1000)}  # 1,000 copies, some with more paragraphs
    docs["x"] = [P[0], COMPANY, NEWSLETTER]  # quotes one paragraph: not a copy
    pairs = _pairs_both_ways(docs)
    assert len(pairs) <= 2 * SIGNATURE_HASHES // BAND_ROWS * len(docs)  # star and chain pairs, not ~500,000
    story = story_of(pairs)
    assert set(story) == set(docs) - {"x"} and set(story.values()) == {"d0000"}


def test_many_pages_of_one_site_sharing_standing_text_stay_apart() -> None:
    from tests.data.synthetic_articles import synthetic_article

    standing = [COOKIES, COMPANY, NEWSLETTER]  # on all 300 pages (the old pair counting ignored lines on > 50)
    docs = {f"p{i:03d}": [*synthetic_article(i).splitlines()[1:3], *standing] for i in range(300)}
    assert _pairs_both_ways(docs) == []


def test_story_ids_are_the_smallest_member_and_transitive() -> None:
    assert story_of([("b", "c"), ("a", "b"), ("x", "y")]) == {"a": "a", "b": "a", "c": "a", "x": "x", "y": "x"}
    assert story_of([]) == {}


def test_line_counts_see_a_story_once_in_duckdb_and_in_memory() -> None:
    nav = "Home | World | Politics"
    docs = {
        "a": [nav, *P[:4]],
        "b": [nav, *P[:4]],  # a copy of a
        "c": [nav, P[5], P[6]],  # another story on the same site
    }
    rows = [(d, x, long_chars(x)) for d, lines in docs.items() for x in set(lines)]
    con = duckdb.connect()
    con.register(
        "k",
        pa.table(
            {"doc_id": [r[0] for r in rows], "line_hash": [r[1] for r in rows], "long_chars": [r[2] for r in rows]}
        ),
    )
    counts, n = story_line_counts(con, "SELECT * FROM k")
    assert (counts, n) == ({nav: 2}, 2)  # the copied paragraphs are in one story; the nav bar in two
    assert story_key_counts([{x: long_chars(x) for x in lines} for lines in docs.values()]) == (counts, n)
