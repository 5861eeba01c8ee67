"""Near-duplicate documents grouped as one story: pure Python and DuckDB agree, furniture-only overlap does not link."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from tasks.story_clusters import MAX_STORY_COPIES, is_long_line, same_story_pairs, same_story_pairs_sql, story_of

P = [f"paragraph {i} of the story, long enough to be read as body text by the rule here" for i in range(8)]
FURNITURE = ["Views expressed by writers in this section are their own and do not reflect the site's view"]


def _pairs_both_ways(long_keys: dict[str, set[str]]) -> list[tuple[str, str]]:
    py = same_story_pairs(long_keys)
    rows = [(d, k) for d, keys in long_keys.items() for k in keys]
    con = duckdb.connect()
    con.register("t", pa.table({"doc_id": [r[0] for r in rows], "line_hash": [r[1] for r in rows]}))
    sql = [tuple(r) for r in con.execute(same_story_pairs_sql("SELECT doc_id, line_hash FROM t")).fetchall()]
    assert sql == py  # the flow (DuckDB) and the evaluator (Python) group documents the same way
    return py


def test_long_lines_are_paragraph_sized() -> None:
    assert is_long_line(P[0]) and is_long_line(FURNITURE[0])
    assert not is_long_line("Share this article on Facebook") and not is_long_line("")


def test_copies_of_a_story_are_grouped_and_an_update_with_one_new_paragraph_too() -> None:
    docs = {
        "a": set(P[:6]),
        "b": set(P[:6]),  # syndicated copy
        "c": set(P[:6]) | {P[7]},  # updated version
        "d": {P[6], P[7], *FURNITURE},  # another story that shares a paragraph and the standing disclaimer
    }
    pairs = _pairs_both_ways(docs)
    assert pairs == [("a", "b"), ("a", "c"), ("b", "c")]
    stories = story_of(pairs)
    assert stories == {"a": "a", "b": "a", "c": "a"}


def test_pages_of_one_site_sharing_only_standing_text_stay_apart() -> None:
    docs = {f"p{i}": {P[i], f"{P[i]} continued", *FURNITURE} for i in range(4)}
    assert _pairs_both_ways(docs) == []


def test_a_line_on_too_many_pages_links_nothing() -> None:
    n = MAX_STORY_COPIES + 1
    docs = {f"d{i:03d}": {FURNITURE[0], P[0]} for i in range(n)}
    assert _pairs_both_ways(docs) == []  # both lines are on more pages than a copied story would be


def test_story_ids_are_the_smallest_member_and_transitive() -> None:
    assert story_of([("b", "c"), ("a", "b"), ("x", "y")]) == {"a": "a", "b": "a", "c": "a", "x": "x", "y": "x"}
    assert story_of([]) == {}


def test_line_counts_see_a_story_once_in_duckdb_and_in_memory() -> None:
    from tasks.story_clusters import story_key_counts, story_line_counts

    nav = "Home | World | Politics"
    docs = {
        "a": [nav, *P[:4]],
        "b": [nav, *P[:4]],  # a copy of a
        "c": [nav, P[5], P[6]],  # another story on the same site
    }
    rows = [(d, line, is_long_line(line)) for d, lines in docs.items() for line in set(lines)]
    con = duckdb.connect()
    con.register(
        "k",
        pa.table(
            {"doc_id": [r[0] for r in rows], "line_hash": [r[1] for r in rows], "long_line": [r[2] for r in rows]}
        ),
    )
    counts, n = story_line_counts(con, "SELECT * FROM k")
    assert (counts, n) == ({nav: 2}, 2)  # the copied paragraphs are in one story; the nav bar in two
    in_memory = story_key_counts([(set(lines), {x for x in lines if is_long_line(x)}) for lines in docs.values()])
    assert in_memory == (counts, n)
