"""A corpus entity's canonical name does not depend on the order its mentions are read in."""

from __future__ import annotations

import duckdb
import pytest

from tasks.steps.assemble import CANONICAL_NAME_SQL


@pytest.mark.parametrize(
    "texts",
    [
        ["African American", "African-American", "Black"],
        ["African-American", "Black", "African American"],
    ],
)
def test_equally_long_mention_texts_give_one_name_in_any_order(texts: list[str]) -> None:
    con = duckdb.connect()
    con.execute("SET threads = 1")
    con.execute("CREATE TABLE m (entity_id VARCHAR, text VARCHAR, i INTEGER)")
    con.executemany("INSERT INTO m VALUES ('group:x', ?, ?)", [(t, i) for i, t in enumerate(texts)])
    (name,) = con.execute(
        f"SELECT {CANONICAL_NAME_SQL} FROM (SELECT * FROM m ORDER BY i) GROUP BY entity_id"
    ).fetchone()
    # the longest text, and of the two equally long ones the greatest, as entity_rows breaks ties
    assert name == max(texts, key=lambda t: (len(t), t)) == "African-American"


def test_a_corpus_entity_is_named_by_a_mention_text_that_spells_its_id() -> None:
    from tasks.steps.assemble import own_name

    texts = ["Universe Alicia Machado", "Alicia Machado", "Machado"]
    assert own_name("person:alicia_machado", "Universe Alicia Machado", texts) == "Alicia Machado"
    assert own_name("group:x", "African-American", ["African American", "African-American"]) == "African-American"
